package api

import (
	"net/http"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/workflow"
)

// Sollicitation is one person asked to answer a request, with the request.
type Sollicitation struct {
	ID               int64             `json:"id"`
	DemandeID        int64             `json:"demande_id"`
	Titre            string            `json:"titre" doc:"Titre de la demande."`
	Type             model.TypeDemande `json:"type" doc:"Type de la demande."`
	UAI              string            `json:"uai"`
	Etablissement    string            `json:"etablissement"`
	Academie         string            `json:"academie"`
	ConseillerID     int64             `json:"conseiller_id" doc:"Le CEE sollicité ; 0 pour un professionnel."`
	ProfessionnelID  int64             `json:"professionnel_id" doc:"Le professionnel sollicité ; 0 pour un CEE."`
	Nom              string            `json:"nom"`
	Etat             string            `json:"etat" doc:"envoyee, acceptee, declinee, expiree ou annulee."`
	Motif            string            `json:"motif" doc:"Motif d'un refus."`
	Relances         int               `json:"relances"`
	EnvoyeeLe        time.Time         `json:"envoyee_le"`
	RepondueLe       *time.Time        `json:"repondue_le"`
	ExpireLe         time.Time         `json:"expire_le"`
	PlacesOffertes   int               `json:"places_offertes" doc:"Places de stage proposées en acceptant (demande de places)."`
	PlacesConfirmees int               `json:"places_confirmees" doc:"Places confirmées par l'établissement ou le pilote."`
	ElevesPlaces     int               `json:"eleves_places" doc:"Élèves placés chez cet accueil."`
}

// Action is an action (compte rendu) of a CEE, with the CEE's name.
type Action struct {
	Intervention
	Conseiller string `json:"conseiller"`
}

// EntreeJournal is one line of the journal.
type EntreeJournal struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Email     string    `json:"email" doc:"Le compte qui a agi."`
	Role      string    `json:"role"`
	IP        string    `json:"ip"`
	Action    string    `json:"action"`
	ObjetType string    `json:"objet_type"`
	ObjetID   string    `json:"objet_id"`
	Academie  string    `json:"academie"`
	Detail    string    `json:"detail"`
}

var (
	paramDu = Param{Name: "du", In: "query", Format: "date", Description: "Premier jour (inclus)."}
	paramAu = Param{Name: "au", In: "query", Format: "date", Description: "Dernier jour (inclus) ; pas avant « du »."}
)

// filtres reads a list's filters as the web's exports do; a bad or
// contradictory one is a 400 naming the parameter.
func filtres(c *appel, l model.ListeExport, r *http.Request) (workflow.RequeteExport, error) {
	req, errs := workflow.LireFiltres(c.P, l, r.URL.Query(), store.AuditActionConnue)
	for _, champ := range []string{"du", "au", "etat", "etat_demande", "type", "action", "depuis", "format"} {
		if msg, ok := errs[champ]; ok {
			return req, paramError(champ, msg)
		}
	}
	return req, nil
}

func (s *Server) sollicitationList(w http.ResponseWriter, r *http.Request, c *appel) error {
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	req, err := filtres(c, model.ExportSollicitations, r)
	if err != nil {
		return err
	}
	f := *req.Sollicitations
	total, err := s.store.CompterSollicitations(r.Context(), f)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = limit, offset
	out := []Sollicitation{}
	err = s.store.EachSollicitation(r.Context(), f, func(l store.SollicitationLigne) error {
		out = append(out, Sollicitation{ID: l.ID, DemandeID: l.DemandeID, Titre: l.Titre, Type: l.Type, UAI: l.UAI, Etablissement: l.Etablissement,
			Academie: l.Academie, ConseillerID: l.ConseillerID, ProfessionnelID: l.ProfessionnelID, Nom: l.Nom, Etat: string(l.Etat),
			Motif: l.Motif, Relances: l.Relances, EnvoyeeLe: l.CreatedAt, RepondueLe: l.RepondueLe, ExpireLe: l.ExpireLe,
			PlacesOffertes: l.PlacesOffertes, PlacesConfirmees: l.PlacesConfirmees, ElevesPlaces: l.ElevesPlaces})
		return nil
	})
	if err != nil {
		return err
	}
	return writePage(w, r, out, total, offset, limit)
}

func (s *Server) actionList(w http.ResponseWriter, r *http.Request, c *appel) error {
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	req, err := filtres(c, model.ExportActions, r)
	if err != nil {
		return err
	}
	f := *req.Actions
	total, err := s.store.CountInterventions(r.Context(), f)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = limit, offset
	out := []Action{}
	err = s.store.EachIntervention(r.Context(), f, func(a store.InterventionLigne) error {
		out = append(out, Action{Conseiller: a.Conseiller, Intervention: Intervention{ID: a.ID, ConseillerID: a.ConseillerID, DemandeID: a.DemandeID,
			Academie: a.Academie, Type: a.Type, Date: dateOf(a.Date), DureeMinutes: a.DureeMinutes, UAI: a.UAI, Etablissement: a.Etablissement,
			Eleves: a.Eleves, Niveaux: nonNil(a.Niveaux), Professionnels: a.Professionnels, Description: a.Description}})
		return nil
	})
	if err != nil {
		return err
	}
	return writePage(w, r, out, total, offset, limit)
}

func (s *Server) journalList(w http.ResponseWriter, r *http.Request, c *appel) error {
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	req, err := filtres(c, model.ExportJournal, r)
	if err != nil {
		return err
	}
	f := *req.Journal
	f.Limit, f.Offset = limit, offset
	list, total, err := s.store.ListJournal(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]EntreeJournal, len(list))
	for i, e := range list {
		out[i] = EntreeJournal{ID: e.ID, At: e.At, Email: e.Email, Role: e.Role, IP: e.IP, Action: e.Action, ObjetType: e.ObjetType,
			ObjetID: e.ObjetID, Academie: e.Academie, Detail: e.Detail}
	}
	return writePage(w, r, out, total, offset, limit)
}

// Participant is one person invited to a network event, and their answer.
type Participant struct {
	ID              int64      `json:"id"`
	ConseillerID    int64      `json:"conseiller_id" doc:"0 pour un professionnel."`
	ProfessionnelID int64      `json:"professionnel_id" doc:"0 pour un CEE."`
	Nom             string     `json:"nom"`
	Email           string     `json:"email"`
	Etat            string     `json:"etat" doc:"invite, inscrit, attente (liste d'attente) ou annule."`
	Present         bool       `json:"present" doc:"Présence relevée le jour de l'événement."`
	InscritLe       *time.Time `json:"inscrit_le"`
}

// participantList lists an event's people for its animators, as the web's
// « Participants » export; another territory's event is 404.
func (s *Server) participantList(w http.ResponseWriter, r *http.Request, c *appel) error {
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.GetEvenement(r.Context(), id, policy.ScopeOf(c.P))
	if err != nil {
		return err
	}
	list, err := s.store.ListParticipations(r.Context(), e.ID)
	if err != nil {
		return err
	}
	out := []Participant{}
	for i := offset; i < len(list) && i < offset+limit; i++ {
		p := list[i]
		out = append(out, Participant{ID: p.ID, ConseillerID: p.ConseillerID, ProfessionnelID: p.ProfessionnelID, Nom: p.Nom, Email: p.Email,
			Etat: string(p.Etat), Present: p.Present, InscritLe: p.InscritLe})
	}
	return writePage(w, r, out, len(list), offset, limit)
}
