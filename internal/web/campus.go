package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// routesEtablissementsCampus registers the upload of the Annuaire de
// l'éducation and the pages of the campus des métiers et des qualifications
// and pôles de stage.
func (s *Server) routesEtablissementsCampus() {
	gestion := can(model.ResComptes, model.ActionGerer)
	s.handle("GET /import/etablissements", gestion, s.handleEtablissementImportForm)
	s.handle("POST /import/etablissements", gestion, s.handleEtablissementImport, maxBody(tailleMaxAnnuaire+1<<20))
	s.handle("GET /campus", gestion, s.handleCampusList)
	s.handle("POST /campus", gestion, s.handleCampusCreate)
	// Admins and pilotes (in their académie) and the campus's own
	// animators (role partenaire); anyone else gets 404, as for another
	// académie's campus.
	s.handle("GET /campus/{id}", signedIn, s.handleCampusShow)
	s.handle("POST /campus/{id}/etablissements", gestion, s.handleCampusMembreAdd)
	s.handle("POST /campus/{id}/etablissements/{uai}/retirer", gestion, s.handleCampusMembreRemove)
}

type campusListData struct {
	Items []model.Campus
	V     url.Values
	Errs  map[string]string
	Admin bool
}

func (s *Server) campusListPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string) error {
	u := currentUser(r)
	items, err := s.store.ListCampus(r.Context(), u.P.H.Academie)
	if err != nil {
		return err
	}
	d := campusListData{Items: items, V: v, Errs: errs, Admin: policy.ChoisitAcademie(u.P)}
	return render(w, r, status, campusListPage(s.layout(r, "Campus, pôles de stage et lycées des métiers"), d))
}

// handleCampusList lists the CMQ and pôles de stage of the académie (all
// of them for an admin) with a form to add one.
func (s *Server) handleCampusList(w http.ResponseWriter, r *http.Request) error {
	return s.campusListPage(w, r, http.StatusOK, url.Values{}, map[string]string{})
}

func (s *Server) handleCampusCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	v := r.PostForm
	c := model.Campus{Nom: strings.TrimSpace(v.Get("nom")), Type: model.TypeCampus(v.Get("type")), Academie: u.P.H.Academie}
	errs := c.Errors()
	if c.Academie == "" {
		c.Academie = v.Get("academie")
	}
	if _, ok := refdata.AcademieByCode(c.Academie); !ok {
		errs["academie"] = "Choisissez une académie."
	}
	if len(errs) > 0 {
		return s.campusListPage(w, r, http.StatusUnprocessableEntity, v, errs)
	}
	id, err := workflow.CreerCampus(r.Context(), s.store, s.actor(r), c)
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, c.Type.Label()+" ajouté", c.Nom)
	http.Redirect(w, r, "/campus/"+itoa64(id), http.StatusSeeOther)
	return nil
}

// campusInScope reads the campus of the path, as 404 outside the person's
// scope: an admin reaches every campus, a pilote those of their académie,
// an animator (role partenaire) their own.
func (s *Server) campusInScope(r *http.Request) (model.Campus, error) {
	id, err := pathID(r)
	if err != nil {
		return model.Campus{}, err
	}
	c, err := s.store.GetCampus(r.Context(), id)
	if err != nil {
		return c, err
	}
	if !policy.CampusVisible(currentUser(r).P, c) {
		return c, store.ErrNotFound
	}
	return c, nil
}

type campusShowData struct {
	C          model.Campus
	Membres    []model.Etablissement
	Animateurs []model.Compte
	Gerer      bool // admin or pilote: the forms are shown
	V          url.Values
	Errs       map[string]string
	// The unit's dashboard over a period (du, au as the form writes them;
	// the school year by default) and its latest requests.
	Chiffres   store.ChiffresUnite
	Du, Au     string
	Demandes   []model.Demande
	NbDemandes int
	// Ecrire: the animator may post a request for the unit.
	Ecrire bool
}

// handleCampusShow is a campus's page: its member schools and animators.
// Its animators read it; admins and pilotes also change its members.
func (s *Server) handleCampusShow(w http.ResponseWriter, r *http.Request) error {
	return s.campusShow(w, r, http.StatusOK, url.Values{}, map[string]string{})
}

func (s *Server) campusShow(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string) error {
	c, err := s.campusInScope(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	d := campusShowData{C: c, V: v, Errs: errs, Gerer: can(model.ResComptes, model.ActionGerer)(u)}
	if d.Membres, err = s.store.ListCampusEtablissements(r.Context(), c.ID); err != nil {
		return err
	}
	if d.Animateurs, _, err = s.store.ListComptes(r.Context(), store.CompteFilter{Scope: model.Scope{Academie: c.Academie},
		Role: model.RolePartenaire, Ref: itoa64(c.ID), Limit: 100}); err != nil {
		return err
	}
	q := r.URL.Query()
	du, au, err := workflow.PeriodeUnite(q, time.Now())
	d.Du, d.Au = periodeForm(store.IndicateurFilter{Du: du, Au: au})
	var ef workflow.ErreurFiltre
	if errors.As(err, &ef) {
		// A bad date: the page over the school year, the error on its field.
		d.Errs[ef.Champ], d.Du, d.Au = ef.Message, q.Get("du"), q.Get("au")
		if status == http.StatusOK {
			status = http.StatusBadRequest
		}
	} else if err != nil {
		return err
	}
	ch, err := s.store.ChiffresUnites(r.Context(), store.UniteFilter{CampusID: c.ID, Du: du, Au: au})
	if err != nil {
		return err
	}
	d.Chiffres = ch[0]
	f := demandeFilter(u)
	f.Campus, f.Limit = c.ID, 50
	if d.Demandes, d.NbDemandes, err = s.store.ListDemandes(r.Context(), f); err != nil {
		return err
	}
	if id, ok := policy.CampusDe(u.P); ok && id == c.ID {
		d.Ecrire = canWriteDemande(u.P)
	}
	return render(w, r, status, campusShowPage(s.layout(r, c.Nom), d))
}

func (s *Server) handleCampusMembreAdd(w http.ResponseWriter, r *http.Request) error {
	c, err := s.campusInScope(r)
	if err != nil {
		return err
	}
	r.ParseForm()
	saisie := strings.TrimSpace(r.PostFormValue("uai"))
	errs := map[string]string{}
	e, msg := workflow.EtablissementSaisi(r.Context(), s.store, c.Academie, saisie)
	switch {
	case saisie == "":
		errs["uai"] = "Indiquez l'établissement : tapez les premières lettres de son nom et choisissez dans la liste, ou son UAI."
	case msg != "":
		errs["uai"] = msg
	case e.Academie != c.Academie:
		errs["uai"] = "L'établissement " + e.Nom + " relève de l'académie " + workflow.DeAcademie(e.Academie) + ", pas de celle du campus."
	case containsString(c.Membres, e.UAI):
		errs["uai"] = e.Nom + " est déjà membre."
	case c.Type.MembreUnique() && len(c.Membres) > 0:
		errs["uai"] = "Un lycée des métiers a un seul établissement membre : retirez-le d'abord pour en mettre un autre."
	}
	if len(errs) > 0 {
		return s.campusShow(w, r, http.StatusUnprocessableEntity, r.PostForm, errs)
	}
	err = workflow.AjouterMembreCampus(r.Context(), s.store, s.actor(r), c, e)
	if errors.Is(err, store.ErrConflict) {
		return s.campusShow(w, r, http.StatusUnprocessableEntity, r.PostForm, map[string]string{"uai": e.Nom + " est déjà membre."})
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Établissement ajouté", e.Nom)
	http.Redirect(w, r, "/campus/"+itoa64(c.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleCampusMembreRemove(w http.ResponseWriter, r *http.Request) error {
	c, err := s.campusInScope(r)
	if err != nil {
		return err
	}
	uai, _ := refdata.NormalizeUAI(r.PathValue("uai"))
	err = workflow.RetirerMembreCampus(r.Context(), s.store, s.actor(r), c, uai)

	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Établissement retiré", uai)
	http.Redirect(w, r, "/campus/"+itoa64(c.ID), http.StatusSeeOther)
	return nil
}

func containsString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func campusTable(items []model.Campus, admin bool) ui.TableParams {
	t := ui.TableParams{Caption: "Unités", CaptionHidden: true, Bordered: true,
		Headers: []string{"Nom", "Type", "Établissements membres"}, Empty: "Aucun campus, pôle de stage ni lycée des métiers."}
	if admin {
		t.Headers = append(t.Headers, "Académie")
	}
	for _, c := range items {
		row := []ui.TableCell{{Text: c.Nom, Href: "/campus/" + itoa64(c.ID)}, {Text: c.Type.Label()}, {Text: strconv.Itoa(c.NbMembres), Numeric: true}}
		if admin {
			row = append(row, ui.TableCell{Text: refdata.LibelleAcademie(c.Academie)})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func campusMembresTable(d campusShowData) ui.TableParams {
	t := ui.TableParams{Caption: "Établissements membres", CaptionHidden: true, Bordered: true,
		Headers: []string{"Établissement", "UAI", "Commune", "Type"}, Empty: "Aucun établissement membre."}
	if d.Gerer {
		t.Headers = append(t.Headers, "Action")
	}
	for _, e := range d.Membres {
		row := []ui.TableCell{{Text: e.Nom, Href: "/etablissements/" + e.UAI}, {Text: e.UAI}, {Text: e.NomCommune}, {Text: e.Type.Label()}}
		if d.Gerer {
			row = append(row, ui.TableCell{Content: campusMembreRemoveButton(d.C.ID, e)})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func campusAnimateursTable(items []model.Compte) ui.TableParams {
	t := ui.TableParams{Caption: "Animateurs", CaptionHidden: true, Bordered: true,
		Headers: []string{"Nom", "Courriel", "Statut"}, Empty: "Aucun animateur."}
	for _, c := range items {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: c.Nom}, {Text: c.Email}, {Text: c.Statut.Label()}})
	}
	return t
}

func campusTypeSelect(v, errMsg string) ui.SelectParams {
	p := ui.SelectParams{ID: "campus-type", Name: "type", Label: "Type", Placeholder: "Choisir", Value: v, Error: errMsg, Required: true}
	for _, t := range model.TypesCampus() {
		p.Options = append(p.Options, ui.Option{Value: string(t), Label: t.Label()})
	}
	return p
}

// campusChiffresTable is a unit's dashboard: one figure a line.
func campusChiffresTable(c store.ChiffresUnite) ui.TableParams {
	t := ui.TableParams{Caption: "Chiffres de l'unité sur la période", CaptionHidden: true, Bordered: true, RowHeaders: true,
		Headers: []string{"Indicateur", "Nombre"}}
	for _, l := range workflow.LignesUnite(c) {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: l.Libelle}, {Text: strconv.Itoa(l.N), Numeric: true}})
	}
	return t
}
