package model

import "time"

// ListeExport is a list that can be taken out as a spreadsheet (CSV or
// XLSX), with the filters of its page.
type ListeExport string

// The exportable lists.
const (
	ExportDemandes       ListeExport = "demandes"
	ExportSollicitations ListeExport = "sollicitations"
	ExportActions        ListeExport = "actions"
	ExportProfessionnels ListeExport = "professionnels"
	ExportParticipants   ListeExport = "participants"
	ExportJournal        ListeExport = "journal"
)

// Label is the French name of the list, used as the sheet's name.
func (l ListeExport) Label() string {
	switch l {
	case ExportDemandes:
		return "Demandes"
	case ExportSollicitations:
		return "Sollicitations"
	case ExportActions:
		return "Actions"
	case ExportProfessionnels:
		return "Professionnels"
	case ExportParticipants:
		return "Participants"
	case ExportJournal:
		return "Journal"
	}
	return ""
}

// EtatExport is where a prepared export stands.
type EtatExport string

// States of a prepared export.
const (
	ExportEnAttente EtatExport = "en_attente"
	ExportEnCours   EtatExport = "en_cours"
	ExportPret      EtatExport = "pret"
	ExportEchec     EtatExport = "echec"
)

// Label is the French name of the state.
func (e EtatExport) Label() string {
	switch e {
	case ExportEnAttente:
		return "En attente"
	case ExportEnCours:
		return "En préparation"
	case ExportPret:
		return "Prêt"
	case ExportEchec:
		return "Échec"
	}
	return ""
}

// ConservationExport is how long a prepared export's file is kept for its
// requester: personal data, taken out on purpose, not left lying around.
const ConservationExport = 24 * time.Hour

// ErreursFiltre checks a period typed in a list's filter (fields du and
// au): its end may not come before its start, which would select nothing
// and leave the person wondering why.
func (p Periode) ErreursFiltre() map[string]string {
	if !p.Debut.IsZero() && !p.Fin.IsZero() && p.Fin.Before(p.Debut) {
		return map[string]string{"au": "La date de fin (" + p.Fin.Format("02/01/2006") + ") précède la date de début (" +
			p.Debut.Format("02/01/2006") + ") : corrigez l'une des deux."}
	}
	return nil
}
