package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// TestCalendrierJeton: the feed's secret finds its active account, a
// renewed one no longer does; the agenda's queries run on both databases.
func TestCalendrierJeton(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.CreateCompte(ctx, model.Compte{Email: "cee@exemple.fr", Nom: "Claire", Statut: model.CompteActif})
		if err != nil {
			t.Fatal(err)
		}
		if j, err := s.CalendrierJeton(ctx, id); err != nil || j != "" {
			t.Fatalf("new account's secret %q, %v", j, err)
		}
		if _, err := s.CompteByCalendrierJeton(ctx, ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the empty secret finds an account: %v", err)
		}
		for _, j := range []string{"premier-secret", "second-secret"} {
			if err := s.SetCalendrierJeton(ctx, id, j); err != nil {
				t.Fatal(err)
			}
			if c, err := s.CompteByCalendrierJeton(ctx, j); err != nil || c.ID != id {
				t.Fatalf("%s: %v %v", j, c.ID, err)
			}
		}
		if _, err := s.CompteByCalendrierJeton(ctx, "premier-secret"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the renewed secret still works: %v", err)
		}
		s.SetCompteStatut(ctx, id, model.CompteSuspendu)
		if _, err := s.CompteByCalendrierJeton(ctx, "second-secret"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a suspended account's feed works: %v", err)
		}
		if c, err := s.ConvocationsOf(ctx, 1, time.Now()); err != nil || len(c) != 0 {
			t.Errorf("convocations: %v %v", c, err)
		}
		if e, err := s.EvenementsOf(ctx, 1, time.Now()); err != nil || len(e) != 0 {
			t.Errorf("events: %v %v", e, err)
		}
	})
}
