package web

import "net/http"

// routes lists every route of the interface in one place. Each route has a
// line in the access table of routes_test.go.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	mux.Handle("GET /static/", s.assets.Handler())
	mux.HandleFunc("GET /healthz", s.handleHealthz)
	mux.Handle("GET /readyz", s.h(s.handleReadyz))
	mux.Handle("GET /metrics", s.metricsHandler())

	mux.Handle("GET /{$}", s.h(s.handleHome))
	mux.Handle("GET /etablissements", s.h(s.handleEtablissementList))
	mux.Handle("GET /etablissements/{uai}", s.h(s.handleEtablissementShow))
	mux.Handle("GET /accessibilite", s.h(s.handleStatic("Déclaration d'accessibilité")))
	mux.Handle("GET /mentions-legales", s.h(s.handleStatic("Mentions légales")))
	mux.Handle("GET /donnees-personnelles", s.h(s.handleStatic("Données personnelles")))

	if s.devPages() {
		mux.Handle("GET /dev/courriels", s.h(s.handleMailList))
		mux.Handle("GET /dev/courriels/{id}", s.h(s.handleMailShow))
		mux.Handle("GET /dev/courriels/{id}/html", s.h(s.handleMailHTML))
		mux.Handle("GET /dev/taches", s.h(s.handleJobList))
		mux.Handle("POST /dev/taches/{id}/relancer", s.h(s.handleJobRetry))
	}
	if s.cfg.Dev {
		mux.Handle("GET /dev/composants", s.h(s.handleGallery))
	}
	mux.Handle("/", s.h(func(w http.ResponseWriter, r *http.Request) error {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}))

	var h http.Handler = mux
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusForbidden)
	}))
	h = cop.Handler(h)
	h = s.securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.observe(h)
	return h
}
