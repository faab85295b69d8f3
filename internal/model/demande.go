package model

// TypeDemande is what a school asks of the network, and the kind of an
// action a CEE records. The list is the domain brief's minimum; an académie
// may hide some (a setting, later).
type TypeDemande string

// Kinds of requests and actions.
const (
	TypeIntervention TypeDemande = "intervention" // intervention en classe, découverte des métiers
	TypeForum        TypeDemande = "forum"        // forum des métiers
	TypeVisite       TypeDemande = "visite"       // visite d'entreprise
	TypeStage        TypeDemande = "stage"        // lieux de stage ou de PFMP
	TypeStageSeconde TypeDemande = "stage_seconde"
	TypeExpertise    TypeDemande = "expertise" // expertise sur l'offre de formation
	TypeInstance     TypeDemande = "instance"  // conseil d'administration, de perfectionnement, CLEE
	TypeJury         TypeDemande = "jury"      // jury hors campagne
	TypeAutre        TypeDemande = "autre"
)

// TypesDemande lists the kinds in the order forms show them.
func TypesDemande() []TypeDemande {
	return []TypeDemande{TypeIntervention, TypeForum, TypeVisite, TypeStage, TypeStageSeconde, TypeExpertise, TypeInstance, TypeJury, TypeAutre}
}

// Label is the French name of the kind.
func (t TypeDemande) Label() string {
	switch t {
	case TypeIntervention:
		return "Intervention en classe, découverte des métiers"
	case TypeForum:
		return "Forum des métiers"
	case TypeVisite:
		return "Visite d'entreprise"
	case TypeStage:
		return "Recherche de lieux de stage ou de PFMP"
	case TypeStageSeconde:
		return "Stage de seconde"
	case TypeExpertise:
		return "Expertise sur l'offre de formation"
	case TypeInstance:
		return "Participation à une instance (conseil d'administration, de perfectionnement, CLEE)"
	case TypeJury:
		return "Jury hors campagne"
	case TypeAutre:
		return "Autre"
	}
	return ""
}
