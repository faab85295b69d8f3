package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"cee/internal/model"
	"cee/internal/store"
)

// animation creates a year of the network's life in one académie: saved
// segments, a dozen events (eight months back, four ahead) with
// invitations, answers and attendance, announcements with their
// deliveries, and a few resources. No mail is queued: the demo mailbox
// stays for what people do while trying the application. It has its own
// random generator so that the rest of the data stays the same.
func animation(ctx context.Context, s *store.Store, rng *rand.Rand, academie string, unites unitesDemo, now time.Time) (events, annonces int, err error) {
	err = s.InTx(ctx, func(tx *store.Store) error {
		tous := model.Criteres{Conseillers: true, Academie: academie}
		segments := []model.Segment{
			{Nom: "Tous les CEE de l'académie", Criteres: tous},
			{Nom: "CEE désignés depuis moins d'un an", Criteres: model.Criteres{Conseillers: true, Academie: academie, DesignesDepuisMois: 12}},
			{Nom: "CEE et professionnels du BTP", Criteres: model.Criteres{Conseillers: true, Professionnels: true, Academie: academie, SectionNAF: "F"}},
		}
		for _, sg := range segments {
			sg.Academie = academie
			if _, err := tx.CreateSegment(ctx, sg); err != nil {
				return err
			}
		}
		cees, err := tx.Destinataires(ctx, tous, now)
		if err != nil {
			return err
		}
		if len(cees) == 0 {
			return nil
		}
		// The CEE of the demo account (see comptes) first: always invited.
		if orgs, err := tx.ListOrganisations(ctx, academie); err == nil && len(orgs) > 0 {
			list, _, err := tx.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: academie, Organisation: fmt.Sprint(orgs[0].ID)},
				Etat: model.DesignationActive, Limit: 1})
			if err != nil {
				return err
			}
			for k, c := range cees {
				if len(list) == 1 && c.ConseillerID == list[0].ID {
					cees[0], cees[k] = cees[k], cees[0]
				}
			}
		}
		titres := []struct {
			t     model.TypeEvenement
			titre string
			lieu  string
		}{
			{model.EvenementReunion, "Réunion de rentrée du réseau", "Rectorat, salle du conseil"},
			{model.EvenementFormation, "Formation des nouveaux conseillers", "Rectorat, salle 204"},
			{model.EvenementWebinaire, "Webinaire : les PFMP en bac pro", ""},
			{model.EvenementForum, "Forum des métiers de l'industrie", "Parc des expositions"},
			{model.EvenementReunion, "Réunion de réseau du bassin nord", "Lycée professionnel, salle polyvalente"},
			{model.EvenementFormation, "Formation : siéger dans un jury d'examen", "Rectorat, salle 204"},
		}
		for i := range 12 {
			x := titres[i%len(titres)]
			debut := time.Date(now.Year(), now.Month(), 10, 14, 0, 0, 0, model.Paris).AddDate(0, i-8, rng.IntN(10))
			e := model.Evenement{Academie: academie, Type: x.t, Titre: x.titre, Lieu: x.lieu, Debut: debut, Fin: debut.Add(2 * time.Hour),
				Capacite: []int{0, 20, 30, 40}[rng.IntN(4)], Description: "Temps d'échange et d'information du réseau des conseillers entreprises pour l'École."}
			if x.lieu == "" {
				e.LienVisio = "https://webinaire.numerique.gouv.fr/demo-cee"
			}
			if k := i % 4; k > 0 && k <= len(unites.IDs) {
				// Three events in four are organised for a unit, in turn.
				e.CampusID = unites.IDs[k-1]
			}
			id, err := tx.CreateEvenement(ctx, e)
			if err != nil {
				return err
			}
			passe := debut.Before(now)
			presents := map[int64]bool{}
			inscrits := 0
			for k, c := range cees {
				if k > 0 && rng.Float64() < 0.4 {
					continue // not invited this time (the demo CEE always is)
				}
				pid, _, err := tx.AddParticipation(ctx, model.Participation{EvenementID: id, ConseillerID: c.ConseillerID, Nom: c.Nom, Email: c.Email})
				if err != nil {
					return err
				}
				if k == 0 && !passe {
					continue // the demo CEE has invitations to answer
				}
				var to model.EtatParticipation
				switch r := rng.Float64(); {
				case r < 0.45 && (e.Capacite == 0 || inscrits < e.Capacite):
					to = model.ParticipationInscrit
					inscrits++
				case r < 0.7:
					to = model.ParticipationDecline
				}
				if to == "" {
					continue
				}
				if err := tx.SetEtatParticipation(ctx, pid, model.ParticipationInvite, to); err != nil {
					return err
				}
				if passe && to == model.ParticipationInscrit && rng.Float64() < 0.85 {
					presents[pid] = true
				}
			}
			if passe {
				if _, err := tx.SetPresences(ctx, id, presents); err != nil {
					return err
				}
				if _, err := tx.MarkRappelEnvoye(ctx, id); err != nil {
					return err
				}
			} else if i == 10 {
				if err := tx.AnnulerEvenement(ctx, id, "intervenant indisponible, reporté au trimestre suivant"); err != nil {
					return err
				}
			}
			events++
		}
		sujets := []string{"Lettre du réseau", "Calendrier des jurys de juin", "Nouveaux guides en ligne", "Semaine de l'industrie",
			"Bilan du premier trimestre", "Appel à volontaires : forums des métiers", "Rappel : renouvellement des mandats", "Lettre du réseau d'été"}
		for i, sujet := range sujets {
			at := now.AddDate(0, -11+i*3/2, 0)
			id, err := tx.CreateAnnonce(ctx, model.Annonce{Academie: academie, Titre: sujet, Auteur: "Claire Martin",
				Corps:     "Bonjour à toutes et à tous,\n\n" + sujet + " : retrouvez le détail dans l'espace Ressources.\n\nMerci de votre engagement auprès des élèves.",
				CreatedAt: at})
			if err != nil {
				return err
			}
			if err := tx.SetAnnonceDestinataires(ctx, id, len(cees)); err != nil {
				return err
			}
			for _, c := range cees {
				envoi, err := tx.AddEnvoi(ctx, id, c, model.EnvoiEnFile, "")
				if err != nil {
					return err
				}
				if err := tx.MarkEnvoye(ctx, envoi, at.Add(time.Duration(rng.IntN(3600))*time.Second)); err != nil {
					return err
				}
			}
			annonces++
		}
		for _, r := range []model.Ressource{
			{Titre: "Code de l'éducation, article D.331-65 (mission des CEE)", Categorie: "Textes", URL: "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000034684452"},
			{Titre: "Parcours Avenir", Categorie: "Guides", URL: "https://eduscol.education.fr/1569/le-parcours-avenir"},
			{Titre: "Annuaire de l'éducation (données ouvertes)", Categorie: "Données", URL: "https://data.education.gouv.fr/explore/dataset/fr-en-annuaire-education/", Academie: academie},
		} {
			if _, err := tx.CreateRessource(ctx, r, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("animation du réseau : %w", err)
	}
	return events, annonces, nil
}
