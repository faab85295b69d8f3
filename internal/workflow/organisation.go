package workflow

import (
	"context"

	"cee/internal/model"
	"cee/internal/store"
)

// CreerOrganisation records a professional organisation of académie
// (checked by the caller).
func CreerOrganisation(ctx context.Context, s *store.Store, a Actor, o model.Organisation, academie string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		id, err := tx.CreateOrganisation(ctx, o)
		if err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditOrganisation, "organisation", id, academie, o.Nom)
	})
}

// AjouterContact adds a contact to the organisation organisationID.
func AjouterContact(ctx context.Context, s *store.Store, a Actor, organisationID int64, c model.ContactOrganisation) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if _, err := tx.AddContact(ctx, organisationID, c); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditOrganisation, "organisation", organisationID, a.P.H.Academie, "contact ajouté : "+c.Nom)
	})
}

// SupprimerContact removes the contact contactID of the organisation.
func SupprimerContact(ctx context.Context, s *store.Store, a Actor, organisationID, contactID int64) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteContact(ctx, organisationID, contactID); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditOrganisation, "organisation", organisationID, a.P.H.Academie, "contact supprimé")
	})
}
