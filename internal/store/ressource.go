package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"cee/internal/model"
	"cee/internal/policy"
)

const ressourceColumns = `r.id, r.academie, r.titre, r.description, r.categorie, r.roles, r.url, r.fichier_nom, r.fichier_type, r.taille,
	COALESCE(r.auteur_id, 0), r.created_at`

// CreateRessource records a link, or a file kept in the database (as the
// signed conventions are).
func (s *Store) CreateRessource(ctx context.Context, r model.Ressource, data []byte) (_ int64, err error) {
	defer wrap(&err, "CreateRessource")
	var roles []string
	for _, ro := range r.Roles {
		roles = append(roles, string(ro))
	}
	var fichier any
	if data != nil {
		fichier = data
	}
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO ressources (academie, titre, description, categorie, roles, url, fichier_nom, fichier_type,
			taille, fichier, auteur_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		r.Academie, r.Titre, r.Description, r.Categorie, strings.Join(roles, "|"), r.URL, r.FichierNom, r.FichierType, len(data),
		fichier, nullID(r.AuteurID), utc(orNow(r.CreatedAt))).Scan(&id)
	return id, err
}

// ressourceWhere limits resources to those p sees (policy.RessourcesVisibles).
func ressourceWhere(w *conds, p model.Principal) {
	v := policy.RessourcesVisibles(p)
	if v.Toutes {
		return
	}
	w.add("(r.roles = '' OR ('|' || r.roles || '|') LIKE ?)", "%|"+string(v.Role)+"|%")
	if !v.ToutesAcademies {
		w.add("(r.academie = '' OR r.academie = ?)", v.Academie)
	}
}

// ListRessources returns the resources a principal sees, newest first.
func (s *Store) ListRessources(ctx context.Context, p model.Principal) (_ []model.Ressource, err error) {
	defer wrap(&err, "ListRessources")
	var c conds
	ressourceWhere(&c, p)
	w, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+ressourceColumns+` FROM ressources r WHERE `+w+` ORDER BY r.categorie, r.created_at DESC, r.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Ressource
	for rows.Next() {
		r, err := scanRessource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func scanRessource(rows interface{ Scan(...any) error }) (model.Ressource, error) {
	var r model.Ressource
	var roles string
	err := rows.Scan(&r.ID, &r.Academie, &r.Titre, &r.Description, &r.Categorie, &roles, &r.URL, &r.FichierNom, &r.FichierType, &r.Taille,
		&r.AuteurID, &r.CreatedAt)
	for _, ro := range splitList(roles) {
		r.Roles = append(r.Roles, model.Role(ro))
	}
	return r, err
}

// GetRessource returns a resource the principal sees, with its file:
// ErrNotFound otherwise.
func (s *Store) GetRessource(ctx context.Context, id int64, p model.Principal) (_ model.Ressource, _ []byte, err error) {
	defer wrap(&err, "GetRessource %d", id)
	var c conds
	ressourceWhere(&c, p)
	c.add("r.id = ?", id)
	w, args := c.sql()
	row := s.q.QueryRowContext(ctx, `SELECT `+ressourceColumns+`, r.fichier FROM ressources r WHERE `+w, args...)
	var r model.Ressource
	var roles string
	var data []byte
	err = row.Scan(&r.ID, &r.Academie, &r.Titre, &r.Description, &r.Categorie, &roles, &r.URL, &r.FichierNom, &r.FichierType, &r.Taille,
		&r.AuteurID, &r.CreatedAt, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil, ErrNotFound
	}
	for _, ro := range splitList(roles) {
		r.Roles = append(r.Roles, model.Role(ro))
	}
	return r, data, err
}
