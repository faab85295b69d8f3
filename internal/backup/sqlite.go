package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"cee/internal/config"
	"cee/internal/store"
)

// backupSQLite copies the database at path into the empty file tmp. VACUUM
// INTO runs in one read transaction: with WAL the application keeps writing
// meanwhile, and the copy holds exactly what was committed when it began.
func backupSQLite(ctx context.Context, path, tmp string) error {
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return config.Usagef("base SQLite %s introuvable ou vide : vérifiez CEE_DATABASE_URL ou --data-dir / SQLite database not found", path)
	}
	s, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.DB().ExecContext(ctx, `VACUUM INTO $1`, tmp); err != nil {
		return fmt.Errorf("copie de la base SQLite : %w", err)
	}
	// The copy is checked before it takes its final name: a backup that
	// cannot be restored is worse than none.
	return checkSQLiteBackup(ctx, tmp)
}

// checkSQLiteBackup opens a copy and checks that it is a sound cee database.
func checkSQLiteBackup(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?"+sqliteParams("busy_timeout(1000)"))
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return refuse(ErrNotBackup, "%s n'est pas une base SQLite lisible (%v) / not a SQLite database", path, err)
	}
	if result != "ok" {
		return fmt.Errorf("%s : contrôle d'intégrité en échec : %s", path, result)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil || n == 0 {
		return refuse(ErrNotBackup, "%s est une base SQLite mais pas une sauvegarde de cee (pas de table schema_migrations) / not a cee backup", path)
	}
	return nil
}

// restoreSQLite replaces the database file at path with the backup in. The
// backup is copied beside the target, checked, and renamed over it: the
// target is either the old database or the complete new one.
func restoreSQLite(ctx context.Context, path, in string, force bool) error {
	if abs(path) == abs(in) {
		return config.Usagef("--in désigne la base elle-même (%s) / the backup is the database itself", in)
	}
	if st, err := os.Stat(path); err == nil && st.Size() > 0 {
		if err := checkTargetSQLite(ctx, path, force); err != nil {
			return err
		}
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return config.Usagef("dossier %s impossible à créer : %v", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".restore-*")
	if err != nil {
		return config.Usagef("dossier %s non accessible en écriture : %v", dir, err)
	}
	defer os.Remove(tmp.Name())
	src, err := os.Open(in)
	if err != nil {
		tmp.Close()
		return err
	}
	_, err = io.Copy(tmp, src)
	src.Close()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("copie de %s : %w", in, err)
	}
	if err := checkSQLiteBackup(ctx, tmp.Name()); err != nil {
		if errors.Is(err, ErrNotBackup) {
			return refuse(ErrNotBackup, "%s n'est pas une sauvegarde SQLite de cee (%v) ; une sauvegarde PostgreSQL se restaure avec CEE_DATABASE_URL=postgres://… / not a SQLite backup of cee", in, err)
		}
		return err
	}
	// A journal left by the old database must not be replayed onto the new
	// one: SQLite would apply its pages to the wrong file.
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// checkTargetSQLite refuses a database another process has open (the server
// still running) and, without force, a database that holds anything. It
// takes SQLite's exclusive lock without waiting: in WAL mode every open
// connection keeps a shared lock on the file, so the lock is refused while
// the server runs, even idle. Closing the probe checkpoints and removes the
// WAL, so no committed page is left outside the file being replaced.
func checkTargetSQLite(ctx context.Context, path string, force bool) error {
	db, err := sql.Open("sqlite", "file:"+path+"?"+sqliteParams("busy_timeout(0)", "locking_mode(EXCLUSIVE)"))
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tables, err := sqliteTables(ctx, db)
	if err != nil {
		if strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "locked") {
			return refuse(ErrInUse, "la base %s est ouverte par un autre processus (le serveur cee tourne-t-il encore ?) : arrêtez le service (systemctl stop cee) puis relancez la restauration / database in use: stop the server first", path)
		}
		return fmt.Errorf("lecture de la base %s : %w", path, err)
	}
	if force {
		return nil
	}
	for _, t := range tables {
		var n int
		err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM "`+strings.ReplaceAll(t, `"`, `""`)+`" LIMIT 1)`).Scan(&n)
		if err != nil {
			return fmt.Errorf("lecture de la table %s : %w", t, err)
		}
		if n > 0 {
			return notEmptyMessage("la base " + path)
		}
	}
	return nil
}

func sqliteTables(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func sqliteParams(pragmas ...string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	return q.Encode()
}

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
