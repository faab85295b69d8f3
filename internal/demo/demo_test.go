package demo_test

import (
	"context"
	"testing"

	"cee/internal/demo"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/storetest"
)

func all(t *testing.T, s *store.Store) []model.Etablissement {
	t.Helper()
	list, _, err := s.ListEtablissements(context.Background(), store.EtablissementFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestSmallIsRealisticAndDeterministic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if empty, _ := demo.IsEmpty(ctx, s); !empty {
			t.Fatal("fresh database not empty")
		}
		steps := 0
		counts, err := demo.Generate(ctx, s, demo.Options{Scale: demo.Small, Seed: 7, Progress: func(string, int, int) { steps++ }})
		if err != nil {
			t.Fatal(err)
		}
		if counts.Academies != 1 || counts.Etablissements < 100 || counts.Etablissements > 400 {
			t.Errorf("small scale gave %s, want one académie and a few hundred établissements", counts)
		}
		if steps == 0 {
			t.Error("no progress reported")
		}
		list := all(t, s)
		if len(list) != counts.Etablissements {
			t.Fatalf("%d in the database, %d reported (UAI collision?)", len(list), counts.Etablissements)
		}
		types := map[model.TypeEtablissement]int{}
		for _, e := range list {
			types[e.Type]++
			if !refdata.ValidUAI(e.UAI) {
				t.Errorf("invalid UAI %s", e.UAI)
			}
			if dep, ok := refdata.DepartementOfUAI(e.UAI); !ok || dep != e.Departement {
				t.Errorf("UAI %s carries département %q, school is in %q", e.UAI, dep, e.Departement)
			}
			c, ok := refdata.CommuneByCode(e.CodeCommune)
			if !ok || c.Departement != e.Departement || c.Nom != e.NomCommune {
				t.Errorf("%s: commune %s %q not in département %s", e.UAI, e.CodeCommune, e.NomCommune, e.Departement)
			}
			if d, _ := refdata.DepartementByCode(e.Departement); d.Academie != demo.SmallAcademie || e.Academie != demo.SmallAcademie {
				t.Errorf("%s in académie %s / département of académie %s", e.UAI, e.Academie, d.Academie)
			}
			if e.Latitude == nil || e.Nom == "" {
				t.Errorf("%s: missing name or coordinates", e.UAI)
			}
		}
		if types[model.College] == 0 || types[model.Lycee] == 0 {
			t.Errorf("types %v: want collèges and lycées", types)
		}
		cees, n, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Limit: 1000})
		if err != nil || n != counts.Conseillers || n < 100 || counts.Organisations == 0 {
			t.Fatalf("%d CEE in the directory, %s reported (%v)", n, counts, err)
		}
		etats := map[model.EtatDesignation]int{}
		for _, c := range cees {
			etats[c.Etat]++
			if c.Academie != demo.SmallAcademie || c.Organisation == "" || c.Email == "" {
				t.Errorf("CEE %+v", c)
			}
		}
		for _, e := range []model.EtatDesignation{model.DesignationActive, model.DesignationProposee, model.DesignationEnInstruction,
			model.DesignationDesignee, model.DesignationRenouvellement, model.DesignationTerminee} {
			if etats[e] == 0 {
				t.Errorf("no CEE in state %s: %v", e, etats)
			}
		}

		// One CMQ and one pôle de stage, with member lycées of the académie.
		campus, err := s.ListCampus(ctx, demo.SmallAcademie)
		if err != nil || len(campus) != 2 || campus[0].NbMembres == 0 || campus[1].NbMembres == 0 || campus[0].Type == campus[1].Type {
			t.Errorf("demo campus: %v %+v", err, campus)
		}
		// Same seed on another database: the same data.
		other := storetest.MustOpen(t, "sqlite:"+t.TempDir()+"/autre.db")
		if _, err := demo.Generate(ctx, other, demo.Options{Scale: demo.Small, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		again := all(t, other)
		if len(again) != len(list) {
			t.Fatalf("same seed gave %d then %d établissements", len(list), len(again))
		}
		for i := range list {
			if list[i].UAI != again[i].UAI || list[i].Nom != again[i].Nom || *list[i].Latitude != *again[i].Latitude {
				t.Fatalf("same seed, different data at %d: %+v vs %+v", i, list[i], again[i])
			}
		}
		// Another seed: other data.
		third := storetest.MustOpen(t, "sqlite:"+t.TempDir()+"/trois.db")
		demo.Generate(ctx, third, demo.Options{Scale: demo.Small, Seed: 8})
		if diff := all(t, third); len(diff) == len(list) && diff[0].UAI == list[0].UAI && diff[0].Nom == list[0].Nom {
			t.Error("seed 8 gave the same data as seed 7")
		}
	})
}

func TestParseScale(t *testing.T) {
	for in, ok := range map[string]bool{"small": true, "national": true, "": false, "Small": false} {
		if _, err := demo.ParseScale(in); (err == nil) != ok {
			t.Errorf("ParseScale(%q) err = %v", in, err)
		}
	}
}

// BenchmarkNational measures the national data set (about 11,000
// établissements over 30 académies) on SQLite.
func BenchmarkNational(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s := storetest.MustOpen(b, "sqlite:"+b.TempDir()+"/cee.db")
		c, err := demo.Generate(context.Background(), s, demo.Options{Scale: demo.National, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(c.Etablissements), "etablissements")
	}
}
