// Package web serves the DSFR interface: routes, middleware, handlers and
// their page templates.
package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"cee/internal/auth"
	"cee/internal/config"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/web/ui"

	"github.com/prometheus/client_golang/prometheus"
)

// Server holds what the handlers need; it is the HTTP handler of the
// interface.
type Server struct {
	mux      *http.ServeMux
	handler  http.Handler
	patterns []string
	oidc     *auth.OIDC // nil when no provider is configured
	limits   limits

	cfg      config.Config
	store    *store.Store
	assets   *ui.Assets
	log      *slog.Logger
	metrics  *metrics
	gatherer prometheus.Gatherer

	api    http.Handler // the JSON API, mounted by MountAPI
	apiDoc []byte       // its OpenAPI document, for the reference page
}

// New builds the interface. oidc may be nil (no ProConnect button).
func New(cfg config.Config, s *store.Store, assets *ui.Assets, log *slog.Logger, reg *prometheus.Registry, oidc *auth.OIDC) *Server {
	srv := &Server{cfg: cfg, store: s, assets: assets, log: log, metrics: newMetrics(reg), gatherer: reg, oidc: oidc, limits: newLimits()}
	srv.handler = srv.routes()
	return srv
}

// ServeHTTP serves the interface.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// handler is an http handler that returns its error to one place that turns
// it into a status and a DSFR error page.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) h(fn handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// statusError carries an HTTP status chosen by a handler.
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

func withStatus(status int, err error) error { return &statusError{status: status, err: err} }

func statusOf(err error) int {
	var se *statusError
	switch {
	case errors.As(err, &se):
		return se.status
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, context.Canceled):
		return 499
	}
	return http.StatusInternalServerError
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		logger(r.Context(), s.log).Error("erreur serveur", "err", err, "path", r.URL.Path)
	}
	if status == 499 {
		return
	}
	l := s.layout(r, "Erreur "+http.StatusText(status))
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "60")
		if errors.Is(err, errLoginBusy) {
			// The server is busy, not the visitor too fast: a few
			// seconds are enough (the line lasts a few hash durations).
			w.Header().Set("Retry-After", "5")
			l.ErrorDetail = errLoginBusy.Error()
		}
	}
	var se *statusError
	if status == http.StatusBadRequest && errors.As(err, &se) {
		// Our own 400 messages are French and say what to change.
		l.ErrorDetail = se.err.Error()
	}
	s.renderError(w, r, status, l)
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	s.renderError(w, r, status, s.layout(r, "Erreur "+http.StatusText(status)))
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, l ui.Layout) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	ui.ErrorPage(l, status).Render(r.Context(), w)
}

// layout builds the page frame; the navigation depends on the user's
// active role.
func (s *Server) layout(r *http.Request, title string) ui.Layout {
	nav := []ui.NavItem{
		{Label: "Accueil", Href: "/"},
		{Label: "Établissements", Href: "/etablissements"},
		{Label: "Statistiques", Href: "/statistiques"},
	}
	l := ui.Layout{Title: title, Assets: s.assets, Dev: s.cfg.Dev}
	if u := currentUser(r); signedIn(u) {
		l.AccountName = u.Compte.Nom
		if l.AccountName == "" {
			l.AccountName = u.Compte.Email
		}
		l.AccountRole = u.P.H.Role.Label()
		l.Attentes = s.attentes(r, u).Total()
		nav = append(nav, ui.NavItem{Label: "Tableau de bord", Href: "/tableau-de-bord"})
		if model.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResDemandes}) {
			nav = append(nav, ui.NavItem{Label: "Demandes", Href: "/demandes"})
		}
		if model.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResJurys}) {
			nav = append(nav, ui.NavItem{Label: "Jurys", Href: "/jurys"})
		}
		// The network and its administration are grouped in menus: a
		// pilote has a dozen entries, more than a header row holds.
		var reseau, admin []ui.NavItem
		if model.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResConseillers}) {
			reseau = append(reseau, ui.NavItem{Label: "Annuaire des CEE", Href: "/conseillers"})
		}
		if model.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResProfessionnels}) {
			reseau = append(reseau, ui.NavItem{Label: "Professionnels", Href: "/professionnels"})
		}
		if animateur(u) || u.P.H.Role == model.RoleConseiller {
			reseau = append(reseau, ui.NavItem{Label: "Animation", Href: "/animation/evenements"})
		}
		nav = append(nav, ui.Menu("Réseau", reseau...)...)
		if model.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResComptes}) {
			admin = append(admin, ui.NavItem{Label: "Comptes", Href: "/comptes"})
		}
		if model.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResJournal}) {
			admin = append(admin, ui.NavItem{Label: "Journal", Href: "/journal"})
		}
		nav = append(nav, ui.Menu("Administration", admin...)...)
	}
	var dev []ui.NavItem
	if s.devPages() {
		dev = append(dev,
			ui.NavItem{Label: "Boîte aux lettres", Href: "/dev/courriels"},
			ui.NavItem{Label: "Tâches", Href: "/dev/taches"},
		)
	}
	if s.cfg.Dev {
		dev = append(dev, ui.NavItem{Label: "Composants", Href: "/dev/composants"})
	}
	nav = append(nav, ui.Menu("Démo", dev...)...)
	active := func(p string) bool { return r.URL.Path == p || (p != "/" && strings.HasPrefix(r.URL.Path, p+"/")) }
	for i := range nav {
		nav[i].Active = nav[i].Href != "" && active(nav[i].Href)
		for j := range nav[i].Items {
			nav[i].Items[j].Active = active(nav[i].Items[j].Href)
			nav[i].Active = nav[i].Active || nav[i].Items[j].Active
		}
	}
	l.Nav = nav
	if f := takeFlash(r); f != nil {
		l.Flash = f
	}
	return l
}

// devPages tells whether the pages for people trying the application (the
// mailbox, the job list) are served: in --dev and --demo only, since the
// mailbox shows every message, login links included.
func (s *Server) devPages() bool { return s.cfg.Dev || s.cfg.Demo }

func render(w http.ResponseWriter, r *http.Request, status int, c interface {
	Render(ctx context.Context, w io.Writer) error
}) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	return c.Render(r.Context(), w)
}

var (
	errNotFoundPage = errors.New("page introuvable")
	errForbidden    = errors.New("accès refusé")
)
