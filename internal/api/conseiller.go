package api

import (
	"net/http"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/workflow"
)

// ConseillerResume is a CEE as the directory lists them, without contact
// details: those come with the record, whose reading is journaled.
type ConseillerResume struct {
	ID             int64                 `json:"id"`
	Academie       string                `json:"academie"`
	Civilite       string                `json:"civilite"`
	Nom            string                `json:"nom"`
	Prenom         string                `json:"prenom"`
	Employeur      string                `json:"employeur"`
	StatutPro      string                `json:"statut_pro" doc:"employeur, salarie, artisan ou autre."`
	CodeNAF        string                `json:"code_naf"`
	CodeCommune    string                `json:"code_commune"`
	NomCommune     string                `json:"nom_commune"`
	Departement    string                `json:"departement"`
	Specialites    []string              `json:"specialites" doc:"Codes de diplôme (CFD) qu'ils peuvent évaluer."`
	Familles       []string              `json:"familles"`
	Metiers        []string              `json:"metiers"`
	EnPause        bool                  `json:"en_pause" doc:"Ne souhaite pas être sollicité pour l'instant."`
	OrganisationID int64                 `json:"organisation_id"`
	Organisation   string                `json:"organisation"`
	Etat           model.EtatDesignation `json:"etat" doc:"État de la désignation courante ; vide sans désignation."`
	FinMandat      *Date                 `json:"fin_mandat"`
	ModifieLe      time.Time             `json:"modifie_le"`
}

// Conseiller is a CEE's record with contact details.
type Conseiller struct {
	ConseillerResume
	Email      string   `json:"email"`
	Telephone  string   `json:"telephone" doc:"Vide quand le CEE l'a masqué et que le jeton ne gère pas sa fiche."`
	Territoire []string `json:"territoire" doc:"Départements d'action ; vide : toute l'académie."`
	Langues    []string `json:"langues"`
}

func conseillerResumeOf(c model.Conseiller) ConseillerResume {
	return ConseillerResume{ID: c.ID, Academie: c.Academie, Civilite: c.Civilite, Nom: c.Nom, Prenom: c.Prenom, Employeur: c.Employeur,
		StatutPro: string(c.StatutPro), CodeNAF: c.CodeNAF, CodeCommune: c.CodeCommune, NomCommune: c.NomCommune, Departement: c.Departement,
		Specialites: nonNil(c.Specialites), Familles: nonNil(c.Familles), Metiers: nonNil(c.Metiers), EnPause: c.EnPause,
		OrganisationID: c.OrganisationID, Organisation: c.Organisation, Etat: c.Etat, FinMandat: datePtr(c.FinMandat), ModifieLe: c.UpdatedAt.UTC()}
}

func (s *Server) conseillerList(w http.ResponseWriter, r *http.Request, c *appel) error {
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	f, err := workflow.FiltreAnnuaire(c.P, r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit, f.Offset = limit, offset
	list, total, err := s.store.SearchConseillers(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]ConseillerResume, len(list))
	for i, x := range list {
		out[i] = conseillerResumeOf(x)
	}
	return writePage(w, r, out, total, offset, limit)
}

func (s *Server) conseillerShow(w http.ResponseWriter, r *http.Request, c *appel) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	x, err := workflow.ConsulterConseiller(r.Context(), s.store, c.actor(), id)
	if err != nil {
		return err
	}
	out := Conseiller{ConseillerResume: conseillerResumeOf(x), Email: x.Email, Territoire: nonNil(x.Territoire), Langues: nonNil(x.Langues)}
	if policy.TelephoneVisible(c.P, x) {
		out.Telephone = x.Telephone
	}
	return writeJSON(w, http.StatusOK, out)
}
