// Package policy holds every decision that depends on a principal's role:
// who may reach a page or a record (Can), the territory their lists are
// limited to (ScopeOf), and the named rules handlers apply when they shape a
// form or a page for a role. Handlers call these and compare no role
// themselves (guard_test.go keeps it so). It imports only the standard
// library, model, whose types (Principal, Role, Action, Resource, Scope) it
// decides about, and refdata for the académies of a région académique.
package policy

import (
	"slices"
	"strconv"

	"cee/internal/model"
	"cee/internal/refdata"
)

// Can is the one authorisation policy: the web interface, the API and the
// exports all ask it. Lists are scoped in SQL by ScopeOf; Can decides
// whether the page or the record may be reached at all.
func Can(p model.Principal, a model.Action, r model.Resource) bool {
	role := p.H.Role
	inAcademie := r.Academie == "" || r.Academie == p.H.Academie || dansRegion(p, r.Academie)
	switch r.Kind {
	case model.ResTableauDeBord:
		// The roles with a dashboard; what it shows is scoped by role.
		switch role {
		case model.RoleAdmin, model.RoleLecteurNational, model.RolePilote, model.RoleOrganisation, model.RoleConseiller, model.RoleEtablissement, model.RoleExamens,
			model.RoleDepartement, model.RoleRegion, model.RoleTeteReseau:
			return a != model.ActionGerer
		}
	case model.ResBilans:
		// Who produces which bilan: an académie's (admin, pilote), an
		// organisation's, a CEE's own; the list is scoped by BilansVisibles.
		switch role {
		case model.RoleAdmin, model.RolePilote, model.RoleOrganisation, model.RoleConseiller:
			return a != model.ActionGerer
		}
	case model.ResComptes, model.ResJournal:
		switch role {
		case model.RoleAdmin:
			return true
		case model.RolePilote:
			return inAcademie
		}
	case model.ResEquipe:
		switch role {
		case model.RoleAdmin:
			return true
		case model.RolePilote:
			return a == model.ActionLire && inAcademie
		case model.RoleEtablissement:
			return a == model.ActionLire && r.UAI != "" && r.UAI == p.H.Ref
		}
	case model.ResConseillers:
		switch role {
		case model.RoleAdmin:
			return true
		case model.RoleLecteurNational:
			return a == model.ActionLire
		case model.RolePilote:
			return inAcademie
		case model.RoleInspecteur, model.RoleExamens, model.RoleOrganisation:
			return a != model.ActionGerer && inAcademie
		case model.RoleConseiller:
			// Their own record only (the scope says which): read and edit.
			return a != model.ActionExporter && inAcademie
		case model.RoleDepartement, model.RoleRegion:
			// The territorial readers: the CEE of their département or
			// région académique (the scope says which), read and exported.
			return a != model.ActionGerer && inAcademie
		case model.RoleTeteReseau:
			// Its members' CEE in every académie (the scope says which):
			// read and exported, never changed.
			return a != model.ActionGerer
		}
	case model.ResDesignations:
		// Who moves a designation is decided by the lifecycle
		// (ActeurDesignation); here, only who may act on designations at all.
		switch role {
		case model.RoleAdmin:
			return true
		case model.RolePilote, model.RoleOrganisation:
			return inAcademie
		}
	case model.ResProfessionnels:
		switch role {
		case model.RoleAdmin, model.RolePilote:
			// Those who run the network take it out as a spreadsheet too.
			return a != model.ActionGerer && inAcademie
		case model.RoleLecteurNational, model.RoleInspecteur, model.RoleExamens:
			return a == model.ActionLire && inAcademie
		case model.RoleConseiller:
			// They invite professionals and follow their own invitations.
			return a != model.ActionExporter
		}
	case model.ResDemandes:
		// Who sees which request is decided in SQL (DemandesDuPerimetre);
		// here, who may read requests at all and who may write one.
		switch role {
		case model.RoleAdmin:
			return true
		case model.RolePilote:
			return inAcademie
		case model.RoleEtablissement, model.RoleInspecteur, model.RoleExamens, model.RolePartenaire:
			return a != model.ActionExporter && inAcademie
		case model.RoleConseiller:
			return a == model.ActionLire
		case model.RoleDepartement, model.RoleRegion:
			// Read only: the requests of their territory's schools and
			// communes (the scope says which).
			return a == model.ActionLire && inAcademie
		}
	case model.ResJurys:
		switch role {
		case model.RoleAdmin:
			return true
		case model.RolePilote, model.RoleExamens:
			return inAcademie
		}
	case model.ResMonAccord:
		return role == model.RoleProfessionnel
	case model.ResAvis:
		return role == model.RoleInspecteur && inAcademie
	case model.ResServiceReseau:
		// The organisation steers its own network: it reads the service
		// its CEE give and proposes candidates by spreadsheet (the SQL
		// scope is its CEE of its académie).
		// A tête de réseau reads the same across its members' académies.
		return (role == model.RoleOrganisation && a != model.ActionExporter && inAcademie) ||
			(role == model.RoleTeteReseau && a == model.ActionLire)
	case model.ResStatistiquesNatl:
		return a == model.ActionLire && (role == model.RoleAdmin || role == model.RoleLecteurNational)
	case model.ResExpertises:
		// Who asks a CEE for an opinion: the inspection, a school, the
		// recteur's advisers (pilote), the admin; the CEE read those
		// addressed to them (ExpertisesVisibles says which) and answer.
		switch role {
		case model.RoleAdmin:
			return true
		case model.RolePilote, model.RoleInspecteur, model.RoleEtablissement:
			return a != model.ActionExporter && inAcademie
		case model.RoleConseiller:
			return a == model.ActionLire && inAcademie
		}
	}
	return false
}

// PorteeExpertises is which requests for an opinion a principal lists;
// the fields combine with AND, Aucune lists none.
type PorteeExpertises struct {
	Academie     string // "" with the others empty: every académie
	DemandeurID  int64
	UAI          string
	ConseillerID int64
	Aucune       bool
}

// ExpertisesVisibles is which requests for an opinion p lists: the admin
// all, a pilote their académie's, an inspector those they asked, a school's
// staff their school's, a CEE those addressed to them.
func ExpertisesVisibles(p model.Principal) PorteeExpertises {
	switch p.H.Role {
	case model.RoleAdmin:
		return PorteeExpertises{}
	case model.RolePilote:
		return PorteeExpertises{Academie: p.H.Academie}
	case model.RoleInspecteur:
		return PorteeExpertises{Academie: p.H.Academie, DemandeurID: p.CompteID}
	}
	if uai, ok := EtablissementDe(p); ok {
		return PorteeExpertises{Academie: p.H.Academie, UAI: uai}
	}
	if id, ok := ConseillerDe(p); ok {
		return PorteeExpertises{Academie: p.H.Academie, ConseillerID: id}
	}
	return PorteeExpertises{Aucune: true}
}

// ExpertiseVisible tells whether p may open the request for an opinion e:
// the record behind the role, not only the role.
func ExpertiseVisible(p model.Principal, e model.Expertise) bool {
	v := ExpertisesVisibles(p)
	switch {
	case v.Aucune:
		return false
	case v.Academie != "" && e.Academie != v.Academie,
		v.DemandeurID != 0 && e.DemandeurID != v.DemandeurID,
		v.UAI != "" && e.UAI != v.UAI:
		return false
	case v.ConseillerID != 0:
		_, ok := AvisDe(p, e)
		return ok
	}
	return true
}

// AvisDe is the opinion p is asked to give in e: a CEE's own, never
// another's.
func AvisDe(p model.Principal, e model.Expertise) (model.AvisExpertise, bool) {
	id, ok := ConseillerDe(p)
	if !ok {
		return model.AvisExpertise{}, false
	}
	for _, a := range e.Avis {
		if a.ConseillerID == id {
			return a, true
		}
	}
	return model.AvisExpertise{}, false
}

// ScopeOf returns the territory of p's active role, applied in the SQL of
// every list (never by filtering afterwards). The handler first asks Can
// whether the list may be seen at all.
func ScopeOf(p model.Principal) model.Scope {
	switch p.H.Role.Scope() {
	case model.ScopeNational:
		return model.Scope{National: true}
	case model.ScopeUAI:
		return model.Scope{Academie: p.H.Academie, UAI: p.H.Ref}
	case model.ScopeDepartement:
		// No Academie: a list that does not know the département scope
		// shows nothing rather than the whole académie.
		return model.Scope{Departement: p.H.Ref}
	case model.ScopeRegion:
		return model.Scope{Region: p.H.Ref}
	}
	switch p.H.Role {
	case model.RoleOrganisation:
		return model.Scope{Academie: p.H.Academie, Organisation: p.H.Ref}
	case model.RoleConseiller:
		return model.Scope{Academie: p.H.Academie, Conseiller: p.H.Ref}
	case model.RoleTeteReseau:
		// No Academie: its members' CEE of every académie, and a list that
		// does not know this scope shows nothing.
		return model.Scope{TeteReseau: p.H.Ref}
	}
	return model.Scope{Academie: p.H.Academie}
}

// dansRegion tells whether académie code lies in the région académique of
// p, a DRAFPIC (RoleRegion); false for any other role.
func dansRegion(p model.Principal, code string) bool {
	if p.H.Role != model.RoleRegion {
		return false
	}
	a, ok := refdata.AcademieByCode(code)
	return ok && a.RegionAcademique == p.H.Ref
}

// InvitableRoles lists the roles p may grant: the admin any role, a pilote
// the accounts of their académie's partners and of its départements'
// services (not other pilotes, nor a région académique's, nor national
// roles).
func InvitableRoles(p model.Principal) []model.Role {
	switch p.H.Role {
	case model.RoleAdmin:
		return model.Roles()
	case model.RolePilote:
		return []model.Role{model.RoleOrganisation, model.RoleEtablissement, model.RoleInspecteur, model.RoleExamens, model.RolePartenaire, model.RoleDepartement}
	case model.RoleOrganisation:
		// An organisation manages its own référents (CanGrant: its own
		// record, its académie).
		return []model.Role{model.RoleOrganisation}
	}
	return nil
}

// CanGrant tells whether p may give habilitation h to someone: a role of
// InvitableRoles, in p's académie unless p is an admin.
func CanGrant(p model.Principal, h model.Habilitation) bool {
	for _, r := range InvitableRoles(p) {
		if r == h.Role {
			if p.H.Role == model.RoleOrganisation && h.Ref != p.H.Ref {
				return false
			}
			return p.H.Role == model.RoleAdmin || h.Academie == p.H.Academie
		}
	}
	return false
}

// ChoisitAcademie tells whether p chooses the académie in the forms
// (sessions, bilans, events, resources, organisations, conventions, campus,
// segments, proposals, invitations) and sees the académie column of the
// lists: the admin, who acts for every académie. Anyone else acts in the
// académie of their role, fixed by the form.
func ChoisitAcademie(p model.Principal) bool { return p.H.Role == model.RoleAdmin }

// ExigeSecondFacteur tells whether account c must pass a second factor
// (TOTP) after a password or a link: when one of its roles is among roles
// (CEE_TOTP_ROLES).
func ExigeSecondFacteur(c model.Compte, roles []string) bool {
	for _, h := range c.Habilitations {
		if slices.Contains(roles, string(h.Role)) {
			return true
		}
	}
	return false
}

// GereReglesNationales tells whether p changes the rules that hold for
// every académie (the composition rules of each diploma's juries): the
// national administrators only.
func GereReglesNationales(p model.Principal) bool { return p.H.Role == model.RoleAdmin }

// AcademieSessions is the académie whose exam sessions p sees: "" (all)
// for the admin.
func AcademieSessions(p model.Principal) string {
	if p.H.Role == model.RoleAdmin {
		return ""
	}
	return p.H.Academie
}

// TelephoneVisible tells whether p sees the CEE's phone number: always,
// unless the CEE masked it, and then only those who manage the record.
func TelephoneVisible(p model.Principal, c model.Conseiller) bool {
	return !c.TelephoneMasque || Can(p, model.ActionGerer, model.Resource{Kind: model.ResConseillers, Academie: c.Academie})
}

// OrganisationVisible tells whether p may see the organisation: the admin
// all of them, anyone else those active in their académie.
func OrganisationVisible(p model.Principal, o model.Organisation) bool {
	return p.H.Role == model.RoleAdmin || slices.Contains(o.Academies, p.H.Academie)
}

// CampusVisible tells whether p reaches a campus des métiers et des
// qualifications or pôle de stage: the admin every one, a pilote those of
// their académie, an animator (role partenaire) the campus of their role,
// in the role's académie (issue 20: a role granted on another académie's
// campus reaches nothing).
func CampusVisible(p model.Principal, c model.Campus) bool {
	switch p.H.Role {
	case model.RoleAdmin:
		return true
	case model.RolePilote:
		return p.H.Academie == c.Academie
	case model.RolePartenaire:
		return p.H.Ref == strconv.FormatInt(c.ID, 10) && p.H.Academie == c.Academie
	}
	return false
}

// LitEquipes tells whether p may open the team page of a school at all:
// the admin, a pilote and a school's staff. Which school is then checked
// against Can(ResEquipe) with the school's académie and UAI.
func LitEquipes(p model.Principal) bool {
	switch p.H.Role {
	case model.RoleAdmin, model.RolePilote, model.RoleEtablissement:
		return true
	}
	return false
}

// ref reads the numeric record a role of kind r is scoped to.
func ref(p model.Principal, r model.Role) (int64, bool) {
	if p.H.Role != r {
		return 0, false
	}
	id, err := strconv.ParseInt(p.H.Ref, 10, 64)
	return id, err == nil
}

// ConseillerDe is the CEE record p acts as: a CEE answers their own
// solicitations, writes the report of their actions, joins events and
// reads their own record. ok is false for any other role.
func ConseillerDe(p model.Principal) (id int64, ok bool) { return ref(p, model.RoleConseiller) }

// OrganisationDe is the organisation p acts for: a référent proposes,
// invites and announces in the name of their organisation only. ok is false
// for any other role.
func OrganisationDe(p model.Principal) (id int64, ok bool) { return ref(p, model.RoleOrganisation) }

// TeteReseauDe is the head organisation whose network p reads: the
// organisation and its members, in every académie, read-only. ok is false
// for any other role.
func TeteReseauDe(p model.Principal) (id int64, ok bool) { return ref(p, model.RoleTeteReseau) }

// LitConventionsReseau tells whether p reads the conventions of an
// organisation's network and their figures (/mes-conventions): a référent
// their organisation's in their académie, a tête de réseau its members' in
// every académie.
func LitConventionsReseau(p model.Principal) bool {
	_, org := OrganisationDe(p)
	_, tete := TeteReseauDe(p)
	return org || tete
}

// ProfessionnelDe is the professional record p is: a professional reads
// the announcements sent to them. ok is false for any other role.
func ProfessionnelDe(p model.Principal) (id int64, ok bool) { return ref(p, model.RoleProfessionnel) }

// EtablissementDe is the school (UAI) p acts for: a school's staff write
// requests for their school and read its page and team. ok is false for any
// other role.
func EtablissementDe(p model.Principal) (uai string, ok bool) {
	if p.H.Role != model.RoleEtablissement || p.H.Ref == "" {
		return "", false
	}
	return p.H.Ref, true
}

// CampusDe is the unit (campus, pôle de stage, lycée des métiers) p
// animates, a partner: they write requests for its member schools and
// follow the unit's requests. ok is false for any other role.
func CampusDe(p model.Principal) (id int64, ok bool) { return ref(p, model.RolePartenaire) }

// Animateur tells whether p animates the network (events, segments,
// announcements): those who manage designations, i.e. the admin, the
// pilotes and the organisations' référents.
func Animateur(p model.Principal) bool {
	return Can(p, model.ActionGerer, model.Resource{Kind: model.ResDesignations})
}

// VoitAnimation tells whether the network's animation pages are in p's
// menu: its animators, and the CEE who are invited to its events.
func VoitAnimation(p model.Principal) bool {
	return Animateur(p) || p.H.Role == model.RoleConseiller
}

// ActeurDesignation is the part p plays in a designation's lifecycle
// (model.CanTransition): the recteur's team (a pilote, or an admin) or the
// proposing organisation's référent; ok is false for anyone else.
func ActeurDesignation(p model.Principal) (model.Acteur, bool) {
	switch p.H.Role {
	case model.RoleAdmin, model.RolePilote:
		return model.ActeurPilote, true
	case model.RoleOrganisation:
		return model.ActeurOrganisation, true
	}
	return "", false
}

// LanceRenouvellements tells whether p launches the renewal campaign of the
// mandates ending soon: the recteur's team, who designate (a référent
// proposes the renewal of their own CEE one by one).
func LanceRenouvellements(p model.Principal) bool {
	a, ok := ActeurDesignation(p)
	return ok && a == model.ActeurPilote
}

// ActeurDemande is the part p (account compteID) plays on a request: the
// pilote of its académie (or an admin), or its requester: its author, or
// the staff of its school. ok is false for anyone else.
func ActeurDemande(p model.Principal, compteID int64, d model.Demande) (model.ActeurDemande, bool) {
	switch p.H.Role {
	case model.RoleAdmin:
		return model.ParPilote, true
	case model.RolePilote:
		if p.H.Academie == d.Academie {
			return model.ParPilote, true
		}
	}
	if uai, ok := EtablissementDe(p); d.AuteurID == compteID || (ok && d.UAI != "" && uai == d.UAI) {
		return model.ParDemandeur, true
	}
	// The unit's animators follow its requests as their requester, in
	// the académie of their role only.
	if c, ok := CampusDe(p); ok && d.CampusID == c && d.Academie == p.H.Academie {
		return model.ParDemandeur, true
	}
	return "", false
}

// DemandesDuPerimetre tells whether p sees the requests of their scope
// (ScopeOf): the académie for a pilote, the school for its staff, those a
// CEE was solicited for, the territory for a département's or a région
// académique's reader, every one for the admin. Anyone else who may read
// requests (inspectors, exam division, partners) sees only those they
// wrote, and a partner those of their unit (CampusDe).
func DemandesDuPerimetre(p model.Principal) bool {
	switch p.H.Role {
	case model.RoleAdmin, model.RolePilote, model.RoleEtablissement, model.RoleConseiller, model.RoleDepartement, model.RoleRegion:
		return true
	}
	return false
}

// DemandesOuvertesParDefaut tells whether p's list of requests shows the
// open ones (to validate, searching, filled) unless asked otherwise: a
// pilote, who works on them.
func DemandesOuvertesParDefaut(p model.Principal) bool { return p.H.Role == model.RolePilote }

// FileAttente is the kind of waiting list p's header counts.
type FileAttente int

// The waiting lists.
const (
	AttenteAucune     FileAttente = iota // nothing waits for this role
	AttentePilote                        // the académie's requests to validate, candidatures to instruct
	AttenteConseiller                    // the CEE's solicitations to answer, reports to write
	AttenteDemandeur                     // requests written (and, for a school's staff, their school's) to rate
	AttenteInspecteur                    // the requester's, and the candidatures awaiting the inspection's opinion
)

// FileAttenteDe is the waiting list of p's role: the pilote's, the CEE's,
// or a requester's (a school's staff, inspectors, exam division, partners:
// those who write requests). The admin and national readers have none.
func FileAttenteDe(p model.Principal) FileAttente {
	switch p.H.Role {
	case model.RolePilote:
		return AttentePilote
	case model.RoleConseiller:
		return AttenteConseiller
	case model.RoleInspecteur:
		return AttenteInspecteur
	case model.RoleEtablissement, model.RoleExamens, model.RolePartenaire:
		return AttenteDemandeur
	}
	return AttenteAucune
}

// SigneAttestation tells whether p signs the attestations they produce in
// their own name, by delegation of the recteur: a pilote. Anyone else's
// attestation is signed by the académie's mission école-entreprise.
func SigneAttestation(p model.Principal) bool { return p.H.Role == model.RolePilote }

// PerimetreBilan is the kind of bilan p produces: an académie's (admin,
// pilote), their organisation's (référent), or their own activity (CEE);
// "" for a role without bilan.
func PerimetreBilan(p model.Principal) model.PerimetreBilan {
	switch p.H.Role {
	case model.RoleAdmin, model.RolePilote:
		return model.BilanAcademie
	case model.RoleOrganisation:
		return model.BilanOrganisation
	case model.RoleConseiller:
		return model.BilanConseiller
	}
	return ""
}

// PorteeBilans is which bilans a principal sees: every one, an académie's
// (any kind), or one scope's (Perimetre and Ref) of an académie.
type PorteeBilans struct {
	Tous      bool
	Academie  string
	Perimetre model.PerimetreBilan
	Ref       string
}

// BilansVisibles is which bilans p sees: the admin every one, a pilote
// their académie's, a référent their organisation's, a CEE their own; ok is
// false for a role without bilan.
func BilansVisibles(p model.Principal) (PorteeBilans, bool) {
	switch p.H.Role {
	case model.RoleAdmin:
		return PorteeBilans{Tous: true}, true
	case model.RolePilote:
		return PorteeBilans{Academie: p.H.Academie}, true
	case model.RoleOrganisation:
		return PorteeBilans{Perimetre: model.BilanOrganisation, Ref: p.H.Ref, Academie: p.H.Academie}, true
	case model.RoleConseiller:
		return PorteeBilans{Perimetre: model.BilanConseiller, Ref: p.H.Ref, Academie: p.H.Academie}, true
	}
	return PorteeBilans{}, false
}

// Contient tells whether the bilan of that scope, ref and académie is in b.
func (b PorteeBilans) Contient(perimetre model.PerimetreBilan, ref, academie string) bool {
	switch {
	case b.Tous:
		return true
	case b.Perimetre != "":
		return perimetre == b.Perimetre && ref == b.Ref && academie == b.Academie
	}
	return academie == b.Academie
}

// ProfessionnelVisible tells whether p may open a professional's record:
// the CEE who invited them always, the others of the scope once they
// consented.
func ProfessionnelVisible(p model.Principal, pr model.Professionnel) bool {
	sc := ScopeOf(p)
	return (sc.Conseiller != "" && sc.Conseiller == strconv.FormatInt(pr.ConseillerID, 10)) ||
		(pr.Contactable() && (sc.National || (sc.Academie == pr.Academie && sc.Conseiller == "")))
}

// Vue is which dashboard a role gets.
type Vue int

// The dashboards.
const (
	VueAucune        Vue = iota
	VueNationale         // admin, lecteur national: every académie, filter by académie
	VueAcademie          // pilote
	VueOrganisation      // organisation référent: its CEE
	VueConseiller        // a CEE: their own activity
	VueEtablissement     // a school: its requests
	VueExamens           // the exam division: its académie's juries
	VueTerritoire        // a département's or a région académique's reader: its territory
)

// Accueil is which work a person's home starts with.
type Accueil int

// The homes by task.
const (
	AccueilAutre        Accueil = iota // admin, national reader, territorial readers, professional: what waits, then shortcuts
	AccueilConseiller                  // a CEE: what is asked of them, reports to write, next appointments
	AccueilDemandeur                   // a school or a partner: « Nouvelle demande », then their requests
	AccueilPilote                      // the pilote: the « À traiter » queue, échéances, open requests
	AccueilExamens                     // the exam division: its sessions
	AccueilOrganisation                // an organisation: candidates and objectives
	AccueilInspecteur                  // an inspector: opinions to give
)

// AccueilOf is the home of p's active role.
func AccueilOf(p model.Principal) Accueil {
	switch p.H.Role {
	case model.RoleConseiller:
		return AccueilConseiller
	case model.RoleEtablissement, model.RolePartenaire:
		return AccueilDemandeur
	case model.RolePilote:
		return AccueilPilote
	case model.RoleExamens:
		return AccueilExamens
	case model.RoleOrganisation:
		return AccueilOrganisation
	case model.RoleInspecteur:
		return AccueilInspecteur
	}
	return AccueilAutre
}

// VueOf is the dashboard of p's active role: national figures for the
// national roles, an académie's for a pilote, an organisation's CEE for its
// référent, their own activity for a CEE, a school's requests for its staff,
// the juries for the exam division; none for the others.
func VueOf(p model.Principal) Vue {
	switch p.H.Role {
	case model.RoleAdmin, model.RoleLecteurNational:
		return VueNationale
	case model.RolePilote:
		return VueAcademie
	case model.RoleOrganisation, model.RoleTeteReseau:
		return VueOrganisation
	case model.RoleConseiller:
		return VueConseiller
	case model.RoleEtablissement:
		return VueEtablissement
	case model.RoleExamens:
		return VueExamens
	case model.RoleDepartement, model.RoleRegion:
		return VueTerritoire
	}
	return VueAucune
}

// Reseau tells whether the view is the network's (national, académie,
// territory, organisation): every figure, the coverage and its list.
func (v Vue) Reseau() bool {
	return v == VueNationale || v == VueAcademie || v == VueOrganisation || v == VueTerritoire
}

// PorteeRessources is which resources of the network's library (guides,
// templates, links) a principal sees.
type PorteeRessources struct {
	Toutes          bool       // every resource: the admin, who manages them
	Role            model.Role // otherwise those meant for this role, or for everyone
	ToutesAcademies bool       // of every académie (a national reader), or else national ones and Academie's
	Academie        string
}

// RessourcesVisibles is which resources p sees: the admin every one; anyone
// else those meant for their role or for everyone, national or of their
// académie (of any académie for a national role).
func RessourcesVisibles(p model.Principal) PorteeRessources {
	if p.H.Role == model.RoleAdmin {
		return PorteeRessources{Toutes: true}
	}
	if p.H.Role.Scope() == model.ScopeNational {
		return PorteeRessources{Role: p.H.Role, ToutesAcademies: true}
	}
	return PorteeRessources{Role: p.H.Role, Academie: p.H.Academie}
}

// ResumeRemplaceCourriels tells whether p's digest replaces a mail per
// event: a pilote, who receives each of the académie's new requests, reads
// them in the digest with « À traiter » instead.
func ResumeRemplaceCourriels(p model.Principal) bool { return p.H.Role == model.RolePilote }
