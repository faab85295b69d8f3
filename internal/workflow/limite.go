package workflow

import (
	"context"
	"time"

	"cee/internal/auth"
	"cee/internal/store"
)

// Limite is a rate limit (login paths per address and per e-mail, API per
// token) that holds across the instances of a deployment: an event is
// allowed when both this instance's bucket in memory and the bucket shared
// in the database have a token. The one in memory refuses a flood without a
// write; the shared one keeps an attacker spreading their attempts over n
// instances to the allowance of one.
type Limite struct {
	local *auth.Limiter
	store *store.Store
	every time.Duration
	burst int
	now   func() time.Time
}

// NouvelleLimite allows burst events at once per key, then one per every.
func NouvelleLimite(s *store.Store, every time.Duration, burst int) *Limite {
	return &Limite{local: auth.NewLimiter(every, burst), store: s, every: every, burst: burst, now: time.Now}
}

// SetClock makes both buckets read the time from now (tests).
func (l *Limite) SetClock(now func() time.Time) {
	l.local.SetClock(now)
	l.now = now
}

// Allow reports whether one more event for key is allowed now, and counts
// it if so. An error is the database's: the caller fails the request.
func (l *Limite) Allow(ctx context.Context, key string) (bool, error) {
	if !l.local.Allow(key) {
		return false, nil
	}
	return l.store.ConsumeLimite(ctx, key, l.every, l.burst, l.now())
}
