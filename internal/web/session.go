package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/store"
)

const sessionCookie = "cee_session"

// user is the signed-in person of a request.
type user struct {
	Compte  model.Compte
	Session store.Session
	P       model.Principal
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
	now := time.Now()
	se, err := s.store.GetSession(ctx, idHash, now, now.Add(-s.cfg.SessionIdle))
	if err != nil {
		return nil, err
	}
	c, err := s.store.GetCompte(ctx, se.CompteID)
	if err != nil {
		return nil, err
	}
	if c.Statut == model.CompteSuspendu {
		s.store.DeleteSession(ctx, idHash)
		return nil, store.ErrNotFound
	}
	// Writing on every request would make each page a write; a minute of
	// precision is plenty for a 30-minute idle timeout.
	if now.Sub(se.LastSeenAt) > time.Minute {
		if err := s.store.TouchSession(ctx, idHash, now); err != nil {
			return nil, err
		}
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

// signIn opens a new session for an account, with a fresh random id (the
// session id is never one the browser brought: no fixation), and ends the
// session the browser had, if any.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, tx *store.Store, c model.Compte, methode string, mfaPending bool, idToken string) error {
	if old, err := r.Cookie(sessionCookie); err == nil {
		tx.DeleteSession(r.Context(), auth.HashToken(old.Value))
	}
	raw, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	se := store.Session{IDHash: hash, CompteID: c.ID, MFAPending: mfaPending, Methode: methode, IP: clientIP(r),
		UserAgent: truncate(r.UserAgent(), 300), IDToken: idToken, ExpiresAt: time.Now().Add(s.cfg.SessionMax)}
	if len(c.Habilitations) > 0 {
		se.HabilitationID = c.Habilitations[0].ID
	}
	if err := tx.CreateSession(r.Context(), se); err != nil {
		return err
	}
	if !mfaPending {
		if err := tx.MarkLogin(r.Context(), c.ID); err != nil {
			return err
		}
		if err := s.audit(r, tx, c, store.AuditConnexion, "compte", c.ID, "", methode); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: raw, Path: "/", HttpOnly: true,
		Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"), SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.SessionMax.Seconds())})
	return nil
}

func (s *Server) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1,
		Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"), SameSite: http.SameSiteLaxMode})
}

// needsTOTP tells whether an account must pass a second factor after a
// password or a link: when one of its roles is in CEE_TOTP_ROLES.
func (s *Server) needsTOTP(c model.Compte) bool {
	for _, h := range c.Habilitations {
		if slices.Contains(s.cfg.TOTPRoles, string(h.Role)) {
			return true
		}
	}
	return false
}

// audit writes a journal line for the acting account.
func (s *Server) audit(r *http.Request, tx *store.Store, actor model.Compte, action, objetType string, objetID int64, academie, detail string) error {
	e := store.Entree{CompteID: actor.ID, Email: actor.Email, IP: clientIP(r), Action: action, ObjetType: objetType,
		Academie: academie, Detail: detail}
	if objetID != 0 {
		e.ObjetID = itoa64(objetID)
	}
	if u := currentUser(r); u != nil && u.Compte.ID == actor.ID {
		e.Role = string(u.P.H.Role)
		if academie == "" {
			e.Academie = u.P.H.Academie
		}
	}
	return tx.Audit(r.Context(), e)
}

// clientIP is the address the journal records and the rate limits count:
// the one observe found behind the trusted proxies (CEE_TRUSTED_PROXIES).
func clientIP(r *http.Request) string {
	if st := stateOf(r.Context()); st != nil && st.clientIP != "" {
		return st.clientIP
	}
	return auth.ClientIP(r, nil)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
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
