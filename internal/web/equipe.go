package web

import (
	"fmt"
	"net/http"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
)

// handleEquipe lists the accounts of one school: its own staff see it, and
// the pilote of its académie. Another school's staff get 404, as for a UAI
// that does not exist, so that guessing UAIs tells nothing.
func (s *Server) handleEquipe(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	e, err := s.etablissementOfPath(r)
	if err != nil {
		return err
	}
	if !policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResEquipe, Academie: e.Academie, UAI: e.UAI}) {
		return withStatus(http.StatusNotFound, fmt.Errorf("équipe %s hors périmètre", e.UAI))
	}
	items, _, err := s.store.ListComptes(r.Context(), store.CompteFilter{Scope: model.Scope{UAI: e.UAI}, Limit: 200})
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, equipePage(s.layout(r, "Équipe — "+e.Nom), e, items))
}
