package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
)

const pageSize = 25

type etablissementListData struct {
	Filter     store.EtablissementFilter
	Items      []model.Etablissement
	Total      int
	Page       int
	Pages      int
	Academies  []refdata.Academie
	Query      url.Values
	FilterErrs map[string]string
}

// handleEtablissementList lists schools. The Annuaire de l'éducation is
// public open data, so this list needs no account.
func (s *Server) handleEtablissementList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := etablissementListData{Academies: refdata.Academies(), Query: q, Page: 1, FilterErrs: map[string]string{}}
	f := store.EtablissementFilter{Nom: strings.TrimSpace(q.Get("q")), Limit: pageSize}
	f.Nom = model.Couper(f.Nom, model.LongueurNom) // a search: shortened, not refused
	if a := q.Get("academie"); a != "" {
		if _, ok := refdata.AcademieByCode(a); ok {
			f.Academie = a
		} else {
			d.FilterErrs["academie"] = "Académie inconnue : choisissez-en une dans la liste."
		}
	}
	if t := q.Get("type"); t != "" {
		switch model.TypeEtablissement(t) {
		case model.College, model.Lycee, model.EREA, model.CIO:
			f.Type = model.TypeEtablissement(t)
		default:
			d.FilterErrs["type"] = "Type inconnu : choisissez-en un dans la liste."
		}
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return withStatus(http.StatusBadRequest, fmt.Errorf("numéro de page %q invalide", p))
		}
		d.Page = n
	}
	f.Offset = (d.Page - 1) * pageSize
	items, total, err := s.store.ListEtablissements(r.Context(), f)
	if err != nil {
		return err
	}
	d.Filter, d.Items, d.Total = f, items, total
	d.Pages = max(1, (total+pageSize-1)/pageSize)
	if d.Page > d.Pages {
		return withStatus(http.StatusNotFound, fmt.Errorf("page %d au-delà de la dernière (%d)", d.Page, d.Pages))
	}
	status := http.StatusOK
	if len(d.FilterErrs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return render(w, r, status, etablissementListPage(s.layout(r, "Établissements"), d))
}

// pageURL keeps the filters when moving between pages.
func (d etablissementListData) pageURL(n int) string {
	q := url.Values{}
	for k, v := range d.Query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return "/etablissements?" + q.Encode()
}

// etablissementOfPath reads the school named by the {uai} of the path; a
// malformed UAI is a 404 like an unknown one.
func (s *Server) etablissementOfPath(r *http.Request) (model.Etablissement, error) {
	uai := strings.ToUpper(r.PathValue("uai"))
	if !refdata.ValidUAI(uai) {
		return model.Etablissement{}, withStatus(http.StatusNotFound, fmt.Errorf("UAI %q invalide", uai))
	}
	return s.store.GetEtablissement(r.Context(), uai)
}

func (s *Server) handleEtablissementShow(w http.ResponseWriter, r *http.Request) error {
	e, err := s.etablissementOfPath(r)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, etablissementShowPage(s.layout(r, e.Nom), e))
}

func voies(e model.Etablissement) string {
	var v []string
	if e.VoieGenerale {
		v = append(v, "générale")
	}
	if e.VoieTechnologique {
		v = append(v, "technologique")
	}
	if e.VoieProfessionnelle {
		v = append(v, "professionnelle")
	}
	if len(v) == 0 {
		return "—"
	}
	return strings.Join(v, ", ")
}

func academieSelect(d etablissementListData) ui.SelectParams {
	p := ui.SelectParams{ID: "filtre-academie", Name: "academie", Label: "Académie", Placeholder: "Toutes les académies",
		Value: d.Query.Get("academie"), Error: d.FilterErrs["academie"]}
	for _, a := range d.Academies {
		p.Options = append(p.Options, ui.Option{Value: a.Code, Label: a.Nom})
	}
	return p
}

func typeSelect(d etablissementListData) ui.SelectParams {
	p := ui.SelectParams{ID: "filtre-type", Name: "type", Label: "Type", Placeholder: "Tous les types",
		Value: d.Query.Get("type"), Error: d.FilterErrs["type"]}
	for _, t := range []model.TypeEtablissement{model.College, model.Lycee, model.EREA, model.CIO} {
		p.Options = append(p.Options, ui.Option{Value: string(t), Label: t.Label()})
	}
	return p
}

func etablissementTable(d etablissementListData) ui.TableParams {
	t := ui.TableParams{Caption: "Liste des établissements", CaptionHidden: true, Bordered: true,
		Headers: []string{"UAI", "Nom", "Type", "Commune", "Académie"},
		Empty:   "Aucun établissement ne correspond à ces critères."}
	for _, e := range d.Items {
		t.Rows = append(t.Rows, []ui.TableCell{
			{Text: e.UAI},
			{Text: e.Nom, Href: "/etablissements/" + e.UAI},
			{Text: e.Type.Label()},
			{Text: e.NomCommune + " (" + e.Departement + ")"},
			{Text: refdata.LibelleAcademie(e.Academie)},
		})
	}
	return t
}
