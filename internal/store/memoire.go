package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"
)

// Versions names a table of per-académie versions raised by triggers: a
// value computed from an académie's rows stays true while its version is
// unchanged, whichever instance or job made the change.
type Versions string

const (
	// VersionsAcademie is raised by every change of an académie's
	// requests, their solicitations and its designations (migration 0032).
	VersionsAcademie Versions = "versions_academie"
	// VersionsVivier is raised by every change of what an académie's
	// candidate pool is made of: its CEE, designations, professionals and
	// settings, its candidates' solicitations and ratings (migration 0036).
	VersionsVivier Versions = "versions_vivier"
)

// memoire keeps values computed from the database, shared by the copies
// of the Store outside transactions.
type memoire struct {
	mu sync.Mutex
	m  map[memoCle]*memoEntree
}

type memoCle struct {
	versions Versions
	cle      string
}

type memoEntree struct {
	// mu is held while the value is computed, so that requests arriving
	// together compute it once.
	mu      sync.Mutex
	v       any
	version int64
	at      time.Time
	duree   time.Duration
	ok      bool
}

// Version reads an académie's version in a table of versions (0 before its
// first change).
func (s *Store) Version(ctx context.Context, t Versions, academie string) (_ int64, err error) {
	defer wrap(&err, "Version %s %s", t, academie)
	var v int64
	err = s.q.QueryRowContext(ctx, `SELECT version FROM `+string(t)+` WHERE academie = $1`, academie).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// Memoriser returns what compute computes from an académie's rows, from
// this instance's memory while the académie's version in t is the one it
// was computed at and for at most duree (what changes with the clock
// alone); cle names what is computed, with what it depends on besides the
// rows (a month, say). In a transaction it computes every time: the
// transaction may hold changes that others must not see.
func Memoriser[T any](ctx context.Context, s *Store, t Versions, academie, cle string, now time.Time, duree time.Duration, compute func() (T, error)) (T, error) {
	if s.inTx || s.memoire == nil {
		return compute()
	}
	version, err := s.Version(ctx, t, academie)
	if err != nil {
		var zero T
		return zero, err
	}
	c := s.memoire
	k := memoCle{t, academie + "\x00" + cle}
	c.mu.Lock()
	e, found := c.m[k]
	if !found {
		c.oublier(now)
		e = &memoEntree{}
		c.m[k] = e
	}
	c.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ok && e.version == version && now.Sub(e.at).Abs() < duree {
		return e.v.(T), nil
	}
	v, err := compute()
	if err != nil {
		return v, err
	}
	e.v, e.version, e.at, e.duree, e.ok = v, version, now, duree, true
	return v, nil
}

// oublier forgets the values past their age by more than that age again,
// as a new key comes: keys hold what a value depends on besides the rows (a
// month, a filter typed by a reader), so without it the memory of a
// long-running instance would keep every one ever asked for. An entry being
// computed is left alone; one forgotten while a request holds it is only
// computed again. c.mu is held.
func (c *memoire) oublier(now time.Time) {
	for k, e := range c.m {
		if !e.mu.TryLock() {
			continue
		}
		if e.ok && now.Sub(e.at).Abs() > 2*e.duree {
			delete(c.m, k)
		}
		e.mu.Unlock()
	}
}
