package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"cee/internal/store"
	"cee/internal/storetest"
)

// TestSchemasMatch migrates a fresh SQLite and a fresh PostgreSQL database
// and compares what the migrations built: tables, columns (type, nullability,
// default), primary keys, indexes (name, columns, unique, partial), unique
// constraints, foreign keys (columns, target, actions) and CHECK constraints.
// The two migration folders are written by hand; this is what keeps them
// the same schema.
//
// The only allowed differences are the substitutions listed in
// docs/operations.md (« Two databases, one schema »): sqliteTypes below,
// PostgreSQL's casts in defaults ('x'::text is 'x'), the names of unique
// constraints (SQLite's sqlite_autoindex_…, PostgreSQL's …_key: compared by
// their columns), INCLUDE columns, and expressions, which each database
// prints its own way (an index's expression is compared by its position, a
// CHECK by the columns it reads and the literals it lists).
func TestSchemasMatch(t *testing.T) {
	ctx := context.Background()
	lite := storetest.MustOpen(t, "sqlite:"+t.TempDir()+"/cee.db")
	pg := storetest.MustOpen(t, storetest.PostgresURL(t))

	l, err := sqliteSchema(ctx, lite.DB())
	if err != nil {
		t.Fatalf("schéma SQLite : %v", err)
	}
	p, err := postgresSchema(ctx, pg.DB())
	if err != nil {
		t.Fatalf("schéma PostgreSQL : %v", err)
	}
	if len(l) < 50 {
		t.Fatalf("schéma SQLite de %d lignes seulement : la lecture du catalogue a échoué", len(l))
	}
	for _, line := range l {
		if !slices.Contains(p, line) {
			t.Errorf("SQLite seulement : %s", line)
		}
	}
	for _, line := range p {
		if !slices.Contains(l, line) {
			t.Errorf("PostgreSQL seulement : %s", line)
		}
	}
}

// sqliteTypes maps SQLite's declared types to PostgreSQL's data_type, the
// name both sides are compared under. A column declared INTEGER PRIMARY KEY
// is SQLite's 64-bit rowid, compared as bigint (PostgreSQL: BIGINT
// GENERATED ALWAYS AS IDENTITY).
var sqliteTypes = map[string]string{
	"INTEGER":   "integer",
	"BIGINT":    "bigint",
	"TEXT":      "text",
	"REAL":      "double precision",
	"BOOLEAN":   "boolean",
	"BLOB":      "bytea",
	"TIMESTAMP": "timestamp with time zone",
	"DATE":      "date",
}

var castRE = regexp.MustCompile(`::[a-z ]+(\[\])?`)

// normDefault drops PostgreSQL's casts and the case of keywords.
func normDefault(d sql.NullString) string {
	if !d.Valid {
		return "none"
	}
	s := castRE.ReplaceAllString(d.String, "")
	if ls := strings.ToLower(s); ls == "true" || ls == "false" {
		s = ls
	}
	return s
}

var literalRE = regexp.MustCompile(`'((?:[^']|'')*)'`)
var wordRE = regexp.MustCompile(`[a-z_][a-z0-9_]*`)

// checkLine describes a CHECK by what both databases keep of it: the
// columns of the table it reads and the literals it lists.
func checkLine(table, expr string, columns []string) string {
	var cols, lits []string
	for _, m := range literalRE.FindAllStringSubmatch(expr, -1) {
		lits = append(lits, m[1])
	}
	bare := literalRE.ReplaceAllString(strings.ToLower(expr), "")
	for _, w := range wordRE.FindAllString(bare, -1) {
		if slices.Contains(columns, w) && !slices.Contains(cols, w) {
			cols = append(cols, w)
		}
	}
	slices.Sort(cols)
	slices.Sort(lits)
	return fmt.Sprintf("check %s (%s) in [%s]", table, strings.Join(cols, ","), strings.Join(lits, ","))
}

// sqliteSchema reads the catalogue of a SQLite database as sorted lines.
func sqliteSchema(ctx context.Context, db *sql.DB) ([]string, error) {
	var out []string
	tables := map[string]string{} // name → CREATE TABLE text
	rows, err := db.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var n, s string
		if err := rows.Scan(&n, &s); err != nil {
			return nil, err
		}
		tables[n] = s
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	// A full-text index is an FTS5 virtual table and its shadow tables
	// (name_data, name_idx…) on SQLite, a GIN index of the same name on
	// PostgreSQL: one line each, by name.
	for name, createSQL := range tables {
		if strings.HasPrefix(createSQL, "CREATE VIRTUAL TABLE") {
			out = append(out, "full-text "+name)
			for shadow := range tables {
				if strings.HasPrefix(shadow, name+"_") {
					delete(tables, shadow)
				}
			}
			delete(tables, name)
		}
	}
	for table, createSQL := range tables {
		out = append(out, "table "+table)
		var columns []string
		pk := map[int]string{}
		rows, err := db.QueryContext(ctx, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_xinfo(?)`, table)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var name, typ string
			var notNull bool
			var dflt sql.NullString
			var pkPos int
			if err := rows.Scan(&name, &typ, &notNull, &dflt, &pkPos); err != nil {
				return nil, err
			}
			columns = append(columns, name)
			if pkPos > 0 {
				pk[pkPos] = name
				notNull = true // a PostgreSQL primary key is NOT NULL; SQLite's rowid is never NULL
			}
			mapped, ok := sqliteTypes[strings.ToUpper(typ)]
			if !ok {
				mapped = "unmapped " + typ
			}
			if rowid(createSQL, name) {
				mapped = "bigint"
			}
			out = append(out, fmt.Sprintf("column %s.%s %s notnull=%v default=%s", table, name, mapped, notNull, normDefault(dflt)))
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		var pkCols []string
		for i := 1; i <= len(pk); i++ {
			pkCols = append(pkCols, pk[i])
		}
		if len(pkCols) > 0 {
			out = append(out, fmt.Sprintf("primary key %s (%s)", table, strings.Join(pkCols, ",")))
		}

		// Indexes: those made by CREATE INDEX keep their name; those made
		// by UNIQUE constraints are named by SQLite, so only their columns
		// count. The primary key's index is the primary key above.
		type index struct {
			name, origin string
			unique       bool
			partial      bool
		}
		var indexes []index
		rows, err = db.QueryContext(ctx, `SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, table)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var ix index
			if err := rows.Scan(&ix.name, &ix.unique, &ix.origin, &ix.partial); err != nil {
				return nil, err
			}
			indexes = append(indexes, ix)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		for _, ix := range indexes {
			if ix.origin == "pk" {
				continue
			}
			var cols []string
			rows, err := db.QueryContext(ctx, `SELECT cid, name FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno`, ix.name)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var cid int
				var name sql.NullString
				if err := rows.Scan(&cid, &name); err != nil {
					return nil, err
				}
				if cid == -2 {
					cols = append(cols, "(expression)")
				} else {
					cols = append(cols, name.String)
				}
			}
			if err := rows.Close(); err != nil {
				return nil, err
			}
			switch ix.origin {
			case "u":
				out = append(out, fmt.Sprintf("unique %s (%s)", table, strings.Join(cols, ",")))
			default:
				out = append(out, fmt.Sprintf("index %s on %s (%s) unique=%v partial=%v", ix.name, table, strings.Join(cols, ","), ix.unique, ix.partial))
			}
		}

		// Foreign keys: one row per column, grouped by id.
		type fk struct {
			target, onUpdate, onDelete string
			from, to                   []string
		}
		fks := map[int]*fk{}
		rows, err = db.QueryContext(ctx, `SELECT id, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`, table)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int
			var target, from, onUpdate, onDelete string
			var to sql.NullString
			if err := rows.Scan(&id, &target, &from, &to, &onUpdate, &onDelete); err != nil {
				return nil, err
			}
			f := fks[id]
			if f == nil {
				f = &fk{target: target, onUpdate: onUpdate, onDelete: onDelete}
				fks[id] = f
			}
			f.from = append(f.from, from)
			f.to = append(f.to, to.String) // empty: the target's primary key, resolved below
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		for _, f := range fks {
			if f.to[0] == "" {
				f.to, err = sqlitePrimaryKey(ctx, db, f.target)
				if err != nil {
					return nil, err
				}
			}
			out = append(out, fmt.Sprintf("foreign key %s (%s) references %s (%s) on update %s on delete %s",
				table, strings.Join(f.from, ","), f.target, strings.Join(f.to, ","), f.onUpdate, f.onDelete))
		}

		for _, expr := range sqliteChecks(createSQL) {
			out = append(out, checkLine(table, expr, columns))
		}
	}
	slices.Sort(out)
	return out, nil
}

// rowid tells whether column is declared INTEGER PRIMARY KEY, SQLite's
// 64-bit row id.
func rowid(createSQL, column string) bool {
	re := regexp.MustCompile(`(?i)[(,]\s*` + regexp.QuoteMeta(column) + `\s+INTEGER\s+PRIMARY\s+KEY\b`)
	return re.MatchString(createSQL)
}

func sqlitePrimaryKey(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		cols = append(cols, n)
	}
	return cols, rows.Err()
}

// sqliteChecks returns the expressions of the CHECK constraints of a
// CREATE TABLE text (SQLite keeps no catalogue of them). Comments are
// removed first; parentheses are balanced outside string literals.
func sqliteChecks(createSQL string) []string {
	var b strings.Builder
	for line := range strings.SplitSeq(createSQL, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line + "\n")
	}
	s := b.String()
	var checks []string
	for {
		i := strings.Index(strings.ToUpper(s), "CHECK")
		if i < 0 {
			return checks
		}
		s = s[i+len("CHECK"):]
		open := strings.Index(s, "(")
		if open < 0 {
			return checks
		}
		depth, quoted := 0, false
		for j := open; j < len(s); j++ {
			switch c := s[j]; {
			case c == '\'':
				quoted = !quoted
			case quoted:
			case c == '(':
				depth++
			case c == ')':
				depth--
				if depth == 0 {
					checks = append(checks, s[open+1:j])
					s = s[j+1:]
					j = len(s) // leave the loop
				}
			}
		}
	}
}

// postgresSchema reads the catalogue of the current schema of a PostgreSQL
// database as sorted lines, in sqliteSchema's terms.
func postgresSchema(ctx context.Context, db *sql.DB) ([]string, error) {
	var out []string
	lines := func(query string, scan func(*sql.Rows) (string, error)) error {
		rows, err := db.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			l, err := scan(rows)
			if err != nil {
				return err
			}
			out = append(out, l)
		}
		return rows.Err()
	}
	err := lines(`SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`, func(r *sql.Rows) (string, error) {
		var n string
		err := r.Scan(&n)
		return "table " + n, err
	})
	if err != nil {
		return nil, err
	}
	columns := map[string][]string{}
	err = lines(`SELECT table_name, column_name, data_type, is_nullable = 'NO', column_default
		FROM information_schema.columns WHERE table_schema = current_schema()`, func(r *sql.Rows) (string, error) {
		var table, name, typ string
		var notNull bool
		var dflt sql.NullString
		err := r.Scan(&table, &name, &typ, &notNull, &dflt)
		columns[table] = append(columns[table], name)
		return fmt.Sprintf("column %s.%s %s notnull=%v default=%s", table, name, typ, notNull, normDefault(dflt)), err
	})
	if err != nil {
		return nil, err
	}
	// Constraints: primary keys, unique, foreign keys, checks, with their
	// columns in key order.
	actions := map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
	err = lines(`SELECT c.contype::text, t.relname, coalesce(f.relname, ''),
			(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
				JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n),
			coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
				JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n), ''),
			c.confupdtype::text, c.confdeltype::text, pg_get_constraintdef(c.oid)
		FROM pg_constraint c
		JOIN pg_class t ON t.oid = c.conrelid
		LEFT JOIN pg_class f ON f.oid = c.confrelid
		WHERE t.relnamespace = current_schema()::regnamespace`, func(r *sql.Rows) (string, error) {
		var typ, table, target, cols, targetCols, onUpdate, onDelete, def string
		if err := r.Scan(&typ, &table, &target, &cols, &targetCols, &onUpdate, &onDelete, &def); err != nil {
			return "", err
		}
		switch typ {
		case "p":
			return fmt.Sprintf("primary key %s (%s)", table, cols), nil
		case "u":
			return fmt.Sprintf("unique %s (%s)", table, cols), nil
		case "f":
			return fmt.Sprintf("foreign key %s (%s) references %s (%s) on update %s on delete %s",
				table, cols, target, targetCols, actions[onUpdate], actions[onDelete]), nil
		case "c":
			return checkLine(table, def, columns[table]), nil
		}
		return fmt.Sprintf("constraint %s of type %s on %s", def, typ, table), nil
	})
	if err != nil {
		return nil, err
	}
	// Indexes not made by a constraint.
	err = lines(`SELECT i.relname, t.relname, x.indisunique, x.indpred IS NOT NULL, am.amname = 'gin',
			(SELECT string_agg(coalesce(a.attname, '(expression)'), ',' ORDER BY k.i)
				FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, i)
				LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n
				WHERE k.i <= x.indnkeyatts)
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_am am ON am.oid = i.relam
		WHERE t.relnamespace = current_schema()::regnamespace
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)`,
		func(r *sql.Rows) (string, error) {
			var name, table, cols string
			var unique, partial, gin bool
			err := r.Scan(&name, &table, &unique, &partial, &gin, &cols)
			if gin {
				return "full-text " + name, err
			}
			return fmt.Sprintf("index %s on %s (%s) unique=%v partial=%v", name, table, cols, unique, partial), err
		})
	if err != nil {
		return nil, err
	}
	slices.Sort(out)
	return out, nil
}

// Each reader must see a difference: a column, a unique index, and a table
// with a foreign key and a CHECK added to a migrated database appear as the
// same lines on both databases.
func TestSchemaLinesSeeDifferences(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, u)
		read, double, id := sqliteSchema, "REAL", "INTEGER PRIMARY KEY"
		if s.Dialect() == store.Postgres {
			read, double, id = postgresSchema, "DOUBLE PRECISION", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
		}
		before, err := read(ctx, s.DB())
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`ALTER TABLE jobs ADD COLUMN essai ` + double,
			`CREATE UNIQUE INDEX essai_idx ON jobs (kind)`,
			`CREATE TABLE essai_fk (id ` + id + `, job_id BIGINT NOT NULL REFERENCES jobs ON DELETE CASCADE,
				etat TEXT NOT NULL DEFAULT 'a' CHECK (etat IN ('a', 'b')))`,
		} {
			if _, err := s.DB().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		after, err := read(ctx, s.DB())
		if err != nil {
			t.Fatal(err)
		}
		var added []string
		for _, l := range after {
			if !slices.Contains(before, l) {
				added = append(added, l)
			}
		}
		want := []string{
			"check essai_fk (etat) in [a,b]",
			"column essai_fk.etat text notnull=true default='a'",
			"column essai_fk.id bigint notnull=true default=none",
			"column essai_fk.job_id bigint notnull=true default=none",
			"column jobs.essai double precision notnull=false default=none",
			"foreign key essai_fk (job_id) references jobs (id) on update NO ACTION on delete CASCADE",
			"index essai_idx on jobs (kind) unique=true partial=false",
			"primary key essai_fk (id)",
			"table essai_fk",
		}
		if !slices.Equal(added, want) {
			t.Errorf("added lines:\n%s\nwant:\n%s", strings.Join(added, "\n"), strings.Join(want, "\n"))
		}
	})
}
