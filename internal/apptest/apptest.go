// Package apptest boots the whole application for tests: a real database
// (SQLite in a temporary folder unless a URL is given), a real HTTP server on
// a random loopback port, the job pool, and a recording mailer.
package apptest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"cee/internal/app"
	"cee/internal/config"
	"cee/internal/mail"
	"cee/internal/store"
	"cee/internal/testclock"
)

// Options choose the mode of the application under test.
type Options struct {
	Demo, Dev   bool
	DatabaseURL string // empty: a fresh SQLite file
	BaseURL     string // empty: the listen address
	// Configure changes the configuration before the application starts
	// (OIDC provider, TOTP roles…).
	Configure func(*config.Config)
	// Log receives the application's log (text); nil discards it. It is
	// written from the server's goroutines: give a writer safe for that.
	Log io.Writer
	// Clock, when set, is the time of the rate limits (login and API):
	// a test decides when they refill instead of depending on the speed
	// of the machine.
	Clock *testclock.Clock
}

// LogBuffer collects the application's log for a test (Options.Log); safe
// for the server's goroutines.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String is what was logged so far.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Server is a running application.
type Server struct {
	URL  string
	App  *app.App
	Mail *mail.Recorder // nil in demo and dev modes, where mails go to the dev mailbox as in production demos
}

// Start boots the application; it stops at the end of the test.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Defaults()
	cfg.DataDir = dir
	cfg.Addr = "127.0.0.1:0"
	cfg.Demo, cfg.Dev = o.Demo, o.Dev
	cfg.DatabaseURL = o.DatabaseURL
	if cfg.DatabaseURL == "" {
		cfg.DatabaseURL = "sqlite:" + filepath.Join(dir, "cee.db")
	}
	cfg.Workers = 2
	// Listen first: the base URL (links in e-mails, OIDC redirect) needs the port.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = "http://" + ln.Addr().String()
	if o.BaseURL != "" {
		cfg.BaseURL = o.BaseURL
	}
	if o.Configure != nil {
		o.Configure(&cfg)
	}
	if err := cfg.Finish(); err != nil {
		t.Fatal(err)
	}
	logOut := o.Log
	if logOut == nil {
		logOut = io.Discard
	}
	log := slog.New(slog.NewTextHandler(logOut, nil))
	var rec *mail.Recorder
	var sender mail.Sender
	if !o.Demo && !o.Dev {
		rec = &mail.Recorder{}
		sender = rec
	}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, log, sender)
	if err != nil {
		cancel()
		ln.Close()
		t.Fatal(err)
	}

	if o.Clock != nil {
		a.Handler.SetClock(o.Clock.Now)
		a.API.SetClock(o.Clock.Now)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("arrêt du serveur : %v", err)
		}
		a.Close()
	})
	return &Server{URL: "http://" + ln.Addr().String(), App: a, Mail: rec}
}

// SettlePeriodic waits until the periodic jobs the scheduler enqueued at
// start have run (done or failed, none pending or running): in demo mode
// they expire solicitations and notify the pilotes, so a test counting
// notifications or mails must not race them.
func (s *Server) SettlePeriodic(t testing.TB) {
	t.Helper()
	kinds := app.PeriodicKinds()
	deadline := time.Now().Add(time.Minute)
	for {
		counts, err := s.App.Store.CountJobs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		finished, busy := map[string]bool{}, false
		for _, c := range counts {
			switch c.State {
			case store.JobDone, store.JobFailed:
				finished[c.Kind] = true
			default:
				if slices.Contains(kinds, c.Kind) {
					busy = true
				}
			}
		}
		settled := !busy
		for _, k := range kinds {
			settled = settled && finished[k]
		}
		if settled {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("periodic jobs still pending after a minute: %+v", counts)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
