package importer

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/optim"
)

// The list of an exam session's juries as the exam division's tools export
// it (issue 17, item 4): one jury a line, the diploma by its code or its
// label, the exam centre by its UAI or its name (with its address), the
// dates and half-days, the seats. It is read through the same machinery
// as the register of CEE: the header line found below a title, the columns
// guessed from their names (Deviner) and changed on the mapping screen,
// CSV in any encoding or XLSX, one French message per problem with its
// line and column. Matching the diploma and the centre against the
// reference data and the directory is the workflow's (it reads the
// database).

// Fields of a juries file.
const (
	JuryCode         = "CodeJury"
	JuryCodeDiplome  = "CodeDiplome"
	JuryTypeDiplome  = "TypeDiplome"
	JuryDiplome      = "Diplome"
	JuryUAI          = "UAI"
	JuryCentre       = "Centre"
	JuryAdresse      = "Adresse"
	JuryCodePostal   = "CodePostal"
	JuryCommune      = "Commune"
	JuryDate         = "Date"
	JuryDateFin      = "DateFin"
	JuryDemiJournees = "DemiJournees"
	JurySieges       = "Sieges"
	JuryMembres      = "Membres"
	JuryEmployeurs   = "Employeurs"
	JurySalaries     = "Salaries"
	JuryEnseignants  = "Enseignants"
	JuryConflits     = "Conflits"
)

// champsJurys lists the headers of the exam division's exports (Cyclades
// and spreadsheets made from it) and the columns of the former technical
// file (code;diplome;uai;demi_journees;sieges;employeurs;salaries;
// enseignants;conflits), which still reads.
var champsJurys = []Champ{
	{JuryCode, "Numéro du jury", []string{"Code", "Jury", "N° jury", "N° de jury", "Numéro de jury", "Numéro du jury", "Code jury", "Code du jury",
		"Identifiant jury", "Identifiant du jury", "Référence du jury", "Commission", "N° commission"}},
	{JuryCodeDiplome, "Code du diplôme (CFD)", []string{"Code diplôme", "Code du diplôme", "Code spécialité", "Code de la spécialité", "CFD", "Code CFD",
		"Code formation", "Code formation diplôme", "Code examen"}},
	{JuryTypeDiplome, "Type de diplôme (CAP, bac pro…)", []string{"Type de diplôme", "Type diplôme", "Nature du diplôme", "Niveau de diplôme", "Type d'examen"}},
	{JuryDiplome, "Diplôme ou spécialité (libellé)", []string{"Diplôme", "Libellé diplôme", "Libellé du diplôme", "Libellé spécialité", "Libellé de la spécialité",
		"Spécialité", "Intitulé", "Intitulé du diplôme", "Intitulé de la spécialité", "Examen", "Libellé examen", "Formation"}},
	{JuryUAI, "Code du centre (UAI)", []string{"UAI", "Code UAI", "RNE", "Code RNE", "UAI centre", "UAI du centre", "Code centre", "Code du centre",
		"N° centre", "Code établissement", "Code de l'établissement", "UAI établissement", "Centre UAI"}},
	{JuryCentre, "Centre d'examen (nom)", []string{"Centre d'examen", "Centre", "Centre d'épreuves", "Nom du centre", "Lieu d'examen", "Lieu",
		"Lieu des épreuves", "Établissement", "Établissement centre", "Libellé centre", "Nom de l'établissement"}},
	{JuryAdresse, "Adresse du centre", []string{"Adresse", "Adresse du centre", "Adresse centre", "Adresse de l'établissement", "Adresse postale"}},
	{JuryCodePostal, "Code postal du centre", []string{"Code postal", "CP", "C.P."}},
	{JuryCommune, "Commune du centre", []string{"Commune", "Ville", "Localité", "Commune du centre", "Ville du centre"}},
	{JuryDate, "Date (ou date de début)", []string{"Date", "Dates", "Date d'épreuve", "Date de l'épreuve", "Date épreuve", "Jour", "Date de début",
		"Date début", "Du", "Date de passage", "Date de l'oral", "Date de la commission"}},
	{JuryDateFin, "Date de fin", []string{"Date de fin", "Date fin", "Au", "Jusqu'au", "Dernier jour"}},
	{JuryDemiJournees, "Demi-journée(s)", []string{"Demi-journée", "Demi-journées", "Demi journée", "Créneau", "Créneaux", "Horaire", "Horaires",
		"Période", "Matin/après-midi", "Matin ou après-midi", "demi_journees", "Vacation", "Séance"}},
	{JurySieges, "Sièges de professionnels", []string{"Sièges", "Nombre de sièges", "Nombre de professionnels", "Professionnels", "Nb professionnels",
		"Nombre de jurés professionnels", "Membres professionnels", "Places", "Nombre de places"}},
	{JuryMembres, "Nombre de membres (professionnels, sauf colonne d'enseignants)", []string{"Nombre de membres", "Membres", "Nb membres",
		"Effectif du jury", "Nombre de jurés", "Composition"}},
	{JuryEmployeurs, "Dont employeurs", []string{"Employeurs", "Dont employeurs", "Nombre d'employeurs", "Nb employeurs", "Collège employeurs"}},
	{JurySalaries, "Dont salariés", []string{"Salariés", "Dont salariés", "Nombre de salariés", "Nb salariés", "Collège salariés"}},
	{JuryEnseignants, "Enseignants du jury", []string{"Enseignants", "Nombre d'enseignants", "Nb enseignants", "Dont enseignants", "Professeurs",
		"Membres enseignants"}},
	{JuryConflits, "Conflits d'intérêts (UAI, SIRET des candidats)", []string{"Conflits", "Conflits d'intérêts", "Établissements des candidats",
		"UAI des candidats", "Entreprises des candidats"}},
}

// modeleJurys is the juries file: without a diploma, a centre, a date or
// seats, no line makes a jury.
var modeleJurys = &modele{champs: champsJurys, feuilles: []string{"jury", "commission"}, quoi: "la liste des jurys du service des examens",
	obligatoires: []obligatoire{
		{JuryDiplome, []string{JuryCodeDiplome}, "Diplôme", "Code diplôme, Libellé spécialité"},
		{JuryCentre, []string{JuryUAI}, "Centre d'examen", "UAI, Code centre"},
		{JuryDate, []string{JuryDemiJournees}, "Date", "Date d'épreuve, Date de début"},
		{JurySieges, []string{JuryMembres}, "Nombre de membres", "Sièges, Nombre de professionnels"},
	}}

// ChampsJurys are the fields of a juries file, for the mapping screen and
// the mapping file.
func ChampsJurys() []Champ { return slices.Clone(champsJurys) }

// LigneJury is one line of a juries file, its values read but the diploma
// and the centre not yet matched.
type LigneJury struct {
	Numero int
	// Code is the jury's number in the file, "" when it has none.
	Code string
	// CodeDiplome, TypeDiplome and Diplome are as written.
	CodeDiplome, TypeDiplome, Diplome string
	// UAI is the centre's code as written; Centre, Adresse, CodePostal and
	// Commune its name and address.
	UAI, Centre, Adresse, CodePostal, Commune string
	// DemiJournees are « 2027-06-14AM », in order.
	DemiJournees                              []string
	Sieges, Employeurs, Salaries, Enseignants int
	Conflits                                  []string
	// Colonnes gives the header of each field's column, for the messages
	// of the matching.
	Colonnes map[string]string
}

// RapportJurys is the result of reading a juries file.
type RapportJurys struct {
	Lignes []LigneJury
	// Rejetees are the lines with a problem, their values as far as they
	// were read: a line without a jury number keeps its rank among its
	// diploma's lines (workflow.ImportJurys).
	Rejetees       []LigneJury
	Erreurs        []Erreur
	Ignorees       int
	Correspondance []ColonneLue
	Encodage       Encodage
}

// LireJurys reads a juries file (CSV or XLSX) with the person's choice of
// columns. A problem of the whole file (not a spreadsheet, a mandatory
// column not found) is an error; the report then holds the columns read,
// for the mapping step.
func LireJurys(name string, data []byte, corr Correspondance) (RapportJurys, error) {
	t, err := ouvrir(name, data, modeleJurys, corr)
	if err != nil {
		return RapportJurys{}, err
	}
	if t.fermer != nil {
		defer t.fermer()
	}
	if t.entete < 0 {
		return RapportJurys{Encodage: t.encodage}, t.verifierEntete()
	}
	t.carte.signalerSansTitre(t.lignes, t.entete)
	r := RapportJurys{Correspondance: t.carte.lues, Encodage: t.encodage}
	if err := t.verifierEntete(); err != nil {
		return r, err
	}
	colonnes := t.carte.vues()
	r.Erreurs, r.Ignorees = t.parcourir(func(i int) []Erreur {
		l, errs := t.lireJury(i)
		l.Colonnes = colonnes
		if len(errs) == 0 {
			r.Lignes = append(r.Lignes, l)
		} else {
			r.Rejetees = append(r.Rejetees, l)
		}
		return errs
	})
	return r, nil
}

func (t *tableau) lireJury(i int) (LigneJury, []Erreur) {
	lc := &lecteur{t: t, i: i, formule: map[string]bool{}}
	lc.verifierCellules(champsJurys)
	l := LigneJury{Numero: i + 1}
	v := func(champ string) string { s, _ := lc.valeur(champ); return s }
	l.Code = v(JuryCode)
	l.CodeDiplome, l.TypeDiplome, l.Diplome = v(JuryCodeDiplome), v(JuryTypeDiplome), v(JuryDiplome)
	l.UAI, l.Centre, l.Adresse, l.CodePostal, l.Commune = v(JuryUAI), v(JuryCentre), v(JuryAdresse), v(JuryCodePostal), v(JuryCommune)
	if l.CodeDiplome == "" && l.Diplome == "" && !lc.formule[JuryDiplome] && !lc.formule[JuryCodeDiplome] {
		lc.erreur(lc.colonnePremiere(JuryDiplome, JuryCodeDiplome), "diplôme manquant : écrivez son code (8 chiffres) ou son libellé, par exemple « CAP Boulanger »")
	}
	if l.UAI == "" && l.Centre == "" && !lc.formule[JuryCentre] && !lc.formule[JuryUAI] {
		lc.erreur(lc.colonnePremiere(JuryCentre, JuryUAI), "centre d'examen manquant : écrivez son UAI ou son nom")
	}
	l.DemiJournees = lc.lireDemiJournees()
	l.Sieges, l.Employeurs, l.Salaries, l.Enseignants = lc.lireSieges()
	if c, _ := lc.brute(JuryConflits); c != "" {
		l.Conflits = strings.FieldsFunc(c, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '|' || r == '\n' || r == '\r' })
	}
	if len(lc.erreurs) > 0 {
		errs := make([]Erreur, len(lc.erreurs))
		for k, e := range lc.erreurs {
			errs[k] = e.Erreur
		}
		return l, errs
	}
	return l, nil
}

// colonnePremiere is the column of the first of champs read from the file.
func (lc *lecteur) colonnePremiere(champs ...string) int {
	for _, c := range champs {
		if j := lc.colonne(c); j >= 0 {
			return j
		}
	}
	return -1
}

// lireDemiJournees reads the half-days a jury sits: a date (or a first and
// a last date) and « matin », « après-midi », « journée », hours
// (« 8h-12h », « 13h30 - 17h »), or « AM »/« PM »; or the technical form
// « 2027-06-14AM 2027-06-14PM ». Without a half-day, the jury sits the
// whole day.
func (lc *lecteur) lireDemiJournees() []string {
	dj, jDJ := lc.valeur(JuryDemiJournees)
	if dj != "" && reDemiJourneeISO.MatchString(dj) {
		var out []string
		for _, h := range strings.FieldsFunc(dj, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '|' }) {
			if _, _, err := optim.ParseHalfDay(h); err != nil {
				lc.erreur(jDJ, fmt.Sprintf("demi-journée « %s » non reconnue : écrivez par exemple 2027-06-14AM ou 2027-06-14PM, ou mettez la date et « matin » ou « après-midi » dans deux colonnes", h))
				return nil
			}
			out = append(out, h)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	debut, jD := lc.valeur(JuryDate)
	if debut == "" {
		if !lc.formule[JuryDate] {
			lc.erreur(lc.colonnePremiere(JuryDate, JuryDemiJournees), "date manquante : écrivez la date de l'épreuve (JJ/MM/AAAA)")
		}
		return nil
	}
	d1, msg := commeAffiche(lc, debut, jD, func(s string) (time.Time, string) { return lireDate(s, lc.t.carte.entetes[jD], lc.t.date1904) })
	if msg != "" {
		lc.erreur(jD, msg)
		return nil
	}
	d2 := d1
	if fin, jF := lc.valeur(JuryDateFin); fin != "" {
		if d2, msg = commeAffiche(lc, fin, jF, func(s string) (time.Time, string) { return lireDate(s, lc.t.carte.entetes[jF], lc.t.date1904) }); msg != "" {
			lc.erreur(jF, msg)
			return nil
		}
		if d2.Before(d1) || d2.Sub(d1) > 13*24*time.Hour {
			lc.erreur(jF, fmt.Sprintf("date de fin « %s » avant la date de début ou plus de deux semaines après : vérifiez-la", fin))
			return nil
		}
	}
	matin, apres := true, true
	if dj != "" {
		var ok bool
		if matin, apres, ok = lireDemiJournee(dj); !ok {
			lc.erreur(jDJ, fmt.Sprintf("demi-journée « %s » non reconnue : écrivez « matin », « après-midi » ou « journée », ou des heures (8h-12h)", dj))
			return nil
		}
	}
	// Without a half-day, the hours the dates carry (« 14/06/2027 13:30 »,
	// an Excel date and time) tell them: the first day from the starting
	// hour, the last until the ending one; a starting hour alone is its
	// half-day only. Without hours, whole days.
	fin, _ := lc.valeur(JuryDateFin)
	h1, okH1 := heureDe(debut)
	h2, okH2 := heureDe(fin)
	var out []string
	for d := d1; !d.After(d2); d = d.AddDate(0, 0, 1) {
		am, pm := matin, apres
		if dj == "" && okH1 && d.Equal(d1) {
			am, pm = h1 < 12, h1 >= 12 || !d.Equal(d2) || okH2
		}
		if dj == "" && okH2 && d.Equal(d2) {
			pm = h2 > 13
		}
		if am {
			out = append(out, d.Format(time.DateOnly)+"AM")
		}
		if pm {
			out = append(out, d.Format(time.DateOnly)+"PM")
		}
	}
	if len(out) == 0 {
		lc.erreur(jD, fmt.Sprintf("de « %s » à « %s » : les heures ne couvrent aucune demi-journée ; vérifiez-les", debut, fin))
	}
	return out
}

// reHeureDate is the time written after a date: « 14/06/2027 08:00 »,
// « 2027-06-14T13:30:00 », « 14/06/2027 à 8h30 ».
var reHeureDate = regexp.MustCompile(`\d(?:\s+|\s*[T,à]\s*)(\d{1,2})\s*[:h]\s*(\d{2})`)

// heureDe is the hour of a date value that gives one other than
// midnight, as text or as an Excel date and time (46552.5 is noon).
func heureDe(v string) (int, bool) {
	s := strings.TrimSpace(v)
	minutes := 0
	if reSerie.MatchString(s) {
		f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil {
			return 0, false
		}
		minutes = int(math.Round((f - math.Floor(f)) * 24 * 60))
	} else if p := reHeureDate.FindStringSubmatch(s); p != nil {
		minutes = atoi(p[1])*60 + atoi(p[2])
	}
	if minutes <= 0 || minutes >= 24*60 {
		return 0, false
	}
	return minutes / 60, true
}

var (
	reDemiJourneeISO = regexp.MustCompile(`^\s*\d{4}-\d{2}-\d{2}[A-Za-z]`)
	reHeure          = regexp.MustCompile(`(\d{1,2})\s*(?:h|:)\s*(\d{2})?`)
)

// lireDemiJournee reads « matin », « après-midi », « journée », « AM »,
// « PM », or hours: a slot starting before noon is a morning, one ending
// after 13h an afternoon (both for « 8h-17h »).
func lireDemiJournee(v string) (matin, apres, ok bool) {
	n := normaliser(v)
	switch {
	case strings.Contains(n, "journee") || strings.Contains(n, "jour entier") || strings.Contains(n, "matin") && strings.Contains(n, "apres") ||
		n == "am pm" || n == "ampm":
		return true, true, true
	case strings.Contains(n, "matin") || n == "am" || n == "m" || n == "mat":
		return true, false, true
	case strings.Contains(n, "apres") || strings.Contains(n, "aprem") || n == "pm":
		return false, true, true
	}
	h := reHeure.FindAllStringSubmatch(v, -1)
	if len(h) == 0 {
		return false, false, false
	}
	debut, fin := atoi(h[0][1]), atoi(h[len(h)-1][1])
	if debut > 23 || fin > 23 {
		return false, false, false
	}
	matin = debut < 12
	apres = debut >= 12 || len(h) > 1 && fin > 13
	return matin, apres, true
}

// lireSieges reads the seats of professionals and their colleges. Without a
// seats column, « Nombre de membres » less the teachers' column gives them;
// without the colleges, half are employers and half employees (D.337-23
// and following), an odd seat left to either.
func (lc *lecteur) lireSieges() (sieges, employeurs, salaries, enseignants int) {
	nombre := func(champ string) (int, bool) {
		v, j := lc.valeur(champ)
		if v == "" {
			return 0, false
		}
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(v, ",0"), ".0"))
		if err != nil || n < 0 || n > 1000 {
			lc.erreur(j, fmt.Sprintf("« %s » : un nombre entier de 0 à 1000 est attendu", v))
			return 0, false
		}
		return n, true
	}
	enseignants, _ = nombre(JuryEnseignants)
	var ok bool
	if sieges, ok = nombre(JurySieges); !ok && lc.colonne(JurySieges) < 0 {
		var membres int
		if membres, ok = nombre(JuryMembres); ok {
			sieges = membres - enseignants
			if sieges < 0 {
				lc.erreur(lc.colonne(JuryEnseignants), fmt.Sprintf("%d enseignant(s) pour %d membre(s) : le jury n'aurait pas de professionnel", enseignants, membres))
				return
			}
		}
	}
	if !ok {
		if len(lc.erreurs) == 0 {
			lc.erreur(lc.colonnePremiere(JurySieges, JuryMembres), "nombre de membres manquant : écrivez combien de professionnels siègent dans le jury")
		}
		return
	}
	if sieges < 1 {
		lc.erreur(lc.colonnePremiere(JurySieges, JuryMembres), "aucun siège de professionnel : un jury en compte au moins un")
		return
	}
	e, okE := nombre(JuryEmployeurs)
	s, okS := nombre(JurySalaries)
	switch {
	case okE && okS:
		employeurs, salaries = e, s
	case okE:
		employeurs, salaries = e, max(0, sieges-e)
	case okS:
		employeurs, salaries = max(0, sieges-s), s
	default:
		employeurs, salaries = sieges/2, sieges/2
	}
	if employeurs+salaries > sieges {
		lc.erreur(lc.colonnePremiere(JuryEmployeurs, JurySalaries), fmt.Sprintf("%d employeur(s) et %d salarié(s) pour %d siège(s) : ils ne peuvent dépasser les sièges", employeurs, salaries, sieges))
	}
	return
}
