package store_test

import (
	"context"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

func TestInterventionsPeriod(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: "Dupré", Prenom: "Hélène", Email: "h@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
		for _, d := range []int{1, 15, 31} {
			if _, err := s.CreateIntervention(ctx, model.Intervention{ConseillerID: id, Academie: "16", Type: model.TypeVisite, Date: day(d), DureeMinutes: 90}); err != nil {
				t.Fatal(err)
			}
		}
		// Both ends included; most recent first.
		list, err := s.ListInterventions(ctx, id, day(1), day(15))
		if err != nil || len(list) != 2 || !list[0].Date.Equal(day(15)) || list[1].Heures() != 1.5 {
			t.Fatalf("1–15 March: %+v %v", list, err)
		}
		if list, _ := s.ListInterventions(ctx, id, time.Time{}, time.Time{}); len(list) != 3 {
			t.Errorf("open period: %d, want 3", len(list))
		}
		if list, _ := s.ListInterventions(ctx, id, day(16), day(30)); len(list) != 0 {
			t.Errorf("16–30 March: %d, want 0", len(list))
		}
	})
}
