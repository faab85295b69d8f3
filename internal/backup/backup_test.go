package backup_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cee/internal/backup"
	"cee/internal/config"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// A backup taken while writers commit holds every transaction committed
// before it started, whole; restored into a fresh database it is sound.
func TestRoundTripUnderWriteLoad(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, srcURL string) {
		ctx := context.Background()
		postgres := strings.HasPrefix(srcURL, "postgres")
		if postgres {
			requirePostgresTools(t)
		}
		src := storetest.MustOpen(t, srcURL)
		seed := 20000
		if postgres {
			seed = 5000
		}
		// Enough data that the copy takes a while and the writers run during it.
		err := src.InTx(ctx, func(tx *store.Store) error {
			for i := range seed {
				if _, err := createWithRole(ctx, tx, fmt.Sprintf("initial-%d@example.fr", i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		type commit struct {
			id   int64
			done time.Time // when the commit returned
		}
		var (
			mu      sync.Mutex
			commits []commit
			wg      sync.WaitGroup
		)
		stop := make(chan struct{})
		writeErr := make(chan error, 4)
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					id, err := createWithRole(ctx, src, fmt.Sprintf("w%d-%d@example.fr", w, i))
					if err != nil {
						writeErr <- err
						return
					}
					mu.Lock()
					commits = append(commits, commit{id, time.Now()})
					mu.Unlock()
				}
			}()
		}
		committed := func() int {
			mu.Lock()
			defer mu.Unlock()
			return len(commits)
		}
		waitFor := func(n int) {
			deadline := time.Now().Add(30 * time.Second)
			for committed() < n {
				if time.Now().After(deadline) {
					t.Fatalf("writers stuck at %d commits", committed())
				}
				time.Sleep(time.Millisecond)
			}
		}
		waitFor(100)

		out := filepath.Join(t.TempDir(), "sauvegarde.bak")
		start := time.Now()
		res, err := backup.Backup(ctx, srcURL, out, false)
		end := time.Now()
		if err != nil {
			close(stop)
			wg.Wait()
			t.Fatal(err)
		}
		before := committed()
		waitFor(before + 20) // still writing after the copy: the load spanned it
		close(stop)
		wg.Wait()
		select {
		case err := <-writeErr:
			t.Fatalf("writer: %v", err)
		default:
		}

		var mustHave []int64
		during := 0
		for _, c := range commits {
			switch {
			case c.done.Before(start):
				mustHave = append(mustHave, c.id)
			case c.done.Before(end):
				during++
			}
		}
		t.Logf("%s: %d rows before the backup (+%d seeded), %d committed during it, backup %s, %d bytes",
			res.Dialect, len(mustHave), seed, during, res.Duration.Round(time.Millisecond), res.Size)
		if during == 0 {
			t.Fatalf("no commit during the %s backup: the test did not exercise a backup under load", res.Duration)
		}

		dstURL := freshTarget(t, srcURL)
		rres, err := backup.Restore(ctx, dstURL, out, false)
		if err != nil {
			t.Fatal(err)
		}
		if rres.Applied != 0 {
			t.Errorf("%d migrations applied after restoring a backup of the same version", rres.Applied)
		}
		dst := storetest.MustOpen(t, dstURL)
		restored := map[int64]bool{}
		rows, err := dst.DB().QueryContext(ctx, `SELECT id FROM comptes`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			restored[id] = true
		}
		rows.Close()
		missing := 0
		for _, id := range mustHave {
			if !restored[id] {
				missing++
			}
		}
		if missing > 0 {
			t.Errorf("%d of the %d accounts committed before the backup are missing", missing, len(mustHave))
		}
		if len(restored) < seed+len(mustHave) {
			t.Errorf("restored %d accounts, want at least %d", len(restored), seed+len(mustHave))
		}
		// Each writer transaction created an account and its role: a copy
		// that is not a snapshot would show one without the other.
		var orphans int
		err = dst.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM comptes c WHERE NOT EXISTS (SELECT 1 FROM habilitations h WHERE h.compte_id = c.id)`).Scan(&orphans)
		if err != nil {
			t.Fatal(err)
		}
		if orphans != 0 {
			t.Errorf("%d accounts restored without the role written in the same transaction", orphans)
		}
		if !postgres {
			var check string
			if err := dst.DB().QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
				t.Errorf("integrity_check = %q, %v", check, err)
			}
		}
		// The restored database serves the application's queries.
		c, err := dst.GetCompteByEmail(ctx, "initial-7@example.fr")
		if err != nil || len(c.Habilitations) != 1 {
			t.Errorf("GetCompteByEmail on the restored database: %+v, %v", c, err)
		}
	})
}

func TestRestoreRefusals(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, srcURL string) {
		ctx := context.Background()
		if strings.HasPrefix(srcURL, "postgres") {
			requirePostgresTools(t)
		}
		src := storetest.MustOpen(t, srcURL)
		if _, err := createWithRole(ctx, src, "sauvegarde@example.fr"); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "cee.bak")
		if _, err := backup.Backup(ctx, srcURL, out, false); err != nil {
			t.Fatal(err)
		}
		_, err := backup.Backup(ctx, srcURL, out, false)
		if !errors.Is(err, backup.ErrExists) || !errors.Is(err, config.ErrUsage) {
			t.Errorf("second backup to the same file: %v, want ErrExists", err)
		}
		if _, err := backup.Backup(ctx, srcURL, out, true); err != nil {
			t.Errorf("backup --force over an existing file: %v", err)
		}

		// Only a migrated, still empty database: an applied migration counts.
		dstURL := freshTarget(t, srcURL)
		dst := storetest.MustOpen(t, dstURL)
		if _, err := createWithRole(ctx, dst, "apres@example.fr"); err != nil {
			t.Fatal(err)
		}
		dst.Close()
		_, err = backup.Restore(ctx, dstURL, out, false)
		if !errors.Is(err, backup.ErrNotEmpty) || !strings.Contains(err.Error(), "--force") {
			t.Fatalf("restore over a non-empty database: %v, want ErrNotEmpty naming --force", err)
		}
		notBackup := filepath.Join(t.TempDir(), "texte.bak")
		os.WriteFile(notBackup, []byte("pas une sauvegarde"), 0o600)
		if _, err := backup.Restore(ctx, dstURL, notBackup, true); !errors.Is(err, backup.ErrNotBackup) {
			t.Errorf("restore of a text file: %v, want ErrNotBackup", err)
		}
		if _, err := backup.Restore(ctx, dstURL, out, true); err != nil {
			t.Fatalf("restore --force: %v", err)
		}
		dst = storetest.MustOpen(t, dstURL)
		if _, err := dst.GetCompteByEmail(ctx, "sauvegarde@example.fr"); err != nil {
			t.Errorf("restored account: %v", err)
		}
		if _, err := dst.GetCompteByEmail(ctx, "apres@example.fr"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("account of the replaced database still there: %v", err)
		}
	})
}

// An older backup restored by a newer binary gets the missing migrations.
func TestRestoreAppliesPendingMigrations(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, srcURL string) {
		ctx := context.Background()
		dialect := store.SQLite
		if strings.HasPrefix(srcURL, "postgres") {
			requirePostgresTools(t)
			dialect = store.Postgres
		}
		// The database an older binary left: the migrations before the last
		// one that creates a table, applied the way Store.Migrate applies
		// them. A table the backup does not know is what --force must clear.
		src, err := store.Open(ctx, srcURL)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		migs, err := store.Migrations(dialect)
		if err != nil {
			t.Fatal(err)
		}
		cut := -1
		for i, m := range migs {
			if strings.Contains(m.SQL, "CREATE TABLE") {
				cut = i
			}
		}
		if cut < 1 {
			t.Fatal("no migration creates a table after the first one")
		}
		want := len(migs) - cut
		if _, err := src.DB().ExecContext(ctx, `CREATE TABLE schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		for _, m := range migs[:cut] {
			if _, err := src.DB().ExecContext(ctx, m.SQL); err != nil {
				t.Fatalf("%s: %v", m.Name, err)
			}
			if _, err := src.DB().ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, time.Now().UTC()); err != nil {
				t.Fatal(err)
			}
		}
		out := filepath.Join(t.TempDir(), "ancienne.bak")
		if _, err := backup.Backup(ctx, srcURL, out, false); err != nil {
			t.Fatal(err)
		}
		res, err := backup.Restore(ctx, freshTarget(t, srcURL), out, false)
		if err != nil {
			t.Fatal(err)
		}
		if res.Applied != want {
			t.Errorf("applied %d migrations after restore, want %d (from %s)", res.Applied, want, migs[cut].Name)
		}

		// Over a database already at the newest version, --force drops the
		// tables the backup does not know, or the migration would collide.
		newer := freshTarget(t, srcURL)
		dst := storetest.MustOpen(t, newer)
		if _, err := createWithRole(ctx, dst, "recente@example.fr"); err != nil {
			t.Fatal(err)
		}
		dst.Close()
		res, err = backup.Restore(ctx, newer, out, true)
		if err != nil {
			t.Fatalf("restore --force of an older backup over a newer database: %v", err)
		}
		if res.Applied != want {
			t.Errorf("applied %d migrations after restore --force, want %d (from %s)", res.Applied, want, migs[cut].Name)
		}
	})
}

// The SQLite file of a running server is never replaced, even with --force.
func TestRestoreRefusesOpenSQLite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	srcURL := "sqlite:" + filepath.Join(dir, "a.db")
	storetest.MustOpen(t, srcURL)
	out := filepath.Join(dir, "a.bak")
	if _, err := backup.Backup(ctx, srcURL, out, false); err != nil {
		t.Fatal(err)
	}
	dstURL := "sqlite:" + filepath.Join(dir, "b.db")
	storetest.MustOpen(t, dstURL) // stays open, like a server
	if _, err := backup.Restore(ctx, dstURL, out, true); !errors.Is(err, backup.ErrInUse) {
		t.Errorf("restore over an open database: %v, want ErrInUse", err)
	}
}

func createWithRole(ctx context.Context, s *store.Store, email string) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *store.Store) error {
		var err error
		id, err = tx.CreateCompte(ctx, model.Compte{Email: email, Nom: email, Statut: model.CompteActif})
		if err != nil {
			return err
		}
		_, err = tx.AddHabilitation(ctx, model.Habilitation{CompteID: id, Role: model.RoleAdmin})
		return err
	})
	return id, err
}

// freshTarget returns the URL of an empty database of the same kind as
// srcURL. On PostgreSQL it is a new database with the same schema name,
// since pg_restore puts tables back in the schema they were dumped from.
func freshTarget(t *testing.T, srcURL string) string {
	t.Helper()
	if !strings.HasPrefix(srcURL, "postgres") {
		return "sqlite:" + filepath.Join(t.TempDir(), "restauree.db")
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "cee_restore_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", os.Getenv("CEE_TEST_DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("base de restauration : %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", os.Getenv("CEE_TEST_DATABASE_URL"))
		if err != nil {
			return
		}
		defer db.Close()
		if _, err := db.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`); err != nil {
			t.Logf("DROP DATABASE %s: %v", name, err)
		}
	})
	u, err := url.Parse(srcURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE SCHEMA ` + u.Query().Get("search_path")); err != nil {
		t.Fatalf("schéma de restauration : %v", err)
	}
	return u.String()
}

// requirePostgresTools skips a test without pg_dump, pg_restore and psql,
// or fails it in CI, where scripts/test installs them.
func requirePostgresTools(t testing.TB) {
	t.Helper()
	for _, name := range []string{"pg_dump", "pg_restore", "psql"} {
		if _, err := exec.LookPath(name); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s manquant alors que CI est définie : scripts/test installe postgresql-client", name)
			}
			t.Skipf("%s introuvable : sauvegarde PostgreSQL non testée (apt-get install postgresql-client)", name)
		}
	}
}
