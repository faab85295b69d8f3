package job_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"cee/internal/job"
	"cee/internal/store"
	"cee/internal/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Two pools on two separate connections pools (as two `serve` processes on
// one database) run every job exactly once.
func TestTwoPoolsNeverRunAJobTwice(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		a := storetest.MustOpen(t, u)
		b := storetest.MustOpen(t, u)
		ctx := context.Background()
		const n = 200
		for i := 0; i < n; i++ {
			if _, err := a.EnqueueJob(ctx, store.NewJob{Kind: "compter", Payload: i}); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		runs := map[int]int{}
		byPool := map[string]int{}
		var done sync.WaitGroup
		done.Add(n)
		handler := func(pool string) job.Handler {
			return func(ctx context.Context, payload json.RawMessage) error {
				var i int
				json.Unmarshal(payload, &i)
				time.Sleep(time.Millisecond) // let the pools interleave
				mu.Lock()
				runs[i]++
				byPool[pool]++
				mu.Unlock()
				done.Done()
				return nil
			}
		}
		runCtx, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for name, s := range map[string]*store.Store{"a": a, "b": b} {
			p := job.NewPool(s, quiet, 3)
			p.Poll = 5 * time.Millisecond
			p.Register("compter", handler(name))
			wg.Add(1)
			go func() { defer wg.Done(); p.Run(runCtx) }()
		}
		waitOrFail(t, &done, 60*time.Second)
		stop()
		wg.Wait()
		for i := 0; i < n; i++ {
			if runs[i] != 1 {
				t.Errorf("job %d ran %d times", i, runs[i])
			}
		}
		if byPool["a"] == 0 || byPool["b"] == 0 {
			t.Logf("one pool ran everything (%v): exclusivity holds but was not contested", byPool)
		}
		left, _ := a.ListJobs(ctx, store.JobPending, 10)
		if len(left) != 0 {
			t.Errorf("%d jobs still pending", len(left))
		}
	})
}

func TestRetryThenFail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.EnqueueJob(ctx, store.NewJob{Kind: "casse", MaxAttempts: 3})
		s.EnqueueJob(ctx, store.NewJob{Kind: "panique", MaxAttempts: 1})
		s.EnqueueJob(ctx, store.NewJob{Kind: "inconnue", MaxAttempts: 1})
		p := job.NewPool(s, quiet, 1)
		p.Backoff = func(int) time.Duration { return 0 }
		calls := 0
		p.Register("casse", func(context.Context, json.RawMessage) error { calls++; return errors.New("serveur SMTP injoignable") })
		p.Register("panique", func(context.Context, json.RawMessage) error { panic("oups") })
		var outcomes []string
		p.Observe(func(kind, outcome string, _ time.Duration) { outcomes = append(outcomes, kind+":"+outcome) })
		for i := 0; i < 5; i++ {
			if _, err := p.RunPending(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if calls != 3 {
			t.Errorf("failing handler called %d times, want 3 (max attempts)", calls)
		}
		failed, _ := s.ListJobs(ctx, store.JobFailed, 10)
		if len(failed) != 3 {
			t.Fatalf("%d failed jobs, want 3: %+v", len(failed), failed)
		}
		for _, j := range failed {
			if j.LastError == "" {
				t.Errorf("job %s failed without an error message", j.Kind)
			}
		}
		want := map[string]bool{"casse:retry": true, "casse:failed": true, "panique:failed": true, "inconnue:failed": true}
		for _, o := range outcomes {
			delete(want, o)
		}
		if len(want) != 0 {
			t.Errorf("outcomes %v miss %v", outcomes, want)
		}
	})
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	prev := time.Duration(0)
	for a := 1; a <= 6; a++ {
		d := job.Backoff(a)
		nominal := 30 * time.Second << (a - 1)
		if d < nominal*8/10 || d > nominal*12/10 {
			t.Errorf("Backoff(%d) = %v, want about %v", a, d, nominal)
		}
		if d <= prev*6/10 {
			t.Errorf("Backoff(%d) = %v does not grow from %v", a, d, prev)
		}
		prev = d
	}
	if d := job.Backoff(40); d > 6*time.Hour*12/10 {
		t.Errorf("Backoff(40) = %v, want capped near 6h", d)
	}
}

func TestScheduleEnqueuesOncePerPeriod(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		periodic := []job.Periodic{{Kind: "ménage", Every: time.Hour}}
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ { // two instances scheduling the same period
			wg.Add(1)
			go func() { defer wg.Done(); job.Schedule(ctx, s, quiet, 10*time.Millisecond, periodic) }()
		}
		time.Sleep(100 * time.Millisecond)
		cancel()
		wg.Wait()
		all, _ := s.ListJobs(context.Background(), "", 10)
		if len(all) != 1 || all[0].Kind != "ménage" {
			t.Fatalf("scheduled %+v, want exactly one job for this hour", all)
		}
	})
}

func waitOrFail(t *testing.T, wg *sync.WaitGroup, d time.Duration) {
	t.Helper()
	c := make(chan struct{})
	go func() { wg.Wait(); close(c) }()
	select {
	case <-c:
	case <-time.After(d):
		t.Fatal("jobs not all run in time")
	}
}

// A job that outlives its lease (the hourly demandes.suivre did, on the
// national data) still has its failure recorded: the bookkeeping does not
// reuse the run's expired context.
func TestOverrunIsRecorded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.EnqueueJob(ctx, store.NewJob{Kind: "lente", MaxAttempts: 1})
		p := job.NewPool(s, quiet, 1)
		p.Lease = 50 * time.Millisecond
		p.Register("lente", func(ctx context.Context, _ json.RawMessage) error {
			<-ctx.Done()
			return ctx.Err()
		})
		if _, err := p.RunPending(ctx); err != nil {
			t.Fatal(err)
		}
		failed, _ := s.ListJobs(ctx, store.JobFailed, 10)
		if len(failed) != 1 || failed[0].LastError == "" {
			t.Fatalf("after an overrun: failed jobs %+v, want the job with its error", failed)
		}
	})
}
