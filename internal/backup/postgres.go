package backup

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"

	"cee/internal/config"
	"cee/internal/store"
)

// pgTarget is a CEE_DATABASE_URL turned into what the libpq tools accept.
type pgTarget struct {
	conn   string   // postgres:// URL without password nor pgx-only parameters
	schema string   // the schema selected by search_path, "" for the whole database
	env    []string // PGPASSWORD when the URL holds one: never on a command line, where ps shows it
}

// libpqParams are the URL parameters libpq knows; pgx passes the others
// (search_path, pool settings…) as run-time parameters, which the tools
// would reject.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "passfile": true,
	"channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "fallback_application_name": true, "keepalives": true, "keepalives_idle": true,
	"keepalives_interval": true, "keepalives_count": true, "tcp_user_timeout": true, "sslmode": true,
	"sslcert": true, "sslkey": true, "sslpassword": true, "sslrootcert": true, "sslcrl": true, "sslcrldir": true,
	"sslsni": true, "requirepeer": true, "ssl_min_protocol_version": true, "ssl_max_protocol_version": true,
	"gssencmode": true, "krbsrvname": true, "gsslib": true, "service": true, "target_session_attrs": true,
	"load_balance_hosts": true,
}

// plainIdent keeps the schema name safe to write into SQL and tool options.
var plainIdent = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

func parsePostgres(raw string) (pgTarget, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return pgTarget{}, config.Usagef("CEE_DATABASE_URL illisible : %v", err)
	}
	var t pgTarget
	q := u.Query()
	if sp := q.Get("search_path"); sp != "" {
		first, _, _ := strings.Cut(sp, ",")
		t.schema = strings.Trim(strings.TrimSpace(first), `"`)
		if !plainIdent.MatchString(t.schema) {
			return pgTarget{}, config.Usagef("search_path=%q : nom de schéma simple attendu (minuscules, chiffres, _) / expected a plain schema name", sp)
		}
	}
	if pw := q.Get("password"); pw != "" {
		t.env = append(t.env, "PGPASSWORD="+pw)
	}
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			t.env = append(t.env, "PGPASSWORD="+pw)
			u.User = url.User(u.User.Username())
		}
	}
	keep := url.Values{}
	for k, v := range q {
		if libpqParams[k] {
			keep[k] = v
		}
	}
	u.RawQuery = keep.Encode()
	t.conn = u.String()
	return t, nil
}

// tool finds a PostgreSQL client program or says which package provides it.
func tool(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", refuse(ErrToolMissing, "%s introuvable : installez les outils clients PostgreSQL, de la même version majeure que le serveur ou plus récente "+
			"(Debian/Ubuntu : apt-get install postgresql-client ; RHEL : dnf install postgresql) / %s not found: install postgresql-client", name, name)
	}
	return p, nil
}

func (t pgTarget) command(ctx context.Context, path string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = append(os.Environ(), t.env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	return cmd, &stderr
}

// backupPostgres runs pg_dump in its custom format (compressed, restorable
// table by table). pg_dump reads one snapshot, like VACUUM INTO.
func backupPostgres(ctx context.Context, raw, tmp string) error {
	pgDump, err := tool("pg_dump")
	if err != nil {
		return err
	}
	t, err := parsePostgres(raw)
	if err != nil {
		return err
	}
	args := []string{"--format=custom", "--file=" + tmp, "--dbname=" + t.conn}
	if t.schema != "" {
		args = append(args, "--schema="+t.schema)
	}
	cmd, stderr := t.command(ctx, pgDump, args...)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pg_dump : %v : %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// restorePostgres replays the dump in one transaction: pg_restore writes the
// SQL (--clean --if-exists --no-owner) and psql runs it after dropping the
// tables of the target schema, so tables created by migrations newer than
// the backup go too and the migrations that follow find a coherent
// database. If anything fails, nothing changes.
func restorePostgres(ctx context.Context, raw, in string, force bool) error {
	pgRestore, err := tool("pg_restore")
	if err != nil {
		return err
	}
	psql, err := tool("psql")
	if err != nil {
		return err
	}
	t, err := parsePostgres(raw)
	if err != nil {
		return err
	}
	schema := t.schema
	if schema == "" {
		schema = "public"
	}

	// The archive must be a cee backup of this schema: pg_restore cannot
	// move tables to another schema, and migrating an empty schema beside
	// the restored one would look like a success.
	list, stderr := t.command(ctx, pgRestore, "--list", in)
	toc, err := list.Output()
	if err != nil {
		return refuse(ErrNotBackup, "%s n'est pas une sauvegarde PostgreSQL lisible par pg_restore (%s) ; une sauvegarde SQLite se restaure avec CEE_DATABASE_URL=sqlite:… / not a PostgreSQL backup",
			in, strings.TrimSpace(stderr.String()))
	}
	schemas, hasMigrations := tocTables(toc)
	if !hasMigrations {
		return refuse(ErrNotBackup, "%s est une sauvegarde PostgreSQL mais pas de cee (pas de table schema_migrations) / not a cee backup", in)
	}
	for s := range schemas {
		if s != schema {
			return config.Usagef("%s contient le schéma %q mais CEE_DATABASE_URL vise le schéma %q : restaurez avec le même schéma (paramètre search_path de l'URL) / schema mismatch", in, s, schema)
		}
	}

	if !force {
		s, err := store.Open(ctx, raw)
		if err != nil {
			return err
		}
		empty, err := postgresEmpty(ctx, s, schema)
		s.Close()
		if err != nil {
			return err
		}
		if !empty {
			return notEmptyMessage("la base " + config.RedactURL(raw) + " (schéma " + schema + ")")
		}
	}

	// lock_timeout: a server still running holds locks; fail rather than wait.
	prelude := `SET client_min_messages = warning; SET lock_timeout = '15s';
DO $$DECLARE r record; BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = '` + schema + `' LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I.%I CASCADE', '` + schema + `', r.tablename);
  END LOOP;
  -- Functions too (the version triggers' since migration 0032): a newer
  -- database's functions unknown to the backup would stop its DROP SCHEMA.
  FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = '` + schema + `' LOOP
    EXECUTE 'DROP FUNCTION IF EXISTS ' || r.f::text || ' CASCADE';
  END LOOP;
END$$;`
	gen, genErr := t.command(ctx, pgRestore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file=-", in)
	run, runErr := t.command(ctx, psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
		"--command="+prelude, "--file=-", "--dbname="+t.conn)
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	gen.Stdout = w
	run.Stdin = r
	run.Stdout = &bytes.Buffer{}
	if err := gen.Start(); err != nil {
		r.Close()
		w.Close()
		return err
	}
	if err := run.Start(); err != nil {
		r.Close()
		w.Close()
		gen.Wait()
		return err
	}
	r.Close()
	w.Close()
	errRun := run.Wait()
	errGen := gen.Wait()
	if errRun != nil {
		return fmt.Errorf("restauration (psql) : %v : %s — la base n'a pas été modifiée", errRun, lastLines(runErr.String(), 5))
	}
	if errGen != nil {
		return fmt.Errorf("pg_restore : %v : %s", errGen, lastLines(genErr.String(), 5))
	}
	return nil
}

// tocTables reads `pg_restore --list`: the schemas holding tables, and
// whether schema_migrations is among them. A line reads
// "215; 1259 178968 TABLE schema name owner".
func tocTables(toc []byte) (schemas map[string]bool, hasMigrations bool) {
	schemas = map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(toc))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, ";") {
			continue
		}
		f := strings.Fields(line)
		if len(f) >= 6 && f[3] == "TABLE" && f[4] != "DATA" {
			schemas[f[4]] = true
			if f[5] == "schema_migrations" {
				hasMigrations = true
			}
		}
	}
	return schemas, hasMigrations
}

// postgresEmpty reports whether no table of schema holds a row.
func postgresEmpty(ctx context.Context, s *store.Store, schema string) (bool, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = $1`, schema)
	if err != nil {
		return false, err
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return false, err
		}
		tables = append(tables, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, tb := range tables {
		var found bool
		q := `SELECT EXISTS (SELECT 1 FROM "` + schema + `"."` + strings.ReplaceAll(tb, `"`, `""`) + `")`
		if err := s.DB().QueryRowContext(ctx, q).Scan(&found); err != nil {
			return false, fmt.Errorf("lecture de la table %s : %w", tb, err)
		}
		if found {
			return false, nil
		}
	}
	return true, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
