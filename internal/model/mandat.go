package model

import (
	"fmt"
	"time"
)

// Mandat is one mandate of a CEE: what one arrêté pronounced (D.331-67).
// The designation carries the lifecycle; each arrêté, first designation or
// renewal, adds a Mandat and never rewrites an earlier one, so that past
// arrêtés stay exact and downloadable.
type Mandat struct {
	ID             int64
	ConseillerID   int64
	DesignationID  int64
	Academie       string
	OrganisationID int64
	Organisation   string // the proposing organisation's name on the arrêté's day
	Mission        string
	Territoire     []string // départements, as on the arrêté's day
	NumeroArrete   string
	DateArrete     time.Time
	Debut, Fin     time.Time
	Renouvellement bool // follows an earlier mandate without a gap
	Collectif      bool // pronounced by a collective arrêté
	// Convention is the convention in force on Debut that the arrêté
	// cites; nil when there was none.
	Convention *Convention
	// Derogation is the pilote's reason for designating without a
	// convention in force ("" when one was).
	Derogation string
}

// EtatMandat says where a mandate stands on a day.
func (m Mandat) EtatMandat(day time.Time) string {
	d := JourDe(day)
	switch {
	case d.Before(JourDe(m.Debut)):
		return "À venir"
	case d.After(JourDe(m.Fin)):
		return "Terminé"
	}
	return "En cours"
}

// FinMandat is the last day of a mandate of dureeMois months starting on
// debut, shortened to the académie's collective renewal date if one falls
// inside.
func FinMandat(debut time.Time, rules MandatSettings) time.Time {
	if rules.DureeMois <= 0 {
		rules.DureeMois = DefaultMandat.DureeMois
	}
	fin := debut.AddDate(0, rules.DureeMois, -1)
	if c := rules.RenouvellementCollectif; c != nil && c.After(debut) && c.Before(fin) {
		fin = *c
	}
	return fin
}

// Arrete is the common part of a designation or renewal pronounced by the
// pilote: the arrêté's number and date and the mandate's first day.
type Arrete struct {
	Numero string
	Date   time.Time
	Debut  time.Time
}

// Errors checks an arrêté as typed in a form; keys are the field names.
func (a Arrete) Errors() map[string]string {
	errs := map[string]string{}
	if a.Numero == "" {
		errs["numero"] = "Indiquez le numéro de l'arrêté."
	}
	if a.Date.IsZero() {
		errs["date_arrete"] = "Indiquez la date de l'arrêté (JJ/MM/AAAA)."
	}
	if a.Debut.IsZero() {
		errs["debut"] = "Indiquez le premier jour du mandat (JJ/MM/AAAA)."
	}
	VerifierLongueurs(errs, Longueur{Cle: "numero", Libelle: "Le numéro de l'arrêté", Valeur: a.Numero, Max: LongueurTitreDemande})
	return errs
}

// Suite checks that a renewal starting on debut follows the mandate m
// without overlap nor gap: it must start the day after m ends. nom names
// the CEE in the message.
func (m Mandat) Suite(nom string, debut time.Time) error {
	lendemain := JourDe(m.Fin).AddDate(0, 0, 1)
	d := JourDe(debut)
	switch {
	case d.Before(lendemain):
		return Refus(fmt.Sprintf("%s : le mandat en cours se termine le %s ; le renouvellement ne peut pas commencer le %s "+
			"(les deux mandats se chevaucheraient). Faites-le commencer le %s.", nom, Date(m.Fin), Date(d), Date(lendemain)))
	case d.After(lendemain):
		return Refus(fmt.Sprintf("%s : le mandat en cours se termine le %s ; un renouvellement au %s laisserait le conseiller "+
			"sans mandat entre les deux. Faites-le commencer le %s.", nom, Date(m.Fin), Date(d), Date(lendemain)))
	}
	return nil
}

// ArreteDejaUtilise is the message for an arrêté number already given to
// another arrêté of the académie.
func ArreteDejaUtilise(numero string, date time.Time) *Erreur {
	return &Erreur{Genre: GenreConflit, Champ: "numero", Message: fmt.Sprintf("Le numéro d'arrêté « %s » est déjà celui de l'arrêté du %s : "+
		"choisissez un autre numéro.", numero, Date(date))}
}

// Renouveler applies the arrêté renewing the mandate courant: the CEE stays
// in mandate (state « en cours ») until courant ends, and the designation
// now runs to the new mandate's end. Only the pilote renews, a running
// mandate or one whose renewal was proposed, and the new mandate starts the
// day after courant ends.
func (d Designation) Renouveler(a Arrete, actor Acteur, courant Mandat, nom string, rules MandatSettings) (Designation, error) {
	if actor != ActeurPilote {
		return d, Refus("seul le pilote renouvelle un mandat")
	}
	if d.Etat != DesignationActive && d.Etat != DesignationRenouvellement {
		return d, Refus(fmt.Sprintf("%s : la désignation est « %s » ; seul un mandat en cours se renouvelle.", nom, d.Etat.Label()))
	}
	if err := courant.Suite(nom, a.Debut); err != nil {
		return d, err
	}
	fin, da := FinMandat(a.Debut, rules), a.Date
	d.NumeroArrete, d.DateArrete, d.Fin, d.Etat = a.Numero, &da, &fin, DesignationActive
	return d, nil
}
