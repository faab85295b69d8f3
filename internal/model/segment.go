package model

import (
	"strconv"
	"strings"
	"time"
)

// Criteres describe recipients: CEE and/or professionals of the wider
// network, narrowed by territory, organisation, sector, famille de métiers
// and mandate. Criteria that only CEE have (organisation, famille, mandate)
// leave the professionals out when set.
type Criteres struct {
	Conseillers    bool   `json:"conseillers"`
	Professionnels bool   `json:"professionnels"`
	Academie       string `json:"academie,omitempty"` // "" national (admins only)
	Departement    string `json:"departement,omitempty"`
	OrganisationID int64  `json:"organisation_id,omitempty"`
	SectionNAF     string `json:"section_naf,omitempty"`
	Famille        string `json:"famille,omitempty"`
	EtatMandat     string `json:"etat_mandat,omitempty"` // an EtatDesignation
	// DesignesDepuisMois keeps the CEE whose mandate started less than
	// this many months ago (« désignés depuis moins d'un an » : 12).
	DesignesDepuisMois int `json:"designes_depuis_mois,omitempty"`
}

// Borner restricts criteria to a principal's territory: a pilote their
// académie, an organisation référent their own CEE; an admin keeps the
// académie chosen ("" national).
func (c Criteres) Borner(sc Scope) Criteres {
	if sc.National {
		return c
	}
	c.Academie = sc.Academie
	if sc.Organisation != "" {
		id, _ := strconv.ParseInt(sc.Organisation, 10, 64)
		c.OrganisationID = id
		c.Professionnels = false
	}
	return c
}

// Depuis is the date after which a mandate must have started, or zero.
func (c Criteres) Depuis(now time.Time) time.Time {
	if c.DesignesDepuisMois <= 0 {
		return time.Time{}
	}
	return now.AddDate(0, -c.DesignesDepuisMois, 0)
}

// LibellesCriteres names the codes of criteria for a person reading them
// (model knows no reference data); a nil function leaves the code.
type LibellesCriteres struct {
	Academie, Departement, SectionNAF, Famille func(code string) string
	Organisation                               func(id int64) string
}

func libelleOu(f func(string) string, code string) string {
	if f == nil {
		return code
	}
	return f(code)
}

// Resume says the criteria in French, for lists, naming codes with l.
func (c Criteres) Resume(l LibellesCriteres) string {
	var who []string
	if c.Conseillers {
		who = append(who, "CEE")
	}
	if c.Professionnels {
		who = append(who, "professionnels")
	}
	parts := []string{strings.Join(who, " et ")}
	if len(who) == 0 {
		parts = []string{"personne"}
	}
	if c.Academie != "" {
		parts = append(parts, "académie "+libelleOu(l.Academie, c.Academie))
	} else {
		parts = append(parts, "national")
	}
	if c.Departement != "" {
		parts = append(parts, "département "+libelleOu(l.Departement, c.Departement))
	}
	if c.OrganisationID != 0 {
		if l.Organisation != nil {
			parts = append(parts, "organisation "+l.Organisation(c.OrganisationID))
		} else {
			parts = append(parts, "organisation n° "+strconv.FormatInt(c.OrganisationID, 10))
		}
	}
	if c.SectionNAF != "" {
		parts = append(parts, "secteur "+libelleOu(l.SectionNAF, c.SectionNAF))
	}
	if c.Famille != "" {
		parts = append(parts, "famille "+libelleOu(l.Famille, c.Famille))
	}
	if c.EtatMandat != "" {
		parts = append(parts, "mandat "+EtatDesignation(c.EtatMandat).Label())
	}
	if c.DesignesDepuisMois > 0 {
		parts = append(parts, "désignés depuis moins de "+strconv.Itoa(c.DesignesDepuisMois)+" mois")
	}
	return strings.Join(parts, ", ")
}

// Segment is a named, reusable set of criteria.
type Segment struct {
	ID             int64
	Academie       string
	OrganisationID int64
	Nom            string
	Criteres       Criteres
	AuteurID       int64
	CreatedAt      time.Time
}

// Destinataire is one person a segment reaches.
type Destinataire struct {
	ConseillerID, ProfessionnelID int64
	Nom, Email                    string
}

// Errors checks a segment: its name (required, LongueurLibelle) and that
// it reaches someone (CEE, professionals or both); empty when valid. The
// département of the criteria is checked against the reference data by
// the caller.
func (sg Segment) Errors() map[string]string {
	errs := map[string]string{}
	if sg.Nom == "" {
		errs["nom"] = "Donnez un nom au segment, par exemple « CEE désignés depuis moins d'un an »."
	}
	VerifierLongueurs(errs, Longueur{"nom", "Le nom", sg.Nom, LongueurLibelle})
	if !sg.Criteres.Conseillers && !sg.Criteres.Professionnels {
		errs["qui"] = "Choisissez les conseillers, les professionnels, ou les deux."
	}
	return errs
}
