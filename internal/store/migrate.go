package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFiles embed.FS

// Migration is one numbered SQL file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the embedded migrations of one dialect, sorted.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s : le nom doit commencer par un numéro, par exemple 0002_jobs.sql", e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies the migrations not yet applied, each in its own
// transaction. On PostgreSQL an advisory lock keeps two instances starting
// together from applying the same file twice; on SQLite the immediate write
// transaction does the same.
func (s *Store) Migrate(ctx context.Context) (applied int, err error) {
	migs, err := Migrations(s.dialect)
	if err != nil {
		return 0, err
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
		return 0, fmt.Errorf("table schema_migrations : %w", err)
	}
	for _, m := range migs {
		err := s.InTx(ctx, func(tx *Store) error {
			if s.dialect == Postgres {
				if _, err := tx.q.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7423001)`); err != nil {
					return err
				}
			}
			var n int
			if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.q.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s : %w", m.Name, err)
			}
			applied++
			_, err := tx.q.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, utc(time.Now()))
			return err
		})
		if err != nil {
			return applied, err
		}
	}
	return applied, nil
}

// Pending returns how many embedded migrations are not applied yet; /readyz
// answers "not ready" while it is above zero.
func (s *Store) Pending(ctx context.Context) (_ int, err error) {
	defer wrap(&err, "Pending")
	migs, err := Migrations(s.dialect)
	if err != nil {
		return 0, err
	}
	var last int
	err = s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&last)
	if err != nil {
		return len(migs), nil
	}
	n := 0
	for _, m := range migs {
		if m.Version > last {
			n++
		}
	}
	return n, nil
}
