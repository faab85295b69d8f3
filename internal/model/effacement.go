package model

import "time"

// EtatEffacement is the state of an erasure request (RGPD art. 17).
type EtatEffacement string

// States of an erasure request.
const (
	EffacementDemandee  EtatEffacement = "demandee"  // waiting for a pilote
	EffacementEffectuee EtatEffacement = "effectuee" // the person is anonymised
	EffacementRefusee   EtatEffacement = "refusee"   // refused, with a reason the person is told
)

// Label is the French name of the state.
func (e EtatEffacement) Label() string {
	switch e {
	case EffacementDemandee:
		return "à traiter"
	case EffacementEffectuee:
		return "effectuée"
	case EffacementRefusee:
		return "refusée"
	}
	return string(e)
}

// Where an erasure request comes from.
const (
	OrigineCompte       = "compte"       // « Mon compte »
	OrigineLien         = "lien"         // a link confirmed by e-mail, without an account
	OrigineConservation = "conservation" // the retention job, after its warning
)

// DemandeEffacement is a request to erase a person. Once done, its name and
// address are blanked too: only its id, origin, state and dates remain.
type DemandeEffacement struct {
	ID              int64
	CompteID        int64
	ConseillerID    int64
	ProfessionnelID int64
	Academie        string
	Nom             string
	Email           string
	Origine         string
	Etat            EtatEffacement
	MotifRefus      string
	TraitePar       int64
	TraiteLe        *time.Time
	CreatedAt       time.Time
}
