package workflow

import (
	"context"
	"fmt"

	"cee/internal/model"
	"cee/internal/store"
)

// EnregistrerParametres saves the parameters of an académie (checked by the
// caller): mandate and convention durations, collective renewal date.
func EnregistrerParametres(ctx context.Context, s *store.Store, a Actor, p model.Parametres) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveParametres(ctx, p); err != nil {
			return err
		}
		detail := fmt.Sprintf("mandat %d mois, convention %d mois", p.Mandat.DureeMois, p.DureeConventionMois)
		if c := p.Mandat.RenouvellementCollectif; c != nil {
			detail += ", renouvellement collectif le " + model.Date(*c)
		}
		return journaliser(ctx, tx, a, store.AuditParametres, "academie", 0, p.Academie, detail)
	})
}

// EnregistrerConservation saves the retention periods of personal data of
// an académie (checked by the caller with model.Conservation.Errors).
func EnregistrerConservation(ctx context.Context, s *store.Store, a Actor, academie string, c model.Conservation) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveConservation(ctx, academie, c); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditParametres, "academie", 0, academie,
			fmt.Sprintf("durées de conservation : CEE %d ans après le dernier mandat, professionnels %d ans sans activité", c.CEEAns, c.ProfessionnelAns))
	})
}

// DefinirObjectifCEE sets the target number of advisers in office of an
// académie, shown on its dashboard.
func DefinirObjectifCEE(ctx context.Context, s *store.Store, a Actor, academie string, n int) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetObjectifCEE(ctx, academie, n); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditParametres, "parametres", 0, academie, fmt.Sprintf("objectif de CEE en mandat : %d", n))
	})
}
