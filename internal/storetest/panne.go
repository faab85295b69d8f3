package storetest

import (
	"context"
	"testing"

	"cee/internal/store"
)

// PanneMessage is the text of the failure Panne injects: a test checks that
// it reaches the log and never a page, a mail or the API.
const PanneMessage = "panne simulee : disque plein"

// Panne makes every insert into table fail in the database, as a full disk
// or a lost connection would: a trigger raising an error, so the failure
// comes from the driver itself (no store mock). On SQLite the driver's text
// reads « constraint failed: … (1811) », on PostgreSQL « ERROR: … (SQLSTATE
// P0001) ».
func Panne(t testing.TB, s *store.Store, table string) {
	t.Helper()
	ctx := context.Background()
	var stmts []string
	switch s.Dialect() {
	case store.SQLite:
		stmts = []string{`CREATE TRIGGER panne_` + table + ` BEFORE INSERT ON ` + table + ` BEGIN SELECT RAISE(ABORT, '` + PanneMessage + `'); END`}
	default:
		stmts = []string{
			`CREATE OR REPLACE FUNCTION panne_simulee() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '` + PanneMessage + `'; END $$`,
			`CREATE TRIGGER panne_` + table + ` BEFORE INSERT ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION panne_simulee()`,
		}
	}
	for _, q := range stmts {
		if _, err := s.DB().ExecContext(ctx, q); err != nil {
			t.Fatalf("panne sur %s : %v", table, err)
		}
	}
}
