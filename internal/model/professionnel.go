package model

import (
	"fmt"
	"time"
)

// Professionnel is a person of the wider network a CEE mobilises: a
// speaker, a host of visits or internships, a jury member. Nobody is
// contactable before giving consent, for what they consented to.
type Professionnel struct {
	ID           int64
	Academie     string
	ConseillerID int64 // the CEE who invited them
	Civilite     string
	Nom, Prenom  string
	Email        string
	Telephone    string
	Entreprise   string
	StatutPro    StatutPro // "" when unknown (invited before the status was asked)
	CodeNAF      string
	CodeCommune  string
	NomCommune   string
	Departement  string
	Consent      Consentement
	ConsentLe    *time.Time // nil: invited, not contactable yet
	// Specialites are the exam specialities (CFD codes) they can examine:
	// an exam session's availability campaign reaches them only through
	// one of its juries' (they give them on « Mon accord » or when
	// answering a campaign).
	Specialites []string
}

// Consentement lists what a professional agreed to be contacted for.
type Consentement struct {
	Interventions bool // talks in classes, job-discovery events
	Visites       bool // company visits
	Stages        bool // internship places
	Jurys         bool // exam juries
	// The limits the professional sets with their agreement: at most
	// MaxParMois solicitations a month, at most DistanceMaxKm from home;
	// 0: the académie's default (Parametres.PlafondProfessionnel,
	// Parametres.DistancePersonneKm).
	MaxParMois    int
	DistanceMaxKm int
}

// MaxPlafondMois bounds a monthly cap a person types.
const MaxPlafondMois = 30

// ErreursLimites are the French messages for limits out of range, by
// field (plafond, distance_max_km); typed tells which were typed (an
// empty field is the académie's default, a typed 0 is out of range).
func (c Consentement) ErreursLimites(plafondSaisi, distanceSaisie bool) map[string]string {
	errs := map[string]string{}
	if plafondSaisi && (c.MaxParMois < 1 || c.MaxParMois > MaxPlafondMois) {
		errs["plafond"] = fmt.Sprintf("Sollicitations par mois : de 1 à %d (laissez vide pour la valeur de l'académie).", MaxPlafondMois)
	}
	if distanceSaisie {
		if m := ErreurDistanceSaisie(c.DistanceMaxKm); m != "" {
			errs["distance_max_km"] = m
		}
	}
	return errs
}

// Any tells whether they agreed to anything.
func (c Consentement) Any() bool { return c.Interventions || c.Visites || c.Stages || c.Jurys }

// Labels lists what was agreed, in French.
func (c Consentement) Labels() []string {
	var out []string
	if c.Interventions {
		out = append(out, "interventions en classe")
	}
	if c.Visites {
		out = append(out, "visites d'entreprise")
	}
	if c.Stages {
		out = append(out, "accueil de stagiaires")
	}
	if c.Jurys {
		out = append(out, "jurys d'examen")
	}
	return out
}

// Contactable tells whether the professional may be contacted at all.
func (p Professionnel) Contactable() bool { return p.ConsentLe != nil && p.Consent.Any() }
