package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"cee/internal/model"
)

// AuditJetonAPI is the journal action of an API token created or revoked.
const AuditJetonAPI = "jeton_api"

const jetonAPIColumns = `j.id, j.compte_id, j.nom, j.lecture_seule, j.expires_at, j.revoque_le, j.dernier_usage, j.created_at,
	h.id, h.compte_id, h.role, h.academie, h.ref`

// CreateJetonAPI stores a token by the hash of its secret; the secret itself
// is never stored.
func (s *Store) CreateJetonAPI(ctx context.Context, j model.JetonAPI, hash string) (_ int64, err error) {
	defer wrap(&err, "CreateJetonAPI")
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO jetons_api (compte_id, habilitation_id, nom, hash, lecture_seule, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		j.CompteID, j.Habilitation.ID, j.Nom, hash, j.LectureSeule, utc(j.ExpiresAt), utc(time.Now())).Scan(&id)
	return id, err
}

// ListJetonsAPI lists an account's tokens, the newest first.
func (s *Store) ListJetonsAPI(ctx context.Context, compteID int64) (_ []model.JetonAPI, err error) {
	defer wrap(&err, "ListJetonsAPI %d", compteID)
	rows, err := s.q.QueryContext(ctx, `SELECT `+jetonAPIColumns+` FROM jetons_api j JOIN habilitations h ON h.id = j.habilitation_id
		WHERE j.compte_id = $1 ORDER BY j.created_at DESC, j.id DESC`, compteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.JetonAPI
	for rows.Next() {
		j, err := scanJetonAPI(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// RevokeJetonAPI revokes one of an account's live tokens: ErrNotFound for
// another account's token or one already revoked.
func (s *Store) RevokeJetonAPI(ctx context.Context, compteID, id int64, now time.Time) (_ model.JetonAPI, err error) {
	defer wrap(&err, "RevokeJetonAPI %d", compteID)
	res, err := s.q.ExecContext(ctx, `UPDATE jetons_api SET revoque_le = $3 WHERE id = $1 AND compte_id = $2 AND revoque_le IS NULL`,
		id, compteID, utc(now))
	if err != nil {
		return model.JetonAPI{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.JetonAPI{}, ErrNotFound
	}
	return scanJetonAPI(s.q.QueryRowContext(ctx, `SELECT `+jetonAPIColumns+` FROM jetons_api j
		JOIN habilitations h ON h.id = j.habilitation_id WHERE j.id = $1`, id))
}

// JetonAPIActif returns the token whose secret hashes to hash, with its
// account, when it still opens the API: not revoked, not expired, its
// account not suspended and the habilitation it carries still held (the
// join fails when it was removed). Anything else is ErrNotFound, checked on
// every request so that a change takes effect at once.
func (s *Store) JetonAPIActif(ctx context.Context, hash string, now time.Time) (_ model.JetonAPI, _ model.Compte, err error) {
	defer wrap(&err, "JetonAPIActif %s", hash)
	j, err := scanJetonAPI(s.q.QueryRowContext(ctx, `SELECT `+jetonAPIColumns+` FROM jetons_api j
		JOIN habilitations h ON h.id = j.habilitation_id AND h.compte_id = j.compte_id
		JOIN comptes c ON c.id = j.compte_id
		WHERE j.hash = $1 AND j.revoque_le IS NULL AND j.expires_at > $2 AND c.statut <> $3`,
		hash, utc(now), string(model.CompteSuspendu)))
	if err != nil {
		return j, model.Compte{}, err
	}
	c, err := s.GetCompte(ctx, j.CompteID)
	return j, c, err
}

// TouchJetonAPI records the token's last use, at most once a minute: a
// write per request would make every API read a write.
func (s *Store) TouchJetonAPI(ctx context.Context, id int64, now time.Time) (err error) {
	defer wrap(&err, "TouchJetonAPI %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE jetons_api SET dernier_usage = $2
		WHERE id = $1 AND (dernier_usage IS NULL OR dernier_usage < $3)`, id, utc(now), utc(now.Add(-time.Minute)))
	return err
}

// DeleteJetonsAPI deletes all of an account's tokens (erasure of the
// account).
func (s *Store) DeleteJetonsAPI(ctx context.Context, compteID int64) (err error) {
	defer wrap(&err, "DeleteJetonsAPI %d", compteID)
	_, err = s.q.ExecContext(ctx, `DELETE FROM jetons_api WHERE compte_id = $1`, compteID)
	return err
}

func scanJetonAPI(r scanner) (model.JetonAPI, error) {
	var j model.JetonAPI
	var revoque, usage sql.NullTime
	var role string
	err := r.Scan(&j.ID, &j.CompteID, &j.Nom, &j.LectureSeule, &j.ExpiresAt, &revoque, &usage, &j.CreatedAt,
		&j.Habilitation.ID, &j.Habilitation.CompteID, &role, &j.Habilitation.Academie, &j.Habilitation.Ref)
	if errors.Is(err, sql.ErrNoRows) {
		return j, ErrNotFound
	}
	j.Habilitation.Role = model.Role(role)
	j.RevoqueLe, j.DernierUsage = timePtr(revoque), timePtr(usage)
	return j, err
}
