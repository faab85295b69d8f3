package store_test

import (
	"context"
	"errors"
	"testing"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

func TestRattachement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		// Rules per académie: one replaces the other for the same function.
		for _, r := range []store.RegleRattachement{
			{Academie: "16", Fonction: "ddfpt", Libelle: "DDFPT", Approbation: true},
			{Academie: "16", Fonction: "chef d'etablissement", Libelle: "Chef d'établissement", Approbation: true},
			{Academie: "16", Fonction: "ddfpt", Libelle: "DDFPT", Approbation: false},
			{Academie: "01", Fonction: "ddfpt", Libelle: "DDFPT", Approbation: true},
		} {
			if err := s.SetRegleRattachement(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		list, err := s.ListReglesRattachement(ctx, "16")
		if err != nil || len(list) != 2 || list[1].Fonction != "ddfpt" || list[1].Approbation {
			t.Fatalf("rules of 16: %+v %v, want two, DDFPT without approval", list, err)
		}
		if r, err := s.GetRegleRattachement(ctx, "01", "ddfpt"); err != nil || !r.Approbation {
			t.Errorf("rule of 01: %+v %v", r, err)
		}
		if err := s.DeleteRegleRattachement(ctx, "16", "ddfpt"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetRegleRattachement(ctx, "16", "ddfpt"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted rule: %v, want ErrNotFound", err)
		}

		// Requests: one per account and school, the second login keeps the first.
		id, err := s.CreateCompte(ctx, model.Compte{Email: "principal@college.fr"})
		if err != nil {
			t.Fatal(err)
		}
		c := model.Compte{ID: id}
		if err := s.UpsertEtablissement(ctx, model.Etablissement{UAI: "0310036W", Nom: "Collège Jean Jaurès", Type: model.College, Departement: "31", Academie: "16"}); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := s.AddDemandeRattachement(ctx, store.DemandeRattachement{CompteID: c.ID, UAI: "0310036W", Academie: "16", Fonction: "Chef d'établissement"}); err != nil {
				t.Fatal(err)
			}
		}
		ds, err := s.ListDemandesRattachement(ctx, "16")
		if err != nil || len(ds) != 1 || ds[0].Email != "principal@college.fr" || ds[0].NomEtab != "Collège Jean Jaurès" {
			t.Fatalf("requests of 16: %+v %v", ds, err)
		}
		if other, _ := s.ListDemandesRattachement(ctx, "01"); len(other) != 0 {
			t.Errorf("requests of 01: %+v", other)
		}
		d, err := s.GetDemandeRattachement(ctx, ds[0].ID)
		if err != nil || d.CompteID != c.ID || d.Fonction != "Chef d'établissement" {
			t.Errorf("request: %+v %v", d, err)
		}
		if err := s.DeleteDemandeRattachement(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetDemandeRattachement(ctx, d.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("decided request: %v, want ErrNotFound", err)
		}
	})
}
