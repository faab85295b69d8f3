package workflow

import (
	"context"

	"cee/internal/model"
	"cee/internal/store"
)

// AjouterRessource records a resource of the network's animation, a file
// (data) or a link (checked by the caller).
func AjouterRessource(ctx context.Context, s *store.Store, a Actor, res model.Ressource, data []byte) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		id, err := tx.CreateRessource(ctx, res, data)
		if err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditAnimation, "ressource", id, res.Academie, "ressource ajoutée : "+res.Titre)
	})
}

// CreerSegment records a saved selection of recipients (checked by the
// caller).
func CreerSegment(ctx context.Context, s *store.Store, sg model.Segment) (int64, error) {
	return s.CreateSegment(ctx, sg)
}
