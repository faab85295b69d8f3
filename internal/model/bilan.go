package model

// PerimetreBilan is what an annual bilan covers.
type PerimetreBilan string

// Scopes of a bilan.
const (
	BilanAcademie     PerimetreBilan = "academie"
	BilanOrganisation PerimetreBilan = "organisation"
	BilanConseiller   PerimetreBilan = "conseiller"
)

// Label is the French name of the scope.
func (p PerimetreBilan) Label() string {
	switch p {
	case BilanAcademie:
		return "Académie"
	case BilanOrganisation:
		return "Organisation"
	case BilanConseiller:
		return "Conseiller"
	}
	return ""
}

// EtatBilan is where the building of a bilan stands.
type EtatBilan string

// States of a bilan.
const (
	BilanEnAttente EtatBilan = "en_attente"
	BilanEnCours   EtatBilan = "en_cours"
	BilanPret      EtatBilan = "pret"
	BilanEchec     EtatBilan = "echec"
)

// Label is the French name of the state.
func (e EtatBilan) Label() string {
	switch e {
	case BilanEnAttente:
		return "En attente"
	case BilanEnCours:
		return "En cours"
	case BilanPret:
		return "Prêt"
	case BilanEchec:
		return "Échec"
	}
	return ""
}
