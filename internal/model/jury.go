package model

import (
	"fmt"
	"time"
)

// EtatSession is where an exam session's composition stands.
type EtatSession string

// States of an exam session.
const (
	SessionPreparation EtatSession = "preparation" // juries being imported or entered
	SessionCampagne    EtatSession = "campagne"    // the network declares its availability
	SessionComposition EtatSession = "composition" // the optimiser runs (a job)
	SessionComposee    EtatSession = "composee"    // a composition to review, adjust, publish
	SessionPubliee     EtatSession = "publiee"     // convocations sent
)

// Label is the French name of the state.
func (e EtatSession) Label() string {
	switch e {
	case SessionPreparation:
		return "En préparation"
	case SessionCampagne:
		return "Disponibilités demandées"
	case SessionComposition:
		return "Composition en cours"
	case SessionComposee:
		return "Composition proposée"
	case SessionPubliee:
		return "Publiée"
	}
	return ""
}

// SessionExamen is an exam session of an académie (« session de juin
// 2027 ») whose juries the exam division staffs.
type SessionExamen struct {
	ID          int64
	Academie    string
	Nom         string
	Debut, Fin  time.Time
	Echeance    *time.Time // deadline of the availability campaign
	Etat        EtatSession
	Progression int    // percent, while the composition runs
	Resultat    string // the optimiser's result (JSON), kept for the record
	Jurys       int    // read with the session
}

// RegleDiplome is the composition rule of a kind of diploma, as data
// (domain brief §4: warnings, never blocks).
type RegleDiplome struct {
	Type       string // « CAP », « BAC PRO », « BTS »…
	Articles   string
	PartNum    int // professionals at least PartNum/PartDen of the jury
	PartDen    int
	Parite     bool // as many employers as employees
	Presidence string
}

// Collèges of a jury's professionals.
const (
	CollegeEmployeur = "employer"
	CollegeSalarie   = "employee"
)

// CollegeOf is the college of a professional status: employers and
// artisans sit as employers, the others as employees.
//
// An unknown status ("": professionals of the wider network invited before
// the status was asked, who have not given it since) counts as an employee
// too: a guess, kept from before professionals had a status and made here
// only. The exam division sees « statut inconnu » next to such people
// (StatutConnu, CollegeLabel) so that it can have the status given rather
// than trust the guess.
func CollegeOf(s StatutPro) string {
	if s == StatutEmployeur || s == StatutArtisan {
		return CollegeEmployeur
	}
	return CollegeSalarie
}

// CollegeLabel is the college's French name, « Employeur » or « Salarié »,
// followed by « (statut inconnu) » when it is CollegeOf's guess.
func CollegeLabel(college string, statutConnu bool) string {
	s := "Salarié"
	if college == CollegeEmployeur {
		s = "Employeur"
	}
	if !statutConnu {
		s += " (statut inconnu)"
	}
	return s
}

// MembreJury is a person seated in a jury.
type MembreJury struct {
	ID              int64
	JuryID          int64
	DisponibiliteID int64
	Nom, Email      string // Nom: first and family name, as pages show it
	// Civilite, Prenom, NomFamille, Telephone, Employeur and SIRET are read
	// from the CEE's or the professional's record, for the composition
	// export (a professional has no SIRET).
	Civilite, Prenom, NomFamille string
	Telephone, Employeur, SIRET  string
	College                      string
	StatutConnu                  bool // false: College is CollegeOf's guess for an unknown status
	Verrou                       bool // chosen by hand: kept when the composition runs again
	Statut                       string
	DistanceKm                   float64
	Present                      *bool
}

// Jury is one jury to staff: a speciality, a centre, half-days, seats.
type Jury struct {
	ID           int64
	SessionID    int64
	Code         string
	Specialite   string // diploma code (CFD)
	UAI          string // the exam centre
	Centre       string // its name, read with the jury
	Adresse      string // its postal address and commune, read with the jury
	DemiJournees []string
	Sieges       int // professionals' seats
	Employeurs   int
	Salaries     int
	Enseignants  int // teachers of the jury, for the share of professionals
	Conflits     []string
	Membres      []MembreJury
}

// Alertes are the rule's warnings on a jury as staffed: they never block
// (the law lets a jury sit when absences break the ratio).
func (j Jury) Alertes(r RegleDiplome) []string {
	var out []string
	n := len(j.Membres)
	if n < j.Sieges {
		out = append(out, fmt.Sprintf("%d siège(s) de professionnel vide(s) sur %d", j.Sieges-n, j.Sieges))
	}
	if r.PartDen > 0 && n*r.PartDen < r.PartNum*(n+j.Enseignants) {
		out = append(out, fmt.Sprintf("moins de %d/%d de professionnels (%d sur %d membres) — %s", r.PartNum, r.PartDen, n, n+j.Enseignants, r.Articles))
	}
	emp, sal := 0, 0
	for _, m := range j.Membres {
		if m.College == CollegeEmployeur {
			emp++
		} else {
			sal++
		}
	}
	if emp < j.Employeurs || sal < j.Salaries {
		out = append(out, fmt.Sprintf("collèges : %d employeur(s) sur %d voulu(s), %d salarié(s) sur %d voulu(s)", emp, j.Employeurs, sal, j.Salaries))
	} else if !CollegesEquilibres(emp, sal, j.Employeurs, j.Salaries, r.Parite) {
		out = append(out, fmt.Sprintf("déséquilibre employeurs/salariés : %d et %d", emp, sal))
	}
	return out
}

// CollegesEquilibres tells whether a jury's professionals, emp employers
// and sal employees, are balanced: at least the numbers the jury wants of
// each college and, when the diploma's rule asks for parity, no more than
// one apart (D.337-23, D.337-93, D.643-31 : « en nombre égal » as far as an
// odd number of seats allows). The jury page's warnings and the indicator
// model.IndJurysEquilibres both read it.
func CollegesEquilibres(emp, sal, wantEmp, wantSal int, parite bool) bool {
	if emp < wantEmp || sal < wantSal {
		return false
	}
	return !parite || (emp-sal <= 1 && sal-emp <= 1)
}

// DisponibiliteJury is what a person of the network answered to an
// availability campaign: the half-days they can sit, how many at most, how
// far, and their ties (companies, schools) that must not meet their jury.
type DisponibiliteJury struct {
	ID              int64
	SessionID       int64
	ConseillerID    int64
	ProfessionnelID int64
	Nom, Email      string
	College         string
	StatutConnu     bool // false: College is CollegeOf's guess for an unknown status
	Specialites     []string
	CodeCommune     string
	DemiJournees    []string
	MaxDemiJournees int
	MaxKm           int
	Liens           []string
	RepondueLe      *time.Time
	Relances        int // reminders sent
}

// Hours of a half-day in Paris time: what the convocations print and the
// calendar invitations hold.
const (
	HeureMatin     = 9
	HeureMidi      = 12
	HeureApresMidi = 14
	HeureSoir      = 17
)

// DemiJourneeHoraire writes « 2027-06-14AM » in French with its hours:
// « lundi 14 juin 2027, matin, de 9 h à 12 h ».
func DemiJourneeHoraire(s string) string {
	c, err := ParseCreneau(s)
	if err != nil || len(s) != 12 {
		return DemiJourneeLabel(s)
	}
	from, to := HeureMatin, HeureMidi
	if c.Moment == "PM" {
		from, to = HeureApresMidi, HeureSoir
	}
	return fmt.Sprintf("%s, de %d h à %d h", c.Label(), from, to)
}

// DemiJourneeLabel writes « 2027-06-14AM » in French.
func DemiJourneeLabel(s string) string {
	if len(s) != 12 {
		return s
	}
	c, err := ParseCreneau(s)
	if err != nil {
		return s
	}
	return c.Label()
}

// StatutMembreLabel is a member's answer to their convocation in French.
func StatutMembreLabel(statut string) string {
	return map[string]string{"propose": "Proposé", "convoque": "Convoqué", "confirme": "Confirmé", "empeche": "Empêché"}[statut]
}

// ColonneExport is a column an académie may put in the export of a
// composition: Cle is kept in its settings, Libelle heads the column.
type ColonneExport struct{ Cle, Libelle string }

// ColonnesExport are the columns the export can hold, in the order the
// settings page lists them.
var ColonnesExport = []ColonneExport{
	{"civilite", "Civilité"}, {"prenom", "Prénom"}, {"nom", "Nom"}, {"email", "Courriel"}, {"telephone", "Téléphone"},
	{"employeur", "Employeur"}, {"siret", "SIRET"}, {"college", "Collège"}, {"session", "Session"}, {"jury", "Jury"},
	{"code_diplome", "Code diplôme"}, {"diplome", "Diplôme"}, {"uai_centre", "UAI centre"}, {"centre", "Centre"},
	{"adresse_centre", "Adresse du centre"}, {"dates", "Dates"}, {"distance", "Distance (km)"}, {"statut", "Statut"},
}

// ColonnesExportParDefaut is the layout until the académie saves its own:
// the columns of the ministry's exam and expense tools.
var ColonnesExportParDefaut = []string{"session", "jury", "code_diplome", "diplome", "uai_centre", "centre", "dates", "civilite", "prenom", "nom",
	"email", "college", "distance", "statut"}

// LibelleColonneExport is the heading of an export column ("" when unknown).
func LibelleColonneExport(cle string) string {
	for _, c := range ColonnesExport {
		if c.Cle == cle {
			return c.Libelle
		}
	}
	return ""
}

// ParametresJurys are an académie's settings for its juries, set by its
// exam division: the expenses procedure printed in every convocation (the
// convocation is the member's « ordre de mission ») and the layout of the
// composition export.
type ParametresJurys struct {
	Academie string
	Frais    string   // how members claim their expenses, free text
	Colonnes []string // the export's columns in order (keys of ColonnesExport)
}

// ParametresJurysParDefaut are used until the exam division saves its own.
func ParametresJurysParDefaut(academie string) ParametresJurys {
	return ParametresJurys{Academie: academie, Colonnes: ColonnesExportParDefaut}
}

// Errors checks the settings, field by field (form names: frais,
// colonnes); empty when valid.
func (p ParametresJurys) Errors() map[string]string {
	errs := map[string]string{}
	VerifierLongueurs(errs, Longueur{"frais", "La procédure de remboursement des frais", p.Frais, LongueurTexte})
	seen := map[string]bool{}
	for _, c := range p.Colonnes {
		switch {
		case LibelleColonneExport(c) == "":
			errs["colonnes"] = "Colonne « " + c + " » inconnue."
		case seen[c]:
			errs["colonnes"] = "La colonne « " + LibelleColonneExport(c) + " » est placée deux fois : une position par colonne."
		}
		seen[c] = true
	}
	if len(p.Colonnes) == 0 && errs["colonnes"] == "" {
		errs["colonnes"] = "Choisissez au moins une colonne : donnez-lui une position."
	}
	return errs
}

// ResumeComposition sums a session's composition up for the exam
// division, in its words: seats filled and empty, juries with warnings,
// people convened when it is published.
type ResumeComposition struct {
	Jurys, Sieges, Pourvus, Vides int
	JurysIncomplets               int // juries with an empty seat
	JurysAlertes                  int // juries with a rule's warning (empty seats included)
	Personnes                     int // distinct people seated: those a publication convenes
}

// ResumerComposition sums the juries up; regle gives each jury's rule.
func ResumerComposition(jurys []Jury, regle func(Jury) RegleDiplome) ResumeComposition {
	var r ResumeComposition
	people := map[int64]bool{}
	for _, j := range jurys {
		r.Jurys++
		r.Sieges += j.Sieges
		r.Pourvus += min(len(j.Membres), j.Sieges)
		if len(j.Membres) < j.Sieges {
			r.Vides += j.Sieges - len(j.Membres)
			r.JurysIncomplets++
		}
		if len(j.Alertes(regle(j))) > 0 {
			r.JurysAlertes++
		}
		for _, m := range j.Membres {
			people[m.DisponibiliteID] = true
		}
	}
	r.Personnes = len(people)
	return r
}

// ASurveiller tells whether publishing should be confirmed first: seats
// still empty, or rules' warnings.
func (r ResumeComposition) ASurveiller() bool { return r.Vides > 0 || r.JurysAlertes > 0 }
