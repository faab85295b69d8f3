package model

import "time"

// TypeCampus is the kind of a Campus.
type TypeCampus string

// Kinds of Campus, the units of work of the network (issue 19). A campus
// des métiers et des qualifications (CMQ) groups schools, higher education
// and firms around one sector; a pôle de stage helps the lycées of a
// territory find internship places; a lycée des métiers is one school
// holding the label, its single member.
const (
	CampusCMQ          TypeCampus = "cmq"
	CampusPoleStage    TypeCampus = "pole_stage"
	CampusLyceeMetiers TypeCampus = "lycee_metiers"
)

// TypesCampus lists the kinds, in the order of the forms.
func TypesCampus() []TypeCampus { return []TypeCampus{CampusCMQ, CampusPoleStage, CampusLyceeMetiers} }

// Label is the kind's name in the interface.
func (t TypeCampus) Label() string {
	switch t {
	case CampusCMQ:
		return "Campus des métiers et des qualifications"
	case CampusPoleStage:
		return "Pôle de stage"
	case CampusLyceeMetiers:
		return "Lycée des métiers"
	}
	return string(t)
}

// Valid reports whether t is one of the kinds.
func (t TypeCampus) Valid() bool {
	return t == CampusCMQ || t == CampusPoleStage || t == CampusLyceeMetiers
}

// MembreUnique tells whether a unit of this kind has one member school at
// most: a lycée des métiers is that school.
func (t TypeCampus) MembreUnique() bool { return t == CampusLyceeMetiers }

// Campus is a unit of one académie (CMQ, pôle de stage or lycée des
// métiers): its member schools
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
		errs["nom"] = "Indiquez le nom du campus, du pôle de stage ou du lycée des métiers."
	}
	VerifierLongueurs(errs, Longueur{"nom", "Le nom", c.Nom, LongueurLibelle})
	if !c.Type.Valid() {
		errs["type"] = "Choisissez le type : campus des métiers et des qualifications, pôle de stage ou lycée des métiers."
	}
	return errs
}

// Contient tells whether the school uai is a member of the unit (Membres
// read by GetCampus).
func (c Campus) Contient(uai string) bool {
	for _, m := range c.Membres {
		if m == uai {
			return true
		}
	}
	return false
}
