package api

import (
	"errors"
	"net/http"
	"time"

	"cee/internal/workflow"
)

// Indicateurs are the figures of the token's dashboard: the same filter,
// scope and selection as the web page (workflow.FiltreTableau).
type Indicateurs struct {
	Perimetre string    `json:"perimetre" doc:"« Académie de Toulouse », « National », le nom de l'organisation…"`
	Annee     int       `json:"annee" doc:"Année de rentrée de l'année scolaire (2026 pour 2026-2027)."`
	Chiffres  []Chiffre `json:"chiffres"`
	Series    []Serie   `json:"series"`
	Calcule   time.Time `json:"calcule_le"`
}

// Chiffre is a key figure as the dashboard prints it; the counts behind
// it are in the series.
type Chiffre struct {
	Code    string `json:"code" doc:"Code de l'indicateur (voir /tableau-de-bord/definitions)."`
	Libelle string `json:"libelle"`
	Valeur  string `json:"valeur" doc:"Valeur mise en forme, en français."`
}

// Serie is an indicator broken down (a chart of the dashboard).
type Serie struct {
	Code       string       `json:"code"`
	Titre      string       `json:"titre"`
	Definition string       `json:"definition"`
	Colonne    string       `json:"colonne" doc:"Ce qui est compté."`
	Taux       bool         `json:"taux" doc:"Chaque ligne est n sur total (une part)."`
	Lignes     []SerieLigne `json:"lignes"`
}

// SerieLigne is one line of a serie.
type SerieLigne struct {
	Cle     string `json:"cle" doc:"Code derrière le libellé (département, académie, section NAF…), s'il y en a un."`
	Libelle string `json:"libelle"`
	N       int    `json:"n"`
	Total   int    `json:"total" doc:"Le total dont n est une part, pour une série en taux ; 0 sinon."`
}

func (s *Server) indicateurs(w http.ResponseWriter, r *http.Request, c *appel) error {
	now := time.Now()
	t, err := workflow.FiltreTableau(r.Context(), s.store, c.P, r.URL.Query(), now)
	if errors.Is(err, workflow.ErrPasDeTableau) {
		return errProblem(http.StatusForbidden, "Accès refusé", "Le rôle porté par ce jeton n'a pas de tableau de bord.")
	}
	if err != nil {
		return err
	}
	rep, calcule, err := workflow.RapportTableau(r.Context(), s.store, t.F, t.Vue, now)
	if err != nil {
		return err
	}
	out := Indicateurs{Perimetre: t.Perimetre, Annee: int(t.F.Annee), Chiffres: []Chiffre{}, Series: []Serie{}, Calcule: calcule.UTC().Truncate(time.Second)}
	for _, x := range rep.ChiffresDe(t.Vue) {
		out.Chiffres = append(out.Chiffres, Chiffre{Code: x.Code, Libelle: x.Libelle, Valeur: x.Valeur})
	}
	for _, x := range rep.SeriesDe(t.Vue) {
		se := Serie{Code: x.Code, Titre: x.Titre, Definition: x.Definition, Colonne: x.Colonne, Taux: x.Taux, Lignes: []SerieLigne{}}
		for _, l := range x.Lignes {
			se.Lignes = append(se.Lignes, SerieLigne{Cle: l.Cle, Libelle: l.Libelle, N: l.N, Total: l.Total})
		}
		out.Series = append(out.Series, se)
	}
	return writeJSON(w, http.StatusOK, out)
}
