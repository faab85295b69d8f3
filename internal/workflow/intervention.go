package workflow

import (
	"context"

	"cee/internal/model"
	"cee/internal/store"
)

// CreerIntervention records an action of the adviser c (checked by the
// caller).
func CreerIntervention(ctx context.Context, s *store.Store, a Actor, c model.Conseiller, i model.Intervention) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		id, err := tx.CreateIntervention(ctx, i)
		if err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditIntervention, "intervention", id, c.Academie, c.NomComplet()+" : "+i.Type.Label())
	})
}
