package auth

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cee/internal/testclock"
)

func newTestLimiter(every time.Duration, burst int) (*Limiter, *testclock.Clock) {
	clock := testclock.New(time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC))
	l := NewLimiter(every, burst)
	l.SetClock(clock.Now)
	return l, clock
}

func TestLimiterBurstRefill(t *testing.T) {
	l, clock := newTestLimiter(time.Minute, 3)
	// Each step: advance the clock, then expect Allow("k") to answer want.
	steps := []struct {
		name    string
		advance time.Duration
		want    bool
	}{
		{"burst 1", 0, true},
		{"burst 2", 0, true},
		{"burst 3", 0, true},
		{"burst spent", 0, false},
		{"still spent", 30 * time.Second, false},
		{"one token back after a minute", 30 * time.Second, true},
		{"and only one", 0, false},
		{"refilled to burst after long", time.Hour, true},
		{"burst 2 again", 0, true},
		{"burst 3 again", 0, true},
		{"not more than burst", 0, false},
	}
	for _, s := range steps {
		clock.Advance(s.advance)
		if got := l.Allow("k"); got != s.want {
			t.Fatalf("%s: Allow = %v, want %v", s.name, got, s.want)
		}
	}
}

func TestLimiterKeysIndependent(t *testing.T) {
	l, _ := newTestLimiter(time.Minute, 2)
	for i := range 2 {
		if !l.Allow("alice@example.fr") {
			t.Fatalf("alice refused at %d", i)
		}
	}
	if l.Allow("alice@example.fr") {
		t.Fatal("alice allowed beyond burst")
	}
	for i := range 2 {
		if !l.Allow("bob@example.fr") {
			t.Fatalf("bob refused at %d: alice's bucket leaked into his", i)
		}
	}
	if l.Allow("bob@example.fr") {
		t.Fatal("bob allowed beyond burst")
	}
}

func TestLimiterEvictsIdleKeys(t *testing.T) {
	l, clock := newTestLimiter(time.Second, 2) // keys idle for more than 10 s go
	has := func(key string) bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		_, ok := l.keys[key]
		return ok
	}
	steps := []struct {
		at      time.Duration // since the start
		key     string
		present []string
		absent  []string
	}{
		{0, "idle", []string{"idle"}, nil},
		{5 * time.Second, "recent", []string{"idle", "recent"}, nil},
		// Sweep at 10 s: "idle" has been idle exactly 10 s, not more.
		{10 * time.Second, "trigger", []string{"idle", "recent", "trigger"}, nil},
		{15 * time.Second, "recent", []string{"idle", "recent", "trigger"}, nil},
		// Sweep at 20 s: "idle" idle for 20 s goes; "recent" (5 s) and
		// "trigger" (exactly 10 s) stay.
		{20 * time.Second, "other", []string{"recent", "trigger", "other"}, []string{"idle"}},
		// Sweep at 40 s: everything but the caller is forgotten.
		{40 * time.Second, "last", []string{"last"}, []string{"idle", "recent", "trigger", "other"}},
	}
	start := clock.Now()
	for _, s := range steps {
		clock.Advance(start.Add(s.at).Sub(clock.Now()))
		l.Allow(s.key)
		for _, k := range s.present {
			if !has(k) {
				t.Errorf("at %v: key %q evicted too early", s.at, k)
			}
		}
		for _, k := range s.absent {
			if has(k) {
				t.Errorf("at %v: key %q kept after more than 10 × every idle", s.at, k)
			}
		}
	}
	if n := len(l.keys); n != 1 {
		t.Errorf("%d keys left, want 1", n)
	}
}

func TestLimiterIdleLongerForBigBursts(t *testing.T) {
	// With burst 30 the bucket takes 30 intervals to refill: forgetting the
	// key after 10 would hand out 20 free tokens.
	l, clock := newTestLimiter(time.Second, 30)
	for range 30 {
		l.Allow("k")
	}
	if l.Allow("k") {
		t.Fatal("allowed beyond burst")
	}
	clock.Advance(11 * time.Second)
	l.Allow("other") // sweeps
	// 11 tokens back, not 30.
	n := 0
	for l.Allow("k") {
		n++
	}
	if n != 11 {
		t.Errorf("%d events allowed after 11 s, want 11: the key was forgotten too early", n)
	}
}

func TestLimiterCap(t *testing.T) {
	l, clock := newTestLimiter(time.Minute, 1)
	l.maxKeys = 100
	l.Allow("hammered")
	for i := range 99 {
		clock.Advance(time.Millisecond)
		l.Allow(fmt.Sprintf("k%03d", i))
	}
	// "hammered" is used again: it is now the most recent key.
	clock.Advance(time.Millisecond)
	if l.Allow("hammered") {
		t.Fatal("hammered allowed beyond burst")
	}
	// A flood of new keys must not grow the map beyond the cap nor reset
	// the bucket of the key under attack.
	for i := range 500 {
		clock.Advance(time.Millisecond)
		l.Allow(fmt.Sprintf("flood%03d", i))
		if i%50 == 0 && l.Allow("hammered") {
			t.Fatalf("hammered allowed after %d new keys: its bucket was evicted", i)
		}
	}
	if n := len(l.keys); n > 100 {
		t.Errorf("%d keys, cap is 100", n)
	}
	if _, ok := l.keys["k000"]; ok {
		t.Error("oldest key k000 still there after the cap was hit")
	}
	if _, ok := l.keys["flood499"]; !ok {
		t.Error("newest key missing")
	}
}

// TestLimiterConcurrent is meant for -race too; without it, unguarded map
// writes usually crash the test and the shared count goes wrong.
func TestLimiterConcurrent(t *testing.T) {
	l, _ := newTestLimiter(time.Hour, 10)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				if l.Allow("shared") {
					allowed.Add(1)
				}
				l.Allow(fmt.Sprintf("g%d-%d", g, i%300))
			}
		})
	}
	wg.Wait()
	if n := allowed.Load(); n != 10 {
		t.Errorf("%d events allowed across goroutines, want exactly the burst, 10", n)
	}
	if n := len(l.keys); n != 8*300+1 {
		t.Errorf("%d keys, want %d", n, 8*300+1)
	}
}

func TestNewLimiterPanicsOnNonsense(t *testing.T) {
	for _, tt := range []struct {
		every time.Duration
		burst int
	}{{0, 1}, {-time.Second, 1}, {time.Second, 0}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewLimiter(%v, %d) did not panic", tt.every, tt.burst)
				}
			}()
			NewLimiter(tt.every, tt.burst)
		}()
	}
}
