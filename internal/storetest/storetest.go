// Package storetest gives tests a fresh, migrated database of each kind:
// SQLite in a temporary folder, and PostgreSQL when CEE_TEST_DATABASE_URL is
// set (in CI it must be: a missing URL fails the test instead of skipping).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"cee/internal/store"
)

// Databases runs fn once per available database, as subtests named
// "sqlite" and "postgres", each with the URL of a fresh empty database.
func Databases(t *testing.T, fn func(t *testing.T, databaseURL string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, "sqlite:"+filepath.Join(t.TempDir(), "cee.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, PostgresURL(t))
	})
}

// Each runs fn once per database with a migrated store.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	Databases(t, func(t *testing.T, u string) {
		fn(t, MustOpen(t, u))
	})
}

// MustOpen opens and migrates the database at u, closed at the end of the test.
func MustOpen(t testing.TB, u string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// PostgresURL returns the URL of a fresh PostgreSQL schema, dropped at the
// end of the test. Without CEE_TEST_DATABASE_URL it skips, or fails when CI
// is set.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("CEE_TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CEE_TEST_DATABASE_URL manquante alors que CI est définie : les tests PostgreSQL doivent tourner en CI")
		}
		t.Skip("CEE_TEST_DATABASE_URL non définie : tests PostgreSQL sautés (le script scripts/test la définit)")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("création du schéma de test : %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
