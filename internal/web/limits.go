package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"cee/internal/store"
	"cee/internal/workflow"
)

// limits guard every login path, per address and per e-mail, so that
// neither guessing passwords or codes nor flooding someone's mailbox works.
// They hold across instances: behind a load balancer, n instances allow
// what one does (workflow.Limite).
type limits struct {
	perIP    *workflow.Limite
	perEmail *workflow.Limite
}

func newLimits(s *store.Store) limits {
	return limits{
		perIP:    workflow.NouvelleLimite(s, 6*time.Second, 20), // 20 at once, then 10 a minute
		perEmail: workflow.NouvelleLimite(s, time.Minute, 5),    // 5 at once, then 1 a minute
	}
}

var errTooMany = fmt.Errorf("trop de tentatives")

// allowIP checks the per-address limit of a route. The route table applies
// it (rateLimited) before the body is read, so that a flood costs no
// parsing (issue 20, finding 7).
func (s *Server) allowIP(r *http.Request, key string) error {
	return allowed(s.limits.perIP.Allow(r.Context(), "ip|"+key+"|"+clientIP(r)))
}

// allowEmail checks the per-e-mail limit of a login path, once the handler
// has read the address from the form; the per-address limit of the same key
// was applied by the route.
func (s *Server) allowEmail(r *http.Request, key, email string) error {
	return allowed(s.limits.perEmail.Allow(r.Context(), "email|"+key+"|"+strings.ToLower(email)))
}

// allowed is a limit's answer as the handler's error: a 429 when refused,
// the database's error (a 500) when it could not tell.
func allowed(ok bool, err error) error {
	if err != nil {
		return err
	}
	if !ok {
		return withStatus(http.StatusTooManyRequests, errTooMany)
	}
	return nil
}

// Body limits (issue 20, finding 7). Every route reads at most
// formMaxBody, unless the route table gives it more with maxBody (the
// uploads, at their documented size plus the form around the file). The
// limit is applied before anything reads the body: a body announced larger
// is refused at once, and a longer one is cut by http.MaxBytesReader.
const formMaxBody = 1 << 20

var errTooLarge = errors.New("envoi trop volumineux")

// tooLarge is the 413 of a route, with the limit in the page's words.
func tooLarge(limit int64) error {
	return withStatus(http.StatusRequestEntityTooLarge,
		fmt.Errorf("%w : %s au plus pour ce formulaire", errTooLarge, octets(limit)))
}

// octets writes a size the way the forms state it (« 10 Mo »).
func octets(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d Mo", n>>20)
	}
	return fmt.Sprintf("%d ko", max(1, n>>10))
}

// limitBody caps the body of a request at limit. A form route (parse true)
// also reads its form here, in memory, so that a body cut by the limit is a
// 413 rather than a form that looks empty to the handler; an upload route
// leaves the parsing to its handler, which reports a too large file in the
// form.
func limitBody(w http.ResponseWriter, r *http.Request, limit int64, parse bool) error {
	if r.ContentLength > limit {
		return tooLarge(limit)
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if !parse || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return nil
	}
	// ParseMultipartForm drops ParseForm's error on a body that is not
	// multipart, so a urlencoded form over the limit is parsed on its own.
	parseForm := r.ParseForm
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		parseForm = func() error { return r.ParseMultipartForm(limit) }
	}
	var mbe *http.MaxBytesError
	if err := parseForm(); errors.As(err, &mbe) {
		return tooLarge(limit)
	}
	// Other errors (a malformed body) leave the form empty, as before: the
	// handler answers with its own field errors.
	return nil
}

// SetClock makes the login rate limits read the time from now (tests).
func (s *Server) SetClock(now func() time.Time) {
	s.limits.perIP.SetClock(now)
	s.limits.perEmail.SetClock(now)
}
