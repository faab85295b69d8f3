package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/export"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// routesTableau registers the dashboards, their CSV downloads, the annual
// bilans and the open statistics. Every signed-in person reaches the
// dashboard page; what it shows is scoped in SQL by their role (a pilote's
// académie, an organisation's CEE, a CEE's own activity, a school's
// requests, the exam division's juries). Roles without a dashboard get a
// page saying so, and 403 on the downloads (model.ResTableauDeBord); the
// bilans are model.ResBilans's.
func (s *Server) routesTableau() {
	s.handle("GET /tableau-de-bord", signedIn, s.handleTableau)
	s.handle("GET /tableau-de-bord/definitions", nil, s.handleDefinitions)
	s.handle("GET /tableau-de-bord/{fichier}", can(model.ResTableauDeBord, model.ActionExporter), s.handleTableauCSV)
	s.handle("GET /tableau-de-bord/bilans", can(model.ResBilans, model.ActionLire), s.handleBilans)
	s.handle("POST /tableau-de-bord/bilans", can(model.ResBilans, model.ActionExporter), s.handleBilanCreate)
	s.handle("GET /tableau-de-bord/bilans/{id}/progression", can(model.ResBilans, model.ActionLire), s.handleBilanProgression)
	s.handle("GET /tableau-de-bord/bilans/{id}/{fichier}", can(model.ResBilans, model.ActionExporter), s.handleBilanFichier)
	s.handle("POST /tableau-de-bord/objectif", can(model.ResComptes, model.ActionGerer), s.handleObjectifCEE)
	s.handle("GET /statistiques", nil, s.handleStatistiques)
	s.handle("GET /statistiques/{fichier}", nil, s.handleStatistiquesCSV)
}

// tableauQuery is the filter form, as read from the URL, with the
// options of its selects.
type tableauQuery struct {
	workflow.Tableau
	Q            url.Values
	Academies    []refdata.Academie
	Departements []refdata.Departement
	Orgs         []model.Organisation
	Annees       []model.AnneeScolaire
}

const maxLignesNonAtteintCSV = 0 // the whole list

// tableauFilter reads the dashboard's filter (workflow.FiltreTableau: the
// scope first, never widened by the query) and the form's options.
func (s *Server) tableauFilter(r *http.Request, now time.Time) (tableauQuery, error) {
	q := r.URL.Query()
	t := tableauQuery{Q: q, Annees: workflow.Annees(now)}
	var err error
	t.Tableau, err = workflow.FiltreTableau(r.Context(), s.store, currentUser(r).P, q, now)
	var ef workflow.ErreurFiltre
	if errors.As(err, &ef) {
		return t, withStatus(http.StatusBadRequest, err)
	}
	if err != nil {
		return t, err
	}
	switch {
	case t.Vue == workflow.VueNationale:
		t.Academies = refdata.Academies()
	case t.F.Academies != nil:
		// A région académique's reader chooses among its académies.
		for _, code := range t.F.Academies {
			if a, ok := refdata.AcademieByCode(code); ok {
				t.Academies = append(t.Academies, a)
			}
		}
	}
	// A département's reader (a territory without académies to choose
	// from) has their département only: no choice of département.
	departemental := t.Vue == workflow.VueTerritoire && t.F.Academies == nil
	if t.F.Academie != "" && t.Vue.Reseau() && !departemental {
		t.Departements = refdata.DepartementsOfAcademie(t.F.Academie)
		if t.Vue != workflow.VueOrganisation {
			if t.Orgs, err = s.store.ListOrganisations(r.Context(), t.F.Academie); err != nil {
				return t, err
			}
		}
	}
	return t, nil
}

type tableauData struct {
	T           tableauQuery
	R           workflow.Rapport
	Chiffres    []workflow.Chiffre
	Series      []workflow.Serie
	NonAtteints []store.NonAtteint
	Couverture  bool // show the coverage and its list
	Inviter     bool // may invite a never-reached school's staff
	Bilans      bool // may produce bilans
	Objectif    bool // may set the académie's target of CEE (pilote, admin on one académie)
	Message     string
	Calcule     time.Time // when the figures were computed (workflow.RapportTableau)
}

// handleTableau is the dashboard of the person's role.
func (s *Server) handleTableau(w http.ResponseWriter, r *http.Request) error {
	now := time.Now()
	t, err := s.tableauFilter(r, now)
	if errors.Is(err, workflow.ErrPasDeTableau) {
		d := tableauData{T: t, Message: "Votre rôle n'a pas de tableau de bord. Les statistiques publiques du réseau restent consultables."}
		return render(w, r, http.StatusOK, tableauPage(s.layout(r, "Tableau de bord"), d))
	}
	if err != nil {
		return err
	}
	d, err := s.tableauCompute(r, t)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, tableauPage(s.layout(r, "Tableau de bord"), d))
}

// tableauCompute computes what the dashboard of t shows.
func (s *Server) tableauCompute(r *http.Request, t tableauQuery) (tableauData, error) {
	rep, calcule, err := workflow.RapportTableau(r.Context(), s.store, t.F, t.Vue, time.Now())
	if err != nil {
		return tableauData{}, err
	}
	d := tableauData{T: t, R: rep, Calcule: calcule, Couverture: t.Vue.Reseau()}
	d.Inviter = d.Couverture && policy.Can(currentUser(r).P, model.ActionGerer, model.Resource{Kind: model.ResComptes})
	d.Bilans = policy.Can(currentUser(r).P, model.ActionLire, model.Resource{Kind: model.ResBilans})
	d.Objectif = (t.Vue == workflow.VueAcademie || t.Vue == workflow.VueNationale) && t.F.Academie != "" &&
		policy.Can(currentUser(r).P, model.ActionGerer, model.Resource{Kind: model.ResComptes, Academie: t.F.Academie})
	d.Chiffres = rep.ChiffresDe(t.Vue)
	d.Series = rep.SeriesDe(t.Vue)
	if d.Couverture {
		d.NonAtteints = rep.Couverture.NonAtteints[:min(workflow.LignesNonAtteints, len(rep.Couverture.NonAtteints))]
	}
	return d, nil
}

// handleTableauCSV sends one chart's data, the key figures or the list of
// schools never reached, with the dashboard's filters and scope; written
// in the journal.
func (s *Server) handleTableauCSV(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutSuffix(r.PathValue("fichier"), ".csv")
	if !ok {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	t, err := s.tableauFilter(r, time.Now())
	if errors.Is(err, workflow.ErrPasDeTableau) {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	if err != nil {
		return err
	}
	var header []string
	var rows [][]string
	switch name {
	case model.IndNonAtteints:
		if !t.Vue.Reseau() {
			return withStatus(http.StatusNotFound, errNotFoundPage)
		}
		list, err := s.store.ListNonAtteints(r.Context(), t.F, maxLignesNonAtteintCSV)
		if err != nil {
			return err
		}
		header = []string{"UAI", "Établissement", "Type", "Commune", "Département", "Éducation prioritaire"}
		for _, e := range list {
			rows = append(rows, []string{e.UAI, e.Nom, model.TypeEtablissement(e.Type).Label(), e.Commune, workflow.LibelleDepartement(e.Departement), workflow.LibelleEP(e.EducationPrioritaire)})
		}
	default:
		d, err := s.tableauCompute(r, t)
		if err != nil {
			return err
		}
		if name == "chiffres" {
			header = []string{"Indicateur", "Valeur"}
			for _, c := range d.Chiffres {
				rows = append(rows, []string{c.Libelle, strings.NewReplacer("\u202f", "", "\u00a0", " ").Replace(c.Valeur)})
			}
			break
		}
		i := slices.IndexFunc(d.Series, func(x workflow.Serie) bool { return x.Code == name })
		if i < 0 {
			return withStatus(http.StatusNotFound, errNotFoundPage)
		}
		header, rows = d.Series[i].Entete(), d.Series[i].Rows()
	}
	if err := workflow.JournaliserExport(r.Context(), s.store, s.actor(r), workflow.Export{ObjetType: "tableau_de_bord", ID: 0, Academie: t.F.Academie, Detail: fmt.Sprintf("%s : %d lignes (%s)", name, len(rows), r.URL.RawQuery)}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"-"+t.F.Annee.Label()+`.csv"`)
	return export.CSV(w, header, rows)
}

// handleDefinitions is the glossary of the indicators, open to all.
func (s *Server) handleDefinitions(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, http.StatusOK, definitionsPage(s.layout(r, "Définitions des indicateurs"), model.Indicateurs()))
}

// csvHref is the download of one chart with the page's filters.
func csvHref(code string, q url.Values) string {
	v := url.Values{}
	for _, k := range []string{"annee", "academie", "departement", "organisation", "secteur"} {
		if x := q.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	h := "/tableau-de-bord/" + code + ".csv"
	if len(v) > 0 {
		h += "?" + v.Encode()
	}
	return h
}

func anneeOptions(as []model.AnneeScolaire) []ui.Option {
	out := make([]ui.Option, 0, len(as))
	for _, a := range as {
		out = append(out, ui.Option{Value: strconv.Itoa(int(a)), Label: a.Label()})
	}
	return out
}

func academieOptions(as []refdata.Academie) []ui.Option {
	out := make([]ui.Option, 0, len(as))
	for _, a := range as {
		out = append(out, ui.Option{Value: a.Code, Label: a.Nom})
	}
	return out
}

func departementOptions(ds []refdata.Departement) []ui.Option {
	out := make([]ui.Option, 0, len(ds))
	for _, d := range ds {
		out = append(out, ui.Option{Value: d.Code, Label: d.Nom + " (" + d.Code + ")"})
	}
	return out
}

func organisationOptions(os []model.Organisation) []ui.Option {
	out := make([]ui.Option, 0, len(os))
	for _, o := range os {
		out = append(out, ui.Option{Value: itoa64(o.ID), Label: o.Nom})
	}
	return out
}

func sectionOptions() []ui.Option {
	var out []ui.Option
	for _, n := range refdata.NAFSections() {
		out = append(out, ui.Option{Value: n.Code, Label: n.Code + " – " + n.Libelle})
	}
	return out
}

// Bar chart geometry, in SVG user units.
const (
	chartW      = 720
	chartLabelW = 300
	chartValueW = 90
	chartRowH   = 28
)

func chartHeight(s workflow.Serie) int { return max(1, len(s.Lignes))*chartRowH + 8 }

func barWidth(s workflow.Serie, l workflow.SerieLigne) int {
	span := chartW - chartLabelW - chartValueW
	if s.Taux {
		if l.Total == 0 {
			return 0
		}
		return l.N * span / l.Total
	}
	m := s.Max()
	if m == 0 {
		return 0
	}
	return max(1, l.N*span/m)
}

func barValue(s workflow.Serie, l workflow.SerieLigne) string {
	if s.Taux {
		return workflow.Pourcent(l.N, l.Total)
	}
	return strconv.Itoa(l.N)
}

// shortLabel keeps an SVG label on one line; the table below has it whole.
func shortLabel(s string) string {
	r := []rune(s)
	if len(r) <= 42 {
		return s
	}
	return string(r[:41]) + "…"
}

func serieTable(s workflow.Serie) ui.TableParams {
	p := ui.TableParams{ID: "donnees-" + s.Code, Caption: "Données : " + s.Titre, Headers: s.Entete(), RowHeaders: true, Empty: "Aucune donnée pour ces critères."}
	for _, row := range s.Rows() {
		cells := make([]ui.TableCell, len(row))
		for i, c := range row {
			cells[i] = ui.TableCell{Text: c, Numeric: i > 0}
		}
		p.Rows = append(p.Rows, cells)
	}
	return p
}

// nonAtteintsTable lists schools never reached; with inviter, each has
// the action that invites its staff with the CEE nearest to it
// (handlePremierContact).
func nonAtteintsTable(list []store.NonAtteint, total int, inviter bool) ui.TableParams {
	p := ui.TableParams{ID: "non-atteints", Caption: fmt.Sprintf("Établissements jamais atteints : les %d premiers sur %d", len(list), total),
		Headers: []string{"Établissement", "UAI", "Type", "Commune", "Éducation prioritaire"}, RowHeaders: true, Empty: "Tous les établissements du périmètre ont été atteints."}
	if inviter {
		p.Headers = append(p.Headers, "Action")
	}
	for _, e := range list {
		row := []ui.TableCell{{Text: e.Nom, Href: "/etablissements/" + e.UAI}, {Text: e.UAI}, {Text: model.TypeEtablissement(e.Type).Label()},
			{Text: e.Commune}, {Text: workflow.LibelleEP(e.EducationPrioritaire)}}
		if inviter {
			row = append(row, ui.TableCell{Content: lienPremierContact(e)})
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

// handleObjectifCEE sets the académie's target of CEE in mandate, shown
// against model.IndCEEActifs: a pilote's own académie, the one chosen by
// an admin.
func (s *Server) handleObjectifCEE(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	r.ParseForm()
	acad := u.P.H.Academie
	if acad == "" {
		acad = r.PostFormValue("academie")
	}
	if _, ok := refdata.AcademieByCode(acad); !ok {
		return withStatus(http.StatusBadRequest, fmt.Errorf("académie %q inconnue", acad))
	}
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("objectif")))
	back := "/tableau-de-bord"
	if u.P.H.Academie == "" {
		back += "?academie=" + url.QueryEscape(acad)
	}
	if err != nil || n < 0 || n > 100000 {
		setFlash(w, ui.KindError, "Objectif non enregistré", "L'objectif est un nombre entier de CEE, 0 pour aucun.")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	err = workflow.DefinirObjectifCEE(r.Context(), s.store, s.actor(r), acad, n)

	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Objectif enregistré", fmt.Sprintf("Objectif de %d CEE en mandat.", n))
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
