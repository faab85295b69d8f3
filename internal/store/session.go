package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Session is a server-side login session; the cookie holds a random id of
// which only the hash is stored.
type Session struct {
	IDHash         string
	CompteID       int64
	HabilitationID int64 // active role; 0 when the account has none
	MFAPending     bool  // password or link accepted, second factor still due
	Methode        string
	IP, UserAgent  string
	IDToken        string // OIDC, for the provider's logout
	CreatedAt      time.Time
	LastSeenAt     time.Time
	ExpiresAt      time.Time // absolute lifetime
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, se Session) (err error) {
	defer wrap(&err, "CreateSession")
	var hab any
	if se.HabilitationID != 0 {
		hab = se.HabilitationID
	}
	now := utc(time.Now())
	_, err = s.q.ExecContext(ctx, `INSERT INTO sessions (id_hash, compte_id, habilitation_id, mfa_pending, methode, ip, user_agent, id_token, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)`,
		se.IDHash, se.CompteID, hab, se.MFAPending, se.Methode, se.IP, se.UserAgent, se.IDToken, now, utc(se.ExpiresAt))
	return err
}

// GetSession returns a live session: not past its absolute lifetime nor
// idle since before idleCutoff. An expired one is deleted and reported as
// ErrNotFound.
func (s *Store) GetSession(ctx context.Context, idHash string, now, idleCutoff time.Time) (_ Session, err error) {
	defer wrap(&err, "GetSession %s", idHash)
	var se Session
	var hab sql.NullInt64
	err = s.q.QueryRowContext(ctx, `SELECT id_hash, compte_id, habilitation_id, mfa_pending, methode, ip, user_agent, id_token, created_at, last_seen_at, expires_at
		FROM sessions WHERE id_hash = $1`, idHash).Scan(&se.IDHash, &se.CompteID, &hab, &se.MFAPending, &se.Methode,
		&se.IP, &se.UserAgent, &se.IDToken, &se.CreatedAt, &se.LastSeenAt, &se.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return se, ErrNotFound
	}
	if err != nil {
		return se, err
	}
	se.HabilitationID = hab.Int64
	if !now.Before(se.ExpiresAt) || se.LastSeenAt.Before(idleCutoff) {
		s.DeleteSession(ctx, idHash)
		return Session{}, ErrNotFound
	}
	return se, nil
}

// TouchSession records activity, for the idle timeout.
func (s *Store) TouchSession(ctx context.Context, idHash string, now time.Time) (err error) {
	defer wrap(&err, "TouchSession %s", idHash)
	_, err = s.q.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1`, idHash, utc(now))
	return err
}

// SetSessionRole switches the active role of a session.
func (s *Store) SetSessionRole(ctx context.Context, idHash string, habilitationID int64) (err error) {
	defer wrap(&err, "SetSessionRole %s", idHash)
	_, err = s.q.ExecContext(ctx, `UPDATE sessions SET habilitation_id = $2 WHERE id_hash = $1`, idHash, habilitationID)
	return err
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, idHash string) (err error) {
	defer wrap(&err, "DeleteSession %s", idHash)
	_, err = s.q.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
	return err
}

// DeleteSessionsOf ends every session of an account ("log out everywhere",
// suspension).
func (s *Store) DeleteSessionsOf(ctx context.Context, compteID int64) (_ int64, err error) {
	defer wrap(&err, "DeleteSessionsOf %d", compteID)
	res, err := s.q.ExecContext(ctx, `DELETE FROM sessions WHERE compte_id = $1`, compteID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// CountSessionsOf returns the number of live sessions of an account.
func (s *Store) CountSessionsOf(ctx context.Context, compteID int64, now time.Time) (_ int, err error) {
	defer wrap(&err, "CountSessionsOf %d", compteID)
	var n int
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE compte_id = $1 AND expires_at > $2`, compteID, utc(now)).Scan(&n)
	return n, err
}

// PurgeSessions deletes sessions past their lifetime or idle since before
// idleCutoff.
func (s *Store) PurgeSessions(ctx context.Context, now, idleCutoff time.Time) (_ int64, err error) {
	defer wrap(&err, "PurgeSessions")
	res, err := s.q.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2`, utc(now), utc(idleCutoff))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
