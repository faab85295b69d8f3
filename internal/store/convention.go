package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cee/internal/model"
)

const conventionColumns = `v.id, v.academie, v.organisation_id, COALESCE(o.nom, ''), v.debut, v.duree_mois, v.objectifs, v.etat, v.fichier_nom`

// CreateConvention records a draft convention.
func (s *Store) CreateConvention(ctx context.Context, c model.Convention) (_ int64, err error) {
	defer wrap(&err, "CreateConvention")
	if c.DureeMois <= 0 {
		c.DureeMois = model.DureeConventionMois
	}
	if c.Etat == "" {
		c.Etat = model.ConventionBrouillon
	}
	now := utc(time.Now())
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO conventions (academie, organisation_id, debut, fin, duree_mois, objectifs, etat, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		c.Academie, c.OrganisationID, utc(c.Debut), utc(c.Fin()), c.DureeMois, c.Objectifs, string(c.Etat), now).Scan(&id)
	return id, err
}

// ListConventions returns the conventions of an académie ("" for all), the
// nearest end first.
func (s *Store) ListConventions(ctx context.Context, academie string) (_ []model.Convention, err error) {
	defer wrap(&err, "ListConventions %s", academie)
	rows, err := s.q.QueryContext(ctx, `SELECT `+conventionColumns+` FROM conventions v LEFT JOIN organisations o ON o.id = v.organisation_id
		WHERE $1 = '' OR v.academie = $1 ORDER BY v.fin, v.id`, academie)
	if err != nil {
		return nil, err
	}
	return scanConventions(rows)
}

// GetConvention returns a convention of an académie ("" for any).
func (s *Store) GetConvention(ctx context.Context, id int64, academie string) (_ model.Convention, err error) {
	defer wrap(&err, "GetConvention %d", id)
	rows, err := s.q.QueryContext(ctx, `SELECT `+conventionColumns+` FROM conventions v LEFT JOIN organisations o ON o.id = v.organisation_id
		WHERE v.id = $1 AND ($2 = '' OR v.academie = $2)`, id, academie)
	if err != nil {
		return model.Convention{}, err
	}
	list, err := scanConventions(rows)
	if err != nil {
		return model.Convention{}, err
	}
	if len(list) == 0 {
		return model.Convention{}, ErrNotFound
	}
	return list[0], nil
}

// SignConvention stores the signed PDF and marks the convention signed.
func (s *Store) SignConvention(ctx context.Context, id int64, nom string, pdf []byte) (err error) {
	defer wrap(&err, "SignConvention %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE conventions SET etat = 'signee', fichier_nom = $2, fichier = $3, updated_at = $4 WHERE id = $1 AND etat <> 'expiree'`,
		id, nom, pdf, utc(time.Now()))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("convention %d : %w (expirée ou inexistante)", id, ErrConflict)
	}
	return nil
}

// ConventionFile returns the signed PDF of a convention.
func (s *Store) ConventionFile(ctx context.Context, id int64, academie string) (_ string, _ []byte, err error) {
	defer wrap(&err, "ConventionFile %d", id)
	var nom string
	var data []byte
	err = s.q.QueryRowContext(ctx, `SELECT fichier_nom, fichier FROM conventions WHERE id = $1 AND ($2 = '' OR academie = $2) AND fichier IS NOT NULL`,
		id, academie).Scan(&nom, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, ErrNotFound
	}
	return nom, data, err
}

// ExpireConventions marks signed conventions past their end as expired.
func (s *Store) ExpireConventions(ctx context.Context, now time.Time) (_ int64, err error) {
	defer wrap(&err, "ExpireConventions")
	res, err := s.q.ExecContext(ctx, `UPDATE conventions SET etat = 'expiree', updated_at = $1 WHERE etat = 'signee' AND fin < $1`, utc(now))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// ConventionsEnding lists the signed conventions ending before a date.
func (s *Store) ConventionsEnding(ctx context.Context, before time.Time) (_ []model.Convention, err error) {
	defer wrap(&err, "ConventionsEnding")
	rows, err := s.q.QueryContext(ctx, `SELECT `+conventionColumns+` FROM conventions v LEFT JOIN organisations o ON o.id = v.organisation_id
		WHERE v.etat = 'signee' AND v.fin < $1 ORDER BY v.academie, v.fin`, utc(before))
	if err != nil {
		return nil, err
	}
	return scanConventions(rows)
}

func scanConventions(rows *sql.Rows) ([]model.Convention, error) {
	defer rows.Close()
	var out []model.Convention
	for rows.Next() {
		var c model.Convention
		var etat string
		if err := rows.Scan(&c.ID, &c.Academie, &c.OrganisationID, &c.Organisation, &c.Debut, &c.DureeMois, &c.Objectifs, &etat, &c.FichierNom); err != nil {
			return nil, err
		}
		c.Etat = model.EtatConvention(etat)
		out = append(out, c)
	}
	return out, rows.Err()
}
