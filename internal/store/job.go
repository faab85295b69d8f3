package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Job states.
const (
	JobPending = "pending"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job priorities: a claim takes the lowest number first, so that a bulk
// send never holds back a login link (issue 20, finding 3). The enqueuer sets
// one per kind; see docs/security.md, « Mail delivery and the job queue ».
const (
	PriorityInteractive = 1 // a person waits for it: login links, solicitations, notices
	PriorityNormal      = 2 // periodic work, computations
	PriorityBulk        = 3 // announcements to many people
)

// Job is one durable unit of work: an e-mail to send, a reminder, a long
// computation.
type Job struct {
	ID          int64
	Kind        string
	Payload     json.RawMessage
	State       string
	RunAt       time.Time
	Attempts    int
	MaxAttempts int
	LastError   string
	LockedBy    string
	LeaseUntil  *time.Time
	DedupKey    string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Priority    int
	OrderingKey string
	// DeliveredAt is set once the job's mail was accepted by the server:
	// a job claimed again after that is completed without running.
	DeliveredAt *time.Time
}

// NewJob describes a job to enqueue. A non-empty DedupKey makes the enqueue
// idempotent: a second job with the same key is silently dropped.
type NewJob struct {
	Kind        string
	Payload     any
	RunAt       time.Time // zero: now
	MaxAttempts int       // zero: 8
	DedupKey    string
	Priority    int // zero: PriorityNormal
	// OrderingKey serialises jobs: of the unfinished jobs sharing a key,
	// only the oldest (lowest id) can be claimed, so that the mails to one
	// person leave in the order they were queued, whatever the number of
	// workers and instances and however many retries (issue 14, item 2).
	OrderingKey string
}

const jobColumns = `id, kind, payload, state, run_at, attempts, max_attempts, last_error, locked_by, lease_until, COALESCE(dedup_key, ''), created_at, updated_at,
	priority, COALESCE(ordering_key, ''), delivered_at`

// EnqueueJob writes a job; call it inside InTx with the change that causes
// it. It reports false when the dedup key was already taken.
func (s *Store) EnqueueJob(ctx context.Context, j NewJob) (_ bool, err error) {
	defer wrap(&err, "EnqueueJob")
	payload, err := json.Marshal(j.Payload)
	if err != nil {
		return false, fmt.Errorf("tâche %s : contenu illisible : %w", j.Kind, err)
	}
	if j.Payload == nil {
		payload = []byte("{}")
	}
	now := utc(time.Now())
	runAt := now
	if !j.RunAt.IsZero() {
		runAt = utc(j.RunAt)
	}
	maxAttempts := j.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = 8
	}
	var dedup, ordering any
	if j.DedupKey != "" {
		dedup = j.DedupKey
	}
	if j.OrderingKey != "" {
		ordering = j.OrderingKey
	}
	priority := j.Priority
	if priority == 0 {
		priority = PriorityNormal
	}
	res, err := s.q.ExecContext(ctx, `INSERT INTO jobs (kind, payload, state, run_at, max_attempts, dedup_key, created_at, updated_at, priority, ordering_key)
		VALUES ($1, $2, 'pending', $3, $4, $5, $6, $6, $7, $8) ON CONFLICT (dedup_key) DO NOTHING`,
		j.Kind, string(payload), runAt, maxAttempts, dedup, now, priority, ordering)
	if err != nil {
		return false, fmt.Errorf("tâche %s : %w", j.Kind, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ClaimJobs leases up to limit runnable jobs of any priority to worker; see
// ClaimJobsUpTo.
func (s *Store) ClaimJobs(ctx context.Context, worker string, limit int, lease time.Duration, now time.Time) ([]Job, error) {
	return s.ClaimJobsUpTo(ctx, worker, limit, PriorityBulk, lease, now)
}

// ClaimJobsUpTo leases up to limit runnable jobs of priority maxPriority or
// more urgent to worker: pending jobs that are due, and running jobs whose
// lease expired (their worker died), the most urgent priority first, then by
// due time. A job with an ordering key is runnable only when no older job of
// the same key is still pending or running: the rule is in the claim itself,
// so it holds across instances and across retries (a retried job stays
// pending and keeps the younger ones waiting). Each claim counts as an
// attempt. On PostgreSQL, SKIP LOCKED lets several instances claim
// concurrently without ever taking the same row (a younger job of a key whose
// older job is being claimed elsewhere still sees that older job unfinished);
// on SQLite the immediate write transaction serialises claims.
func (s *Store) ClaimJobsUpTo(ctx context.Context, worker string, limit, maxPriority int, lease time.Duration, now time.Time) (_ []Job, err error) {
	defer wrap(&err, "ClaimJobsUpTo %s", worker)
	now = utc(now)
	lock := ""
	if s.dialect == Postgres {
		lock = "FOR UPDATE SKIP LOCKED"
	}
	var jobs []Job
	err = s.InTx(ctx, func(tx *Store) error {
		// A worker that died on its last attempt leaves a running job
		// nobody may take again: show it as failed.
		if _, err := tx.q.ExecContext(ctx, `UPDATE jobs SET state = 'failed', lease_until = NULL, updated_at = $1,
			last_error = 'bail expiré : le processus qui exécutait la tâche s''est arrêté'
			WHERE state = 'running' AND lease_until < $1 AND attempts >= max_attempts`, now); err != nil {
			return err
		}
		rows, err := tx.q.QueryContext(ctx, `UPDATE jobs SET state = 'running', attempts = attempts + 1,
			locked_by = $1, lease_until = $2, updated_at = $3
			WHERE id IN (SELECT j.id FROM jobs j
				WHERE ((j.state = 'pending' AND j.run_at <= $3) OR (j.state = 'running' AND j.lease_until < $3))
				AND j.priority <= $5
				AND (j.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM jobs o
					WHERE o.ordering_key = j.ordering_key AND o.id < j.id AND o.state IN ('pending', 'running')))
				ORDER BY j.priority, j.run_at, j.id LIMIT $4 `+lock+`)
			RETURNING `+jobColumns, worker, now.Add(lease), now, limit, maxPriority)
		if err != nil {
			return err
		}
		jobs, err = scanJobs(rows)
		return err
	})
	return jobs, err
}

// MarkJobDelivered records that the job's mail was accepted by the mail
// server, if worker still holds it: should the job not be marked done after
// that, its next claim completes it without sending again (issue 20,
// finding 8).
func (s *Store) MarkJobDelivered(ctx context.Context, id int64, worker string, at time.Time) (err error) {
	defer wrap(&err, "MarkJobDelivered %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE jobs SET delivered_at = $3, updated_at = $3
		WHERE id = $1 AND locked_by = $2 AND state = 'running'`, id, worker, utc(at))
	return err
}

// RunningJobs counts the jobs some worker holds, whose lease has not
// expired by now.
func (s *Store) RunningJobs(ctx context.Context, now time.Time) (_ int, err error) {
	defer wrap(&err, "RunningJobs")
	var n int
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE state = 'running' AND lease_until >= $1`, utc(now)).Scan(&n)
	return n, err
}

// CompleteJob marks a job done, if worker still holds it.
func (s *Store) CompleteJob(ctx context.Context, id int64, worker string) (err error) {
	defer wrap(&err, "CompleteJob %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE jobs SET state = 'done', lease_until = NULL, last_error = '', updated_at = $3
		WHERE id = $1 AND locked_by = $2 AND state = 'running'`, id, worker, utc(time.Now()))
	return err
}

// FailJob records an error: the job is retried at retryAt, or moves to the
// visible "failed" state once its attempts are used up.
func (s *Store) FailJob(ctx context.Context, id int64, worker string, cause error, retryAt time.Time) (err error) {
	defer wrap(&err, "FailJob %d", id)
	msg := cause.Error()
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	_, err = s.q.ExecContext(ctx, `UPDATE jobs SET
			state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
			run_at = $4, last_error = $3, lease_until = NULL, updated_at = $5
		WHERE id = $1 AND locked_by = $2 AND state = 'running'`, id, worker, msg, utc(retryAt), utc(time.Now()))
	return err
}

// RetryJob puts a failed job back in the queue with fresh attempts.
func (s *Store) RetryJob(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "RetryJob %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE jobs SET state = 'pending', attempts = 0, run_at = $2, updated_at = $2
		WHERE id = $1 AND state = 'failed'`, id, utc(time.Now()))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// GetJob returns one job.
func (s *Store) GetJob(ctx context.Context, id int64) (_ Job, err error) {
	defer wrap(&err, "GetJob %d", id)
	rows, err := s.q.QueryContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = $1`, id)
	if err != nil {
		return Job{}, err
	}
	jobs, err := scanJobs(rows)
	if err != nil {
		return Job{}, err
	}
	if len(jobs) == 0 {
		return Job{}, ErrNotFound
	}
	return jobs[0], nil
}

// ListJobs returns the most recent jobs in a state ("" for all).
func (s *Store) ListJobs(ctx context.Context, state string, limit int) (_ []Job, err error) {
	defer wrap(&err, "ListJobs %s", state)
	rows, err := s.q.QueryContext(ctx, `SELECT `+jobColumns+` FROM jobs
		WHERE $1 = '' OR state = $1 ORDER BY updated_at DESC, id DESC LIMIT $2`, state, limit)
	if err != nil {
		return nil, err
	}
	return scanJobs(rows)
}

// JobCount is the number of jobs of one kind in one state.
type JobCount struct {
	Kind, State string
	N           int
}

// CountJobs groups jobs by kind and state, for metrics.
func (s *Store) CountJobs(ctx context.Context) (_ []JobCount, err error) {
	defer wrap(&err, "CountJobs")
	rows, err := s.q.QueryContext(ctx, `SELECT kind, state, COUNT(*) FROM jobs GROUP BY kind, state ORDER BY kind, state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []JobCount
	for rows.Next() {
		var c JobCount
		if err := rows.Scan(&c.Kind, &c.State, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PurgeJobs deletes finished jobs last touched before cutoff; failed jobs are
// kept until someone looks at them.
func (s *Store) PurgeJobs(ctx context.Context, cutoff time.Time) (_ int64, err error) {
	defer wrap(&err, "PurgeJobs")
	res, err := s.q.ExecContext(ctx, `DELETE FROM jobs WHERE state = 'done' AND updated_at < $1`, utc(cutoff))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func scanJobs(rows *sql.Rows) ([]Job, error) {
	defer rows.Close()
	var out []Job
	for rows.Next() {
		var j Job
		var payload string
		var lease, delivered sql.NullTime
		if err := rows.Scan(&j.ID, &j.Kind, &payload, &j.State, &j.RunAt, &j.Attempts, &j.MaxAttempts,
			&j.LastError, &j.LockedBy, &lease, &j.DedupKey, &j.CreatedAt, &j.UpdatedAt,
			&j.Priority, &j.OrderingKey, &delivered); err != nil {
			return nil, err
		}
		j.DeliveredAt = timePtr(delivered)
		j.Payload = json.RawMessage(payload)
		if lease.Valid {
			t := lease.Time
			j.LeaseUntil = &t
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
