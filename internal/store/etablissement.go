package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
)

const etablissementColumns = `uai, nom, type, statut, adresse, code_postal, code_commune, nom_commune, departement, academie,
	latitude, longitude, voie_generale, voie_technologique, voie_professionnelle, lycee_des_metiers, education_prioritaire,
	nature, libelle_nature, ferme, date_fermeture`

// UpsertEtablissement creates a school or updates it by UAI.
func (s *Store) UpsertEtablissement(ctx context.Context, e model.Etablissement) (err error) {
	defer wrap(&err, "UpsertEtablissement")
	_, err = s.q.ExecContext(ctx, upsertEtablissements(s.dialect, 1), etablissementArgs(nil, e, utc(time.Now()))...)
	if err != nil {
		return fmt.Errorf("établissement %s : %w", e.UAI, err)
	}
	return nil
}

// etablissementParams is the number of parameters of one row in
// upsertEtablissements.
const etablissementParams = 23

// upsertEtablissements is the statement that writes n schools, created or
// updated by UAI; created_at is kept on update.
func upsertEtablissements(d Dialect, n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO etablissements (` + etablissementColumns + `, created_at, updated_at) VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		b.WriteString(placeholders(d, i*etablissementParams+1, etablissementParams))
		b.WriteByte(')')
	}
	b.WriteString(` ON CONFLICT (uai) DO UPDATE SET nom = excluded.nom, type = excluded.type, statut = excluded.statut,
			adresse = excluded.adresse, code_postal = excluded.code_postal, code_commune = excluded.code_commune,
			nom_commune = excluded.nom_commune, departement = excluded.departement, academie = excluded.academie,
			latitude = excluded.latitude, longitude = excluded.longitude, voie_generale = excluded.voie_generale,
			voie_technologique = excluded.voie_technologique, voie_professionnelle = excluded.voie_professionnelle,
			lycee_des_metiers = excluded.lycee_des_metiers, education_prioritaire = excluded.education_prioritaire,
			nature = excluded.nature, libelle_nature = excluded.libelle_nature, ferme = excluded.ferme,
			date_fermeture = excluded.date_fermeture, updated_at = excluded.updated_at`)
	return b.String()
}

// etablissementArgs appends the etablissementParams parameters of e, now
// being both created_at and updated_at.
func etablissementArgs(args []any, e model.Etablissement, now time.Time) []any {
	var fermeture any
	if e.DateFermeture != nil {
		fermeture = utc(*e.DateFermeture)
	}
	return append(args, e.UAI, e.Nom, string(e.Type), e.Statut, e.Adresse, e.CodePostal, e.CodeCommune, e.NomCommune, e.Departement,
		e.Academie, e.Latitude, e.Longitude, e.VoieGenerale, e.VoieTechnologique, e.VoieProfessionnelle,
		e.LyceeDesMetiers, e.EducationPrioritaire, e.Nature, e.LibelleNature, e.Ferme, fermeture, now, now)
}

// GetEtablissement returns a school by UAI.
func (s *Store) GetEtablissement(ctx context.Context, uai string) (_ model.Etablissement, err error) {
	defer wrap(&err, "GetEtablissement %s", uai)
	row := s.q.QueryRowContext(ctx, `SELECT `+etablissementColumns+` FROM etablissements WHERE uai = $1`, uai)
	e, err := scanEtablissement(row)
	if err == sql.ErrNoRows {
		return e, ErrNotFound
	}
	return e, err
}

// EtablissementFilter narrows a list of schools; empty fields do not filter.
type EtablissementFilter struct {
	Academie    string
	Departement string
	Type        model.TypeEtablissement
	Nom         string // substring of the name or the commune, case-insensitive
	// Mots are words that the name or the commune must each hold, read
	// loosely: a vowel, c, n or y stands for any letter, so that « lycee »
	// finds « Lycée » on both databases; the caller refines with model.Fold.
	Mots   []string
	Limit  int
	Offset int
}

// ListEtablissements returns one page of schools and the total matching.
func (s *Store) ListEtablissements(ctx context.Context, f EtablissementFilter) (_ []model.Etablissement, _ int, err error) {
	defer wrap(&err, "ListEtablissements")
	var c conds
	if f.Academie != "" {
		c.add("academie = ?", f.Academie)
	}
	if f.Departement != "" {
		c.add("departement = ?", f.Departement)
	}
	if f.Type != "" {
		c.add("type = ?", string(f.Type))
	}
	if f.Nom != "" {
		nom := c.arg("%" + strings.ToLower(f.Nom) + "%")
		c.add("(LOWER(nom) LIKE " + nom + " OR LOWER(nom_commune) LIKE " + nom + ")")
	}
	for _, m := range f.Mots {
		mot := c.arg("%" + motApproche(m) + "%")
		c.add("LOWER(nom || ' ' || nom_commune) LIKE " + mot)
	}
	cond, args := c.sql()
	var total int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM etablissements WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	lim, args := c.page(f.Limit, f.Offset)
	rows, err := s.q.QueryContext(ctx, `SELECT `+etablissementColumns+` FROM etablissements WHERE `+cond+`
		ORDER BY academie, departement, nom_commune, nom, uai`+lim, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []model.Etablissement
	for rows.Next() {
		e, err := scanEtablissement(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// CountEtablissementsByAcademie returns the number of schools per académie code.
func (s *Store) CountEtablissementsByAcademie(ctx context.Context) (_ map[string]int, err error) {
	defer wrap(&err, "CountEtablissementsByAcademie")
	rows, err := s.q.QueryContext(ctx, `SELECT academie, COUNT(*) FROM etablissements GROUP BY academie`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] = n
	}
	return out, rows.Err()
}

func scanEtablissement(r scanner) (model.Etablissement, error) {
	var e model.Etablissement
	var typ string
	var lat, lon sql.NullFloat64
	var fermeture sql.NullTime
	err := r.Scan(&e.UAI, &e.Nom, &typ, &e.Statut, &e.Adresse, &e.CodePostal, &e.CodeCommune, &e.NomCommune,
		&e.Departement, &e.Academie, &lat, &lon, &e.VoieGenerale, &e.VoieTechnologique, &e.VoieProfessionnelle,
		&e.LyceeDesMetiers, &e.EducationPrioritaire, &e.Nature, &e.LibelleNature, &e.Ferme, &fermeture)
	e.Type = model.TypeEtablissement(typ)
	if lat.Valid && lon.Valid {
		e.Latitude, e.Longitude = &lat.Float64, &lon.Float64
	}
	if fermeture.Valid {
		t := fermeture.Time.UTC()
		e.DateFermeture = &t
	}
	return e, err
}

// Classement says what an import did with one school.
type Classement uint8

// The three outcomes of an imported line.
const (
	Inchange Classement = iota // identical to the row in the database
	Nouveau                    // not in the database: created
	Modifie                    // in the database with other values: updated
)

// BilanEtablissements counts what ImportEtablissements did (or would do).
type BilanEtablissements struct {
	Nouveaux, Modifies, Inchanges int
	// Classements[i] is the outcome of the i-th school given.
	Classements []Classement
}

// ImportEtablissementsOptions drive ImportEtablissements.
type ImportEtablissementsOptions struct {
	// DryRun classifies without writing.
	DryRun bool
	// Progress, when set, is called after each batch written, with the
	// number of schools written so far and the number to write.
	Progress func(done, total int)
}

// etablissementsParLot is the number of rows per INSERT: 400 × 23
// parameters stay far below the limits of SQLite (32,766) and PostgreSQL
// (65,535), and the statement text stays small.
const etablissementsParLot = 400

// ImportEtablissements writes a whole import of the Annuaire de l'éducation
// in one transaction, so that an import stopped half-way (error, cancelled
// context, server stopped) leaves the previous data as it was. Each school
// is classified as new, changed or unchanged against the database; only the
// new and changed ones are written, so that importing the same file again
// writes nothing and reports everything unchanged. Schools already in the
// database but absent from list are left alone: an extract covers part of
// France only.
//
// The comparison is batched: the rows of the académies concerned are loaded
// once, then the UAI not found there (a school moved between académies) in
// groups; the writes are multi-row upserts. The UAI of list must be unique.
func (s *Store) ImportEtablissements(ctx context.Context, list []model.Etablissement, o ImportEtablissementsOptions) (_ BilanEtablissements, err error) {
	defer wrap(&err, "ImportEtablissements")
	bilan := BilanEtablissements{Classements: make([]Classement, len(list))}
	index := make(map[string]int, len(list))
	var academies []any
	vues := map[string]bool{}
	for i, e := range list {
		if _, dup := index[e.UAI]; dup {
			return bilan, fmt.Errorf("établissement %s présent deux fois dans l'import", e.UAI)
		}
		index[e.UAI] = i
		if !vues[e.Academie] {
			vues[e.Academie] = true
			academies = append(academies, e.Academie)
		}
	}
	err = s.InTx(ctx, func(tx *Store) error {
		existants := make(map[string]model.Etablissement, len(list))
		if len(academies) > 0 {
			if err := tx.chargerEtablissements(ctx, `academie IN (`+placeholders(tx.dialect, 1, len(academies))+`)`, academies, index, existants); err != nil {
				return err
			}
		}
		var absents []any
		for _, e := range list {
			if _, ok := existants[e.UAI]; !ok {
				absents = append(absents, e.UAI)
			}
		}
		for i := 0; i < len(absents); i += 1000 {
			lot := absents[i:min(i+1000, len(absents))]
			if err := tx.chargerEtablissements(ctx, `uai IN (`+placeholders(tx.dialect, 1, len(lot))+`)`, lot, index, existants); err != nil {
				return err
			}
		}
		var aEcrire []model.Etablissement
		for i, e := range list {
			prev, ok := existants[e.UAI]
			switch {
			case !ok:
				bilan.Classements[i] = Nouveau
				bilan.Nouveaux++
			case !memeEtablissement(prev, e):
				bilan.Classements[i] = Modifie
				bilan.Modifies++
			default:
				bilan.Inchanges++
				continue
			}
			aEcrire = append(aEcrire, e)
		}
		if o.DryRun {
			return nil
		}
		now := utc(time.Now())
		args := make([]any, 0, etablissementsParLot*etablissementParams)
		for i := 0; i < len(aEcrire); i += etablissementsParLot {
			lot := aEcrire[i:min(i+etablissementsParLot, len(aEcrire))]
			args = args[:0]
			for _, e := range lot {
				args = etablissementArgs(args, e, now)
			}
			if _, err := tx.q.ExecContext(ctx, upsertEtablissements(tx.dialect, len(lot)), args...); err != nil {
				return fmt.Errorf("écriture des établissements : %w", err)
			}
			if o.Progress != nil {
				o.Progress(i+len(lot), len(aEcrire))
			}
		}
		return ctx.Err()
	})
	if err != nil {
		return BilanEtablissements{Classements: make([]Classement, len(list))}, err
	}
	return bilan, nil
}

// chargerEtablissements adds to m the rows matching cond whose UAI is in
// index.
func (s *Store) chargerEtablissements(ctx context.Context, cond string, args []any, index map[string]int, m map[string]model.Etablissement) error {
	rows, err := s.q.QueryContext(ctx, `SELECT `+etablissementColumns+` FROM etablissements WHERE `+cond, args...)
	if err != nil {
		return fmt.Errorf("lecture des établissements : %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEtablissement(rows)
		if err != nil {
			return err
		}
		if _, ok := index[e.UAI]; ok {
			m[e.UAI] = e
		}
	}
	return rows.Err()
}

// placeholders returns "$from, $from+1, …" for n parameters, or "?, ?, …"
// on SQLite. The statements of an import hold thousands of parameters, and
// SQLite looks numbered ones up in a list, once when it parses the
// statement and once per bound value: with "$n" a 400-row insert costs
// seconds, with "?" (numbered by position) milliseconds.
func placeholders(d Dialect, from, n int) string {
	var b strings.Builder
	b.Grow(n * 7)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		if d == SQLite {
			b.WriteByte('?')
		} else {
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(from + i))
		}
	}
	return b.String()
}

// memeEtablissement compares every column an import writes.
func memeEtablissement(a, b model.Etablissement) bool {
	return a.UAI == b.UAI && a.Nom == b.Nom && a.Type == b.Type && a.Statut == b.Statut && a.Adresse == b.Adresse &&
		a.CodePostal == b.CodePostal && a.CodeCommune == b.CodeCommune && a.NomCommune == b.NomCommune &&
		a.Departement == b.Departement && a.Academie == b.Academie && memeFloat(a.Latitude, b.Latitude) &&
		memeFloat(a.Longitude, b.Longitude) && a.VoieGenerale == b.VoieGenerale && a.VoieTechnologique == b.VoieTechnologique &&
		a.VoieProfessionnelle == b.VoieProfessionnelle && a.LyceeDesMetiers == b.LyceeDesMetiers &&
		a.EducationPrioritaire == b.EducationPrioritaire && a.Nature == b.Nature && a.LibelleNature == b.LibelleNature &&
		a.Ferme == b.Ferme && memeDate(a.DateFermeture, b.DateFermeture)
}

func memeFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func memeDate(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// motApproche is a folded word as a LIKE pattern where the letters that may
// carry an accent in the table match any letter, and LIKE's own wildcards
// typed by a person match themselves only by chance.
func motApproche(mot string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'c', 'n', '%', '_', '\\':
			return '_'
		}
		return r
	}, model.Fold(mot))
}
