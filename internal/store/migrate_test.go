package store_test

import (
	"context"
	"testing"

	"cee/internal/store"
	"cee/internal/storetest"
)

// The two folders must hold the same numbered files, or one database would
// silently lack a change.
func TestMigrationFoldersMatch(t *testing.T) {
	lite, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 {
		t.Fatal("aucune migration SQLite")
	}
	if len(lite) != len(pg) {
		t.Fatalf("%d migrations SQLite, %d PostgreSQL", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Name != pg[i].Name {
			t.Errorf("migration %d : %s (SQLite) ≠ %s (PostgreSQL)", i, lite[i].Name, pg[i].Name)
		}
		if lite[i].Version != i+1 {
			t.Errorf("migration %s : numéro %d, attendu %d (numérotation continue)", lite[i].Name, lite[i].Version, i+1)
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		n, err := s.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("second Migrate applied %d migrations, want 0", n)
		}
		pending, err := s.Pending(ctx)
		if err != nil || pending != 0 {
			t.Errorf("Pending = %d, %v; want 0", pending, err)
		}
	})
}

func TestPendingOnEmptyDatabase(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		ctx := context.Background()
		s, err := store.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		migs, _ := store.Migrations(s.Dialect())
		pending, err := s.Pending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if pending != len(migs) {
			t.Errorf("Pending on empty database = %d, want %d", pending, len(migs))
		}
	})
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{"mysql://x", "postgres://nobody@127.0.0.1:1/nothing?connect_timeout=1"} {
		if _, err := store.Open(ctx, u); err == nil {
			t.Errorf("Open(%q) succeeded, want an error", u)
		}
	}
}
