package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"cee/internal/store"
	"cee/internal/storetest"
)

func TestJobLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().Add(time.Second) // claims happen after the enqueues below
		ok, err := s.EnqueueJob(ctx, store.NewJob{Kind: "k", Payload: map[string]int{"n": 1}, MaxAttempts: 2, DedupKey: "once"})
		if err != nil || !ok {
			t.Fatalf("enqueue: %v %v", ok, err)
		}
		ok, err = s.EnqueueJob(ctx, store.NewJob{Kind: "k", DedupKey: "once"})
		if err != nil || ok {
			t.Fatalf("second enqueue with the same dedup key: inserted=%v err=%v, want dropped", ok, err)
		}
		if _, err := s.EnqueueJob(ctx, store.NewJob{Kind: "later", RunAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}

		jobs, err := s.ClaimJobs(ctx, "w1", 10, time.Minute, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != 1 || jobs[0].Kind != "k" || jobs[0].Attempts != 1 || string(jobs[0].Payload) != `{"n":1}` {
			t.Fatalf("claimed %+v, want the one due job with attempt 1", jobs)
		}
		if again, _ := s.ClaimJobs(ctx, "w2", 10, time.Minute, now); len(again) != 0 {
			t.Fatalf("a leased job was claimed again: %+v", again)
		}
		// First failure: back to pending for a retry.
		if err := s.FailJob(ctx, jobs[0].ID, "w1", errors.New("boom"), now); err != nil {
			t.Fatal(err)
		}
		j, _ := s.GetJob(ctx, jobs[0].ID)
		if j.State != store.JobPending || j.LastError != "boom" {
			t.Fatalf("after first failure: %s %q", j.State, j.LastError)
		}
		// Second failure uses up max_attempts=2: visible failed state.
		jobs, _ = s.ClaimJobs(ctx, "w1", 10, time.Minute, now.Add(time.Second))
		if len(jobs) != 1 {
			t.Fatalf("retry not claimed: %+v", jobs)
		}
		s.FailJob(ctx, jobs[0].ID, "w1", errors.New("boom again"), now)
		j, _ = s.GetJob(ctx, jobs[0].ID)
		if j.State != store.JobFailed || j.Attempts != 2 {
			t.Fatalf("after last attempt: state %s attempts %d, want failed 2", j.State, j.Attempts)
		}
		failed, _ := s.ListJobs(ctx, store.JobFailed, 10)
		if len(failed) != 1 {
			t.Fatalf("ListJobs(failed) = %d jobs", len(failed))
		}
		if err := s.RetryJob(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		jobs, _ = s.ClaimJobs(ctx, "w1", 10, time.Minute, now.Add(2*time.Second))
		if len(jobs) != 1 {
			t.Fatal("retried job not claimable")
		}
		if err := s.CompleteJob(ctx, jobs[0].ID, "w1"); err != nil {
			t.Fatal(err)
		}
		j, _ = s.GetJob(ctx, jobs[0].ID)
		if j.State != store.JobDone {
			t.Fatalf("state %s, want done", j.State)
		}
		counts, _ := s.CountJobs(ctx)
		if len(counts) != 2 {
			t.Errorf("CountJobs = %+v", counts)
		}
		if _, err := s.GetJob(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetJob(missing) = %v, want ErrNotFound", err)
		}
	})
}

func TestExpiredLeaseIsReclaimed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().Add(time.Second) // claims happen after the enqueues below
		s.EnqueueJob(ctx, store.NewJob{Kind: "k", MaxAttempts: 2})
		first, _ := s.ClaimJobs(ctx, "dead", 1, time.Minute, now)
		if len(first) != 1 {
			t.Fatal("not claimed")
		}
		if got, _ := s.ClaimJobs(ctx, "alive", 1, time.Minute, now.Add(30*time.Second)); len(got) != 0 {
			t.Fatal("claimed before the lease expired")
		}
		got, _ := s.ClaimJobs(ctx, "alive", 1, time.Minute, now.Add(2*time.Minute))
		if len(got) != 1 || got[0].Attempts != 2 {
			t.Fatalf("after lease expiry: %+v", got)
		}
		// The dead worker can no longer complete it.
		s.CompleteJob(ctx, first[0].ID, "dead")
		if j, _ := s.GetJob(ctx, first[0].ID); j.State != store.JobRunning {
			t.Fatalf("a worker that lost its lease completed the job: %s", j.State)
		}
		// Its last attempt's lease expires too: failed, not claimable forever.
		s.ClaimJobs(ctx, "x", 1, time.Minute, now.Add(10*time.Minute))
		if j, _ := s.GetJob(ctx, first[0].ID); j.State != store.JobFailed {
			t.Fatalf("state %s after the last lease expired, want failed", j.State)
		}
	})
}

// Concurrent claimers (goroutines on one pool here; two processes in the job
// package's test) never get the same job.
func TestConcurrentClaimsAreExclusive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 120
		for i := 0; i < n; i++ {
			if _, err := s.EnqueueJob(ctx, store.NewJob{Kind: "k", Payload: i}); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		seen := map[int64]string{}
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func(worker string) {
				defer wg.Done()
				for {
					jobs, err := s.ClaimJobs(ctx, worker, 3, time.Minute, time.Now())
					if err != nil {
						t.Error(err)
						return
					}
					if len(jobs) == 0 {
						return
					}
					mu.Lock()
					for _, j := range jobs {
						if prev, dup := seen[j.ID]; dup {
							t.Errorf("job %d claimed by %s and %s", j.ID, prev, worker)
						}
						seen[j.ID] = worker
					}
					mu.Unlock()
				}
			}(fmt.Sprint("w", w))
		}
		wg.Wait()
		if len(seen) != n {
			t.Errorf("%d jobs claimed, want %d", len(seen), n)
		}
	})
}

func TestPurgeKeepsFailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now().Add(time.Second) // claims happen after the enqueues below
		s.EnqueueJob(ctx, store.NewJob{Kind: "ok"})
		s.EnqueueJob(ctx, store.NewJob{Kind: "ko", MaxAttempts: 1})
		jobs, _ := s.ClaimJobs(ctx, "w", 10, time.Minute, now)
		for _, j := range jobs {
			if j.Kind == "ok" {
				s.CompleteJob(ctx, j.ID, "w")
			} else {
				s.FailJob(ctx, j.ID, "w", errors.New("x"), now)
			}
		}
		n, err := s.PurgeJobs(ctx, time.Now().Add(time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("PurgeJobs = %d, %v; want 1", n, err)
		}
		left, _ := s.ListJobs(ctx, "", 10)
		if len(left) != 1 || left[0].State != store.JobFailed {
			t.Fatalf("left %+v, want the failed job", left)
		}
	})
}
