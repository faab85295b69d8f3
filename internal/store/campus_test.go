package store_test

import (
	"context"
	"errors"
	"testing"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

func TestCampus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, e := range []model.Etablissement{
			{UAI: "0310036W", Nom: "Lycée Pierre de Fermat", Type: model.Lycee, Statut: "public", CodeCommune: "31555", NomCommune: "Toulouse", Departement: "31", Academie: "16"},
			{UAI: "0311323V", Nom: "Lycée Déodat de Séverac", Type: model.Lycee, Statut: "public", CodeCommune: "31555", NomCommune: "Toulouse", Departement: "31", Academie: "16"},
			{UAI: "0301326D", Nom: "Collège André Chamson", Type: model.College, Statut: "public", CodeCommune: "30350", NomCommune: "Le Vigan", Departement: "30", Academie: "11"},
		} {
			if err := s.UpsertEtablissement(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.CreateCampus(ctx, model.Campus{Type: "autre", Nom: "X", Academie: "16"}); err == nil {
			t.Error("a campus of an unknown kind was created")
		}
		aero, err := s.CreateCampus(ctx, model.Campus{Type: model.CampusCMQ, Nom: "CMQ Aéronautique et spatial", Academie: "16"})
		if err != nil {
			t.Fatal(err)
		}
		pole, err := s.CreateCampus(ctx, model.Campus{Type: model.CampusPoleStage, Nom: "Pôle de stage du Gard", Academie: "11"})
		if err != nil {
			t.Fatal(err)
		}
		for _, uai := range []string{"0311323V", "0310036W"} {
			if err := s.AddCampusEtablissement(ctx, aero, uai); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddCampusEtablissement(ctx, aero, "0310036W"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("member added twice: %v, want ErrConflict", err)
		}
		if err := s.AddCampusEtablissement(ctx, aero, "0750654D"); err == nil {
			t.Error("unknown school added (foreign key)")
		}
		c, err := s.GetCampus(ctx, aero)
		if err != nil {
			t.Fatal(err)
		}
		if c.Type != model.CampusCMQ || c.Academie != "16" || len(c.Membres) != 2 || c.Membres[0] != "0310036W" || c.NbMembres != 2 {
			t.Errorf("campus: %+v", c)
		}
		membres, err := s.ListCampusEtablissements(ctx, aero)
		if err != nil || len(membres) != 2 || membres[0].Nom != "Lycée Déodat de Séverac" || membres[1].Type != model.Lycee {
			t.Errorf("members: %v %+v", err, membres)
		}
		list, err := s.ListCampus(ctx, "16")
		if err != nil || len(list) != 1 || list[0].ID != aero || list[0].NbMembres != 2 {
			t.Errorf("académie 16: %v %+v", err, list)
		}
		if list, _ := s.ListCampus(ctx, ""); len(list) != 2 || list[1].ID != aero || list[0].ID != pole {
			t.Errorf("all (by académie): %+v", list)
		}
		if err := s.RemoveCampusEtablissement(ctx, aero, "0310036W"); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveCampusEtablissement(ctx, aero, "0310036W"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("removed twice: %v, want ErrNotFound", err)
		}
		if c, _ := s.GetCampus(ctx, aero); len(c.Membres) != 1 || c.Membres[0] != "0311323V" {
			t.Errorf("after removal: %+v", c.Membres)
		}
		if _, err := s.GetCampus(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown campus: %v", err)
		}
	})
}
