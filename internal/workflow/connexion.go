package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"cee/internal/auth"
	"cee/internal/job"
	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
)

// LienConnexionTTL is how long a login link works.
const LienConnexionTTL = 15 * time.Minute

// DemandeLien is a login-link request as the web handler received it. The
// handler only queues it, the same job whether or not the address has an
// account, so that its answer time does not tell who is registered
// (issue 20: 4.7 ms for a known address against 2.5 ms when the lookup,
// the link and the mail were made in the request).
type DemandeLien struct {
	Email  string    // normalised
	Retour string    // already checked by the web layer (a path of the site)
	At     time.Time // when it was asked: the link expires LienConnexionTTL later
}

// DemanderLien queues a login-link request: one job, nothing else.
func DemanderLien(ctx context.Context, s *store.Store, d DemandeLien) error {
	// Interactive: a person waits for the link, which expires 15 minutes
	// after the request (issue 20, finding 3).
	_, err := s.EnqueueJob(ctx, store.NewJob{Kind: job.KindLienConnexion, Payload: d, Priority: store.PriorityInteractive})
	return err
}

// EnvoyerLienConnexion runs a queued login-link request: if the address
// has an account that may log in, it creates the single-use link and
// queues its mail, together; otherwise it does nothing.
func EnvoyerLienConnexion(ctx context.Context, s *store.Store, baseURL string, payload json.RawMessage) error {
	var d DemandeLien
	if err := json.Unmarshal(payload, &d); err != nil {
		return fmt.Errorf("demande de lien illisible : %w", err)
	}
	return s.InTx(ctx, func(tx *store.Store) error {
		c, err := tx.GetCompteByEmail(ctx, d.Email)
		if errors.Is(err, store.ErrNotFound) || (err == nil && c.Statut == model.CompteSuspendu) {
			return nil
		}
		if err != nil {
			return err
		}
		tok, hash, err := auth.NewToken()
		if err != nil {
			return err
		}
		retour, _ := json.Marshal(map[string]string{"retour": d.Retour})
		exp := d.At.Add(LienConnexionTTL)
		if err := tx.CreateJeton(ctx, store.Jeton{Kind: store.JetonLien, CompteID: c.ID, Payload: retour, Hash: hash, ExpiresAt: exp}); err != nil {
			return err
		}
		return envoyerCourriel(ctx, tx, courriel{modele: "lien", to: c.Email, data: mail.LienData{URL: baseURL + "/connexion/lien/" + tok, ExpiresAt: exp},
			priorite: store.PriorityInteractive})
	})
}
