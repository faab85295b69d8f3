package model

import "time"

// EtatSollicitation is where a solicitation of one candidate stands.
type EtatSollicitation string

// States of a solicitation.
const (
	SollicitationEnvoyee  EtatSollicitation = "envoyee"
	SollicitationAcceptee EtatSollicitation = "acceptee"
	SollicitationDeclinee EtatSollicitation = "declinee"
	SollicitationExpiree  EtatSollicitation = "expiree" // no answer in time
	SollicitationAnnulee  EtatSollicitation = "annulee" // no longer needed: enough people, or the request ended
)

// Label is the French name of the state.
func (e EtatSollicitation) Label() string {
	switch e {
	case SollicitationEnvoyee:
		return "En attente de réponse"
	case SollicitationAcceptee:
		return "Acceptée"
	case SollicitationDeclinee:
		return "Déclinée"
	case SollicitationExpiree:
		return "Sans réponse"
	case SollicitationAnnulee:
		return "Plus nécessaire"
	}
	return ""
}

// Sollicitation is one candidate asked to answer a request: a CEE, or a
// professional (solicited by the pilote, or passed on by a CEE).
type Sollicitation struct {
	ID              int64
	DemandeID       int64
	ConseillerID    int64 // one of ConseillerID and ProfessionnelID
	ProfessionnelID int64
	TransmisPar     int64 // the CEE who passed the request on, for a professional
	Nom, Email      string
	Etat            EtatSollicitation
	Score           float64
	Raisons         string // the ranking's reasons when sent, for the record
	Motif           string // why they declined
	Relances        int
	ExpireLe        time.Time
	RepondueLe      *time.Time
	// TransmiseLe: the CEE passed it on to a professional of their network,
	// which is an answer: no more reminders, and it does not lower their
	// response rate.
	TransmiseLe *time.Time
	CreatedAt   time.Time
	// PlacesOffertes: the internship places the person offers when they
	// accept a request that counts places; PlacesConfirmees and
	// ElevesPlaces are recorded by the school or the pilote.
	PlacesOffertes, PlacesConfirmees, ElevesPlaces int
}

// Motifs a candidate may give when declining (and « autre » with text).
var MotifsRefus = []string{"Indisponible à ces dates", "Trop loin", "Hors de mon domaine", "Déjà trop sollicité ce mois-ci", "Autre"}
