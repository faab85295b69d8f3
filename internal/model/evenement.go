package model

import (
	"strings"
	"time"
)

// TypeEvenement is the kind of a network event. The list is a setting in
// spirit: the labels live here, one place to change.
type TypeEvenement string

// Kinds of events.
const (
	EvenementReunion   TypeEvenement = "reunion"
	EvenementFormation TypeEvenement = "formation"
	EvenementWebinaire TypeEvenement = "webinaire"
	EvenementForum     TypeEvenement = "forum"
	EvenementAutre     TypeEvenement = "autre"
)

// TypesEvenement lists the kinds in the order forms show them.
func TypesEvenement() []TypeEvenement {
	return []TypeEvenement{EvenementReunion, EvenementFormation, EvenementWebinaire, EvenementForum, EvenementAutre}
}

// Label is the French name of the kind.
func (t TypeEvenement) Label() string {
	switch t {
	case EvenementReunion:
		return "Réunion de réseau"
	case EvenementFormation:
		return "Formation"
	case EvenementWebinaire:
		return "Webinaire"
	case EvenementForum:
		return "Forum"
	case EvenementAutre:
		return "Autre"
	}
	return ""
}

// EtatEvenement is whether an event still takes place.
type EtatEvenement string

// States of an event.
const (
	EvenementPublie EtatEvenement = "publie"
	EvenementAnnule EtatEvenement = "annule"
)

// Label is the French name of the state.
func (e EtatEvenement) Label() string {
	if e == EvenementAnnule {
		return "Annulé"
	}
	return "Publié"
}

// Evenement is a meeting, training, webinar or forum of the network,
// organised by an académie and/or an organisation.
type Evenement struct {
	ID                int64
	Academie          string // "" for a national event
	OrganisationID    int64  // 0 when the académie organises alone
	Organisation      string
	CampusID          int64  // the unit it is organised for; 0: none
	Campus            string // its name, read with the event
	Type              TypeEvenement
	Titre             string
	Description       string
	Lieu              string
	LienVisio         string
	Debut, Fin        time.Time
	Capacite          int       // 0: no limit
	InscriptionsAvant time.Time // zero: until the start
	Etat              EtatEvenement
	MotifAnnulation   string
	AuteurID          int64
	// Counts read with the event.
	Invites, Inscrits, Attente, Presents int
}

// Complet tells whether a new registration goes to the waiting list.
func (e Evenement) Complet() bool { return e.Capacite > 0 && e.Inscrits >= e.Capacite }

// Ouvert tells whether people may still register at t.
func (e Evenement) Ouvert(t time.Time) bool {
	if e.Etat != EvenementPublie || !t.Before(e.Debut) {
		return false
	}
	return e.InscriptionsAvant.IsZero() || t.Before(e.InscriptionsAvant)
}

// Quand writes the dates in French.
func (e Evenement) Quand() string {
	d, f := e.Debut.In(Paris), e.Fin.In(Paris)
	if d.Year() == f.Year() && d.YearDay() == f.YearDay() {
		return "le " + Date(d) + " de " + d.Format("15h04") + " à " + f.Format("15h04")
	}
	return "du " + DateHeure(d) + " au " + DateHeure(f)
}

// Errors checks an event written in the form; keys are field names.
func (e Evenement) Errors() map[string]string {
	errs := map[string]string{}
	if e.Type.Label() == "" {
		errs["type"] = "Choisissez le type d'événement."
	}
	if t := strings.TrimSpace(e.Titre); t == "" {
		errs["titre"] = "Indiquez le titre de l'événement."
	}
	VerifierLongueurs(errs,
		Longueur{"titre", "Le titre", e.Titre, LongueurLibelle},
		Longueur{"description", "La description", e.Description, LongueurTexte},
		Longueur{"lieu", "Le lieu", e.Lieu, LongueurLibelle},
		Longueur{"lien_visio", "Le lien de visioconférence", e.LienVisio, LongueurAdresse})
	if e.Debut.IsZero() {
		errs["debut"] = "Indiquez le début, au format JJ/MM/AAAA HH:MM."
	}
	if e.Fin.IsZero() {
		errs["fin"] = "Indiquez la fin, au format JJ/MM/AAAA HH:MM."
	} else if !e.Debut.IsZero() && !e.Fin.After(e.Debut) {
		errs["fin"] = "La fin doit suivre le début."
	}
	if e.Capacite < 0 {
		errs["capacite"] = "La capacité est un nombre positif (0 : sans limite)."
	}
	if !e.InscriptionsAvant.IsZero() && !e.Debut.IsZero() && e.InscriptionsAvant.After(e.Debut) {
		errs["inscriptions_avant"] = "La date limite d'inscription doit précéder le début."
	}
	if strings.TrimSpace(e.Lieu) == "" && strings.TrimSpace(e.LienVisio) == "" {
		errs["lieu"] = "Indiquez un lieu ou un lien de visioconférence."
	}
	if v := strings.TrimSpace(e.LienVisio); v != "" && !strings.HasPrefix(v, "https://") {
		errs["lien_visio"] = "Le lien de visioconférence commence par https://."
	}
	return errs
}

// EtatParticipation is where a person stands for an event.
type EtatParticipation string

// States of a participation.
const (
	ParticipationInvite  EtatParticipation = "invite"
	ParticipationInscrit EtatParticipation = "inscrit"
	ParticipationDecline EtatParticipation = "decline"
	ParticipationAttente EtatParticipation = "attente"
	ParticipationAnnule  EtatParticipation = "annule" // registered, then cancelled
)

// Label is the French name of the state.
func (e EtatParticipation) Label() string {
	switch e {
	case ParticipationInvite:
		return "Invité"
	case ParticipationInscrit:
		return "Inscrit"
	case ParticipationDecline:
		return "A décliné"
	case ParticipationAttente:
		return "Liste d'attente"
	case ParticipationAnnule:
		return "Inscription annulée"
	}
	return ""
}

// Participation is one person (a CEE or a professional) invited to an
// event, and what they answered; Present is recorded on the day.
type Participation struct {
	ID              int64
	EvenementID     int64
	ConseillerID    int64
	ProfessionnelID int64
	Nom, Email      string
	Etat            EtatParticipation
	Present         bool
	InscritLe       *time.Time
}
