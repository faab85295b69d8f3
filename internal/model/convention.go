package model

import "time"

// EtatConvention is the state of a convention between the recteur and an
// organisation (Code de l'éducation D.331-66).
type EtatConvention string

// States of a convention.
const (
	ConventionBrouillon EtatConvention = "brouillon"
	ConventionSignee    EtatConvention = "signee"
	ConventionExpiree   EtatConvention = "expiree"
)

// Label is the French name of the state.
func (e EtatConvention) Label() string {
	switch e {
	case ConventionBrouillon:
		return "Brouillon"
	case ConventionSignee:
		return "Signée"
	case ConventionExpiree:
		return "Expirée"
	}
	return string(e)
}

// DureeConventionMois is the default length: D.331-66 : « conclue pour
// une durée de trois ans ».
const DureeConventionMois = 36

// Convention sets the objectives and working conditions of an
// organisation's CEE in an académie.
type Convention struct {
	ID             int64
	Academie       string
	OrganisationID int64
	Organisation   string
	Debut          time.Time
	DureeMois      int
	Objectifs      string
	Etat           EtatConvention
	FichierNom     string // the signed PDF, once uploaded
}

// Fin is the last day of the convention.
func (c Convention) Fin() time.Time {
	d := c.DureeMois
	if d <= 0 {
		d = DureeConventionMois
	}
	return c.Debut.AddDate(0, d, -1)
}
