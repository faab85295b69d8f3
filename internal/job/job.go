// Package job runs the durable jobs of the jobs table: a pool of workers
// that claim with a lease, retry with exponential backoff and give up into a
// visible "failed" state, and a scheduler that enqueues periodic work.
package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"cee/internal/store"
)

// Kinds of jobs.
const (
	KindEnvoyerEmail = "mail.envoyer" // payload: mail.Message
	KindPurger       = "maintenance.purger"
	KindEcheances    = "mandats.echeances" // mandates starting or ending today
	KindDemandes     = "demandes.suivre"   // reminders, expiries, requests past their date
	KindResume       = "demandes.resume"   // the pilotes' daily digest
	KindComposer     = "jurys.composer"    // the optimiser on an exam session; payload {Session}
	KindRelancesJury = "jurys.relances"    // reminders of unanswered availability requests
	KindBilan        = "bilans.produire"   // an annual bilan, PDF and XLSX; payload {Bilan}
)

// Kinds of the network's animation.
const (
	KindRappelsEvenements = "evenements.rappels" // reminders the day before a network event
	KindEnvoyerAnnonce    = "annonces.envoyer"   // one announcement to one person; payload workflow.EnvoiAnnonce
)

// KindConservation applies the retention periods of personal data: warns,
// then anonymises, the people inactive for too long (daily).
const KindConservation = "donnees.conservation"

// Handler runs one job; an error schedules a retry.
type Handler func(ctx context.Context, payload json.RawMessage) error

// Observer is told the outcome of each run, for metrics.
type Observer func(kind, outcome string, d time.Duration)

// Pool claims and runs jobs.
type Pool struct {
	store    *store.Store
	log      *slog.Logger
	handlers map[string]Handler
	observe  Observer

	Workers int           // concurrent jobs in this process
	Lease   time.Duration // how long a claim holds before another process may take it over
	Poll    time.Duration // pause when the queue is empty
	Backoff func(attempt int) time.Duration

	id string
}

// NewPool builds a pool; register handlers before Run.
func NewPool(s *store.Store, log *slog.Logger, workers int) *Pool {
	host, _ := os.Hostname()
	return &Pool{
		store:    s,
		log:      log,
		handlers: map[string]Handler{},
		observe:  func(string, string, time.Duration) {},
		Workers:  workers,
		Lease:    5 * time.Minute,
		Poll:     time.Second,
		Backoff:  Backoff,
		id:       fmt.Sprintf("%s-%d-%d", host, os.Getpid(), rand.Uint32()),
	}
}

// Register sets the handler of a kind.
func (p *Pool) Register(kind string, h Handler) { p.handlers[kind] = h }

// Observe sets the metrics observer.
func (p *Pool) Observe(o Observer) { p.observe = o }

// Backoff is 30 s, 1 min, 2 min … capped at 6 h, with ±20 % jitter so that
// jobs failing together do not retry together.
func Backoff(attempt int) time.Duration {
	d := 30 * time.Second << min(attempt-1, 10)
	d = min(d, 6*time.Hour)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// Run claims and runs jobs until ctx is cancelled, then waits for the jobs in
// flight to finish (they get a fresh context so that a shutdown does not
// abort a half-sent e-mail).
func (p *Pool) Run(ctx context.Context) {
	sem := make(chan struct{}, p.Workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	for ctx.Err() == nil {
		free := p.Workers - len(sem)
		if free == 0 {
			select {
			case sem <- struct{}{}:
				<-sem
			case <-ctx.Done():
			}
			continue
		}
		jobs, err := p.store.ClaimJobs(ctx, p.id, free, p.Lease, time.Now())
		if err != nil {
			if ctx.Err() == nil {
				p.log.Error("réclamation des tâches", "err", err)
			}
			sleep(ctx, p.Poll)
			continue
		}
		if len(jobs) == 0 {
			sleep(ctx, p.Poll)
			continue
		}
		for _, j := range jobs {
			sem <- struct{}{}
			wg.Add(1)
			go func(j store.Job) {
				defer wg.Done()
				defer func() { <-sem }()
				p.runOne(j)
			}(j)
		}
	}
}

// RunPending runs every due job once, synchronously: for commands and tests
// that need the queue drained without a background pool.
func (p *Pool) RunPending(ctx context.Context) (int, error) {
	n := 0
	for {
		jobs, err := p.store.ClaimJobs(ctx, p.id, 10, p.Lease, time.Now())
		if err != nil || len(jobs) == 0 {
			return n, err
		}
		for _, j := range jobs {
			p.runOne(j)
			n++
		}
	}
}

func (p *Pool) runOne(j store.Job) {
	// Detached from the caller's cancellation, bounded by the lease: a job
	// running past its lease could be taken over by another process.
	ctx, cancel := context.WithTimeout(context.Background(), p.Lease)
	defer cancel()
	start := time.Now()
	err := p.call(ctx, j)
	d := time.Since(start)
	if err == nil {
		if err := p.store.CompleteJob(ctx, j.ID, p.id); err != nil {
			p.log.Error("fin de tâche", "job", j.ID, "err", err)
		}
		p.observe(j.Kind, "done", d)
		return
	}
	outcome := "retry"
	if j.Attempts >= j.MaxAttempts {
		outcome = "failed"
		p.log.Error("tâche abandonnée", "job", j.ID, "kind", j.Kind, "attempts", j.Attempts, "err", err)
	} else {
		p.log.Warn("tâche en échec, nouvel essai prévu", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "err", err)
	}
	if err := p.store.FailJob(ctx, j.ID, p.id, err, time.Now().Add(p.Backoff(j.Attempts))); err != nil {
		p.log.Error("échec de tâche", "job", j.ID, "err", err)
	}
	p.observe(j.Kind, outcome, d)
}

func (p *Pool) call(ctx context.Context, j store.Job) (err error) {
	h, ok := p.handlers[j.Kind]
	if !ok {
		return fmt.Errorf("aucun traitement pour les tâches %q", j.Kind)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panique : %v", r)
		}
	}()
	return h(ctx, j.Payload)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// Periodic is work enqueued every Every.
type Periodic struct {
	Kind    string
	Every   time.Duration
	Payload any
}

// Schedule enqueues each periodic job once per period until ctx ends. The
// dedup key names the period, so several instances scheduling together
// enqueue it once.
func Schedule(ctx context.Context, s *store.Store, log *slog.Logger, tick time.Duration, periodic []Periodic) {
	for {
		now := time.Now().UTC()
		for _, p := range periodic {
			slot := now.Truncate(p.Every)
			key := fmt.Sprintf("%s@%s", p.Kind, slot.Format(time.RFC3339))
			if _, err := s.EnqueueJob(ctx, store.NewJob{Kind: p.Kind, Payload: p.Payload, RunAt: slot, DedupKey: key, MaxAttempts: 3}); err != nil && !errors.Is(err, context.Canceled) {
				log.Error("planification", "kind", p.Kind, "err", err)
			}
		}
		sleep(ctx, tick)
		if ctx.Err() != nil {
			return
		}
	}
}
