package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/refdata"
)

// LignesMaxAnnuaire is the largest number of data lines read from an
// Annuaire de l'éducation file. The national file has about 70,000 lines
// (every school, écoles included); the margin lets it grow while a wrong
// file is stopped before it costs memory.
const LignesMaxAnnuaire = 300000

// Annuaire is what was read from a file of the Annuaire de l'éducation
// (data.education.gouv.fr, dataset fr-en-annuaire-education), or of the
// dataset « Adresse et géolocalisation des établissements », whose headers
// are also recognised.
type Annuaire struct {
	// Etablissements are the valid lines of the kinds the network serves
	// (collèges, lycées, EREA, CIO), in file order, with at most one line
	// per UAI. Closed ones are kept with Ferme set.
	Etablissements []model.Etablissement
	// Lignes[i] is the line number of Etablissements[i] in the file (the
	// header is line 1).
	Lignes []int
	// Erreurs are the problems of the rejected lines, in file order; a line
	// may have several.
	Erreurs []Erreur
	// Lues counts the data lines read (empty lines apart).
	Lues int
	// Ignorees counts the lines of kinds the network does not serve (écoles,
	// services administratifs, établissements médico-sociaux…) and those of
	// the vice-rectorats outside the 30 académies: they are neither imported
	// nor rejected.
	Ignorees int
	// ColonnesInconnues are the headers that the import does not use, in file
	// order.
	ColonnesInconnues []string
	// Ecartees counts the lines set aside by the filter of
	// LireAnnuaireFiltre (other académies); they are counted in Lues.
	Ecartees int
	// Encodage is the encoding the file was read in (see Decoder).
	Encodage Encodage
}

// Rejetees counts the distinct lines that have an error.
func (a Annuaire) Rejetees() int {
	n, last := 0, -1
	for _, e := range a.Erreurs {
		if e.Ligne != last {
			n++
			last = e.Ligne
		}
	}
	return n
}

// ErreurFichier is a problem that stops the reading of the whole file (not
// a CSV, a mandatory column missing, too many lines): the message says in
// French what to do.
type ErreurFichier struct{ Message string }

func (e ErreurFichier) Error() string { return e.Message }

func erreurFichier(format string, args ...any) error {
	return ErreurFichier{Message: fmt.Sprintf(format, args...)}
}

// Fields of the Annuaire read by the import.
const (
	aUAI = iota
	aNom
	aType
	aNature
	aLibelleNature
	aStatut
	aAdresse
	aCodePostal
	aCodeCommune
	aNomCommune
	aDepartement
	aAcademie
	aLatitude
	aLongitude
	aVoieGenerale
	aVoieTechnologique
	aVoieProfessionnelle
	aLyceeDesMetiers
	aEducationPrioritaire
	aEtat
	aDateFermeture
	aMultiUAI
	nbChampsAnnuaire
)

// champsAnnuaire gives, for each field, its headers in the published files:
// the current layout of the Annuaire first, then the older one (« Code
// postal » with a space, 2023) and the « Adresse et géolocalisation »
// dataset. They are compared after normaliser.
var champsAnnuaire = [nbChampsAnnuaire][]string{
	aUAI:                  {"Identifiant_de_l_etablissement", "numero_uai", "UAI", "Code UAI"},
	aNom:                  {"Nom_etablissement", "appellation_officielle"},
	aType:                 {"Type_etablissement"},
	aNature:               {"code_nature", "nature_uai"},
	aLibelleNature:        {"libelle_nature", "nature_uai_libe"},
	aStatut:               {"Statut_public_prive", "secteur_public_prive_libe"},
	aAdresse:              {"Adresse_1", "adresse_uai"},
	aCodePostal:           {"Code_postal", "code_postal_uai"},
	aCodeCommune:          {"Code_commune"},
	aNomCommune:           {"Nom_commune", "libelle_commune"},
	aDepartement:          {"Code_departement"},
	aAcademie:             {"Code_academie"},
	aLatitude:             {"latitude"},
	aLongitude:            {"longitude"},
	aVoieGenerale:         {"Voie_generale"},
	aVoieTechnologique:    {"Voie_technologique"},
	aVoieProfessionnelle:  {"Voie_professionnelle"},
	aLyceeDesMetiers:      {"Lycee_des_metiers"},
	aEducationPrioritaire: {"Appartenance_Education_Prioritaire"},
	aEtat:                 {"etat", "etat_etablissement_libe"},
	aDateFermeture:        {"date_fermeture"},
	aMultiUAI:             {"multi_uai", "etablissement_multi_lignes"},
}

var aliasAnnuaire = func() map[string]int {
	m := map[string]int{}
	for f, alias := range champsAnnuaire {
		for _, a := range alias {
			m[normaliser(a)] = f
		}
	}
	return m
}()

// typesAnnuaire maps Type_etablissement, normalised, to the kinds kept.
var typesAnnuaire = map[string]model.TypeEtablissement{
	"college":                    model.College,
	"lycee":                      model.Lycee,
	"erea":                       model.EREA,
	"information et orientation": model.CIO,
}

// naturesAnnuaire maps the nature codes (BCN table N_NATURE_UAI) of the
// kinds kept, for the files without Type_etablissement and its lines where
// it is empty. Schools made only of STS and CPGE (400) are left out: they
// have no pupils of secondary school.
var naturesAnnuaire = map[string]model.TypeEtablissement{
	"300": model.Lycee, "301": model.Lycee, "302": model.Lycee, "306": model.Lycee, "307": model.Lycee,
	"310": model.Lycee, "320": model.Lycee, "334": model.Lycee, "335": model.Lycee,
	"340": model.College, "350": model.College, "352": model.College,
	"370": model.EREA,
	"841": model.CIO,
}

// academiesHorsReseau are the vice-rectorats that the published files list
// with the académies (Polynésie française, Nouvelle-Calédonie, Wallis et
// Futuna, Saint-Pierre-et-Miquelon) but that are outside the network's 30
// académies: their lines are ignored, not rejected.
var academiesHorsReseau = map[string]bool{"40": true, "41": true, "42": true, "44": true}

// LireAnnuaire reads a file of the Annuaire de l'éducation as published:
// ";" separator (a "," or tab file is recognised from its header), UTF-8
// with or without byte-order mark (Windows-1252 and UTF-16 are converted),
// CRLF or LF line ends, quoted fields holding ";", line breaks or doubled
// quotes. Unknown columns are ignored and the headers of the older layout
// are accepted.
//
// The file is read as a stream: only the kept lines, converted, stay in
// memory. A problem of the whole file is returned as an ErreurFichier;
// problems of single lines (invalid UAI, unknown commune or académie, UAI
// already seen, missing name, truncated line…) go to Annuaire.Erreurs and
// the other lines are still read.
func LireAnnuaire(r io.Reader) (Annuaire, error) {
	return LireAnnuaireFiltre(r, nil)
}

// Garder tells whether a line of the Annuaire, by its académie code (two
// digits) and its UAI as written, is to be read; the others are set aside
// (Annuaire.Ecartees). An error stops the reading.
type Garder func(academie, uai string) (bool, error)

// LireAnnuaireFiltre is LireAnnuaire reading only the lines garder keeps
// (all when nil): a pilote's upload keeps those of their académie.
func LireAnnuaireFiltre(r io.Reader, garder Garder) (Annuaire, error) {
	pasCSV := erreurFichier("ce fichier n'est pas un CSV : téléchargez l'Annuaire de l'éducation au format CSV " +
		"(séparateur point-virgule) sur data.education.gouv.fr")
	br := bufio.NewReaderSize(r, 64<<10)
	if debut, _ := br.Peek(8); bytes.HasPrefix(debut, signatureZip) || bytes.HasPrefix(debut, []byte("%PDF")) || bytes.HasPrefix(debut, signatureOLE) {
		return Annuaire{}, pasCSV
	}
	texte, enc, err := Decoder(br, 64<<10)
	if errors.Is(err, errBinaire) {
		return Annuaire{}, pasCSV
	}
	if err != nil {
		return Annuaire{}, fmt.Errorf("lecture du fichier : %w", err)
	}
	tr := bufio.NewReaderSize(texte, 64<<10)
	cr := nouveauLecteurCSV(tr, separateur(tr))

	premier, err := cr.lire()
	if err == io.EOF {
		return Annuaire{}, erreurFichier("le fichier est vide : téléchargez l'Annuaire de l'éducation au format CSV sur data.education.gouv.fr")
	}
	if err != nil {
		return Annuaire{}, fmt.Errorf("lecture du fichier : %w", err)
	}
	if premier.guillemet {
		return Annuaire{}, erreurFichier("la ligne d'en-tête est illisible (un guillemet n'est pas refermé) : téléchargez de nouveau le fichier au format CSV")
	}
	entete := premier.cellules
	cr.colonnes = len(entete)
	a := Annuaire{Encodage: enc}
	var col [nbChampsAnnuaire]int
	for i := range col {
		col[i] = -1
	}
	titres := make([]string, len(entete))
	for j, h := range entete {
		titres[j] = strings.TrimSpace(h)
		f, ok := aliasAnnuaire[normaliser(h)]
		if !ok || col[f] >= 0 {
			if titres[j] != "" {
				a.ColonnesInconnues = append(a.ColonnesInconnues, titres[j])
			}
			continue
		}
		col[f] = j
	}
	var manque []string
	for _, f := range []int{aUAI, aNom, aCodeCommune, aAcademie} {
		if col[f] < 0 {
			manque = append(manque, champsAnnuaire[f][0])
		}
	}
	if col[aType] < 0 && col[aNature] < 0 {
		manque = append(manque, champsAnnuaire[aType][0])
	}
	if len(manque) > 0 {
		// The columns read show the real cause: another file, another
		// separator, or garbled headers.
		lues := "aucune"
		if len(titres) > 0 {
			lues = "« " + strings.Join(titres, " », « ") + " »"
		}
		if enc != UTF8 {
			lues = "(fichier lu comme du " + string(enc) + ") " + lues
		}
		return Annuaire{}, erreurFichier("colonne(s) %s introuvable(s) ; colonnes lues : %s ; ce fichier n'est pas l'Annuaire de l'éducation "+
			"tel que publié sur data.education.gouv.fr (séparateur point-virgule, en-têtes d'origine)", strings.Join(manque, ", "), lues)
	}

	l := lecteurAnnuaire{a: &a, col: col, titres: titres, vus: map[string]int{}}
	for {
		e, err := cr.lire()
		if err == io.EOF {
			break
		}
		if err != nil {
			return a, fmt.Errorf("lecture du fichier : %w", err)
		}
		if e.guillemet {
			// Every line lost is counted and rejected, so that the totals
			// add up to the lines of the file; at the end of the file, it is
			// the usual mark of a truncated download.
			for k := e.debut; k <= e.fin; k++ {
				a.Lues++
				msg := e.message()
				if k > e.debut {
					msg = fmt.Sprintf("ligne non lue : prise dans le guillemet non fermé de la ligne %d", e.debut)
				} else if e.fin > e.debut || cr.fini && len(cr.enAttente) == 0 {
					msg += " ; si c'est la fin du fichier, il est sans doute tronqué : téléchargez-le de nouveau"
				}
				a.Erreurs = append(a.Erreurs, Erreur{Ligne: k, Message: msg})
			}
			continue
		}
		rec := e.cellules
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		a.Lues++
		if a.Lues > LignesMaxAnnuaire {
			return a, erreurFichier("trop de lignes : %s au plus ; ce fichier n'est pas l'Annuaire de l'éducation", milliers(LignesMaxAnnuaire))
		}
		if garder != nil {
			academie := l.val(rec, aAcademie)
			if len(academie) == 1 {
				academie = "0" + academie
			}
			ok, err := garder(academie, l.val(rec, aUAI))
			if err != nil {
				return a, err
			}
			if !ok {
				a.Ecartees++
				continue
			}
		}
		l.lire(e.debut, rec)
	}
	return a, nil
}

// separateur guesses the separator from the header line: « ; » as
// published, « , » or a tab when the line holds more of them.
func separateur(br *bufio.Reader) byte {
	debut, _ := br.Peek(64 << 10)
	premiere := debut
	if i := bytes.IndexAny(debut, "\r\n"); i >= 0 {
		premiere = debut[:i]
	}
	sep, n := byte(';'), bytes.Count(premiere, []byte(";"))
	for _, s := range []byte{',', '\t'} {
		if c := bytes.Count(premiere, []byte{s}); c > n {
			sep, n = s, c
		}
	}
	return sep
}

type lecteurAnnuaire struct {
	a      *Annuaire
	col    [nbChampsAnnuaire]int
	titres []string
	// vus maps the UAI of each line kept so far to its index in
	// a.Etablissements.
	vus map[string]int
}

func (l *lecteurAnnuaire) val(rec []string, f int) string {
	j := l.col[f]
	if j < 0 || j >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[j])
}

func (l *lecteurAnnuaire) titre(f int) string {
	if j := l.col[f]; j >= 0 {
		return l.titres[j]
	}
	return champsAnnuaire[f][0]
}

// lire checks one data line and keeps it, ignores it or rejects it.
func (l *lecteurAnnuaire) lire(ligne int, rec []string) {
	if len(rec) != len(l.titres) {
		msg := fmt.Sprintf("ligne incomplète : %d colonne(s) au lieu de %d ; si c'est la dernière ligne, le fichier est "+
			"sans doute tronqué : téléchargez-le de nouveau", len(rec), len(l.titres))
		if len(rec) > len(l.titres) {
			msg = fmt.Sprintf("%d colonnes au lieu de %d : une cellule contient sans doute un point-virgule hors guillemets",
				len(rec), len(l.titres))
		}
		l.a.Erreurs = append(l.a.Erreurs, Erreur{Ligne: ligne, Message: msg})
		return
	}
	typ, garde := l.typeDe(rec)
	codeAcademie := l.val(rec, aAcademie)
	if len(codeAcademie) == 1 {
		codeAcademie = "0" + codeAcademie
	}
	if !garde || academiesHorsReseau[codeAcademie] {
		l.a.Ignorees++
		return
	}
	var erreurs []Erreur
	rejeter := func(f int, format string, args ...any) {
		erreurs = append(erreurs, Erreur{Ligne: ligne, Colonne: l.titre(f), Message: fmt.Sprintf(format, args...)})
	}
	// A byte that is not UTF-8 in a UTF-8 file (see Decoder).
	for f, j := range l.col {
		if j >= 0 && strings.ContainsRune(rec[j], carInvalide) {
			rejeter(f, "%s", msgCarInvalide)
		}
	}

	e := model.Etablissement{Type: typ}
	brut := l.val(rec, aUAI)
	uai, ok := refdata.NormalizeUAI(brut)
	switch {
	case brut == "":
		rejeter(aUAI, "UAI manquant")
	case ok:
		e.UAI = uai
		if i, vu := l.vus[uai]; vu {
			if l.val(rec, aMultiUAI) == "1" {
				// A cité scolaire or a school with an annex is published on
				// one line per part, flagged multi_uai: one school, whose
				// tracks are those of all its parts.
				l.fusionner(i, typ, rec)
				l.a.Ignorees++
				return
			}
			rejeter(aUAI, "UAI %s en double : déjà lu ligne %d, cette ligne est écartée", uai, l.a.Lignes[i])
		}
	case len(uai) == 8 && isDigits(uai[:7]):
		lettre, _ := refdata.UAICheckLetter(uai[:7])
		rejeter(aUAI, "UAI %s invalide : la lettre de contrôle attendue est %c", uai, lettre)
	default:
		rejeter(aUAI, "UAI « %s » invalide : 7 chiffres suivis d'une lettre attendus, par exemple 0310036W", brut)
	}

	if e.Nom = l.val(rec, aNom); e.Nom == "" {
		rejeter(aNom, "nom de l'établissement manquant")
	}

	if codeAcademie == "" {
		rejeter(aAcademie, "code de l'académie manquant")
	} else if ac, ok := refdata.AcademieByCode(codeAcademie); ok {
		e.Academie = ac.Code
	} else {
		rejeter(aAcademie, "académie %s inconnue : le code doit être celui d'une des 30 académies, par exemple 16 pour Toulouse", codeAcademie)
	}

	codeCommune := strings.ToUpper(l.val(rec, aCodeCommune))
	commune, communeOK := refdata.CommuneByCode(codeCommune)
	switch {
	case codeCommune == "":
		rejeter(aCodeCommune, "code commune manquant")
	case !communeOK:
		rejeter(aCodeCommune, "commune %s inconnue : ce n'est pas un code INSEE de commune en vigueur", codeCommune)
	default:
		e.CodeCommune = commune.CodeINSEE
		e.NomCommune = l.val(rec, aNomCommune)
		if e.NomCommune == "" {
			e.NomCommune = commune.Nom
		}
		e.Departement = commune.Departement
	}
	if d := l.val(rec, aDepartement); d != "" {
		if dep, ok := refdata.DepartementByCode(d); !ok {
			rejeter(aDepartement, "département %s inconnu", d)
		} else if communeOK && dep.Code != commune.Departement {
			rejeter(aDepartement, "département %s incohérent avec la commune %s (%s), qui est dans le %s", d, commune.CodeINSEE, commune.Nom, commune.Departement)
		} else {
			e.Departement = dep.Code
		}
	}
	if e.Departement != "" && e.Academie != "" {
		if dep, ok := refdata.DepartementByCode(e.Departement); ok && dep.Academie != e.Academie {
			rejeter(aAcademie, "académie %s incohérente avec le département %s (%s), qui relève de l'académie %s",
				e.Academie, dep.Code, dep.Nom, dep.Academie)
		}
	}

	latitude, longitude := l.val(rec, aLatitude), l.val(rec, aLongitude)
	if latitude != "" && longitude != "" {
		lat, err1 := strconv.ParseFloat(strings.Replace(latitude, ",", ".", 1), 64)
		lon, err2 := strconv.ParseFloat(strings.Replace(longitude, ",", ".", 1), 64)
		switch {
		case err1 != nil || lat < -90 || lat > 90:
			rejeter(aLatitude, "latitude « %s » invalide : un nombre en degrés décimaux, par exemple 43.6033", latitude)
		case err2 != nil || lon < -180 || lon > 180:
			rejeter(aLongitude, "longitude « %s » invalide : un nombre en degrés décimaux, par exemple 1.4399", longitude)
		default:
			e.Latitude, e.Longitude = &lat, &lon
		}
	}

	switch normaliser(l.val(rec, aStatut)) {
	case "public":
		e.Statut = "public"
	case "prive":
		e.Statut = "prive"
	}
	e.Nature = l.val(rec, aNature)
	e.LibelleNature = l.val(rec, aLibelleNature)
	e.Adresse = l.val(rec, aAdresse)
	e.CodePostal = l.val(rec, aCodePostal)
	e.VoieGenerale = l.val(rec, aVoieGenerale) == "1"
	e.VoieTechnologique = l.val(rec, aVoieTechnologique) == "1"
	e.VoieProfessionnelle = l.val(rec, aVoieProfessionnelle) == "1"
	e.LyceeDesMetiers = l.val(rec, aLyceeDesMetiers) == "1"
	switch strings.ToUpper(strings.ReplaceAll(l.val(rec, aEducationPrioritaire), " ", "")) {
	case "REP":
		e.EducationPrioritaire = "REP"
	case "REP+":
		e.EducationPrioritaire = "REP+"
	}
	// etat is OUVERT, A FERMER (still open), A OUVRIR or FERME.
	e.Ferme = normaliser(l.val(rec, aEtat)) == "ferme"
	if v := l.val(rec, aDateFermeture); v != "" {
		d, err := time.Parse("2006-01-02", v)
		if err != nil {
			d, err = time.Parse("02/01/2006", v)
		}
		if err != nil {
			rejeter(aDateFermeture, "date de fermeture « %s » non reconnue : AAAA-MM-JJ attendu", v)
		} else {
			e.DateFermeture = &d
			if d.Before(time.Now()) {
				e.Ferme = true
			}
		}
	}

	// The limits of model.Etablissement, in the order of the columns.
	errsLongueur := e.Errors()
	for _, c := range []struct {
		cle string
		f   int
	}{{"nom", aNom}, {"adresse", aAdresse}, {"commune", aNomCommune}, {"libelle_nature", aLibelleNature}} {
		if m := errsLongueur[c.cle]; m != "" {
			rejeter(c.f, "%s", m)
		}
	}

	if len(erreurs) > 0 {
		l.a.Erreurs = append(l.a.Erreurs, erreurs...)
		return
	}
	l.vus[e.UAI] = len(l.a.Etablissements)
	l.a.Etablissements = append(l.a.Etablissements, e)
	l.a.Lignes = append(l.a.Lignes, ligne)
}

// fusionner adds to the school kept at index i the tracks of another line of
// the same UAI; a lycée part makes the whole a lycée.
func (l *lecteurAnnuaire) fusionner(i int, typ model.TypeEtablissement, rec []string) {
	e := &l.a.Etablissements[i]
	e.VoieGenerale = e.VoieGenerale || l.val(rec, aVoieGenerale) == "1"
	e.VoieTechnologique = e.VoieTechnologique || l.val(rec, aVoieTechnologique) == "1"
	e.VoieProfessionnelle = e.VoieProfessionnelle || l.val(rec, aVoieProfessionnelle) == "1"
	e.LyceeDesMetiers = e.LyceeDesMetiers || l.val(rec, aLyceeDesMetiers) == "1"
	if typ == model.Lycee && e.Type == model.College {
		e.Type = model.Lycee
	}
}

// typeDe tells the kind of school of a line, and whether the network serves
// it: Type_etablissement decides, the nature code when it is empty or
// absent.
func (l *lecteurAnnuaire) typeDe(rec []string) (model.TypeEtablissement, bool) {
	if v := l.val(rec, aType); v != "" {
		t, ok := typesAnnuaire[normaliser(v)]
		return t, ok
	}
	t, ok := naturesAnnuaire[l.val(rec, aNature)]
	return t, ok
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
