package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ConsumeLimite takes n tokens at once from the shared bucket of key, which
// holds at most burst tokens and gets one back every every, and reports
// whether they were there (if not, it takes none). One statement does it,
// so that instances answering at once for the same key cannot both take the
// last token. A clock behind the stored one (another instance's) refills
// nothing rather than taking back.
func (s *Store) ConsumeLimite(ctx context.Context, key string, every time.Duration, burst, n int, now time.Time) (ok bool, err error) {
	defer wrap(&err, "ConsumeLimite %s", key)
	var jetons float64
	err = s.q.QueryRowContext(ctx, `
		INSERT INTO limites (cle, jetons, maj) VALUES ($1, CAST($2 AS DOUBLE PRECISION) - $5, $3)
		ON CONFLICT (cle) DO UPDATE SET
			jetons = (CASE WHEN limites.jetons + `+refill+` > $2 THEN $2 ELSE limites.jetons + `+refill+` END) - $5,
			maj = CASE WHEN excluded.maj > limites.maj THEN excluded.maj ELSE limites.maj END
		WHERE (CASE WHEN limites.jetons + `+refill+` > $2 THEN $2 ELSE limites.jetons + `+refill+` END) >= $5
		RETURNING jetons`,
		key, float64(burst), now.UnixMicro(), every.Microseconds(), float64(n)).Scan(&jetons)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// refill is the tokens come back since the bucket's last change, in the
// statement of ConsumeLimite ($4 is every in microseconds).
const refill = `(CASE WHEN excluded.maj > limites.maj THEN excluded.maj - limites.maj ELSE 0 END) * 1.0 / $4`

// PurgeLimites forgets the buckets unchanged since before cutoff: by then
// they are full again, so forgetting them grants nothing.
func (s *Store) PurgeLimites(ctx context.Context, cutoff time.Time) (_ int64, err error) {
	defer wrap(&err, "PurgeLimites")
	res, err := s.q.ExecContext(ctx, `DELETE FROM limites WHERE maj < $1`, cutoff.UnixMicro())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
