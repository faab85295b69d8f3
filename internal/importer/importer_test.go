package importer

import (
	"cee/internal/model"

	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// formule is a cell written as a real formula in a test workbook.
type formule string

// formate is a number shown with a custom number format.
type formate struct {
	valeur any
	format string
}

type feuille struct {
	nom    string
	lignes [][]any
	cachee bool
}

// classeur builds an XLSX file. time.Time values become real date cells
// (a serial number with a date format), formule values real formulas.
func classeur(tb testing.TB, feuilles ...feuille) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for k, fe := range feuilles {
		if k == 0 {
			if err := f.SetSheetName("Sheet1", fe.nom); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := f.NewSheet(fe.nom); err != nil {
			tb.Fatal(err)
		}
		sw, err := f.NewStreamWriter(fe.nom)
		if err != nil {
			tb.Fatal(err)
		}
		for i, l := range fe.lignes {
			cells := make([]any, len(l))
			for j, v := range l {
				switch v := v.(type) {
				case formule:
					cells[j] = excelize.Cell{Formula: string(v)}
				case formate:
					style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &v.format})
					if err != nil {
						tb.Fatal(err)
					}
					cells[j] = excelize.Cell{StyleID: style, Value: v.valeur}
				default:
					cells[j] = v
				}
			}
			ref, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := sw.SetRow(ref, cells); err != nil {
				tb.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			tb.Fatal(err)
		}
		if fe.cachee {
			if err := f.SetSheetVisible(fe.nom, false); err != nil {
				tb.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// en1904 switches a workbook to the 1904 date system of old Mac Excel.
func en1904(tb testing.TB, data []byte) []byte {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	oui := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &oui}); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func date(a, m, j int) time.Time { return time.Date(a, time.Month(m), j, 0, 0, 0, 0, time.UTC) }

func windows1252(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// erreurs formats the errors of a report for comparisons and messages.
func erreurs(r Rapport) []string {
	var l []string
	for _, e := range r.Erreurs {
		l = append(l, fmt.Sprintf("%d|%s|%s", e.Ligne, e.Colonne, e.Message))
	}
	return l
}

// aErreur tells whether the report has an error on a line and column whose
// message holds all the given fragments.
func aErreur(r Rapport, ligne int, colonne string, fragments ...string) bool {
	for _, e := range r.Erreurs {
		if e.Ligne != ligne || e.Colonne != colonne {
			continue
		}
		ok := true
		for _, f := range fragments {
			ok = ok && strings.Contains(e.Message, f)
		}
		if ok {
			return true
		}
	}
	return false
}

func TestLire(t *testing.T) {
	tests := []struct {
		nom     string
		fichier string
		data    []byte
		verif   func(t *testing.T, r Rapport)
	}{
		{
			nom:     "en-têtes désordonnés, séparateur point-virgule",
			fichier: "cee.csv",
			data: []byte("Civilité;NOM;Prénom;E-MAIL;Tél.;  Code Postal  ;Ville;Raison sociale;N° SIRET;Statut (employeur/salarié);" +
				"Code NAF;Organisation proposante;Date de nomination (JJ/MM/AAAA);Fin de mandat;Spécialité(s);Observations\r\n" +
				"Mme;  Durand   de la  Tour ; Anne-Marie ;Anne.Durand@Exemple.FR;+33 6 12 34 56 78;31000;Toulouse;" +
				"Boulangerie Durand;732 829 320 00074;Cheffe d'entreprise;1071C - Boulangerie et boulangerie-pâtisserie;" +
				"CMA 31;01/09/2023;31/08/2029;\"CAP Boulanger; BP Boulanger\nMC Pâtisserie\";RAS\r\n"),
			verif: func(t *testing.T, r Rapport) {
				want := Ligne{
					Numero: 2, Civilite: "Mme", Nom: "Durand de la Tour", Prenom: "Anne-Marie",
					Email: "anne.durand@exemple.fr", Telephone: "06 12 34 56 78", Entreprise: "Boulangerie Durand",
					SIRET: "73282932000074", Statut: "employeur", CodeNAF: "10.71C",
					Secteur: "Boulangerie et boulangerie-pâtisserie", Organisation: "CMA 31", Commune: "Toulouse",
					CodePostal: "31000", Departement: "31", DebutMandat: date(2023, 9, 1), FinMandat: date(2029, 8, 31),
					Specialites: []string{"CAP Boulanger", "BP Boulanger", "MC Pâtisserie"},
				}
				if len(r.Lignes) != 1 || len(r.Erreurs) != 0 {
					t.Fatalf("lignes %d, erreurs %q", len(r.Lignes), erreurs(r))
				}
				if got := r.Lignes[0]; fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
					t.Errorf("ligne\n got %#v\nwant %#v", got, want)
				}
				wantCols := map[string]string{
					"Civilite": "Civilité", "Nom": "NOM", "Prenom": "Prénom", "Email": "E-MAIL", "Telephone": "Tél.",
					"CodePostal": "Code Postal", "Commune": "Ville", "Entreprise": "Raison sociale", "SIRET": "N° SIRET",
					"Statut": "Statut (employeur/salarié)", "CodeNAF": "Code NAF", "Organisation": "Organisation proposante",
					"DebutMandat": "Date de nomination (JJ/MM/AAAA)", "FinMandat": "Fin de mandat", "Specialites": "Spécialité(s)",
				}
				if fmt.Sprint(r.Colonnes) != fmt.Sprint(wantCols) {
					t.Errorf("Colonnes = %v\nwant %v", r.Colonnes, wantCols)
				}
				if !slices.Equal(r.ColonnesInconnues, []string{"Observations"}) {
					t.Errorf("ColonnesInconnues = %q", r.ColonnesInconnues)
				}
			},
		},
		{
			nom:     "séparateur virgule, Adresse électronique, guillemets",
			fichier: "export.csv",
			data: []byte("Nom,Prénom,Adresse électronique,Entreprise,Spécialités\n" +
				"Martin,Paul,paul.martin@exemple.fr,\"Martin, Fils & Cie\",\"CAP Maçon, BP Maçon\"\n" +
				"\"N'Guyen\",Linh,linh@exemple.fr,\"La \"\"Belle\"\" Équipe\",\n"),
			verif: func(t *testing.T, r Rapport) {
				if len(r.Lignes) != 2 || len(r.Erreurs) != 0 {
					t.Fatalf("lignes %d, erreurs %q", len(r.Lignes), erreurs(r))
				}
				l := r.Lignes[0]
				if l.Entreprise != "Martin, Fils & Cie" || !slices.Equal(l.Specialites, []string{"CAP Maçon", "BP Maçon"}) {
					t.Errorf("ligne 2 = %+v", l)
				}
				if l := r.Lignes[1]; l.Nom != "N'Guyen" || l.Entreprise != `La "Belle" Équipe` || l.Specialites != nil || l.Numero != 3 {
					t.Errorf("ligne 3 = %+v", l)
				}
				if r.Colonnes["Email"] != "Adresse électronique" {
					t.Errorf("Colonnes = %v", r.Colonnes)
				}
			},
		},
		{
			nom:     "UTF-8 avec BOM",
			fichier: "bom.csv",
			data:    []byte("\ufeffNom;Prénom;Courriel\r\nÉtienne;Hélène;helene@exemple.fr\r\n"),
			verif: func(t *testing.T, r Rapport) {
				if r.Colonnes["Nom"] != "Nom" {
					t.Errorf("the BOM stuck to the first header: Colonnes = %v, inconnues %q", r.Colonnes, r.ColonnesInconnues)
				}
				if len(r.Lignes) != 1 || r.Lignes[0].Nom != "Étienne" || r.Lignes[0].Prenom != "Hélène" {
					t.Errorf("lignes = %+v, erreurs %q", r.Lignes, erreurs(r))
				}
			},
		},
		{
			nom:     "Windows-1252",
			fichier: "excel-windows.csv",
			data:    windows1252(t, "Nom;Prénom;Courriel;Commune\r\nLefèvre;Éloïse;eloise@exemple.fr;Saint-Étienne\r\n"),
			verif: func(t *testing.T, r Rapport) {
				if len(r.Lignes) != 1 {
					t.Fatalf("lignes = %+v, erreurs %q", r.Lignes, erreurs(r))
				}
				if l := r.Lignes[0]; l.Nom != "Lefèvre" || l.Prenom != "Éloïse" || l.Commune != "Saint-Étienne" {
					t.Errorf("ligne = %+v", l)
				}
				if r.Colonnes["Prenom"] != "Prénom" {
					t.Errorf("Colonnes = %v", r.Colonnes)
				}
			},
		},
		{
			nom:     "UTF-16 (Texte Unicode d'Excel), tabulations",
			fichier: "unicode.txt",
			data: func() []byte {
				b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(
					[]byte("Nom\tPrénom\tCourriel\r\nGarçon\tZoé\tzoe@exemple.fr\r\n"))
				if err != nil {
					t.Fatal(err)
				}
				return b
			}(),
			verif: func(t *testing.T, r Rapport) {
				if len(r.Lignes) != 1 || r.Lignes[0].Nom != "Garçon" || r.Lignes[0].Email != "zoe@exemple.fr" {
					t.Errorf("lignes = %+v, erreurs %q", r.Lignes, erreurs(r))
				}
			},
		},
		{
			nom:     "dates invalides et fin avant début",
			fichier: "dates.csv",
			data: []byte("Nom;Prénom;Courriel;Début;Date de fin\n" +
				"A;Anne;a@exemple.fr;31/02/2025;\n" +
				"B;Bruno;b@exemple.fr;bientôt;01/01/2030\n" +
				"C;Chloé;c@exemple.fr;01/09/2025;31/08/2025\n" +
				"D;Denis;d@exemple.fr;2025-09-01;1/9/31\n"),
			verif: func(t *testing.T, r Rapport) {
				if !aErreur(r, 2, "Début", "31/02/2025", "n'existe pas") {
					t.Errorf("31/02/2025 not reported: %q", erreurs(r))
				}
				if !aErreur(r, 3, "Début", "« bientôt »", "colonne « Début »", "JJ/MM/AAAA") {
					t.Errorf("« bientôt » not reported: %q", erreurs(r))
				}
				if !aErreur(r, 4, "Date de fin", "précède le début") {
					t.Errorf("end before start not reported: %q", erreurs(r))
				}
				if len(r.Erreurs) != 3 || len(r.Lignes) != 1 || r.Lignes[0].Numero != 5 ||
					!r.Lignes[0].DebutMandat.Equal(date(2025, 9, 1)) || !r.Lignes[0].FinMandat.Equal(date(2031, 9, 1)) {
					t.Errorf("lignes %+v, erreurs %q", r.Lignes, erreurs(r))
				}
			},
		},
		{
			nom:     "numéros de série Excel dans un CSV",
			fichier: "serie.csv",
			data:    []byte("Nom;Prénom;Courriel;Date de désignation;Date de fin\nA;Anne;a@exemple.fr;45292;47484\n"),
			verif: func(t *testing.T, r Rapport) {
				if len(r.Lignes) != 1 {
					t.Fatalf("erreurs %q", erreurs(r))
				}
				if l := r.Lignes[0]; !l.DebutMandat.Equal(date(2024, 1, 1)) || !l.FinMandat.Equal(date(2030, 1, 1)) {
					t.Errorf("dates = %v, %v", l.DebutMandat, l.FinMandat)
				}
			},
		},
		{
			nom:     "courriels en double",
			fichier: "doublons.csv",
			data: []byte("Nom;Prénom;Courriel\n" +
				"A;Anne;anne@exemple.fr\n" +
				"B;Bruno;bruno@exemple.fr\n" +
				"A;Anne;Anne@Exemple.fr\n" +
				"A;Anne;anne@exemple.fr\n"),
			verif: func(t *testing.T, r Rapport) {
				for _, ligne := range []int{4, 5} {
					if !aErreur(r, ligne, "Courriel", "anne@exemple.fr", "déjà présent ligne 2") {
						t.Errorf("line %d not reported as a duplicate of line 2: %q", ligne, erreurs(r))
					}
				}
				if len(r.Erreurs) != 2 || len(r.Lignes) != 2 || r.Lignes[0].Numero != 2 || r.Lignes[1].Numero != 3 {
					t.Errorf("lignes %+v, erreurs %q", r.Lignes, erreurs(r))
				}
			},
		},
		{
			nom:     "SIRET valide, invalide, La Poste",
			fichier: "siret.csv",
			data: []byte("Nom;Prénom;Courriel;SIRET\n" +
				"A;Anne;a@exemple.fr;73282932000074\n" +
				"B;Bruno;b@exemple.fr;73282932000075\n" +
				"C;Chloé;c@exemple.fr;7328293200007\n" +
				"D;Denis;d@exemple.fr;35600000049837\n" +
				"E;Émile;e@exemple.fr;\n"),
			verif: func(t *testing.T, r Rapport) {
				if !aErreur(r, 3, "SIRET", "73282932000075", "clé de contrôle") {
					t.Errorf("bad check digit not reported: %q", erreurs(r))
				}
				if !aErreur(r, 4, "SIRET", "13 chiffres") {
					t.Errorf("bad length not reported: %q", erreurs(r))
				}
				var sirets []string
				for _, l := range r.Lignes {
					sirets = append(sirets, l.SIRET)
				}
				if len(r.Erreurs) != 2 || !slices.Equal(sirets, []string{"73282932000074", "35600000049837", ""}) {
					t.Errorf("SIRET = %q, erreurs %q", sirets, erreurs(r))
				}
			},
		},
		{
			nom:     "lignes vides",
			fichier: "vides.csv",
			data: []byte("Nom;Prénom;Courriel\n" +
				"\n" +
				"A;Anne;a@exemple.fr\n" +
				";;\n" +
				" ; \u00a0 ;\n" +
				"B;Bruno;b@exemple.fr\n" +
				"\n\n;;\n"),
			verif: func(t *testing.T, r Rapport) {
				if r.Ignorees != 3 || len(r.Erreurs) != 0 || len(r.Lignes) != 2 || r.Lignes[0].Numero != 3 || r.Lignes[1].Numero != 6 {
					t.Errorf("Ignorees %d, lignes %+v, erreurs %q", r.Ignorees, r.Lignes, erreurs(r))
				}
			},
		},
		{
			nom:     "formule dans un CSV",
			fichier: "formule.csv",
			data: []byte("Nom;Prénom;Courriel;Téléphone;Spécialités\n" +
				"\"=HYPERLINK(\"\"http://x\"\";\"\"A\"\")\";Anne;a@exemple.fr;+33 6 12 34 56 78;- Électricité\n" +
				"B;Bruno;b@exemple.fr;-2+3+cmd|' /C calc'!A0;\n"),
			verif: func(t *testing.T, r Rapport) {
				if !aErreur(r, 2, "Nom", "formule refusée : saisissez la valeur, pas une formule") {
					t.Errorf("formula in Nom not reported: %q", erreurs(r))
				}
				if !aErreur(r, 3, "Téléphone", "formule refusée") {
					t.Errorf("DDE payload not reported: %q", erreurs(r))
				}
				// The formula is the only problem: no « nom manquant » on top.
				if len(r.Erreurs) != 2 || len(r.Lignes) != 0 {
					t.Errorf("lignes %+v, erreurs %q", r.Lignes, erreurs(r))
				}
			},
		},
		{
			nom:     "erreurs de ligne : manquants, courriel, téléphone, statut",
			fichier: "manquants.csv",
			data: []byte("Nom;Prénom;Courriel;Tél;Statut;Département\n" +
				";;;;;\n" +
				"Dupont;;jean.dupont.fr;06 12;astronaute;99\n" +
				"123;Jean;;;;\n"),
			verif: func(t *testing.T, r Rapport) {
				checks := []struct {
					ligne     int
					col, frag string
				}{
					{3, "Prénom", "prénom manquant"},
					{3, "Courriel", "il manque le @"},
					{3, "Tél", "« 06 12 »"},
					{3, "Statut", "« astronaute »"},
					{3, "Département", "« 99 »"},
					{4, "Nom", "sans aucune lettre"},
					{4, "Courriel", "courriel manquant"},
				}
				for _, c := range checks {
					if !aErreur(r, c.ligne, c.col, c.frag) {
						t.Errorf("missing error %d/%s/%s in %q", c.ligne, c.col, c.frag, erreurs(r))
					}
				}
				if len(r.Erreurs) != len(checks) || r.Ignorees != 1 || len(r.Lignes) != 0 {
					t.Errorf("erreurs %q, ignorées %d", erreurs(r), r.Ignorees)
				}
				// Sorted by line, then by column order.
				if r.Erreurs[0].Colonne != "Prénom" || r.Erreurs[4].Colonne != "Département" {
					t.Errorf("order: %q", erreurs(r))
				}
			},
		},
		{
			nom:     "colonne Nom Prénom unique",
			fichier: "nomprenom.csv",
			data: []byte("Nom Prénom;Mail;CP;Ville\n" +
				"DUPONT Jean;j@exemple.fr;20000;Ajaccio\n" +
				"Marie-Claire DE LA TOUR;m@exemple.fr;1000;\n" +
				"Paul Martin;p@exemple.fr;;\n"),
			verif: func(t *testing.T, r Rapport) {
				if len(r.Lignes) != 2 {
					t.Fatalf("lignes %+v, erreurs %q", r.Lignes, erreurs(r))
				}
				if l := r.Lignes[0]; l.Nom != "DUPONT" || l.Prenom != "Jean" || l.Departement != "2A" {
					t.Errorf("ligne 2 = %+v", l)
				}
				if l := r.Lignes[1]; l.Nom != "DE LA TOUR" || l.Prenom != "Marie-Claire" || l.CodePostal != "01000" || l.Departement != "01" {
					t.Errorf("ligne 3 = %+v", l)
				}
				if !aErreur(r, 4, "Nom Prénom", "capitales") {
					t.Errorf("erreurs %q", erreurs(r))
				}
				if r.Colonnes["Nom"] != "Nom Prénom" || r.Colonnes["Prenom"] != "Nom Prénom" {
					t.Errorf("Colonnes = %v", r.Colonnes)
				}
			},
		},
		{
			nom:     "deux colonnes pour un champ",
			fichier: "telephones.csv",
			data: []byte("Nom;Prénom;Courriel;Téléphone fixe;Portable\n" +
				"A;Anne;a@exemple.fr;;0612345678\n" +
				"B;Bruno;b@exemple.fr;0561000000;0612345678\n"),
			verif: func(t *testing.T, r Rapport) {
				if len(r.Lignes) != 2 || r.Lignes[0].Telephone != "06 12 34 56 78" || r.Lignes[1].Telephone != "05 61 00 00 00" {
					t.Errorf("lignes %+v, erreurs %q", r.Lignes, erreurs(r))
				}
				if r.Colonnes["Telephone"] != "Téléphone fixe / Portable" {
					t.Errorf("Colonnes = %v", r.Colonnes)
				}
			},
		},
		{
			nom:     "XLSX : dates réelles, titre au-dessus, formule, feuille Conseillers",
			fichier: "registre.xlsx",
			data: classeur(t,
				feuille{nom: "Notice", lignes: [][]any{{"Remplissez l'onglet Conseillers"}}},
				feuille{nom: "Conseillers", lignes: [][]any{
					{"Registre des CEE – académie de Toulouse"},
					{},
					{"Nom", "Prénom", "E-mail", "Date de nomination", "Fin", "SIRET", "CP", "Tél."},
					{"Durand", "Anne", "anne@exemple.fr", date(2024, 1, 1), 47484, 73282932000074, 1000, 612345678},
					{"Martin", formule(`CONCATENATE("Pa";"ul")`), "paul@exemple.fr", "01/09/2025", nil, nil, nil, nil},
					{},
					{"Roux", "Léa", "lea@exemple.fr", "bientôt", nil, nil, nil, nil},
				}},
			),
			verif: func(t *testing.T, r Rapport) {
				if len(r.Lignes) != 1 {
					t.Fatalf("lignes %+v, erreurs %q", r.Lignes, erreurs(r))
				}
				l := r.Lignes[0]
				if l.Numero != 4 || !l.DebutMandat.Equal(date(2024, 1, 1)) || !l.FinMandat.Equal(date(2030, 1, 1)) ||
					l.SIRET != "73282932000074" || l.CodePostal != "01000" || l.Departement != "01" || l.Telephone != "06 12 34 56 78" {
					t.Errorf("ligne = %+v", l)
				}
				if !aErreur(r, 5, "Prénom", "formule refusée") {
					t.Errorf("XLSX formula not reported: %q", erreurs(r))
				}
				if !aErreur(r, 7, "Date de nomination", "« bientôt »") {
					t.Errorf("bad date not reported: %q", erreurs(r))
				}
				if len(r.Erreurs) != 2 || r.Ignorees != 1 {
					t.Errorf("erreurs %q, ignorées %d", erreurs(r), r.Ignorees)
				}
			},
		},
		{
			// A SIRET starting with 0 lives in a number cell only through a
			// format that pads it: the raw value has 13 digits, the cell
			// shows 14. A text cell with 13 digits stays an error.
			nom:     "XLSX : SIRET numérique formaté avec son zéro initial",
			fichier: "siret.xlsx",
			data: classeur(t, feuille{nom: "CEE", lignes: [][]any{
				{"Nom", "Prénom", "Courriel", "SIRET", "Téléphone"},
				{"A", "Anne", "a@exemple.fr", formate{siretZero, "00000000000000"}, formate{612345678, `0# ## ## ## ##`}},
				{"B", "Bruno", "b@exemple.fr", fmt.Sprint(siretZero), nil},
			}}),
			verif: func(t *testing.T, r Rapport) {
				if len(r.Lignes) != 1 || r.Lignes[0].SIRET != fmt.Sprintf("%014d", siretZero) || r.Lignes[0].Telephone != "06 12 34 56 78" {
					t.Errorf("lignes %+v, erreurs %q", r.Lignes, erreurs(r))
				}
				if !aErreur(r, 3, "SIRET", "13 chiffres") {
					t.Errorf("erreurs %q", erreurs(r))
				}
			},
		},
		{
			nom:     "XLSX : système de dates 1904",
			fichier: "mac.xlsx",
			data: en1904(t, classeur(t, feuille{nom: "CEE", lignes: [][]any{
				{"Nom", "Prénom", "Courriel", "Début"},
				{"A", "Anne", "a@exemple.fr", 43830},
			}})),
			verif: func(t *testing.T, r Rapport) {
				if len(r.Lignes) != 1 || !r.Lignes[0].DebutMandat.Equal(date(2024, 1, 1)) {
					t.Errorf("lignes %+v, erreurs %q", r.Lignes, erreurs(r))
				}
			},
		},
		{
			nom:     "XLSX : première feuille visible qui a les colonnes obligatoires",
			fichier: "liste.xlsx",
			data: classeur(t,
				feuille{nom: "Vide"},
				feuille{nom: "Cachée", cachee: true, lignes: [][]any{{"Nom", "Prénom", "Courriel"}, {"X", "Y", "x@exemple.fr"}}},
				feuille{nom: "Lisez-moi", lignes: [][]any{{"Une ligne par conseiller"}, {"Nom", "Commentaire"}}},
				feuille{nom: "Liste", lignes: [][]any{{"NOM", "PRENOM", "COURRIEL"}, {"Petit", "Jules", "jules@exemple.fr"}}},
			),
			verif: func(t *testing.T, r Rapport) {
				if len(r.Lignes) != 1 || r.Lignes[0].Nom != "Petit" {
					t.Errorf("lignes %+v, erreurs %q", r.Lignes, erreurs(r))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.nom, func(t *testing.T) {
			r, err := Lire(tt.fichier, tt.data)
			if err != nil {
				t.Fatalf("Lire: %v", err)
			}
			tt.verif(t, r)
		})
	}
}

func TestLireFichierRefuse(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	var zipSimple bytes.Buffer
	zw := zip.NewWriter(&zipSimple)
	w, _ := zw.Create("notes.txt")
	w.Write([]byte("Nom;Prénom;Courriel\n"))
	zw.Close()
	gros := bytes.Repeat([]byte("a"), 12_845_056) // 12.25 MiB
	var lignes strings.Builder
	lignes.WriteString("Nom;Prénom;Courriel\n")
	for i := range LignesMax + 1 {
		fmt.Fprintf(&lignes, "N%d;P;p%d@exemple.fr\n", i, i)
	}
	tests := []struct {
		nom, fichier string
		data         []byte
		fragments    []string
	}{
		{"PNG renommé", "photo.xlsx", png, []string{"« photo.xlsx » n'est pas un tableur (CSV ou XLSX)", "Enregistrer sous", ".xlsx", "CSV"}},
		{"zip sans classeur", "archive.xlsx", zipSimple.Bytes(), []string{"« archive.xlsx » n'est pas un tableur (CSV ou XLSX)"}},
		{"xls ancien", "vieux.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), []string{"Excel 97-2003 (.xls)", "mot de passe"}},
		{"PDF", "liste.csv", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), []string{"document PDF"}},
		{"page web", "export.xls", []byte("<html><table><tr><td>Nom</td></tr></table></html>"), []string{"page web"}},
		{"trop gros", "gros.csv", gros, []string{"fichier trop volumineux (12,3 Mo) : 10 Mo au plus ; découpez-le"}},
		{"trop de lignes", "national.csv", []byte(lignes.String()), []string{"trop de lignes (20 001) : 20 000 au plus"}},
		{"vide", "vide.csv", nil, []string{"est vide"}},
	}
	for _, tt := range tests {
		t.Run(tt.nom, func(t *testing.T) {
			_, err := Lire(tt.fichier, tt.data)
			if err == nil {
				t.Fatal("no error")
			}
			for _, f := range tt.fragments {
				if !strings.Contains(err.Error(), f) {
					t.Errorf("error %q lacks %q", err, f)
				}
			}
		})
	}
	if len(gros) <= TailleMax {
		t.Fatalf("the large file is only %d bytes", len(gros))
	}
}

// An unbalanced quote on line 2 used to swallow the following lines into
// one cell, up to the next quote, with one line rejected (issue 20): now
// line 2 alone is rejected, with its cause, and every line is counted.
func TestLireGuillemetNonFerme(t *testing.T) {
	var b strings.Builder
	b.WriteString("Nom;Prénom;Courriel\nDupont;\"Jean;jean@exemple.fr\n")
	for i := 3; i <= 2000; i++ {
		fmt.Fprintf(&b, "N%d;P;p%d@exemple.fr\n", i, i)
	}
	b.WriteString("Martin;\"Luc\";luc@exemple.fr\n")
	rap, err := Lire("registre.csv", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(rap.Erreurs) != 1 || rap.Erreurs[0].Ligne != 2 ||
		!strings.Contains(rap.Erreurs[0].Message, "guillemet (\") non fermé — la ligne 2 n'a pas pu être lue") {
		t.Fatalf("erreurs %+v", rap.Erreurs)
	}
	if len(rap.Lignes) != 1999 || rap.Lignes[0].Numero != 3 || rap.Lignes[1998].Prenom != "Luc" {
		t.Errorf("%d lignes lues, la première %d", len(rap.Lignes), rap.Lignes[0].Numero)
	}

	// Never closed, and no line after it looks like a record: all the
	// lines it swallowed are rejected, one by one.
	rap, err = Lire("registre.csv", []byte("Nom;Prénom;Courriel\nA;B;a@exemple.fr\nDupont;\"Jean;\nsuite\nfin\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rap.Lignes) != 1 || len(rap.Erreurs) != 3 || rap.Erreurs[2].Ligne != 5 ||
		!strings.Contains(rap.Erreurs[0].Message, "les lignes 3 à 5 n'ont pas pu être lues") {
		t.Errorf("lignes %d, erreurs %+v", len(rap.Lignes), rap.Erreurs)
	}
}

// One byte that is not UTF-8 in a UTF-8 register used to make the whole
// file read as Windows-1252, and then « colonne Prénom introuvable »
// (issue 20): the file stays UTF-8 and that line is rejected.
func TestLireOctetInvalide(t *testing.T) {
	data := []byte("Nom;Prénom;Courriel\nLefèvre;Éloïse;eloise@exemple.fr\nDupont;Jos\xE9;jose@exemple.fr\nMartin;Hélène;helene@exemple.fr\n")
	rap, err := Lire("registre.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	if rap.Encodage != UTF8 || len(rap.Lignes) != 2 || rap.Lignes[0].Prenom != "Éloïse" || len(rap.Erreurs) != 1 ||
		rap.Erreurs[0].Ligne != 3 || rap.Erreurs[0].Colonne != "Prénom" || !strings.Contains(rap.Erreurs[0].Message, "caractère invalide") {
		t.Errorf("encodage %s, lignes %+v, erreurs %+v", rap.Encodage, rap.Lignes, rap.Erreurs)
	}
	// A real Windows-1252 file says so, and a missing column lists what
	// was read, so that a wrong guess shows.
	rap, err = Lire("registre.csv", windows1252(t, "Nom;Prénom;Courriel\nLefèvre;Éloïse;eloise@exemple.fr\n"))
	if err != nil || rap.Encodage != Windows1252 || len(rap.Lignes) != 1 || rap.Lignes[0].Nom != "Lefèvre" {
		t.Errorf("%v %s %+v", err, rap.Encodage, rap.Lignes)
	}
	_, err = Lire("registre.csv", windows1252(t, "Nom;Prénoms usuels;Courriel\nLefèvre;Éloïse;eloise@exemple.fr\n"))
	if err == nil || !strings.Contains(err.Error(), "colonne obligatoire introuvable : Prénom ; colonnes lues (fichier lu comme du Windows-1252) : « Nom », « Prénoms usuels », « Courriel »") {
		t.Errorf("err = %v", err)
	}
}

// A 9 MB name used to be imported and make pages of 27 MB (issue 20): the
// line is rejected with the limit of model.Conseiller, the other lines
// read.
func TestLireNomTropLong(t *testing.T) {
	nom := strings.Repeat("é", 9<<20/2)
	data := []byte("Nom;Prénom;Courriel;Entreprise\n" + nom + ";Jean;jean@exemple.fr;\nMartin;Luc;luc@exemple.fr;" +
		strings.Repeat("x", model.LongueurLibelle+1) + "\nDurand;Léa;lea@exemple.fr;" + strings.Repeat("é", model.LongueurLibelle) + "\n")
	rap, err := Lire("registre.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rap.Lignes) != 1 || rap.Lignes[0].Nom != "Durand" || len(rap.Erreurs) != 2 {
		t.Fatalf("lignes %d, erreurs %d", len(rap.Lignes), len(rap.Erreurs))
	}
	if e := rap.Erreurs[0]; e.Ligne != 2 || e.Colonne != "Nom" || e.Message != "Le nom ne doit pas dépasser 100 caractères." {
		t.Errorf("%+v", e)
	}
	if e := rap.Erreurs[1]; e.Ligne != 3 || e.Colonne != "Entreprise" || e.Message != "Le nom de l'entreprise ne doit pas dépasser 200 caractères." {
		t.Errorf("%+v", e)
	}
}

func TestLireColonnesManquantes(t *testing.T) {
	tests := []struct {
		nom    string
		data   []byte
		frags  []string
		absent []string
	}{
		{
			nom:    "CSV sans prénom ni courriel",
			data:   []byte("Nom;Tél.;Ville;Commentaire\nDupont;0612345678;Albi;\n"),
			frags:  []string{"colonnes obligatoires introuvables : Prénom, Courriel", "« Nom », « Tél. », « Ville », « Commentaire »", "Courriel (ou E-mail, Adresse électronique)"},
			absent: []string{"Nom (ou Nom de famille)"},
		},
		{
			nom:   "XLSX sans courriel",
			data:  classeur(t, feuille{nom: "Feuil1", lignes: [][]any{{"Nom", "Prénom", "Téléphone"}, {"A", "B", "0612345678"}}}),
			frags: []string{"colonne obligatoire introuvable : Courriel", "« Nom », « Prénom », « Téléphone »"},
		},
		{
			nom:   "texte sans tableau",
			data:  []byte("Bonjour,\nvoici la liste.\n"),
			frags: []string{"introuvables : Nom, Prénom, Courriel"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.nom, func(t *testing.T) {
			r, err := Lire("f", tt.data)
			if err == nil {
				t.Fatalf("no error; rapport %+v", r)
			}
			for _, f := range tt.frags {
				if !strings.Contains(err.Error(), f) {
					t.Errorf("error %q lacks %q", err, f)
				}
			}
			for _, f := range tt.absent {
				if strings.Contains(err.Error(), f) {
					t.Errorf("error %q should not have %q", err, f)
				}
			}
		})
	}
	// The columns found are still given for the preview.
	r, _ := Lire("f.csv", []byte("Nom;Tél.;Divers\n"))
	if r.Colonnes["Nom"] != "Nom" || r.Colonnes["Telephone"] != "Tél." || !slices.Equal(r.ColonnesInconnues, []string{"Divers"}) {
		t.Errorf("Colonnes %v, inconnues %q", r.Colonnes, r.ColonnesInconnues)
	}
}

// registre returns n lines of a realistic register, header first.
func registre(n int, dates func(time.Time) any) [][]any {
	lignes := [][]any{{"Civilité", "Nom", "Prénom", "Courriel", "Téléphone", "Entreprise", "SIRET", "Statut",
		"Code NAF", "Organisation", "Commune", "Code postal", "Date de nomination", "Fin de mandat", "Spécialités"}}
	statuts := []string{"Employeur", "Salarié", "Artisan"}
	for i := range n {
		siren := fmt.Sprintf("%09d", 100000000+i*7919%900000000)
		lignes = append(lignes, []any{
			[]string{"M.", "Mme"}[i%2], fmt.Sprintf("NOM%d", i), "Prénom", fmt.Sprintf("cee%d@exemple.fr", i),
			fmt.Sprintf("06%08d", i), fmt.Sprintf("Entreprise %d", i), siretValide(siren + "0001"), statuts[i%3],
			"43.22A", "CAPEB", "Toulouse", "31000", dates(date(2020+i%5, 1+i%12, 1+i%28)), dates(date(2027, 8, 31)),
			"CAP Plombier; BP Monteur en installations du génie climatique",
		})
	}
	return lignes
}

// siretValide completes 13 digits with the Luhn check digit.
func siretValide(d13 string) string {
	for c := '0'; c <= '9'; c++ {
		if s := d13 + string(c); sIRETValide(s) {
			return s
		}
	}
	panic("unreachable")
}

// siretZero is a valid SIRET whose SIREN starts with 0, as a number.
var siretZero = func() int {
	n, err := strconv.Atoi(siretValide("0123456780001"))
	if err != nil {
		panic(err)
	}
	return n
}()

func TestRegistre(t *testing.T) {
	// The benchmark files are valid: every line is read.
	for _, format := range []string{"csv", "xlsx"} {
		data := fichierRegistre(t, format, 50)
		r, err := Lire("registre."+format, data)
		if err != nil || len(r.Lignes) != 50 || len(r.Erreurs) != 0 {
			t.Errorf("%s: err %v, %d lignes, erreurs %q", format, err, len(r.Lignes), erreurs(r))
		}
	}
}

func fichierRegistre(tb testing.TB, format string, n int) []byte {
	if format == "xlsx" {
		return classeur(tb, feuille{nom: "Conseillers", lignes: registre(n, func(d time.Time) any { return d })})
	}
	var b strings.Builder
	for _, l := range registre(n, func(d time.Time) any { return d.Format("02/01/2006") }) {
		for j, v := range l {
			if j > 0 {
				b.WriteByte(';')
			}
			fmt.Fprint(&b, v)
		}
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}

// benchmarkLire reads a 5,000-line register; avecFormule puts a formula in
// its last line, which sends an XLSX down the cell-by-cell formula search.
func benchmarkLire(b *testing.B, format string, avecFormule bool) {
	var data []byte
	valides := 5000
	if avecFormule {
		lignes := registre(5000, func(d time.Time) any { return d })
		lignes[5000][5] = formule(`CONCATENATE("Entreprise";" 4999")`)
		data, valides = classeur(b, feuille{nom: "Conseillers", lignes: lignes}), 4999
	} else {
		data = fichierRegistre(b, format, 5000)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := Lire("registre."+format, data)
		if err != nil || len(r.Lignes) != valides || len(r.Erreurs) != 5000-valides {
			b.Fatalf("err %v, %d lignes, erreurs %q", err, len(r.Lignes), erreurs(r))
		}
	}
}

func BenchmarkLireXLSX5000(b *testing.B) { benchmarkLire(b, "xlsx", false) }

// BenchmarkLireXLSX5000Formule is the slow path: a workbook with a formula.
func BenchmarkLireXLSX5000Formule(b *testing.B) { benchmarkLire(b, "xlsx", true) }

func BenchmarkLireCSV5000(b *testing.B) { benchmarkLire(b, "csv", false) }

// sansReferences rewrites the sheets of a workbook without the cell
// references (r="B2"), as some writers do: the formula scan cannot place the
// cells and Lire must fall back on excelize.
func sansReferences(tb testing.TB, data []byte) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	re := regexp.MustCompile(`<c r="[A-Z]+[0-9]+"`)
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			tb.Fatal(err)
		}
		if strings.HasPrefix(zf.Name, "xl/worksheets/") {
			b = re.ReplaceAll(b, []byte("<c"))
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestLireXLSXFormuleSansReferences(t *testing.T) {
	data := sansReferences(t, classeur(t, feuille{nom: "CEE", lignes: [][]any{
		{"Nom", "Prénom", "Courriel", "Entreprise"},
		{"A", "Anne", "a@exemple.fr", "Alpha"},
		{"B", "Bruno", "b@exemple.fr", formule(`"Bêta"&" SA"`)},
	}}))
	if _, ok := func() (map[cellule]bool, bool) {
		zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		return cellulesFormules(zr, "CEE")
	}(); ok {
		t.Fatal("the scan should not place cells without references")
	}
	r, err := Lire("sans-ref.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Lignes) != 1 || r.Lignes[0].Entreprise != "Alpha" || !aErreur(r, 3, "Entreprise", "formule refusée") {
		t.Errorf("lignes %+v, erreurs %q", r.Lignes, erreurs(r))
	}
}

// FuzzLire checks that no file makes Lire panic, and that a report never
// holds a line with an error.
func FuzzLire(f *testing.F) {
	f.Add([]byte("Nom;Prénom;Courriel;Tél.;SIRET;Début;Fin;CP;Département\nA;B;a@b.fr;0612345678;73282932000074;01/09/2025;45292;31000;31\n"))
	f.Add([]byte("Nom Prénom,Mail\n\"DUPONT Jean\",j@x.fr\n\n"))
	f.Add([]byte("\xef\xbb\xbfNom;Prénom;Courriel\n\"a;\"\"b\";c;=1+1\n"))
	f.Add(windows1252(f, "Nom;Prénom;Courriel;Statut\nLefèvre;Éloïse;e@x.fr;Salarié\n"))
	f.Add(classeur(f, feuille{nom: "CEE", lignes: [][]any{{"Nom", "Prénom", "Courriel", "Début"}, {"A", formule("B1"), "a@b.fr", date(2024, 1, 1)}}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Lire("fuzz", data)
		if err != nil {
			return
		}
		vus := map[int]bool{}
		for _, e := range r.Erreurs {
			vus[e.Ligne] = true
			if e.Message == "" {
				t.Errorf("empty message: %+v", e)
			}
		}
		for _, l := range r.Lignes {
			if vus[l.Numero] || l.Email == "" || l.Nom == "" || l.Prenom == "" {
				t.Errorf("line %+v should have been rejected", l)
			}
		}
	})
}
