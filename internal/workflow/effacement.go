package workflow

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
)

// ErrMotifRefus is returned when a pilote refuses an erasure without saying
// why: the person is told the reason (RGPD art. 12.4).
var ErrMotifRefus = model.Invalide("motif", "indiquez la raison du refus : elle est envoyée à la personne")

// ErrDejaTraitee is returned when the request was already confirmed or
// refused (by another pilote, or in another tab).
var ErrDejaTraitee = model.Conflit("cette demande a déjà été traitée")

// DemanderEffacement records a person's erasure request (RGPD art. 17) for
// the pilotes of their académie to confirm, tells those pilotes, and
// journals the request without the person's name. A second request while
// one waits returns the first.
func DemanderEffacement(ctx context.Context, s *store.Store, p store.Personne, origine, ip, baseURL string, now time.Time) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *store.Store) error {
		var created bool
		var err error
		if id, created, err = tx.CreateDemandeEffacement(ctx, p, origine, now); err != nil || !created {
			return err
		}
		if err := tx.Audit(ctx, store.Entree{CompteID: p.CompteID, IP: ip, Action: store.AuditEffacement, ObjetType: "demande_effacement",
			ObjetID: strconv.FormatInt(id, 10), Academie: p.Academie, Detail: "demande d'effacement (" + origine + ")"}); err != nil {
			return err
		}
		pilotes, err := pilotesOf(ctx, tx, p.Academie)
		if err != nil {
			return err
		}
		for _, pi := range pilotes {
			if err := envoyerCourriel(ctx, tx, courriel{modele: "demande", to: pi.Email, priorite: store.PriorityInteractive, data: mail.DemandeData{Sujet: "Une demande d'effacement de données attend votre décision",
				Prenom: pi.Nom, Lignes: []string{"Une personne de l'académie demande l'effacement de ses données personnelles (RGPD, article 17). Le règlement demande une réponse dans le mois."},
				URL: baseURL + "/effacements", Bouton: "Voir les demandes d'effacement", Raison: raisonPilote}}); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}

// personneOfDemande finds the person a request is about, from the ids it
// kept (an address alone when the records are gone).
func personneOfDemande(ctx context.Context, tx *store.Store, d model.DemandeEffacement) (store.Personne, error) {
	switch {
	case d.CompteID != 0:
		return tx.PersonneOfCompte(ctx, d.CompteID)
	case d.ConseillerID != 0:
		return tx.PersonneOfConseiller(ctx, d.ConseillerID)
	case d.ProfessionnelID != 0:
		return tx.PersonneOfProfessionnel(ctx, d.ProfessionnelID)
	}
	return tx.PersonneOfEmail(ctx, d.Email)
}

// ConfirmerEffacement anonymises the person of a waiting request, in one
// transaction with the request's closing and its journal line. The line
// names the request and the pilote who decided, not the person: the
// request's own name and address are blanked with the rest. No mail is
// sent: it would keep the address the person asked to erase.
func ConfirmerEffacement(ctx context.Context, s *store.Store, a Actor, id int64, now time.Time) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		d, err := tx.GetDemandeEffacement(ctx, id, policy.ScopeOf(a.P))
		if err != nil {
			return err
		}
		if d.Etat != model.EffacementDemandee {
			return ErrDejaTraitee
		}
		p, err := personneOfDemande(ctx, tx, d)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := tx.CloreDemandeEffacement(ctx, id, model.EffacementEffectuee, "", a.Compte.ID, now); err != nil {
			return errDejaTraitee(err)
		}
		n, err := anonymiser(ctx, tx, p, d, now)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a.entree(store.AuditEffacement, "demande_effacement", id, d.Academie,
			"anonymisation effectuée ("+strconv.FormatInt(n, 10)+" lignes modifiées)"))
	})
}

func anonymiser(ctx context.Context, tx *store.Store, p store.Personne, d model.DemandeEffacement, now time.Time) (int64, error) {
	if p.Vide() {
		// Nobody left under that address: only the request names them.
		p = store.Personne{Emails: []string{strings.ToLower(d.Email)}}
	}
	return tx.Anonymiser(ctx, p, now)
}

func errDejaTraitee(err error) error {
	if errors.Is(err, store.ErrConflict) {
		return ErrDejaTraitee
	}
	return err
}

// RefuserEffacement closes a waiting request as refused and mails the
// reason to the person (a legal obligation to keep the data, a mandate
// running…).
func RefuserEffacement(ctx context.Context, s *store.Store, a Actor, id int64, motif string, now time.Time) error {
	motif = strings.TrimSpace(motif)
	if motif == "" {
		return ErrMotifRefus
	}
	return s.InTx(ctx, func(tx *store.Store) error {
		d, err := tx.GetDemandeEffacement(ctx, id, policy.ScopeOf(a.P))
		if err != nil {
			return err
		}
		if err := tx.CloreDemandeEffacement(ctx, id, model.EffacementRefusee, motif, a.Compte.ID, now); err != nil {
			return errDejaTraitee(err)
		}
		if d.Email != "" {
			contact := "le pilote de votre académie"
			if a.Compte.Email != "" {
				contact += " (" + a.Compte.Email + ")"
			}
			if err := envoyerCourriel(ctx, tx, courriel{modele: "effacement", to: d.Email, data: mail.EffacementData{Motif: motif, Contact: contact},
				priorite: store.PriorityInteractive}); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a.entree(store.AuditEffacement, "demande_effacement", id, d.Academie, "demande d'effacement refusée"))
	})
}
