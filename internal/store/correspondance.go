package store

import (
	"context"
	"time"
)

// Correspondance is the remembered mapping of an académie's imports of one
// kind: a normalised header → the field it feeds, "" for a column ignored.
type Correspondance map[string]string

// GetCorrespondance returns the mapping remembered for the académie's
// imports of kind (empty when none).
func (s *Store) GetCorrespondance(ctx context.Context, academie, kind string) (_ Correspondance, err error) {
	defer wrap(&err, "GetCorrespondance %s %s", academie, kind)
	rows, err := s.q.QueryContext(ctx, `SELECT entete, champ FROM correspondances_import WHERE academie = $1 AND type_import = $2`, academie, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := Correspondance{}
	for rows.Next() {
		var h, f string
		if err := rows.Scan(&h, &f); err != nil {
			return nil, err
		}
		out[h] = f
	}
	return out, rows.Err()
}

// SaveCorrespondance remembers the choices of corr for the académie's
// imports of kind, each header replacing what was remembered for it; the
// other headers remembered stay.
func (s *Store) SaveCorrespondance(ctx context.Context, academie, kind string, corr Correspondance, now time.Time) (err error) {
	defer wrap(&err, "SaveCorrespondance %s %s", academie, kind)
	for h, f := range corr {
		if _, err := s.q.ExecContext(ctx, `INSERT INTO correspondances_import (academie, type_import, entete, champ, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (academie, type_import, entete) DO UPDATE SET champ = excluded.champ, updated_at = excluded.updated_at`,
			academie, kind, h, f, utc(now)); err != nil {
			return err
		}
	}
	return nil
}
