package store_test

import (
	"context"
	"errors"
	"testing"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// TestExpertises: a request for an opinion to two CEE is listed for its
// académie, its asker and the CEE asked (not another CEE); an opinion is
// answered once (a second answer is a conflict); an opinion given is a
// service of its CEE, on its day, for the time stated, and makes the CEE
// active in the indicators; a declined one is not a service.
func TestExpertises(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		j := buildJeuIndicateurs(t, s)
		ref := store.IndicateurFilter{Annee: 2025, Now: day(2026, 3, 15, 12), Academie: "16"}
		before, err := s.IndicateursCharge(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		e := model.Expertise{Academie: "16", Demandeur: "Paul Durand", Qualite: "Inspecteur", Sujet: model.SujetCPC, Objet: "Référentiel CAP",
			Question: "Le référentiel est-il à jour ?", Echeance: day(2026, 2, 1, 0),
			Avis: []model.AvisExpertise{{ConseillerID: j.c6}, {ConseillerID: j.c2}}}
		id, err := s.CreateExpertise(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct {
			name string
			f    store.ExpertiseFilter
			want int
		}{
			{"académie", store.ExpertiseFilter{Academie: "16"}, 1},
			{"autre académie", store.ExpertiseFilter{Academie: "01"}, 0},
			{"CEE asked", store.ExpertiseFilter{Academie: "16", ConseillerID: j.c6}, 1},
			{"CEE not asked", store.ExpertiseFilter{Academie: "16", ConseillerID: j.c1}, 0},
			{"school", store.ExpertiseFilter{Academie: "16", UAI: "0310001A"}, 0},
		} {
			list, err := s.ListExpertises(ctx, f.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != f.want {
				t.Errorf("%s: %d requests, want %d", f.name, len(list), f.want)
			}
		}
		got, err := s.GetExpertise(ctx, id)
		if err != nil || len(got.Avis) != 2 || got.Avis[0].Etat != model.AvisAttendu {
			t.Fatalf("GetExpertise: %v %+v", err, got.Avis)
		}
		a := got.Avis[0]
		a.Etat, a.Texte, a.Minutes = model.AvisRendu, "Oui, à deux réserves près.", 150
		if err := s.RepondreAvis(ctx, a, nil, day(2026, 1, 20, 10)); err != nil {
			t.Fatal(err)
		}
		a.Etat = model.AvisDecline
		if err := s.RepondreAvis(ctx, a, nil, day(2026, 1, 21, 10)); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second answer: %v, want ErrConflict", err)
		}
		d := got.Avis[1]
		d.Etat, d.Texte = model.AvisDecline, "Hors de mon métier."
		if err := s.RepondreAvis(ctx, d, nil, day(2026, 1, 20, 10)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.AvisFichier(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("no file: %v, want ErrNotFound", err)
		}

		list, err := s.ListServices(ctx, got.Avis[0].ConseillerID, day(2026, 1, 1, 0), day(2026, 1, 31, 0))
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, x := range list {
			if x.Genre == model.ServiceExpertise {
				found = true
				if x.Minutes != 150 || x.Libelle != "Consultation d'une commission professionnelle consultative (CPC) — Référentiel CAP" || x.Date.Day() != 20 {
					t.Errorf("service %+v", x)
				}
			}
		}
		if !found {
			t.Errorf("the opinion given is not a service: %+v", list)
		}
		if list, _ := s.ListServices(ctx, got.Avis[1].ConseillerID, day(2026, 1, 1, 0), day(2026, 1, 31, 0)); hasGenre(list, model.ServiceExpertise) {
			t.Error("a declined opinion is a service")
		}
		after, err := s.IndicateursCharge(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		if before.Inactifs != 1 || after.Inactifs != 0 {
			t.Errorf("inactifs %d then %d, want 1 then 0: the opinion makes c6 active", before.Inactifs, after.Inactifs)
		}
		for _, c := range after.CEE {
			if c.ID == j.c6 && c.ExpertisesAnnee != 1 {
				t.Errorf("c6: %d opinions in the year, want 1", c.ExpertisesAnnee)
			}
		}
	})
}

func hasGenre(list []model.Service, g model.GenreService) bool {
	for _, x := range list {
		if x.Genre == g {
			return true
		}
	}
	return false
}
