package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// A request sent is a notification of the pilote and of the school in the
// transaction that sends it. A pilote with a daily digest gets no mail
// per request but one digest a day (the notification and « À traiter »),
// once even if the job runs twice; a weekly digest goes out on Mondays
// only; read notifications leave the digest.
func TestResumes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		pilote, ecole := f.pilote.Compte, f.ecole.Compte
		if err := workflow.ChoisirResume(ctx, s, pilote.ID, model.ResumeQuotidien); err != nil {
			t.Fatal(err)
		}
		if err := workflow.ChoisirResume(ctx, s, ecole.ID, model.ResumeHebdomadaire); err != nil {
			t.Fatal(err)
		}
		d := f.demande(t, 1)
		for _, c := range []model.Compte{pilote, ecole} {
			list, _, err := s.ListNotifications(ctx, store.NotificationFilter{CompteID: c.ID, NonLues: true, Limit: 10})
			if err != nil || len(list) != 1 || !strings.Contains(list[0].Texte, d.Titre) || list[0].Lien != "/demandes/"+itoa(d.ID) {
				t.Fatalf("%s: notifications %+v %v", c.Email, list, err)
			}
		}
		if n := mailsTo(t, s, pilote.Email, d.Titre); n != 0 {
			t.Errorf("a pilote with a digest got %d mail(s) about the request", n)
		}

		jour := time.Now().Add(time.Hour)
		for range 2 {
			if err := workflow.Resumes(ctx, s, "https://cee.example", jour); err != nil {
				t.Fatal(err)
			}
		}
		if n := mailsTo(t, s, pilote.Email, "Ce qui vous attend aujourd'hui"); n != 1 {
			t.Fatalf("%d daily digest(s) to the pilote, want 1", n)
		}
		m := lastMail(t, s, pilote.Email, "Ce qui vous attend aujourd'hui")
		if !strings.Contains(m.Text, d.Titre) || !strings.Contains(m.Text, "À traiter : 1 ") || !strings.Contains(m.Text, "/notifications") {
			t.Errorf("the digest should list the notification and « À traiter »:\n%s", m.Text)
		}
		lundi := jour.In(model.Paris).Weekday() == time.Monday
		if n := mailsTo(t, s, ecole.Email, "Votre semaine"); (n == 1) != lundi {
			t.Errorf("%d weekly digest(s) to the school on a %s", n, jour.In(model.Paris).Weekday())
		}
		for !lundi {
			jour = jour.AddDate(0, 0, 1)
			lundi = jour.In(model.Paris).Weekday() == time.Monday
		}
		if err := workflow.Resumes(ctx, s, "https://cee.example", jour); err != nil {
			t.Fatal(err)
		}
		if m := lastMail(t, s, ecole.Email, "Votre semaine"); !strings.Contains(m.Text, d.Titre) || !strings.Contains(m.Text, "Mon compte") {
			t.Errorf("the weekly digest should list the notification and say where to change it:\n%s", m.Text)
		}

		// Read, the notification leaves the next digest; « À traiter »
		// stays.
		if _, err := workflow.ToutMarquerLu(ctx, s, pilote.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		lendemain := time.Now().Add(25 * time.Hour)
		if err := workflow.Resumes(ctx, s, "https://cee.example", lendemain); err != nil {
			t.Fatal(err)
		}
		if n := mailsTo(t, s, pilote.Email, "Ce qui vous attend aujourd'hui"); n != 2 {
			t.Fatalf("%d daily digests after two days, want 2", n)
		}
		avecTitre := 0
		for _, m := range mailsEnFile(t, s)[pilote.Email] {
			if strings.Contains(m.Subject, "Ce qui vous attend") && strings.Contains(m.Text, d.Titre) {
				avecTitre++
			}
		}
		if avecTitre != 1 {
			t.Errorf("%d digest(s) name the request, want 1: read, it leaves the next one", avecTitre)
		}
	})
}

// The author of a request whose contact is someone else (a teacher
// without an account) still follows it in their notifications; the
// contact is mailed.
func TestNotificationAuteurEtContact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		day := time.Now().AddDate(0, 0, 7).Truncate(24 * time.Hour)
		d := model.Demande{Academie: "16", UAI: "0310024H", Departement: "31", CodeCommune: "31555", AuteurID: f.ecole.Compte.ID,
			Type: model.TypeIntervention, Titre: "Les métiers du rail", Personnes: 1, NAF: []string{"49"},
			ContactNom: "Paul Prof", ContactEmail: "prof@lycee.example", Creneaux: []model.Creneau{{Jour: day, Moment: "AM"}}}
		id, err := workflow.EnregistrerDemande(ctx, s, f.ecole, "https://cee.example", d, true)
		if err != nil {
			t.Fatal(err)
		}
		list, _, err := s.ListNotifications(ctx, store.NotificationFilter{CompteID: f.ecole.Compte.ID, Limit: 10})
		if err != nil || len(list) != 1 || list[0].Lien != "/demandes/"+itoa(id) {
			t.Fatalf("the author's notifications: %+v %v", list, err)
		}
		if n := mailsTo(t, s, "prof@lycee.example", d.Titre); n != 1 {
			t.Errorf("%d mail(s) to the contact, want 1", n)
		}
		if n := mailsTo(t, s, f.ecole.Compte.Email, d.Titre); n != 0 {
			t.Errorf("the author got %d mail(s): the contact is the one mailed", n)
		}
	})
}
