// Package workflow holds every write and every audited read: each operation
// runs in one transaction with its journal lines and the jobs (e-mails) it
// causes. The web and API handlers parse, call one of these functions and
// render; the login path (session.go: links, passwords, second factor,
// ProConnect, logout, the session of each request) is here too.
package workflow

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
)

// Actor is who acts, for the journal and the lifecycle's rules.
type Actor struct {
	Compte model.Compte
	P      model.Principal
	IP     string
	API    bool // the actor calls the API with a token: journal lines of reads say so
}

// acteur is the actor's part in the lifecycle (policy.ActeurDesignation).
func (a Actor) acteur() (model.Acteur, bool) { return policy.ActeurDesignation(a.P) }

// Transition moves the current designation of a CEE (visible in the actor's
// scope) to another state: the change, a journal line and an e-mail to the
// CEE, in one transaction.
func Transition(ctx context.Context, s *store.Store, a Actor, baseURL string, conseillerID int64, t model.Transition) (model.Designation, error) {
	role, ok := a.acteur()
	if !ok {
		return model.Designation{}, model.Refus("votre rôle ne permet pas de modifier une désignation")
	}
	t.Actor = role
	if t.To == model.DesignationDesignee {
		// An arrêté: a designation or a renewal, with its mandate.
		return Prononcer(ctx, s, a, baseURL, conseillerID, model.Arrete{Numero: t.NumeroArrete, Date: t.DateArrete, Debut: t.Debut}, t.Derogation)
	}
	var out model.Designation
	err := s.InTx(ctx, func(tx *store.Store) error {
		c, err := tx.GetConseillerInScope(ctx, conseillerID, policy.ScopeOf(a.P))
		if err != nil {
			return err
		}
		d, err := tx.CurrentDesignation(ctx, c.ID)
		if err != nil {
			return err
		}
		rules, err := tx.GetParametres(ctx, c.Academie)
		if err != nil {
			return err
		}
		next, err := d.Apply(t, rules.Mandat)
		if err != nil {
			return err
		}
		if err := tx.UpdateDesignation(ctx, next, d.Etat); err != nil {
			return err
		}
		detail := d.Etat.Label() + " → " + next.Etat.Label()
		if next.MotifFin != "" {
			detail += " (" + next.MotifFin.Label() + ")"
		}
		if err := tx.Audit(ctx, store.Entree{CompteID: a.Compte.ID, Email: a.Compte.Email, Role: string(a.P.H.Role), IP: a.IP,
			Action: store.AuditDesignation, ObjetType: "conseiller", ObjetID: strconv.FormatInt(c.ID, 10), Academie: c.Academie, Detail: detail}); err != nil {
			return err
		}
		out = next
		if next.Etat == model.DesignationDesignee {
			if err := linkAccount(ctx, tx, c); err != nil {
				return err
			}
		}
		return notify(ctx, tx, c, next, baseURL)
	})
	return out, err
}

// linkAccount gives a designated CEE an account with the role
// « conseiller » on their own record, so they can log in by link with the
// address of their profile and complete it.
func linkAccount(ctx context.Context, tx *store.Store, c model.Conseiller) error {
	_, err := tx.GrantRole(ctx, c.Email, c.NomComplet(), model.Habilitation{Role: model.RoleConseiller, Academie: c.Academie, Ref: strconv.FormatInt(c.ID, 10)})
	return err
}

// messages says what each state means for the person, agreed with their
// civility (« Vous êtes désignée conseillère »).
func messages(e model.EtatDesignation, civ string) (sujet, texte string) {
	a := func(m, f string) string { return model.Accorde(civ, m, f) }
	cee := a("conseiller", "conseillère") + " entreprises pour l'École"
	switch e {
	case model.DesignationProposee:
		return "Votre candidature de " + cee, "Votre organisation professionnelle a proposé votre candidature au recteur. Vous serez " + a("informé", "informée") + " de la suite."
	case model.DesignationEnInstruction:
		return "Votre candidature est à l'étude", "La mission école-entreprise de l'académie étudie votre candidature."
	case model.DesignationDesignee:
		return "Vous êtes " + a("désigné", "désignée") + " " + cee, "Le recteur vous a " + a("désigné", "désignée") + " " + cee +
			". Merci de votre engagement au service des élèves. Connectez-vous avec cette adresse (« Recevoir un lien » sur la page de connexion) pour compléter votre fiche : disponibilités, territoire, spécialités d'examen."
	case model.DesignationActive:
		return "Votre mandat commence", "Votre mandat de " + cee + " commence."
	case model.DesignationRenouvellement:
		return "Renouvellement de votre mandat", "Le renouvellement de votre mandat a été proposé au recteur."
	case model.DesignationTerminee:
		return "Fin de votre mandat", "Votre mandat de " + cee + " a pris fin. Merci pour votre engagement."
	case model.DesignationRejetee:
		return "Votre candidature n'a pas été retenue", "Le recteur n'a pas retenu votre candidature. Votre organisation professionnelle peut vous en préciser les raisons."
	case model.DesignationRetiree:
		return "Votre candidature a été retirée", "Votre organisation professionnelle a retiré votre candidature."
	}
	return "", ""
}

// notify tells the candidate of each step, the pilotes of the académie of
// what awaits them (a proposal, a renewal), the inspectors of the
// académie that a candidature awaits their opinion, and the proposing
// organisation's référents of the recteur's decisions.
func notify(ctx context.Context, tx *store.Store, c model.Conseiller, d model.Designation, baseURL string) error {
	if err := notifyCandidate(ctx, tx, c, d, baseURL); err != nil {
		return err
	}
	fiche := baseURL + "/conseillers/" + strconv.FormatInt(c.ID, 10)
	var to []model.Compte
	var sujet, texte, raison string
	switch d.Etat {
	case model.DesignationProposee, model.DesignationRenouvellement:
		pilotes, err := pilotesOf(ctx, tx, c.Academie)
		if err != nil {
			return err
		}
		to, sujet, raison = pilotes, "À instruire : "+c.NomComplet(), raisonPilote
		texte = fmt.Sprintf("%s (%s) : %s. La désignation attend votre instruction.", c.NomComplet(), c.Organisation, strings.ToLower(d.Etat.Label()))
	case model.DesignationEnInstruction:
		// The inspection advises the recteur (D.331-67): the inspectors of
		// the académie — the territory of their role; the application
		// knows no speciality of theirs — are asked for their opinion,
		// here by mail and in « À traiter » (store.FileAAviser).
		insp, _, err := tx.ListComptes(ctx, store.CompteFilter{Scope: model.Scope{Academie: c.Academie}, Role: model.RoleInspecteur, Statut: model.CompteActif, Limit: 200})
		if err != nil {
			return err
		}
		to, sujet = insp, "Avis attendu : candidature de "+c.NomComplet()
		raison = "Vous recevez ce message parce que vous êtes inspecteur ou inspectrice de l'académie : votre avis éclaire la décision du recteur."
		qui := c.NomComplet()
		if c.Organisation != "" {
			qui += " (" + c.Organisation + ")"
		}
		texte = fmt.Sprintf("La candidature de %s, %s par son organisation, est en instruction. Donnez votre avis (favorable, favorable avec réserves ou défavorable) sur sa fiche avant la décision du recteur.",
			qui, model.Accorde(c.Civilite, "proposé", "proposée"))
	case model.DesignationDesignee, model.DesignationRejetee, model.DesignationTerminee:
		if c.OrganisationID == 0 {
			return nil
		}
		refs, _, err := tx.ListComptes(ctx, store.CompteFilter{Scope: model.Scope{Academie: c.Academie}, Role: model.RoleOrganisation,
			Ref: strconv.FormatInt(c.OrganisationID, 10), Statut: model.CompteActif, Limit: 50})
		if err != nil {
			return err
		}
		to, sujet = refs, c.NomComplet()+" : "+strings.ToLower(d.Etat.Label())
		raison = "Vous recevez ce message parce que vous êtes référent de l'organisation qui a proposé ce conseiller."
		texte = fmt.Sprintf("La désignation de %s, %s par votre organisation, est désormais : %s.", c.NomComplet(), model.Accorde(c.Civilite, "proposé", "proposée"), strings.ToLower(d.Etat.Label()))
	}
	return mailComptes(ctx, tx, to, mail.DesignationData{Sujet: sujet, Message: texte, Etat: d.Etat.Label(), URL: fiche, Raison: raison})
}

// mailComptes queues one « designation » e-mail per account, addressed to
// each by name.
func mailComptes(ctx context.Context, tx *store.Store, to []model.Compte, data mail.DesignationData) error {
	for _, p := range to {
		data.Prenom = p.Nom
		if err := envoyerCourriel(ctx, tx, courriel{modele: "designation", to: p.Email, data: data, priorite: store.PriorityInteractive,
			notif: avis(model.NotifDesignation, data.Sujet, cheminDe(data.URL))}); err != nil {
			return err
		}
	}
	return nil
}

const raisonPilote = "Vous recevez ce message parce que vous pilotez le réseau des conseillers entreprises pour l'École de l'académie."

func pilotesOf(ctx context.Context, tx *store.Store, academie string) ([]model.Compte, error) {
	list, _, err := tx.ListComptes(ctx, store.CompteFilter{Scope: model.Scope{Academie: academie}, Role: model.RolePilote, Statut: model.CompteActif, Limit: 50})
	return list, err
}

// notifyCandidate tells the candidate of a step of their designation. The
// link to their record is given to one who can open it (an account with
// the role « conseiller » on this record, opened at designation); a
// candidate without one reads what they can do instead.
func notifyCandidate(ctx context.Context, tx *store.Store, c model.Conseiller, d model.Designation, baseURL string) error {
	sujet, texte := messages(d.Etat, c.Civilite)
	data := mail.DesignationData{Sujet: sujet, Prenom: c.Prenom, Message: texte, Etat: d.Etat.Label(),
		Raison: "Vous recevez ce message parce que vous êtes " + model.Accorde(c.Civilite, "proposé ou désigné conseiller", "proposée ou désignée conseillère") + " entreprises pour l'École."}
	compte, err := tx.GetCompteByEmail(ctx, c.Email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	ref := strconv.FormatInt(c.ID, 10)
	if err == nil && compte.Statut != model.CompteSuspendu && slices.ContainsFunc(compte.Habilitations, func(h model.Habilitation) bool {
		return h.Role == model.RoleConseiller && h.Ref == ref
	}) {
		data.URL = baseURL + "/conseillers/" + ref
	} else if d.Etat == model.DesignationProposee || d.Etat == model.DesignationEnInstruction {
		data.SansCompte = "Vous n'avez pas encore de compte dans l'application : il vous sera ouvert, avec cette adresse, si le recteur vous désigne. " +
			"D'ici là, votre organisation professionnelle et la mission école-entreprise de l'académie répondent à vos questions."
	} else {
		data.SansCompte = "Pour toute question, adressez-vous à votre organisation professionnelle ou à la mission école-entreprise de l'académie."
	}
	if d.Fin != nil && d.Etat != model.DesignationTerminee {
		data.Fin = model.Date(*d.Fin)
	}
	return envoyerCourriel(ctx, tx, courriel{modele: "designation", to: c.Email, data: data, priorite: store.PriorityInteractive,
		notif: avis(model.NotifDesignation, sujet, "/conseillers/"+strconv.FormatInt(c.ID, 10))})
}

// Propose records a candidate proposed by an organisation: the profile (new,
// or the existing one with this e-mail) and a designation in state
// "proposee", with a journal line and the e-mail to the candidate.
func Propose(ctx context.Context, s *store.Store, a Actor, baseURL string, c model.Conseiller, mission string) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *store.Store) (err error) {
		id, err = proposer(ctx, tx, a, baseURL, c, mission)
		return err
	})
	return id, err
}

// proposer is Propose inside tx: one candidate of a form, or one line of a
// spreadsheet (ProposerFichier).
func proposer(ctx context.Context, tx *store.Store, a Actor, baseURL string, c model.Conseiller, mission string) (int64, error) {
	// A former CEE proposed again keeps what they had completed.
	prev, found, err := conseillerByEmail(ctx, tx, c.Email)
	if err != nil {
		return 0, err
	}
	if found {
		// Refused before anything is written: a spreadsheet's refused line
		// leaves the profile as it was while the others are proposed
		// (ProposerFichier).
		if d, err := tx.CurrentDesignation(ctx, prev.ID); err == nil {
			switch d.Etat {
			case model.DesignationTerminee, model.DesignationRejetee, model.DesignationRetiree:
			default:
				return 0, model.Conflit(fmt.Sprintf("%s a déjà une désignation « %s »", c.Email, d.Etat.Label()))
			}
		}
		c = keepProfile(prev, c)
	}
	id, _, err := tx.SaveConseiller(ctx, c)
	if err != nil {
		return 0, err
	}
	d := model.Designation{ConseillerID: id, OrganisationID: c.OrganisationID, Academie: c.Academie, Etat: model.DesignationProposee, Mission: mission}
	if d.ID, err = tx.CreateDesignation(ctx, d); err != nil {
		return 0, err
	}
	if err := tx.Audit(ctx, store.Entree{CompteID: a.Compte.ID, Email: a.Compte.Email, Role: string(a.P.H.Role), IP: a.IP,
		Action: store.AuditDesignation, ObjetType: "conseiller", ObjetID: strconv.FormatInt(id, 10), Academie: c.Academie,
		Detail: "proposition : " + c.NomComplet()}); err != nil {
		return 0, err
	}
	c.ID = id
	return id, notify(ctx, tx, c, d, baseURL)
}

// Echeances is the regular work on deadlines: designations whose start
// date has come become active, mandates past their end without renewal end
// (« fin du mandat »), reminders of mandates and conventions ending soon go
// to the pilotes, expired conventions are marked. It returns how many
// mandates moved.
func Echeances(ctx context.Context, s *store.Store, baseURL string, now time.Time) (started, ended int, err error) {
	ending, err := s.DesignationsEnding(ctx, "", now.AddDate(0, 0, 1))
	if err != nil {
		return 0, 0, err
	}
	for _, d := range ending {
		if d.Fin.After(now) || d.Etat == model.DesignationDesignee {
			continue // a designation that never started is the pilote's to close
		}
		if err := s.InTx(ctx, func(tx *store.Store) error {
			next, err := d.Apply(model.Transition{To: model.DesignationTerminee, Actor: model.ActeurSysteme, Motif: model.FinTerme}, model.DefaultMandat)
			if err != nil {
				return err
			}
			if err := tx.UpdateDesignation(ctx, next, d.Etat); err != nil {
				return err
			}
			return tx.Audit(ctx, store.Entree{Action: store.AuditDesignation, ObjetType: "conseiller", ObjetID: strconv.FormatInt(d.ConseillerID, 10),
				Academie: d.Academie, Detail: "fin du mandat au " + model.Date(*d.Fin)})
		}); err != nil {
			return started, ended, err
		}
		ended++
	}
	if err := Rappels(ctx, s, baseURL, now); err != nil {
		return started, ended, err
	}
	if err := Conventions(ctx, s, baseURL, now); err != nil {
		return started, ended, err
	}
	starting, err := s.DesignationsStarting(ctx, now)
	if err != nil {
		return started, ended, err
	}
	for _, d := range starting {
		next, err := d.Apply(model.Transition{To: model.DesignationActive, Actor: model.ActeurSysteme}, model.DefaultMandat)
		if err != nil {
			return started, ended, err
		}
		if err := s.UpdateDesignation(ctx, next, d.Etat); err != nil {
			return started, ended, err
		}
		started++
	}
	return started, ended, nil
}

// Rappels tells the pilotes of each académie which mandates end within 90
// and within 30 days. The dedup key of the e-mail job names the threshold
// and the mandates listed, so the hourly scheduler sends a reminder again
// only when that list changes.
func Rappels(ctx context.Context, s *store.Store, baseURL string, now time.Time) error {
	for _, jours := range []int{30, 90} {
		ending, err := s.DesignationsEnding(ctx, "", now.AddDate(0, 0, jours))
		if err != nil {
			return err
		}
		byAcademie := map[string][]model.Designation{}
		for _, d := range ending {
			if d.Etat == model.DesignationActive && d.Fin.After(now) {
				byAcademie[d.Academie] = append(byAcademie[d.Academie], d)
			}
		}
		for academie, list := range byAcademie {
			if err := rappel(ctx, s, baseURL, academie, jours, list); err != nil {
				return err
			}
		}
	}
	return nil
}

func rappel(ctx context.Context, s *store.Store, baseURL, academie string, jours int, list []model.Designation) error {
	pilotes, err := pilotesOf(ctx, s, academie)
	if err != nil || len(pilotes) == 0 {
		return err
	}
	data := mail.EcheancesData{Academie: DeAcademie(academie), Jours: jours, URL: baseURL + "/mandats"}
	var keys []string
	for _, d := range list {
		c, err := s.GetConseillerInScope(ctx, d.ConseillerID, model.Scope{National: true})
		if err != nil {
			return err
		}
		data.Lignes = append(data.Lignes, fmt.Sprintf("%s (%s) — fin le %s", c.NomComplet(), c.Organisation, model.Date(*d.Fin)))
		keys = append(keys, strconv.FormatInt(d.ID, 10))
	}
	// One reminder per pilote per set of mandates and threshold.
	dedup := fmt.Sprintf("rappel-mandats-%s-%d-%s", academie, jours, strings.Join(keys, ","))
	if len(dedup) > 200 {
		dedup = fmt.Sprintf("rappel-mandats-%s-%d-%x", academie, jours, sha256.Sum256([]byte(dedup)))
	}
	for _, p := range pilotes {
		if err := envoyerCourriel(ctx, s, courriel{modele: "echeances", to: p.Email, data: data, priorite: store.PriorityNormal,
			dedup: dedup + "-" + strconv.FormatInt(p.ID, 10)}); err != nil {
			return err
		}
	}
	return nil
}

// DonnerAvis records an inspector's opinion on a candidature the pilote is
// instructing, with a journal line and an e-mail to the pilotes.
func DonnerAvis(ctx context.Context, s *store.Store, a Actor, baseURL string, conseillerID int64, avis model.Avis) error {
	switch avis.Sens {
	case model.AvisFavorable, model.AvisReserve, model.AvisDefavorable:
	default:
		return model.Invalide("sens", "choisissez un avis : favorable, favorable avec réserves ou défavorable")
	}
	if avis.Sens != model.AvisFavorable && strings.TrimSpace(avis.Commentaire) == "" {
		return model.Invalide("commentaire", "motivez un avis réservé ou défavorable en quelques mots")
	}
	return s.InTx(ctx, func(tx *store.Store) error {
		c, err := tx.GetConseillerInScope(ctx, conseillerID, policy.ScopeOf(a.P))
		if err != nil {
			return err
		}
		d, err := tx.CurrentDesignation(ctx, c.ID)
		if err != nil {
			return err
		}
		if !d.CanGiveAvis() {
			return model.Conflit("la candidature n'est pas en instruction")
		}
		now := time.Now()
		avis.Auteur, avis.Le = a.Compte.Nom, &now
		if avis.Auteur == "" {
			avis.Auteur = a.Compte.Email
		}
		if err := tx.SetAvis(ctx, d.ID, avis); err != nil {
			return err
		}
		if err := tx.Audit(ctx, store.Entree{CompteID: a.Compte.ID, Email: a.Compte.Email, Role: string(a.P.H.Role), IP: a.IP,
			Action: store.AuditAvis, ObjetType: "conseiller", ObjetID: strconv.FormatInt(c.ID, 10), Academie: c.Academie,
			Detail: avis.Sens.Label()}); err != nil {
			return err
		}
		pilotes, err := pilotesOf(ctx, tx, c.Academie)
		if err != nil {
			return err
		}
		texte := fmt.Sprintf("%s a donné un avis « %s » sur la candidature de %s (%s).", avis.Auteur, strings.ToLower(avis.Sens.Label()), c.NomComplet(), c.Organisation)
		if avis.Commentaire != "" {
			texte += " Commentaire : " + avis.Commentaire
		}
		return mailComptes(ctx, tx, pilotes, mail.DesignationData{Sujet: "Avis de l'inspection : " + c.NomComplet(), Message: texte,
			Etat: d.Etat.Label(), URL: baseURL + "/conseillers/" + strconv.FormatInt(c.ID, 10), Raison: raisonPilote})
	})
}
