package api

import (
	"net/http"
	"slices"
	"strings"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// Etablissement is a school of the Annuaire de l'éducation: public data.
type Etablissement struct {
	UAI                  string   `json:"uai"`
	Nom                  string   `json:"nom"`
	Type                 string   `json:"type" doc:"college, lycee, erea ou cio."`
	Statut               string   `json:"statut" doc:"public ou prive."`
	Adresse              string   `json:"adresse"`
	CodePostal           string   `json:"code_postal"`
	CodeCommune          string   `json:"code_commune"`
	NomCommune           string   `json:"nom_commune"`
	Departement          string   `json:"departement"`
	Academie             string   `json:"academie"`
	Latitude             *float64 `json:"latitude"`
	Longitude            *float64 `json:"longitude"`
	VoieGenerale         bool     `json:"voie_generale"`
	VoieTechnologique    bool     `json:"voie_technologique"`
	VoieProfessionnelle  bool     `json:"voie_professionnelle"`
	LyceeDesMetiers      bool     `json:"lycee_des_metiers"`
	EducationPrioritaire string   `json:"education_prioritaire" doc:"REP, REP+ ou vide."`
	Ferme                bool     `json:"ferme"`
}

func etablissementOf(e model.Etablissement) Etablissement {
	return Etablissement{UAI: e.UAI, Nom: e.Nom, Type: string(e.Type), Statut: e.Statut, Adresse: e.Adresse, CodePostal: e.CodePostal,
		CodeCommune: e.CodeCommune, NomCommune: e.NomCommune, Departement: e.Departement, Academie: e.Academie, Latitude: e.Latitude,
		Longitude: e.Longitude, VoieGenerale: e.VoieGenerale, VoieTechnologique: e.VoieTechnologique, VoieProfessionnelle: e.VoieProfessionnelle,
		LyceeDesMetiers: e.LyceeDesMetiers, EducationPrioritaire: e.EducationPrioritaire, Ferme: e.Ferme}
}

var typesEtablissement = []model.TypeEtablissement{model.College, model.Lycee, model.EREA, model.CIO}

func (s *Server) etablissementList(w http.ResponseWriter, r *http.Request, c *appel) error {
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.EtablissementFilter{Nom: strings.TrimSpace(q.Get("q")), Limit: limit, Offset: offset}
	if len(f.Nom) > 100 {
		f.Nom = f.Nom[:100]
	}
	if a := q.Get("academie"); a != "" {
		if _, ok := refdata.AcademieByCode(a); !ok {
			return paramError("academie", "Académie « "+a+" » inconnue.")
		}
		f.Academie = a
	}
	if d := q.Get("departement"); d != "" {
		dep, ok := refdata.DepartementByCode(d)
		if !ok {
			return paramError("departement", "Département « "+d+" » inconnu.")
		}
		f.Departement = dep.Code
	}
	if t := model.TypeEtablissement(q.Get("type")); t != "" {
		if !slices.Contains(typesEtablissement, t) {
			return paramError("type", "Type « "+string(t)+" » inconnu : college, lycee, erea ou cio.")
		}
		f.Type = t
	}
	list, total, err := s.store.ListEtablissements(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]Etablissement, len(list))
	for i, e := range list {
		out[i] = etablissementOf(e)
	}
	return writePage(w, r, out, total, offset, limit)
}

func (s *Server) etablissementShow(w http.ResponseWriter, r *http.Request, c *appel) error {
	uai := strings.ToUpper(r.PathValue("uai"))
	if !refdata.ValidUAI(uai) {
		return store.ErrNotFound
	}
	e, err := s.store.GetEtablissement(r.Context(), uai)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, etablissementOf(e))
}
