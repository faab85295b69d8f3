package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"cee/internal/model"
)

// CreateCampus records a CMQ or a pôle de stage, without members.
func (s *Store) CreateCampus(ctx context.Context, c model.Campus) (_ int64, err error) {
	defer wrap(&err, "CreateCampus")
	if strings.TrimSpace(c.Nom) == "" || c.Academie == "" || !c.Type.Valid() {
		return 0, fmt.Errorf("campus incomplet (nom, type, académie) : %+v", c)
	}
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO campus (type, nom, academie, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		string(c.Type), c.Nom, c.Academie, utc(time.Now())).Scan(&id)
	return id, err
}

// GetCampus returns a campus with the UAI of its members.
func (s *Store) GetCampus(ctx context.Context, id int64) (_ model.Campus, err error) {
	defer wrap(&err, "GetCampus %d", id)
	var c model.Campus
	var typ string
	err = s.q.QueryRowContext(ctx, `SELECT id, type, nom, academie, created_at FROM campus WHERE id = $1`, id).
		Scan(&c.ID, &typ, &c.Nom, &c.Academie, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, err
	}
	c.Type = model.TypeCampus(typ)
	rows, err := s.q.QueryContext(ctx, `SELECT uai FROM campus_etablissements WHERE campus_id = $1 ORDER BY uai`, id)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var uai string
		if err := rows.Scan(&uai); err != nil {
			return c, err
		}
		c.Membres = append(c.Membres, uai)
	}
	c.NbMembres = len(c.Membres)
	return c, rows.Err()
}

// ListCampus returns the campus of an académie ("" for all), by académie
// and name, with their number of members.
func (s *Store) ListCampus(ctx context.Context, academie string) ([]model.Campus, error) {
	return s.ListCampusMembre(ctx, academie, "")
}

// ListCampusMembre returns the units of an académie ("" for all) the
// school uai is a member of ("" for every unit), by name, with their number
// of members: those a record about the school may be attached to.
func (s *Store) ListCampusMembre(ctx context.Context, academie, uai string) (_ []model.Campus, err error) {
	defer wrap(&err, "ListCampusMembre %s %s", academie, uai)
	rows, err := s.q.QueryContext(ctx, `SELECT c.id, c.type, c.nom, c.academie, c.created_at,
			(SELECT COUNT(*) FROM campus_etablissements m WHERE m.campus_id = c.id)
		FROM campus c WHERE ($1 = '' OR c.academie = $1)
			AND ($2 = '' OR EXISTS (SELECT 1 FROM campus_etablissements m WHERE m.campus_id = c.id AND m.uai = $2))
		ORDER BY c.academie, c.nom, c.id`, academie, uai)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Campus
	for rows.Next() {
		var c model.Campus
		var typ string
		if err := rows.Scan(&c.ID, &typ, &c.Nom, &c.Academie, &c.CreatedAt, &c.NbMembres); err != nil {
			return nil, err
		}
		c.Type = model.TypeCampus(typ)
		out = append(out, c)
	}
	return out, rows.Err()
}

// ListCampusEtablissements returns the member schools of a campus, by
// commune and name.
func (s *Store) ListCampusEtablissements(ctx context.Context, campusID int64) (_ []model.Etablissement, err error) {
	defer wrap(&err, "ListCampusEtablissements %d", campusID)
	rows, err := s.q.QueryContext(ctx, `SELECT `+prefixColumns("e.", etablissementColumns)+`
		FROM campus_etablissements m JOIN etablissements e ON e.uai = m.uai
		WHERE m.campus_id = $1 ORDER BY e.nom_commune, e.nom, e.uai`, campusID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Etablissement
	for rows.Next() {
		e, err := scanEtablissement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AddCampusEtablissement makes a school a member of a campus: ErrConflict
// if it already is.
func (s *Store) AddCampusEtablissement(ctx context.Context, campusID int64, uai string) (err error) {
	defer wrap(&err, "AddCampusEtablissement %d", campusID)
	res, err := s.q.ExecContext(ctx, `INSERT INTO campus_etablissements (campus_id, uai, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (campus_id, uai) DO NOTHING`, campusID, uai, utc(time.Now()))
	if err != nil {
		return fmt.Errorf("campus %d, établissement %s : %w", campusID, uai, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("campus %d, établissement %s : %w", campusID, uai, ErrConflict)
	}
	return nil
}

// RemoveCampusEtablissement takes a school out of a campus: ErrNotFound if
// it was not a member.
func (s *Store) RemoveCampusEtablissement(ctx context.Context, campusID int64, uai string) (err error) {
	defer wrap(&err, "RemoveCampusEtablissement %d", campusID)
	res, err := s.q.ExecContext(ctx, `DELETE FROM campus_etablissements WHERE campus_id = $1 AND uai = $2`, campusID, uai)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}

// prefixColumns qualifies each column of a comma-separated list.
func prefixColumns(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
