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
