package job_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"cee/internal/job"
	"cee/internal/mail"
	"cee/internal/store"
	"cee/internal/storetest"
)

// smtpServer is a real SMTP server in the test process that keeps what it
// receives, in order; it can be stopped and started again on its port.
type smtpServer struct {
	addr string
	srv  *smtp.Server
	// dropAfterData, while positive, makes the server read a message,
	// keep it, and close the connection instead of acknowledging it.
	dropAfterData atomic.Int32

	mu       sync.Mutex
	received []*netmail.Message
}

func (b *smtpServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &smtpSession{b: b, c: c}, nil
}

type smtpSession struct {
	b *smtpServer
	c *smtp.Conn
}

func (s *smtpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *smtpSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *smtpSession) Reset()                               {}
func (s *smtpSession) Logout() error                        { return nil }

func (s *smtpSession) Data(r io.Reader) error {
	m, err := netmail.ReadMessage(r)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, m.Body)
	s.b.mu.Lock()
	s.b.received = append(s.b.received, m)
	s.b.mu.Unlock()
	if s.b.dropAfterData.Add(-1) >= 0 {
		// The message is in; the acknowledgement is lost.
		s.c.Conn().Close()
	}
	return nil
}

func (b *smtpServer) start(t *testing.T) {
	t.Helper()
	addr := b.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	b.addr = l.Addr().String()
	b.srv = smtp.NewServer(b)
	b.srv.Domain = "localhost"
	b.srv.ErrorLog = log.New(io.Discard, "", 0)
	go b.srv.Serve(l)
	t.Cleanup(b.stop)
}

func (b *smtpServer) stop() {
	if b.srv != nil {
		b.srv.Close()
		b.srv = nil
	}
}

func (b *smtpServer) messages() []*netmail.Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]*netmail.Message(nil), b.received...)
}

func (b *smtpServer) subjects() []string {
	var out []string
	for _, m := range b.messages() {
		out = append(out, m.Header.Get("Subject"))
	}
	return out
}

func (b *smtpServer) sender(t *testing.T) *mail.SMTPSender {
	t.Helper()
	s, err := mail.NewSMTPSender("smtp://"+b.addr+"?tls=none&timeout=5s", "ne-pas-repondre@cee.exemple.fr")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func message(to, subject string) mail.Message {
	return mail.Message{To: []string{to}, Subject: subject, Text: subject + "\n", HTML: "<p>" + subject + "</p>"}
}

// clock is a settable clock for pools.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// waitFor polls cond until it holds, within a bounded deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The mails to one person leave in the order they were queued, even after
// an SMTP outage that makes each of them fail with its own (jittered)
// backoff, and with two instances of several workers each sending after the
// restart (issue 14, item 2).
func TestMailOrderPerRecipientAcrossOutage(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		a := storetest.MustOpen(t, u)
		b := storetest.MustOpen(t, u)
		ctx := context.Background()
		server := &smtpServer{}
		server.start(t)
		sender := server.sender(t)
		clk := &clock{now: time.Now().Add(time.Minute)} // ahead of the enqueue times
		pools := map[string]*job.Pool{}
		for name, s := range map[string]*store.Store{"a": a, "b": b} {
			p := job.NewPool(s, quiet, 3)
			p.Poll = 5 * time.Millisecond
			p.Now = clk.Now
			p.Register(job.KindEnvoyerEmail, job.MailHandler(sender, quiet))
			pools[name] = p
		}
		if err := a.InTx(ctx, func(tx *store.Store) error {
			_, err := tx.EnqueueJob(ctx, job.Mail(message("claire@exemple.fr", "avant la panne"), store.PriorityInteractive))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := pools["a"].RunPending(ctx); err != nil || len(server.messages()) != 1 {
			t.Fatalf("before the outage: %d mails, %v", len(server.messages()), err)
		}

		server.stop()
		const n = 6
		var want []string
		for i := 1; i <= n; i++ {
			subject := fmt.Sprintf("message %d", i)
			want = append(want, subject)
			if _, err := a.EnqueueJob(ctx, job.Mail(message("Claire@exemple.fr", subject), store.PriorityInteractive)); err != nil {
				t.Fatal(err)
			}
			// Another person's mails between them.
			if _, err := a.EnqueueJob(ctx, job.Mail(message(fmt.Sprintf("autre%d@exemple.fr", i), subject), store.PriorityInteractive)); err != nil {
				t.Fatal(err)
			}
		}
		// Server down: every claimable mail fails once, each retry due
		// after its own jittered backoff.
		if _, err := pools["a"].RunPending(ctx); err != nil {
			t.Fatal(err)
		}
		if got := len(server.messages()); got != 1 {
			t.Fatalf("%d mails during the outage", got)
		}

		server.start(t)
		clk.Add(time.Hour) // every retry is due
		runCtx, stopPools := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for _, p := range pools {
			wg.Add(1)
			go func() { defer wg.Done(); p.Run(runCtx) }()
		}
		waitFor(t, "the mails after the restart", func() bool { return len(server.messages()) == 1+2*n })
		stopPools()
		wg.Wait()

		var got []string
		for _, m := range server.messages()[1:] {
			if m.Header.Get("To") == "<Claire@exemple.fr>" {
				got = append(got, m.Header.Get("Subject"))
			}
		}
		if strings.Join(got, ", ") != strings.Join(want, ", ") {
			t.Errorf("Claire's mails arrived as\n%s\nwant\n%s", strings.Join(got, ", "), strings.Join(want, ", "))
		}
	})
}

// A login link queued behind a bulk send of 5,000 mails goes out after a
// handful of them, not after the backlog (issue 20, finding 3).
func TestInteractiveMailOvertakesBulkBacklog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		server := &smtpServer{}
		server.start(t)
		const bulk = 5000
		if err := s.InTx(ctx, func(tx *store.Store) error {
			for i := range bulk {
				m := message(fmt.Sprintf("cee%d@exemple.fr", i), "Lettre du réseau")
				j := job.Mail(m, store.PriorityBulk)
				j.OrderingKey = job.OrderingKey("annonce", m.To)
				if _, err := tx.EnqueueJob(ctx, j); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		p := job.NewPool(s, quiet, 2)
		p.Poll = 5 * time.Millisecond
		p.Register(job.KindEnvoyerEmail, job.MailHandler(server.sender(t), quiet))
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); p.Run(runCtx) }()
		defer func() { stop(); <-done }()

		waitFor(t, "the bulk send to start", func() bool { return len(server.messages()) >= 20 })
		if _, err := s.EnqueueJob(ctx, job.Mail(message("pilote@exemple.fr", "Votre lien de connexion"), store.PriorityInteractive)); err != nil {
			t.Fatal(err)
		}
		before := len(server.messages()) // the link is queued from here on
		at := -1
		waitFor(t, "the login link", func() bool {
			for i, subject := range server.subjects() {
				if subject == "Votre lien de connexion" {
					at = i
					return true
				}
			}
			return false
		})
		t.Logf("%d bulk mails went out between the queueing of the link and the link", at-before)
		// FIFO would put it after the 5,000; the worker kept for
		// interactive mail takes it at its next claim.
		if overtaken := at - before; overtaken > 20 {
			t.Errorf("the login link went out after %d more bulk mails (%d queued before it)", overtaken, bulk-before)
		}
	})
}

// A mail whose acknowledgement was lost is sent again with the same
// Message-ID; a mail the server accepted is not sent again when its job
// could not be completed (issue 20, finding 8).
func TestMailRetryKeepsMessageIDAndDeliveryIsNotRepeated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		server := &smtpServer{}
		server.start(t)
		clk := &clock{now: time.Now().Add(time.Minute)} // ahead of the enqueue times
		p := job.NewPool(s, quiet, 1)
		p.Now = clk.Now
		mailer := job.MailHandler(server.sender(t), quiet)
		failCompletion := false
		p.Register(job.KindEnvoyerEmail, func(ctx context.Context, payload json.RawMessage) error {
			if err := mailer(ctx, payload); err != nil {
				return err
			}
			if failCompletion {
				// The mail is out; what follows it fails, as a
				// completion whose write is lost would.
				return fmt.Errorf("base de données injoignable")
			}
			return nil
		})

		// Lost acknowledgement: the server has the message, the sender
		// sees an error and the job retries.
		server.dropAfterData.Store(1)
		if _, err := s.EnqueueJob(ctx, job.Mail(message("claire@exemple.fr", "Votre lien de connexion"), store.PriorityInteractive)); err != nil {
			t.Fatal(err)
		}
		p.RunPending(ctx)
		clk.Add(time.Hour)
		p.RunPending(ctx)
		got := server.messages()
		if len(got) != 2 {
			t.Fatalf("%d copies received, want 2 (the lost one and the retry)", len(got))
		}
		first, second := got[0].Header.Get("Message-ID"), got[1].Header.Get("Message-ID")
		if first == "" || first != second {
			t.Errorf("Message-ID changed across the retry: %q then %q", first, second)
		}

		// Accepted, then the job fails: the retry completes it without
		// a second copy.
		failCompletion = true
		if _, err := s.EnqueueJob(ctx, job.Mail(message("claire@exemple.fr", "Annonce"), store.PriorityInteractive)); err != nil {
			t.Fatal(err)
		}
		p.RunPending(ctx)
		clk.Add(time.Hour)
		p.RunPending(ctx)
		if got := len(server.messages()); got != 3 {
			t.Errorf("%d messages received, want 3: the accepted mail was sent again", got)
		}
		if left, _ := s.ListJobs(ctx, store.JobPending, 10); len(left) != 0 {
			t.Errorf("%d jobs left unfinished", len(left))
		}
	})
}

// A job that runs until its lease ends still records its failure: the
// outcome is written with its own context, not the expired one.
func TestFailureRecordedAfterLeaseExpired(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := job.NewPool(s, quiet, 1)
		p.Lease = 100 * time.Millisecond
		p.Register("lente", func(ctx context.Context, _ json.RawMessage) error {
			<-ctx.Done() // the lease is over
			return ctx.Err()
		})
		if _, err := s.EnqueueJob(ctx, store.NewJob{Kind: "lente", MaxAttempts: 3}); err != nil {
			t.Fatal(err)
		}
		if _, err := p.RunPending(ctx); err != nil {
			t.Fatal(err)
		}
		jobs, err := s.ListJobs(ctx, "", 10)
		if err != nil || len(jobs) != 1 {
			t.Fatalf("%d jobs, %v", len(jobs), err)
		}
		if j := jobs[0]; j.State != store.JobPending || !strings.Contains(j.LastError, "deadline") {
			t.Errorf("after a run past its lease: state %s, error %q; want pending with the error recorded", j.State, j.LastError)
		}
	})
}
