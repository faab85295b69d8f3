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

// CreateOrganisation records an organisation and the académies where it is
// active.
func (s *Store) CreateOrganisation(ctx context.Context, o model.Organisation) (_ int64, err error) {
	defer wrap(&err, "CreateOrganisation")
	if strings.TrimSpace(o.Nom) == "" {
		return 0, model.Invalide("nom", "nom de l'organisation manquant")
	}
	now := utc(time.Now())
	var id int64
	var parent any
	if o.ParentID != 0 {
		parent = o.ParentID
	}
	err = s.InTx(ctx, func(tx *Store) error {
		if err := tx.q.QueryRowContext(ctx, `INSERT INTO organisations (nom, type, niveau, idcc, parent_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, o.Nom, string(o.Type), o.Niveau, o.IDCC, parent, now).Scan(&id); err != nil {
			return err
		}
		for _, a := range o.Academies {
			if _, err := tx.q.ExecContext(ctx, `INSERT INTO organisation_academies (organisation_id, academie) VALUES ($1, $2)`, id, a); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}

// GetOrganisation returns an organisation with its académies.
func (s *Store) GetOrganisation(ctx context.Context, id int64) (_ model.Organisation, err error) {
	defer wrap(&err, "GetOrganisation %d", id)
	var o model.Organisation
	var typ string
	err = s.q.QueryRowContext(ctx, `SELECT o.id, o.nom, o.type, o.niveau, o.idcc, COALESCE(o.parent_id, 0), COALESCE(p.nom, '')
		FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id WHERE o.id = $1`, id).
		Scan(&o.ID, &o.Nom, &typ, &o.Niveau, &o.IDCC, &o.ParentID, &o.Parent)
	if errors.Is(err, sql.ErrNoRows) {
		return o, ErrNotFound
	}
	if err != nil {
		return o, err
	}
	o.Type = model.TypeOrganisation(typ)
	rows, err := s.q.QueryContext(ctx, `SELECT academie FROM organisation_academies WHERE organisation_id = $1 ORDER BY academie`, id)
	if err != nil {
		return o, err
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return o, err
		}
		o.Academies = append(o.Academies, a)
	}
	return o, rows.Err()
}

// ListOrganisations returns the organisations active in an académie ("" for
// all), by name.
func (s *Store) ListOrganisations(ctx context.Context, academie string) (_ []model.Organisation, err error) {
	defer wrap(&err, "ListOrganisations %s", academie)
	rows, err := s.q.QueryContext(ctx, `SELECT o.id, o.nom, o.type, o.niveau, o.idcc, COALESCE(o.parent_id, 0), COALESCE(p.nom, '')
		FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id
		WHERE $1 = '' OR EXISTS (SELECT 1 FROM organisation_academies a WHERE a.organisation_id = o.id AND a.academie = $1)
		ORDER BY o.nom`, academie)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Organisation
	for rows.Next() {
		var o model.Organisation
		var typ string
		if err := rows.Scan(&o.ID, &o.Nom, &typ, &o.Niveau, &o.IDCC, &o.ParentID, &o.Parent); err != nil {
			return nil, err
		}
		o.Type = model.TypeOrganisation(typ)
		out = append(out, o)
	}
	return out, rows.Err()
}

// reseauCond is « CEE c belongs to the network of head organisation ? »:
// proposed by the head itself or by one of its members (the organisations
// naming it as parent), in any académie. Its two placeholders take the
// head's id.
const reseauCond = "c.organisation_id IN (SELECT ro.id FROM organisations ro WHERE ro.id = ? OR ro.parent_id = ?)"

// MembresReseau returns the organisations of a tête de réseau's network:
// the head and the organisations naming it as parent, by name, each with
// its académies.
func (s *Store) MembresReseau(ctx context.Context, tete int64) (_ []model.Organisation, err error) {
	defer wrap(&err, "MembresReseau %d", tete)
	rows, err := s.q.QueryContext(ctx, `SELECT id FROM organisations WHERE id = $1 OR parent_id = $1 ORDER BY nom, id`, tete)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []model.Organisation
	for _, id := range ids {
		o, err := s.GetOrganisation(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// organisationIDOf reads an organisation référent's scope (the Ref of the
// habilitation holds the organisation id).
func organisationIDOf(ref string) (int64, error) {
	var id int64
	if _, err := fmt.Sscan(ref, &id); err != nil || id <= 0 {
		return 0, fmt.Errorf("périmètre d'organisation %q invalide", ref)
	}
	return id, nil
}

// AddContact records a person to write to at an organisation.
func (s *Store) AddContact(ctx context.Context, organisationID int64, c model.ContactOrganisation) (_ int64, err error) {
	defer wrap(&err, "AddContact %d", organisationID)
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO organisation_contacts (organisation_id, nom, fonction, email, telephone, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, organisationID, c.Nom, c.Fonction, c.Email, c.Telephone, utc(time.Now())).Scan(&id)
	return id, err
}

// DeleteContact removes a contact of an organisation.
func (s *Store) DeleteContact(ctx context.Context, organisationID, contactID int64) (err error) {
	defer wrap(&err, "DeleteContact %d", organisationID)
	res, err := s.q.ExecContext(ctx, `DELETE FROM organisation_contacts WHERE id = $1 AND organisation_id = $2`, contactID, organisationID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// ListContacts returns an organisation's contacts by name.
func (s *Store) ListContacts(ctx context.Context, organisationID int64) (_ []model.ContactOrganisation, err error) {
	defer wrap(&err, "ListContacts %d", organisationID)
	rows, err := s.q.QueryContext(ctx, `SELECT id, nom, fonction, email, telephone FROM organisation_contacts
		WHERE organisation_id = $1 ORDER BY nom, id`, organisationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.ContactOrganisation
	for rows.Next() {
		var c model.ContactOrganisation
		if err := rows.Scan(&c.ID, &c.Nom, &c.Fonction, &c.Email, &c.Telephone); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
