package importer

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"cee/internal/model"
	"cee/internal/refdata"
)

// nettoyer trims a cell and collapses its inner white space (line breaks,
// tabs and the non-breaking spaces that Excel and copy-paste bring) into
// single spaces. Zero-width characters and soft hyphens, invisible in a
// spreadsheet, are dropped so that they never make two values differ.
func nettoyer(s string) string {
	if s == "" {
		return ""
	}
	simple := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c < 0x21 {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	espace := false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad':
			continue
		case unicode.IsSpace(r) || r == '\u202f':
			espace = true
			continue
		}
		if espace && b.Len() > 0 {
			b.WriteByte(' ')
		}
		espace = false
		b.WriteRune(r)
	}
	return b.String()
}

// ligneVide tells whether every cell of a line is blank.
func ligneVide(l []string) bool {
	for _, v := range l {
		if nettoyer(v) != "" {
			return false
		}
	}
	return true
}

// sansValeur tells whether a cleaned cell only says "nothing here": a dash,
// a slash, « NC », « néant »… Such marks are common in registers kept by
// hand and must not be read as a phone number or a date.
func sansValeur(s string) bool {
	if len(s) > 20 {
		return false
	}
	switch normaliser(s) {
	case "", "nc", "n c", "na", "n a", "nr", "neant", "non renseigne", "non communique", "non connu",
		"inconnu", "inconnue", "aucun", "aucune", "sans", "vide":
		return true
	}
	return false
}

// reFonction is a spreadsheet function call as formula injections write it
// (« HYPERLINK( », « cmd| »): a name glued to its parenthesis.
var reFonction = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_.]*\(`)

// reReference is a cell reference at the start of a formula (« +A1 »).
var reReference = regexp.MustCompile(`^\$?[A-Za-z]{1,3}\$?[0-9]+\b`)

// ressembleFormule tells whether a cell would run as a formula when the
// data is later exported and opened in a spreadsheet (CSV injection). A
// leading = always does; a leading + - or @ only with a function call, a
// cell reference or the | and ! of DDE payloads, so that « +33 6 12 34 56
// 78 » and « - Électricité » stay values.
func ressembleFormule(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 2 {
		return false
	}
	reste := s[1:]
	switch s[0] {
	case '=':
		return true
	case '+', '-', '@':
		return strings.ContainsAny(reste, "|!=") || reFonction.MatchString(reste) || reReference.MatchString(reste)
	}
	return false
}

const msgFormule = "formule refusée : saisissez la valeur, pas une formule"

// Civilité and statut: the values are compared normalised.
var civilites = map[string]string{
	"m": "M.", "mr": "M.", "monsieur": "M.", "h": "M.", "homme": "M.", "masculin": "M.",
	"mme": "Mme", "madame": "Mme", "mlle": "Mme", "melle": "Mme", "mademoiselle": "Mme",
	"f": "Mme", "femme": "Mme", "feminin": "Mme",
}

func lireCivilite(v string) (string, string) {
	if sansValeur(v) {
		return "", ""
	}
	if c, ok := civilites[normaliser(v)]; ok {
		return c, ""
	}
	return "", fmt.Sprintf("civilité « %s » non reconnue : écrivez M. ou Mme, ou laissez la cellule vide", v)
}

var statuts = map[string]string{
	"employeur": "employeur", "employeurs": "employeur", "employeuse": "employeur",
	"chef d entreprise": "employeur", "cheffe d entreprise": "employeur", "chef entreprise": "employeur",
	"dirigeant": "employeur", "dirigeante": "employeur", "dirigeant e": "employeur", "patron": "employeur",
	"gerant": "employeur", "gerante": "employeur", "pdg": "employeur", "president": "employeur",
	"presidente": "employeur", "college employeur": "employeur", "college employeurs": "employeur",
	"salarie": "salarie", "salariee": "salarie", "salarie e": "salarie", "salaries": "salarie",
	"employe": "salarie", "employee": "salarie", "employe e": "salarie", "cadre": "salarie",
	"college salarie": "salarie", "college salaries": "salarie",
	"artisan": "artisan", "artisane": "artisan", "artisans": "artisan", "artisan e": "artisan",
	"maitre artisan": "artisan", "artisan commercant": "artisan", "chef d entreprise artisanale": "artisan",
	"autre": "autre", "autres": "autre", "retraite": "autre", "retraitee": "autre", "retraite e": "autre",
	"independant": "autre", "independante": "autre", "profession liberale": "autre", "liberal": "autre",
	"liberale": "autre", "auto entrepreneur": "autre", "micro entrepreneur": "autre",
}

func lireStatut(v string) (string, string) {
	if sansValeur(v) {
		return "", ""
	}
	n := normaliser(v)
	if s, ok := statuts[n]; ok {
		return s, ""
	}
	// Longer wordings (« Salarié(e) du privé », « Artisan boulanger »): the
	// first word decides, artisan before employeur because an artisan is also
	// a chef d'entreprise.
	mots := append(strings.Fields(n), "")
	switch {
	case strings.Contains(n, "artisan"):
		return "artisan", ""
	case strings.HasPrefix(mots[0], "salari"):
		return "salarie", ""
	case mots[0] == "employeur" || strings.HasPrefix(n, "chef d entreprise") || strings.HasPrefix(n, "dirigeant"):
		return "employeur", ""
	}
	return "", fmt.Sprintf("statut « %s » non reconnu : écrivez employeur, salarié, artisan ou autre", v)
}

// E-mail: the usual syntax of RFC 5322 addresses without quoted local parts
// or IP literals, which no CEE uses and which mail systems handle badly.
var reEmail = regexp.MustCompile(`^[a-z0-9!#$%&'*+/=?^_{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$`)

func lireEmail(v string) (string, string) {
	e := strings.TrimSpace(v)
	e = strings.TrimPrefix(strings.TrimPrefix(e, "mailto:"), "MAILTO:")
	e = strings.TrimSuffix(strings.TrimPrefix(e, "<"), ">")
	e = strings.ToLower(strings.TrimSpace(e))
	if reEmail.MatchString(e) && len(e) <= 254 {
		return e, ""
	}
	var raison string
	switch {
	case strings.Count(e, "@") > 1 || strings.ContainsAny(e, ";,") || (strings.Contains(e, "@") && strings.ContainsAny(e, " /")):
		if strings.Count(e, "@") > 1 {
			raison = "plusieurs adresses dans la cellule : gardez-en une seule"
			break
		}
		raison = "il contient une espace ou une ponctuation : retirez-la"
	case !strings.Contains(e, "@"):
		raison = "il manque le @ : écrivez une adresse comme prenom.nom@exemple.fr"
	case strings.ContainsFunc(e, func(r rune) bool { return r > unicode.MaxASCII }):
		raison = "il contient un accent ou un caractère spécial : une adresse n'en a pas (prenom.nom@exemple.fr)"
	case !strings.Contains(e[strings.LastIndex(e, "@"):], "."):
		raison = "il manque la fin du domaine (.fr, .com…) après le @"
	default:
		raison = "écrivez une adresse comme prenom.nom@exemple.fr"
	}
	return "", fmt.Sprintf("courriel « %s » invalide : %s", v, raison)
}

// indicatifsFrance are the country codes whose numbers are French numbers
// with a national prefix 0: metropolitan France and the overseas
// départements (262 La Réunion and Mayotte, 590 Guadeloupe, 594 Guyane,
// 596 Martinique).
var indicatifsFrance = []string{"33", "262", "590", "594", "596"}

func lireTelephone(v string) (string, string) {
	if sansValeur(v) {
		return "", ""
	}
	invalide := fmt.Sprintf("téléphone « %s » invalide : écrivez 10 chiffres, par exemple 06 12 34 56 78, ou +33 6 12 34 56 78", v)
	s := strings.ReplaceAll(v, "(0)", "")
	var chiffres strings.Builder
	plus := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			chiffres.WriteRune(r)
		case r == '+' && chiffres.Len() == 0 && !plus:
			plus = true
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')' || unicode.IsSpace(r) || r == '\u202f':
			// separators inside one number
		case r == '/' || r == ';' || r == ',' || r == '|':
			// « 06/12/34/56/78 » is one number; « 06 12 34 56 78 / 05 61… »
			// is two.
			if chiffres.Len() >= 9 && strings.ContainsAny(s[i:], "0123456789") {
				return "", fmt.Sprintf("téléphone « %s » : plusieurs numéros dans la cellule, gardez-en un seul", v)
			}
		default:
			return "", invalide
		}
	}
	d := chiffres.String()
	if !plus && strings.HasPrefix(d, "00") && len(d) > 10 {
		plus, d = true, d[2:]
	}
	if !plus && len(d) == 11 && strings.HasPrefix(d, "33") {
		// « 33612345678 »: an international number whose + a spreadsheet
		// dropped when it took the cell for a number.
		plus = true
	}
	if plus {
		national := ""
		for _, ind := range indicatifsFrance {
			if strings.HasPrefix(d, ind) && len(d)-len(ind) == 9 {
				national = "0" + d[len(ind):]
				break
			}
		}
		if national == "" {
			if strings.HasPrefix(d, "33") || len(d) < 8 || len(d) > 15 {
				return "", invalide
			}
			return "+" + d, ""
		}
		d = national
	}
	if len(d) == 9 && d[0] != '0' {
		// A spreadsheet that took the number for a number dropped its 0.
		d = "0" + d
	}
	if len(d) != 10 || d[0] != '0' || d[1] == '0' {
		return "", invalide
	}
	return d[0:2] + " " + d[2:4] + " " + d[4:6] + " " + d[6:8] + " " + d[8:10], ""
}

// reScientifique is a number in scientific notation, as a spreadsheet shows
// a long number in a cell formatted « Standard ».
var reScientifique = regexp.MustCompile(`^(\d)[.,]?(\d*)[eE]\+?(\d+)$`)

// LireSIRET reads a SIRET as people type or spreadsheets keep it (spaces,
// dots, scientific notation) and checks its key; it returns the 14 digits,
// or a French message saying what is wrong. Forms use it too.
func LireSIRET(v string) (string, string) {
	if sansValeur(v) {
		return "", ""
	}
	s := strings.TrimSpace(v)
	if m := reScientifique.FindStringSubmatch(s); m != nil {
		// Read raw from an XLSX, a 14-digit number may come with all its
		// digits (7.3282932000074E+13); shown in a cell or exported to CSV it
		// is rounded (7,33E+13) and the number is lost.
		if m[3] != "13" || len(m[1]+m[2]) != 14 {
			return "", fmt.Sprintf("SIRET « %s » écrit en notation scientifique : le tableur a arrondi le numéro ; "+
				"mettez la colonne au format Texte et saisissez de nouveau les 14 chiffres", v)
		}
		s = m[1] + m[2]
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || unicode.IsSpace(r) || r == '\u202f':
		default:
			return "", fmt.Sprintf("SIRET « %s » invalide : il ne doit contenir que 14 chiffres", v)
		}
	}
	d := b.String()
	switch {
	case len(d) == 9:
		return "", fmt.Sprintf("SIRET « %s » invalide : 9 chiffres, c'est un SIREN ; le SIRET en a 14 "+
			"(SIREN suivi des 5 chiffres de l'établissement, voir annuaire-entreprises.data.gouv.fr)", v)
	case len(d) == 13:
		return "", fmt.Sprintf("SIRET « %s » invalide : 13 chiffres au lieu de 14 ; s'il commence par 0, "+
			"mettez la colonne au format Texte pour que le tableur garde ce zéro", v)
	case len(d) != 14:
		return "", fmt.Sprintf("SIRET « %s » invalide : 14 chiffres attendus, %d trouvés", v, len(d))
	case !sIRETValide(d):
		return "", fmt.Sprintf("SIRET « %s » invalide : la clé de contrôle ne correspond pas, un chiffre est faux ; "+
			"vérifiez-le sur annuaire-entreprises.data.gouv.fr", v)
	}
	return d, ""
}

// sIRETValide checks the Luhn key of a 14-digit SIRET. The establishments
// of La Poste (SIREN 356 000 000) are numbered past what Luhn allows: INSEE
// checks theirs by the sum of the digits being a multiple of 5.
func sIRETValide(d string) bool {
	somme, luhn := 0, 0
	for i := 0; i < 14; i++ {
		c := int(d[13-i] - '0')
		somme += c
		if i%2 == 1 {
			c *= 2
			if c > 9 {
				c -= 9
			}
		}
		luhn += c
	}
	if luhn%10 == 0 {
		return true
	}
	return strings.HasPrefix(d, "356000000") && somme%5 == 0
}

// reNAF finds a NAF sous-classe at the start of a cell: « 6201Z »,
// « 62.01z », « 62.01 Z », « 62.01Z - Programmation informatique ».
var reNAF = regexp.MustCompile(`^(\d{2})\s*[.,]?\s*(\d{2})\s*([A-Za-z])(?:$|[^A-Za-z0-9])`)

// lireNAF returns the code in the INSEE form when the cell starts with a
// known sous-classe, and the text after it.
func lireNAF(v string) (code, reste string) {
	m := reNAF.FindStringSubmatchIndex(v)
	if m == nil {
		return "", v
	}
	c := v[m[2]:m[3]] + "." + v[m[4]:m[5]] + strings.ToUpper(v[m[6]:m[7]])
	n, ok := refdata.NAFByCode(c)
	if !ok || n.Niveau != 5 {
		return "", v
	}
	reste = strings.TrimLeft(v[m[7]:], " -–—:;,/()")
	reste = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(reste), ")"))
	return n.Code, reste
}

var reCodePostal = regexp.MustCompile(`^(\d{2}\s?\d{3}|\d{4})(?:\s+(.*))?$`)

// lireCodePostal returns the 5-digit code and any commune written after it
// (« 31000 Toulouse »). A 4-digit code is one whose leading 0 a spreadsheet
// dropped (01000 Bourg-en-Bresse read as the number 1000).
func lireCodePostal(v string) (cp, commune, msg string) {
	if sansValeur(v) {
		return "", "", ""
	}
	m := reCodePostal.FindStringSubmatch(strings.TrimSpace(v))
	if m != nil {
		cp = strings.ReplaceAll(m[1], " ", "")
		if len(cp) == 4 {
			cp = "0" + cp
		}
		if p := cp[:2]; p >= "01" && p <= "95" || p == "97" || p == "98" {
			return cp, m[2], ""
		}
	}
	return "", "", fmt.Sprintf("code postal « %s » invalide : écrivez 5 chiffres, par exemple 31000", v)
}

var reDepartement = regexp.MustCompile(`(?i)(?:^|[^0-9a-z])(97\d|98\d|2[ab]|\d{1,3})(?:$|[^0-9a-z])`)

// lireDepartement reads « 31 », « 031 », « 2a », « Haute-Garonne »,
// « 31 - Haute-Garonne » or « Haute-Garonne (31) ».
func lireDepartement(v string) (string, string) {
	if sansValeur(v) {
		return "", ""
	}
	if m := reDepartement.FindStringSubmatch(" " + v + " "); m != nil {
		code := strings.ToUpper(m[1])
		if code == "20" || code == "020" {
			return "", fmt.Sprintf("département « %s » ambigu : écrivez 2A (Corse-du-Sud) ou 2B (Haute-Corse)", v)
		}
		if d, ok := refdata.DepartementByCode(code); ok {
			return d.Code, ""
		}
	} else {
		n := normaliser(v)
		for _, d := range refdata.Departements() {
			if normaliser(d.Nom) == n {
				return d.Code, ""
			}
		}
	}
	return "", fmt.Sprintf("département « %s » non reconnu : écrivez son numéro, par exemple 31, 2A ou 971", v)
}

// departementDuCodePostal derives the département from a postcode. The
// communes of the postcode decide; when they lie in several départements
// (all of Corsica's postcodes start with 20, and a few others cross a
// border), the commune's name decides, and "" is returned when it does not
// match: a wrong département would send the CEE to the wrong académie.
// Postcodes unknown to the commune table (CEDEX) fall back on their prefix,
// except in Corsica.
func departementDuCodePostal(cp, commune string) string {
	if len(cp) != 5 {
		return ""
	}
	deps := map[string]bool{}
	cs := refdata.CommunesOfCodePostal(cp)
	for _, c := range cs {
		deps[c.Departement] = true
	}
	if len(deps) == 1 {
		return cs[0].Departement
	}
	if len(deps) > 1 {
		n := nomCommune(commune)
		trouve := ""
		for _, c := range cs {
			if n != "" && nomCommune(c.Nom) == n {
				if trouve != "" && trouve != c.Departement {
					return ""
				}
				trouve = c.Departement
			}
		}
		return trouve
	}
	switch {
	case strings.HasPrefix(cp, "20"):
		return ""
	case cp[:2] == "97" || cp[:2] == "98":
		if _, ok := refdata.DepartementByCode(cp[:3]); ok {
			return cp[:3]
		}
		return ""
	}
	if d, ok := refdata.DepartementByCode(cp[:2]); ok {
		return d.Code
	}
	return ""
}

// nomCommune compares commune names the way people write them: without
// accents, hyphens or the leading article, with « St » for « Saint ».
func nomCommune(s string) string {
	mots := strings.Fields(normaliser(s))
	if len(mots) > 1 {
		switch mots[0] {
		case "le", "la", "les", "l":
			mots = mots[1:]
		}
	}
	for i, m := range mots {
		switch m {
		case "st":
			mots[i] = "saint"
		case "ste":
			mots[i] = "sainte"
		}
	}
	return strings.Join(mots, " ")
}

// lireSpecialites splits a cell on ; , | and line breaks; bullets that people
// type before each item are dropped.
func lireSpecialites(v string) []string {
	if sansValeur(v) {
		return nil
	}
	morceaux := strings.FieldsFunc(v, func(r rune) bool {
		return r == ';' || r == ',' || r == '|' || r == '\n' || r == '\r'
	})
	var l []string
	for _, m := range morceaux {
		m = nettoyer(strings.TrimLeft(strings.TrimSpace(m), "-–—•·*▪◦> \t"))
		if m != "" && !sansValeur(m) {
			l = append(l, m)
		}
	}
	return l
}

// Dates.
var (
	reDateJMA    = regexp.MustCompile(`^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*([/.\-])\s*(\d{4}|\d{2})(?:(?:\s+|\s*[T,à]\s*)\d{1,2}\s*[:h]\s*\d{2}(?:\s*:\s*\d{2})?)?$`)
	reDateAMJ    = regexp.MustCompile(`^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$`)
	reCompacte   = regexp.MustCompile(`^(19|20)(\d{2})(\d{2})(\d{2})$`)
	reSerie      = regexp.MustCompile(`^\d{1,7}(?:[.,]\d+)?$`)
	reDateMois   = regexp.MustCompile(`^(\d{1,2})(?:er)? ([a-z]+) (\d{4})$`)
	moisFrancais = map[string]int{
		"janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
		"mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "sep": 9,
		"octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
	}
)

// reJourSemaine is the weekday the exam division's tools write before a
// date: « lundi 14/06/2027 », « Lun. 14 juin 2027 ». It must be the date's.
var (
	reJourSemaine = regexp.MustCompile(`(?i)^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim)\.?,?\s+`)
	joursSemaine  = map[string]time.Weekday{"dim": time.Sunday, "lun": time.Monday, "mar": time.Tuesday, "mer": time.Wednesday,
		"jeu": time.Thursday, "ven": time.Friday, "sam": time.Saturday}
)

// Mandates started after 1950 and end before 2100: outside, the value is a
// typo or a number that is no date (2024 read as a serial is 1905).
const anneeMin, anneeMax = 1950, 2100

// lireDate reads the date formats of French files and Excel serial numbers
// (days since 30/12/1899, or since 01/01/1904 in a workbook in the 1904
// system), which is how a date cell arrives when read raw or when a CSV
// export lost its formatting. colonne is the header, for the message.
func lireDate(v, colonne string, date1904 bool) (time.Time, string) {
	if sansValeur(v) {
		return time.Time{}, ""
	}
	s := strings.TrimSpace(v)
	exemple := "écrivez-la JJ/MM/AAAA, par exemple 01/09/2025"
	nonReconnue := fmt.Sprintf("date « %s » non reconnue dans la colonne « %s » : %s", v, colonne, exemple)
	jour, avecJour := time.Weekday(0), false
	if p := reJourSemaine.FindStringSubmatch(s); p != nil && !reSerie.MatchString(s[len(p[0]):]) {
		jour, avecJour = joursSemaine[strings.ToLower(p[1])[:3]], true
		s = s[len(p[0]):]
	}
	var a, m, j int
	switch {
	case reDateJMA.MatchString(s):
		p := reDateJMA.FindStringSubmatch(s)
		if p[2] != p[4] {
			return time.Time{}, nonReconnue
		}
		j, m, a = atoi(p[1]), atoi(p[3]), atoi(p[5])
		if len(p[5]) == 2 {
			a += 2000
		}
	case reDateAMJ.MatchString(s):
		p := reDateAMJ.FindStringSubmatch(s)
		a, m, j = atoi(p[1]), atoi(p[2]), atoi(p[3])
	case reCompacte.MatchString(s):
		p := reCompacte.FindStringSubmatch(s)
		a, m, j = atoi(p[1]+p[2]), atoi(p[3]), atoi(p[4])
	case reSerie.MatchString(s):
		f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil {
			return time.Time{}, nonReconnue
		}
		base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		if date1904 {
			base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		d := base.AddDate(0, 0, int(math.Floor(f)))
		if d.Year() < anneeMin || d.Year() > anneeMax {
			return time.Time{}, nonReconnue
		}
		return d, ""
	default:
		p := reDateMois.FindStringSubmatch(normaliser(s))
		if p == nil || moisFrancais[p[2]] == 0 {
			return time.Time{}, nonReconnue
		}
		j, m, a = atoi(p[1]), moisFrancais[p[2]], atoi(p[3])
	}
	d := time.Date(a, time.Month(m), j, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d.Day() != j || int(d.Month()) != m {
		return time.Time{}, fmt.Sprintf("la date « %s » de la colonne « %s » n'existe pas : vérifiez le jour et le mois (JJ/MM/AAAA)", v, colonne)
	}
	if a < anneeMin || a > anneeMax {
		return time.Time{}, fmt.Sprintf("date « %s » invraisemblable dans la colonne « %s » (année %d) : vérifiez l'année", v, colonne, a)
	}
	if avecJour && d.Weekday() != jour {
		return time.Time{}, fmt.Sprintf("date « %s » de la colonne « %s » : c'est le %s ; vérifiez le jour ou la date", v, colonne, model.Jour(d))
	}
	return d, ""
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
