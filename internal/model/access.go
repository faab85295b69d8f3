package model

// Principal is who acts: an account under one of its roles (the active
// habilitation, chosen with the role switcher).
type Principal struct {
	CompteID int64
	Email    string
	Nom      string
	H        Habilitation
}

// Action is what a principal wants to do with a resource.
type Action string

// Actions checked by the policy.
const (
	ActionLire     Action = "lire"
	ActionGerer    Action = "gerer"    // create, invite, change state
	ActionExporter Action = "exporter" // spreadsheets: logged in the journal
)

// Resource kinds.
const (
	ResComptes          = "comptes"           // accounts and their roles
	ResJournal          = "journal"           // the audit log
	ResEquipe           = "equipe"            // the accounts of one school
	ResTableauDeBord    = "tableau_de_bord"   // the dashboards' figures and downloads
	ResBilans           = "bilans"            // annual bilans (PDF, XLSX) of an académie, an organisation, a CEE
	ResStatistiquesNatl = "statistiques_natl" // national figures
	ResConseillers      = "conseillers"       // the directory of CEE and their designations
	ResDesignations     = "designations"      // proposing, instructing, designating
	ResProfessionnels   = "professionnels"    // the wider network, with consent
	ResAvis             = "avis"              // an inspector's opinion on a candidature
	ResMonAccord        = "mon_accord"        // a professional's own consent
	ResDemandes         = "demandes"          // schools' requests and their solicitations
	ResJurys            = "jurys"             // exam sessions, juries, their composition
)

// Resource is what an action applies to, with the territory that decides
// who may touch it. Empty Academie / UAI mean "the whole kind", for lists.
type Resource struct {
	Kind     string
	Academie string
	UAI      string
}

// Can is the one authorisation policy: the web interface, the API and the
// exports all ask it. Lists are scoped in SQL by Scope; Can decides whether
// the page or the record may be reached at all.
func Can(p Principal, a Action, r Resource) bool {
	role := p.H.Role
	inAcademie := r.Academie == "" || r.Academie == p.H.Academie
	switch r.Kind {
	case ResTableauDeBord:
		// The roles with a dashboard; what it shows is scoped by role.
		switch role {
		case RoleAdmin, RoleLecteurNational, RolePilote, RoleOrganisation, RoleConseiller, RoleEtablissement, RoleExamens:
			return a != ActionGerer
		}
	case ResBilans:
		// Who produces which bilan: an académie's (admin, pilote), an
		// organisation's, a CEE's own; the list is scoped by role.
		switch role {
		case RoleAdmin, RolePilote, RoleOrganisation, RoleConseiller:
			return a != ActionGerer
		}
	case ResComptes, ResJournal:
		switch role {
		case RoleAdmin:
			return true
		case RolePilote:
			return inAcademie
		}
	case ResEquipe:
		switch role {
		case RoleAdmin:
			return true
		case RolePilote:
			return a == ActionLire && inAcademie
		case RoleEtablissement:
			return a == ActionLire && r.UAI != "" && r.UAI == p.H.Ref
		}
	case ResConseillers:
		switch role {
		case RoleAdmin:
			return true
		case RoleLecteurNational:
			return a == ActionLire
		case RolePilote:
			return inAcademie
		case RoleInspecteur, RoleExamens, RoleOrganisation:
			return a != ActionGerer && inAcademie
		case RoleConseiller:
			// Their own record only (the scope says which): read and edit.
			return a != ActionExporter && inAcademie
		}
	case ResDesignations:
		// Who moves a designation is decided by the lifecycle (Acteur);
		// here, only who may act on designations at all.
		switch role {
		case RoleAdmin:
			return true
		case RolePilote, RoleOrganisation:
			return inAcademie
		}
	case ResProfessionnels:
		switch role {
		case RoleAdmin, RoleLecteurNational, RolePilote, RoleInspecteur, RoleExamens:
			return a == ActionLire && inAcademie
		case RoleConseiller:
			// They invite professionals and follow their own invitations.
			return a != ActionExporter
		}
	case ResDemandes:
		// Who sees which request is decided in SQL (store.DemandeFilter);
		// here, who may read requests at all and who may write one.
		switch role {
		case RoleAdmin:
			return true
		case RolePilote:
			return inAcademie
		case RoleEtablissement, RoleInspecteur, RoleExamens, RolePartenaire:
			return a != ActionExporter && inAcademie
		case RoleConseiller:
			return a == ActionLire
		}
	case ResJurys:
		switch role {
		case RoleAdmin:
			return true
		case RolePilote, RoleExamens:
			return inAcademie
		}
	case ResMonAccord:
		return role == RoleProfessionnel
	case ResAvis:
		return role == RoleInspecteur && inAcademie
	case ResStatistiquesNatl:
		return a == ActionLire && (role == RoleAdmin || role == RoleLecteurNational)
	}
	return false
}

// Scope is the territory a principal's lists are limited to, applied in
// the SQL of every list (never by filtering afterwards). The handler first
// asks Can whether the list may be seen at all.
type Scope struct {
	National     bool   // everything
	Academie     string // one académie
	UAI          string // one school
	Organisation string // one organisation's records (its id)
	Conseiller   string // one CEE's own record (its id)
}

// ScopeOf returns the territory of p's active role.
func ScopeOf(p Principal) Scope {
	switch p.H.Role.Scope() {
	case ScopeNational:
		return Scope{National: true}
	case ScopeUAI:
		return Scope{Academie: p.H.Academie, UAI: p.H.Ref}
	}
	switch p.H.Role {
	case RoleOrganisation:
		return Scope{Academie: p.H.Academie, Organisation: p.H.Ref}
	case RoleConseiller:
		return Scope{Academie: p.H.Academie, Conseiller: p.H.Ref}
	}
	return Scope{Academie: p.H.Academie}
}

// InvitableRoles lists the roles p may grant: the admin any role, a pilote
// the accounts of their académie's partners (not other pilotes nor national
// roles).
func InvitableRoles(p Principal) []Role {
	switch p.H.Role {
	case RoleAdmin:
		return Roles()
	case RolePilote:
		return []Role{RoleOrganisation, RoleEtablissement, RoleInspecteur, RoleExamens, RolePartenaire}
	}
	return nil
}

// CanGrant tells whether p may give habilitation h to someone.
func CanGrant(p Principal, h Habilitation) bool {
	for _, r := range InvitableRoles(p) {
		if r == h.Role {
			return p.H.Role == RoleAdmin || h.Academie == p.H.Academie
		}
	}
	return false
}
