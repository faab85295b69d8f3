package store_test

import (
	"context"
	"errors"
	"testing"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

func TestEtablissements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		lat, lon := 43.6033, 1.4399
		fermat := model.Etablissement{UAI: "0310036W", Nom: "Lycée Pierre de Fermat", Type: model.Lycee, Statut: "public",
			CodeCommune: "31555", NomCommune: "Toulouse", Departement: "31", Academie: "16",
			Latitude: &lat, Longitude: &lon, VoieGenerale: true}
		chamson := model.Etablissement{UAI: "0301326D", Nom: "Collège André Chamson", Type: model.College, Statut: "public",
			CodeCommune: "30350", NomCommune: "Le Vigan", Departement: "30", Academie: "11", EducationPrioritaire: "REP"}
		for _, e := range []model.Etablissement{fermat, chamson} {
			if err := s.UpsertEtablissement(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		fermat.Nom = "Lycée général Pierre de Fermat"
		if err := s.UpsertEtablissement(ctx, fermat); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetEtablissement(ctx, "0310036W")
		if err != nil {
			t.Fatal(err)
		}
		if got.Nom != fermat.Nom || got.Latitude == nil || *got.Latitude != lat || !got.VoieGenerale || got.VoieProfessionnelle {
			t.Errorf("got %+v", got)
		}
		if c, _ := s.GetEtablissement(ctx, "0301326D"); c.Latitude != nil || c.EducationPrioritaire != "REP" {
			t.Errorf("got %+v, want no coordinates and REP", c)
		}
		if _, err := s.GetEtablissement(ctx, "0750654D"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing UAI: %v", err)
		}
		list, total, err := s.ListEtablissements(ctx, store.EtablissementFilter{Nom: "FERMAT"})
		if err != nil || total != 1 || len(list) != 1 || list[0].UAI != "0310036W" {
			t.Errorf("search by name: %d %v %v", total, list, err)
		}
		list, total, _ = s.ListEtablissements(ctx, store.EtablissementFilter{Academie: "11", Type: model.College})
		if total != 1 || list[0].UAI != "0301326D" {
			t.Errorf("filter by académie: %d %v", total, list)
		}
		list, total, _ = s.ListEtablissements(ctx, store.EtablissementFilter{Limit: 1, Offset: 1})
		if total != 2 || len(list) != 1 || list[0].UAI != "0310036W" {
			t.Errorf("second page: %d %v", total, list)
		}
		counts, _ := s.CountEtablissementsByAcademie(ctx)
		if counts["16"] != 1 || counts["11"] != 1 {
			t.Errorf("counts %v", counts)
		}
	})
}

func TestMails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.InsertMail(ctx, store.Mail{Recipients: []string{"a@example.fr"}, Subject: "Sujet é", Text: "t", HTML: "<p>h</p>"})
		if err != nil {
			t.Fatal(err)
		}
		m, err := s.GetMail(ctx, id)
		if err != nil || m.Subject != "Sujet é" || m.Recipients[0] != "a@example.fr" {
			t.Fatalf("%+v %v", m, err)
		}
		list, total, _ := s.ListMails(ctx, 10, 0)
		if total != 1 || len(list) != 1 {
			t.Fatalf("ListMails = %d", total)
		}
		if _, err := s.GetMail(ctx, id+1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing mail: %v", err)
		}
	})
}
