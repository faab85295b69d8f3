package importer

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"cee/internal/model"
)

// The exam division's export, as CSV (UTF-8 with BOM, a title above the
// header) and as XLSX (dates and numbers as typed cells), reads the same:
// the columns guessed from their French headers, « Observations » listed
// as not understood, the half-days from the date and « Matin »,
// « Journée » or hours, the professionals' seats from « Nombre de
// membres » less the teachers, split between employers and employees.
func TestLireJurysFixture(t *testing.T) {
	for _, name := range []string{"jurys-service-examens.csv", "jurys-service-examens.xlsx"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + name)
			if err != nil {
				t.Fatal(err)
			}
			r, err := LireJurys(name, data, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Erreurs) != 0 || len(r.Lignes) != 6 {
				t.Fatalf("%d lines, errors %v", len(r.Lignes), r.Erreurs)
			}
			var inconnues []string
			champs := map[string]string{}
			for _, c := range r.Correspondance {
				if c.Inconnue() && c.Entete != "" {
					inconnues = append(inconnues, c.Entete)
				}
				champs[c.Entete] = c.Champ
			}
			if !slices.Equal(inconnues, []string{"Observations"}) {
				t.Errorf("unknown columns %v", inconnues)
			}
			for h, want := range map[string]string{"N° jury": JuryCode, "Code diplôme": JuryCodeDiplome, "Libellé spécialité": JuryDiplome,
				"Centre d'examen": JuryCentre, "Adresse": JuryAdresse, "Code postal": JuryCodePostal, "Commune": JuryCommune, "Date": JuryDate,
				"Demi-journée": JuryDemiJournees, "Nombre de membres": JuryMembres, "Dont enseignants": JuryEnseignants} {
				if champs[h] != want {
					t.Errorf("%q read as %q, want %q", h, champs[h], want)
				}
			}
			first, bcp, last := r.Lignes[0], r.Lignes[3], r.Lignes[5]
			if first.Numero != 4 || first.Code != "CAP-BOUL-01" || first.CodeDiplome != "50022137" || first.Centre != "LP STEPHANE HESSEL" ||
				first.Commune != "TOULOUSE" || !slices.Equal(first.DemiJournees, []string{"2027-06-14AM"}) ||
				first.Sieges != 2 || first.Employeurs != 1 || first.Salaries != 1 || first.Enseignants != 2 {
				t.Errorf("first line %+v", first)
			}
			if !slices.Equal(bcp.DemiJournees, []string{"2027-06-15AM"}) || bcp.Sieges != 4 || bcp.Employeurs != 2 || bcp.Salaries != 2 {
				t.Errorf("bac pro line %+v", bcp)
			}
			if !slices.Equal(r.Lignes[2].DemiJournees, []string{"2027-06-15AM", "2027-06-15PM"}) {
				t.Errorf("« Journée » %v", r.Lignes[2].DemiJournees)
			}
			if !slices.Equal(last.DemiJournees, []string{"2027-06-17PM"}) || last.Sieges != 1 || last.Employeurs+last.Salaries != 0 {
				t.Errorf("last line %+v", last)
			}
		})
	}
}

// Each problem of a line is reported with its line and column; a line
// with a problem is not among the lines read; the other lines are.
func TestLireJurysErreurs(t *testing.T) {
	csv := "Diplôme;Centre;Date de début;Date de fin;Demi-journée;Sièges;Employeurs;Salariés\n" +
		"CAP Boulanger;LP du Mirail;14/06/2027;15/06/2027;matin;2;1;1\n" + // 2: two mornings
		";LP du Mirail;14/06/2027;;matin;2;1;1\n" + // 3: no diploma
		"CAP Boulanger;LP du Mirail;31/06/2027;;matin;2;1;1\n" + // 4: no such date
		"CAP Boulanger;LP du Mirail;14/06/2027;;le soir;2;1;1\n" + // 5: half-day
		"CAP Boulanger;LP du Mirail;14/06/2027;;matin;deux;1;1\n" + // 6: seats
		"CAP Boulanger;LP du Mirail;14/06/2027;;matin;2;2;1\n" + // 7: colleges above seats
		"CAP Boulanger;;14/06/2027;;matin;2;1;1\n" + // 8: no centre
		"CAP Boulanger;LP du Mirail;14/06/2027;13/06/2027;matin;2;1;1\n" + // 9: end before start
		"CAP Boulanger;LP du Mirail;14/06/2027;;=A1;2;1;1\n" // 10: formula
	r, err := LireJurys("jurys.csv", []byte(csv), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Lignes) != 1 || !slices.Equal(r.Lignes[0].DemiJournees, []string{"2027-06-14AM", "2027-06-15AM"}) {
		t.Fatalf("lines %+v", r.Lignes)
	}
	want := map[int]string{3: "Diplôme", 4: "Date de début", 5: "Demi-journée", 6: "Sièges", 7: "Employeurs", 8: "Centre", 9: "Date de fin", 10: "Demi-journée"}
	got := map[int]string{}
	for _, e := range r.Erreurs {
		got[e.Ligne] = e.Colonne
		if e.Message == "" {
			t.Errorf("line %d: no message", e.Ligne)
		}
	}
	for l, c := range want {
		if got[l] != c {
			t.Errorf("line %d: column %q, want %q (%v)", l, got[l], c, r.Erreurs)
		}
	}
	if len(got) != len(want) {
		t.Errorf("errors %v", r.Erreurs)
	}
}

// A file without a centre column is refused with the columns expected;
// the person's mapping (« Lieu des oraux » is the centre) makes it read,
// and the former technical layout still reads.
func TestLireJurysCorrespondance(t *testing.T) {
	csv := "Code diplôme;Lieu des oraux;Date;Demi-journée;Nombre de membres\n50022137;0310024H;14/06/2027;AM;2\n"
	r, err := LireJurys("jurys.csv", []byte(csv), nil)
	if err == nil || !strings.Contains(err.Error(), "Centre d'examen") || len(r.Correspondance) != 5 {
		t.Fatalf("missing centre: %v, %d columns", err, len(r.Correspondance))
	}
	r, err = LireJurys("jurys.csv", []byte(csv), Correspondance{CleEntete("Lieu des oraux"): JuryUAI})
	if err != nil || len(r.Lignes) != 1 || r.Lignes[0].UAI != "0310024H" || !r.Correspondance[1].Choisie {
		t.Fatalf("with the mapping: %v %+v", err, r)
	}
	old := "code;diplome;uai;demi_journees;sieges;employeurs;salaries;enseignants;conflits\nJ3;50022137;0310024H;2027-06-15AM 2027-06-15PM;1;0;1;1;0310024H\n"
	r, err = LireJurys("jurys.csv", []byte(old), nil)
	if err != nil || len(r.Lignes) != 1 {
		t.Fatalf("former layout: %v %+v", err, r)
	}
	if l := r.Lignes[0]; l.Code != "J3" || l.Diplome != "50022137" || l.UAI != "0310024H" || l.Sieges != 1 || l.Employeurs != 0 || l.Salaries != 1 ||
		!slices.Equal(l.DemiJournees, []string{"2027-06-15AM", "2027-06-15PM"}) || !slices.Equal(l.Conflits, []string{"0310024H"}) {
		t.Errorf("former layout %+v", l)
	}
}

func TestLireDemiJournee(t *testing.T) {
	for _, tt := range []struct {
		v            string
		matin, apres bool
	}{
		{"Matin", true, false}, {"MATIN", true, false}, {"AM", true, false}, {"Après-midi", false, true}, {"apres midi", false, true}, {"PM", false, true},
		{"Journée", true, true}, {"journée entière", true, true}, {"Matin et après-midi", true, true},
		{"8h00-12h00", true, false}, {"13h30-17h30", false, true}, {"8h-17h", true, true}, {"09:00 - 12:30", true, false}, {"14h", false, true},
	} {
		m, a, ok := lireDemiJournee(tt.v)
		if !ok || m != tt.matin || a != tt.apres {
			t.Errorf("%q: %v %v %v", tt.v, m, a, ok)
		}
	}
	for _, v := range []string{"le soir", "bientôt", "25h-26h"} {
		if _, _, ok := lireDemiJournee(v); ok {
			t.Errorf("%q read", v)
		}
	}
}

// Without a half-day column, the hours the dates carry give the half-days
// (CSV text or XLSX date-and-time cells): a starting hour alone is its
// half-day, a first and a last hour cut the first and the last day; a
// date without hours is the whole day. A weekday before the date is read
// and must be the date's.
func TestLireJurysHeures(t *testing.T) {
	at := func(j, h, m int) time.Time { return time.Date(2027, 6, j, h, m, 0, 0, time.UTC) }
	lignes := [][]any{
		{"Diplôme", "Centre", "Date de début", "Date de fin", "Sièges"},
		{"CAP Boulanger", "LP du Mirail", at(14, 8, 0), "", 2},
		{"CAP Boulanger", "LP du Mirail", at(14, 13, 30), "", 2},
		{"CAP Boulanger", "LP du Mirail", at(14, 8, 0), at(14, 17, 0), 2},
		{"CAP Boulanger", "LP du Mirail", at(14, 13, 30), at(15, 12, 0), 2},
		{"CAP Boulanger", "LP du Mirail", at(14, 0, 0), "", 2},
		{"CAP Boulanger", "LP du Mirail", at(14, 14, 0), at(14, 12, 0), 2},
	}
	want := [][]string{{"2027-06-14AM"}, {"2027-06-14PM"}, {"2027-06-14AM", "2027-06-14PM"}, {"2027-06-14PM", "2027-06-15AM"},
		{"2027-06-14AM", "2027-06-14PM"}}
	var csv strings.Builder
	for _, l := range lignes {
		for j, v := range l {
			if j > 0 {
				csv.WriteString(";")
			}
			switch v := v.(type) {
			case time.Time:
				// The CSV writes the weekday, as the exam tools do.
				csv.WriteString(model.Jour(v)[:strings.Index(model.Jour(v), " ")] + " " + v.Format("02/01/2006 15:04"))
			default:
				fmt.Fprint(&csv, v)
			}
		}
		csv.WriteString("\n")
	}
	csv.WriteString("CAP Boulanger;LP du Mirail;mardi 14/06/2027;;2\n")
	for name, data := range map[string][]byte{"jurys.csv": []byte(csv.String()), "jurys.xlsx": classeur(t, feuille{nom: "Jurys", lignes: lignes})} {
		t.Run(name, func(t *testing.T) {
			r, err := LireJurys(name, data, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Lignes) != len(want) {
				t.Fatalf("%d lines, errors %v", len(r.Lignes), r.Erreurs)
			}
			for i, l := range r.Lignes {
				if !slices.Equal(l.DemiJournees, want[i]) {
					t.Errorf("line %d: %v, want %v", l.Numero, l.DemiJournees, want[i])
				}
			}
			errs := map[int]string{}
			for _, e := range r.Erreurs {
				errs[e.Ligne] = e.Colonne + " : " + e.Message
			}
			if !strings.Contains(errs[7], "Date de début : de « ") || !strings.Contains(errs[7], "aucune demi-journée") {
				t.Errorf("line 7: %q", errs[7])
			}
			if name == "jurys.csv" && !strings.Contains(errs[8], "c'est le lundi 14 juin 2027") {
				t.Errorf("line 8: %q", errs[8])
			}
		})
	}
}
