// Package api serves the JSON API under /api/v1 and its OpenAPI document.
// Every route is declared once, in the table of routes.go: the same table
// registers the handlers and builds the document, so they cannot drift.
// Authentication is by API token only (Authorization: Bearer); a session
// cookie opens nothing here, so the API needs no CSRF protection.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/config"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/workflow"
)

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// Server is the API's HTTP handler.
type Server struct {
	cfg     config.Config
	store   *store.Store
	log     *slog.Logger
	mux     *http.ServeMux
	routes  []Route
	limiter *workflow.Limite
	every   time.Duration // one request refills every this long
	doc     []byte        // the OpenAPI document, built once
}

// New builds the API from its table of routes.
func New(cfg config.Config, s *store.Store, log *slog.Logger) *Server {
	every := time.Minute / time.Duration(max(1, cfg.APIParMinute))
	srv := &Server{cfg: cfg, store: s, log: log, mux: http.NewServeMux(), every: every,
		limiter: workflow.NouvelleLimite(s, every, max(1, cfg.APIRafale))}
	srv.routes = srv.table()
	allow := map[string][]string{}
	for _, rt := range srv.routes {
		srv.mux.Handle(rt.Method+" "+Prefix+rt.Path, srv.wrap(rt))
		allow[rt.Path] = append(allow[rt.Path], rt.Method)
	}
	// Another method on a known path: 405 as a problem, with Allow (the
	// mux's own 405 is plain text).
	for path, methods := range allow {
		srv.mux.Handle(Prefix+path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", strings.Join(methods, ", "))
			writeProblem(w, problem(http.StatusMethodNotAllowed, "Méthode non permise", "Cette adresse accepte : "+strings.Join(methods, ", ")+"."))
		}))
	}
	srv.mux.Handle(Prefix+"/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, problem(http.StatusNotFound, "Ressource introuvable", "Aucune opération de l'API à cette adresse : voir "+Prefix+"/openapi.json."))
	}))
	doc, err := json.MarshalIndent(srv.Document(), "", "  ")
	if err != nil {
		panic("api: document OpenAPI : " + err.Error()) // built from constant Go types: a mistake shows at start-up
	}
	srv.doc = doc
	return srv
}

// SetClock makes the per-token rate limit read the time from now (tests).
func (s *Server) SetClock(now func() time.Time) { s.limiter.SetClock(now) }

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// OpenAPI returns the OpenAPI document (JSON), for the reference page.
func (s *Server) OpenAPI() []byte { return s.doc }

// Routes returns the table of routes.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

// appel is an authenticated call: the token, its account and the
// principal it acts as.
type appel struct {
	Jeton  model.JetonAPI
	Compte model.Compte
	P      model.Principal
	IP     string
}

func (c *appel) actor() workflow.Actor {
	return workflow.Actor{Compte: c.Compte, P: c.P, IP: c.IP, API: true}
}

// handlerFunc is an API handler; its error is turned into a problem.
type handlerFunc func(w http.ResponseWriter, r *http.Request, c *appel) error

func (s *Server) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Every answer is about one token's rights: no shared cache.
		w.Header().Set("Cache-Control", "no-store")
		if rt.Public {
			if err := rt.h(w, r, nil); err != nil {
				s.fail(w, r, err)
			}
			return
		}
		c, err := s.authenticate(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ok, err := s.limiter.Allow(r.Context(), "api|"+strconv.FormatInt(c.Jeton.ID, 10))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(s.every.Seconds()))))
			writeProblem(w, problem(http.StatusTooManyRequests, "Trop de requêtes",
				fmt.Sprintf("Ce jeton est limité à %d requêtes par minute (%d d'affilée) : réessayez après le délai indiqué par Retry-After.", s.cfg.APIParMinute, s.cfg.APIRafale)))
			return
		}
		if rt.Ecriture && c.Jeton.LectureSeule {
			s.fail(w, r, errProblem(http.StatusForbidden, "Jeton en lecture seule", "Ce jeton ne permet que la lecture : créez un jeton en lecture et écriture pour cette opération."))
			return
		}
		if rt.Acces != nil && !rt.Acces(c.P) {
			s.fail(w, r, errProblem(http.StatusForbidden, "Accès refusé", "Le rôle porté par ce jeton ("+c.P.H.Role.Label()+") ne permet pas cette opération."))
			return
		}
		if err := rt.h(w, r, c); err != nil {
			s.fail(w, r, err)
		}
	})
}

var errUnauthorized = errProblem(http.StatusUnauthorized, "Authentification requise",
	"Envoyez un jeton d'API valide dans l'en-tête « Authorization: Bearer cee_… » ; un jeton se crée sur la page « Mes jetons d'API » de votre compte.")

// authenticate reads the bearer token. A revoked or expired token, a
// suspended account or a habilitation removed since look the same: 401.
func (s *Server) authenticate(r *http.Request) (*appel, error) {
	h := r.Header.Get("Authorization")
	scheme, raw, ok := strings.Cut(h, " ")
	raw = strings.TrimSpace(raw)
	if !ok || !strings.EqualFold(scheme, "Bearer") || !strings.HasPrefix(raw, model.PrefixeJetonAPI) || len(raw) > 200 {
		return nil, errUnauthorized
	}
	j, c, err := workflow.JetonAPIUtilise(r.Context(), s.store, auth.HashToken(raw), time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, errUnauthorized
	}
	if err != nil {
		return nil, err
	}
	return &appel{Jeton: j, Compte: c, P: model.Principal{CompteID: c.ID, Email: c.Email, Nom: c.Nom, H: j.Habilitation},
		IP: auth.ClientIP(r, s.cfg.TrustedProxies)}, nil
}

// fail turns an error into a problem. Only user errors (model.Erreur, a
// filter's parameter, a problem built by a handler) give their message in
// detail; any other error is a 500 whose detail gives the request id and no
// text of the error, which is logged with the id, the route and the whole
// chain. Only server errors are logged.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var p *Problem
	var ef workflow.ErreurFiltre
	ue, user := model.ErreurUtilisateur(err)
	switch {
	case errors.As(err, &p):
	case errors.As(err, &ef):
		p = problem(http.StatusBadRequest, "Paramètre invalide", ef.Message)
		p.Errors = []ChampErreur{{Champ: ef.Champ, Message: ef.Message}}
	case errors.Is(err, context.Canceled):
		return
	case errors.Is(err, store.ErrNotFound):
		p = problem(http.StatusNotFound, "Ressource introuvable", "Cette ressource n'existe pas ou n'est pas dans le périmètre du jeton.")
	case errors.Is(err, workflow.ErrVersionPerimee):
		p = problem(http.StatusPreconditionFailed, "Version périmée", "La ressource a changé depuis votre lecture (If-Match ne correspond plus) : relisez-la et recommencez.")
	case user && ue == model.ErrConflit:
		p = problem(http.StatusConflict, "Conflit", "La ressource a changé entre-temps : relisez-la et recommencez.")
	case user && ue.Genre == model.GenreInvalide:
		p = problem(http.StatusUnprocessableEntity, "Données invalides", phrase(ue.Message))
		if ue.Champ != "" {
			p.Errors = []ChampErreur{{Champ: ue.Champ, Message: phrase(ue.Message)}}
		}
	case user && ue.Genre == model.GenreConflit:
		p = problem(http.StatusConflict, "Conflit", phrase(ue.Message))
	case user:
		p = problem(http.StatusConflict, "Changement refusé", phrase(ue.Message))
	default:
		id := w.Header().Get("X-Request-Id") // set by the interface's middleware, which serves the API
		s.log.Error("erreur serveur (API)", "request_id", id, "err", err, "method", r.Method, "pattern", r.Pattern, "path", r.URL.Path)
		p = problem(http.StatusInternalServerError, "Erreur interne",
			"Une erreur inattendue s'est produite ; elle est journalisée. Réessayez plus tard ; si elle persiste, écrivez au support avec la référence "+id+".")
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="cee", error="invalid_token"`)
	}
	writeProblem(w, p)
}

// phrase makes a user error's message a sentence: capital, final stop.
func phrase(m string) string {
	m = upperFirst(strings.TrimSpace(m))
	if m != "" && !strings.HasSuffix(m, ".") {
		m += "."
	}
	return m
}

func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// Problem is an error answer (RFC 9457, application/problem+json).
type Problem struct {
	Type   string        `json:"type" doc:"URI du type d'erreur ; about:blank : le statut HTTP suffit."`
	Title  string        `json:"title" doc:"Résumé en français."`
	Status int           `json:"status"`
	Detail string        `json:"detail" doc:"Ce qui s'est passé et ce qu'il faut faire."`
	Errors []ChampErreur `json:"errors,omitempty" doc:"Erreurs par champ (422) ou par paramètre (400)."`
}

// ChampErreur is one field in error.
type ChampErreur struct {
	Champ   string `json:"champ"`
	Message string `json:"message"`
}

func (p *Problem) Error() string { return p.Title + " : " + p.Detail }

func problem(status int, title, detail string) *Problem {
	return &Problem{Type: "about:blank", Title: title, Status: status, Detail: detail}
}

func errProblem(status int, title, detail string) error { return problem(status, title, detail) }

// fieldErrors is a 422 listing the fields in error, sorted by name.
func fieldErrors(errs map[string]string) error {
	p := problem(http.StatusUnprocessableEntity, "Données invalides", "Corrigez les champs indiqués.")
	for _, k := range sortedKeys(errs) {
		p.Errors = append(p.Errors, ChampErreur{Champ: k, Message: errs[k]})
	}
	return p
}

func writeProblem(w http.ResponseWriter, p *Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// readJSON decodes a request body strictly: an unknown field is an error,
// so that a misspelt field does not silently do nothing.
func readJSON(r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errProblem(http.StatusUnsupportedMediaType, "Type de contenu non pris en charge", "Envoyez le corps en JSON (Content-Type: application/json).")
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return errProblem(http.StatusBadRequest, "Corps illisible", "Le corps n'est pas un JSON conforme au schéma de l'opération : "+err.Error()+".")
	}
	return nil
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, store.ErrNotFound
	}
	return id, nil
}
