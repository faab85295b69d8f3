package model

import (
	"testing"
	"time"
)

// Every (from, to, actor) triple: the allowed ones are exactly these.
func TestDesignationTransitions(t *testing.T) {
	allowed := map[string]bool{
		"proposee>en_instruction/pilote":             true,
		"proposee>rejetee/pilote":                    true,
		"proposee>retiree/organisation":              true,
		"en_instruction>designee/pilote":             true,
		"en_instruction>rejetee/pilote":              true,
		"en_instruction>retiree/organisation":        true,
		"designee>active/pilote":                     true,
		"designee>active/systeme":                    true,
		"designee>terminee/pilote":                   true,
		"active>renouvellement_propose/organisation": true,
		"active>renouvellement_propose/pilote":       true,
		"active>terminee/pilote":                     true,
		"active>terminee/organisation":               true,
		"active>terminee/systeme":                    true,
		"renouvellement_propose>designee/pilote":     true,
		"renouvellement_propose>terminee/pilote":     true,
		"renouvellement_propose>terminee/systeme":    true,
	}
	n := 0
	for _, from := range EtatsDesignation() {
		for _, to := range EtatsDesignation() {
			for _, a := range []Acteur{ActeurOrganisation, ActeurPilote, ActeurSysteme} {
				key := string(from) + ">" + string(to) + "/" + string(a)
				t.Run(key, func(t *testing.T) {
					if got := CanTransition(from, to, a); got != allowed[key] {
						t.Errorf("CanTransition = %v, want %v", got, allowed[key])
					}
				})
				n++
			}
		}
	}
	if n != 8*8*3 {
		t.Fatalf("walked %d triples", n)
	}
	for _, end := range []EtatDesignation{DesignationTerminee, DesignationRejetee, DesignationRetiree} {
		if len(NextStates(end, ActeurPilote)) != 0 {
			t.Errorf("%s is final but has next states", end)
		}
	}
}

func TestApplyDesignation(t *testing.T) {
	debut := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	d := Designation{Etat: DesignationEnInstruction}
	if _, err := d.Apply(Transition{To: DesignationDesignee, Actor: ActeurPilote}, DefaultMandat); err == nil {
		t.Error("designation without arrêté accepted")
	}
	got, err := d.Apply(Transition{To: DesignationDesignee, Actor: ActeurPilote, NumeroArrete: "2026-042",
		DateArrete: debut.AddDate(0, 0, -10), Debut: debut}, DefaultMandat)
	if err != nil {
		t.Fatal(err)
	}
	if got.Etat != DesignationDesignee || got.Fin.Format("2006-01-02") != "2029-08-31" {
		t.Errorf("3-year mandate from 2026-09-01 ends %v, want 2029-08-31", got.Fin)
	}
	// A mid-term designation ends at the collective renewal date.
	renouv := time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC)
	got, _ = d.Apply(Transition{To: DesignationDesignee, Actor: ActeurPilote, NumeroArrete: "x", DateArrete: debut, Debut: debut},
		MandatSettings{DureeMois: 36, RenouvellementCollectif: &renouv})
	if !got.Fin.Equal(renouv) {
		t.Errorf("with collective renewal, end %v, want %v", got.Fin, renouv)
	}
	if _, err := (Designation{Etat: DesignationActive}).Apply(Transition{To: DesignationTerminee, Actor: ActeurPilote}, DefaultMandat); err == nil {
		t.Error("end without a reason accepted")
	}
	if _, err := (Designation{Etat: DesignationProposee}).Apply(Transition{To: DesignationActive, Actor: ActeurPilote}, DefaultMandat); err == nil {
		t.Error("forbidden transition accepted")
	}
}

func TestDisponible(t *testing.T) {
	d := Disponibilite{Jours: []time.Weekday{time.Monday, time.Wednesday},
		Indisponibilites: []Periode{{Debut: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), Fin: time.Date(2027, 2, 14, 0, 0, 0, 0, time.UTC)}}}
	for day, want := range map[string]bool{
		"2027-01-25": true,  // a Monday
		"2027-01-26": false, // a Tuesday
		"2027-02-01": false, // a Monday, but unavailable
		"2027-02-14": false, // last day of the period (a Sunday anyway)
		"2027-02-15": true,  // the Monday after
	} {
		tm, _ := time.Parse("2006-01-02", day)
		if got := d.Disponible(tm); got != want {
			t.Errorf("Disponible(%s) = %v, want %v", day, got, want)
		}
	}
	if !(Disponibilite{}).Disponible(time.Now()) {
		t.Error("no constraint: always available")
	}
}
