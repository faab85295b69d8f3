package importer

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"cee/internal/model"
)

// analyser turns the table into the report: header checks, then each line.
func analyser(t *tableau) (Rapport, error) {
	if t.entete < 0 {
		return Rapport{Colonnes: map[string]string{}, Encodage: t.encodage}, t.verifierEntete()
	}
	t.carte.signalerSansTitre(t.lignes, t.entete)
	r := Rapport{Colonnes: t.carte.vues(), ColonnesInconnues: t.carte.inconnues, Correspondance: t.carte.lues, Encodage: t.encodage}
	if err := t.verifierEntete(); err != nil {
		return r, err
	}
	emails := map[string]int{}
	r.Erreurs, r.Ignorees = t.parcourir(func(i int) []Erreur {
		l, errs := t.lireLigne(i, emails)
		if len(errs) == 0 {
			r.Lignes = append(r.Lignes, l)
		}
		return errs
	})
	return r, nil
}

// verifierEntete refuses a table without its mandatory columns, or with
// too many lines.
func (t *tableau) verifierEntete() error {
	if m := t.carte.manquants(); len(m) > 0 || t.entete < 0 {
		return errColonnesManquantes(t.carte, m, t.encodage)
	}
	return t.verifierTaille()
}

// parcourir reads each data line with lire, which returns its problems,
// and returns all the problems (the lines that could not be read
// included) and the number of blank lines skipped. Blank lines after the
// last data line are not counted: a spreadsheet does not show them and a
// CSV often ends with some.
func (t *tableau) parcourir(lire func(i int) []Erreur) (erreurs []Erreur, ignorees int) {
	fin := len(t.lignes) - 1
	for fin > t.entete && t.vide(fin) {
		fin--
	}
	for i := t.entete + 1; i <= fin; i++ {
		if msg, ok := t.illisibles[i]; ok {
			erreurs = append(erreurs, Erreur{Ligne: i + 1, Message: msg})
			continue
		}
		if ligneVide(t.lignes[i]) {
			ignorees++
			continue
		}
		erreurs = append(erreurs, lire(i)...)
	}
	return erreurs, ignorees
}

// vide tells a blank line from one that could not be read.
func (t *tableau) vide(i int) bool {
	_, illisible := t.illisibles[i]
	return !illisible && ligneVide(t.lignes[i])
}

// lecteur gathers the errors of one line.
type lecteur struct {
	t       *tableau
	i       int
	erreurs []erreurColonne
	// formule marks the fields holding a formula, already reported.
	formule map[string]bool
}

type erreurColonne struct {
	colonne int // -1 for the whole line
	Erreur
}

func (lc *lecteur) erreur(j int, msg string) {
	e := erreurColonne{colonne: j, Erreur: Erreur{Ligne: lc.i + 1, Message: msg}}
	if j >= 0 {
		e.Colonne = lc.t.carte.entetes[j]
	}
	lc.erreurs = append(lc.erreurs, e)
}

// valeur returns the cleaned value of a field and the column it came from:
// the first column of the field whose cell is not blank, or -1 when none.
// A punctuation-only cell (« - », « / ») counts as blank.
func (lc *lecteur) valeur(champ string) (string, int) {
	l := lc.t.lignes[lc.i]
	for _, j := range lc.t.carte.colonnes[champ] {
		if j >= len(l) || lc.formule[champ] {
			continue
		}
		if v := nettoyer(l[j]); v != "" && strings.IndexFunc(v, estAlphanumerique) >= 0 {
			return v, j
		}
	}
	return "", -1
}

// brute is valeur without collapsing line breaks, for the cells whose line
// breaks separate items.
func (lc *lecteur) brute(champ string) (string, int) {
	if _, j := lc.valeur(champ); j >= 0 {
		return strings.TrimSpace(lc.t.lignes[lc.i][j]), j
	}
	return "", -1
}

// colonne returns the first column of a field, for the message about a
// missing value; -1 when the field comes from no column.
func (lc *lecteur) colonne(champ string) int {
	if cols := lc.t.carte.colonnes[champ]; len(cols) > 0 {
		return cols[0]
	}
	return -1
}

// verifierCellules rejects the cells of the fields that hold a formula
// (its text or result is not what the person meant to import, and the text
// would run when the data is exported) or a byte that is not UTF-8 in a
// UTF-8 file (see Decoder); such a field is then not read.
func (lc *lecteur) verifierCellules(champs []Champ) {
	t, i := lc.t, lc.i
	cells := t.lignes[i]
	for _, c := range champs {
		for _, j := range t.carte.colonnes[c.Cle] {
			if j < len(cells) && (t.formules[cellule{i, j}] || ressembleFormule(cells[j])) {
				lc.erreur(j, msgFormule)
				lc.formule[c.Cle] = true
			}
		}
	}
	for _, c := range champs {
		for _, j := range t.carte.colonnes[c.Cle] {
			if j < len(cells) && strings.ContainsRune(cells[j], carInvalide) {
				lc.erreur(j, msgCarInvalide)
				lc.formule[c.Cle] = true
			}
		}
	}
}

func (t *tableau) lireLigne(i int, emails map[string]int) (Ligne, []Erreur) {
	lc := &lecteur{t: t, i: i, formule: map[string]bool{}}
	l := Ligne{Numero: i + 1}

	lc.verifierCellules(champs)
	lc.verifierLongueurs()

	var msg string
	if v, j := lc.valeur(champCivilite); j >= 0 {
		if l.Civilite, msg = lireCivilite(v); msg != "" {
			lc.erreur(j, msg)
		}
	}

	lc.lireNomPrenom(&l)

	switch v, j := lc.valeur(champEmail); {
	case j < 0 && !lc.formule[champEmail]:
		lc.erreur(lc.colonne(champEmail), "courriel manquant : saisissez l'adresse électronique du conseiller, "+
			"qui sert à l'inviter dans l'application")
	case j >= 0:
		if l.Email, msg = lireEmail(v); msg != "" {
			lc.erreur(j, msg)
		} else if premiere, vu := emails[l.Email]; vu {
			lc.erreur(j, fmt.Sprintf("courriel « %s » déjà présent ligne %d : une personne ne figure qu'une fois ; "+
				"supprimez le doublon ou corrigez l'adresse", l.Email, premiere))
		} else {
			emails[l.Email] = l.Numero
		}
	}

	if v, j := lc.valeur(champTelephone); j >= 0 {
		if l.Telephone, msg = commeAffiche(lc, v, j, lireTelephone); msg != "" {
			lc.erreur(j, msg)
		}
	}
	l.Entreprise, _ = lc.valeur(champEntreprise)
	if v, j := lc.valeur(champSIRET); j >= 0 {
		if l.SIRET, msg = commeAffiche(lc, v, j, LireSIRET); msg != "" {
			lc.erreur(j, msg)
		}
	}
	if v, j := lc.valeur(champStatut); j >= 0 {
		if l.Statut, msg = lireStatut(v); msg != "" {
			lc.erreur(j, msg)
		}
	}

	// Activity: a NAF column gives the code (and its label when the cell
	// has one); a sector column gives the text, and the code too when it
	// starts with one.
	secteurNAF := ""
	if v, j := lc.valeur(champCodeNAF); j >= 0 && !sansValeur(v) {
		l.CodeNAF, secteurNAF = lireNAF(v)
	}
	if v, j := lc.valeur(champSecteur); j >= 0 && !sansValeur(v) {
		code, reste := lireNAF(v)
		if l.CodeNAF == "" {
			l.CodeNAF = code
		}
		l.Secteur = reste
	}
	if l.Secteur == "" {
		l.Secteur = secteurNAF
	}
	if v, _ := lc.valeur(champOrganisation); !sansValeur(v) {
		l.Organisation = v
	}

	lc.lireAdresse(&l)

	if v, j := lc.valeur(champDebutMandat); j >= 0 {
		if l.DebutMandat, msg = lireDate(v, t.carte.entetes[j], t.date1904); msg != "" {
			lc.erreur(j, msg)
		}
	}
	if v, j := lc.valeur(champFinMandat); j >= 0 {
		if l.FinMandat, msg = lireDate(v, t.carte.entetes[j], t.date1904); msg != "" {
			lc.erreur(j, msg)
		} else if !l.DebutMandat.IsZero() && l.FinMandat.Before(l.DebutMandat) {
			lc.erreur(j, fmt.Sprintf("la fin de mandat (%s) précède le début (%s) : vérifiez les deux dates",
				l.FinMandat.Format("02/01/2006"), l.DebutMandat.Format("02/01/2006")))
		}
	}

	if v, j := lc.brute(champSpecialites); j >= 0 {
		l.Specialites = lireSpecialites(v)
	}

	if len(lc.erreurs) == 0 {
		return l, nil
	}
	slices.SortStableFunc(lc.erreurs, func(a, b erreurColonne) int { return a.colonne - b.colonne })
	errs := make([]Erreur, len(lc.erreurs))
	for k, e := range lc.erreurs {
		errs[k] = e.Erreur
	}
	return Ligne{}, errs
}

// champsConseiller maps the keys of model.Conseiller.Errors to the fields
// of the register.
var champsConseiller = map[string]string{
	"nom": champNom, "prenom": champPrenom, "email": champEmail, "telephone": champTelephone,
	"employeur": champEntreprise, "secteur": champSecteur, "organisation": champOrganisation, "commune": champCommune,
}

// verifierLongueurs checks the cells as written against the limits of
// model.Conseiller.Errors, the validation of the forms too, before any
// other check: a 9 MB name is refused with its limit rather than quoted in
// a message. A field too long is then left out, like a formula.
func (lc *lecteur) verifierLongueurs() {
	v := func(champ string) string { s, _ := lc.valeur(champ); return s }
	c := model.Conseiller{Nom: v(champNom), Prenom: v(champPrenom), Email: v(champEmail), Telephone: v(champTelephone),
		Employeur: v(champEntreprise), Secteur: v(champSecteur), Organisation: v(champOrganisation), NomCommune: v(champCommune)}
	nomPrenom := len(lc.t.carte.colonnes[champNom]) == 0 || len(lc.t.carte.colonnes[champPrenom]) == 0
	if nomPrenom && c.Nom == "" {
		// A « Nom Prénom » column: the whole cell against the name's limit.
		c.Nom = v(champNomPrenom)
	}
	for cle, msg := range c.Errors() {
		champ := champsConseiller[cle]
		_, j := lc.valeur(champ)
		if j < 0 && nomPrenom {
			champ = champNomPrenom
			_, j = lc.valeur(champ)
		}
		lc.erreur(j, msg)
		lc.formule[champ] = true
	}
}

func (lc *lecteur) lireNomPrenom(l *Ligne) {
	nom, jNom := lc.valeur(champNom)
	prenom, jPrenom := lc.valeur(champPrenom)
	if v, j := lc.valeur(champNomPrenom); j >= 0 && (jNom < 0 || jPrenom < 0) {
		n, p, ok := separerNomPrenom(v)
		switch {
		case !ok && jNom < 0:
			lc.erreur(j, fmt.Sprintf("impossible de séparer le nom et le prénom dans « %s » : écrivez le nom en "+
				"capitales (DUPONT Jean) ou ajoutez une colonne Prénom", v))
			return
		case !ok:
			// Nom given apart: the prénom is what remains of the cell.
			p = strings.TrimSpace(strings.Replace(v, nom, "", 1))
			if p == v || p == "" {
				lc.erreur(j, fmt.Sprintf("prénom introuvable dans « %s » : ajoutez une colonne Prénom", v))
				return
			}
		}
		if jNom < 0 {
			nom, jNom = n, j
		}
		prenom, jPrenom = p, j
	}
	switch {
	case jNom < 0 && !lc.formule[champNom] && !lc.formule[champNomPrenom]:
		lc.erreur(lc.colonneNom(champNom), "nom manquant : saisissez le nom de famille")
	case jNom >= 0 && !contientLettre(nom):
		lc.erreur(jNom, fmt.Sprintf("nom « %s » sans aucune lettre : vérifiez que les colonnes ne sont pas décalées", nom))
	}
	switch {
	case jPrenom < 0 && !lc.formule[champPrenom] && !lc.formule[champNomPrenom]:
		lc.erreur(lc.colonneNom(champPrenom), "prénom manquant : saisissez le prénom")
	case jPrenom >= 0 && !contientLettre(prenom):
		lc.erreur(jPrenom, fmt.Sprintf("prénom « %s » sans aucune lettre : vérifiez que les colonnes ne sont pas décalées", prenom))
	}
	l.Nom, l.Prenom = nom, prenom
}

// commeAffiche reads a cell with lire. In an XLSX, read raw, a value that
// does not read is tried again as the spreadsheet shows it (a SIRET whose
// leading 0 only its number format shows), and then the message quotes what
// the person sees.
func commeAffiche[T any](lc *lecteur, v string, j int, lire func(string) (T, string)) (T, string) {
	r, msg := lire(v)
	if msg == "" || lc.t.affiche == nil {
		return r, msg
	}
	if a := nettoyer(lc.t.affiche(lc.i, j)); a != "" && a != v {
		return lire(a)
	}
	return r, msg
}

// colonneNom is colonne, falling back on the « Nom Prénom » column.
func (lc *lecteur) colonneNom(champ string) int {
	if j := lc.colonne(champ); j >= 0 {
		return j
	}
	return lc.colonne(champNomPrenom)
}

func estAlphanumerique(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func contientLettre(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// separerNomPrenom splits « DUPONT Jean-Marc » or « Jean-Marc DE LA TOUR »:
// the words in capitals are the nom, as French registers write it.
// ok is false when the capitals do not tell (« Jean Dupont », « DUPONT
// JEAN »).
func separerNomPrenom(v string) (nom, prenom string, ok bool) {
	mots := strings.Fields(v)
	capitales := func(m string) bool {
		lettres := 0
		for _, r := range m {
			if unicode.IsLower(r) {
				return false
			}
			if unicode.IsLetter(r) {
				lettres++
			}
		}
		return lettres >= 2
	}
	k := 0
	for k < len(mots) && capitales(mots[k]) {
		k++
	}
	if k > 0 && k < len(mots) && !slices.ContainsFunc(mots[k:], capitales) {
		return strings.Join(mots[:k], " "), strings.Join(mots[k:], " "), true
	}
	k = len(mots)
	for k > 0 && capitales(mots[k-1]) {
		k--
	}
	if k > 0 && k < len(mots) && !slices.ContainsFunc(mots[:k], capitales) {
		return strings.Join(mots[k:], " "), strings.Join(mots[:k], " "), true
	}
	return "", "", false
}

// lireAdresse reads commune, postcode and département, deriving the
// département from the postcode when its column is absent or empty.
func (lc *lecteur) lireAdresse(l *Ligne) {
	var msg string
	commune, _ := lc.valeur(champCommune)
	if v, j := lc.valeur(champCodePostal); j >= 0 {
		var apres string
		if cp, msg := commeAffiche(lc, v, j, func(v string) ([2]string, string) {
			cp, commune, msg := lireCodePostal(v)
			return [2]string{cp, commune}, msg
		}); msg != "" {
			lc.erreur(j, msg)
		} else {
			l.CodePostal, apres = cp[0], cp[1]
			if commune == "" {
				commune = apres
			}
		}
	}
	if commune != "" && l.CodePostal == "" {
		// « 31000 Toulouse » typed in the commune column.
		if m := reCodePostal.FindStringSubmatch(commune); m != nil && m[2] != "" {
			if cp, _, msg := lireCodePostal(m[1]); msg == "" {
				l.CodePostal, commune = cp, m[2]
			}
		}
	}
	l.Commune = commune
	if v, j := lc.valeur(champDepartement); j >= 0 {
		if l.Departement, msg = commeAffiche(lc, v, j, lireDepartement); msg != "" {
			lc.erreur(j, msg)
		}
		return
	}
	if l.CodePostal != "" {
		l.Departement = departementDuCodePostal(l.CodePostal, l.Commune)
	}
}
