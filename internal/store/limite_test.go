package store_test

import (
	"context"
	"testing"
	"time"

	"cee/internal/store"
	"cee/internal/storetest"
)

// The shared bucket, counted by hand: 3 at once, then one every 10 s; a
// clock behind the stored one (another instance's) gives nothing back; the
// purge forgets only the buckets idle since before its cutoff.
func TestConsumeLimite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
		every := 10 * time.Second
		steps := []struct {
			key  string
			at   time.Duration
			want bool
		}{
			{"ip|a", 0, true}, {"ip|a", 0, true}, {"ip|a", time.Second, true},
			{"ip|a", 2 * time.Second, false},  // the bucket is empty
			{"ip|b", 2 * time.Second, true},   // another key has its own
			{"ip|a", 9 * time.Second, false},  // 0.9 token back
			{"ip|a", 10 * time.Second, true},  // one token back since t0
			{"ip|a", 5 * time.Second, false},  // a clock behind: nothing back
			{"ip|a", 15 * time.Second, false}, // 0.5 since the last change
			{"ip|a", 20 * time.Second, true},
			{"ip|a", 2 * time.Hour, true},                // full again (3, never more): 2 left
			{"ip|a", 2*time.Hour - 5*time.Second, true},  // behind: takes one, gives none back
			{"ip|a", 2 * time.Hour, true},                // the last one
			{"ip|a", 2 * time.Hour, false},               //
			{"ip|a", 2*time.Hour + 5*time.Second, false}, // half a token
			{"ip|a", 2*time.Hour + 10*time.Second, true}, // one, counted from 2h, not from 2h-5s
		}
		for i, st := range steps {
			ok, err := s.ConsumeLimite(ctx, st.key, every, 3, 1, t0.Add(st.at))
			if err != nil {
				t.Fatal(err)
			}
			if ok != st.want {
				t.Fatalf("step %d (%s at +%v): allowed %v, want %v", i, st.key, st.at, ok, st.want)
			}
		}
		// Several at once, all or none: 3 in the bucket, 2 then 2 refused
		// without taking, then 1.
		for i, st := range []struct {
			n    int
			want bool
		}{{2, true}, {2, false}, {1, true}, {1, false}} {
			ok, err := s.ConsumeLimite(ctx, "api|7", every, 3, st.n, t0)
			if err != nil || ok != st.want {
				t.Fatalf("lot %d (%d tokens): allowed %v, %v; want %v", i, st.n, ok, err, st.want)
			}
		}
		n, err := s.PurgeLimites(ctx, t0.Add(time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("purge: %d buckets, %v; want 2 (ip|b, api|7)", n, err)
		}
		if ok, _ := s.ConsumeLimite(ctx, "ip|a", every, 3, 1, t0.Add(2*time.Hour+10*time.Second)); ok {
			t.Error("the purge forgot a bucket still in use")
		}
	})
}
