package workflow

import (
	"context"

	"cee/internal/model"
	"cee/internal/store"
)

// CreerCampus records a campus or internship hub (checked by the caller)
// and its journal line.
func CreerCampus(ctx context.Context, s *store.Store, a Actor, c model.Campus) (id int64, err error) {
	err = s.InTx(ctx, func(tx *store.Store) error {
		if id, err = tx.CreateCampus(ctx, c); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditCampus, "campus", id, c.Academie, c.Type.Label()+" créé : "+c.Nom)
	})
	return id, err
}

// AjouterMembreCampus adds the school e to campus c; store.ErrConflict when
// it is a member already.
func AjouterMembreCampus(ctx context.Context, s *store.Store, a Actor, c model.Campus, e model.Etablissement) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.AddCampusEtablissement(ctx, c.ID, e.UAI); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditCampus, "campus", c.ID, c.Academie, "membre ajouté : "+e.UAI+" "+e.Nom)
	})
}

// RetirerMembreCampus removes the school uai from campus c.
func RetirerMembreCampus(ctx context.Context, s *store.Store, a Actor, c model.Campus, uai string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.RemoveCampusEtablissement(ctx, c.ID, uai); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditCampus, "campus", c.ID, c.Academie, "membre retiré : "+uai)
	})
}
