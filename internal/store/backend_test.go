package store_test

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"

	"cee/internal/store"
	"cee/internal/storetest"
)

// The load test reads the CPU of the database processes serving the
// application: another connection's backend is listed, not the asker's.
func TestBackendPIDs(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		ctx := context.Background()
		asker, app := storetest.MustOpen(t, u), storetest.MustOpen(t, u)
		if err := app.Ping(ctx); err != nil {
			t.Fatal(err)
		}
		pids, err := asker.BackendPIDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if asker.Dialect() != store.Postgres {
			if len(pids) != 0 {
				t.Errorf("SQLite: %v, want none", pids)
			}
			return
		}
		var own int
		if err := asker.DB().QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&own); err != nil {
			t.Fatal(err)
		}
		if len(pids) == 0 || slices.Contains(pids, own) {
			t.Fatalf("backends %v: want the other connection's, not %d", pids, own)
		}
		if _, err := os.Stat("/proc/" + strconv.Itoa(pids[0])); err != nil {
			t.Logf("backend %d not on this machine: %v", pids[0], err)
		}
	})
}
