package api

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/workflow"
)

// Demande is a school's request as the API shows it.
type Demande struct {
	ID               int64             `json:"id"`
	Academie         string            `json:"academie" doc:"Code de l'académie."`
	UAI              string            `json:"uai" doc:"Établissement demandeur ; vide pour une demande sans établissement."`
	Etablissement    string            `json:"etablissement"`
	Departement      string            `json:"departement"`
	CodeCommune      string            `json:"code_commune"`
	Type             model.TypeDemande `json:"type"`
	Titre            string            `json:"titre"`
	Description      string            `json:"description"`
	Niveaux          []string          `json:"niveaux"`
	Eleves           int               `json:"eleves"`
	NAF              []string          `json:"naf" doc:"Codes NAF recherchés (section, division ou sous-classe)."`
	Familles         []string          `json:"familles" doc:"Familles de métiers recherchées."`
	Metiers          []string          `json:"metiers"`
	Specialites      []string          `json:"specialites" doc:"Codes de diplôme (CFD)."`
	Creneaux         []Creneau         `json:"creneaux"`
	DatesAuChoix     bool              `json:"dates_au_choix" doc:"Les créneaux sont des alternatives : la première personne qui accepte en choisit un."`
	CreneauRetenu    []Creneau         `json:"creneau_retenu" doc:"Le créneau choisi (dates au choix), seul envoyé aux agendas : un élément, ou aucun."`
	DistanceMaxKm    int               `json:"distance_max_km" doc:"Distance maximale des personnes sollicitées ; 0 : celle de l'académie pour ce type."`
	Debut            *Date             `json:"debut" doc:"Ou une période : premier jour."`
	Fin              *Date             `json:"fin" doc:"Dernier jour de la période."`
	Lieu             string            `json:"lieu"`
	Personnes        int               `json:"personnes" doc:"Nombre de personnes recherchées."`
	Places           int               `json:"places" doc:"Places de stage recherchées (types stage et stage_seconde) ; 0 pour les autres types."`
	ContactNom       string            `json:"contact_nom"`
	ContactEmail     string            `json:"contact_email"`
	ContactTelephone string            `json:"contact_telephone"`
	Etat             model.EtatDemande `json:"etat"`
	Echeance         *Date             `json:"echeance" doc:"Fin de la recherche : expirée si personne n'est trouvé."`
	MotifAnnulation  string            `json:"motif_annulation"`
	Acceptees        int               `json:"acceptees" doc:"Sollicitations acceptées."`
	Version          int               `json:"version" doc:"Version de la demande, augmentée à chaque changement ; l'ETag la reprend."`
	CreeLe           time.Time         `json:"cree_le"`
	ModifieLe        time.Time         `json:"modifie_le"`
}

// Creneau is a wanted half-day or day.
type Creneau struct {
	Jour   Date   `json:"jour"`
	Moment string `json:"moment" doc:"AM (matin), PM (après-midi) ou vide (journée)."`
}

func demandeOf(d model.Demande) Demande {
	out := Demande{ID: d.ID, Academie: d.Academie, UAI: d.UAI, Etablissement: d.Etablissement, Departement: d.Departement,
		CodeCommune: d.CodeCommune, Type: d.Type, Titre: d.Titre, Description: d.Description, Niveaux: nonNil(d.Niveaux),
		Eleves: d.Eleves, NAF: nonNil(d.NAF), Familles: nonNil(d.Familles), Metiers: nonNil(d.Metiers), Specialites: nonNil(d.Specialites),
		Creneaux: []Creneau{}, Debut: datePtr(d.Debut), Fin: datePtr(d.Fin), Lieu: d.Lieu, Personnes: d.Personnes, Places: d.Places,
		ContactNom: d.ContactNom, ContactEmail: d.ContactEmail, ContactTelephone: d.ContactTelephone, Etat: d.Etat,
		Echeance: datePtr(&d.Echeance), MotifAnnulation: d.MotifAnnulation, Acceptees: d.Acceptees, Version: d.Version,
		CreeLe: d.CreatedAt.UTC(), ModifieLe: d.UpdatedAt.UTC()}
	for _, c := range d.Creneaux {
		out.Creneaux = append(out.Creneaux, Creneau{Jour: dateOf(c.Jour), Moment: c.Moment})
	}
	out.DatesAuChoix, out.DistanceMaxKm, out.CreneauRetenu = d.DatesAuChoix, d.DistanceMaxKm, []Creneau{}
	if r := d.Retenu; r != nil {
		out.CreneauRetenu = []Creneau{{Jour: dateOf(r.Jour), Moment: r.Moment}}
	}
	return out
}

// etag is the strong validator of a request: its version.
func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// ifMatch reads the version an update is based on: 428 without If-Match.
// A value that is not one of our ETags cannot match: 412.
func ifMatch(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.Header.Get("If-Match"))
	if v == "" {
		return 0, errProblem(http.StatusPreconditionRequired, "If-Match requis",
			"Cette modification exige l'en-tête If-Match avec l'ETag lu sur la ressource, pour ne pas écraser un changement fait entre-temps.")
	}
	n, err := strconv.Atoi(strings.Trim(v, `"`))
	if err != nil || n < 1 || v != etag(n) {
		return 0, workflow.ErrVersionPerimee
	}
	return n, nil
}

func (s *Server) demandeList(w http.ResponseWriter, r *http.Request, c *appel) error {
	limit, offset, err := pageParams(r)
	if err != nil {
		return err
	}
	f := workflow.FiltreDemandes(c.P)
	q := r.URL.Query()
	for _, e := range q["etat"] {
		if !slices.Contains(model.EtatsDemande(), model.EtatDemande(e)) {
			return paramError("etat", "État « "+e+" » inconnu.")
		}
		f.Etats = append(f.Etats, model.EtatDemande(e))
	}
	if t := q.Get("type"); t != "" {
		if !slices.Contains(model.TypesDemande(), model.TypeDemande(t)) {
			return paramError("type", "Type « "+t+" » inconnu.")
		}
		f.Type = model.TypeDemande(t)
	}
	f.Limit, f.Offset = limit, offset
	list, total, err := s.store.ListDemandes(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]Demande, len(list))
	for i, d := range list {
		out[i] = demandeOf(d)
	}
	return writePage(w, r, out, total, offset, limit)
}

func (s *Server) demandeShow(w http.ResponseWriter, r *http.Request, c *appel) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.store.GetDemande(r.Context(), id, workflow.FiltreDemandes(c.P))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(d.Version))
	return writeJSON(w, http.StatusOK, demandeOf(d))
}

// DemandeSaisie is a new request. Field errors (422) name these fields;
// « dates » stands for creneaux, debut and fin.
type DemandeSaisie struct {
	Type             model.TypeDemande `json:"type,omitempty"`
	Titre            string            `json:"titre,omitempty"`
	Description      string            `json:"description,omitempty"`
	Academie         string            `json:"academie,omitempty" doc:"Pour un jeton national seulement : l'académie de la demande."`
	UAI              string            `json:"uai,omitempty" doc:"L'établissement ; imposé pour un jeton d'établissement."`
	Commune          string            `json:"commune,omitempty" doc:"Sans établissement : code INSEE de la commune."`
	Lieu             string            `json:"lieu,omitempty"`
	Niveaux          []string          `json:"niveaux,omitempty"`
	Eleves           int               `json:"eleves,omitempty"`
	NAF              []string          `json:"naf,omitempty"`
	Familles         []string          `json:"familles,omitempty"`
	Metiers          []string          `json:"metiers,omitempty"`
	Specialites      []string          `json:"specialites,omitempty" doc:"Codes de diplôme à 8 chiffres ou intitulés exacts."`
	Creneaux         []Creneau         `json:"creneaux,omitempty" doc:"10 au plus."`
	DatesAuChoix     bool              `json:"dates_au_choix,omitempty" doc:"Les créneaux sont des alternatives (deux au moins)."`
	DistanceMaxKm    *int              `json:"distance_max_km,omitempty" doc:"De 1 à 500 km ; absent : la valeur de l'académie pour ce type."`
	Debut            *Date             `json:"debut,omitempty"`
	Fin              *Date             `json:"fin,omitempty"`
	Personnes        int               `json:"personnes,omitempty"`
	Places           int               `json:"places,omitempty" doc:"Places de stage recherchées, de 1 à 500 : obligatoire pour les types stage et stage_seconde, ignoré pour les autres."`
	ContactNom       string            `json:"contact_nom,omitempty"`
	ContactEmail     string            `json:"contact_email,omitempty"`
	ContactTelephone string            `json:"contact_telephone,omitempty"`
	Soumettre        bool              `json:"soumettre,omitempty" doc:"true : la demande est envoyée (complète) ; sinon elle reste un brouillon."`
}

func (s *Server) demandeCreate(w http.ResponseWriter, r *http.Request, c *appel) error {
	var in DemandeSaisie
	if err := readJSON(r, &in); err != nil {
		return err
	}
	errs := map[string]string{}
	saisie := workflow.SaisieDemande{Type: in.Type, Titre: strings.TrimSpace(in.Titre), Description: strings.TrimSpace(in.Description),
		Lieu: strings.TrimSpace(in.Lieu), ContactNom: strings.TrimSpace(in.ContactNom), ContactEmail: strings.TrimSpace(in.ContactEmail),
		ContactTelephone: strings.TrimSpace(in.ContactTelephone), Academie: in.Academie, UAI: strings.TrimSpace(in.UAI),
		Commune: strings.TrimSpace(in.Commune), Niveaux: in.Niveaux, NAF: in.NAF, Familles: in.Familles, Metiers: in.Metiers,
		Specialites: in.Specialites, Eleves: in.Eleves, Personnes: in.Personnes, Places: in.Places}
	for _, cr := range in.Creneaux {
		mc, err := model.ParseCreneau(string(cr.Jour) + cr.Moment)
		if err != nil {
			errs["dates"] = "Créneau invalide : jour au format AAAA-MM-JJ, moment AM, PM ou vide."
			continue
		}
		saisie.Creneaux = append(saisie.Creneaux, mc)
	}
	if in.Debut != nil || in.Fin != nil {
		a, err1 := parseDate(in.Debut)
		b, err2 := parseDate(in.Fin)
		if err1 != nil || err2 != nil {
			errs["dates"] = "Période : « debut » et « fin », deux dates au format AAAA-MM-JJ."
		} else {
			saisie.Debut, saisie.Fin = &a, &b
		}
	}
	saisie.DatesAuChoix = in.DatesAuChoix
	if in.DistanceMaxKm != nil {
		saisie.DistanceMaxKm = *in.DistanceMaxKm
		if m := model.ErreurDistanceSaisie(*in.DistanceMaxKm); m != "" {
			errs["distance_max_km"] = m
		}
	}
	d := workflow.LireDemande(r.Context(), s.store, c.P, c.Compte.ID, saisie, errs)
	workflow.ControlerDemande(d, in.Soumettre, errs)
	if len(errs) > 0 {
		return fieldErrors(errs)
	}
	id, err := workflow.EnregistrerDemande(r.Context(), s.store, c.actor(), s.cfg.BaseURL, d, in.Soumettre)
	if err != nil {
		return err
	}
	saved, err := s.store.GetDemande(r.Context(), id, workflow.FiltreDemandes(c.P))
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/demandes/"+strconv.FormatInt(id, 10))
	w.Header().Set("ETag", etag(saved.Version))
	return writeJSON(w, http.StatusCreated, demandeOf(saved))
}

func parseDate(d *Date) (time.Time, error) {
	if d == nil {
		return time.Time{}, errors.New("date manquante")
	}
	return time.Parse(time.DateOnly, string(*d))
}

// Transition is a change of a request's state.
type Transition struct {
	Etat     model.EtatDemande `json:"etat" doc:"L'état visé ; les passages permis dépendent de l'état actuel et du rôle."`
	Motif    string            `json:"motif,omitempty" doc:"Obligatoire pour annuler : les personnes sollicitées le liront."`
	Echeance *Date             `json:"echeance,omitempty" doc:"Nouvelle échéance, pour relancer la recherche d'une demande expirée."`
}

func (s *Server) demandeTransition(w http.ResponseWriter, r *http.Request, c *appel) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in Transition
	if err := readJSON(r, &in); err != nil {
		return err
	}
	// Read the record first: another académie's request is 404 whatever
	// the headers, as on the web.
	f := workflow.FiltreDemandes(c.P)
	if _, err := s.store.GetDemande(r.Context(), id, f); err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	if !slices.Contains(model.EtatsDemande(), in.Etat) {
		return fieldErrors(map[string]string{"etat": "État « " + string(in.Etat) + " » inconnu."})
	}
	var echeance time.Time
	if in.Echeance != nil {
		if echeance, err = parseDate(in.Echeance); err != nil {
			return fieldErrors(map[string]string{"echeance": "Date au format AAAA-MM-JJ."})
		}
	}
	err = workflow.ChangerEtatDemandeVersion(r.Context(), s.store, c.actor(), s.cfg.BaseURL, f, id, version, in.Etat, strings.TrimSpace(in.Motif), echeance)
	if err != nil {
		return err
	}
	d, err := s.store.GetDemande(r.Context(), id, f)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(d.Version))
	return writeJSON(w, http.StatusOK, demandeOf(d))
}
