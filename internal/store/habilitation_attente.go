package store

import (
	"context"
	"fmt"
	"time"

	"cee/internal/model"
)

// HabilitationEnAttente is a role offered to an existing account of another
// académie (issue 20): it is not a habilitation until the account holder
// accepts it with the invitation link, so no scope and no login reads it.
type HabilitationEnAttente struct {
	ID         int64
	H          model.Habilitation // CompteID, Role, Academie, Ref
	Email      string             // the account's address, for the inviter's list
	InviteurID int64
	JetonHash  string // the invitation token that accepts it
	ExpiresAt  time.Time
	CreatedAt  time.Time
}

// AddHabilitationEnAttente records a role offered with invitation token
// jetonHash (created first, in the same transaction).
func (s *Store) AddHabilitationEnAttente(ctx context.Context, p HabilitationEnAttente) (int64, error) {
	if err := p.H.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.q.QueryRowContext(ctx, `INSERT INTO habilitations_en_attente (compte_id, role, academie, ref, inviteur_id, jeton_hash, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, p.H.CompteID, string(p.H.Role), p.H.Academie, p.H.Ref, nullID(p.InviteurID),
		p.JetonHash, utc(p.ExpiresAt), utc(time.Now())).Scan(&id)
	return id, err
}

// ListHabilitationsEnAttente returns the roles offered and not yet accepted
// nor expired at now, of one académie (the inviter's list), newest first.
func (s *Store) ListHabilitationsEnAttente(ctx context.Context, academie string, now time.Time) ([]HabilitationEnAttente, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT a.id, a.compte_id, a.role, a.academie, a.ref, c.email, COALESCE(a.inviteur_id, 0), a.jeton_hash, a.expires_at, a.created_at
		FROM habilitations_en_attente a JOIN comptes c ON c.id = a.compte_id
		WHERE a.academie = $1 AND a.expires_at > $2 ORDER BY a.created_at DESC, a.id DESC`, academie, utc(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HabilitationEnAttente
	for rows.Next() {
		var p HabilitationEnAttente
		var role string
		if err := rows.Scan(&p.ID, &p.H.CompteID, &role, &p.H.Academie, &p.H.Ref, &p.Email, &p.InviteurID, &p.JetonHash, &p.ExpiresAt, &p.CreatedAt); err != nil {
			return nil, err
		}
		p.H.Role = model.Role(role)
		out = append(out, p)
	}
	return out, rows.Err()
}

// AccepterHabilitationsEnAttente turns the roles offered with the invitation
// token jetonHash into habilitations of account compteID and forgets the
// offers; the caller has consumed the token in the same transaction. It
// returns the roles granted.
func (s *Store) AccepterHabilitationsEnAttente(ctx context.Context, jetonHash string, compteID int64) ([]model.Habilitation, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT role, academie, ref FROM habilitations_en_attente WHERE jeton_hash = $1 AND compte_id = $2 ORDER BY id`,
		jetonHash, compteID)
	if err != nil {
		return nil, err
	}
	var out []model.Habilitation
	for rows.Next() {
		h := model.Habilitation{CompteID: compteID}
		var role string
		if err := rows.Scan(&role, &h.Academie, &h.Ref); err != nil {
			rows.Close()
			return nil, err
		}
		h.Role = model.Role(role)
		out = append(out, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, h := range out {
		if out[i].ID, err = s.AddHabilitation(ctx, h); err != nil {
			return nil, fmt.Errorf("rôle proposé %s : %w", h.Role, err)
		}
	}
	if _, err := s.q.ExecContext(ctx, `DELETE FROM habilitations_en_attente WHERE jeton_hash = $1 AND compte_id = $2`, jetonHash, compteID); err != nil {
		return nil, err
	}
	return out, nil
}
