package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// Kinds of single-use tokens.
const (
	JetonLien          = "lien"          // magic login link, 15 minutes
	JetonInvitation    = "invitation"    // invitation link
	JetonOIDC          = "oidc"          // state of an OIDC login in progress
	JetonConsent       = "consent"       // a professional's consent link
	JetonRetrait       = "retrait"       // a professional's link confirming the withdrawal of consent
	JetonReponse       = "reponse"       // a candidate's link accepting or declining a solicitation
	JetonDisponibilite = "disponibilite" // a person's link declaring their availability for juries
	JetonConvocation   = "convocation"   // a convened person's link confirming or declining
	JetonDonnees       = "donnees"       // a person's link to their data without an account (export, erasure)
)

// ErrJetonInvalide is returned for a token that does not exist, has expired
// or was already used: the three look the same to the user.
var ErrJetonInvalide = errors.New("lien invalide, expiré ou déjà utilisé")

// Jeton is a single-use token; only the hash of its secret is stored.
type Jeton struct {
	Hash      string
	Kind      string
	CompteID  int64
	Payload   json.RawMessage
	ExpiresAt time.Time
}

// CreateJeton stores a token.
func (s *Store) CreateJeton(ctx context.Context, j Jeton) (err error) {
	defer wrap(&err, "CreateJeton")
	var compte any
	if j.CompteID != 0 {
		compte = j.CompteID
	}
	payload := string(j.Payload)
	if payload == "" {
		payload = "{}"
	}
	_, err = s.q.ExecContext(ctx, `INSERT INTO jetons (hash, kind, compte_id, payload, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		j.Hash, j.Kind, compte, payload, utc(j.ExpiresAt), utc(time.Now()))
	return err
}

// ConsumeJeton marks a token used and returns it, atomically: of two
// concurrent uses of the same link, one wins.
func (s *Store) ConsumeJeton(ctx context.Context, hash, kind string, now time.Time) (_ Jeton, err error) {
	defer wrap(&err, "ConsumeJeton %s", hash)
	var j Jeton
	var compte sql.NullInt64
	var payload string
	err = s.q.QueryRowContext(ctx, `UPDATE jetons SET used_at = $3
		WHERE hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3
		RETURNING hash, kind, compte_id, payload, expires_at`, hash, kind, utc(now)).Scan(&j.Hash, &j.Kind, &compte, &payload, &j.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return j, ErrJetonInvalide
	}
	j.CompteID = compte.Int64
	j.Payload = json.RawMessage(payload)
	return j, err
}

// PeekJeton tells whether a token is still usable, without using it: the
// page behind a link shows a button, so that mail scanners opening links do
// not burn them.
func (s *Store) PeekJeton(ctx context.Context, hash, kind string, now time.Time) (err error) {
	defer wrap(&err, "PeekJeton %s", hash)
	_, err = s.PeekJetonPayload(ctx, hash, kind, now)
	return err
}

// PeekJetonPayload is PeekJeton returning what the token carries.
func (s *Store) PeekJetonPayload(ctx context.Context, hash, kind string, now time.Time) (_ json.RawMessage, err error) {
	defer wrap(&err, "PeekJetonPayload %s", hash)
	var payload string
	err = s.q.QueryRowContext(ctx, `SELECT payload FROM jetons WHERE hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3`,
		hash, kind, utc(now)).Scan(&payload)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrJetonInvalide
	}
	return json.RawMessage(payload), err
}

// UsedJetonPayload is what a token used already carries (until it is
// purged), and when it was used: a link opened a second time says what its
// first use did, and when, instead of « invalid link ». ErrJetonInvalide
// for one never used or unknown.
func (s *Store) UsedJetonPayload(ctx context.Context, hash, kind string) (_ json.RawMessage, usedAt time.Time, err error) {
	defer wrap(&err, "UsedJetonPayload %s", hash)
	var payload string
	err = s.q.QueryRowContext(ctx, `SELECT payload, used_at FROM jetons WHERE hash = $1 AND kind = $2 AND used_at IS NOT NULL`, hash, kind).Scan(&payload, &usedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, usedAt, ErrJetonInvalide
	}
	return json.RawMessage(payload), usedAt, err
}

// PurgeJetons deletes tokens expired before cutoff.
func (s *Store) PurgeJetons(ctx context.Context, cutoff time.Time) (_ int64, err error) {
	defer wrap(&err, "PurgeJetons")
	res, err := s.q.ExecContext(ctx, `DELETE FROM jetons WHERE expires_at < $1`, utc(cutoff))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
