package workflow

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
)

func expertisePath(id int64) string { return fmt.Sprintf("/expertises/%d", id) }

func expertiseURL(baseURL string, id int64) string { return baseURL + expertisePath(id) }

// DemanderExpertise records a request for an opinion, with one awaited
// opinion per CEE asked, and mails each of them, in one transaction. The
// CEE must be of the request's académie (the handler offers only those).
func DemanderExpertise(ctx context.Context, s *store.Store, a Actor, baseURL string, e model.Expertise) (id int64, err error) {
	err = s.InTx(ctx, func(tx *store.Store) error {
		var cees []model.Conseiller
		for _, av := range e.Avis {
			c, err := tx.GetConseillerInScope(ctx, av.ConseillerID, model.Scope{Academie: e.Academie})
			if err != nil {
				return err
			}
			cees = append(cees, c)
		}
		if id, err = tx.CreateExpertise(ctx, e); err != nil {
			return err
		}
		noms := make([]string, len(cees))
		for i, c := range cees {
			noms[i] = c.Prenom + " " + c.Nom
			lignes := []string{
				e.QuiDemande() + " vous demande votre avis de conseiller entreprises pour l'École : « " + e.Objet + " » (" + e.Sujet.Label() + ").",
				"La question : " + model.Couper(e.Question, 600),
				"Avis attendu pour le " + model.Date(e.Echeance) + ". Vous pouvez aussi décliner, en une phrase.",
			}
			if err := enqueueDemandeMail(ctx, tx, c.Email, avis(model.NotifExpertise, "Demande d'avis : "+e.Objet, expertisePath(id)), mail.DemandeData{Sujet: "Demande d'avis : " + e.Objet, Prenom: c.Prenom, Lignes: lignes,
				URL: expertiseURL(baseURL, id), Bouton: "Rendre votre avis",
				Raison: "Vous recevez ce message parce que vous êtes conseiller entreprises pour l'École de l'académie."}); err != nil {
				return err
			}
		}
		return journaliser(ctx, tx, a, store.AuditExpertise, "expertise", id, e.Academie,
			"avis demandé à "+strings.Join(noms, ", ")+" : "+e.Objet)
	})
	return id, err
}

// RepondreExpertise records a CEE's answer to the opinion asked of them
// (given, with its text, time and optional file; or declined with a
// reason), and tells the asker, in one transaction. An opinion already
// answered is a conflict (model.ErrConflit): it is kept as given.
func RepondreExpertise(ctx context.Context, s *store.Store, a Actor, baseURL string, e model.Expertise, av model.AvisExpertise, fichier []byte, now time.Time) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.RepondreAvis(ctx, av, fichier, now); err != nil {
			if err == store.ErrConflict {
				return model.ErrConflit
			}
			return err
		}
		detail := "avis rendu"
		sujet := "Avis rendu : " + e.Objet
		ligne := av.Conseiller + " a rendu son avis sur « " + e.Objet + " »."
		if av.Etat == model.AvisDecline {
			detail, sujet = "avis décliné", "Avis décliné : "+e.Objet
			ligne = av.Conseiller + " ne peut pas rendre d'avis sur « " + e.Objet + " » : " + model.Couper(av.Texte, 300)
		}
		if e.DemandeurID != 0 {
			if c, err := tx.GetCompte(ctx, e.DemandeurID); err == nil {
				if err := enqueueDemandeMail(ctx, tx, c.Email, avis(model.NotifExpertise, sujet, expertisePath(e.ID)), mail.DemandeData{Sujet: sujet, Prenom: c.Nom, Lignes: []string{ligne},
					URL: expertiseURL(baseURL, e.ID), Bouton: "Voir la demande d'avis",
					Raison: "Vous recevez ce message parce que vous avez demandé cet avis."}); err != nil {
					return err
				}
			}
		}
		return journaliser(ctx, tx, a, store.AuditExpertise, "expertise", e.ID, e.Academie, detail+" par "+av.Conseiller)
	})
}
