package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"cee/internal/store"
	"cee/internal/storetest"
)

// The candidate pool's version of an académie moves with what the pool is
// made of (its CEE, designations, professionals, settings, its candidates'
// solicitations wherever the request is, the ratings of the requests they
// answered), and not with a request posted: every instance sees a change
// made through another.
func TestVersionsVivier(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, u)
		now := time.Now()
		last := map[string]int64{}
		check := func(what string, moved ...string) {
			t.Helper()
			for _, a := range []string{"16", "25"} {
				v, err := s.Version(ctx, store.VersionsVivier, a)
				if err != nil {
					t.Fatal(err)
				}
				want := false
				for _, m := range moved {
					want = want || m == a
				}
				if got := v != last[a]; got != want {
					t.Errorf("%s: version of %s moved %v, want %v", what, a, got, want)
				}
				last[a] = v
			}
		}
		cee := mustInsert(t, s, `INSERT INTO conseillers (academie, nom, prenom, email, created_at, updated_at) VALUES ('16', 'Roux', 'Anne', 'a@x.fr', $1, $1)`, now)
		check("CEE created", "16")
		mustInsert(t, s, `INSERT INTO designations (conseiller_id, academie, etat, created_at, updated_at) VALUES ($1, '16', 'active', $2, $2)`, cee, now)
		check("designation", "16")
		mustExec(t, s, `UPDATE conseillers SET en_pause = TRUE WHERE id = $1`, cee)
		check("CEE paused", "16")
		pro := mustInsert(t, s, `INSERT INTO professionnels (academie, nom, prenom, email, created_at, updated_at) VALUES ('25', 'Brun', 'Léa', 'l@x.fr', $1, $1)`, now)
		check("professional invited", "25")
		mustExec(t, s, `INSERT INTO parametres_academie (academie, updated_at) VALUES ('25', $1)`, now)
		check("settings", "25")
		d := mustInsert(t, s, `INSERT INTO demandes (academie, type, titre, etat, created_at, updated_at) VALUES ('25', 'intervention', 'Forum', 'en_recherche', $1, $1)`, now)
		check("request posted")
		so := mustInsert(t, s, `INSERT INTO sollicitations (demande_id, conseiller_id, etat, expire_le, created_at, updated_at) VALUES ($1, $2, 'envoyee', $3, $3, $3)`, d, cee, now)
		check("CEE of 16 solicited for a request of 25", "16")
		mustInsert(t, s, `INSERT INTO sollicitations (demande_id, professionnel_id, etat, expire_le, created_at, updated_at) VALUES ($1, $2, 'envoyee', $3, $3, $3)`, d, pro, now)
		check("professional solicited", "25")
		mustExec(t, s, `UPDATE sollicitations SET etat = 'acceptee' WHERE id = $1`, so)
		check("CEE's solicitation accepted", "16")
		mustExec(t, s, `UPDATE demandes SET titre = 'Forum des métiers' WHERE id = $1`, d)
		check("request edited")
		mustExec(t, s, `UPDATE demandes SET note = 4 WHERE id = $1`, d)
		check("request rated", "16")
	})
}

// Memoriser computes once while the version holds, again when another
// Store on the same database (another instance) changes the académie, when
// the time is up, and every time in a transaction.
func TestMemoriserEntreInstances(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		ctx := context.Background()
		a, b := storetest.MustOpen(t, u), storetest.MustOpen(t, u)
		now := time.Now()
		calculs := 0
		get := func(s *store.Store, at time.Time) int {
			t.Helper()
			v, err := store.Memoriser(ctx, s, store.VersionsVivier, "16", "test", at, time.Minute, func() (int, error) {
				calculs++
				return calculs, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		first, second := get(a, now), get(a, now)
		if first != 1 || second != 1 {
			t.Fatalf("computed %d times, want 1", calculs)
		}
		mustInsert(t, b, `INSERT INTO conseillers (academie, nom, prenom, email, created_at, updated_at) VALUES ('25', 'Roux', 'Anne', 'a@x.fr', $1, $1)`, now)
		if get(a, now) != 1 {
			t.Errorf("another académie's change: computed again")
		}
		mustInsert(t, b, `INSERT INTO conseillers (academie, nom, prenom, email, created_at, updated_at) VALUES ('16', 'Brun', 'Léa', 'l@x.fr', $1, $1)`, now)
		if get(a, now) != 2 {
			t.Errorf("change through another instance: not computed again")
		}
		if get(a, now.Add(2*time.Minute)) != 3 {
			t.Errorf("time up: not computed again")
		}
		err := a.InTx(ctx, func(tx *store.Store) error {
			if get(tx, now.Add(2*time.Minute)) != 4 || get(tx, now.Add(2*time.Minute)) != 5 {
				return errors.New("in a transaction: from memory")
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	})
}

// Memoriser forgets the values past twice their age as new keys come, so
// that keys holding a month or a reader's filter do not pile up in a
// long-running instance; values still young stay.
func TestMemoriserOublie(t *testing.T) {
	ctx := context.Background()
	s := storetest.MustOpen(t, "sqlite:"+t.TempDir()+"/cee.db")
	now := time.Now()
	put := func(cle string, at time.Time, duree time.Duration) {
		t.Helper()
		if _, err := store.Memoriser(ctx, s, store.VersionsAcademie, "16", cle, at, duree, func() (string, error) { return cle, nil }); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 100 {
		put(fmt.Sprintf("filtre %d", i), now, time.Minute)
	}
	put("mois", now, time.Hour)
	if n := store.TailleMemoire(s); n != 101 {
		t.Fatalf("%d values kept, want 101", n)
	}
	put("un de plus", now.Add(90*time.Second), time.Minute) // the others are 1.5 minutes old: kept
	if n := store.TailleMemoire(s); n != 102 {
		t.Errorf("%d values kept after 1.5 minutes, want 102", n)
	}
	put("encore un", now.Add(3*time.Minute), time.Minute) // past twice their minute, but not the hour's
	if n := store.TailleMemoire(s); n != 3 {
		t.Errorf("%d values kept after 3 minutes, want 3 (the hour's, the last two)", n)
	}
}
