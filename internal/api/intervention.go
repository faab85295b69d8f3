package api

import (
	"net/http"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
)

// Intervention is an action a CEE reported.
type Intervention struct {
	ID             int64             `json:"id"`
	ConseillerID   int64             `json:"conseiller_id"`
	DemandeID      int64             `json:"demande_id" doc:"La demande à laquelle elle répond ; 0 à l'initiative du CEE."`
	Academie       string            `json:"academie"`
	Type           model.TypeDemande `json:"type"`
	Date           Date              `json:"date"`
	DureeMinutes   int               `json:"duree_minutes"`
	UAI            string            `json:"uai"`
	Etablissement  string            `json:"etablissement"`
	Eleves         int               `json:"eleves" doc:"Élèves touchés."`
	Niveaux        []string          `json:"niveaux" doc:"Niveaux des élèves (6e à terminale, CAP, BTS…), pour le parcours Avenir."`
	Professionnels int               `json:"professionnels" doc:"Professionnels du réseau associés, en plus du CEE."`
	Description    string            `json:"description"`
}

// interventionList lists one CEE's actions, for those who manage the
// record (the pilote, the CEE themselves), as the web's « Actions » page.
func (s *Server) interventionList(w http.ResponseWriter, r *http.Request, c *appel) error {
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	x, err := s.store.GetConseillerInScope(r.Context(), id, policy.ScopeOf(c.P))
	if err != nil {
		return err
	}
	list, err := s.store.ListInterventions(r.Context(), x.ID, time.Time{}, time.Time{})
	if err != nil {
		return err
	}
	out := []Intervention{}
	for i := offset; i < len(list) && i < offset+limit; i++ {
		a := list[i]
		out = append(out, Intervention{ID: a.ID, ConseillerID: a.ConseillerID, DemandeID: a.DemandeID, Academie: a.Academie, Type: a.Type,
			Date: dateOf(a.Date), DureeMinutes: a.DureeMinutes, UAI: a.UAI, Etablissement: a.Etablissement, Eleves: a.Eleves,
			Niveaux: nonNil(a.Niveaux), Professionnels: a.Professionnels, Description: a.Description})
	}
	return writePage(w, r, out, len(list), offset, limit)
}
