package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"cee/internal/auth"
	"cee/internal/job"
	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
)

// EnvoiAnnonce is the payload of a job of kind job.KindEnvoyerAnnonce: the
// delivery to update and the message to send.
type EnvoiAnnonce struct {
	Envoi   int64        `json:"envoi"`
	Message mail.Message `json:"message"`
}

// EnvoyerAnnonce records an announcement to the people the criteria reach
// (the caller bounded them to its territory) and queues one mail job per
// recipient, each delivery « en file ». People who opted out are recorded
// « désinscrit » and not mailed, unless the announcement is mandatory.
func EnvoyerAnnonce(ctx context.Context, s *store.Store, a Actor, baseURL string, an model.Annonce, c model.Criteres) (int64, int, error) {
	var id int64
	n := 0
	err := s.InTx(ctx, func(tx *store.Store) error {
		var err error
		an.AuteurID = a.Compte.ID
		if an.Auteur == "" {
			an.Auteur = a.Compte.Nom
		}
		if id, err = tx.CreateAnnonce(ctx, an); err != nil {
			return err
		}
		list, err := tx.Destinataires(ctx, c, time.Now())
		if err != nil {
			return err
		}
		for _, d := range list {
			out, err := tx.Desinscrit(ctx, d.Email)
			if err != nil {
				return err
			}
			if out && !an.Obligatoire {
				if _, err := tx.AddEnvoi(ctx, id, d, model.EnvoiDesinscrit, ""); err != nil {
					return err
				}
				continue
			}
			tok, hash, err := auth.NewToken()
			if err != nil {
				return err
			}
			envoi, err := tx.AddEnvoi(ctx, id, d, model.EnvoiEnFile, hash)
			if err != nil {
				return err
			}
			data := mail.AnnonceData{Titre: an.Titre, Prenom: d.Nom, Emetteur: emetteur(an), Paragraphes: an.Paragraphes(),
				URL: baseURL + "/animation/annonces/" + strconv.FormatInt(id, 10)}
			if !an.Obligatoire {
				data.URLDesinscription = baseURL + "/desinscription/" + tok
			}
			m, err := mail.Render("annonce", []string{d.Email}, data)
			if err != nil {
				return err
			}
			if _, err := tx.EnqueueJob(ctx, store.NewJob{Kind: job.KindEnvoyerAnnonce, Payload: EnvoiAnnonce{Envoi: envoi, Message: m}}); err != nil {
				return err
			}
			n++
		}
		return tx.Audit(ctx, a.entree(store.AuditAnimation, "annonce", id, an.Academie, fmt.Sprintf("« %s » : %d envoi(s) en file (%s)", an.Titre, n, c.Resume())))
	})
	return id, n, err
}

func emetteur(an model.Annonce) string {
	if an.Academie != "" {
		return "La mission école-entreprise de l'académie de " + academieNom(an.Academie)
	}
	return "L'équipe nationale du réseau des conseillers entreprises pour l'École"
}

// Sender sends one message (mail.Sender's method).
type Sender interface {
	Send(ctx context.Context, m mail.Message) error
}

// EnvoyerAnnonceJob runs a job of kind job.KindEnvoyerAnnonce: it sends
// the message, then records the delivery « envoyé ». A failure leaves it
// « en file » and the job is retried.
func EnvoyerAnnonceJob(ctx context.Context, s *store.Store, sender Sender, payload json.RawMessage) error {
	var p EnvoiAnnonce
	if err := json.Unmarshal(payload, &p); err != nil {
		return fmt.Errorf("annonce illisible : %w", err)
	}
	if err := sender.Send(ctx, p.Message); err != nil {
		return err
	}
	return s.MarkEnvoye(ctx, p.Envoi, time.Now())
}

// Desinscrire records the opt-out of the person an announcement's link was
// made for, and returns their address.
func Desinscrire(ctx context.Context, s *store.Store, token string) (string, error) {
	var email string
	err := s.InTx(ctx, func(tx *store.Store) error {
		var err error
		if email, err = tx.EmailOfDesinscription(ctx, auth.HashToken(token)); err != nil {
			return err
		}
		if err := tx.Desinscrire(ctx, email); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entree{Email: email, Action: store.AuditAnimation, ObjetType: "desinscription", Detail: "désinscription des annonces facultatives"})
	})
	return email, err
}
