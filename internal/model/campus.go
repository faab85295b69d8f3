package model

import "time"

// TypeCampus is the kind of a Campus.
type TypeCampus string

// Kinds of Campus. A campus des métiers et des qualifications (CMQ) groups
// schools, higher education and firms around one sector; a pôle de stage
// helps the lycées of a territory find internship places.
const (
	CampusCMQ       TypeCampus = "cmq"
	CampusPoleStage TypeCampus = "pole_stage"
)

// TypesCampus lists the kinds, in the order of the forms.
func TypesCampus() []TypeCampus { return []TypeCampus{CampusCMQ, CampusPoleStage} }

// Label is the kind's name in the interface.
func (t TypeCampus) Label() string {
	switch t {
	case CampusCMQ:
		return "Campus des métiers et des qualifications"
	case CampusPoleStage:
		return "Pôle de stage"
	}
	return string(t)
}

// Valid reports whether t is one of the kinds.
func (t TypeCampus) Valid() bool { return t == CampusCMQ || t == CampusPoleStage }

// Campus is a CMQ or a pôle de stage of one académie: its member schools
// (by UAI) and, apart, its animators: the accounts holding the role
// RolePartenaire whose habilitation Ref is the campus id.
type Campus struct {
	ID        int64
	Type      TypeCampus
	Nom       string
	Academie  string
	Membres   []string // UAI, sorted; filled by GetCampus
	NbMembres int      // filled by ListCampus
	CreatedAt time.Time
}

// Errors checks a campus: its name (required, LongueurLibelle) and its kind;
// empty when valid. The académie is checked against the reference data by
// the caller.
func (c Campus) Errors() map[string]string {
	errs := map[string]string{}
	if c.Nom == "" {
		errs["nom"] = "Indiquez le nom du campus ou du pôle de stage."
	}
	VerifierLongueurs(errs, Longueur{"nom", "Le nom", c.Nom, LongueurLibelle})
	if !c.Type.Valid() {
		errs["type"] = "Choisissez le type : campus des métiers et des qualifications ou pôle de stage."
	}
	return errs
}
