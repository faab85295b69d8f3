package workflow

import (
	"context"

	"cee/internal/store"
)

// RelancerTache puts failed job id back in the queue, to run again at once
// (the demonstration's and development's job page, /dev/taches).
func RelancerTache(ctx context.Context, s *store.Store, id int64) error {
	return s.RetryJob(ctx, id)
}
