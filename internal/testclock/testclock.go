// Package testclock is the one settable clock of the tests: a time that only
// moves when a test says so. It imports nothing of the project, so that any
// package's tests can use it (internal/auth's own tests cannot import
// apptest, which imports auth through the application).
package testclock

import (
	"sync"
	"time"
)

// Clock is a time that only moves when a test says so; safe for the
// server's goroutines.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock stopped at t.
func New(t time.Time) *Clock { return &Clock{now: t} }

// Stopped returns a clock stopped at the machine's time, to the second: the
// clock of the rate limits, whose buckets live in the database, where the
// daily purge (run as each test's application starts) forgets those idle
// for a day by the machine's clock, so a bucket dated in the past could
// vanish under a test.
func Stopped() *Clock { return New(time.Now().UTC().Truncate(time.Second)) }

// Now tells the clock's time; give it where code takes a func() time.Time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
