package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"cee/internal/demo"
	"cee/internal/store"
	"cee/internal/storetest"
)

// BenchmarkAnonymiser times one erasure on the small demonstration data set
// (SQLite): a CEE with an account, their actions, solicitations and mails,
// and the scan of the journal, the outbox and the jobs for their strings.
// Each iteration erases another CEE, inside a transaction rolled back.
func BenchmarkAnonymiser(b *testing.B) {
	ctx := context.Background()
	s := storetest.MustOpen(b, "sqlite:"+filepath.Join(b.TempDir(), "cee.db"))
	if _, err := demo.Generate(ctx, s, demo.Options{Scale: demo.Small, Seed: 7}); err != nil {
		b.Fatal(err)
	}
	var ids []int64
	rows, err := s.DB().QueryContext(ctx, `SELECT id FROM conseillers ORDER BY id LIMIT 200`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	errRollback := context.Canceled
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		err := s.InTx(ctx, func(tx *store.Store) error {
			p, err := tx.PersonneOfConseiller(ctx, ids[i%len(ids)])
			if err != nil {
				return err
			}
			if _, err := tx.Anonymiser(ctx, p, time.Now()); err != nil {
				return err
			}
			return errRollback
		})
		if err != errRollback {
			b.Fatal(err)
		}
	}
}

// BenchmarkDonneesPersonne times the export of one CEE's data on the small
// demonstration data set (SQLite).
func BenchmarkDonneesPersonne(b *testing.B) {
	ctx := context.Background()
	s := storetest.MustOpen(b, "sqlite:"+filepath.Join(b.TempDir(), "cee.db"))
	if _, err := demo.Generate(ctx, s, demo.Options{Scale: demo.Small, Seed: 7}); err != nil {
		b.Fatal(err)
	}
	var id int64
	if err := s.DB().QueryRowContext(ctx, `SELECT conseiller_id FROM interventions GROUP BY conseiller_id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	p, err := s.PersonneOfConseiller(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.DonneesPersonne(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}
