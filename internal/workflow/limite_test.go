package workflow_test

import (
	"context"
	"testing"
	"time"

	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// TestLimiteParLots: two instances taking the API's bucket by lots allow
// together exactly its burst, no more — what one holds in advance is taken
// from the other — and a third instance then gets nothing.
func TestLimiteParLots(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		instances := make([]*workflow.Limite, 3)
		for i := range instances {
			instances[i] = workflow.NouvelleLimite(s, time.Hour, 60)
			instances[i].SetClock(clock)
		}
		allowed := 0
		for i := range 150 {
			ok, err := instances[i%2].Allow(ctx, "api|1")
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				allowed++
			}
		}
		if allowed != 60 {
			t.Errorf("two instances allowed %d calls of a burst of 60", allowed)
		}
		if ok, err := instances[2].Allow(ctx, "api|1"); ok || err != nil {
			t.Errorf("a third instance was allowed a call (%v) once the bucket was empty", err)
		}
		// The bucket refills for all: an hour later, one more each.
		now = now.Add(time.Hour)
		if ok, err := instances[2].Allow(ctx, "api|1"); !ok || err != nil {
			t.Errorf("after an hour, refused (%v)", err)
		}
	})
}
