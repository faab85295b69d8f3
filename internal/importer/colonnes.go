package importer

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Field names, as in Ligne: they are the keys of Rapport.Colonnes.
const (
	champCivilite     = "Civilite"
	champNom          = "Nom"
	champPrenom       = "Prenom"
	champEmail        = "Email"
	champTelephone    = "Telephone"
	champEntreprise   = "Entreprise"
	champSIRET        = "SIRET"
	champStatut       = "Statut"
	champCodeNAF      = "CodeNAF"
	champSecteur      = "Secteur"
	champOrganisation = "Organisation"
	champCommune      = "Commune"
	champCodePostal   = "CodePostal"
	champDepartement  = "Departement"
	champDebutMandat  = "DebutMandat"
	champFinMandat    = "FinMandat"
	champSpecialites  = "Specialites"
	// champNomPrenom is a single « Nom Prénom » column, split on each line
	// when the file has no Prénom column.
	champNomPrenom = "NomPrenom"
)

// champs is in the order of Ligne. The lists come from académie registers,
// the former CET lists and the usual export headers of HR and CRM tools.
// "Établissement" is left out on purpose: here it means a school.
var champs = []Champ{
	{champCivilite, "Civilité", []string{"Civilité", "Civ.", "Titre", "Sexe", "Genre", "M./Mme", "Madame/Monsieur", "Monsieur/Madame"}},
	{champNom, "Nom", []string{"Nom", "Nom de famille", "Nom d'usage", "Nom usuel", "Nom patronymique", "Nom de naissance", "Patronyme"}},
	{champPrenom, "Prénom", []string{"Prénom", "Prénoms", "Premier prénom", "Prénom usuel"}},
	{champNomPrenom, "Nom et prénom (une colonne)", []string{"Nom Prénom", "Nom et prénom", "Nom et prénoms", "Nom, prénom", "Prénom Nom", "Prénom et nom", "Nom complet", "Identité"}},
	{champEmail, "Courriel", []string{"Courriel", "E-mail", "Email", "Mail", "Mél", "Mel", "Adresse électronique", "Adresse mail",
		"Adresse e-mail", "Adresse email", "Adresse courriel", "Adresse de messagerie", "Messagerie", "Courrier électronique"}},
	{champTelephone, "Téléphone", []string{"Téléphone", "Tél.", "Tel", "Tél", "Portable", "Mobile", "Téléphone portable", "Téléphone mobile",
		"Tél. portable", "Tél. mobile", "Téléphone fixe", "Tél. fixe", "Numéro de téléphone", "N° de téléphone", "N° téléphone",
		"N° tél.", "Numéro de tél.", "GSM", "Tél. bureau", "Téléphone bureau"}},
	{champEntreprise, "Entreprise", []string{"Entreprise", "Employeur", "Société", "Raison sociale", "Nom de l'entreprise", "Nom entreprise",
		"Dénomination", "Dénomination sociale", "Entreprise employeur", "Entreprise / employeur"}},
	{champSIRET, "SIRET", []string{"SIRET", "N° SIRET", "No SIRET", "Numéro SIRET", "Numéro de SIRET", "SIRET de l'entreprise",
		"SIRET entreprise", "Code SIRET"}},
	{champStatut, "Statut professionnel", []string{"Statut", "Statut professionnel", "Collège", "Qualité", "Employeur/salarié", "Employeur ou salarié",
		"Statut employeur/salarié", "Statut employeur/salarié/artisan", "Catégorie"}},
	{champCodeNAF, "Code NAF", []string{"Code NAF", "NAF", "APE", "Code APE", "NAF/APE", "Code NAF/APE", "Code APE/NAF", "NAF rév. 2",
		"Code NAF rév. 2", "Activité principale (NAF)"}},
	{champSecteur, "Secteur d'activité", []string{"Secteur", "Activité", "Secteur d'activité", "Secteur professionnel", "Branche",
		"Branche professionnelle", "Domaine", "Domaine d'activité", "Filière", "Secteur/activité"}},
	{champOrganisation, "Organisation proposante", []string{"Organisation", "Organisation proposante", "Organisme", "Organisme proposant",
		"Organisation professionnelle", "Organisation syndicale", "Organisation professionnelle ou interprofessionnelle",
		"Proposé par", "Proposée par", "Proposé(e) par", "Organisation d'origine", "Nom de l'organisation",
		"Nom de l'organisme", "Syndicat", "Fédération"}},
	{champCommune, "Commune", []string{"Commune", "Ville", "Localité", "Commune de l'entreprise", "Ville de l'entreprise"}},
	{champCodePostal, "Code postal", []string{"Code postal", "CP", "C.P.", "Code post.", "Postal"}},
	{champDepartement, "Département", []string{"Département", "Dept", "Dépt", "Dpt", "Dép.", "Dep", "N° département", "Numéro de département",
		"Code département"}},
	{champDebutMandat, "Début de mandat", []string{"Date de désignation", "Date de nomination", "Début", "Début de mandat", "Début du mandat",
		"Date de début", "Date début", "Date début mandat", "Date de début de mandat", "Date de début du mandat",
		"Désignation", "Nomination", "Date d'entrée", "Date de l'arrêté", "Date arrêté", "Date de l'arrêté de nomination",
		"Désigné le", "Nommé le"}},
	{champFinMandat, "Fin de mandat", []string{"Date de fin", "Fin de mandat", "Fin", "Fin du mandat", "Date fin", "Date fin mandat",
		"Date de fin de mandat", "Date de fin du mandat", "Échéance", "Échéance du mandat", "Date d'échéance",
		"Date d'expiration", "Expiration", "Fin de désignation"}},
	{champSpecialites, "Spécialités (diplômes)", []string{"Spécialités", "Spécialité", "Spécialité(s)", "Diplômes", "Diplôme", "Diplôme(s)",
		"Spécialités/diplômes", "Diplômes/spécialités", "Diplômes et spécialités", "Spécialités et diplômes",
		"Domaines d'expertise", "Expertise", "Compétences", "Spécialités professionnelles", "Diplômes concernés"}},
}

// obligatoire is a field without which no line of a file can be read.
type obligatoire struct {
	// champ is the field; autres are fields that stand for it (a « Nom
	// Prénom » column for Nom and Prénom).
	champ  string
	autres []string
	// libelle names it, titres are other headers accepted, for the message.
	libelle, titres string
}

// obligatoires are the fields without which a line cannot become a CEE: the
// e-mail is how the application invites them.
var obligatoires = []obligatoire{
	{champNom, []string{champNomPrenom}, "Nom", "Nom de famille"},
	{champPrenom, []string{champNomPrenom}, "Prénom", ""},
	{champEmail, nil, "Courriel", "E-mail, Adresse électronique"},
}

// modele is what one kind of import reads: its fields, the mandatory ones,
// the words of the sheet names a workbook holds it in, and what the file
// is, for the messages.
type modele struct {
	champs       []Champ
	obligatoires []obligatoire
	feuilles     []string // normalised words, a sheet named with one is read first
	quoi         string   // « votre liste de conseillers »
}

// modeleConseillers is the register of CEE.
var modeleConseillers = &modele{champs: champs, obligatoires: obligatoires, feuilles: []string{"conseiller", "cee"},
	quoi: "votre liste de conseillers"}

// feuillePreferee tells a sheet named like the file's content
// (« Conseillers », « Liste CEE », « Jurys »).
func (m *modele) feuillePreferee(nom string) bool {
	n := " " + normaliser(nom)
	for _, w := range m.feuilles {
		if strings.Contains(n, " "+w) {
			return true
		}
	}
	return false
}

// qualificatifs are trailing words that do not change what a header means
// (« Courriel pro », « Nom du conseiller », « Date de nomination
// (JJ/MM/AAAA) »): they are dropped when the whole header is not known.
var qualificatifs = map[string]bool{
	"du": true, "de": true, "la": true, "le": true, "l": true, "d": true, "des": true,
	"cee": true, "conseiller": true, "conseillere": true, "conseillers": true, "referent": true,
	"pro": true, "professionnel": true, "professionnelle": true, "perso": true, "personnel": true,
	"obligatoire": true, "facultatif": true, "principal": true, "principale": true,
	"jj": true, "mm": true, "aaaa": true, "aa": true, "1": true, "2": true, "3": true,
}

// ChampsConseillers are the fields of a register of CEE, in the order of
// Ligne, for the mapping screen and the mapping file.
func ChampsConseillers() []Champ { return slices.Clone(champs) }

// aliasIndex maps a normalised header of a register to its field.
var aliasIndex = indexAlias(champs)

// normaliser reduces a header or a short value to lower-case ASCII-ish words
// separated by single spaces, so that « E-MAIL », «  Adresse électronique »
// and « N° SIRET » compare equal to how they are listed above. NFKD also
// turns ligature and superscript forms (º, ﬁ) into plain letters; norm.Form
// is stateless, hence safe for concurrent imports.
func normaliser(s string) string {
	s = strings.ToLower(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			s = norm.NFKD.String(s)
			break
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	espace := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'œ':
			b.WriteString("oe")
		case r == 'æ':
			b.WriteString("ae")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if espace && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
		default:
			espace = true
			continue
		}
		espace = false
	}
	return b.String()
}

// sansParentheses drops the parts between parentheses: « Spécialité(s) »,
// « Statut (employeur/salarié) », « Début (JJ/MM/AAAA) ».
func sansParentheses(s string) string {
	var b strings.Builder
	prof := 0
	for _, r := range s {
		switch {
		case r == '(':
			prof++
			b.WriteByte(' ')
		case r == ')' && prof > 0:
			prof--
		case prof == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// champDeEntete returns the field of a header in index (indexAlias), or "".
func champDeEntete(h string, index map[string]string) string {
	if len(h) > 200 {
		// No header is that long, and data lines are tried as headers:
		// a 9 MB cell must not be normalised.
		return ""
	}
	n := normaliser(h)
	if n == "" {
		return ""
	}
	if c, ok := index[n]; ok {
		return c
	}
	mots := strings.Fields(normaliser(sansParentheses(h)))
	for len(mots) > 0 {
		if c, ok := index[strings.Join(mots, " ")]; ok {
			return c
		}
		if !qualificatifs[mots[len(mots)-1]] {
			break
		}
		mots = mots[:len(mots)-1]
	}
	return ""
}

// carte is what the header line says: which columns feed which field.
type carte struct {
	// entetes holds the header of each column, trimmed.
	entetes []string
	// colonnes maps a field to its columns, in file order.
	colonnes map[string][]int
	// inconnues are the headers matching no field (and not ignored by
	// the person's choice).
	inconnues []string
	// lues is how each column was understood (Rapport.Correspondance).
	lues []ColonneLue
	m    *modele
}

func nouvelleCarte(ligne []string, m *modele, corr Correspondance) carte {
	c := carte{entetes: make([]string, len(ligne)), colonnes: map[string][]int{}, lues: Deviner(ligne, m.champs, corr), m: m}
	for j, l := range c.lues {
		c.entetes[j] = l.Entete
		switch {
		case l.Champ != "":
			c.colonnes[l.Champ] = append(c.colonnes[l.Champ], j)
		case l.Inconnue() && l.Entete != "":
			c.inconnues = append(c.inconnues, l.Entete)
		}
	}
	// A « Nom Prénom » column is only needed when there is no Prénom column;
	// otherwise it would duplicate the separate ones, so it is listed as
	// ignored rather than silently dropped.
	if cols, ok := c.colonnes[champNomPrenom]; ok && len(c.colonnes[champPrenom]) > 0 {
		for _, j := range cols {
			c.inconnues = append(c.inconnues, c.entetes[j])
			c.lues[j].Champ = ""
		}
		delete(c.colonnes, champNomPrenom)
	}
	return c
}

// signalerSansTitre lists as unknown the columns without a header that hold
// data, so that the preview shows they are ignored.
func (c *carte) signalerSansTitre(lignes [][]string, entete int) {
	vus := map[int]bool{}
	for _, l := range lignes[entete+1:] {
		for j, v := range l {
			if (j >= len(c.entetes) || c.entetes[j] == "") && !vus[j] && nettoyer(v) != "" {
				vus[j] = true
			}
		}
	}
	dernier := -1
	for j := range vus {
		dernier = max(dernier, j)
	}
	for j := 0; j <= dernier; j++ {
		if vus[j] {
			c.inconnues = append(c.inconnues, fmt.Sprintf("(colonne %s sans titre)", nomColonne(j)))
		}
	}
}

// nomColonne returns the spreadsheet letter of a 0-based column index.
func nomColonne(j int) string {
	s := ""
	for j++; j > 0; j = (j - 1) / 26 {
		s = string(rune('A'+(j-1)%26)) + s
	}
	return s
}

// score is the number of fields recognised, used to find the header line
// below a title and to choose the CSV separator.
func (c carte) score() int {
	return len(c.colonnes)
}

// manquants returns the mandatory fields that no column feeds.
func (c carte) manquants() []int {
	var m []int
	for i, o := range c.m.obligatoires {
		if len(c.colonnes[o.champ]) > 0 || slices.ContainsFunc(o.autres, func(a string) bool { return len(c.colonnes[a]) > 0 }) {
			continue
		}
		m = append(m, i)
	}
	return m
}

// vues returns Rapport.Colonnes.
func (c carte) vues() map[string]string {
	m := make(map[string]string, len(c.colonnes)+1)
	for f, cols := range c.colonnes {
		hs := make([]string, len(cols))
		for i, j := range cols {
			hs[i] = c.entetes[j]
		}
		h := strings.Join(hs, " / ")
		if f == champNomPrenom {
			if len(c.colonnes[champNom]) == 0 {
				m[champNom] = h
			}
			m[champPrenom] = h
			continue
		}
		m[f] = h
	}
	return m
}

// trouverEntete returns the index of the header line: the line with the
// most recognised headers among the first non-empty lines, so that a title
// or a note above the table is skipped; the first non-empty line when none
// is recognised. -1 for an empty table.
func trouverEntete(lignes [][]string, m *modele, corr Correspondance) (int, carte) {
	meilleur, premier := -1, -1
	var carteMeilleure carte
	vues := 0
	for i, l := range lignes {
		if ligneVide(l) {
			continue
		}
		if premier < 0 {
			premier = i
		}
		c := nouvelleCarte(l, m, corr)
		if c.score() > carteMeilleure.score() {
			meilleur, carteMeilleure = i, c
		}
		if vues++; vues >= 10 {
			break
		}
	}
	if meilleur < 0 {
		if premier < 0 {
			return -1, nouvelleCarte(nil, m, corr)
		}
		return premier, nouvelleCarte(lignes[premier], m, corr)
	}
	return meilleur, carteMeilleure
}

// errColonnesManquantes lists the columns found and the headers expected.
// A file read in another encoding than UTF-8 says so: headers garbled by
// a wrong guess would otherwise look merely absent.
func errColonnesManquantes(c carte, manquants []int, enc Encodage) error {
	var noms, titres []string
	for _, i := range manquants {
		o := c.m.obligatoires[i]
		noms = append(noms, o.libelle)
		t := o.libelle
		if o.titres != "" {
			t += " (ou " + o.titres + ")"
		}
		titres = append(titres, t)
	}
	var trouvees []string
	for _, h := range c.entetes {
		if h != "" {
			trouvees = append(trouvees, "« "+h+" »")
		}
	}
	liste := "aucune"
	if len(trouvees) > 0 {
		liste = strings.Join(trouvees, ", ")
	}
	s := "s"
	if len(manquants) == 1 {
		s = ""
	}
	lu := ""
	if enc != "" && enc != UTF8 {
		lu = " (fichier lu comme du " + string(enc) + ")"
	}
	return fmt.Errorf("colonne%s obligatoire%s introuvable%s : %s ; colonnes lues%s : %s ; "+
		"la première ligne du tableau doit porter les titres des colonnes, dont : %s",
		s, s, s, strings.Join(noms, ", "), lu, liste, strings.Join(titres, " ; "))
}
