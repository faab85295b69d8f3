package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/workflow"
)

const sessionCookie = "cee_session"

// user is the signed-in person of a request.
type user struct {
	Compte  model.Compte
	Session store.Session
	P       model.Principal
	// attentes is read once per request (Server.attentes): the header's
	// counter and the home page's queue are the same numbers.
	attentes *store.Attentes
}

func currentUser(r *http.Request) *user { return userIn(r.Context()) }

func userIn(ctx context.Context) *user {
	if st := stateOf(ctx); st != nil {
		return st.user
	}
	return nil
}

// loadSession attaches the session's user to the request's state, if the
// cookie names a live session of an account that may log in. It does not
// copy the request (see requestState).
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" || len(c.Value) > 100 {
			next.ServeHTTP(w, r)
			return
		}
		u, err := s.userOf(r.Context(), auth.HashToken(c.Value))
		if err != nil {
			if !errors.Is(err, store.ErrNotFound) {
				s.fail(w, r, err)
				return
			}
			s.clearCookie(w)
			next.ServeHTTP(w, r)
			return
		}
		if st := stateOf(r.Context()); st != nil {
			st.user = u
		} else {
			r = r.WithContext(context.WithValue(r.Context(), stateKey, &requestState{user: u}))
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) userOf(ctx context.Context, idHash string) (*user, error) {
	se, c, err := workflow.SessionActive(ctx, s.store, idHash, time.Now(), s.cfg.SessionIdle)
	if err != nil {
		return nil, err
	}
	u := &user{Compte: c, Session: se, P: model.Principal{CompteID: c.ID, Email: c.Email, Nom: c.Nom}}
	for _, h := range c.Habilitations {
		if h.ID == se.HabilitationID {
			u.P.H = h
		}
	}
	if u.P.H.Role == "" && len(c.Habilitations) > 0 {
		u.P.H = c.Habilitations[0]
	}
	return u, nil
}

// reglesSession are the session rules of the configuration, for the login
// path in workflow.
func (s *Server) reglesSession() workflow.ReglesSession {
	return workflow.ReglesSession{Max: s.cfg.SessionMax, RolesTOTP: s.cfg.TOTPRoles}
}

// navigateur is what the login path needs of the request: the client's
// address and user agent, and the session the browser already has (a new
// one replaces it: no fixation).
func (s *Server) navigateur(r *http.Request) workflow.Navigateur {
	n := workflow.Navigateur{IP: clientIP(r), UserAgent: r.UserAgent(), Now: time.Now()}
	if old, err := r.Cookie(sessionCookie); err == nil && old.Value != "" {
		n.Ancienne = auth.HashToken(old.Value)
	}
	if u := currentUser(r); u != nil {
		n.Courant = u.P
	}
	return n
}

// setSessionCookie gives the browser the id of the session the login path
// opened (raw: the database has only its hash).
func (s *Server) setSessionCookie(w http.ResponseWriter, raw string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: raw, Path: "/", HttpOnly: true,
		Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"), SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.SessionMax.Seconds())})
}

func (s *Server) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1,
		Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"), SameSite: http.SameSiteLaxMode})
}

// clientIP is the address the journal records and the rate limits count:
// the one observe found behind the trusted proxies (CEE_TRUSTED_PROXIES).
func clientIP(r *http.Request) string {
	if st := stateOf(r.Context()); st != nil && st.clientIP != "" {
		return st.clientIP
	}
	return auth.ClientIP(r, nil)
}

// loginURL sends an anonymous visitor to the login page, back to where
// they were going afterwards.
func loginURL(r *http.Request) string {
	return "/connexion?retour=" + url.QueryEscape(r.URL.RequestURI())
}

// safeReturn keeps only local paths, so that the login page cannot be used
// to redirect someone to another site (issue 20, finding 5). The check is
// made on what a browser will read: the URL standard strips leading and
// trailing control characters and spaces, removes every tab and newline,
// and reads a backslash as a slash in http(s) URLs, so "/\t/evil.example"
// is "//evil.example" to a browser. The cleaned value must then parse as a
// path on this site: no scheme, no host, one leading slash.
func safeReturn(v string) string {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
	v = strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r':
			return -1
		case '\\':
			return '/'
		}
		return r
	}, v)
	if !strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//") {
		return "/"
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return v
}
