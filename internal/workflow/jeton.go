package workflow

import (
	"context"
	"time"

	"cee/internal/model"
	"cee/internal/store"
)

// CreerJetonAPI records an API token of the actor by the hash of its
// secret; detail describes it in the journal.
func CreerJetonAPI(ctx context.Context, s *store.Store, a Actor, j model.JetonAPI, hash, detail string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		jid, err := tx.CreateJetonAPI(ctx, j, hash)
		if err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditJetonAPI, "jeton_api", jid, j.Habilitation.Academie, detail)
	})
}

// RevoquerJetonAPI revokes the actor's own token id.
func RevoquerJetonAPI(ctx context.Context, s *store.Store, a Actor, id int64, now time.Time) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		j, err := tx.RevokeJetonAPI(ctx, a.Compte.ID, id, now)
		if err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditJetonAPI, "jeton_api", j.ID, j.Habilitation.Academie, "révoqué : "+j.Nom)
	})
}

// JetonAPIUtilise returns the live API token of hash hash and its account,
// as of now (store.ErrNotFound for a revoked or expired token, a suspended
// account or a role removed since), and records its last use. A read must
// not become a write: the last use is kept to the minute.
func JetonAPIUtilise(ctx context.Context, s *store.Store, hash string, now time.Time) (model.JetonAPI, model.Compte, error) {
	j, c, err := s.JetonAPIActif(ctx, hash, now)
	if err != nil {
		return j, c, err
	}
	if j.DernierUsage == nil || now.Sub(*j.DernierUsage) > time.Minute {
		if err := s.TouchJetonAPI(ctx, j.ID, now); err != nil {
			return j, c, err
		}
	}
	return j, c, nil
}
