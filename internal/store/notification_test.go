package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// A notification goes to the account of its address (none for an address
// without an account, none for a suspended one); the unread count is the
// total of the unread list; marking one read touches that one only, and
// « all » the person's only; the digests' accounts are the active ones
// that chose one.
func TestNotifications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := mustCompte(t, s, "a@ac-lille.fr", model.Habilitation{Role: model.RolePilote, Academie: "09"})
		b := mustCompte(t, s, "b@ac-lille.fr", model.Habilitation{Role: model.RolePilote, Academie: "09"})
		c := mustCompte(t, s, "c@ac-lille.fr", model.Habilitation{Role: model.RolePilote, Academie: "09"})
		if err := s.SetCompteStatut(ctx, c.ID, model.CompteSuspendu); err != nil {
			t.Fatal(err)
		}
		t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		for i, to := range []string{"a@ac-lille.fr", "a@ac-lille.fr", "a@ac-lille.fr", "b@ac-lille.fr", "c@ac-lille.fr", "personne@ailleurs.fr"} {
			n := model.Notification{Sujet: model.NotifDemande, Texte: "Nouvelle demande", Lien: "/demandes/1", CreatedAt: t0.Add(time.Duration(i) * time.Hour)}
			if err := s.AddNotification(ctx, to, n); err != nil {
				t.Fatal(err)
			}
		}
		unread := store.NotificationFilter{CompteID: a.ID, NonLues: true, Limit: 2}
		count := func(f store.NotificationFilter) int {
			t.Helper()
			n, err := s.CountNotifications(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		list, total, err := s.ListNotifications(ctx, unread)
		if err != nil || total != 3 || len(list) != 2 || count(unread) != total {
			t.Fatalf("unread of a: %d listed, total %d, count %d, %v", len(list), total, count(unread), err)
		}
		if !list[0].CreatedAt.After(list[1].CreatedAt) || list[0].LueLe != nil || list[0].Sujet != model.NotifDemande || list[0].Lien != "/demandes/1" {
			t.Errorf("newest first, unread, with subject and link: %+v", list[0])
		}
		if n := count(store.NotificationFilter{CompteID: c.ID}); n != 0 {
			t.Errorf("a suspended account got %d notification(s)", n)
		}
		if n := count(store.NotificationFilter{CompteID: a.ID, Depuis: t0.Add(90 * time.Minute)}); n != 1 {
			t.Errorf("since 10:30: %d, want 1", n)
		}

		if _, err := s.GetNotification(ctx, b.ID, list[0].ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("b reads a's notification: %v", err)
		}
		if n, err := s.MarkNotificationsLues(ctx, b.ID, list[0].ID, t0); err != nil || n != 0 {
			t.Errorf("b marks a's notification: %d %v", n, err)
		}
		if n, err := s.MarkNotificationsLues(ctx, a.ID, list[0].ID, t0.Add(24*time.Hour)); err != nil || n != 1 {
			t.Fatalf("a marks one: %d %v", n, err)
		}
		got, err := s.GetNotification(ctx, a.ID, list[0].ID)
		if err != nil || got.LueLe == nil {
			t.Errorf("read notification: %+v %v", got, err)
		}
		if n := count(unread); n != 2 {
			t.Errorf("after one read: %d unread, want 2", n)
		}
		if n, err := s.MarkNotificationsLues(ctx, a.ID, 0, t0.Add(24*time.Hour)); err != nil || n != 2 {
			t.Errorf("all of a: %d %v, want 2", n, err)
		}
		if count(unread) != 0 || count(store.NotificationFilter{CompteID: a.ID}) != 3 || count(store.NotificationFilter{CompteID: b.ID, NonLues: true}) != 1 {
			t.Error("« tout marquer comme lu » keeps the history and touches nobody else's")
		}

		if err := s.SetResume(ctx, a.ID, model.ResumeHebdomadaire); err != nil {
			t.Fatal(err)
		}
		if err := s.SetResume(ctx, c.ID, model.ResumeQuotidien); err != nil {
			t.Fatal(err)
		}
		for _, x := range []int64{a.ID, b.ID} {
			if err := s.SetCompteStatut(ctx, x, model.CompteActif); err != nil {
				t.Fatal(err)
			}
		}
		list2, err := s.ListComptesResume(ctx)
		if err != nil || len(list2) != 1 || list2[0].ID != a.ID || list2[0].Resume != model.ResumeHebdomadaire {
			t.Errorf("accounts with a digest: %+v %v, want a alone (c is suspended, b chose none)", list2, err)
		}
		if err := s.SetResume(ctx, a.ID, "mensuel"); err == nil {
			t.Error("the database accepted a digest frequency that does not exist")
		}
	})
}
