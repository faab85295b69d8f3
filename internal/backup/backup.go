// Package backup provides `cee backup` and `cee restore`: a consistent copy
// of the whole database taken while the application serves, and its
// restoration into an empty (or, when forced, replaced) database followed by
// the pending migrations.
//
// SQLite is copied with VACUUM INTO, which reads one snapshot: every
// transaction committed before the copy starts is in it, none committed
// after. PostgreSQL is delegated to pg_dump / pg_restore (Debian package
// postgresql-client), the tools operators already know. The few SQL texts
// here are maintenance statements (catalog queries, VACUUM INTO, PRAGMA),
// not application queries, which stay in package store.
package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"cee/internal/config"
	"cee/internal/store"
)

// Refusals. Each comes wrapped in an error whose message says what to do;
// they also match config.ErrUsage, so the command exits with code 2.
var (
	ErrExists      = errors.New("fichier de sauvegarde existant")
	ErrNotEmpty    = errors.New("base de données non vide")
	ErrInUse       = errors.New("base de données ouverte par un autre processus")
	ErrToolMissing = errors.New("outil PostgreSQL manquant")
	ErrNotBackup   = errors.New("fichier qui n'est pas une sauvegarde de cee")
)

// refusal is an operator mistake: a sentence saying what to do, matching
// both its kind and config.ErrUsage.
type refusal struct {
	kind error
	msg  string
}

func (e *refusal) Error() string { return e.msg }

func (e *refusal) Is(target error) bool { return target == e.kind || target == config.ErrUsage }

func refuse(kind error, format string, args ...any) error {
	return &refusal{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// Result describes a finished backup or restore.
type Result struct {
	Dialect  store.Dialect
	File     string
	Size     int64         // bytes of the backup file
	Duration time.Duration // time spent copying (backup) or restoring (restore, without migrations)
	Applied  int           // migrations applied after a restore
}

// Backup writes a consistent copy of the database named by databaseURL (a
// CEE_DATABASE_URL value) to the file out. An existing out is kept unless
// force is set; the copy is written beside it and renamed at the end, so a
// failed backup never leaves a truncated file under the final name.
func Backup(ctx context.Context, databaseURL, out string, force bool) (Result, error) {
	driver, dsn, err := config.SplitDatabaseURL(databaseURL)
	if err != nil {
		return Result{}, err
	}
	if out == "" {
		return Result{}, config.Usagef("--out : indiquez le fichier de sauvegarde à écrire / give the backup file")
	}
	if !force {
		if _, err := os.Stat(out); err == nil {
			return Result{}, refuse(ErrExists, "%s existe déjà : choisissez un autre nom (par exemple avec la date) ou ajoutez --force pour le remplacer / file exists, use --force to replace it", out)
		}
	}
	if dir := filepath.Dir(out); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return Result{}, config.Usagef("dossier de %s impossible à créer : %v", out, err)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return Result{}, config.Usagef("impossible d'écrire dans le dossier de %s : %v", out, err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())

	start := time.Now()
	res := Result{Dialect: store.Dialect(driver), File: out}
	switch driver {
	case "sqlite":
		err = backupSQLite(ctx, dsn, tmp.Name())
	default:
		err = backupPostgres(ctx, dsn, tmp.Name())
	}
	if err != nil {
		return Result{}, err
	}
	res.Duration = time.Since(start)
	if err := syncFile(tmp.Name()); err != nil {
		return Result{}, err
	}
	if err := publish(tmp.Name(), out, force); err != nil {
		return Result{}, err
	}
	st, err := os.Stat(out)
	if err != nil {
		return Result{}, err
	}
	res.Size = st.Size()
	return res, nil
}

// Restore loads the backup file in into the database named by databaseURL,
// then applies the migrations the backup predates, so an older backup works
// with a newer binary. A database holding any row (an applied migration
// counts) is replaced only when force is set. The application must be
// stopped: on SQLite a database still open by another process is refused
// even with force.
func Restore(ctx context.Context, databaseURL, in string, force bool) (Result, error) {
	driver, dsn, err := config.SplitDatabaseURL(databaseURL)
	if err != nil {
		return Result{}, err
	}
	if in == "" {
		return Result{}, config.Usagef("--in : indiquez le fichier de sauvegarde à restaurer / give the backup file")
	}
	st, err := os.Stat(in)
	if err != nil || !st.Mode().IsRegular() {
		return Result{}, config.Usagef("fichier de sauvegarde %s introuvable / backup file not found", in)
	}
	res := Result{Dialect: store.Dialect(driver), File: in, Size: st.Size()}
	start := time.Now()
	switch driver {
	case "sqlite":
		err = restoreSQLite(ctx, dsn, in, force)
	default:
		err = restorePostgres(ctx, dsn, in, force)
	}
	if err != nil {
		return Result{}, err
	}
	res.Duration = time.Since(start)
	s, err := store.Open(ctx, databaseURL)
	if err != nil {
		return res, err
	}
	defer s.Close()
	res.Applied, err = s.Migrate(ctx)
	if err != nil {
		return res, fmt.Errorf("base restaurée, mais migrations en échec : %w", err)
	}
	return res, nil
}

// notEmptyMessage is the refusal shared by both databases.
func notEmptyMessage(what string) error {
	return refuse(ErrNotEmpty, "%s n'est pas vide (elle contient des données ou des migrations appliquées) : restaurer l'écraserait. "+
		"Sauvegardez-la d'abord (cee backup --out …) puis relancez avec --force pour la remplacer, ou visez une base vide avec CEE_DATABASE_URL "+
		"/ database not empty: back it up, then use --force to replace it", what)
}

// publish moves the finished temporary file to its final name: with force it
// replaces what is there; without, a hard link fails if the name appeared
// meanwhile, so nothing is ever overwritten by accident.
func publish(tmp, out string, force bool) error {
	if force {
		if err := os.Rename(tmp, out); err != nil {
			return err
		}
		return syncDir(filepath.Dir(out))
	}
	if err := os.Link(tmp, out); err != nil {
		if errors.Is(err, os.ErrExist) {
			return refuse(ErrExists, "%s existe déjà : choisissez un autre nom ou ajoutez --force / file exists, use --force", out)
		}
		// File systems without hard links: check, then rename.
		if _, statErr := os.Stat(out); statErr == nil {
			return refuse(ErrExists, "%s existe déjà : choisissez un autre nom ou ajoutez --force / file exists, use --force", out)
		}
		if err := os.Rename(tmp, out); err != nil {
			return err
		}
	}
	return syncDir(filepath.Dir(out))
}

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir makes a rename durable; some systems refuse to sync a directory,
// which is not worth failing a backup for.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	d.Sync()
	return nil
}
