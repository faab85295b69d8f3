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
}

// NewJob describes a job to enqueue. A non-empty DedupKey makes the enqueue
// idempotent: a second job with the same key is silently dropped.
type NewJob struct {
	Kind        string
	Payload     any
	RunAt       time.Time // zero: now
	MaxAttempts int       // zero: 8
	DedupKey    string
}

const jobColumns = `id, kind, payload, state, run_at, attempts, max_attempts, last_error, locked_by, lease_until, COALESCE(dedup_key, ''), created_at, updated_at`

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
	var dedup any
	if j.DedupKey != "" {
		dedup = j.DedupKey
	}
	res, err := s.q.ExecContext(ctx, `INSERT INTO jobs (kind, payload, state, run_at, max_attempts, dedup_key, created_at, updated_at)
		VALUES ($1, $2, 'pending', $3, $4, $5, $6, $6) ON CONFLICT (dedup_key) DO NOTHING`,
		j.Kind, string(payload), runAt, maxAttempts, dedup, now)
	if err != nil {
		return false, fmt.Errorf("tâche %s : %w", j.Kind, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ClaimJobs leases up to limit runnable jobs to worker: pending jobs that are
// due, and running jobs whose lease expired (their worker died). Each claim
// counts as an attempt. On PostgreSQL, SKIP LOCKED lets several instances
// claim concurrently without ever taking the same row; on SQLite the
// immediate write transaction serialises claims.
func (s *Store) ClaimJobs(ctx context.Context, worker string, limit int, lease time.Duration, now time.Time) (_ []Job, err error) {
	defer wrap(&err, "ClaimJobs %s", worker)
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
			WHERE id IN (SELECT id FROM jobs
				WHERE (state = 'pending' AND run_at <= $3) OR (state = 'running' AND lease_until < $3)
				ORDER BY run_at, id LIMIT $4 `+lock+`)
			RETURNING `+jobColumns, worker, now.Add(lease), now, limit)
		if err != nil {
			return err
		}
		jobs, err = scanJobs(rows)
		return err
	})
	return jobs, err
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
		var lease sql.NullTime
		if err := rows.Scan(&j.ID, &j.Kind, &payload, &j.State, &j.RunAt, &j.Attempts, &j.MaxAttempts,
			&j.LastError, &j.LockedBy, &lease, &j.DedupKey, &j.CreatedAt, &j.UpdatedAt); err != nil {
			return nil, err
		}
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
