package api

import (
	"net/http"

	"cee/internal/policy"
	"cee/internal/store"
)

// Organisation is a professional or interprofessional organisation.
type Organisation struct {
	ID        int64    `json:"id"`
	Nom       string   `json:"nom"`
	Type      string   `json:"type"`
	Niveau    string   `json:"niveau" doc:"national, regional ou departemental."`
	IDCC      string   `json:"idcc" doc:"Convention collective (IDCC), pour une branche."`
	Academies []string `json:"academies" doc:"Académies où elle agit (la fiche détaillée seulement)."`
	ParentID  int64    `json:"parent_id" doc:"La fédération ou confédération dont elle relève ; 0 sinon."`
	Parent    string   `json:"parent"`
}

func (s *Server) organisationList(w http.ResponseWriter, r *http.Request, c *appel) error {
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	// The same list as the web page: the organisations of the token's
	// académie (all of them for a national role).
	list, err := s.store.ListOrganisations(r.Context(), c.P.H.Academie)
	if err != nil {
		return err
	}
	out := []Organisation{}
	for i := offset; i < len(list) && i < offset+limit; i++ {
		o := list[i]
		out = append(out, Organisation{ID: o.ID, Nom: o.Nom, Type: string(o.Type), Niveau: o.Niveau, IDCC: o.IDCC,
			Academies: nonNil(o.Academies), ParentID: o.ParentID, Parent: o.Parent})
	}
	return writePage(w, r, out, len(list), offset, limit)
}

func (s *Server) organisationShow(w http.ResponseWriter, r *http.Request, c *appel) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := s.store.GetOrganisation(r.Context(), id)
	if err != nil {
		return err
	}
	if !policy.OrganisationVisible(c.P, o) {
		return store.ErrNotFound
	}
	return writeJSON(w, http.StatusOK, Organisation{ID: o.ID, Nom: o.Nom, Type: string(o.Type), Niveau: o.Niveau, IDCC: o.IDCC,
		Academies: nonNil(o.Academies), ParentID: o.ParentID, Parent: o.Parent})
}
