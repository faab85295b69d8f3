// Package store is the only package that speaks SQL. One SQL text serves
// SQLite (modernc.org/sqlite) and PostgreSQL (pgx); the few differences sit
// behind Dialect.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"cee/internal/config"
	"cee/internal/model"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the database behind a Store.
type Dialect string

// The two supported databases.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ErrNotFound is returned when a row asked for does not exist; callers map it
// to 404. It is model's user error of that class.
var ErrNotFound error = model.ErrIntrouvable

// ErrConflict is returned when a unique value is already taken or a row
// changed meanwhile; it is model's user error of that class, and any
// model.Conflit matches it with errors.Is.
var ErrConflict error = model.ErrConflit

// wrap names the store operation and its key in an error it returns, in
// the style "GetDemande 42: …", so that one log line says which query
// failed; %w keeps errors.Is(err, ErrNotFound) working. Used as
// defer wrap(&err, "GetDemande %d", id) with a named result.
func wrap(err *error, format string, args ...any) {
	if *err != nil {
		*err = fmt.Errorf(format+": %w", append(args, *err)...)
	}
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store gives access to the database. Inside InTx the same methods run on the
// transaction, so a change and the jobs it causes commit together.
type Store struct {
	db      *sql.DB
	q       querier
	dialect Dialect
	inTx    bool
	// memoire is shared by the copies of the Store outside transactions
	// (Memoriser).
	memoire *memoire
}

// Open connects to the database named by a CEE_DATABASE_URL value and checks
// that it answers. It does not migrate.
func Open(ctx context.Context, databaseURL string) (*Store, error) {
	driver, dsn, err := config.SplitDatabaseURL(databaseURL)
	if err != nil {
		return nil, err
	}
	var db *sql.DB
	switch driver {
	case "sqlite":
		db, err = openSQLite(dsn)
	default:
		db, err = sql.Open("pgx", dsn)
		if err == nil {
			db.SetMaxOpenConns(20)
			db.SetMaxIdleConns(10)
			db.SetConnMaxIdleTime(5 * time.Minute)
		}
	}
	if err != nil {
		return nil, config.Usagef("base de données %s : %v", config.RedactURL(databaseURL), err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, config.Usagef("base de données injoignable (%s) : %v — vérifiez CEE_DATABASE_URL et que le serveur est démarré / database unreachable: check CEE_DATABASE_URL", config.RedactURL(databaseURL), firstLine(err))
	}
	return &Store{db: db, q: db, dialect: Dialect(driver), memoire: &memoire{m: map[memoCle]*memoEntree{}}}, nil
}

// openSQLite applies the settings that make SQLite a good server database:
// WAL so readers never wait for the writer, a busy timeout instead of
// immediate "database is locked" errors, foreign keys, and write
// transactions that take the lock at BEGIN (no deadlock on lock upgrade).
func openSQLite(path string) (*sql.DB, error) {
	if path == "" {
		return nil, errors.New("chemin de fichier SQLite vide")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// ANALYZE (Analyze, Optimize) samples this many rows of each index
	// rather than reading them all.
	q.Add("_pragma", "analysis_limit(1000)")
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	// One writer at a time anyway; a few connections let readers proceed.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

// Close closes the pool.
func (s *Store) Close() error { return s.db.Close() }

// DB exposes the pool for metrics and health checks.
func (s *Store) DB() *sql.DB { return s.db }

// Dialect tells which database is behind the store.
func (s *Store) Dialect() Dialect { return s.dialect }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// BackendPIDs returns the process ids of the PostgreSQL backends serving
// other clients of the same database (the application's instances), for the
// load test's CPU accounting; none on SQLite, which runs in the process.
func (s *Store) BackendPIDs(ctx context.Context) (_ []int, err error) {
	defer wrap(&err, "BackendPIDs")
	if s.dialect != Postgres {
		return nil, nil
	}
	rows, err := s.q.QueryContext(ctx, `SELECT pid FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			return nil, err
		}
		out = append(out, pid)
	}
	return out, rows.Err()
}

// InTx runs fn in one transaction, committed when fn returns nil. Nested
// calls join the outer transaction.
//
// fn's error is returned as is (its operations wrapped theirs); only
// beginning and committing are named here.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.inTx {
		return fn(s)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("InTx begin: %w", err)
	}
	if err := fn(&Store{db: s.db, q: tx, dialect: s.dialect, inTx: true}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("InTx commit: %w", err)
	}
	return nil
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// isUniqueViolation recognises a unique-constraint failure on both databases.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// utc normalises times before they reach SQLite, where they are stored as
// text: one time zone keeps text comparison equal to time comparison.
func utc(t time.Time) time.Time { return t.UTC() }

// Analyze gives the planner statistics on the given tables (all when none)
// after a bulk load (the demo, the Annuaire's import).
//
// On PostgreSQL it runs VACUUM (ANALYZE): until autovacuum gets to them,
// the planner has no statistics on the freshly filled tables and, the
// visibility map being empty, cannot use the covering indexes of the
// reporting queries (migration 0016) as index-only scans: the national
// dashboard took 546 ms at p95 right after the national demo's load with
// ANALYZE alone, 211–240 ms once vacuumed. Inside a transaction (where
// VACUUM cannot run) it only analyses.
//
// SQLite keeps no statistics unless asked: without them it guessed, and
// the directory search took 179 ms at p95 on the national demo instead of
// 8.8 ms. ANALYZE reads a sample (analysis_limit) of each index, which is
// enough for the planner and keeps it under a second at national scale
// (analysis_limit, set on every connection by openSQLite).
func (s *Store) Analyze(ctx context.Context, tables ...string) (err error) {
	defer wrap(&err, "Analyze")
	var qs []string
	switch {
	case s.dialect != Postgres:
		if len(tables) == 0 {
			qs = append(qs, "ANALYZE")
		}
		for _, t := range tables {
			qs = append(qs, "ANALYZE "+t)
		}
	case s.inTx:
		qs = []string{"ANALYZE " + strings.Join(tables, ", ")}
	default:
		qs = []string{"VACUUM (ANALYZE) " + strings.Join(tables, ", ")}
	}
	for _, q := range qs {
		if _, err := s.q.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("statistiques du planificateur : %w", err)
		}
	}
	return nil
}

// Optimize refreshes the planner's statistics where they are missing or
// stale: SQLite's « PRAGMA optimize » analyses the tables never analysed or
// whose size changed a lot since, as the application's own writes
// (requests, solicitations) do over a year. It runs at start-up after the
// migrations and daily (job maintenance.purger). PostgreSQL's autovacuum
// does this itself: nothing to do there.
func (s *Store) Optimize(ctx context.Context) (err error) {
	defer wrap(&err, "Optimize")
	if s.dialect == Postgres {
		return nil
	}
	if _, err := s.q.ExecContext(ctx, "PRAGMA optimize = 0x10002"); err != nil {
		return fmt.Errorf("statistiques du planificateur : %w", err)
	}
	return nil
}
