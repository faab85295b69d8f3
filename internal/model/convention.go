package model

import (
	"errors"
	"fmt"
	"time"
)

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
	// Reference is the académie's own number for the convention, cited by
	// the arrêtés (« réf. … »).
	Reference string
	Debut     time.Time
	DureeMois int
	// Objectifs is free text: the working conditions and priorities.
	Objectifs string
	// ObjectifCEE is the number of CEE the organisation undertakes to
	// propose and keep in mandate (0: none set).
	ObjectifCEE int
	// ObjectifSecteurs lists the sectors the organisation covers.
	ObjectifSecteurs string
	// PartEmployeurs is the share of employers (chefs d'entreprise,
	// artisans, indépendants) aimed at among its CEE, in percent; the rest
	// are employees.
	PartEmployeurs int
	Etat           EtatConvention
	SigneeLe       *time.Time // date of signature, set with the signed copy
	FichierNom     string     // the signed PDF, once uploaded
}

// Fin is the last day of the convention.
func (c Convention) Fin() time.Time {
	d := c.DureeMois
	if d <= 0 {
		d = DureeConventionMois
	}
	return c.Debut.AddDate(0, d, -1)
}

// EnVigueur tells whether the convention, signed, covers day: the arrêté of
// a mandate starting that day may cite it. An expired convention was in
// force during its period.
func (c Convention) EnVigueur(day time.Time) bool {
	if c.Etat == ConventionBrouillon || c.SigneeLe == nil {
		return false
	}
	d := JourDe(day)
	return !d.Before(JourDe(c.Debut)) && !d.After(JourDe(c.Fin()))
}

// Chevauche tells whether two conventions cover at least one common day.
func (c Convention) Chevauche(o Convention) bool {
	return !JourDe(c.Debut).After(JourDe(o.Fin())) && !JourDe(o.Debut).After(JourDe(c.Fin()))
}

// Citation is how an arrêté cites the convention: « Vu la convention
// conclue le 12/09/2025 avec la CPME (réf. CEE-2025-04) ».
func (c Convention) Citation() string {
	s := "Vu la convention conclue"
	if c.SigneeLe != nil {
		s += " le " + Date(*c.SigneeLe)
	}
	s += " avec " + c.Organisation
	if c.Reference != "" {
		s += " (réf. " + c.Reference + ")"
	}
	return s
}

// Libelle names the convention in messages and lists.
func (c Convention) Libelle() string {
	s := fmt.Sprintf("convention du %s au %s", Date(c.Debut), Date(c.Fin()))
	if c.Reference != "" {
		s += " (réf. " + c.Reference + ")"
	}
	return s
}

// Errors checks what the pilote typed: lengths and the ranges of the
// objectives. The keys are the form's field names.
func (c Convention) Errors() map[string]string {
	errs := map[string]string{}
	if c.ObjectifCEE < 0 || c.ObjectifCEE > 10000 {
		errs["objectif_cee"] = "Le nombre de CEE visé va de 0 à 10 000."
	}
	if c.PartEmployeurs < 0 || c.PartEmployeurs > 100 {
		errs["part_employeurs"] = "La part d'employeurs est un pourcentage, de 0 à 100."
	}
	if c.DureeMois < 1 || c.DureeMois > 120 {
		errs["duree"] = "Durée en mois, de 1 à 120 (36 par défaut, D.331-66)."
	}
	VerifierLongueurs(errs,
		Longueur{Cle: "reference", Libelle: "La référence", Valeur: c.Reference, Max: LongueurLibelle},
		Longueur{Cle: "objectif_secteurs", Libelle: "Les secteurs visés", Valeur: c.ObjectifSecteurs, Max: LongueurAdresse},
		Longueur{Cle: "objectifs", Libelle: "Les objectifs", Valeur: c.Objectifs, Max: LongueurTexte})
	return errs
}

// ChevauchementConvention is the message for a convention whose period
// meets another one of the same organisation.
func ChevauchementConvention(nouvelle, existante Convention) *Erreur {
	return Conflit(fmt.Sprintf("%s a déjà une %s : la nouvelle convention (du %s au %s) la chevaucherait. "+
		"Faites-la commencer après le %s.", existante.Organisation, existante.Libelle(), Date(nouvelle.Debut), Date(nouvelle.Fin()), Date(existante.Fin())))
}

// SansConvention is what an académie does when a CEE is designated while
// their organisation has no convention in force on the mandate's start.
type SansConvention string

// The two settings.
const (
	// SansConventionBloquer refuses the designation.
	SansConventionBloquer SansConvention = "bloquer"
	// SansConventionAvertir refuses it until the pilote overrides it
	// explicitly, with a reason kept in the journal and on the mandate.
	SansConventionAvertir SansConvention = "avertir"
)

// Label is the French name of the setting.
func (s SansConvention) Label() string {
	switch s {
	case SansConventionBloquer:
		return "Bloquer la désignation"
	case SansConventionAvertir:
		return "Avertir, et désigner seulement sur dérogation motivée"
	}
	return string(s)
}

// Realisation is what an organisation's CEE did in one school year,
// against the objectives of its convention.
type Realisation struct {
	Annee       string // « 2025-2026 »
	CEE         int    // CEE of the organisation in mandate during the year
	Employeurs  int    // of them, employers
	Actions     int    // actions done (comptes rendus)
	Jurys       int    // jury sittings
	Evenements  int    // network events attended
	Secteurs    int    // distinct NAF sections of those CEE
	ObjectifCEE int
}

// PartEmployeurs is the employers' share in percent (0 without CEE).
func (r Realisation) PartEmployeurs() int {
	if r.CEE == 0 {
		return 0
	}
	return r.Employeurs * 100 / r.CEE
}

// ErrSansConvention marks the refusal of a designation without a convention
// in force that the pilote may override (setting « avertir »): the form
// then offers the override.
var ErrSansConvention = errors.New("sans convention en vigueur")
