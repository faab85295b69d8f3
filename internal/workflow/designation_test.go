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

func TestEcheancesAndReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2027, 6, 1, 8, 0, 0, 0, time.UTC)
		pid, _ := s.CreateCompte(ctx, model.Compte{Email: "pilote@ac-toulouse.fr", Statut: model.CompteActif})
		s.AddHabilitation(ctx, model.Habilitation{CompteID: pid, Role: model.RolePilote, Academie: "16"})
		day := func(d int) *time.Time { t := now.Truncate(24*time.Hour).AddDate(0, 0, d); return &t }
		mk := func(email string, etat model.EtatDesignation, debut, fin *time.Time) int64 {
			id, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: email, Prenom: "X", Email: email})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateDesignation(ctx, model.Designation{ConseillerID: id, Academie: "16", Etat: etat, Debut: debut, Fin: fin}); err != nil {
				t.Fatal(err)
			}
			return id
		}
		soon := mk("soon@x.fr", model.DesignationActive, day(-1000), day(20))
		mk("later@x.fr", model.DesignationActive, day(-1000), day(60))
		past := mk("past@x.fr", model.DesignationActive, day(-1100), day(-1))
		starting := mk("start@x.fr", model.DesignationDesignee, day(0), day(1000))

		started, ended, err := workflow.Echeances(ctx, s, "https://cee.example", now)
		if err != nil || started != 1 || ended != 1 {
			t.Fatalf("started %d ended %d (%v), want 1 and 1", started, ended, err)
		}
		if d, _ := s.CurrentDesignation(ctx, past); d.Etat != model.DesignationTerminee || d.MotifFin != model.FinTerme {
			t.Errorf("past mandate: %s %s", d.Etat, d.MotifFin)
		}
		if d, _ := s.CurrentDesignation(ctx, starting); d.Etat != model.DesignationActive {
			t.Errorf("starting mandate: %s", d.Etat)
		}
		if d, _ := s.CurrentDesignation(ctx, soon); d.Etat != model.DesignationActive {
			t.Errorf("mandate ending in 20 days: %s", d.Etat)
		}
		jobs, _ := s.ListJobs(ctx, store.JobPending, 10)
		if len(jobs) != 2 {
			t.Fatalf("%d reminder jobs, want 2 (30 days: one mandate; 90 days: two)", len(jobs))
		}
		// The next hourly run sends nothing new.
		workflow.Echeances(ctx, s, "https://cee.example", now.Add(time.Hour))
		if again, _ := s.ListJobs(ctx, store.JobPending, 10); len(again) != 2 {
			t.Errorf("%d jobs after a second run, want still 2", len(again))
		}
	})
}

func TestConventionDeadlines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2027, 6, 1, 8, 0, 0, 0, time.UTC)
		pid, _ := s.CreateCompte(ctx, model.Compte{Email: "pilote@ac-toulouse.fr", Statut: model.CompteActif})
		s.AddHabilitation(ctx, model.Habilitation{CompteID: pid, Role: model.RolePilote, Academie: "16"})
		org, _ := s.CreateOrganisation(ctx, model.Organisation{Nom: "U2P Occitanie", Type: model.OrgInterproEmployeurs, Academies: []string{"16"}})
		// Ends in 5 months: the six-month warning only. Ended: expired.
		soon, _ := s.CreateConvention(ctx, model.Convention{Academie: "16", OrganisationID: org, Debut: now.AddDate(-3, 5, 1)})
		old, _ := s.CreateConvention(ctx, model.Convention{Academie: "16", OrganisationID: org, Debut: now.AddDate(-4, 0, 0)})
		s.SignConvention(ctx, soon, now.AddDate(-3, 5, 1), "convention.pdf", []byte("%PDF-1.4 signée"))
		s.SignConvention(ctx, old, now.AddDate(-4, 0, 0), "ancienne.pdf", []byte("%PDF-1.4"))
		for i := 0; i < 2; i++ {
			if err := workflow.Conventions(ctx, s, "https://cee.example", now); err != nil {
				t.Fatal(err)
			}
		}
		if c, _ := s.GetConvention(ctx, old, "16"); c.Etat != model.ConventionExpiree {
			t.Errorf("ended convention: %s", c.Etat)
		}
		jobs, _ := s.ListJobs(ctx, store.JobPending, 10)
		if len(jobs) != 1 || !strings.Contains(string(jobs[0].Payload), "six mois") {
			t.Fatalf("%d warnings, want the six-month one once: %+v", len(jobs), jobs)
		}
		// A month before the end: the second warning.
		workflow.Conventions(ctx, s, "https://cee.example", now.AddDate(0, 4, 2))
		if jobs, _ := s.ListJobs(ctx, store.JobPending, 10); len(jobs) != 2 {
			t.Errorf("%d warnings a month before the end, want 2", len(jobs))
		}
	})
}
