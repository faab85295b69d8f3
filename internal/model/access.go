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
	ResServiceReseau    = "service_reseau"    // an organisation's view of its own CEE's service (actions, juries, events)
	ResExpertises       = "expertises"        // requests for a CEE's opinion (expertise and advice) and the opinions given
)

// Resource is what an action applies to, with the territory that decides
// who may touch it. Empty Academie / UAI mean "the whole kind", for lists.
type Resource struct {
	Kind     string
	Academie string
	UAI      string
}

// Scope is the territory a principal's lists are limited to, applied in
// the SQL of every list (never by filtering afterwards); policy.ScopeOf
// gives a principal's. The handler first asks policy.Can whether the list
// may be seen at all.
type Scope struct {
	National     bool   // everything
	Academie     string // one académie
	UAI          string // one school
	Organisation string // one organisation's records (its id)
	Conseiller   string // one CEE's own record (its id)
	// Departement and Region are the territorial readers' scopes: one
	// département (its INSEE code), one région académique (its name). Academie
	// stays empty with them, so that a list that does not know these scopes
	// shows nothing rather than a whole académie.
	Departement string
	Region      string
	// TeteReseau is a tête de réseau's scope: the CEE of the head
	// organisation (its id) and of its members, in every académie.
	TeteReseau string
}
