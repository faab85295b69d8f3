// Package web serves the DSFR interface: routes, middleware, handlers and
// their page templates. A handler parses the request, calls one workflow
// function for any write or audited read (the login path included: it sets
// the cookie of the session workflow opened) and renders.
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
	"cee/internal/policy"
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
	srv := &Server{cfg: cfg, store: s, assets: assets, log: log, metrics: newMetrics(reg), gatherer: reg, oidc: oidc, limits: newLimits(s)}
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
	case errors.Is(err, context.Canceled):
		return 499
	case store.Unavailable(err):
		return http.StatusServiceUnavailable
	}
	if ue, ok := model.ErreurUtilisateur(err); ok {
		return statusGenre(ue.Genre)
	}
	return http.StatusInternalServerError
}

// statusGenre is the status of a user error on a page of its own; a form
// shown again with the message uses 422 (statusForm).
func statusGenre(g model.Genre) int {
	switch g {
	case model.GenreIntrouvable:
		return http.StatusNotFound
	case model.GenreConflit:
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

// userMessage is the text of err that may be shown to a person: the
// message of a user error (model.Erreur).
// Any other error (a database, a file system, a network) has no text for
// people: ok is false and the caller returns err, which fail turns into a
// 500 page with a request id.
func userMessage(err error) (msg string, ok bool) {
	ue, ok := model.ErreurUtilisateur(err)
	if !ok {
		return "", false
	}
	return ue.Message, true
}

// phrase makes a message a sentence: capital first letter, final stop.
func phrase(m string) string {
	m = capitalize(strings.TrimSpace(m))
	if m != "" && !strings.HasSuffix(m, ".") && !strings.HasSuffix(m, "?") && !strings.HasSuffix(m, "!") {
		m += "."
	}
	return m
}

// fail answers an error a handler returned: a user error becomes its
// status and message; any other error is a 500 page giving the request id,
// so the person can quote it, and one log line with the request id, the
// route and the whole wrapped chain. Only 5xx are logged as errors.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status == 499 {
		return
	}
	l := s.layout(r, "Erreur "+http.StatusText(status))
	if status >= 500 {
		logger(r.Context(), s.log).Error("erreur serveur", "err", err, "method", r.Method, "pattern", r.Pattern, "path", r.URL.Path, "status", status)
		l.RequestID = requestID(r)
	}
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "60")
		if errors.Is(err, errLoginBusy) {
			// The server is busy, not the visitor too fast: a few
			// seconds are enough (the line lasts a few hash durations).
			w.Header().Set("Retry-After", "5")
			l.ErrorDetail = messageLoginBusy
		}
	}
	var se *statusError
	if msg, ok := userMessage(err); ok && status < 500 && status != http.StatusNotFound {
		// A 404 page says it all; « introuvable » would add nothing.
		l.ErrorDetail = phrase(msg)
	} else if (status == http.StatusBadRequest || status == http.StatusRequestEntityTooLarge) && errors.As(err, &se) {
		// Our own 400 and 413 messages (an address's parameter, a body
		// over the route's limit) are French and say what to change.
		l.ErrorDetail = phrase(se.err.Error())
	}
	if status == http.StatusServiceUnavailable {
		// The database does not answer: a moment's wait is the only remedy.
		w.Header().Set("Retry-After", "60")
		l.ErrorDetail = "La base de données du service ne répond pas : réessayez dans une minute."
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
		l.NonLues = s.nonLues(r, u)
		nav = append(nav, ui.NavItem{Label: "Tableau de bord", Href: "/tableau-de-bord"})
		if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResDemandes}) {
			nav = append(nav, ui.NavItem{Label: "Demandes", Href: "/demandes"})
		}
		if policy.Can(u.P, model.ActionGerer, model.Resource{Kind: model.ResJurys}) {
			nav = append(nav, ui.NavItem{Label: "Jurys", Href: "/jurys"})
		}
		// The network and its administration are grouped in menus: a
		// pilote has a dozen entries, more than a header row holds.
		var reseau, admin []ui.NavItem
		if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResConseillers}) {
			reseau = append(reseau, ui.NavItem{Label: "Annuaire des CEE", Href: "/conseillers"})
		}
		if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResProfessionnels}) {
			reseau = append(reseau, ui.NavItem{Label: "Professionnels", Href: "/professionnels"})
		}
		if policy.VoitAnimation(u.P) {
			reseau = append(reseau, ui.NavItem{Label: "Animation", Href: "/animation/evenements"})
		}
		if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResExpertises}) {
			reseau = append(reseau, ui.NavItem{Label: "Avis d'expertise", Href: "/expertises"})
		}
		nav = append(nav, ui.Menu("Réseau", reseau...)...)
		if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResComptes}) {
			admin = append(admin, ui.NavItem{Label: "Comptes", Href: "/comptes"})
		}
		if policy.Can(u.P, model.ActionLire, model.Resource{Kind: model.ResJournal}) {
			admin = append(admin, ui.NavItem{Label: "Journal", Href: "/journal"})
		}
		for _, ok := range exportables(u.P) {
			if ok {
				admin = append(admin, ui.NavItem{Label: "Exports", Href: "/exports"})
				break
			}
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
	ctx, out := ui.WithHTMXDetection(r.Context(), w)
	return c.Render(ctx, out)
}

var (
	errNotFoundPage = errors.New("page introuvable")
	errForbidden    = errors.New("accès refusé")
)
