package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/export"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// routesExports registers the exports of the lists (each with the list's
// filters and scoped to the role like the list itself) and the page of
// prepared exports. The format is a parameter: format=csv (the default) or
// xlsx.
func (s *Server) routesExports() {
	s.handle("GET /demandes/export", can(model.ResDemandes, model.ActionExporter), s.handleExport(model.ExportDemandes))
	s.handle("GET /sollicitations/export", can(model.ResDemandes, model.ActionExporter), s.handleExport(model.ExportSollicitations))
	s.handle("GET /actions/export", can(model.ResConseillers, model.ActionExporter), s.handleExport(model.ExportActions))
	s.handle("GET /professionnels/export", can(model.ResProfessionnels, model.ActionExporter), s.handleExport(model.ExportProfessionnels))
	s.handle("GET /journal/export", can(model.ResJournal, model.ActionExporter), s.handleExport(model.ExportJournal))
	s.handle("GET /animation/evenements/{id}/participants/export", can(model.ResDesignations, model.ActionGerer), s.handleExport(model.ExportParticipants))
	s.handle("GET /exports", signedIn, s.handleExports)
	s.handle("GET /exports/{id}", signedIn, s.handleExportShow)
	s.handle("GET /exports/{id}/fichier", signedIn, s.handleExportFichier)
}

// exportable is a list the person may export, for the page of exports.
func exportables(p model.Principal) map[model.ListeExport]bool {
	return map[model.ListeExport]bool{
		model.ExportDemandes:       policy.Can(p, model.ActionExporter, model.Resource{Kind: model.ResDemandes}),
		model.ExportSollicitations: policy.Can(p, model.ActionExporter, model.Resource{Kind: model.ResDemandes}),
		model.ExportActions:        policy.Can(p, model.ActionExporter, model.Resource{Kind: model.ResConseillers}),
		model.ExportProfessionnels: policy.Can(p, model.ActionExporter, model.Resource{Kind: model.ResProfessionnels}),
		model.ExportJournal:        policy.Can(p, model.ActionExporter, model.Resource{Kind: model.ResJournal}),
	}
}

// filtres reads the filters of list l from the query, within the person's
// scope (workflow.LireFiltres), and for the participants the event, if the
// person manages it.
func (s *Server) filtres(r *http.Request, l model.ListeExport) (workflow.RequeteExport, map[string]string, error) {
	req, errs := workflow.LireFiltres(currentUser(r).P, l, r.URL.Query(), func(a string) bool { return auditActionLabel(a) != a })
	if l == model.ExportParticipants {
		e, err := s.evenementOf(r)
		if err != nil {
			return req, nil, err
		}
		req.Participants = &workflow.FiltreParticipants{EvenementID: e.ID}
		req.Filtres = "événement " + strconv.FormatInt(e.ID, 10)
	}
	return req, errs, nil
}

// handleExport sends list l as a spreadsheet: at once, written as the rows
// are read, when it is short enough; otherwise it records an export that a
// job prepares and shows its progress.
func (s *Server) handleExport(l model.ListeExport) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		req, errs, err := s.filtres(r, l)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return s.exportsPage(w, r, http.StatusUnprocessableEntity, l, errs)
		}
		n, err := workflow.CompterExport(r.Context(), s.store, req)
		if err != nil {
			return err
		}
		if n > workflow.SeuilExportDirect {
			id, err := workflow.LancerExport(r.Context(), s.store, s.actor(r), req, n, time.Now())
			if err != nil {
				return err
			}
			http.Redirect(w, r, "/exports/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
			return nil
		}
		w.Header().Set("Content-Type", req.Format.ContentType())
		w.Header().Set("Content-Disposition", `attachment; filename="`+req.NomFichier(time.Now())+`"`)
		return workflow.EcrireExport(r.Context(), s.store, s.actor(r), req, n, w)
	}
}

type exportsData struct {
	Listes   map[model.ListeExport]bool
	Prepares []store.Export
	// Liste and Errs: the form sent back with its errors.
	Liste model.ListeExport
	Errs  map[string]string
	Query url.Values
}

func (s *Server) handleExports(w http.ResponseWriter, r *http.Request) error {
	return s.exportsPage(w, r, http.StatusOK, "", nil)
}

func (s *Server) exportsPage(w http.ResponseWriter, r *http.Request, status int, l model.ListeExport, errs map[string]string) error {
	u := currentUser(r)
	prepares, err := s.store.ListExports(r.Context(), u.Compte.ID, time.Now())
	if err != nil {
		return err
	}
	d := exportsData{Listes: exportables(u.P), Prepares: prepares, Liste: l, Errs: errs, Query: r.URL.Query()}
	return render(w, r, status, exportsPage(s.layout(r, "Exports"), d))
}

// exportOf is a prepared export of the person: 404 for anyone else's.
func (s *Server) exportOf(r *http.Request) (store.Export, error) {
	id, err := pathID(r)
	if err != nil {
		return store.Export{}, err
	}
	e, err := workflow.ExportDe(r.Context(), s.store, s.actor(r), id, time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return e, withStatus(http.StatusNotFound, err)
	}
	return e, err
}

// handleExportShow shows a prepared export's progress (refreshed by htmx
// while it is being written) and its download once ready.
func (s *Server) handleExportShow(w http.ResponseWriter, r *http.Request) error {
	e, err := s.exportOf(r)
	if err != nil {
		return err
	}
	if r.Header.Get("HX-Request") == "true" {
		return render(w, r, http.StatusOK, exportProgression(e))
	}
	return render(w, r, http.StatusOK, exportShowPage(s.layout(r, "Export : "+e.Liste.Label()), e))
}

func (s *Server) handleExportFichier(w http.ResponseWriter, r *http.Request) error {
	e, err := s.exportOf(r)
	if err != nil {
		return err
	}
	if e.Etat != model.ExportPret {
		return withStatus(http.StatusConflict, errors.New("export pas encore prêt"))
	}
	f := export.Format(e.Format)
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Length", strconv.FormatInt(e.Taille, 10))
	w.Header().Set("Content-Disposition", `attachment; filename="`+string(e.Liste)+"-"+e.CreatedAt.Format("2006-01-02")+"."+e.Format+`"`)
	return workflow.TelechargerExport(r.Context(), s.store, s.actor(r), e, w)
}

// seuilExport is the threshold shown on the page of exports, with the
// thousands separated as in French (« 10 000 »).
func seuilExport() string {
	s := strconv.Itoa(workflow.SeuilExportDirect)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(c)
	}
	return b.String()
}

func exportFormatLabel(f string) string { return strings.ToUpper(f) }

func exportFiltres(e store.Export) string {
	if e.Libelle == "" {
		return ""
	}
	return " (filtres : " + e.Libelle + ")"
}

func etatDemandeOptions() []ui.Option {
	var out []ui.Option
	for _, e := range model.EtatsDemande() {
		out = append(out, ui.Option{Value: string(e), Label: e.Label()})
	}
	return out
}

func journalActionSelect(v, errMsg string) ui.SelectParams {
	p := actionFilter(v)
	p.ID, p.Error = "export-journal-action", errMsg
	return p
}

// exportHrefOf is the export of a list page with its query (without its
// page number), ready for a format parameter.
func exportHrefOf(path string, q url.Values) string {
	c := url.Values{}
	for k, v := range q {
		if k != "page" && k != "format" {
			c[k] = v
		}
	}
	if len(c) == 0 {
		return path + "?"
	}
	return path + "?" + c.Encode() + "&"
}
