package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
)

// ErrDejaRepondu is returned for a solicitation answered already (or closed).
var ErrDejaRepondu = model.Conflit("vous avez déjà répondu à cette sollicitation, ou elle n'est plus ouverte")

// Reponse is the outcome of an answer, for the page the candidate sees.
type Reponse struct {
	Sollicitation model.Sollicitation
	Demande       model.Demande
	Acceptee      bool
	// Complete: the request already had enough people; the acceptance was
	// not recorded.
	Complete bool
}

// RepondreParLien answers a solicitation through the link of its e-mail:
// the link says whether it accepts or declines and is used once. retenu is
// the date chosen (2027-01-12AM) when the request's dates are
// alternatives, "" otherwise; places, the internship places offered when
// the request counts places (ignored otherwise).
func RepondreParLien(ctx context.Context, s *store.Store, baseURL, jeton, motif, retenu string, places int, now time.Time) (Reponse, error) {
	var out Reponse
	err := s.InTx(ctx, func(tx *store.Store) error {
		j, err := tx.ConsumeJeton(ctx, auth.HashToken(jeton), store.JetonReponse, now)
		if err != nil {
			return err
		}
		var l reponseLien
		if err := json.Unmarshal(j.Payload, &l); err != nil {
			return err
		}
		out, err = repondre(ctx, tx, baseURL, l.Sollicitation, l.Accepter, motif, retenu, places, now)
		return err
	})
	return out, err
}

// LienReponse tells what a response link would do, without using it (the
// page shows a button, so that mail scanners opening links burn nothing).
func LienReponse(ctx context.Context, s *store.Store, jeton string, now time.Time) (accepter bool, so model.Sollicitation, d model.Demande, err error) {
	j, err := s.PeekJetonPayload(ctx, auth.HashToken(jeton), store.JetonReponse, now)
	if err != nil {
		return false, so, d, err
	}
	return lireLien(ctx, s, j)
}

// lireLien reads what a solicitation's link carries: accept or decline,
// its solicitation and its request.
func lireLien(ctx context.Context, s *store.Store, payload []byte) (accepter bool, so model.Sollicitation, d model.Demande, err error) {
	var l reponseLien
	if err := json.Unmarshal(payload, &l); err != nil {
		return false, so, d, err
	}
	if so, err = s.GetSollicitation(ctx, l.Sollicitation); err != nil {
		return false, so, d, err
	}
	d, err = s.GetDemande(ctx, so.DemandeID, store.DemandeFilter{Scope: model.Scope{National: true}})
	return l.Accepter, so, d, err
}

// LienReponseUtilise reads a solicitation's link used already: its
// solicitation and request, when the link was used, to say what was answered (« vous avez déjà
// accepté ») rather than « invalid link ». store.ErrJetonInvalide for a
// link never used.
func LienReponseUtilise(ctx context.Context, s *store.Store, jeton string) (so model.Sollicitation, d model.Demande, le time.Time, err error) {
	j, le, err := s.UsedJetonPayload(ctx, auth.HashToken(jeton), store.JetonReponse)
	if err != nil {
		return so, d, le, err
	}
	_, so, d, err = lireLien(ctx, s, j)
	return so, d, le, err
}

// Repondre answers a solicitation from the application: the CEE signed in
// answers their own (retenu and places as for RepondreParLien).
func Repondre(ctx context.Context, s *store.Store, a Actor, baseURL string, sollicitationID int64, accepter bool, motif, retenu string, places int, now time.Time) (Reponse, error) {
	var out Reponse
	err := s.InTx(ctx, func(tx *store.Store) error {
		so, err := tx.GetSollicitation(ctx, sollicitationID)
		if err != nil {
			return err
		}
		if id, ok := policy.ConseillerDe(a.P); !ok || id != so.ConseillerID {
			return store.ErrNotFound
		}
		out, err = repondre(ctx, tx, baseURL, sollicitationID, accepter, motif, retenu, places, now)
		return err
	})
	return out, err
}

// repondre records an answer. An acceptance is checked, under locks on the
// request and the CEE, against the request's free places and the CEE's
// monthly cap; the first acceptance of a request with alternative dates
// fixes the date; the last place filled closes the search and tells the
// others they are no longer needed. For a request that counts places, the
// search is filled by the places offered, not the number of people.
func repondre(ctx context.Context, tx *store.Store, baseURL string, id int64, accepter bool, motif, retenu string, places int, now time.Time) (Reponse, error) {
	var out Reponse
	so, err := tx.GetSollicitation(ctx, id)
	if err != nil {
		return out, err
	}
	if err := tx.LockDemande(ctx, so.DemandeID); err != nil {
		return out, err
	}
	if so.ConseillerID != 0 {
		if err := tx.LockConseiller(ctx, so.ConseillerID); err != nil {
			return out, err
		}
	}
	// Read again under the locks: a concurrent answer may have gone first.
	if so, err = tx.GetSollicitation(ctx, id); err != nil {
		return out, err
	}
	d, err := tx.GetDemande(ctx, so.DemandeID, store.DemandeFilter{Scope: model.Scope{National: true}})
	if err != nil {
		return out, err
	}
	out.Sollicitation, out.Demande = so, d
	if so.Etat != model.SollicitationEnvoyee {
		return out, ErrDejaRepondu
	}
	if !accepter {
		if strings.TrimSpace(motif) == "" {
			motif = "Sans motif"
		}
		if err := tx.SetEtatSollicitation(ctx, so.ID, so.Etat, model.SollicitationDeclinee, motif); err != nil {
			return out, err
		}
		if err := tx.Audit(ctx, store.Entree{Email: so.Email, Action: store.AuditSollicitation, ObjetType: "demande",
			ObjetID: strconv.FormatInt(d.ID, 10), Academie: d.Academie, Detail: so.Nom + " décline : " + motif}); err != nil {
			return out, err
		}
		return out, notifyPilotes(ctx, tx, d, baseURL, "Sollicitation déclinée : "+d.Titre,
			[]string{so.Nom + " ne peut pas répondre à cette demande (" + motif + ")."})
	}
	offertes := 0
	if d.Places > 0 {
		sos, err := tx.ListSollicitations(ctx, d.ID)
		if err != nil {
			return out, err
		}
		offertes = model.SommePlaces(sos).Offertes
	}
	if d.Etat != model.DemandeEnRecherche || d.Pourvue(d.Acceptees, offertes) {
		// Enough people (or places) already: this solicitation is no longer needed.
		out.Complete = true
		return out, tx.SetEtatSollicitation(ctx, so.ID, so.Etat, model.SollicitationAnnulee, "")
	}
	if d.Places > 0 {
		// Offering more than still needed is not refused: the school
		// confirms the places it takes (model.Demande.AlertePlaces).
		if err := model.ErreurPlacesOffertes(places); err != nil {
			return out, err
		}
	}
	if so.ProfessionnelID != 0 {
		// The professional's monthly cap, as the CEE's below: counted on
		// what they accepted this month.
		pro, err := tx.GetProfessionnel(ctx, so.ProfessionnelID)
		if err != nil {
			return out, err
		}
		pa, err := tx.GetParametres(ctx, pro.Academie)
		if err != nil {
			return out, err
		}
		if cap := PlafondProfessionnel(pro, pa); cap > 0 {
			month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
			k, err := tx.CountAccepteesProfessionnel(ctx, pro.ID, month)
			if err != nil {
				return out, err
			}
			if k >= cap {
				return out, &model.Erreur{Genre: model.GenreRefus, Err: ErrPlafond,
					Message: fmt.Sprintf("vous avez déjà accepté %d sollicitation(s) ce mois-ci, votre plafond : relevez-le sur la page de votre accord pour accepter celle-ci", k)}
			}
		}
	}
	if so.ConseillerID != 0 {
		cee, err := tx.GetConseillerInScope(ctx, so.ConseillerID, model.Scope{National: true})
		if err != nil {
			return out, err
		}
		if cap := cee.Dispo.MaxParMois; cap > 0 {
			month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
			k, err := tx.CountSollicitations(ctx, cee.ID, model.SollicitationAcceptee, month)
			if err != nil {
				return out, err
			}
			if k >= cap {
				return out, &model.Erreur{Genre: model.GenreRefus, Err: ErrPlafond,
					Message: fmt.Sprintf("vous avez déjà accepté %d sollicitation(s) ce mois-ci, votre plafond : relevez-le sur votre fiche pour accepter celle-ci", k)}
			}
		}
	}
	if d.AChoisir() {
		var c *model.Creneau
		if retenu != "" {
			x, err := model.ParseCreneau(retenu)
			if err != nil {
				return out, model.Invalide("creneau", "Choisissez la date à laquelle vous venez.")
			}
			c = &x
		}
		if err := d.ControlerRetenu(c); err != nil {
			return out, err
		}
		if err := tx.SetRetenu(ctx, d.ID, *c); err != nil {
			return out, err
		}
		d.Retenu = c
		out.Demande = d
	}
	if err := tx.SetEtatSollicitation(ctx, so.ID, so.Etat, model.SollicitationAcceptee, ""); err != nil {
		return out, err
	}
	out.Acceptee = true
	detail := so.Nom + " accepte"
	if d.Places > 0 {
		if err := tx.SetPlacesOffertes(ctx, so.ID, places); err != nil {
			return out, err
		}
		out.Sollicitation.PlacesOffertes = places
		detail += fmt.Sprintf(" et propose %d place(s) de stage", places)
	}
	if err := tx.Audit(ctx, store.Entree{Email: so.Email, Action: store.AuditSollicitation, ObjetType: "demande",
		ObjetID: strconv.FormatInt(d.ID, 10), Academie: d.Academie, Detail: detail}); err != nil {
		return out, err
	}
	if err := mailAcceptation(ctx, tx, baseURL, d, so); err != nil {
		return out, err
	}
	if !d.Pourvue(d.Acceptees+1, offertes+places) {
		return out, nil
	}
	// Filled: the search ends, the others are told.
	if err := tx.SetEtatDemande(ctx, d.ID, model.DemandeEnRecherche, model.DemandePourvue, ""); err != nil {
		return out, err
	}
	if err := fermerSollicitations(ctx, tx, baseURL, d, false, "Plus nécessaire : ", plusNecessaire); err != nil {
		return out, err
	}
	fin := fmt.Sprintf("%d personne(s) ont accepté : la recherche est terminée.", d.Acceptees+1)
	if d.Places > 0 {
		fin = fmt.Sprintf("%d place(s) de stage proposée(s) pour %d recherchée(s) : la recherche est terminée. Confirmez les places retenues sur la page de la demande.", offertes+places, d.Places)
	}
	return out, notifyPilotes(ctx, tx, d, baseURL, "Demande pourvue : "+d.Titre, []string{fin})
}

// Transmettre passes a request a CEE was solicited for on to a consenting
// professional of their own network, who answers through the same kind of
// links; the CEE's own solicitation stays as it is.
func Transmettre(ctx context.Context, s *store.Store, a Actor, baseURL string, sollicitationID, professionnelID int64) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		so, err := tx.GetSollicitation(ctx, sollicitationID)
		if err != nil {
			return err
		}
		if id, ok := policy.ConseillerDe(a.P); !ok || id != so.ConseillerID {
			return store.ErrNotFound
		}
		d, err := tx.GetDemande(ctx, so.DemandeID, store.DemandeFilter{Scope: model.Scope{National: true}})
		if err != nil {
			return err
		}
		if d.Etat != model.DemandeEnRecherche {
			return model.Conflit(fmt.Sprintf("la demande est « %s » : elle n'attend plus personne", d.Etat.Label()))
		}
		pro, err := tx.GetProfessionnel(ctx, professionnelID)
		if err != nil || pro.ConseillerID != so.ConseillerID {
			return store.ErrNotFound
		}
		if !pro.Contactable() {
			return model.Refus(pro.Prenom + " " + pro.Nom + " n'a pas donné son accord pour être sollicité")
		}
		list, err := tx.ListSollicitations(ctx, d.ID)
		if err != nil {
			return err
		}
		if solicited(list, Choix{Professionnel: pro.ID}) {
			return model.Conflit(fmt.Sprintf("%s %s est déjà sollicité pour cette demande", pro.Prenom, pro.Nom))
		}
		// Passing it on is the CEE's answer: no more reminders for them,
		// and their response rate counts it.
		if err := tx.MarkTransmise(ctx, so.ID, time.Now()); err != nil {
			return err
		}
		p, err := tx.GetParametres(ctx, d.Academie)
		if err != nil {
			return err
		}
		cee, err := tx.GetConseillerInScope(ctx, so.ConseillerID, model.Scope{National: true})
		if err != nil {
			return err
		}
		n := model.Sollicitation{DemandeID: d.ID, ProfessionnelID: pro.ID, TransmisPar: cee.ID, ExpireLe: time.Now().AddDate(0, 0, p.DelaiReponseJours),
			Raisons: "transmise par " + cee.NomComplet()}
		if n.ID, err = tx.CreateSollicitation(ctx, n); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a.entree(store.AuditSollicitation, "demande", d.ID, d.Academie, "transmise à "+pro.Prenom+" "+pro.Nom)); err != nil {
			return err
		}
		return mailSollicitation(ctx, tx, baseURL, d, n, pro.Prenom, pro.Email, "vous faites partie du réseau de "+cee.NomComplet()+".", cee.NomComplet(), false)
	})
}

// suiviLot is how many solicitations one transaction of SuivreDemandes
// handles: few enough to keep SQLite's write lock a short while, enough
// to pay a transaction's cost once for many.
var suiviLot = 500

// SuivreDemandes is the scheduler's pass over requests: reminders 3 and 6
// days after a solicitation, expiry of unanswered ones, requests whose
// deadline passed with nobody found, actions whose date passed.
//
// Of the open solicitations (28,506 on the national demo) only those due
// this hour are touched, in transactions of suiviLot: one transaction per
// solicitation made the hourly pass outlast its job's lease (issue 21).
func SuivreDemandes(ctx context.Context, s *store.Store, baseURL string, now time.Time) error {
	open, err := s.SollicitationsEnCours(ctx)
	if err != nil {
		return err
	}
	var dues []model.Sollicitation
	for _, so := range open {
		if aSuivre(so, now) {
			dues = append(dues, so)
		}
	}
	for i := 0; i < len(dues); i += suiviLot {
		lot := dues[i:min(i+suiviLot, len(dues))]
		err := s.InTx(ctx, func(tx *store.Store) error {
			demandes := map[int64]model.Demande{}
			for _, so := range lot {
				d, ok := demandes[so.DemandeID]
				if !ok {
					var err error
					if d, err = tx.GetDemande(ctx, so.DemandeID, store.DemandeFilter{Scope: model.Scope{National: true}}); err != nil {
						return err
					}
					demandes[d.ID] = d
				}
				// A conflict is a solicitation answered since it was read:
				// nothing was written for it, the others go on.
				if err := suivreSollicitation(ctx, tx, baseURL, d, so, now); err != nil && !errors.Is(err, store.ErrConflict) {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, etat := range []model.EtatDemande{model.DemandeEnRecherche, model.DemandePourvue} {
		due, err := s.DemandesDues(ctx, etat, dayOf(now))
		if err != nil {
			return err
		}
		for _, d := range due {
			to := model.DemandeExpiree
			if etat == model.DemandePourvue {
				to = model.DemandeRealisee
			}
			err := s.InTx(ctx, func(tx *store.Store) error {
				if err := tx.SetEtatDemande(ctx, d.ID, etat, to, ""); err != nil {
					return err
				}
				if err := tx.Audit(ctx, store.Entree{Action: store.AuditDemande, ObjetType: "demande", ObjetID: strconv.FormatInt(d.ID, 10),
					Academie: d.Academie, Detail: etat.Label() + " → " + to.Label() + " (automatique)"}); err != nil {
					return err
				}
				d.Etat = to
				if to == model.DemandeRealisee {
					return askCompteRendu(ctx, tx, baseURL, d)
				}
				if err := fermerSollicitations(ctx, tx, baseURL, d, false, "Recherche close : ", "La recherche pour « "+d.Titre+" » est close : votre réponse n'est plus attendue."); err != nil {
					return err
				}
				return notifyDemandeur(ctx, tx, d, baseURL, "Personne n'a pu répondre à votre demande : "+d.Titre,
					[]string{"Aucun conseiller n'a pu accepter votre demande avant l'échéance. La mission école-entreprise de l'académie peut la relancer avec d'autres dates."})
			})
			if err != nil && !errors.Is(err, store.ErrConflict) {
				return err
			}
		}
	}
	return nil
}

// aSuivre tells, from the solicitation alone, whether SuivreDemandes may
// have something to do for it at now: expire it, or remind its CEE.
func aSuivre(so model.Sollicitation, now time.Time) bool {
	return !now.Before(so.ExpireLe) || (so.TransmiseLe == nil && relanceDue(so, now))
}

// relanceDue: reminders 3 and 6 days after the solicitation, two at most.
func relanceDue(so model.Sollicitation, now time.Time) bool {
	return so.Relances < 2 && !now.Before(so.CreatedAt.AddDate(0, 0, 3*(so.Relances+1)))
}

// suivreSollicitation expires so or sends its reminder, in tx.
func suivreSollicitation(ctx context.Context, tx *store.Store, baseURL string, d model.Demande, so model.Sollicitation, now time.Time) error {
	switch {
	case !now.Before(so.ExpireLe):
		if err := tx.SetEtatSollicitation(ctx, so.ID, model.SollicitationEnvoyee, model.SollicitationExpiree, ""); err != nil {
			return err
		}
		return sansReponse(ctx, tx, baseURL, d, so)
	case d.Etat != model.DemandeEnRecherche || so.TransmiseLe != nil:
		// Nothing to remind: the request no longer waits, or the CEE
		// answered by passing it on.
		return nil
	case relanceDue(so, now):
		if err := tx.MarkRelance(ctx, so.ID, so.Relances+1); err != nil {
			return err
		}
		prenom := strings.Fields(so.Nom + " ")[0]
		return mailSollicitation(ctx, tx, baseURL, d, so, prenom, so.Email, so.Raisons, "", true)
	}
	return nil
}

// sansReponse keeps the promise of the solicitation mail (« sans réponse
// …, la demande sera proposée à d'autres personnes »): when a solicitation
// expires and the request still lacks people, it is back in the pilotes'
// « À traiter » (store.AttentesPilote counts it), its page ranks the next
// candidates (those not solicited yet: Classer), and the pilotes are told.
func sansReponse(ctx context.Context, tx *store.Store, baseURL string, d model.Demande, so model.Sollicitation) error {
	if d.Etat != model.DemandeEnRecherche {
		return nil
	}
	return notifyPilotes(ctx, tx, d, baseURL, "Sans réponse : "+d.Titre,
		[]string{so.Nom + " n'a pas répondu à temps.", AutresCandidats})
}

// AutresCandidats is what the pilotes read when a solicitation expires; the
// solicitation mail promises it (mail template « sollicitation »).
const AutresCandidats = "La demande revient dans « À traiter » : les candidats suivants du classement vous sont proposés sur sa page."

func dayOf(t time.Time) time.Time {
	t = t.In(model.Paris)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// CompteRendu records what happened, by a CEE who accepted the request (or
// the pilote): an action linked to the request, which becomes « réalisée ».
func CompteRendu(ctx context.Context, s *store.Store, a Actor, baseURL string, f store.DemandeFilter, demandeID int64, i model.Intervention) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		d, err := tx.GetDemande(ctx, demandeID, f)
		if err != nil {
			return err
		}
		if d.Etat != model.DemandePourvue && d.Etat != model.DemandeRealisee {
			return model.Conflit(fmt.Sprintf("la demande est « %s » : le compte rendu vient après l'action", d.Etat.Label()))
		}
		if err := d.ControlerFin(today()); err != nil {
			return refus(err.Error())
		}
		// The action done for a unit's request counts for the unit.
		i.DemandeID, i.Academie, i.UAI, i.Type, i.CampusID = d.ID, d.Academie, d.UAI, d.Type, d.CampusID
		if _, err := tx.CreateIntervention(ctx, i); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a.entree(store.AuditIntervention, "demande", d.ID, d.Academie, "compte rendu")); err != nil {
			return err
		}
		if d.Etat == model.DemandePourvue {
			if err := tx.SetEtatDemande(ctx, d.ID, d.Etat, model.DemandeRealisee, ""); err != nil {
				return err
			}
			return notifyDemandeur(ctx, tx, d, baseURL, "Votre avis sur l'action : "+d.Titre,
				[]string{"Le conseiller a saisi le compte rendu de l'action. Confirmez-la et donnez votre avis (de 1 à 5)."})
		}
		return nil
	})
}

// Evaluer records the requester's confirmation and rating: the request is
// closed.
func Evaluer(ctx context.Context, s *store.Store, a Actor, f store.DemandeFilter, demandeID int64, note int, commentaire string) error {
	if note < 1 || note > 5 {
		return model.Invalide("note", "donnez une note de 1 à 5")
	}
	return s.InTx(ctx, func(tx *store.Store) error {
		d, err := tx.GetDemande(ctx, demandeID, f)
		if err != nil {
			return err
		}
		acteur, ok := policy.ActeurDemande(a.P, a.Compte.ID, d)
		if !ok || !model.CanTransitionDemande(d.Etat, model.DemandeCloturee, acteur) {
			return model.Conflit(fmt.Sprintf("la demande est « %s » : on l'évalue une fois réalisée", d.Etat.Label()))
		}
		if err := d.ControlerFin(today()); err != nil {
			return refus(err.Error())
		}
		if err := tx.EvaluerDemande(ctx, d.ID, note, strings.TrimSpace(commentaire)); err != nil {
			return err
		}
		if err := tx.SetEtatDemande(ctx, d.ID, d.Etat, model.DemandeCloturee, ""); err != nil {
			return err
		}
		return tx.Audit(ctx, a.entree(store.AuditDemande, "demande", d.ID, d.Academie, fmt.Sprintf("clôturée, note %d/5", note)))
	})
}

// ConfirmerPlaces records, for a request that counts places, the places the
// school or the pilote (policy.ActeurDemande) confirms with one host who
// accepted, and the pupils placed there; at most the places offered, and
// no more pupils than places (model.ControlerConfirmation).
func ConfirmerPlaces(ctx context.Context, s *store.Store, a Actor, f store.DemandeFilter, demandeID, sollicitationID int64, confirmees, eleves int) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		d, err := tx.GetDemande(ctx, demandeID, f)
		if err != nil {
			return err
		}
		if _, ok := policy.ActeurDemande(a.P, a.Compte.ID, d); !ok {
			return store.ErrNotFound
		}
		if d.Places == 0 {
			return model.Conflit("cette demande ne compte pas de places de stage")
		}
		so, err := tx.GetSollicitation(ctx, sollicitationID)
		if err != nil {
			return err
		}
		if so.DemandeID != d.ID {
			return store.ErrNotFound
		}
		if so.Etat != model.SollicitationAcceptee {
			return model.Conflit(so.Nom + " n'a pas accepté cette demande : aucune place à confirmer")
		}
		if err := model.ControlerConfirmation(so, confirmees, eleves); err != nil {
			return err
		}
		if err := tx.ConfirmerPlaces(ctx, so.ID, confirmees, eleves); err != nil {
			return err
		}
		return tx.Audit(ctx, a.entree(store.AuditDemande, "demande", d.ID, d.Academie,
			fmt.Sprintf("places confirmées chez %s : %d sur %d proposée(s), %d élève(s) placé(s)", so.Nom, confirmees, so.PlacesOffertes, eleves)))
	})
}
