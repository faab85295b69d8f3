package auth

import (
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Bounds of the Limiter's memory. Keys are attacker-chosen (addresses,
// e-mails typed into a login form), so the map must not grow without end.
const (
	// limiterIdleFactor: a key idle for this many intervals is forgotten.
	limiterIdleFactor = 10
	// limiterMaxKeys caps the map; a few hundred bytes per key keeps it
	// around tens of megabytes at worst.
	limiterMaxKeys = 100_000
	// limiterEvictShare is the share of the oldest keys dropped when the cap
	// is reached, so that the cost of sorting is paid once per many inserts
	// rather than on each one.
	limiterEvictShare = 10 // percent
)

// Limiter is a token-bucket rate limiter per key (one bucket per e-mail
// address or client address, say), safe for concurrent use. Each key may do
// burst events at once, then one per every.
type Limiter struct {
	every time.Duration
	burst int
	// idle is how long a key stays without events before it is forgotten.
	idle    time.Duration
	maxKeys int
	// now is time.Now, replaced by SetClock in tests.
	now func() time.Time

	mu        sync.Mutex
	keys      map[string]*limiterEntry
	lastSweep time.Time
}

type limiterEntry struct {
	lim      *rate.Limiter
	lastSeen time.Time
}

// NewLimiter returns a Limiter allowing burst events at once per key, then
// one per every. Idle keys are forgotten after 10 × every, or burst × every
// when longer: by then the bucket has refilled, so forgetting it grants
// nothing a waiting client would not have had anyway. every and burst must
// be positive: they are constants of the caller, so a mistake panics at
// start-up rather than disabling the limit.
func NewLimiter(every time.Duration, burst int) *Limiter {
	if every <= 0 || burst < 1 {
		panic("auth.NewLimiter: every et burst doivent être positifs / every and burst must be positive")
	}
	return &Limiter{
		every:   every,
		burst:   burst,
		idle:    every * time.Duration(max(limiterIdleFactor, burst)),
		maxKeys: limiterMaxKeys,
		now:     time.Now,
		keys:    make(map[string]*limiterEntry),
	}
}

// SetClock makes the Limiter read the time from now instead of time.Now,
// so that tests decide when buckets refill rather than depend on how fast
// the machine runs. Call it before the Limiter is used.
func (l *Limiter) SetClock(now func() time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.now = now
}

// Allow reports whether one more event for key is allowed now, and counts it
// if so.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()

	// Sweeping at most once per idle period keeps the amortised cost per call
	// constant, and needs no goroutine to stop when the Limiter is dropped.
	if now.Sub(l.lastSweep) >= l.idle {
		l.sweep(now)
		l.lastSweep = now
	}
	e, ok := l.keys[key]
	if !ok {
		if len(l.keys) >= l.maxKeys {
			l.sweep(now)
			if len(l.keys) >= l.maxKeys {
				l.evictOldest()
			}
		}
		e = &limiterEntry{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.keys[key] = e
	}
	e.lastSeen = now
	return e.lim.AllowN(now, 1)
}

// sweep forgets the keys idle for longer than l.idle.
func (l *Limiter) sweep(now time.Time) {
	for k, e := range l.keys {
		if now.Sub(e.lastSeen) > l.idle {
			delete(l.keys, k)
		}
	}
}

// evictOldest drops the least recently seen share of the keys when the map
// is full of active ones. A key being hammered right now is recently seen,
// so an attacker flooding new keys cannot reset the bucket of the key under
// attack; forgotten keys only get a fresh bucket back.
func (l *Limiter) evictOldest() {
	type aged struct {
		key      string
		lastSeen time.Time
	}
	all := make([]aged, 0, len(l.keys))
	for k, e := range l.keys {
		all = append(all, aged{k, e.lastSeen})
	}
	slices.SortFunc(all, func(a, b aged) int { return a.lastSeen.Compare(b.lastSeen) })
	n := max(1, len(all)*limiterEvictShare/100)
	for _, a := range all[:n] {
		delete(l.keys, a.key)
	}
}
