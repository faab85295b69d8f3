package workflow

import (
	"context"
	"sync"
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
	// lot is how many tokens an instance takes from the shared bucket at
	// once, and avance the ones it took and has not used yet, per key.
	lot    int
	mu     sync.Mutex
	avance map[string]int
}

// lotMin is the smallest burst taken by lots: the API's (60 by default).
// The write of the shared bucket cost 0.25 ms of the server's CPU and
// 0.45 ms of PostgreSQL's per API call on the national demo, a quarter of
// the list's 3 ms budget (issue 21); by lots of a tenth of the burst it is
// one call in six. The login paths' buckets (5 and 20) are too small to
// lend in advance: one instance would hold what the others may need.
const lotMin = 50

// NouvelleLimite allows burst events at once per key, then one per every.
func NouvelleLimite(s *store.Store, every time.Duration, burst int) *Limite {
	l := &Limite{local: auth.NewLimiter(every, burst), store: s, every: every, burst: burst, now: time.Now, lot: 1}
	if burst >= lotMin {
		l.lot, l.avance = burst/10, map[string]int{}
	}
	return l
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
	if l.lot == 1 {
		return l.store.ConsumeLimite(ctx, key, l.every, l.burst, 1, l.now())
	}
	l.mu.Lock()
	if l.avance[key] > 0 {
		l.avance[key]--
		if l.avance[key] == 0 {
			delete(l.avance, key)
		}
		l.mu.Unlock()
		return true, nil
	}
	l.mu.Unlock()
	// A whole lot, or else the last tokens one by one: what this instance
	// holds in advance is taken from the others, never added to them.
	ok, err := l.store.ConsumeLimite(ctx, key, l.every, l.burst, l.lot, l.now())
	if err != nil {
		return false, err
	}
	if !ok {
		return l.store.ConsumeLimite(ctx, key, l.every, l.burst, 1, l.now())
	}
	l.mu.Lock()
	l.avance[key] += l.lot - 1
	l.mu.Unlock()
	return true, nil
}
