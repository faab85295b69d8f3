package workflow

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/export"
	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
)

func (a Actor) entree(action, objetType string, id int64, academie, detail string) store.Entree {
	return store.Entree{CompteID: a.Compte.ID, Email: a.Compte.Email, Role: string(a.P.H.Role), IP: a.IP, Action: action,
		ObjetType: objetType, ObjetID: strconv.FormatInt(id, 10), Academie: academie, Detail: detail}
}

// EnregistrerDemande saves a request written in the form: a new draft, or
// an existing draft changed; with soumettre it is sent at once (the caller
// checked model.Demande.Errors).
func EnregistrerDemande(ctx context.Context, s *store.Store, a Actor, baseURL string, d model.Demande, soumettre bool) (int64, error) {
	err := s.InTx(ctx, func(tx *store.Store) error {
		d.Etat = model.DemandeBrouillon
		if d.Echeance.IsZero() && !d.PremierJour().IsZero() {
			d.Echeance = d.PremierJour().AddDate(0, 0, -1)
		}
		if d.ID == 0 {
			id, err := tx.CreateDemande(ctx, d)
			if err != nil {
				return err
			}
			d.ID = id
			if err := tx.Audit(ctx, a.entree(store.AuditDemande, "demande", id, d.Academie, "créée : "+d.Titre)); err != nil {
				return err
			}
		} else if err := tx.UpdateDemande(ctx, d); err != nil {
			return err
		}
		if !soumettre {
			return nil
		}
		// Read back: the mails name the school and the author.
		saved, err := tx.GetDemande(ctx, d.ID, store.DemandeFilter{Scope: model.Scope{National: true}, CompteID: d.AuteurID})
		if err != nil {
			return err
		}
		return soumettreDemande(ctx, tx, a, baseURL, saved)
	})
	return d.ID, err
}

// soumettreDemande sends a draft: to the pilote's validation when the
// académie asks for it, else straight to the search.
func soumettreDemande(ctx context.Context, tx *store.Store, a Actor, baseURL string, d model.Demande) error {
	if err := tx.SetEtatDemande(ctx, d.ID, model.DemandeBrouillon, model.DemandeSoumise, ""); err != nil {
		return err
	}
	p, err := tx.GetParametres(ctx, d.Academie)
	if err != nil {
		return err
	}
	next := model.DemandeEnRecherche
	if p.ValidationDemandes {
		next = model.DemandeAValider
	}
	if err := tx.SetEtatDemande(ctx, d.ID, model.DemandeSoumise, next, ""); err != nil {
		return err
	}
	if err := tx.Audit(ctx, a.entree(store.AuditDemande, "demande", d.ID, d.Academie, "soumise → "+next.Label())); err != nil {
		return err
	}
	d.Etat = next
	sujet := "Nouvelle demande : " + d.Titre
	action := "Elle attend que vous sollicitiez des conseillers : les meilleurs candidats sont déjà classés sur sa page."
	if next == model.DemandeAValider {
		sujet, action = "Demande à valider : "+d.Titre, "Elle attend votre validation avant la recherche de conseillers."
	}
	if err := notifyPilotes(ctx, tx, d, baseURL, sujet, []string{quiDemande(d) + " : " + d.Type.Label() + ", " + quandDemande(d) + ".", action}); err != nil {
		return err
	}
	return notifyDemandeur(ctx, tx, d, baseURL, "Votre demande est enregistrée : "+d.Titre,
		[]string{"Votre demande est transmise à la mission école-entreprise de l'académie (" + strings.ToLower(next.Label()) + ").",
			"Vous serez informé dès qu'un conseiller aura accepté."})
}

func quiDemande(d model.Demande) string {
	if d.Etablissement != "" {
		return d.Etablissement
	}
	return d.Auteur
}

// quandDemande writes a request's dates in French.
func quandDemande(d model.Demande) string {
	if d.Debut != nil && d.Fin != nil {
		return "du " + model.Date(*d.Debut) + " au " + model.Date(*d.Fin)
	}
	var parts []string
	for _, c := range d.CreneauxRetenus() {
		parts = append(parts, c.Label())
	}
	if d.AChoisir() {
		return "au choix : " + strings.Join(parts, " ; ")
	}
	return strings.Join(parts, " ; ")
}

// notifyPilotes tells the académie's pilotes in their notification centre,
// and mails those without a digest; the others find it in their digest.
func notifyPilotes(ctx context.Context, tx *store.Store, d model.Demande, baseURL, sujet string, lignes []string) error {
	pilotes, err := pilotesOf(ctx, tx, d.Academie)
	if err != nil {
		return err
	}
	n := avis(model.NotifDemande, sujet, "/demandes/"+strconv.FormatInt(d.ID, 10))
	for _, p := range pilotes {
		if p.Resume != model.ResumeAucun {
			if err := tx.AddNotification(ctx, p.Email, *n); err != nil {
				return err
			}
			continue
		}
		if err := enqueueDemandeMail(ctx, tx, p.Email, n, mail.DemandeData{Sujet: sujet, Prenom: p.Nom, Lignes: lignes,
			URL: demandeURL(baseURL, d.ID), Bouton: "Ouvrir la demande", Raison: raisonPilote}); err != nil {
			return err
		}
	}
	return nil
}

// notifyDemandeur mails the request's contact (or its author).
func notifyDemandeur(ctx context.Context, tx *store.Store, d model.Demande, baseURL, sujet string, lignes []string, pieces ...mail.Attachment) error {
	to, nom := d.ContactEmail, d.ContactNom
	if to == "" && d.AuteurID != 0 {
		if c, err := tx.GetCompte(ctx, d.AuteurID); err == nil {
			to, nom = c.Email, c.Nom
		}
	}
	n := avis(model.NotifDemande, sujet, "/demandes/"+strconv.FormatInt(d.ID, 10))
	// The author follows their request in their notifications even when
	// its contact is someone else (a teacher without an account).
	if d.AuteurID != 0 && to != "" {
		if c, err := tx.GetCompte(ctx, d.AuteurID); err == nil && c.Email != to {
			if err := tx.AddNotification(ctx, c.Email, *n); err != nil {
				return err
			}
		}
	}
	if to == "" {
		return nil
	}
	return enqueueDemandeMail(ctx, tx, to, n, mail.DemandeData{Sujet: sujet, Prenom: nom, Lignes: lignes, URL: demandeURL(baseURL, d.ID),
		Bouton: "Suivre la demande", Raison: "Vous recevez ce message parce que vous êtes le contact de cette demande."}, pieces...)
}

// enqueueDemandeMail queues a mail about a request or a jury, and its
// notification when n is set.
func enqueueDemandeMail(ctx context.Context, tx *store.Store, to string, n *model.Notification, data mail.DemandeData, pieces ...mail.Attachment) error {
	return envoyerCourriel(ctx, tx, courriel{modele: "demande", to: to, data: data, priorite: store.PriorityInteractive, pieces: pieces, notif: n})
}

// invitations are the calendar invitations of an engagement, one per
// half-day (clients read one event per attachment); none for a period. Of
// alternative dates, only the one retained.
func invitations(baseURL string, d model.Demande, so model.Sollicitation) ([]mail.Attachment, error) {
	var out []mail.Attachment
	host := mailHost(baseURL)
	orga := export.Personne{Nom: d.ContactNom, Email: d.ContactEmail}
	if orga.Email == "" {
		orga.Email = "ne-pas-repondre@" + host
	}
	for _, c := range d.CreneauxRetenus() {
		debut, fin, err := export.DemiJournee(c.Jour, c.Moment)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		err = export.ICS(&b, export.MethodRequest, []export.Evenement{{
			UID:        fmt.Sprintf("sollicitation-%d-%s@%s", so.ID, c.String(), host),
			Horodatage: so.CreatedAt, Debut: debut, Fin: fin, Titre: d.Titre,
			Description: d.Type.Label() + " — " + d.Etablissement + ". " + d.Description + " " + demandeURL(baseURL, d.ID),
			Lieu:        d.Lieu, Organisateur: orga,
			Participants: []export.Personne{{Nom: so.Nom, Email: so.Email}},
		}})
		if err != nil {
			return nil, err
		}
		out = append(out, mail.CalendarAttachment("invitation-"+c.String()+".ics", export.MethodRequest, b.Bytes()))
	}
	return out, nil
}

func demandeURL(baseURL string, id int64) string {
	return baseURL + "/demandes/" + strconv.FormatInt(id, 10)
}

// ErrVersionPerimee is a change based on a stale read of the request (an
// API client's If-Match): refused, never applied over the newer state.
var ErrVersionPerimee = model.Conflit("la demande a changé depuis votre lecture")

// ErrRefus marks a change the rules refuse (a transition not allowed to the
// actor, a missing reason): the person can correct it, nothing failed.
var ErrRefus = model.Refus("changement refusé")

// refus is a refusal by the rules, with its own message.
func refus(message string) error {
	return &model.Erreur{Genre: model.GenreRefus, Message: message, Err: ErrRefus}
}

// ChangerDistanceDemande changes, after sending, how far the people
// solicited for a request may come from (km 0: its type's default in the
// académie), by its author or the pilote, while people are still searched
// for; the candidates are ranked with it from then on. Journaled.
func ChangerDistanceDemande(ctx context.Context, s *store.Store, a Actor, f store.DemandeFilter, id int64, km int) error {
	if m := model.ErreurDistance(km); m != "" {
		return model.Invalide("distance_max_km", m)
	}
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.LockDemande(ctx, id); err != nil {
			return err
		}
		d, err := tx.GetDemande(ctx, id, f)
		if err != nil {
			return err
		}
		acteur, ok := policy.ActeurDemande(a.P, a.Compte.ID, d)
		if !ok || (acteur != model.ParPilote && acteur != model.ParDemandeur) {
			return refus("seuls l'auteur de la demande et la mission école-entreprise changent sa distance maximale")
		}
		if !d.Etat.Ouverte() && d.Etat != model.DemandeExpiree {
			return refus(fmt.Sprintf("la demande est « %s » : sa distance maximale ne sert plus", strings.ToLower(d.Etat.Label())))
		}
		if km == d.DistanceMaxKm {
			return nil
		}
		if err := tx.SetDistanceMax(ctx, d.ID, km); err != nil {
			return err
		}
		return tx.Audit(ctx, a.entree(store.AuditDemande, "demande", d.ID, d.Academie,
			"distance maximale : "+libelleDistance(d.DistanceMaxKm)+" → "+libelleDistance(km)))
	})
}

func libelleDistance(km int) string {
	if km == 0 {
		return "valeur de l'académie"
	}
	return strconv.Itoa(km) + " km"
}

// ChangerEtatDemande moves a request on the actor's decision: validation,
// cancellation, reopening (with a new deadline), action done.
func ChangerEtatDemande(ctx context.Context, s *store.Store, a Actor, baseURL string, f store.DemandeFilter, id int64, to model.EtatDemande, motif string, echeance time.Time) error {
	return ChangerEtatDemandeVersion(ctx, s, a, baseURL, f, id, 0, to, motif, echeance)
}

// ChangerEtatDemandeVersion is ChangerEtatDemande applied only if the
// request is still at version (0: whatever its version). The version is
// compared inside the write transaction, after the row is locked, so that
// two clients holding the same version cannot both succeed.
func ChangerEtatDemandeVersion(ctx context.Context, s *store.Store, a Actor, baseURL string, f store.DemandeFilter, id int64, version int, to model.EtatDemande, motif string, echeance time.Time) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.LockDemande(ctx, id); err != nil {
			return err
		}
		d, err := tx.GetDemande(ctx, id, f)
		if err != nil {
			return err
		}
		if version != 0 && d.Version != version {
			return ErrVersionPerimee
		}
		acteur, ok := policy.ActeurDemande(a.P, a.Compte.ID, d)
		if !ok || !model.CanTransitionDemande(d.Etat, to, acteur) {
			return refus(fmt.Sprintf("passage de « %s » à « %s » impossible pour vous", d.Etat.Label(), to.Label()))
		}
		if to == model.DemandeAnnulee && strings.TrimSpace(motif) == "" {
			return refus("indiquez pourquoi la demande est annulée : les personnes sollicitées le liront")
		}
		if d.Etat == model.DemandeBrouillon && to == model.DemandeSoumise {
			if errs := d.Errors(today()); len(errs) > 0 {
				return refus("la demande est incomplète : complétez-la avant de l'envoyer")
			}
			return soumettreDemande(ctx, tx, a, baseURL, d)
		}
		if to == model.DemandeRealisee {
			if err := d.ControlerFin(today()); err != nil {
				return refus(err.Error())
			}
		}
		if d.Etat == model.DemandeExpiree && to == model.DemandeEnRecherche {
			if !echeance.After(today()) {
				return refus("pour relancer la recherche, fixez une nouvelle échéance à venir")
			}
			if err := tx.SetEcheance(ctx, d.ID, echeance); err != nil {
				return err
			}
		}
		if err := tx.SetEtatDemande(ctx, d.ID, d.Etat, to, motif); err != nil {
			return err
		}
		detail := d.Etat.Label() + " → " + to.Label()
		if motif != "" {
			detail += " (" + motif + ")"
		}
		if err := tx.Audit(ctx, a.entree(store.AuditDemande, "demande", d.ID, d.Academie, detail)); err != nil {
			return err
		}
		d.Etat = to
		switch to {
		case model.DemandeAnnulee:
			return fermerSollicitations(ctx, tx, baseURL, d, true, "Demande annulée : ", "La demande « "+d.Titre+" » est annulée : "+motif+". Merci de votre disponibilité.")
		case model.DemandePourvue:
			// Filled by hand (people found outside the application): those
			// still solicited are told, and no longer reminded.
			return fermerSollicitations(ctx, tx, baseURL, d, false, "Plus nécessaire : ", plusNecessaire)
		case model.DemandeEnRecherche:
			if acteur == model.ParPilote {
				return notifyDemandeur(ctx, tx, d, baseURL, "Votre demande est en recherche : "+d.Titre,
					[]string{"La mission école-entreprise de l'académie recherche des conseillers pour votre demande."})
			}
		case model.DemandeRealisee:
			return askCompteRendu(ctx, tx, baseURL, d)
		}
		return nil
	})
}

func today() time.Time {
	n := time.Now().In(model.Paris)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// fermerSollicitations ends the solicitations still waiting for an answer
// of a request that no longer needs them (filled, by the last acceptance or
// by hand; cancelled; expired) — and the accepted ones too when the action
// will not take place — and tells each person concerned, once: a closed
// solicitation is neither reminded nor closed again. sujet and message are
// the mail's.
func fermerSollicitations(ctx context.Context, tx *store.Store, baseURL string, d model.Demande, acceptees bool, sujet, message string) error {
	list, err := tx.ListSollicitations(ctx, d.ID)
	if err != nil {
		return err
	}
	for _, so := range list {
		if so.Etat != model.SollicitationEnvoyee && !(acceptees && so.Etat == model.SollicitationAcceptee) {
			continue
		}
		if err := tx.SetEtatSollicitation(ctx, so.ID, so.Etat, model.SollicitationAnnulee, ""); err != nil {
			return err
		}
		if err := enqueueDemandeMail(ctx, tx, so.Email, avis(model.NotifSollicitation, sujet+d.Titre, "/demandes/"+strconv.FormatInt(d.ID, 10)), mail.DemandeData{Sujet: sujet + d.Titre, Prenom: so.Nom,
			Lignes: []string{message}, URL: demandeURL(baseURL, d.ID), Bouton: "Voir la demande",
			Raison: "Vous recevez ce message parce que vous aviez été sollicité pour cette demande."}); err != nil {
			return err
		}
	}
	return nil
}

// plusNecessaire is what the people still solicited read when a request is
// filled.
const plusNecessaire = "Assez de personnes ont accepté cette demande : votre aide n'est plus nécessaire cette fois. Merci de votre disponibilité."

// askCompteRendu asks the people who took part to record what happened,
// and the requester to confirm and rate it.
func askCompteRendu(ctx context.Context, tx *store.Store, baseURL string, d model.Demande) error {
	list, err := tx.ListSollicitations(ctx, d.ID)
	if err != nil {
		return err
	}
	for _, so := range list {
		if so.Etat != model.SollicitationAcceptee || so.ConseillerID == 0 {
			continue
		}
		if err := enqueueDemandeMail(ctx, tx, so.Email, avis(model.NotifDemande, "Compte rendu attendu : "+d.Titre, "/demandes/"+strconv.FormatInt(d.ID, 10)), mail.DemandeData{Sujet: "Comment s'est passée l'action ? " + d.Titre, Prenom: so.Nom,
			Lignes: []string{"L'action « " + d.Titre + " » a eu lieu (" + quandDemande(d) + ").",
				"Enregistrez en deux minutes ce qui s'est passé : durée, élèves touchés. Cela compte dans votre attestation d'engagement."},
			URL: demandeURL(baseURL, d.ID), Bouton: "Saisir le compte rendu",
			Raison: "Vous recevez ce message parce que vous avez accepté cette demande."}); err != nil {
			return err
		}
	}
	return notifyDemandeur(ctx, tx, d, baseURL, "Votre avis sur l'action : "+d.Titre,
		[]string{"L'action a eu lieu. Confirmez-la et donnez votre avis (de 1 à 5) : il aide l'académie à mieux répondre aux établissements."})
}

// Choix is a candidate chosen to be solicited, with the ranking's reasons
// kept for the record.
type Choix struct {
	Conseiller, Professionnel int64 // one of them
	Score                     float64
	Raisons                   string
}

// ErrPlafond is returned when a CEE reached their monthly cap.
var ErrPlafond = model.Refus("plafond mensuel de sollicitations atteint")

// Solliciter asks the chosen candidates to answer a request still being
// searched: one solicitation each, an e-mail with a link to accept and one
// to decline (single use, expiring with the solicitation). A CEE at their
// monthly cap is skipped unless widen; already solicited candidates are
// skipped. It returns how many were solicited.
func Solliciter(ctx context.Context, s *store.Store, a Actor, baseURL string, f store.DemandeFilter, demandeID int64, choix []Choix, widen bool) (int, []string, error) {
	var n int
	var skipped []string
	err := s.InTx(ctx, func(tx *store.Store) error {
		d, err := tx.GetDemande(ctx, demandeID, f)
		if err != nil {
			return err
		}
		acteur, ok := policy.ActeurDemande(a.P, a.Compte.ID, d)
		p, err := tx.GetParametres(ctx, d.Academie)
		if err != nil {
			return err
		}
		if !ok || (acteur != model.ParPilote && !(acteur == model.ParDemandeur && p.DemandeurSollicite)) {
			return model.Refus("seule la mission école-entreprise de l'académie sollicite les conseillers")
		}
		if d.Etat != model.DemandeEnRecherche {
			return model.Conflit(fmt.Sprintf("la demande est « %s » : on ne sollicite que pour une demande en recherche", d.Etat.Label()))
		}
		already, err := tx.ListSollicitations(ctx, d.ID)
		if err != nil {
			return err
		}
		month := time.Date(time.Now().Year(), time.Now().Month(), 1, 0, 0, 0, 0, time.UTC)
		for _, c := range choix {
			if solicited(already, c) {
				continue
			}
			so := model.Sollicitation{DemandeID: d.ID, ConseillerID: c.Conseiller, ProfessionnelID: c.Professionnel, Score: c.Score,
				Raisons: c.Raisons, ExpireLe: time.Now().AddDate(0, 0, p.DelaiReponseJours)}
			var prenom, email, pourquoi string
			if c.Conseiller != 0 {
				cee, err := tx.GetConseillerInScope(ctx, c.Conseiller, model.Scope{Academie: d.Academie})
				if err != nil {
					return err
				}
				if cap := cee.Dispo.MaxParMois; cap > 0 && !widen {
					k, err := tx.CountSollicitations(ctx, cee.ID, "", month)
					if err != nil {
						return err
					}
					if k >= cap {
						skipped = append(skipped, cee.NomComplet()+" (plafond de "+strconv.Itoa(cap)+" par mois atteint)")
						continue
					}
				}
				prenom, email = cee.Prenom, cee.Email
			} else {
				pro, err := tx.GetProfessionnel(ctx, c.Professionnel)
				if err != nil || pro.Academie != d.Academie || !pro.Contactable() {
					skipped = append(skipped, "un professionnel sans accord valable")
					continue
				}
				if cap := PlafondProfessionnel(pro, p); cap > 0 && !widen {
					k, err := tx.CountSollicitationsProfessionnel(ctx, pro.ID, month)
					if err != nil {
						return err
					}
					if k >= cap {
						skipped = append(skipped, pro.Prenom+" "+pro.Nom+" (plafond de "+strconv.Itoa(cap)+" par mois atteint)")
						continue
					}
				}
				prenom, email = pro.Prenom, pro.Email
			}
			pourquoi = c.Raisons
			if so.ID, err = tx.CreateSollicitation(ctx, so); err != nil {
				return err
			}
			if err := mailSollicitation(ctx, tx, baseURL, d, so, prenom, email, pourquoi, "", false); err != nil {
				return err
			}
			n++
		}
		if n > 0 {
			return tx.Audit(ctx, a.entree(store.AuditSollicitation, "demande", d.ID, d.Academie, fmt.Sprintf("%d personne(s) sollicitée(s)", n)))
		}
		return nil
	})
	return n, skipped, err
}

func solicited(list []model.Sollicitation, c Choix) bool {
	for _, so := range list {
		if (c.Conseiller != 0 && so.ConseillerID == c.Conseiller) || (c.Professionnel != 0 && so.ProfessionnelID == c.Professionnel) {
			return true
		}
	}
	return false
}

// reponseLien is what a solicitation's link says: which solicitation, and
// whether it accepts or declines (one link, one purpose).
type reponseLien struct {
	Sollicitation int64
	Accepter      bool
}

// mailSollicitation creates the two single-use links and mails them.
func mailSollicitation(ctx context.Context, tx *store.Store, baseURL string, d model.Demande, so model.Sollicitation, prenom, email, pourquoi, transmisPar string, relance bool) error {
	urls := map[bool]string{}
	for _, accept := range []bool{true, false} {
		tok, hash, err := auth.NewToken()
		if err != nil {
			return err
		}
		payload, _ := json.Marshal(reponseLien{Sollicitation: so.ID, Accepter: accept})
		if err := tx.CreateJeton(ctx, store.Jeton{Hash: hash, Kind: store.JetonReponse, Payload: payload, ExpiresAt: so.ExpireLe}); err != nil {
			return err
		}
		urls[accept] = baseURL + "/reponse/" + tok
	}
	public := strings.Join(d.Niveaux, ", ")
	if d.Eleves > 0 {
		public = strings.TrimPrefix(public+", "+strconv.Itoa(d.Eleves)+" élèves", ", ")
	}
	return envoyerCourriel(ctx, tx, courriel{modele: "sollicitation", to: email, priorite: store.PriorityInteractive,
		notif: avis(model.NotifSollicitation, "Vous êtes sollicité pour « "+d.Titre+" »", "/demandes/"+strconv.FormatInt(d.ID, 10)), data: mail.SollicitationData{Prenom: prenom, Academie: DeAcademie(d.Academie),
			TransmisPar: transmisPar, Titre: d.Titre, Type: d.Type.Label(), Etablissement: d.Etablissement, Quand: quandDemande(d), Lieu: d.Lieu,
			Public: public, Description: d.Description, Pourquoi: pourquoi, URLAccepter: urls[true], URLDecliner: urls[false],
			ExpireLe: so.ExpireLe, Relance: relance}})
}

// mailAcceptation tells the candidate that their acceptance is recorded,
// with the request's contact, and the requester who is coming.
func mailAcceptation(ctx context.Context, tx *store.Store, baseURL string, d model.Demande, so model.Sollicitation) error {
	contact := strings.TrimSpace(strings.Join([]string{d.ContactNom, d.ContactEmail, d.ContactTelephone}, " "))
	ics, err := invitations(baseURL, d, so)
	if err != nil {
		return err
	}
	if err := enqueueDemandeMail(ctx, tx, so.Email, avis(model.NotifSollicitation, "Votre participation à « "+d.Titre+" » est enregistrée", "/demandes/"+strconv.FormatInt(d.ID, 10)), mail.DemandeData{Sujet: "Merci : vous participez à « " + d.Titre + " »", Prenom: so.Nom,
		Lignes: []string{"Votre participation est enregistrée : " + quandDemande(d) + ".", "Contact de l'établissement : " + contact + ".",
			"L'invitation jointe ajoute ce rendez-vous à votre agenda."},
		URL: demandeURL(baseURL, d.ID), Bouton: "Voir la demande",
		Raison: "Vous recevez ce message parce que vous avez accepté cette sollicitation."}, ics...); err != nil {
		return err
	}
	return notifyDemandeur(ctx, tx, d, baseURL, so.Nom+" participera à « "+d.Titre+" »",
		[]string{so.Nom + " (" + so.Email + ") a accepté votre demande pour " + quandDemande(d) + ".",
			"L'invitation jointe ajoute ce rendez-vous à votre agenda."}, ics...)
}

func academiesAvecPilotes(ctx context.Context, s *store.Store) []string {
	var out []string
	for _, a := range refdata.Academies() {
		if list, err := pilotesOf(ctx, s, a.Code); err == nil && len(list) > 0 {
			out = append(out, a.Code)
		}
	}
	return out
}

// mailHost is the host of the service's address, without scheme or port:
// the domain of calendar ids and of the no-reply address.
func mailHost(baseURL string) string {
	host := strings.TrimPrefix(strings.TrimPrefix(baseURL, "https://"), "http://")
	host, _, _ = strings.Cut(host, "/")
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return host
}

// FiltreDemandes is what p may see of requests: the académie for a pilote,
// the school for its staff, the requests a CEE was solicited for, and for
// anyone else the requests they wrote. The web and the API both read
// through it.
func FiltreDemandes(p model.Principal) store.DemandeFilter {
	f := store.DemandeFilter{CompteID: p.CompteID}
	if policy.DemandesDuPerimetre(p) {
		f.Scope = policy.ScopeOf(p)
	} else {
		f.AuteurSeul = true
		if c, ok := policy.CampusDe(p); ok {
			f.Anime, f.AnimeAcademie = c, p.H.Academie
		}
	}
	return f
}

// SaisieDemande is a request as typed in the form or sent to the API, its
// formats already read (numbers, dates), its references not yet checked.
type SaisieDemande struct {
	ID                                         int64
	Type                                       model.TypeDemande
	Titre, Description, Lieu                   string
	ContactNom, ContactEmail, ContactTelephone string
	Academie                                   string // chosen by an account without académie (an admin)
	UAI, Commune                               string // where: a school, or else a commune (codes or labels)
	Niveaux, NAF, Familles                     []string
	Metiers                                    []string // ROME codes or labels, or métiers in words
	Specialites                                []string // diploma codes, labels or exact titles
	Eleves, Personnes                          int
	Places                                     int // internship places, for a kind that counts them
	Creneaux                                   []model.Creneau
	DatesAuChoix                               bool // the creneaux are alternatives
	Debut, Fin                                 *time.Time
	DistanceMaxKm                              int   // 0: the default of the type
	CampusID                                   int64 // the unit it is for; 0: none (a partner's is always their unit)
}

// CommuneSaisie reads an optional commune typed or chosen by a person
// (« Toulouse (31) », « toulouse », 31555); the zero Commune when empty, and
// a French message saying what to do when unknown or ambiguous.
func CommuneSaisie(saisie string) (refdata.Commune, string) {
	code, msg := LireReference(refdata.ReferentielCommunes(), saisie)
	if code == "" {
		return refdata.Commune{}, msg
	}
	cm, _ := refdata.CommuneByCode(code)
	return cm, ""
}

// LireDemande checks the references of a typed request written by p
// (account compteID) and returns it; errs receives a French message per
// field in error (the form's field names). A school's staff always write
// for their school.
func LireDemande(ctx context.Context, s *store.Store, p model.Principal, compteID int64, in SaisieDemande, errs map[string]string) model.Demande {
	d := model.Demande{ID: in.ID, AuteurID: compteID, Type: in.Type, Titre: in.Titre, Description: in.Description,
		Lieu: in.Lieu, ContactNom: in.ContactNom, ContactTelephone: in.ContactTelephone, Academie: p.H.Academie,
		Eleves: in.Eleves, Personnes: in.Personnes, Creneaux: in.Creneaux, Debut: in.Debut, Fin: in.Fin,
		DatesAuChoix: in.DatesAuChoix, DistanceMaxKm: in.DistanceMaxKm}
	if in.Type.AvecPlaces() {
		d.Places = in.Places // other kinds count people only
	}
	if p.H.Academie == "" {
		d.Academie = in.Academie
		if _, ok := refdata.AcademieByCode(d.Academie); !ok {
			errs["academie"] = "Choisissez une académie."
		}
	}
	if e := in.ContactEmail; e != "" {
		var err error
		if d.ContactEmail, err = model.NormalizeEmail(e); err != nil {
			errs["contact_email"] = "Adresse électronique invalide : format attendu nom@domaine.fr."
		}
	}
	if m := model.ErreurNiveaux(in.Niveaux); m != "" {
		errs["niveaux"] = m
	} else {
		d.Niveaux = in.Niveaux
	}
	var msg string
	if d.NAF, msg = LireReferences(refdata.ReferentielSecteurs(), in.NAF...); msg != "" {
		errs["naf"] = msg
	}
	for _, code := range in.Familles {
		if _, ok := refdata.FamilleMetiersByCode(code); !ok {
			errs["familles"] = "Famille de métiers « " + code + " » inconnue."
			continue
		}
		d.Familles = append(d.Familles, code)
	}
	if d.Metiers, msg = LireMetiers(strings.Join(in.Metiers, ";")); msg != "" {
		errs["metiers"] = msg
	}
	if d.Specialites, msg = LireSpecialites(in.Specialites...); msg != "" {
		errs["specialites"] = msg
	}
	// Where: the school's, or the one given.
	uai := in.UAI
	if e, ok := policy.EtablissementDe(p); ok {
		uai = e // a school's staff write for their school
	}
	if uai != "" {
		e, msg := EtablissementSaisi(ctx, s, d.Academie, uai)
		switch {
		case msg != "":
			errs["uai"] = msg
		case d.Academie != "" && e.Academie != d.Academie:
			errs["uai"] = "Cet établissement n'est pas de votre académie."
		default:
			d.UAI, d.CodeCommune, d.Departement, d.Academie = e.UAI, e.CodeCommune, e.Departement, e.Academie
			if d.Lieu == "" {
				d.Lieu = e.Nom + ", " + e.NomCommune
			}
		}
	} else if in.Commune != "" {
		cm, msg := CommuneSaisie(in.Commune)
		if msg != "" {
			errs["commune"] = msg
		} else {
			d.CodeCommune, d.Departement = cm.CodeINSEE, cm.Departement
		}
	} else {
		errs["uai"] = "Indiquez l'établissement (UAI) ou la commune où a lieu l'action."
	}
	// The unit: one of the académie the school is a member of; a unit's
	// animator writes for their unit, for one of its schools.
	campus, champ := in.CampusID, "campus"
	if c, ok := policy.CampusDe(p); ok {
		campus, champ = c, "uai"
	}
	if campus != 0 && errs["uai"] == "" && errs["academie"] == "" {
		if c, msg := LireUnite(ctx, s, campus, d.Academie, d.UAI, true); msg != "" {
			errs[champ] = msg
		} else {
			d.CampusID, d.Campus = c.ID, c.Nom
		}
	}
	return d
}

// ControlerDemande adds to errs what keeps a request from being saved: a
// draft needs a title and model.Demande.ErrorsBrouillon, a request sent
// everything model.Demande.Errors asks for. The web form and the API both
// call it.
func ControlerDemande(d model.Demande, soumettre bool, errs map[string]string) {
	valide := d.ErrorsBrouillon()
	if soumettre {
		valide = d.Errors(today())
	}
	for k, m := range valide {
		if errs[k] == "" {
			errs[k] = m
		}
	}
	if d.Titre == "" && errs["titre"] == "" {
		errs["titre"] = "Donnez au moins un titre pour enregistrer le brouillon."
	}
}
