// Package app wires the whole application together; main and the tests boot
// it the same way.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"cee/internal/api"
	"cee/internal/auth"
	"cee/internal/config"
	"cee/internal/demo"
	"cee/internal/job"
	"cee/internal/mail"
	"cee/internal/store"
	"cee/internal/web"
	"cee/internal/web/ui"
	"cee/internal/workflow"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// App is one running instance: database, HTTP handler, job pool.
type App struct {
	Cfg      config.Config
	Store    *store.Store
	Log      *slog.Logger
	Handler  *web.Server
	API      *api.Server
	Pool     *job.Pool
	Registry *prometheus.Registry
	Mailer   mail.Sender
}

// New opens and migrates the database, loads the demonstration data when
// asked on an empty database, and builds the handler and the job pool.
// mailer may be nil: it is then chosen from the configuration.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, mailer mail.Sender) (*App, error) {
	s, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	a, err := build(ctx, cfg, log, s, mailer)
	if err != nil {
		s.Close()
		return nil, err
	}
	return a, nil
}

func build(ctx context.Context, cfg config.Config, log *slog.Logger, s *store.Store, mailer mail.Sender) (*App, error) {
	n, err := s.Migrate(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrations : %w", err)
	}
	if n > 0 {
		log.Info("migrations appliquées", "count", n, "database", s.Dialect())
	}
	if cfg.Demo {
		empty, err := demo.IsEmpty(ctx, s)
		if err != nil {
			return nil, err
		}
		if empty {
			start := time.Now()
			counts, err := demo.Generate(ctx, s, demo.Options{Scale: demo.Small, Seed: 1, Comptes: true})
			if err != nil {
				return nil, fmt.Errorf("données de démonstration : %w", err)
			}
			log.Info("données de démonstration chargées", "counts", counts.String(), "duration", time.Since(start).Round(time.Millisecond))
		}
	}
	// SQLite's planner statistics, where missing or stale (store.Optimize).
	if err := s.Optimize(ctx); err != nil {
		return nil, err
	}
	if mailer == nil {
		if cfg.LocalMail() {
			mailer = Outbox{Store: s}
			if !cfg.Dev && !cfg.Demo {
				log.Warn("CEE_SMTP_URL non définie : les courriels sont conservés en base et ne partent pas")
			}
		} else {
			mailer, err = mail.NewSMTPSender(cfg.SMTPURL, cfg.MailFrom)
			if err != nil {
				return nil, config.Usagef("%v", err)
			}
		}
	}
	assets, err := ui.NewAssets()
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(s.DB(), string(s.Dialect())))
	var oidc *auth.OIDC
	if cfg.OIDCIssuer != "" {
		oidc, err = auth.NewOIDC(ctx, auth.OIDCConfig{Issuer: cfg.OIDCIssuer, ClientID: cfg.OIDCClientID,
			ClientSecret: cfg.OIDCClientSecret, RedirectURL: cfg.BaseURL + "/connexion/proconnect/retour", Scopes: cfg.OIDCScopes,
			ClaimUAI: cfg.OIDCClaimUAI, ClaimFonction: cfg.OIDCClaimFonction})
		if err != nil {
			return nil, config.Usagef("%v", err)
		}
	}
	a := &App{Cfg: cfg, Store: s, Log: log, Registry: reg, Mailer: mailer}
	a.Pool = job.NewPool(s, log, cfg.Workers)
	a.registerJobs(reg)
	a.Handler = web.New(cfg, s, assets, log, reg, oidc)
	a.API = api.New(cfg, s, log)
	a.Handler.MountAPI(a.API, a.API.OpenAPI())
	return a, nil
}

// Close releases the database.
func (a *App) Close() error { return a.Store.Close() }

// PeriodicKinds are the kinds of job the scheduler enqueues when the
// application starts (tests wait for them to settle before they count
// what those jobs write).
func PeriodicKinds() []string {
	out := make([]string, len(periodic))
	for i, p := range periodic {
		out[i] = p.Kind
	}
	return out
}

// Periodic is the work the scheduler enqueues.
var periodic = []job.Periodic{
	{Kind: job.KindPurger, Every: 24 * time.Hour},
	{Kind: job.KindEcheances, Every: time.Hour},
	{Kind: job.KindDemandes, Every: time.Hour},
	{Kind: job.KindResume, Every: 24 * time.Hour},
	{Kind: job.KindRelancesJury, Every: 6 * time.Hour},
	{Kind: job.KindRappelsEvenements, Every: time.Hour},
	{Kind: job.KindConservation, Every: 24 * time.Hour},
	{Kind: job.KindIndicateurs, Every: workflow.CadenceInstantanes},
}

func (a *App) registerJobs(reg *prometheus.Registry) {
	runs := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cee_jobs_runs_total", Help: "Exécutions de tâches par type et issue (done, retry, failed).",
	}, []string{"kind", "outcome"})
	reg.MustRegister(runs, jobStateCollector{store: a.Store})
	a.Pool.Observe(func(kind, outcome string, _ time.Duration) { runs.WithLabelValues(kind, outcome).Inc() })

	a.Pool.Register(job.KindEnvoyerEmail, job.MailHandler(a.Mailer, a.Log))
	a.Pool.Register(job.KindEcheances, func(ctx context.Context, _ json.RawMessage) error {
		started, ended, err := workflow.Echeances(ctx, a.Store, a.Cfg.BaseURL, time.Now())
		if started+ended > 0 {
			a.Log.Info("mandats", "commencés", started, "terminés", ended)
		}
		return err
	})
	a.Pool.Register(job.KindDemandes, func(ctx context.Context, _ json.RawMessage) error {
		return workflow.SuivreDemandes(ctx, a.Store, a.Cfg.BaseURL, time.Now())
	})
	a.Pool.Register(job.KindResume, func(ctx context.Context, _ json.RawMessage) error {
		return workflow.Resumes(ctx, a.Store, a.Cfg.BaseURL, time.Now())
	})
	a.Pool.Register(job.KindRelancesJury, func(ctx context.Context, _ json.RawMessage) error {
		return workflow.RelancesDisponibilites(ctx, a.Store, a.Cfg.BaseURL, time.Now())
	})
	a.Pool.Register(job.KindComposer, func(ctx context.Context, payload json.RawMessage) error {
		var p struct{ Session int64 }
		if err := json.Unmarshal(payload, &p); err != nil {
			return fmt.Errorf("tâche de composition illisible : %w", err)
		}
		return workflow.Composer(ctx, a.Store, p.Session, 60*time.Second)
	})
	a.Pool.Register(job.KindBilan, func(ctx context.Context, payload json.RawMessage) error {
		var p struct{ Bilan int64 }
		if err := json.Unmarshal(payload, &p); err != nil {
			return fmt.Errorf("tâche de bilan illisible : %w", err)
		}
		return workflow.ProduireBilan(ctx, a.Store, p.Bilan, time.Now())
	})
	a.Pool.Register(job.KindExport, func(ctx context.Context, payload json.RawMessage) error {
		var p struct{ Export int64 }
		if err := json.Unmarshal(payload, &p); err != nil {
			return fmt.Errorf("tâche d'export illisible : %w", err)
		}
		return workflow.ProduireExport(ctx, a.Store, p.Export)
	})
	a.Pool.Register(job.KindRappelsEvenements, func(ctx context.Context, _ json.RawMessage) error {
		return workflow.RappelsEvenements(ctx, a.Store, a.Cfg.BaseURL, time.Now())
	})
	a.Pool.Register(job.KindLienConnexion, func(ctx context.Context, payload json.RawMessage) error {
		return workflow.EnvoyerLienConnexion(ctx, a.Store, a.Cfg.BaseURL, payload)
	})
	a.Pool.Register(job.KindEnvoyerAnnonce, func(ctx context.Context, payload json.RawMessage) error {
		return workflow.EnvoyerAnnonceJob(ctx, a.Store, a.Mailer, payload)
	})
	a.Pool.Register(job.KindRepartirAnnonce, func(ctx context.Context, payload json.RawMessage) error {
		return workflow.RepartirAnnonce(ctx, a.Store, payload)
	})
	a.Pool.Register(job.KindConservation, func(ctx context.Context, _ json.RawMessage) error {
		averti, anonymise, err := workflow.Conservation(ctx, a.Store, a.Cfg.BaseURL, time.Now())
		if averti+anonymise > 0 {
			a.Log.Info("conservation des données", "prévenus", averti, "anonymisés", anonymise)
		}
		return err
	})
	a.Pool.Register(job.KindIndicateurs, func(ctx context.Context, _ json.RawMessage) error {
		return workflow.CalculerInstantanes(ctx, a.Store, time.Now())
	})
	a.Pool.Register(job.KindPurger, func(ctx context.Context, _ json.RawMessage) error {
		now := time.Now()
		cutoff := now.AddDate(0, 0, -30)
		if _, err := a.Store.PurgeJobs(ctx, cutoff); err != nil {
			return err
		}
		if _, err := a.Store.PurgeSessions(ctx, now, now.Add(-a.Cfg.SessionIdle)); err != nil {
			return err
		}
		if _, err := a.Store.PurgeJetons(ctx, now.AddDate(0, 0, -1)); err != nil {
			return err
		}
		if _, err := a.Store.PurgeTeleversements(ctx, now.AddDate(0, 0, -1)); err != nil {
			return err
		}
		if _, err := a.Store.PurgeExports(ctx, now); err != nil {
			return err
		}
		if _, err := a.Store.PurgeMails(ctx, cutoff); err != nil {
			return err
		}
		// A bucket idle for a day is full again: forgetting it grants nothing.
		if _, err := a.Store.PurgeLimites(ctx, now.AddDate(0, 0, -1)); err != nil {
			return err
		}
		return a.Store.Optimize(ctx)
	})
}

// Serve runs the HTTP server, the job pool and the scheduler on ln until ctx
// is cancelled, then shuts down gracefully: it stops accepting, lets the
// requests and jobs in flight finish (within ShutdownTimeout), and returns.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	workCtx, stopWork := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a.Pool.Run(workCtx) }()
	go func() { defer wg.Done(); job.Schedule(workCtx, a.Store, a.Log, time.Minute, periodic) }()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		a.Log.Info("arrêt demandé : fin des requêtes et des tâches en cours")
		shutCtx, cancel := context.WithTimeout(context.Background(), a.Cfg.ShutdownTimeout)
		defer cancel()
		err = srv.Shutdown(shutCtx)
	}
	stopWork()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Outbox is the mail sender of --dev and --demo: messages go to the
// database, where the dev mailbox shows them.
type Outbox struct{ Store *store.Store }

// Send stores the message, attachments included.
func (o Outbox) Send(ctx context.Context, m mail.Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	atts := make([]store.MailAttachment, len(m.Attachments))
	for i, a := range m.Attachments {
		atts[i] = store.MailAttachment(a) // same fields: the build breaks here if one type changes
	}
	_, err := o.Store.InsertMail(ctx, store.Mail{Recipients: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML, Attachments: atts})
	return err
}

// jobStateCollector reports the number of jobs per kind and state at each
// scrape, so that failed jobs show on a dashboard.
type jobStateCollector struct{ store *store.Store }

var jobStateDesc = prometheus.NewDesc("cee_jobs", "Tâches en base par type et état.", []string{"kind", "state"}, nil)

func (c jobStateCollector) Describe(ch chan<- *prometheus.Desc) { ch <- jobStateDesc }

func (c jobStateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, err := c.store.CountJobs(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(jobStateDesc, err)
		return
	}
	for _, jc := range counts {
		ch <- prometheus.MustNewConstMetric(jobStateDesc, prometheus.GaugeValue, float64(jc.N), jc.Kind, jc.State)
	}
}
