package model

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Role is what a person does in the system; an account may hold several,
// each with its own scope.
type Role string

// The roles and the scope each one carries.
const (
	RoleAdmin           Role = "admin"            // national: ministry administrators
	RoleLecteurNational Role = "lecteur_national" // national, read-only: statistics
	RolePilote          Role = "pilote"           // one académie: DAFPIC / DRAFPIC, mission école-entreprise
	RoleOrganisation    Role = "organisation"     // one organisation: référent of a professional organisation
	RoleConseiller      Role = "conseiller"       // the linked CEE record
	RoleProfessionnel   Role = "professionnel"    // the linked professional record
	RoleEtablissement   Role = "etablissement"    // one UAI: chef d'établissement, DDFPT, bureau des entreprises
	RoleInspecteur      Role = "inspecteur"       // one académie: IEN-ET/EG, IA-IPR
	RoleExamens         Role = "examens"          // one académie: division des examens et concours
	RolePartenaire      Role = "partenaire"       // one unit: CMQ, pôle de stage or lycée des métiers
	// RoleDepartement reads one département: DSDEN, IEN de circonscription.
	// Academie is the département's académie, Ref its INSEE code.
	RoleDepartement Role = "departement"
	// RoleRegion reads one région académique: DRAFPIC. Ref is the région's
	// name (refdata.RegionsAcademiques), Academie one of its académies (the
	// one the role was granted in: the journal's lines are filed there).
	RoleRegion Role = "region_academique"
	// RoleTeteReseau reads, never writes, the network of a federation,
	// confederation or branch present in several académies (its « tête de
	// réseau »): Ref is the head organisation's id, whose members are the
	// organisations that name it as parent (organisations.parent_id);
	// Academie is the académie the role was granted in (the journal's lines
	// are filed there). Its lists span every académie of its members.
	RoleTeteReseau Role = "tete_reseau"
)

// Roles lists every role, in the order of the interface.
func Roles() []Role {
	return []Role{RoleAdmin, RoleLecteurNational, RolePilote, RoleOrganisation, RoleConseiller,
		RoleProfessionnel, RoleEtablissement, RoleInspecteur, RoleExamens, RolePartenaire, RoleDepartement, RoleRegion, RoleTeteReseau}
}

// ParseRole checks a role name from a form or a file.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles() {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Invalide("role", fmt.Sprintf("rôle %q inconnu", s))
}

// Label is the French name of the role.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Administrateur national"
	case RoleLecteurNational:
		return "Lecteur national"
	case RolePilote:
		return "Pilote académique"
	case RoleOrganisation:
		return "Référent d'organisation professionnelle"
	case RoleConseiller:
		return "Conseiller entreprises pour l'École"
	case RoleProfessionnel:
		return "Professionnel"
	case RoleEtablissement:
		return "Établissement"
	case RoleInspecteur:
		return "Inspection"
	case RoleExamens:
		return "Division des examens"
	case RolePartenaire:
		return "Partenaire (CMQ, pôle de stage, lycée des métiers)"
	case RoleDepartement:
		return "Services départementaux (DSDEN, IEN de circonscription)"
	case RoleRegion:
		return "Région académique (DRAFPIC)"
	case RoleTeteReseau:
		return "Tête de réseau (fédération, confédération, branche)"
	}
	return string(r)
}

// ScopeKind says what a role's scope designates.
type ScopeKind int

// The kinds of scope.
const (
	ScopeNational    ScopeKind = iota
	ScopeAcademie              // Habilitation.Academie
	ScopeRef                   // Habilitation.Ref: organisation, CEE, professional or partner record, in Academie
	ScopeUAI                   // Habilitation.Ref is a UAI, Academie its académie
	ScopeDepartement           // Habilitation.Ref is a département's INSEE code, Academie its académie
	ScopeRegion                // Habilitation.Ref is a région académique's name, Academie one of its académies
)

// Scope is the kind of scope of the role.
func (r Role) Scope() ScopeKind {
	switch r {
	case RoleAdmin, RoleLecteurNational:
		return ScopeNational
	case RolePilote, RoleInspecteur, RoleExamens:
		return ScopeAcademie
	case RoleEtablissement:
		return ScopeUAI
	case RoleDepartement:
		return ScopeDepartement
	case RoleRegion:
		return ScopeRegion
	}
	return ScopeRef
}

// StatutCompte is the state of an account.
type StatutCompte string

// Account states: invited (has not logged in yet), active, suspended (cannot log in).
const (
	CompteInvite   StatutCompte = "invite"
	CompteActif    StatutCompte = "actif"
	CompteSuspendu StatutCompte = "suspendu"
)

// Label is the French name of the state.
func (s StatutCompte) Label() string {
	switch s {
	case CompteInvite:
		return "Invité"
	case CompteActif:
		return "Actif"
	case CompteSuspendu:
		return "Suspendu"
	}
	return string(s)
}

// Compte is a person's account.
type Compte struct {
	ID                int64
	Email             string
	Nom               string
	Statut            StatutCompte
	PasswordHash      string
	TOTPSecret        string
	TOTPActif         bool
	TOTPStep          int64 // last TOTP step accepted, against replays
	DerniereConnexion *time.Time
	CreatedAt         time.Time
	// Resume is how often the person receives the digest of their unread
	// notifications; a pilote with a digest gets no mail per new request.
	Resume        FrequenceResume
	Habilitations []Habilitation
}

// Habilitation is one role of an account with its scope.
type Habilitation struct {
	ID       int64
	CompteID int64
	Role     Role
	Academie string // académie code, for every role but the national ones
	Ref      string // UAI, or the id of the organisation / CEE / professional / partner record
}

// Validate checks that the scope fits the role.
func (h Habilitation) Validate() error {
	switch h.Role.Scope() {
	case ScopeNational:
		if h.Academie != "" || h.Ref != "" {
			return Invalide("role", fmt.Sprintf("le rôle %s est national : pas d'académie", h.Role.Label()))
		}
	case ScopeAcademie:
		if h.Academie == "" {
			return Invalide("role", fmt.Sprintf("le rôle %s demande une académie", h.Role.Label()))
		}
	case ScopeUAI, ScopeRef:
		if h.Academie == "" || h.Ref == "" {
			return Invalide("role", fmt.Sprintf("le rôle %s demande une académie et un périmètre (UAI ou fiche)", h.Role.Label()))
		}
	case ScopeDepartement:
		if h.Academie == "" || h.Ref == "" {
			return Invalide("role", fmt.Sprintf("le rôle %s demande une académie et un département", h.Role.Label()))
		}
	case ScopeRegion:
		// Ref, the région académique, is the académie's: filled in by the
		// check of every grant (workflow.VerifierHabilitation).
		if h.Academie == "" {
			return Invalide("role", fmt.Sprintf("le rôle %s demande une académie de la région académique", h.Role.Label()))
		}
	}
	if _, err := ParseRole(string(h.Role)); err != nil {
		return err
	}
	return nil
}

// NormalizeEmail lower-cases and checks an e-mail address: accounts are
// unique by address whatever its case.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", Invalide("email", "adresse électronique manquante")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.IndexByte(s, '@')+1:], ".") {
		return "", Invalide("email", fmt.Sprintf("adresse électronique %q invalide : format attendu prenom.nom@domaine.fr", s))
	}
	return s, nil
}
