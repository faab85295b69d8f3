package api

import (
	"net/http"
	"strings"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/workflow"
)

// ProfessionnelResume is a professional of the wider network as listed:
// for the académie, only those who consented; for a CEE, their own
// invitations.
type ProfessionnelResume struct {
	ID            int64        `json:"id"`
	Academie      string       `json:"academie"`
	Civilite      string       `json:"civilite"`
	Nom           string       `json:"nom"`
	Prenom        string       `json:"prenom"`
	Entreprise    string       `json:"entreprise"`
	StatutPro     string       `json:"statut_pro" doc:"employeur, salarie, artisan, autre, ou vide : inconnu (compté parmi les salariés dans les jurys)."`
	CodeNAF       string       `json:"code_naf"`
	CodeCommune   string       `json:"code_commune"`
	NomCommune    string       `json:"nom_commune"`
	Departement   string       `json:"departement"`
	Consentements Consentement `json:"consentements"`
	ConsentLe     *Date        `json:"consent_le" doc:"Date du consentement ; null : invité, pas encore joignable."`
}

// Consentement is what a professional agreed to be contacted for.
type Consentement struct {
	Interventions bool `json:"interventions"`
	Visites       bool `json:"visites"`
	Stages        bool `json:"stages"`
	Jurys         bool `json:"jurys"`
	MaxParMois    int  `json:"max_par_mois" doc:"Sollicitations par mois au plus ; 0 : la valeur de l'académie."`
	DistanceMaxKm int  `json:"distance_max_km" doc:"Distance maximale depuis son domicile, en km ; 0 : la valeur de l'académie."`
}

// Professionnel is a professional's record with contact details.
type Professionnel struct {
	ProfessionnelResume
	Email     string `json:"email"`
	Telephone string `json:"telephone"`
}

func professionnelResumeOf(p model.Professionnel) ProfessionnelResume {
	return ProfessionnelResume{ID: p.ID, Academie: p.Academie, Civilite: p.Civilite, Nom: p.Nom, Prenom: p.Prenom, Entreprise: p.Entreprise,
		StatutPro: string(p.StatutPro), CodeNAF: p.CodeNAF, CodeCommune: p.CodeCommune, NomCommune: p.NomCommune, Departement: p.Departement,
		Consentements: Consentement(p.Consent), ConsentLe: datePtr(p.ConsentLe)}
}

func (s *Server) professionnelList(w http.ResponseWriter, r *http.Request, c *appel) error {
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		q = q[:200]
	}
	list, total, err := s.store.SearchProfessionnels(r.Context(), store.ProfessionnelFilter{Scope: policy.ScopeOf(c.P), Q: q, Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	out := make([]ProfessionnelResume, len(list))
	for i, p := range list {
		out[i] = professionnelResumeOf(p)
	}
	return writePage(w, r, out, total, offset, limit)
}

func (s *Server) professionnelShow(w http.ResponseWriter, r *http.Request, c *appel) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := workflow.ConsulterProfessionnel(r.Context(), s.store, c.actor(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, Professionnel{ProfessionnelResume: professionnelResumeOf(p), Email: p.Email, Telephone: p.Telephone})
}
