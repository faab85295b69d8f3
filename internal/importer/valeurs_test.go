package importer

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestChampDeEntete(t *testing.T) {
	tests := []struct{ entete, champ string }{
		{"E-MAIL", champEmail},
		{"Adresse électronique", champEmail},
		{"ADRESSE ELECTRONIQUE", champEmail},
		{"Courriel pro", champEmail},
		{"Mél.", champEmail},
		{"Prénom", champPrenom},
		{"PRENOM", champPrenom},
		{"Prénom du CEE", champPrenom},
		{"  Code Postal  ", champCodePostal},
		{"C.P.", champCodePostal},
		{"Tél.", champTelephone},
		{"Téléphone 2", champTelephone},
		{"Nom de famille", champNom},
		{"Nom du conseiller", champNom},
		{"Nom *", champNom},
		{"Nom de l'entreprise", champEntreprise},
		{"Raison sociale", champEntreprise},
		{"N° SIRET", champSIRET},
		{"Nº SIRET", champSIRET},
		{"Statut (employeur/salarié)", champStatut},
		{"Code NAF", champCodeNAF},
		{"APE", champCodeNAF},
		{"Activité", champSecteur},
		{"Organisation proposante", champOrganisation},
		{"Ville", champCommune},
		{"Dépt.", champDepartement},
		{"Date de nomination (JJ/MM/AAAA)", champDebutMandat},
		{"Début de mandat", champDebutMandat},
		{"Fin", champFinMandat},
		{"Échéance du mandat", champFinMandat},
		{"Spécialité(s)", champSpecialites},
		{"Diplômes", champSpecialites},
		{"Nom Prénom", champNomPrenom},
		{"Civilité", champCivilite},
		// Not fields: left unknown, never guessed.
		{"Nom de la structure", ""},
		{"Établissement", ""},
		{"Observations", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := champDeEntete(tt.entete, aliasIndex); got != tt.champ {
			t.Errorf("champDeEntete(%q) = %q, want %q", tt.entete, got, tt.champ)
		}
	}
}

func TestLireEmail(t *testing.T) {
	tests := []struct {
		in, want string
		erreur   string // substring of the message, "" when valid
	}{
		{"Jean.Dupont@Exemple.FR", "jean.dupont@exemple.fr", ""},
		{" mailto:j.o'brien+cee@sub.exemple.com ", "j.o'brien+cee@sub.exemple.com", ""},
		{"<anne@exemple.fr>", "anne@exemple.fr", ""},
		{"jean.dupont.exemple.fr", "", "il manque le @"},
		{"jean@exemple", "", "fin du domaine"},
		{"jean dupont@exemple.fr", "", "espace"},
		{"a@exemple.fr; b@exemple.fr", "", "plusieurs adresses"},
		{"hélène@exemple.fr", "", "accent"},
		{"jean..dupont@exemple.fr", "", "prenom.nom@exemple.fr"},
	}
	for _, tt := range tests {
		got, msg := lireEmail(tt.in)
		if got != tt.want || (tt.erreur == "") != (msg == "") || !strings.Contains(msg, tt.erreur) {
			t.Errorf("lireEmail(%q) = %q, %q; want %q, message with %q", tt.in, got, msg, tt.want, tt.erreur)
		}
	}
}

func TestLireTelephone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0612345678", "06 12 34 56 78"},
		{"06.12.34.56.78", "06 12 34 56 78"},
		{"06-12-34-56-78", "06 12 34 56 78"},
		{"+33 6 12 34 56 78", "06 12 34 56 78"},
		{"+33 (0)5 61 12 34 56", "05 61 12 34 56"},
		{"0033 612345678", "06 12 34 56 78"},
		{"33612345678", "06 12 34 56 78"},
		{"612345678", "06 12 34 56 78"}, // leading 0 dropped by a spreadsheet
		{"+262 692 12 34 56", "06 92 12 34 56"},
		{"+32 2 123 45 67", "+3221234567"},
		{"-", ""},
		{"NC", ""},
		{"06 12 34 56", "!"},
		{"0012", "!"},
		{"+33 6 12", "!"},
		{"appeler le standard", "!"},
		{"06 12 34 56 78 poste 12", "!"},
		{"00 12 34 56 78", "!"},
		{"06 12 34 56 78 / 05 61 00 00 00", "!plusieurs"},
	}
	for _, tt := range tests {
		got, msg := lireTelephone(tt.in)
		if strings.HasPrefix(tt.want, "!") {
			if msg == "" || !strings.Contains(msg, strings.TrimPrefix(tt.want, "!")) || got != "" {
				t.Errorf("lireTelephone(%q) = %q, %q; want an error %q", tt.in, got, msg, tt.want)
			}
			continue
		}
		if got != tt.want || msg != "" {
			t.Errorf("lireTelephone(%q) = %q, %q; want %q", tt.in, got, msg, tt.want)
		}
	}
}

func TestLireSIRET(t *testing.T) {
	tests := []struct {
		in, want, erreur string
	}{
		{"73282932000074", "73282932000074", ""},
		{"732 829 320 00074", "73282932000074", ""},
		{"7.3282932000074E+13", "73282932000074", ""},
		// La Poste: Luhn fails, the sum of the digits is a multiple of 5.
		{"35600000049837", "35600000049837", ""},
		{"35600000000001", "35600000000001", ""},
		{"35600000000000", "", "clé de contrôle"},
		{"73282932000075", "", "clé de contrôle"},
		{"732829320", "", "SIREN"},
		{"7328293200007", "", "13 chiffres"},
		{"732829320000741", "", "15 trouvés"},
		{"7,32829E+13", "", "notation scientifique"},
		{"SIRET 73282932000074", "", "que 14 chiffres"},
	}
	for _, tt := range tests {
		got, msg := LireSIRET(tt.in)
		if got != tt.want || (tt.erreur == "") != (msg == "") || !strings.Contains(msg, tt.erreur) {
			t.Errorf("LireSIRET(%q) = %q, %q; want %q, message with %q", tt.in, got, msg, tt.want, tt.erreur)
		}
	}
}

func TestLireDate(t *testing.T) {
	d := func(a, m, j int) time.Time { return time.Date(a, time.Month(m), j, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in     string
		want   time.Time
		erreur string
	}{
		{"01/09/2025", d(2025, 9, 1), ""},
		{"1/9/2025", d(2025, 9, 1), ""},
		{"01-09-2025", d(2025, 9, 1), ""},
		{"01.09.2025", d(2025, 9, 1), ""},
		{"2025-09-01", d(2025, 9, 1), ""},
		{"2025-09-01T00:00:00Z", d(2025, 9, 1), ""},
		{"01/09/2025 00:00", d(2025, 9, 1), ""},
		{"01/09/25", d(2025, 9, 1), ""},
		{"20250901", d(2025, 9, 1), ""},
		{"1er septembre 2025", d(2025, 9, 1), ""},
		{"lundi 14/06/2027", d(2027, 6, 14), ""},
		{"Lun. 14 juin 2027", d(2027, 6, 14), ""},
		{"MARDI 15/06/2027 08:00", d(2027, 6, 15), ""},
		{"mardi 14/06/2027", time.Time{}, "c'est le lundi 14 juin 2027"},
		{"45292", d(2024, 1, 1), ""},
		{"45292.75", d(2024, 1, 1), ""},
		{"", time.Time{}, ""},
		{"31/02/2025", time.Time{}, "n'existe pas"},
		{"12/13/2025", time.Time{}, "n'existe pas"},
		{"bientôt", time.Time{}, "« bientôt » non reconnue dans la colonne « Début »"},
		{"2024", time.Time{}, "non reconnue"},
		{"01/09/1925", time.Time{}, "invraisemblable"},
		{"01/09-2025", time.Time{}, "non reconnue"},
	}
	for _, tt := range tests {
		got, msg := lireDate(tt.in, "Début", false)
		if !got.Equal(tt.want) || (tt.erreur == "") != (msg == "") || !strings.Contains(msg, tt.erreur) {
			t.Errorf("lireDate(%q) = %v, %q; want %v, message with %q", tt.in, got, msg, tt.want, tt.erreur)
		}
	}
	// The 1904 system counts from 01/01/1904: 43830 is then 2024-01-01.
	if got, msg := lireDate("43830", "Début", true); !got.Equal(d(2024, 1, 1)) || msg != "" {
		t.Errorf("lireDate 1904 = %v, %q", got, msg)
	}
}

func TestLireNAF(t *testing.T) {
	tests := []struct{ in, code, reste string }{
		{"6201Z", "62.01Z", ""},
		{"62.01z", "62.01Z", ""},
		{"62.01 Z", "62.01Z", ""},
		{"62.01Z - Programmation informatique", "62.01Z", "Programmation informatique"},
		{"43.22A (Travaux d'installation d'eau et de gaz)", "43.22A", "Travaux d'installation d'eau et de gaz"},
		{"99.99Z", "", "99.99Z"},
		{"Bâtiment", "", "Bâtiment"},
		{"62.01", "", "62.01"},
	}
	for _, tt := range tests {
		code, reste := lireNAF(tt.in)
		if code != tt.code || reste != tt.reste {
			t.Errorf("lireNAF(%q) = %q, %q; want %q, %q", tt.in, code, reste, tt.code, tt.reste)
		}
	}
}

func TestLireStatutCivilite(t *testing.T) {
	statuts := []struct{ in, want string }{
		{"Employeur", "employeur"},
		{"chef d'entreprise", "employeur"},
		{"Cheffe d’entreprise", "employeur"},
		{"Salarié(e)", "salarie"},
		{"SALARIEE", "salarie"},
		{"Salarié du privé", "salarie"},
		{"Artisan", "artisan"},
		{"Artisan boulanger", "artisan"},
		{"Autre", "autre"},
		{"", ""},
		{"astronaute", "!"},
		{"--------------------------", "!"},
	}
	for _, tt := range statuts {
		got, msg := lireStatut(tt.in)
		if tt.want == "!" {
			if msg == "" || !strings.Contains(msg, "employeur, salarié, artisan ou autre") {
				t.Errorf("lireStatut(%q): want an error, got %q, %q", tt.in, got, msg)
			}
		} else if got != tt.want || msg != "" {
			t.Errorf("lireStatut(%q) = %q, %q; want %q", tt.in, got, msg, tt.want)
		}
	}
	civilites := []struct{ in, want string }{
		{"M.", "M."}, {"M", "M."}, {"Monsieur", "M."}, {"Mme", "Mme"}, {"MADAME", "Mme"}, {"Mlle", "Mme"}, {"F", "Mme"}, {"", ""}, {"Dr", "!"},
	}
	for _, tt := range civilites {
		got, msg := lireCivilite(tt.in)
		if (tt.want == "!") != (msg != "") || tt.want != "!" && got != tt.want {
			t.Errorf("lireCivilite(%q) = %q, %q; want %q", tt.in, got, msg, tt.want)
		}
	}
}

func TestAdresse(t *testing.T) {
	cps := []struct{ in, cp, commune string }{
		{"31000", "31000", ""},
		{"1000", "01000", ""},
		{"31 000", "31000", ""},
		{"31000 Toulouse", "31000", "Toulouse"},
		{"3100", "03100", ""},
		{"99000", "", ""},
		{"Toulouse", "", ""},
	}
	for _, tt := range cps {
		cp, commune, msg := lireCodePostal(tt.in)
		if cp != tt.cp || commune != tt.commune || (cp == "") != (msg != "") {
			t.Errorf("lireCodePostal(%q) = %q, %q, %q; want %q, %q", tt.in, cp, commune, msg, tt.cp, tt.commune)
		}
	}
	deps := []struct{ in, want string }{
		{"31", "31"}, {"031", "31"}, {"1", "01"}, {"2a", "2A"}, {"971", "971"},
		{"Haute-Garonne", "31"}, {"haute garonne", "31"}, {"Haute-Garonne (31)", "31"}, {"31 - Haute-Garonne", "31"},
		{"20", "!ambigu"}, {"99", "!non reconnu"}, {"Gascogne", "!non reconnu"},
	}
	for _, tt := range deps {
		got, msg := lireDepartement(tt.in)
		if strings.HasPrefix(tt.want, "!") {
			if !strings.Contains(msg, tt.want[1:]) {
				t.Errorf("lireDepartement(%q) = %q, %q; want error %q", tt.in, got, msg, tt.want)
			}
		} else if got != tt.want || msg != "" {
			t.Errorf("lireDepartement(%q) = %q, %q; want %q", tt.in, got, msg, tt.want)
		}
	}
	derives := []struct{ cp, commune, want string }{
		{"31000", "Toulouse", "31"},
		{"31000", "", "31"},
		{"01000", "", "01"},
		{"97400", "Saint-Denis", "974"},
		{"20000", "Ajaccio", "2A"},
		{"20200", "", "2B"},
		{"20167", "Mezzavia", "2A"}, // all its communes are in Corse-du-Sud
		// 05110 serves communes of Alpes-de-Haute-Provence and of
		// Hautes-Alpes: the commune decides, and without a match the
		// département stays unknown.
		{"05110", "Claret", "04"},
		{"05110", "Saulce", "05"},
		{"05110", "", ""},
		{"05110", "Gap", ""},
		{"31055", "", "31"}, // CEDEX, unknown to the commune table
		{"20999", "", ""},   // unknown Corsican postcode: 2A or 2B cannot be told
	}
	for _, tt := range derives {
		if got := departementDuCodePostal(tt.cp, tt.commune); got != tt.want {
			t.Errorf("departementDuCodePostal(%q, %q) = %q, want %q", tt.cp, tt.commune, got, tt.want)
		}
	}
}

func TestRessembleFormule(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"=1+1", true},
		{"=HYPERLINK(\"http://x\")", true},
		{"+cmd|' /C calc'!A0", true},
		{"-2+3+cmd|' /C calc'!A0", true},
		{"@SUM(1+9)", true},
		{"+A1", true},
		{"-SOMME(A1:A3)", true},
		{"+33 6 12 34 56 78", false},
		{"- Électricité", false},
		{"-5", false},
		{"@", false},
		{"Dupont", false},
		{"jean@exemple.fr", false},
	}
	for _, tt := range tests {
		if got := ressembleFormule(tt.in); got != tt.want {
			t.Errorf("ressembleFormule(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSeparerNomPrenom(t *testing.T) {
	tests := []struct {
		in, nom, prenom string
		ok              bool
	}{
		{"DUPONT Jean", "DUPONT", "Jean", true},
		{"DE LA TOUR Marie-Claire", "DE LA TOUR", "Marie-Claire", true},
		{"Jean-Marc N'DIAYE", "N'DIAYE", "Jean-Marc", true},
		{"Jean Dupont", "", "", false},
		{"DUPONT JEAN", "", "", false},
		{"DUPONT", "", "", false},
	}
	for _, tt := range tests {
		nom, prenom, ok := separerNomPrenom(tt.in)
		if nom != tt.nom || prenom != tt.prenom || ok != tt.ok {
			t.Errorf("separerNomPrenom(%q) = %q, %q, %v; want %q, %q, %v", tt.in, nom, prenom, ok, tt.nom, tt.prenom, tt.ok)
		}
	}
}

func TestLireSpecialites(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"CAP Maçon; BP Maçon", []string{"CAP Maçon", "BP Maçon"}},
		{"Bac pro MEI, BTS CRSA | CAP Boulanger", []string{"Bac pro MEI", "BTS CRSA", "CAP Boulanger"}},
		{"- Électricité\n- Plomberie\r\n\n", []string{"Électricité", "Plomberie"}},
		{" ;  ; ", nil},
		{"néant", nil},
	}
	for _, tt := range tests {
		if got := lireSpecialites(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("lireSpecialites(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLecteurCSV(t *testing.T) {
	tests := []struct {
		in   string
		sep  byte
		want [][]string
	}{
		{"a;b\r\nc;d\r\n", ';', [][]string{{"a", "b"}, {"c", "d"}}},
		{"a,\"b,c\"\n\n\"d\"\"e\",f", ',', [][]string{{"a", "b,c"}, {""}, {"d\"e", "f"}}},
		{"a;\"ligne 1\nligne 2\";c\rd;e", ';', [][]string{{"a", "ligne 1\nligne 2", "c"}, {"d", "e"}}},
		{"\"Le Bon Coin\" SAS;x", ';', [][]string{{"Le Bon Coin SAS", "x"}}},
		{"a;b;", ';', [][]string{{"a", "b", ""}}},
		// A cell with line breaks in the first column, whose last line holds
		// the other cells, is not mistaken for an unclosed quote.
		{"a;b;c\n\"CAP\nBP\";y;z\n", ';', [][]string{{"a", "b", "c"}, {"CAP\nBP", "y", "z"}}},
	}
	for _, tt := range tests {
		got, ill := enLignes(lireTout(tt.in, tt.sep, 3))
		if len(ill) != 0 || !slices.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("lireTout(%q) = %q, %v; want %q", tt.in, got, ill, tt.want)
		}
	}
}

// A quote never closed costs its own line only when the next line is a
// record; at the end of the file, every line it swallowed is counted.
func TestLecteurCSVGuillemetNonFerme(t *testing.T) {
	lignes, ill := enLignes(lireTout("a;b;c\nd;\"e;f\ng;h;i\nj;k;\"l\"\n", ';', 3))
	want := [][]string{{"a", "b", "c"}, nil, {"g", "h", "i"}, {"j", "k", "l"}}
	if !slices.EqualFunc(lignes, want, slices.Equal) || len(ill) != 1 ||
		!strings.Contains(ill[1], "guillemet (\") non fermé — la ligne 2 n'a pas pu être lue") {
		t.Errorf("lignes %q, illisibles %v", lignes, ill)
	}
	lignes, ill = enLignes(lireTout("a;b;c\nd;\"e;f\ng\nh\n", ';', 3))
	if len(lignes) != 4 || len(ill) != 3 || !strings.Contains(ill[1], "les lignes 2 à 4 n'ont pas pu être lues") ||
		!strings.Contains(ill[3], "guillemet non fermé de la ligne 2") {
		t.Errorf("lignes %q, illisibles %v", lignes, ill)
	}
}

func TestDecoderTexte(t *testing.T) {
	accents := strings.Repeat("Lefèvre;Éloïse;Hélène\n", 3)
	tests := []struct {
		nom  string
		in   []byte
		want string
		enc  Encodage
		ok   bool
	}{
		{"UTF-8", []byte("Nom;Prénom"), "Nom;Prénom", UTF8, true},
		{"BOM retiré", []byte("\xEF\xBB\xBFNom;Prénom"), "Nom;Prénom", UTF8, true},
		{"Windows-1252", []byte("Nom;Pr\xE9nom;\x80"), "Nom;Prénom;€", Windows1252, true},
		// One stray byte in a UTF-8 file: still UTF-8, the byte marked.
		{"UTF-8 et un octet invalide", []byte("Nom;Prénom\n" + accents + "Dupont;Jos\xE9;x\n"),
			"Nom;Prénom\n" + accents + "Dupont;Jos\uFFFD;x\n", UTF8, true},
		{"UTF-16LE", []byte("\xFF\xFEN\x00o\x00m\x00"), "Nom", UTF16, true},
		{"NUL", []byte("Nom;Prénom\x00;Courriel"), "", UTF8, false},
		{"binaire", []byte{0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5, 6, 7, 8, 0x1a, 0x1b}, "", "", false},
	}
	for _, tt := range tests {
		got, enc, ok := DecoderTexte(tt.in)
		if ok != tt.ok || ok && (got != tt.want || enc != tt.enc) {
			t.Errorf("%s: DecoderTexte = %q, %s, %v; want %q, %s, %v", tt.nom, got, enc, ok, tt.want, tt.enc, tt.ok)
		}
	}
}

func TestFormulesDe(t *testing.T) {
	tests := []struct {
		xml  string
		want []cellule
		ok   bool
	}{
		{`<row r="2"><c r="A2"><v>1</v></c><c r="B2" s="3"><f>A1&amp;"x"</f><v>1x</v></c></row>`, []cellule{{1, 1}}, true},
		{`<c r="C3"><f t="shared" ref="C3:C4" si="0">A3</f></c><c r="C4"><f t="shared" si="0"/><v>2</v></c>`, []cellule{{2, 2}, {3, 2}}, true},
		{`<x:c r="AA10"><x:f>SUM(A1:A3)</x:f></x:c>`, []cellule{{9, 26}}, true},
		{`<c r='D5'><f>1</f></c>`, []cellule{{4, 3}}, true},
		{`<c r="A1" t="inlineStr"><is><t>&lt;f&gt;</t></is></c><dataValidation><formula1>1</formula1></dataValidation>`, nil, true},
		{`<filterColumn colId="0"><filters/></filterColumn><font/><cols><col min="1"/></cols>`, nil, true},
		{`<c><f>1</f></c>`, nil, false}, // no reference: excelize must tell
	}
	for _, tt := range tests {
		got, ok := formulesDe([]byte(tt.xml))
		var cells []cellule
		for c := range got {
			cells = append(cells, c)
		}
		slices.SortFunc(cells, func(a, b cellule) int { return a.ligne*1000 + a.colonne - b.ligne*1000 - b.colonne })
		if ok != tt.ok || !slices.Equal(cells, tt.want) {
			t.Errorf("formulesDe(%s) = %v, %v; want %v, %v", tt.xml, cells, ok, tt.want, tt.ok)
		}
	}
}
