package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// departementSaisi is the code of the département chosen or typed, or the
// text as typed when no département answers to it (the form says why).
func departementSaisi(s string) string {
	if code, _ := workflow.LireReference(refdata.ReferentielDepartements(), s); code != "" {
		return code
	}
	return strings.TrimSpace(s)
}

// criteresOf reads a segment's criteria from a form, bounded to the
// reader's territory.
func criteresOf(u *user, v url.Values) model.Criteres {
	c := model.Criteres{Conseillers: slices.Contains(v["qui"], "conseillers"), Professionnels: slices.Contains(v["qui"], "professionnels"),
		Academie: v.Get("academie"), Departement: departementSaisi(v.Get("departement")), SectionNAF: v.Get("naf"),
		Famille: v.Get("famille"), EtatMandat: v.Get("etat")}
	c.OrganisationID, _ = strconv.ParseInt(v.Get("organisation"), 10, 64)
	c.DesignesDepuisMois, _ = strconv.Atoi(v.Get("depuis"))
	if c.DesignesDepuisMois < 0 {
		c.DesignesDepuisMois = 0
	}
	return c.Borner(animationScope(u))
}

type segmentData struct {
	V              url.Values
	Errs           map[string]string
	Items          []segmentLigne
	Organisations  []model.Organisation
	Admin, OrgSeul bool
	Conseillers    int
	Professionnels int
}

type segmentLigne struct {
	S      model.Segment
	Compte int
}

func (s *Server) segmentPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, errs map[string]string) error {
	u := currentUser(r)
	d := segmentData{V: v, Errs: errs, Admin: policy.ChoisitAcademie(u.P)}
	_, d.OrgSeul = policy.OrganisationDe(u.P)
	list, err := s.store.ListSegments(r.Context(), animationScope(u))
	if err != nil {
		return err
	}
	now := time.Now()
	for _, sg := range list {
		a, b, err := s.store.CountCriteres(r.Context(), sg.Criteres.Borner(animationScope(u)), now)
		if err != nil {
			return err
		}
		d.Items = append(d.Items, segmentLigne{S: sg, Compte: a + b})
	}
	if !d.OrgSeul {
		if d.Organisations, err = s.store.ListOrganisations(r.Context(), u.P.H.Academie); err != nil {
			return err
		}
	}
	if d.Conseillers, d.Professionnels, err = s.store.CountCriteres(r.Context(), criteresOf(u, v), now); err != nil {
		return err
	}
	return render(w, r, status, segmentPage(s.layout(r, "Segments du réseau"), d))
}

// handleSegments shows the segment builder, with the live count, and the
// segments already saved.
func (s *Server) handleSegments(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	if len(v) == 0 {
		v = url.Values{"qui": {"conseillers"}}
	}
	return s.segmentPage(w, r, http.StatusOK, v, map[string]string{})
}

// handleSegmentCompte answers the builder's htmx requests with the count
// of the criteria being typed.
func (s *Server) handleSegmentCompte(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	a, b, err := s.store.CountCriteres(r.Context(), criteresOf(u, r.URL.Query()), time.Now())
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, segmentCompte(a, b))
}

func (s *Server) handleSegmentCreate(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	v := r.PostForm
	c := criteresOf(u, v)
	sg := model.Segment{Academie: c.Academie, OrganisationID: c.OrganisationID, Nom: strings.TrimSpace(v.Get("nom")), Criteres: c, AuteurID: u.Compte.ID}
	errs := sg.Errors()
	if _, msg := workflow.LireReference(refdata.ReferentielDepartements(), v.Get("departement")); msg != "" {
		errs["departement"] = msg
	}
	if len(errs) > 0 {
		return s.segmentPage(w, r, http.StatusUnprocessableEntity, v, errs)
	}
	if _, ok := policy.OrganisationDe(u.P); !ok {
		sg.OrganisationID = 0 // a filter of the criteria, not the owner
	}
	if _, err := workflow.CreerSegment(r.Context(), s.store, sg); err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Segment enregistré", "Invitez-le à un événement ou envoyez-lui une annonce.")
	http.Redirect(w, r, "/animation/segments", http.StatusSeeOther)
	return nil
}

func segmentNafSelect(v string) ui.SelectParams {
	p := ui.SelectParams{ID: "segment-naf", Name: "naf", Label: "Secteur (section NAF)", Placeholder: "Tous les secteurs", Value: v}
	for _, n := range refdata.NAFSections() {
		p.Options = append(p.Options, ui.Option{Value: n.Code, Label: n.Code + " — " + n.Libelle})
	}
	return p
}

func segmentFamilleSelect(v string) ui.SelectParams {
	return ui.SelectParams{ID: "segment-famille", Name: "famille", Label: "Famille de métiers (CEE)", Placeholder: "Toutes les familles", Value: v,
		Options: familleOptions()}
}

func segmentEtatSelect(v string) ui.SelectParams {
	p := ui.SelectParams{ID: "segment-etat", Name: "etat", Label: "État du mandat (CEE)", Placeholder: "Tous les états", Value: v}
	for _, e := range model.EtatsDesignation() {
		p.Options = append(p.Options, ui.Option{Value: string(e), Label: e.Label()})
	}
	return p
}

func segmentDepuisSelect(v string) ui.SelectParams {
	return ui.SelectParams{ID: "segment-depuis", Name: "depuis", Label: "Désignés depuis moins de (CEE)", Placeholder: "Peu importe", Value: v,
		Options: []ui.Option{{Value: "6", Label: "6 mois"}, {Value: "12", Label: "un an"}, {Value: "24", Label: "deux ans"}}}
}

func segmentAcademieSelect(v string) ui.SelectParams {
	p := ui.SelectParams{ID: "segment-academie", Name: "academie", Label: "Académie", Placeholder: "Toutes (national)", Value: v}
	for _, a := range refdata.Academies() {
		p.Options = append(p.Options, ui.Option{Value: a.Code, Label: a.Nom})
	}
	return p
}

func segmentQui(v url.Values, errMsg string) ui.CheckboxGroupParams {
	return ui.CheckboxGroupParams{ID: "segment-qui", Name: "qui", Legend: "Qui", Values: v["qui"], Inline: true, Error: errMsg,
		Options: []ui.Option{{Value: "conseillers", Label: "Conseillers entreprises pour l'École"}, {Value: "professionnels", Label: "Professionnels du réseau (avec leur accord)"}}}
}

func segmentTable(list []segmentLigne, organisations []model.Organisation) ui.TableParams {
	t := ui.TableParams{ID: "segments", Caption: "Segments enregistrés", Headers: []string{"Nom", "Critères", "Personnes"},
		Empty: "Aucun segment enregistré."}
	for _, l := range list {
		t.Rows = append(t.Rows, []ui.TableCell{{Text: l.S.Nom}, {Text: workflow.ResumeCriteres(l.S.Criteres, organisations)}, {Text: strconv.Itoa(l.Compte), Numeric: true}})
	}
	return t
}
