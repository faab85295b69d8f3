package web

import (
	"net/http"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// suggestionsMax is how many labels a field proposes: enough to find one's
// own by reading, few enough to read on a phone.
const suggestionsMax = 10

// referentiels are the lists a field may take its entries from, by the
// {kind} of /suggestions/{kind}; schools come from the store.
var referentiels = map[string]func() *refdata.Referentiel{
	"commune":     refdata.ReferentielCommunes,
	"departement": refdata.ReferentielDepartements,
	"activite":    refdata.ReferentielActivites,
	"secteur":     refdata.ReferentielSecteurs,
	"specialite":  refdata.ReferentielSpecialites,
	"metier":      refdata.ReferentielMetiers,
	"convention":  refdata.ReferentielConventions,
}

// suggestionsURL is the URL a field of a kind gives to ui.InputParams.
func suggestionsURL(kind string) string { return "/suggestions/" + kind }

// handleSuggestions lists the labels matching what is typed (q) in a field
// of the kind: the reference data's, accents or not, or the schools of the
// person's académie (all for a national role).
func (s *Server) handleSuggestions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	var libelles []string
	if kind := r.PathValue("kind"); kind == "fiche" {
		list, err := s.suggestionsFiche(r, q)
		if err != nil {
			return err
		}
		for _, f := range list {
			libelles = append(libelles, f.Libelle)
		}
	} else if kind == "etablissement" {
		list, err := workflow.ChercherEtablissements(r.Context(), s.store, currentUser(r).P.H.Academie, q, suggestionsMax)
		if err != nil {
			return err
		}
		for _, e := range list {
			libelles = append(libelles, workflow.LibelleEtablissement(e))
		}
	} else if ref, ok := referentiels[kind]; ok {
		for _, e := range ref().Chercher(q, suggestionsMax) {
			libelles = append(libelles, e.Libelle)
		}
	} else {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	w.Header().Set("Cache-Control", "private, max-age=300")
	return render(w, r, http.StatusOK, ui.SuggestionOptions(libelles))
}

// suggestionsFiche lists the records the invitation's field may name for
// the role chosen in the form (parameter role), in the académie chosen
// (parameter academie) or the person's own when they cannot choose: only to
// those who invite, since it names CEE and professionals.
func (s *Server) suggestionsFiche(r *http.Request, q string) ([]workflow.FicheRole, error) {
	u := currentUser(r)
	if !policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResComptes}) {
		return nil, withStatus(http.StatusNotFound, errNotFoundPage)
	}
	role, err := model.ParseRole(r.URL.Query().Get("role"))
	if err != nil {
		return nil, nil
	}
	f := s.newInvitationForm(u)
	if f.FixedAcademie == "" {
		f.Academie = r.URL.Query().Get("academie")
	}
	return workflow.ChercherFiches(r.Context(), s.store, role, f.Academie, q, suggestionsMax)
}
