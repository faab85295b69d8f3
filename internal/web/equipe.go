package web

import (
	"fmt"
	"net/http"
	"strings"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// handleEquipe lists the accounts of one school: its own staff see it, and
// the pilote of its académie. Another school's staff get 404, as for a UAI
// that does not exist, so that guessing UAIs tells nothing.
func (s *Server) handleEquipe(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	uai := strings.ToUpper(r.PathValue("uai"))
	if !refdata.ValidUAI(uai) {
		return withStatus(http.StatusNotFound, fmt.Errorf("UAI %q invalide", uai))
	}
	e, err := s.store.GetEtablissement(r.Context(), uai)
	if err != nil {
		return err
	}
	if !model.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResEquipe, Academie: e.Academie, UAI: e.UAI}) {
		return withStatus(http.StatusNotFound, fmt.Errorf("équipe %s hors périmètre", uai))
	}
	items, _, err := s.store.ListComptes(r.Context(), store.CompteFilter{Scope: model.Scope{UAI: uai}, Limit: 200})
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, equipePage(s.layout(r, "Équipe — "+e.Nom), e, items))
}
