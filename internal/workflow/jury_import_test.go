package workflow_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// importJurys reads a juries file and imports it into x, all or nothing.
func importJurys(t *testing.T, s *store.Store, a workflow.Actor, x model.SessionExamen, csv string) workflow.ImportJurysResult {
	t.Helper()
	rap, err := workflow.LireJurys(context.Background(), s, x.Academie, "jurys.csv", []byte(csv), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := workflow.ImportJurys(context.Background(), s, x, rap, workflow.ImportJurysOptions{Actor: a})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// lireAnnuaireOccitanie is the importer's extract of the published
// directory of the académie de Toulouse.
func lireAnnuaireOccitanie(t *testing.T) []byte {
	t.Helper()
	annuaire, err := os.ReadFile("../importer/testdata/annuaire-occitanie-extrait.csv")
	if err != nil {
		t.Fatal(err)
	}
	return annuaire
}

// sessionToulouse imports the directory into s and opens a session of
// June 2027 in the académie de Toulouse, with its exam division's actor.
func sessionToulouse(t *testing.T, s *store.Store, annuaire []byte) (model.SessionExamen, workflow.Actor) {
	t.Helper()
	ctx := context.Background()
	if _, err := workflow.ImportEtablissements(ctx, s, strings.NewReader(string(annuaire)), workflow.ImportEtablissementsOptions{}); err != nil {
		t.Fatal(err)
	}
	agent := workflow.Actor{Compte: model.Compte{Email: "dec@ac-toulouse.fr"}, P: model.Principal{H: model.Habilitation{Role: model.RoleExamens, Academie: "16"}}}
	sid, err := s.CreateSessionExamen(ctx, model.SessionExamen{Academie: "16", Nom: "session de juin 2027",
		Debut: time.Date(2027, 6, 14, 0, 0, 0, 0, time.UTC), Fin: time.Date(2027, 6, 18, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	x, err := s.GetSessionExamen(ctx, sid, "16")
	if err != nil {
		t.Fatal(err)
	}
	return x, agent
}

// The exam division's export (testdata of the importer, CSV and XLSX) into
// a session, on both databases, the schools being the published directory
// of the académie: diplomas matched by code or label (« BOULANGER » with
// its code, « Certificat d'aptitude professionnelle Boulanger »), centres
// by name whatever the abbreviations (« LP PRIVE JEANNE D'ARC »), each
// jury by its number so that the second import updates. An unknown diploma
// or centre is reported with its line and nothing is written, unless the
// valid lines are asked for; the column mapping chosen is remembered.
func TestImportJurysServiceExamens(t *testing.T) {
	annuaire := lireAnnuaireOccitanie(t)
	csv, err := os.ReadFile("../importer/testdata/jurys-service-examens.csv")
	if err != nil {
		t.Fatal(err)
	}
	xlsx, err := os.ReadFile("../importer/testdata/jurys-service-examens.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		x, agent := sessionToulouse(t, s, annuaire)
		sid := x.ID

		// An unknown diploma (line 5), an unknown centre (line 7), a date
		// outside the session (line 8): nothing written.
		bad := strings.Replace(string(csv), "CAP Boulanger;", "CAP Boulangerie fine;", 1)
		bad = strings.Replace(bad, "LYCEE POLYVALENT BELLEVUE", "LYCEE DES PYRENEES", 1)
		bad = strings.Replace(bad, "16/06/2027", "21/06/2027", 1)
		res := importJurys(t, s, agent, x, bad)
		lignes := map[int]string{}
		for _, e := range res.Erreurs {
			lignes[e.Ligne] = e.Colonne + " : " + e.Message
		}
		if res.Ecrit || res.Rejetes != 3 || len(res.Jurys) != 3 || !strings.Contains(lignes[5], "Libellé spécialité : diplôme « CAP Boulangerie fine » inconnu") ||
			!strings.Contains(lignes[7], "Centre d'examen : centre d'examen « LYCEE DES PYRENEES » inconnu") || !strings.Contains(lignes[8], "hors de la session") {
			t.Fatalf("rejections: %+v\n%v", res, lignes)
		}
		if js, _ := s.ListJurys(ctx, sid); len(js) != 0 {
			t.Fatalf("%d juries written despite rejected lines", len(js))
		}
		// Asked to keep the valid lines: the three are written.
		rap, _ := workflow.LireJurys(ctx, s, "16", "jurys.csv", []byte(bad), nil)
		if res, err = workflow.ImportJurys(ctx, s, x, rap, workflow.ImportJurysOptions{Actor: agent, SkipInvalid: true}); err != nil || !res.Ecrit || res.Crees != 3 {
			t.Fatalf("valid lines kept: %+v %v", res, err)
		}

		// The file as exported: three updated, three created.
		res = importJurys(t, s, agent, x, string(csv))
		if !res.Ecrit || res.Crees != 3 || res.MisAJour != 3 || res.Rejetes != 0 {
			t.Fatalf("import: %+v", res)
		}
		js, err := s.ListJurys(ctx, sid)
		if err != nil || len(js) != 6 {
			t.Fatalf("%d juries (%v)", len(js), err)
		}
		byCode := map[string]model.Jury{}
		for _, j := range js {
			byCode[j.Code] = j
		}
		for code, want := range map[string]struct{ spec, uai, dj string }{
			"CAP-BOUL-01": {"50022137", "0310091F", "2027-06-14AM"},
			"CAP-BOUL-02": {"50022137", "0310091F", "2027-06-14PM"},
			"BP-BOUL-01":  {"45022108", "0120105Z", "2027-06-15AM 2027-06-15PM"},
			"BCP-COIF-01": {"40033604", "0310038Y", "2027-06-15AM"},
			"BTS-COIF-01": {"32033607", "0310038Y", "2027-06-16AM 2027-06-16PM"},
			"CAP-BOUL-03": {"50022137", "0311131L", "2027-06-17PM"},
		} {
			j := byCode[code]
			if j.Specialite != want.spec || j.UAI != want.uai || strings.Join(j.DemiJournees, " ") != want.dj || j.Sieges == 0 {
				t.Errorf("%s: %+v, want %+v", code, j, want)
			}
		}
		if j := byCode["BCP-COIF-01"]; j.Sieges != 4 || j.Employeurs != 2 || j.Salaries != 2 || j.Enseignants != 2 || j.Centre != "Lycée polyvalent Bellevue" {
			t.Errorf("bac pro jury %+v", j)
		}

		// The same export as XLSX changes nothing; a remembered choice of
		// column (« Observations » left unread on purpose, « Commune »
		// ignored) applies to the next import.
		rap, err = workflow.LireJurys(ctx, s, "16", "jurys.xlsx", xlsx, nil)
		if err != nil {
			t.Fatal(err)
		}
		choix := importer.Correspondance{importer.CleEntete("Observations"): "", importer.CleEntete("Commune"): ""}
		if res, err = workflow.ImportJurys(ctx, s, x, rap, workflow.ImportJurysOptions{Actor: agent, Colonnes: choix}); err != nil || res.MisAJour != 6 || res.Crees != 0 {
			t.Fatalf("XLSX: %+v %v", res, err)
		}
		rap, _ = workflow.LireJurys(ctx, s, "16", "jurys.xlsx", xlsx, nil)
		for _, c := range rap.Correspondance {
			if (c.Entete == "Observations" || c.Entete == "Commune") && (!c.Choisie || c.Champ != "") {
				t.Errorf("column %q not remembered: %+v", c.Entete, c)
			}
		}
		if js2, _ := s.ListJurys(ctx, sid); len(js2) != 6 {
			t.Errorf("%d juries after the XLSX", len(js2))
		}

		// A label that two specialities bear needs its type.
		amb := "Libellé spécialité;Code centre;Date;Demi-journée;Nombre de membres\nBoulanger;0310091F;14/06/2027;matin;2\n"
		if res = importJurys(t, s, agent, x, amb); len(res.Erreurs) != 1 || !strings.Contains(res.Erreurs[0].Message, "ambigu") ||
			!slices.ContainsFunc(res.Erreurs, func(e importer.Erreur) bool { return e.Ligne == 2 }) {
			t.Errorf("ambiguous label: %+v", res.Erreurs)
		}
	})
}

// A file without jury numbers: a jury's number is its diploma's rank among
// the file's lines, rejected lines included, so that importing the valid
// lines, then the corrected file, updates the same juries instead of
// giving a jury already imported another line's data; the same file again
// creates nothing; a shorter file keeps the juries it does not name and
// lists them.
func TestImportJurysSansNumero(t *testing.T) {
	annuaire := lireAnnuaireOccitanie(t)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		x, agent := sessionToulouse(t, s, annuaire)
		sid := x.ID
		entete := "Libellé spécialité;Centre d'examen;Commune;Date;Demi-journée;Nombre de membres\n"
		ligne4 := "CAP Boulanger;LP STEPHANE HESSEL;TOULOUSE;14/06/2027;après-midi;4\n"
		// Line 2's centre is unknown, line 3's date does not exist.
		bad := entete + "CAP Boulanger;LYCEE DES PYRENEES;TOULOUSE;14/06/2027;matin;2\n" +
			"CAP Boulanger;LP STEPHANE HESSEL;TOULOUSE;31/06/2027;matin;2\n" + ligne4
		rap, err := workflow.LireJurys(ctx, s, "16", "jurys.csv", []byte(bad), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res, err := workflow.ImportJurys(ctx, s, x, rap, workflow.ImportJurysOptions{Actor: agent, SkipInvalid: true}); err != nil || res.Crees != 1 || res.Rejetes != 2 {
			t.Fatalf("valid line: %+v %v", res, err)
		}
		js, _ := s.ListJurys(ctx, sid)
		if len(js) != 1 || js[0].Code != "CAP-BOUL-03" {
			t.Fatalf("the fourth line's jury: %+v", js)
		}
		id := js[0].ID
		good := entete + "CAP Boulanger;LP STEPHANE HESSEL;TOULOUSE;14/06/2027;matin;2\n" +
			"CAP Boulanger;LP STEPHANE HESSEL;TOULOUSE;15/06/2027;matin;2\n" + ligne4
		for _, want := range []struct{ crees, maj int }{{2, 1}, {0, 3}} {
			if res := importJurys(t, s, agent, x, good); !res.Ecrit || res.Crees != want.crees || res.MisAJour != want.maj {
				t.Fatalf("corrected file: %+v, want %+v", res, want)
			}
			js, _ = s.ListJurys(ctx, sid)
			if len(js) != 3 {
				t.Fatalf("%d juries", len(js))
			}
			for _, j := range js {
				if j.ID == id && (j.Code != "CAP-BOUL-03" || strings.Join(j.DemiJournees, " ") != "2027-06-14PM" || j.Sieges != 4) {
					t.Errorf("the fourth line's jury changed: %+v", j)
				}
			}
		}
		// A file naming one of them: the others are kept, and said so.
		res := importJurys(t, s, agent, x, entete+"CAP Boulanger;LP STEPHANE HESSEL;TOULOUSE;14/06/2027;matin;2\n")
		if res.MisAJour != 1 || !slices.Equal(res.Absents, []string{"CAP-BOUL-02", "CAP-BOUL-03"}) ||
			!strings.Contains(res.String(), "absents du fichier (conservés) : 2") {
			t.Errorf("juries not in the file: %+v, %q", res, res.String())
		}
		if js, _ = s.ListJurys(ctx, sid); len(js) != 3 {
			t.Errorf("%d juries after a shorter file", len(js))
		}
	})
}
