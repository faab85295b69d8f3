package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cee/internal/store"
	"cee/internal/storetest"
)

func TestInstantane(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.GetInstantane(ctx, "rapport/2026/16"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("never computed: %v, want ErrNotFound", err)
		}
		t1 := time.Date(2026, 12, 5, 17, 2, 0, 0, time.UTC)
		for _, i := range []store.Instantane{{Contenu: []byte(`{"n":1}`), CalculeLe: t1}, {Contenu: []byte(`{"n":2}`), CalculeLe: t1.Add(15 * time.Minute)}} {
			if err := s.PutInstantane(ctx, "rapport/2026/16", i); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.GetInstantane(ctx, "rapport/2026/16")
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Contenu) != `{"n":2}` || !got.CalculeLe.Equal(t1.Add(15*time.Minute)) {
			t.Errorf("got %s at %s, want the second one", got.Contenu, got.CalculeLe)
		}
		if _, err := s.GetInstantane(ctx, "rapport/2026/25"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other key: %v, want ErrNotFound", err)
		}
	})
}
