package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"cee/internal/auth"
)

// limits guard every login path, per address and per e-mail, so that
// neither guessing passwords or codes nor flooding someone's mailbox works.
// They are per instance: behind a load balancer of n instances the
// effective limit is n times higher, which still stops guessing.
type limits struct {
	perIP    *auth.Limiter
	perEmail *auth.Limiter
}

func newLimits() limits {
	return limits{
		perIP:    auth.NewLimiter(6*time.Second, 20), // 20 at once, then 10 a minute
		perEmail: auth.NewLimiter(time.Minute, 5),    // 5 at once, then 1 a minute
	}
}

var errTooMany = fmt.Errorf("trop de tentatives")

// allow checks both limits for a login attempt; email may be empty.
func (s *Server) allow(r *http.Request, path, email string) error {
	if !s.limits.perIP.Allow(path + "|" + clientIP(r)) {
		return withStatus(http.StatusTooManyRequests, errTooMany)
	}
	if email != "" && !s.limits.perEmail.Allow(path+"|"+strings.ToLower(email)) {
		return withStatus(http.StatusTooManyRequests, errTooMany)
	}
	return nil
}

// SetClock makes the login rate limits read the time from now (tests).
func (s *Server) SetClock(now func() time.Time) {
	s.limits.perIP.SetClock(now)
	s.limits.perEmail.SetClock(now)
}
