package workflow

import (
	"context"
	"fmt"

	"cee/internal/model"
	"cee/internal/store"
)

// ChangerRole makes h, one of the actor's own roles (checked by the
// caller), the active role of the session sessionHash; label names the
// role in the journal.
func ChangerRole(ctx context.Context, s *store.Store, a Actor, sessionHash string, h model.Habilitation, label string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetSessionRole(ctx, sessionHash, h.ID); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditChangementRole, "compte", a.Compte.ID, h.Academie, label)
	})
}

// DefinirMotDePasse stores the hash of the actor's new password (checked
// and hashed by the caller).
func DefinirMotDePasse(ctx context.Context, s *store.Store, a Actor, hash string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetPassword(ctx, a.Compte.ID, hash); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditSecurite, "compte", a.Compte.ID, "", "mot de passe défini")
	})
}

// FermerSessions ends every session of the actor's account.
func FermerSessions(ctx context.Context, s *store.Store, a Actor) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		n, err := tx.DeleteSessionsOf(ctx, a.Compte.ID)
		if err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditDeconnexion, "compte", a.Compte.ID, "", fmt.Sprintf("toutes les sessions (%d)", n))
	})
}
