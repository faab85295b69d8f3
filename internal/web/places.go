package web

import (
	"net/http"
	"strconv"
	"strings"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// Places de stage (issue 19, item 2): the request page's block where the
// school or the pilote confirms, host by host, the places taken and the
// pupils placed. Kept apart from demande.go: the request page's other
// blocks change for other reasons.

// placesData is the block's content: the sums, and the hosts who accepted.
type placesData struct {
	D       model.Demande
	P       model.Places
	Hotes   []model.Sollicitation // accepted, with the places they offer
	CanEdit bool                  // the school or the pilote confirms
	// The form sent back with an error, on the host it concerns.
	Form   map[string]string // field name → value typed
	ErrID  int64
	Champ  string
	ErrMsg string
}

// placesOf builds the block of d from its solicitations; form and err come
// from a confirmation refused (422), nil otherwise.
func placesOf(d demandeShowData) placesData {
	p := placesData{D: d.D, P: model.SommePlaces(d.Sollicitations), CanEdit: d.Acteur == model.ParPilote || d.Acteur == model.ParDemandeur}
	for _, so := range d.Sollicitations {
		if so.Etat == model.SollicitationAcceptee {
			p.Hotes = append(p.Hotes, so)
		}
	}
	if id, err := strconv.ParseInt(d.Form.Get("sollicitation"), 10, 64); err == nil && d.PlacesErr != nil {
		p.ErrID, p.Champ, p.ErrMsg = id, d.PlacesErr.Champ, d.PlacesErr.Message
		p.Form = map[string]string{"places_confirmees": d.Form.Get("places_confirmees"), "eleves_places": d.Form.Get("eleves_places")}
	}
	return p
}

// valeur is what the host's field shows: the value typed when the form
// came back with an error, else the one recorded.
func (p placesData) valeur(so model.Sollicitation, champ string, recorded int) string {
	if p.ErrID == so.ID {
		return p.Form[champ]
	}
	return strconv.Itoa(recorded)
}

// erreur is the message of the host's field in error, "" otherwise.
func (p placesData) erreur(so model.Sollicitation, champ string) string {
	return erreurSi(p.ErrID == so.ID && p.Champ == champ, p.ErrMsg)
}

// nombreSaisi reads a whole number typed in a form: -1 (refused by the
// model with the field's bounds) when not a number, 0 when empty.
func nombreSaisi(r *http.Request, name string) int {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

// handlePlacesConfirmer records the places confirmed with one host and
// the pupils placed there.
func (s *Server) handlePlacesConfirmer(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	soID, err := strconv.ParseInt(r.PathValue("sollicitation"), 10, 64)
	if err != nil {
		return withStatus(http.StatusNotFound, store.ErrNotFound)
	}
	r.ParseForm()
	r.PostForm.Set("sollicitation", strconv.FormatInt(soID, 10))
	err = workflow.ConfirmerPlaces(r.Context(), s.store, s.actor(r), demandeFilter(u), id, soID,
		nombreSaisi(r, "places_confirmees"), nombreSaisi(r, "eleves_places"))
	if e, ok := model.ErreurUtilisateur(err); ok && e.Genre == model.GenreInvalide {
		return s.showDemandeWith(w, r, http.StatusUnprocessableEntity, "", r.PostForm, e)
	}
	if err != nil {
		return s.refusDemande(w, r, err)
	}
	setFlash(w, ui.KindSuccess, "Places enregistrées", "Les places confirmées et les élèves placés comptent dans les indicateurs et le bilan.")
	http.Redirect(w, r, "/demandes/"+itoa64(id)+"#places", http.StatusSeeOther)
	return nil
}
