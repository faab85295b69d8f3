package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// RegleRattachement is one function an académie lets agents of its schools
// onboard with (issue 19): an agent whom ProConnect names with a school of
// the académie and this function gets the school's role, at once or once
// the pilote approves (Approbation).
type RegleRattachement struct {
	Academie string
	// Fonction is the function as the identity provider writes it, folded
	// (model.Fold) to compare; Libelle as the pilote typed it.
	Fonction, Libelle string
	Approbation       bool
}

// SetRegleRattachement adds or replaces the rule of r's function.
func (s *Store) SetRegleRattachement(ctx context.Context, r RegleRattachement) (err error) {
	defer wrap(&err, "SetRegleRattachement(%s, %s)", r.Academie, r.Fonction)
	_, err = s.q.ExecContext(ctx, `INSERT INTO regles_rattachement (academie, fonction, libelle, approbation) VALUES ($1, $2, $3, $4)
		ON CONFLICT (academie, fonction) DO UPDATE SET libelle = excluded.libelle, approbation = excluded.approbation`,
		r.Academie, r.Fonction, r.Libelle, r.Approbation)
	return err
}

// DeleteRegleRattachement removes the rule of a function.
func (s *Store) DeleteRegleRattachement(ctx context.Context, academie, fonction string) (err error) {
	defer wrap(&err, "DeleteRegleRattachement(%s, %s)", academie, fonction)
	_, err = s.q.ExecContext(ctx, `DELETE FROM regles_rattachement WHERE academie = $1 AND fonction = $2`, academie, fonction)
	return err
}

// GetRegleRattachement is the rule of a function in an académie;
// ErrNotFound when the function may not onboard.
func (s *Store) GetRegleRattachement(ctx context.Context, academie, fonction string) (r RegleRattachement, err error) {
	defer wrap(&err, "GetRegleRattachement(%s, %s)", academie, fonction)
	err = s.q.QueryRowContext(ctx, `SELECT academie, fonction, libelle, approbation FROM regles_rattachement WHERE academie = $1 AND fonction = $2`,
		academie, fonction).Scan(&r.Academie, &r.Fonction, &r.Libelle, &r.Approbation)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	return r, err
}

// ListReglesRattachement lists an académie's rules by function.
func (s *Store) ListReglesRattachement(ctx context.Context, academie string) (_ []RegleRattachement, err error) {
	defer wrap(&err, "ListReglesRattachement(%s)", academie)
	rows, err := s.q.QueryContext(ctx, `SELECT academie, fonction, libelle, approbation FROM regles_rattachement WHERE academie = $1 ORDER BY fonction`, academie)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RegleRattachement
	for rows.Next() {
		var r RegleRattachement
		if err := rows.Scan(&r.Academie, &r.Fonction, &r.Libelle, &r.Approbation); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DemandeRattachement is an agent waiting for the pilote's approval of the
// role of their school.
type DemandeRattachement struct {
	ID        int64
	CompteID  int64
	Email     string // the account's, for the pilote's list
	Nom       string
	UAI       string
	NomEtab   string // the school's name
	Academie  string
	Fonction  string
	CreatedAt time.Time
}

// AddDemandeRattachement records an agent's request; a second login before
// the decision keeps the first.
func (s *Store) AddDemandeRattachement(ctx context.Context, d DemandeRattachement) (err error) {
	defer wrap(&err, "AddDemandeRattachement(%d, %s)", d.CompteID, d.UAI)
	_, err = s.q.ExecContext(ctx, `INSERT INTO demandes_rattachement (compte_id, uai, academie, fonction, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (compte_id, uai) DO NOTHING`, d.CompteID, d.UAI, d.Academie, d.Fonction, utc(time.Now()))
	return err
}

const demandeRattachementCols = `SELECT d.id, d.compte_id, c.email, c.nom, d.uai, COALESCE(e.nom, ''), d.academie, d.fonction, d.created_at
	FROM demandes_rattachement d JOIN comptes c ON c.id = d.compte_id LEFT JOIN etablissements e ON e.uai = d.uai`

func scanDemandeRattachement(r scanner) (DemandeRattachement, error) {
	var d DemandeRattachement
	err := r.Scan(&d.ID, &d.CompteID, &d.Email, &d.Nom, &d.UAI, &d.NomEtab, &d.Academie, &d.Fonction, &d.CreatedAt)
	return d, err
}

// ListDemandesRattachement lists an académie's requests, oldest first.
func (s *Store) ListDemandesRattachement(ctx context.Context, academie string) (_ []DemandeRattachement, err error) {
	defer wrap(&err, "ListDemandesRattachement(%s)", academie)
	rows, err := s.q.QueryContext(ctx, demandeRattachementCols+` WHERE d.academie = $1 ORDER BY d.created_at, d.id`, academie)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DemandeRattachement
	for rows.Next() {
		d, err := scanDemandeRattachement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// GetDemandeRattachement is one request; ErrNotFound once decided.
func (s *Store) GetDemandeRattachement(ctx context.Context, id int64) (d DemandeRattachement, err error) {
	defer wrap(&err, "GetDemandeRattachement(%d)", id)
	d, err = scanDemandeRattachement(s.q.QueryRowContext(ctx, demandeRattachementCols+` WHERE d.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	return d, err
}

// DeleteDemandeRattachement forgets a request once decided.
func (s *Store) DeleteDemandeRattachement(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "DeleteDemandeRattachement(%d)", id)
	_, err = s.q.ExecContext(ctx, `DELETE FROM demandes_rattachement WHERE id = $1`, id)
	return err
}
