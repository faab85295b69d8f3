package model

import (
	"fmt"
	"time"
)

// EtatDesignation is the state of a CEE's designation (Code de l'éducation
// D.331-67 : désignation par le recteur sur proposition des organisations).
type EtatDesignation string

// The states of the lifecycle.
const (
	DesignationProposee       EtatDesignation = "proposee"               // proposed by an organisation référent
	DesignationEnInstruction  EtatDesignation = "en_instruction"         // examined by the pilote
	DesignationDesignee       EtatDesignation = "designee"               // arrêté signed, mandate not started
	DesignationActive         EtatDesignation = "active"                 // mandate running
	DesignationRenouvellement EtatDesignation = "renouvellement_propose" // renewal proposed before the end
	DesignationTerminee       EtatDesignation = "terminee"               // mandate ended
	DesignationRejetee        EtatDesignation = "rejetee"                // proposal refused
	DesignationRetiree        EtatDesignation = "retiree"                // proposal withdrawn by the organisation
)

// EtatsDesignation lists the states in lifecycle order.
func EtatsDesignation() []EtatDesignation {
	return []EtatDesignation{DesignationProposee, DesignationEnInstruction, DesignationDesignee, DesignationActive,
		DesignationRenouvellement, DesignationTerminee, DesignationRejetee, DesignationRetiree}
}

// Label is the French name of the state.
func (e EtatDesignation) Label() string {
	switch e {
	case DesignationProposee:
		return "Proposée"
	case DesignationEnInstruction:
		return "En instruction"
	case DesignationDesignee:
		return "Désignée"
	case DesignationActive:
		return "En cours"
	case DesignationRenouvellement:
		return "Renouvellement proposé"
	case DesignationTerminee:
		return "Terminée"
	case DesignationRejetee:
		return "Rejetée"
	case DesignationRetiree:
		return "Retirée"
	}
	return string(e)
}

// MotifFin is why a mandate ended.
type MotifFin string

// Reasons for the end of a mandate.
const (
	FinTerme       MotifFin = "fin_de_mandat"
	FinDemission   MotifFin = "demission"
	FinRetrait     MotifFin = "retrait_organisation"
	FinRecteur     MotifFin = "decision_recteur"
	FinPerteStatut MotifFin = "perte_statut"
	FinDeces       MotifFin = "deces"
)

// MotifsFin lists the reasons, for forms.
func MotifsFin() []MotifFin {
	return []MotifFin{FinTerme, FinDemission, FinRetrait, FinRecteur, FinPerteStatut, FinDeces}
}

// Label is the French name of the reason.
func (m MotifFin) Label() string {
	switch m {
	case FinTerme:
		return "Fin du mandat"
	case FinDemission:
		return "Démission"
	case FinRetrait:
		return "Retrait par l'organisation"
	case FinRecteur:
		return "Décision du recteur"
	case FinPerteStatut:
		return "Perte de la qualité professionnelle"
	case FinDeces:
		return "Décès"
	}
	return string(m)
}

// Acteur is who may ask for a transition.
type Acteur string

// The actors of the lifecycle.
const (
	ActeurOrganisation Acteur = "organisation" // référent of the proposing organisation
	ActeurPilote       Acteur = "pilote"       // the recteur's team (or an admin)
	ActeurSysteme      Acteur = "systeme"      // the scheduler: start and end dates
)

// transitions lists every allowed move and who may make it; anything else
// is forbidden.
var transitions = map[EtatDesignation]map[EtatDesignation][]Acteur{
	DesignationProposee: {
		DesignationEnInstruction: {ActeurPilote},
		DesignationRejetee:       {ActeurPilote},
		DesignationRetiree:       {ActeurOrganisation},
	},
	DesignationEnInstruction: {
		DesignationDesignee: {ActeurPilote},
		DesignationRejetee:  {ActeurPilote},
		DesignationRetiree:  {ActeurOrganisation},
	},
	DesignationDesignee: {
		DesignationActive:   {ActeurPilote, ActeurSysteme},
		DesignationTerminee: {ActeurPilote},
	},
	DesignationActive: {
		DesignationRenouvellement: {ActeurOrganisation, ActeurPilote},
		DesignationTerminee:       {ActeurPilote, ActeurOrganisation, ActeurSysteme},
	},
	DesignationRenouvellement: {
		DesignationDesignee: {ActeurPilote},
		DesignationTerminee: {ActeurPilote, ActeurSysteme},
	},
}

// CanTransition tells whether actor may move a designation from one state to
// another.
func CanTransition(from, to EtatDesignation, actor Acteur) bool {
	for _, a := range transitions[from][to] {
		if a == actor {
			return true
		}
	}
	return false
}

// NextStates lists the states actor may move a designation to.
func NextStates(from EtatDesignation, actor Acteur) []EtatDesignation {
	var out []EtatDesignation
	for _, to := range EtatsDesignation() {
		if CanTransition(from, to, actor) {
			out = append(out, to)
		}
	}
	return out
}

// Designation is one mandate of a CEE, from the proposal to its end.
type Designation struct {
	ID             int64
	ConseillerID   int64
	OrganisationID int64
	Academie       string
	Etat           EtatDesignation
	Mission        string
	NumeroArrete   string
	DateArrete     *time.Time
	Debut, Fin     *time.Time
	MotifFin       MotifFin
	Avis           Avis
	UpdatedAt      time.Time
}

// SensAvis is what an inspector thinks of a candidature.
type SensAvis string

// Opinions an inspector may give during instruction.
const (
	AvisFavorable   SensAvis = "favorable"
	AvisReserve     SensAvis = "reserve"
	AvisDefavorable SensAvis = "defavorable"
)

// Label is the French name of the opinion.
func (a SensAvis) Label() string {
	switch a {
	case AvisFavorable:
		return "Favorable"
	case AvisReserve:
		return "Favorable avec réserves"
	case AvisDefavorable:
		return "Défavorable"
	}
	return ""
}

// Avis is the optional opinion of an inspector on a candidature being
// instructed (D.331-67: the recteur designates; the inspection advises).
type Avis struct {
	Sens        SensAvis
	Commentaire string
	Auteur      string // name of the inspector, kept if their account goes
	Le          *time.Time
}

// CanGiveAvis tells whether an opinion may be given in this state: only
// while the pilote instructs.
func (d Designation) CanGiveAvis() bool { return d.Etat == DesignationEnInstruction }

// Transition is a requested change of state with what it needs.
type Transition struct {
	To           EtatDesignation
	Actor        Acteur
	NumeroArrete string    // to designee
	DateArrete   time.Time // to designee
	Debut        time.Time // to designee
	Motif        MotifFin  // to terminee
	// Derogation is the pilote's reason to designate although the
	// organisation has no convention in force (to designee).
	Derogation string
}

// MandatSettings are the académie's rules for mandates ([U] in the domain
// brief: never hard-coded).
type MandatSettings struct {
	DureeMois int // mandate length, 36 by default
	// RenouvellementCollectif, when set, ends every mandate at this date
	// (collective renewal) if it comes before the normal end.
	RenouvellementCollectif *time.Time
}

// DefaultMandat is used until an académie sets its own rules.
var DefaultMandat = MandatSettings{DureeMois: 36}

// Apply checks a transition and returns the designation after it. The
// caller writes it, with the journal line and the e-mails, in one
// transaction.
func (d Designation) Apply(t Transition, rules MandatSettings) (Designation, error) {
	if !CanTransition(d.Etat, t.To, t.Actor) {
		return d, Refus(fmt.Sprintf("passage de « %s » à « %s » impossible pour ce rôle", d.Etat.Label(), t.To.Label()))
	}
	switch t.To {
	case DesignationDesignee:
		if t.NumeroArrete == "" || t.DateArrete.IsZero() || t.Debut.IsZero() {
			return d, Invalide("", "pour désigner, indiquez le numéro et la date de l'arrêté et le début du mandat")
		}
		if rules.DureeMois <= 0 {
			rules.DureeMois = DefaultMandat.DureeMois
		}
		fin := t.Debut.AddDate(0, rules.DureeMois, -1)
		if c := rules.RenouvellementCollectif; c != nil && c.After(t.Debut) && c.Before(fin) {
			fin = *c
		}
		da, debut := t.DateArrete, t.Debut
		d.NumeroArrete, d.DateArrete, d.Debut, d.Fin = t.NumeroArrete, &da, &debut, &fin
	case DesignationTerminee:
		if t.Motif == "" {
			return d, Invalide("", "indiquez le motif de la fin du mandat")
		}
		d.MotifFin = t.Motif
	}
	d.Etat = t.To
	return d, nil
}
