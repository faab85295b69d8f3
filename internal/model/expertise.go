package model

import (
	"strings"
	"time"
)

// The seed's second mission: CEE give expertise and advice to schools,
// inspection bodies and the recteur's advisers on the training offer,
// certification and the quality of vocational training. A request for an
// opinion (Expertise) is addressed to one or several CEE, each of whom
// gives a written opinion (AvisExpertise) or declines; an opinion given
// counts as service (ServiceExpertise) in the CEE's attestation, activity
// and the indicators.

// SujetExpertise is what an opinion is asked about.
type SujetExpertise string

// Subjects of a request for an opinion.
const (
	SujetOuverture      SujetExpertise = "ouverture"        // opening a training (carte des formations)
	SujetFermeture      SujetExpertise = "fermeture"        // closing or changing a training
	SujetCertification  SujetExpertise = "certification"    // a certification's content (référentiel)
	SujetCPC            SujetExpertise = "cpc"              // a consultation of a commission professionnelle consultative
	SujetPerfectionnem  SujetExpertise = "perfectionnement" // a school's conseil de perfectionnement
	SujetAutreExpertise SujetExpertise = "autre"
)

// SujetsExpertise lists the subjects in display order.
func SujetsExpertise() []SujetExpertise {
	return []SujetExpertise{SujetOuverture, SujetFermeture, SujetCertification, SujetCPC, SujetPerfectionnem, SujetAutreExpertise}
}

// Label is the French name of the subject.
func (s SujetExpertise) Label() string {
	switch s {
	case SujetOuverture:
		return "Ouverture d'une formation"
	case SujetFermeture:
		return "Fermeture ou transformation d'une formation"
	case SujetCertification:
		return "Contenu d'une certification"
	case SujetCPC:
		return "Consultation d'une commission professionnelle consultative (CPC)"
	case SujetPerfectionnem:
		return "Conseil de perfectionnement"
	case SujetAutreExpertise:
		return "Autre sujet"
	}
	return ""
}

// EtatAvis is where one CEE's opinion stands.
type EtatAvis string

// States of an opinion.
const (
	AvisAttendu EtatAvis = "attendu" // asked, not yet given
	AvisRendu   EtatAvis = "rendu"   // given: kept, counts as service
	AvisDecline EtatAvis = "decline" // the CEE declined, with a reason
)

// Label is the French name of the state.
func (e EtatAvis) Label() string {
	switch e {
	case AvisAttendu:
		return "Attendu"
	case AvisRendu:
		return "Rendu"
	case AvisDecline:
		return "Décliné"
	}
	return string(e)
}

// Expertise is a request for an opinion, by an inspector, a school or the
// recteur's advisers (pilote), to CEE of its académie.
type Expertise struct {
	ID          int64
	Academie    string
	DemandeurID int64  // the account that asked
	Demandeur   string // its name, read with the request
	Qualite     string // « Inspection », « Lycée Déodat de Séverac », « Mission école-entreprise »
	UAI         string // the school that asked, when a school did: its team sees it
	Sujet       SujetExpertise
	Objet       string // « Ouverture d'un bac pro Métiers de l'électricité au lycée X »
	Question    string // what is asked, in the asker's words
	Echeance    time.Time
	CreatedAt   time.Time
	Avis        []AvisExpertise
}

// AvisExpertise is one CEE's answer to a request for an opinion.
type AvisExpertise struct {
	ID           int64
	ExpertiseID  int64
	ConseillerID int64
	Civilite     string
	Conseiller   string // « Prénom Nom »
	Etat         EtatAvis
	Texte        string // the opinion, or the reason for declining
	Minutes      int    // the time the CEE spent on it, as they state it
	FichierNom   string // an optional attachment (PDF)
	RenduLe      *time.Time
}

// QuiDemande names the asker with their function: « Paul Durand
// (Inspecteur) », or the name alone when the function says nothing more.
func (e Expertise) QuiDemande() string {
	if e.Qualite != "" && e.Qualite != e.Demandeur {
		return e.Demandeur + " (" + e.Qualite + ")"
	}
	return e.Demandeur
}

// Heures is the time spent in hours.
func (a AvisExpertise) Heures() float64 { return float64(a.Minutes) / 60 }

// EnRetard tells whether the opinion is still awaited after the deadline
// (a whole day: it is late from the day after).
func (e Expertise) EnRetard(a AvisExpertise, now time.Time) bool {
	return a.Etat == AvisAttendu && now.After(e.Echeance.AddDate(0, 0, 1))
}

// MaxConseillersExpertise is how many CEE one request may ask: an opinion
// is a personal piece of work, not a mailing.
const MaxConseillersExpertise = 3

// MaxMinutesAvis bounds the time stated for one opinion: 40 hours.
const MaxMinutesAvis = 40 * 60

// Errors checks a request for an opinion; empty when valid. now is the
// day it is asked: the deadline cannot be in the past.
func (e Expertise) Errors(now time.Time) map[string]string {
	errs := map[string]string{}
	if e.Sujet.Label() == "" {
		errs["sujet"] = "Choisissez le sujet de l'avis demandé."
	}
	if strings.TrimSpace(e.Objet) == "" {
		errs["objet"] = "Indiquez l'objet de la demande, par exemple « Ouverture d'un bac pro MELEC au lycée Déodat de Séverac »."
	}
	if strings.TrimSpace(e.Question) == "" {
		errs["question"] = "Précisez la question posée au conseiller et ce que vous attendez de son avis."
	}
	if e.Echeance.IsZero() {
		errs["echeance"] = "Indiquez la date à laquelle l'avis est attendu (JJ/MM/AAAA)."
	} else if y, m, d := now.Date(); e.Echeance.Before(time.Date(y, m, d, 0, 0, 0, 0, e.Echeance.Location())) {
		errs["echeance"] = "La date à laquelle l'avis est attendu est passée : choisissez une date à venir."
	}
	switch n := len(e.Avis); {
	case n == 0:
		errs["conseillers"] = "Choisissez au moins un conseiller à qui demander cet avis."
	case n > MaxConseillersExpertise:
		errs["conseillers"] = "Trois conseillers au plus par demande d'avis."
	}
	VerifierLongueurs(errs,
		Longueur{"objet", "L'objet", e.Objet, LongueurTitreDemande},
		Longueur{"question", "La question", e.Question, LongueurTexte})
	return errs
}

// Errors checks an answer: an opinion needs its text and the time spent
// (0 h 30 to 40 h); a refusal needs its reason. Empty when valid.
func (a AvisExpertise) Errors() map[string]string {
	errs := map[string]string{}
	switch a.Etat {
	case AvisRendu:
		if strings.TrimSpace(a.Texte) == "" {
			errs["texte"] = "Rédigez votre avis : c'est lui qui sera transmis et conservé."
		}
		if a.Minutes < 30 || a.Minutes > MaxMinutesAvis {
			errs["heures"] = "Indiquez le temps consacré à cet avis, de 0,5 à 40 heures (par exemple 2 ou 1,5)."
		}
	case AvisDecline:
		if strings.TrimSpace(a.Texte) == "" {
			errs["texte"] = "Indiquez en quelques mots pourquoi vous déclinez, pour que le demandeur s'adresse à un autre conseiller."
		}
	default:
		errs["decision"] = "Choisissez : rendre votre avis ou décliner."
	}
	VerifierLongueurs(errs, Longueur{"texte", "Le texte", a.Texte, LongueurAnnonce})
	return errs
}

// Paragraphes splits a text typed in a form at its line breaks, leaving
// out empty lines: how an opinion is shown and printed.
func Paragraphes(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
