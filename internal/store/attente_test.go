package store_test

import (
	"context"
	"testing"
	"time"

	"cee/internal/store"
	"cee/internal/storetest"
)

// The pilotes' counters are kept in memory by each instance, yet a change
// made through another instance (another Store on the same database) shows
// at once: the académie's version moved. Another académie's change keeps
// them.
func TestAttentesPiloteEntreInstances(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		ctx := context.Background()
		a, b := storetest.MustOpen(t, u), storetest.MustOpen(t, u)
		now := time.Now()
		count := func(want int) {
			t.Helper()
			got, err := a.AttentesPilote(ctx, "16", now)
			if err != nil {
				t.Fatal(err)
			}
			if got.AValider != want {
				t.Errorf("%d request(s) to validate, want %d", got.AValider, want)
			}
		}
		count(0)
		insert := func(acad string) int64 {
			return mustInsert(t, b, `INSERT INTO demandes (academie, type, titre, etat, created_at, updated_at) VALUES ($1, 'intervention', 'Forum', 'a_valider', $2, $2)`, acad, now)
		}
		id := insert("16")
		count(1)
		insert("25")
		count(1)
		mustExec(t, b, `UPDATE demandes SET etat = 'en_recherche' WHERE id = $1`, id)
		count(0)
		// Within the minute and without a new version, from memory: a row
		// changed behind the triggers' back does not show.
		if b.Dialect() == store.SQLite {
			mustExec(t, b, `DROP TRIGGER demandes_version_upd`)
		} else {
			mustExec(t, b, `ALTER TABLE demandes DISABLE TRIGGER demandes_version`)
		}
		mustExec(t, b, `UPDATE demandes SET etat = 'a_valider' WHERE id = $1`, id)
		count(0)
	})
}
