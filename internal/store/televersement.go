package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Televersement is a file uploaded for an import, waiting for confirmation.
type Televersement struct {
	ID       int64
	CompteID int64
	Nom      string
	Academie string
	Contenu  []byte
}

// SaveTeleversement keeps an uploaded file.
func (s *Store) SaveTeleversement(ctx context.Context, t Televersement) (_ int64, err error) {
	defer wrap(&err, "SaveTeleversement")
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO televersements (compte_id, nom, academie, contenu, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		t.CompteID, t.Nom, t.Academie, t.Contenu, utc(time.Now())).Scan(&id)
	return id, err
}

// TakeTeleversement returns an account's upload and deletes it: a
// confirmation is used once.
func (s *Store) TakeTeleversement(ctx context.Context, id, compteID int64) (_ Televersement, err error) {
	defer wrap(&err, "TakeTeleversement %d", id)
	t := Televersement{ID: id, CompteID: compteID}
	err = s.q.QueryRowContext(ctx, `DELETE FROM televersements WHERE id = $1 AND compte_id = $2 RETURNING nom, academie, contenu`, id, compteID).
		Scan(&t.Nom, &t.Academie, &t.Contenu)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// PurgeTeleversements deletes uploads never confirmed.
func (s *Store) PurgeTeleversements(ctx context.Context, cutoff time.Time) (_ int64, err error) {
	defer wrap(&err, "PurgeTeleversements")
	res, err := s.q.ExecContext(ctx, `DELETE FROM televersements WHERE created_at < $1`, utc(cutoff))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// GetTeleversement returns an account's upload without using it up: the
// mapping step reads it again with each change of the person's choices.
func (s *Store) GetTeleversement(ctx context.Context, id, compteID int64) (_ Televersement, err error) {
	defer wrap(&err, "GetTeleversement %d", id)
	t := Televersement{ID: id, CompteID: compteID}
	err = s.q.QueryRowContext(ctx, `SELECT nom, academie, contenu FROM televersements WHERE id = $1 AND compte_id = $2`, id, compteID).
		Scan(&t.Nom, &t.Academie, &t.Contenu)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}
