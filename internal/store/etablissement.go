package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"cee/internal/model"
)

const etablissementColumns = `uai, nom, type, statut, adresse, code_postal, code_commune, nom_commune, departement, academie,
	latitude, longitude, voie_generale, voie_technologique, voie_professionnelle, lycee_des_metiers, education_prioritaire`

// UpsertEtablissement creates a school or updates it by UAI.
func (s *Store) UpsertEtablissement(ctx context.Context, e model.Etablissement) error {
	now := utc(time.Now())
	_, err := s.q.ExecContext(ctx, `INSERT INTO etablissements (`+etablissementColumns+`, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
		ON CONFLICT (uai) DO UPDATE SET nom = excluded.nom, type = excluded.type, statut = excluded.statut,
			adresse = excluded.adresse, code_postal = excluded.code_postal, code_commune = excluded.code_commune,
			nom_commune = excluded.nom_commune, departement = excluded.departement, academie = excluded.academie,
			latitude = excluded.latitude, longitude = excluded.longitude, voie_generale = excluded.voie_generale,
			voie_technologique = excluded.voie_technologique, voie_professionnelle = excluded.voie_professionnelle,
			lycee_des_metiers = excluded.lycee_des_metiers, education_prioritaire = excluded.education_prioritaire,
			updated_at = excluded.updated_at`,
		e.UAI, e.Nom, string(e.Type), e.Statut, e.Adresse, e.CodePostal, e.CodeCommune, e.NomCommune, e.Departement,
		e.Academie, e.Latitude, e.Longitude, e.VoieGenerale, e.VoieTechnologique, e.VoieProfessionnelle,
		e.LyceeDesMetiers, e.EducationPrioritaire, now)
	if err != nil {
		return fmt.Errorf("établissement %s : %w", e.UAI, err)
	}
	return nil
}

// GetEtablissement returns a school by UAI.
func (s *Store) GetEtablissement(ctx context.Context, uai string) (model.Etablissement, error) {
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
	Limit       int
	Offset      int
}

// ListEtablissements returns one page of schools and the total matching.
func (s *Store) ListEtablissements(ctx context.Context, f EtablissementFilter) ([]model.Etablissement, int, error) {
	where := []string{"1 = 1"}
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Academie != "" {
		add("academie = ?", f.Academie)
	}
	if f.Departement != "" {
		add("departement = ?", f.Departement)
	}
	if f.Type != "" {
		add("type = ?", string(f.Type))
	}
	if f.Nom != "" {
		add("(LOWER(nom) LIKE ? OR LOWER(nom_commune) LIKE ?)", "%"+strings.ToLower(f.Nom)+"%")
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM etablissements WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	args = append(args, f.Limit, f.Offset)
	rows, err := s.q.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM etablissements WHERE %s
		ORDER BY academie, departement, nom_commune, nom, uai LIMIT $%d OFFSET $%d`, etablissementColumns, cond, len(args)-1, len(args)), args...)
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
func (s *Store) CountEtablissementsByAcademie(ctx context.Context) (map[string]int, error) {
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
	err := r.Scan(&e.UAI, &e.Nom, &typ, &e.Statut, &e.Adresse, &e.CodePostal, &e.CodeCommune, &e.NomCommune,
		&e.Departement, &e.Academie, &lat, &lon, &e.VoieGenerale, &e.VoieTechnologique, &e.VoieProfessionnelle,
		&e.LyceeDesMetiers, &e.EducationPrioritaire)
	e.Type = model.TypeEtablissement(typ)
	if lat.Valid && lon.Valid {
		e.Latitude, e.Longitude = &lat.Float64, &lon.Float64
	}
	return e, err
}
