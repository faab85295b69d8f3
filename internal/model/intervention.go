package model

import "time"

// Intervention is an action a CEE carried out: from a school's request, or
// started themselves. Actions feed the attestation d'engagement and the
// reports.
type Intervention struct {
	ID             int64
	ConseillerID   int64
	DemandeID      int64  // the request it answered; 0 when the CEE started it
	CampusID       int64  // the unit it was done for; 0: none
	Campus         string // its name, read with the action
	Academie       string
	Type           TypeDemande
	Date           time.Time
	DureeMinutes   int
	UAI            string   // the school, when there is one
	Etablissement  string   // its name, read with the action
	Eleves         int      // pupils reached
	Niveaux        []string // among Niveaux: the parcours Avenir is counted by level
	Professionnels int      // professionals of the network involved besides the CEE
	Description    string
}

// Heures is the duration in hours, for the attestation.
func (i Intervention) Heures() float64 { return float64(i.DureeMinutes) / 60 }

// Errors checks an action before it is recorded, field by field (the
// form's field names); the messages say what to fix. Empty when valid.
func (i Intervention) Errors(now time.Time) map[string]string {
	errs := map[string]string{}
	if i.Type.Label() == "" {
		errs["type"] = "Choisissez le type d'action."
	}
	if i.Date.IsZero() {
		errs["date"] = "Indiquez la date de l'action."
	} else if i.Date.After(now) {
		errs["date"] = "L'action est à venir : enregistrez-la une fois réalisée."
	}
	if i.DureeMinutes <= 0 || i.DureeMinutes > 24*60 {
		errs["duree"] = "Durée en heures, de 0,25 à 24 : par exemple 2 ou 1,5 ou 1h30."
	}
	if i.Eleves < 0 || i.Eleves > 5000 {
		errs["eleves"] = "Un nombre entier de 0 à 5000."
	}
	if i.Professionnels < 0 || i.Professionnels > 500 {
		errs["professionnels"] = "Un nombre entier de 0 à 500."
	}
	if m := ErreurNiveaux(i.Niveaux); m != "" {
		errs["niveaux"] = m
	}
	VerifierLongueurs(errs, Longueur{"description", "La description", i.Description, LongueurTexte})
	return errs
}
