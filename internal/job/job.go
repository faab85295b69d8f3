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
	"slices"
	"strings"
	"sync"
	"time"

	"cee/internal/mail"
	"cee/internal/store"
)

// Kinds of jobs.
const (
	KindEnvoyerEmail  = "mail.envoyer"   // payload: mail.Message
	KindLienConnexion = "connexion.lien" // a login-link request; payload workflow.DemandeLien
	KindPurger        = "maintenance.purger"
	KindEcheances     = "mandats.echeances" // mandates starting or ending today
	KindDemandes      = "demandes.suivre"   // reminders, expiries, requests past their date
	KindResume        = "demandes.resume"   // the pilotes' daily digest
	KindComposer      = "jurys.composer"    // the optimiser on an exam session; payload {Session}
	KindRelancesJury  = "jurys.relances"    // reminders of unanswered availability requests
	KindBilan         = "bilans.produire"   // an annual bilan, PDF and XLSX; payload {Bilan}
	KindExport        = "exports.produire"  // a long list as a spreadsheet; payload {Export}
)

// Kinds of the network's animation.
const (
	KindRappelsEvenements = "evenements.rappels" // reminders the day before a network event
	KindEnvoyerAnnonce    = "annonces.envoyer"   // one announcement to one person; payload workflow.EnvoiAnnonce
)

// KindIndicateurs computes ahead the dashboards as they open and the open
// statistics (workflow.CalculerInstantanes), every
// workflow.CadenceInstantanes.
const KindIndicateurs = "indicateurs.calculer"

// KindConservation applies the retention periods of personal data: warns,
// then anonymises, the people inactive for too long (daily).
const KindConservation = "donnees.conservation"

// KindRepartirAnnonce lists the recipients of an announcement in batches,
// queueing one KindEnvoyerAnnonce job per person; payload
// workflow.RepartitionAnnonce.
const KindRepartirAnnonce = "annonces.repartir"

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
	// Now is the pool's clock: due times, leases and retries are computed
	// from it, so that tests can set it.
	Now func() time.Time

	id   string
	wake chan struct{} // a worker finished: claim again without waiting for Poll
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
		Now:      time.Now,
		id:       fmt.Sprintf("%s-%d-%d", host, os.Getpid(), rand.Uint32()),
		wake:     make(chan struct{}, 1),
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

// reserved is the number of workers kept for interactive jobs: with more
// than one worker, one of them never takes normal or bulk work, so that a
// login link waits at most for a claim however long the backlog (issue 20,
// finding 3). Interactive jobs may use every worker.
func (p *Pool) reserved() int {
	if p.Workers > 1 {
		return 1
	}
	return 0
}

// Run claims and runs jobs until ctx is cancelled, then waits for the jobs in
// flight to finish (they get a fresh context so that a shutdown does not
// abort a half-sent e-mail).
//
// Each round claims interactive jobs for every free worker first, then
// normal and bulk jobs for the free workers beyond the reserved one.
func (p *Pool) Run(ctx context.Context) {
	var (
		mu      sync.Mutex
		running int // jobs in flight
		other   int // of which not interactive
		wg      sync.WaitGroup
	)
	defer wg.Wait()
	start := func(j store.Job) {
		interactive := j.Priority <= store.PriorityInteractive
		mu.Lock()
		running++
		if !interactive {
			other++
		}
		mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.runOne(j)
			mu.Lock()
			running--
			if !interactive {
				other--
			}
			mu.Unlock()
			select {
			case p.wake <- struct{}{}:
			default:
			}
		}()
	}
	for ctx.Err() == nil {
		mu.Lock()
		free := p.Workers - running
		freeOther := min(free, p.Workers-p.reserved()-other)
		mu.Unlock()
		claimed := 0
		var err error
		if free > 0 {
			var jobs []store.Job
			jobs, err = p.store.ClaimJobsUpTo(ctx, p.id, free, store.PriorityInteractive, p.Lease, p.Now())
			for _, j := range jobs {
				start(j)
			}
			claimed += len(jobs)
			freeOther = min(freeOther, free-len(jobs))
			if err == nil && freeOther > 0 {
				jobs, err = p.store.ClaimJobsUpTo(ctx, p.id, freeOther, store.PriorityBulk, p.Lease, p.Now())
				for _, j := range jobs {
					start(j)
				}
				claimed += len(jobs)
			}
		}
		if err != nil && ctx.Err() == nil {
			p.log.Error("réclamation des tâches", "err", err)
		}
		if claimed > 0 && err == nil {
			continue
		}
		// Nothing to take, or no worker free: wait for a worker to finish
		// or for the next poll, whichever comes first.
		t := time.NewTimer(p.Poll)
		select {
		case <-p.wake:
		case <-t.C:
		case <-ctx.Done():
		}
		t.Stop()
	}
}

// RunPending runs every due job, synchronously, until none is left that can
// be claimed, waiting for the jobs other workers of the same database hold:
// for commands and tests that need the queue drained. Jobs of one ordering
// key wait for each other, so a job may become claimable only once another
// worker finished the one before it.
func (p *Pool) RunPending(ctx context.Context) (int, error) {
	n := 0
	for {
		jobs, err := p.store.ClaimJobs(ctx, p.id, 10, p.Lease, p.Now())
		if err != nil {
			return n, err
		}
		for _, j := range jobs {
			p.runOne(j)
			n++
		}
		if len(jobs) > 0 {
			continue
		}
		active, err := p.store.RunningJobs(ctx, p.Now())
		if err != nil || active == 0 {
			return n, err
		}
		// Another worker (the background pool) holds a job: wait for it.
		t := time.NewTimer(10 * time.Millisecond)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return n, ctx.Err()
		}
	}
}

// running is what a handler's context knows of its job.
type running struct {
	store  *store.Store
	id     int64
	worker string
	now    func() time.Time
}

type runningKey struct{}

// Delivered records that the current job's mail was accepted by the mail
// server, in tx (the store of the job, or a transaction on it, so that it
// commits with the handler's own bookkeeping). Call it right after a
// successful send: if the job then fails to complete (a crash, a failed
// write), its next claim completes it without sending a second copy
// (issue 20, finding 8). Outside a job it does nothing.
func Delivered(ctx context.Context, tx *store.Store) error {
	r, ok := ctx.Value(runningKey{}).(running)
	if !ok {
		return nil
	}
	if tx == nil {
		tx = r.store
	}
	return tx.MarkJobDelivered(ctx, r.id, r.worker, r.now())
}

// bookkeepingTimeout bounds the writes that record a job's outcome; they get
// their own context, since the run's context may have expired with the
// lease (a job that ran too long must still record its failure).
const bookkeepingTimeout = 30 * time.Second

func (p *Pool) runOne(j store.Job) {
	// Detached from the caller's cancellation, bounded by the lease: a job
	// running past its lease could be taken over by another process.
	ctx, cancel := context.WithTimeout(context.Background(), p.Lease)
	defer cancel()
	ctx = context.WithValue(ctx, runningKey{}, running{store: p.store, id: j.ID, worker: p.id, now: p.Now})
	start := p.Now()
	var err error
	if j.DeliveredAt == nil {
		err = p.call(ctx, j)
	} else {
		// Delivered on an earlier attempt whose completion was lost:
		// sending again would duplicate the mail.
		p.log.Info("tâche déjà livrée, terminée sans nouvel envoi", "job", j.ID, "kind", j.Kind)
	}
	d := p.Now().Sub(start)
	bctx, bcancel := context.WithTimeout(context.Background(), bookkeepingTimeout)
	defer bcancel()
	if err == nil {
		if err := p.store.CompleteJob(bctx, j.ID, p.id); err != nil {
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
	if err := p.store.FailJob(bctx, j.ID, p.id, err, p.Now().Add(p.Backoff(j.Attempts))); err != nil {
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

// Mail is the job that sends m with the given priority
// (store.PriorityInteractive for a mail a person waits for or acts on,
// store.PriorityNormal for periodic reminders and digests). The mails to one
// set of recipients leave in the order they were queued (OrderingKey), and
// the message keeps one Message-ID across retries.
func Mail(m mail.Message, priority int) store.NewJob {
	if m.MessageID == "" {
		m.MessageID = mail.NewMessageID()
	}
	return store.NewJob{Kind: KindEnvoyerEmail, Payload: m, Priority: priority, OrderingKey: OrderingKey("mail", m.To)}
}

// MailHandler is the handler of KindEnvoyerEmail: it sends the message of
// the payload, then marks the job delivered so that a lost completion does
// not send it twice.
func MailHandler(sender mail.Sender, log *slog.Logger) Handler {
	return func(ctx context.Context, payload json.RawMessage) error {
		var m mail.Message
		if err := json.Unmarshal(payload, &m); err != nil {
			return fmt.Errorf("courriel illisible : %w", err)
		}
		if err := sender.Send(ctx, m); err != nil {
			return err
		}
		// The server has the mail: failing the job now would send it
		// again. If the mark cannot be written, the completion may still
		// be; if neither is, the retry carries the same Message-ID.
		if err := Delivered(ctx, nil); err != nil {
			log.Warn("courriel envoyé mais non marqué livré", "err", err)
		}
		return nil
	}
}

// OrderingKey is the ordering key of the mails of one stream to a set of
// recipients: the addresses, lower-cased and sorted. Announcements have
// their own stream ("annonce"), so that a person's login link never waits
// behind their copy of a bulk announcement at the end of the backlog, while
// two announcements to one person still arrive in order.
func OrderingKey(stream string, to []string) string {
	addrs := make([]string, len(to))
	for i, a := range to {
		addrs[i] = strings.ToLower(strings.TrimSpace(a))
	}
	slices.Sort(addrs)
	return stream + ":" + strings.Join(addrs, ",")
}
