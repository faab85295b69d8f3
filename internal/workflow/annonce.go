package workflow

import (
	"context"
	"encoding/json"
	"errors"
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

// RepartitionAnnonce is the payload of a job of kind
// job.KindRepartirAnnonce: the announcement, the criteria of its
// recipients, and where the batch starts in their list.
type RepartitionAnnonce struct {
	Annonce  int64          `json:"annonce"`
	Criteres model.Criteres `json:"criteres"`
	BaseURL  string         `json:"base_url"`
	// At fixes the date the criteria are read at (mandates in force), so
	// that every batch reads the same list.
	At     time.Time `json:"at"`
	Depuis int       `json:"depuis"`
}

// LotAnnonce is the number of recipients one job of kind
// job.KindRepartirAnnonce lists: small enough that its transaction does not
// hold the database for long, since login links wait behind it on SQLite.
var LotAnnonce = 500

// EnvoyerAnnonce records an announcement to the people the criteria reach
// (the caller bounded them to its territory) and queues the job that lists
// them, in batches, in the background: an announcement to the whole network
// (44,100 people) is recorded at once, and its page shows the progress
// (issue 20, finding 3).
// confirme is the number of recipients the person confirmed
// (DecompteAnnonce): another number now refuses with ErrDecompte.
func EnvoyerAnnonce(ctx context.Context, s *store.Store, a Actor, baseURL string, an model.Annonce, c model.Criteres, confirme int) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *store.Store) error {
		d, err := DecompteAnnonce(ctx, tx, c, an.Obligatoire)
		if err != nil {
			return err
		}
		if err := Decompte("destinataires", confirme, d.Recevront); err != nil {
			return err
		}
		an.AuteurID = a.Compte.ID
		if an.Auteur == "" {
			an.Auteur = a.Compte.Nom
		}
		if id, err = tx.CreateAnnonce(ctx, an); err != nil {
			return err
		}
		if err := enqueueRepartition(ctx, tx, RepartitionAnnonce{Annonce: id, Criteres: c, BaseURL: baseURL, At: time.Now()}); err != nil {
			return err
		}
		return tx.Audit(ctx, a.entree(store.AuditAnimation, "annonce", id, an.Academie, fmt.Sprintf("« %s » : envoi en préparation (%s)", an.Titre, ResumeCriteres(c, nil))))
	})
	return id, err
}

// DestinatairesAnnonce is what an announcement would reach now: the people
// who will receive it, and those of the criteria who opted out of optional
// announcements and will not.
type DestinatairesAnnonce struct{ Recevront, Desinscrits int }

// DecompteAnnonce counts the recipients of an announcement to criteria c,
// as its confirmation shows them before anything is sent.
func DecompteAnnonce(ctx context.Context, s *store.Store, c model.Criteres, obligatoire bool) (DestinatairesAnnonce, error) {
	var d DestinatairesAnnonce
	list, err := s.Destinataires(ctx, c, time.Now())
	if err != nil {
		return d, err
	}
	for _, p := range list {
		out := false
		if !obligatoire {
			if out, err = s.Desinscrit(ctx, p.Email); err != nil {
				return d, err
			}
		}
		if out {
			d.Desinscrits++
		} else {
			d.Recevront++
		}
	}
	return d, nil
}

func enqueueRepartition(ctx context.Context, tx *store.Store, p RepartitionAnnonce) error {
	// The key names the batch: a batch whose job ran twice queues its
	// successor once.
	_, err := tx.EnqueueJob(ctx, store.NewJob{Kind: job.KindRepartirAnnonce, Payload: p, Priority: store.PriorityBulk,
		DedupKey: fmt.Sprintf("annonce-%d-lot-%d", p.Annonce, p.Depuis)})
	return err
}

// RepartirAnnonce runs a job of kind job.KindRepartirAnnonce: it records
// the number of recipients, then one batch of deliveries, each « en file »
// with its mail job (bulk priority, after the interactive mails), or
// « désinscrit » for people who opted out of optional announcements; then
// queues the next batch. One transaction per batch: a batch run again adds
// no second delivery to anyone.
func RepartirAnnonce(ctx context.Context, s *store.Store, payload json.RawMessage) error {
	var p RepartitionAnnonce
	if err := json.Unmarshal(payload, &p); err != nil {
		return fmt.Errorf("répartition d'annonce illisible : %w", err)
	}
	an, err := s.GetAnnonce(ctx, p.Annonce, store.AnnonceFilter{Scope: model.Scope{National: true}, Gestion: true})
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted meanwhile: nothing to send
	}
	if err != nil {
		return err
	}
	list, err := s.Destinataires(ctx, p.Criteres, p.At)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetAnnonceDestinataires(ctx, an.ID, len(list)); err != nil {
			return err
		}
		end := min(p.Depuis+LotAnnonce, len(list))
		for _, d := range list[min(p.Depuis, end):end] {
			if err := addEnvoiAnnonce(ctx, tx, an, p.BaseURL, d); err != nil {
				return err
			}
		}
		if end < len(list) {
			next := p
			next.Depuis = end
			return enqueueRepartition(ctx, tx, next)
		}
		return nil
	})
}

func addEnvoiAnnonce(ctx context.Context, tx *store.Store, an model.Annonce, baseURL string, d model.Destinataire) error {
	out, err := tx.Desinscrit(ctx, d.Email)
	if err != nil {
		return err
	}
	if out && !an.Obligatoire {
		_, err := tx.AddEnvoi(ctx, an.ID, d, model.EnvoiDesinscrit, "")
		return err
	}
	tok, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	envoi, err := tx.AddEnvoi(ctx, an.ID, d, model.EnvoiEnFile, hash)
	if err != nil || envoi == 0 {
		return err // 0: listed by an earlier run of this batch
	}
	data := mail.AnnonceData{Titre: an.Titre, Prenom: d.Nom, Emetteur: emetteur(an), Paragraphes: an.Paragraphes(),
		URL: baseURL + "/animation/annonces/" + strconv.FormatInt(an.ID, 10)}
	if !an.Obligatoire {
		data.URLDesinscription = baseURL + "/desinscription/" + tok
	}
	m, err := mail.Render("annonce", []string{d.Email}, data)
	if err != nil {
		return err
	}
	_, err = tx.EnqueueJob(ctx, store.NewJob{Kind: job.KindEnvoyerAnnonce, Payload: EnvoiAnnonce{Envoi: envoi, Message: m},
		Priority: store.PriorityBulk, OrderingKey: job.OrderingKey("annonce", m.To)})
	return err
}

func emetteur(an model.Annonce) string {
	if an.Academie != "" {
		return "La mission école-entreprise de l'académie " + DeAcademie(an.Academie)
	}
	return "L'équipe nationale du réseau des conseillers entreprises pour l'École"
}

// Sender sends one message (mail.Sender's method).
type Sender interface {
	Send(ctx context.Context, m mail.Message) error
}

// EnvoyerAnnonceJob runs a job of kind job.KindEnvoyerAnnonce: it sends
// the message, then records the delivery « envoyé » together with the job's
// delivery mark, so that a job whose completion is lost does not send a
// second copy (issue 20, finding 8). A failed send leaves it « en file » and
// the job is retried with the same Message-ID.
func EnvoyerAnnonceJob(ctx context.Context, s *store.Store, sender Sender, payload json.RawMessage) error {
	var p EnvoiAnnonce
	if err := json.Unmarshal(payload, &p); err != nil {
		return fmt.Errorf("annonce illisible : %w", err)
	}
	// Already « envoyé »: a job that ran to the end but was not marked
	// done (the delivery mark is in the same transaction).
	if enFile, err := s.EnvoiEnFile(ctx, p.Envoi); err != nil || !enFile {
		return err
	}
	if err := sender.Send(ctx, p.Message); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.MarkEnvoye(ctx, p.Envoi, time.Now()); err != nil {
			return err
		}
		return job.Delivered(ctx, tx)
	})
}

// withDedup sets the dedup key of a job.
func withDedup(j store.NewJob, key string) store.NewJob {
	j.DedupKey = key
	return j
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
