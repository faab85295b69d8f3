package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Instantane is indicators computed ahead (table indicateurs_instantanes):
// the JSON of what a page shows and when it was computed.
type Instantane struct {
	Contenu   []byte
	CalculeLe time.Time
}

// GetInstantane reads the indicators computed ahead under a key;
// ErrNotFound when never computed.
func (s *Store) GetInstantane(ctx context.Context, cle string) (_ Instantane, err error) {
	defer wrap(&err, "GetInstantane %s", cle)
	var i Instantane
	err = s.q.QueryRowContext(ctx, `SELECT contenu, calcule_le FROM indicateurs_instantanes WHERE cle = $1`, cle).Scan(&i.Contenu, &i.CalculeLe)
	if errors.Is(err, sql.ErrNoRows) {
		return i, ErrNotFound
	}
	return i, err
}

// PutInstantane records the indicators computed under a key, replacing
// the previous ones.
func (s *Store) PutInstantane(ctx context.Context, cle string, i Instantane) (err error) {
	defer wrap(&err, "PutInstantane %s", cle)
	_, err = s.q.ExecContext(ctx, `INSERT INTO indicateurs_instantanes (cle, contenu, calcule_le) VALUES ($1, $2, $3)
		ON CONFLICT (cle) DO UPDATE SET contenu = $2, calcule_le = $3`, cle, string(i.Contenu), utc(i.CalculeLe))
	return err
}
