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

// The retention job, driven by the clock: the people the rule reaches are
// warned once, anonymised a month later unless they acted in between
// (here, a login), and those still within their period are left alone.
func TestConservation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2030, 3, 2, 3, 0, 0, 0, time.UTC)
		exec := func(q string, args ...any) int64 {
			t.Helper()
			var id int64
			if err := s.DB().QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return id
		}
		years := func(n int) time.Time { return now.AddDate(-n, 0, 0) }
		cee := func(email string, fin time.Time, etat string) int64 {
			id := exec(`INSERT INTO conseillers (academie, nom, prenom, email, created_at, updated_at) VALUES ('16', 'Nom', 'Prénom', $1, $2, $2)`, email, years(12))
			exec(`INSERT INTO designations (conseiller_id, academie, etat, debut, fin, created_at, updated_at) VALUES ($1, '16', $2, $3, $4, $3, $4)`,
				id, etat, fin.AddDate(-6, 0, 0), fin)
			return id
		}
		proIn := func(academie, email string, consent time.Time) int64 {
			return exec(`INSERT INTO professionnels (academie, nom, prenom, email, interventions, consent_le, created_at, updated_at)
				VALUES ($1, 'Pro', 'Fessionnel', $2, TRUE, $3, $3, $3)`, academie, email, consent)
		}
		pro := func(email string, consent time.Time) int64 { return proIn("16", email, consent) }
		ancien := cee("ancien@exemple.fr", years(model.ConservationCEEAns).AddDate(0, -1, 0), "terminee")
		recent := cee("recent@exemple.fr", years(model.ConservationCEEAns).AddDate(0, 6, 0), "terminee")
		enCours := cee("en-cours@exemple.fr", years(8), "active") // an active mandate with a stale end date: still in office
		dormant := pro("dormant@exemple.fr", years(model.ConservationProfessionnelAns).AddDate(0, 0, -1))
		revenu := pro("revenu@exemple.fr", years(model.ConservationProfessionnelAns+1))
		actif := pro("actif@exemple.fr", years(1))
		// Paris keeps its professionals one year only (its settings).
		if err := s.SaveConservation(ctx, "01", model.Conservation{CEEAns: model.ConservationCEEAns, ProfessionnelAns: 1}); err != nil {
			t.Fatal(err)
		}
		court := proIn("01", "court@exemple.fr", years(2))
		proIn("01", "recent-paris@exemple.fr", now.AddDate(0, -6, 0))
		// Aix-Marseille keeps them five years: the national three do not apply.
		if err := s.SaveConservation(ctx, "02", model.Conservation{CEEAns: model.ConservationCEEAns, ProfessionnelAns: 5}); err != nil {
			t.Fatal(err)
		}
		proIn("02", "long@exemple.fr", years(4))
		compte := exec(`INSERT INTO comptes (email, nom, statut, derniere_connexion, created_at, updated_at) VALUES ('revenu@exemple.fr', 'Revenu', 'actif', $1, $1, $1)`, years(5))
		exec(`INSERT INTO habilitations (compte_id, role, academie, ref, created_at) VALUES ($1, 'professionnel', '16', $2, $3)`, compte, itoa(revenu), years(5))

		averti, anonymise, err := workflow.Conservation(ctx, s, "https://cee.example", now)
		if err != nil || averti != 4 || anonymise != 0 {
			t.Fatalf("first run: %d warned, %d anonymised, %v", averti, anonymise, err)
		}
		for _, to := range []string{"ancien@exemple.fr", "dormant@exemple.fr", "revenu@exemple.fr", "court@exemple.fr"} {
			m := lastMail(t, s, to, "anonymisées")
			if !strings.Contains(m.Text, model.Date(now.AddDate(0, 1, 0))) || !strings.Contains(m.HTML, "Me connecter") {
				t.Errorf("warning to %s:\n%s", to, m.Text)
			}
		}
		if m := lastMail(t, s, "dormant@exemple.fr", "anonymisées"); !strings.Contains(m.Text, "/consentement/") {
			t.Errorf("no renewal link for a professional:\n%s", m.Text)
		}
		for _, to := range []string{"recent@exemple.fr", "en-cours@exemple.fr", "actif@exemple.fr", "recent-paris@exemple.fr", "long@exemple.fr"} {
			if n := mailsTo(t, s, to, "anonymisées"); n != 0 {
				t.Errorf("%s warned", to)
			}
		}

		// The next days: nobody is warned twice, nobody anonymised early.
		if averti, anonymise, err := workflow.Conservation(ctx, s, "https://cee.example", now.AddDate(0, 0, 20)); err != nil || averti+anonymise != 0 {
			t.Fatalf("a day later: %d warned, %d anonymised, %v", averti, anonymise, err)
		}
		// One of them logs in before the date.
		if _, err := s.DB().ExecContext(ctx, `UPDATE comptes SET derniere_connexion = $1 WHERE id = $2`, now.AddDate(0, 0, 10), compte); err != nil {
			t.Fatal(err)
		}
		later := now.AddDate(0, 1, 1)
		averti, anonymise, err = workflow.Conservation(ctx, s, "https://cee.example", later)
		if err != nil || anonymise != 3 || averti != 0 {
			t.Fatalf("after the month: %d warned, %d anonymised, %v", averti, anonymise, err)
		}
		nom := func(table string, id int64) string {
			var n string
			s.DB().QueryRowContext(ctx, `SELECT nom FROM `+table+` WHERE id = $1`, id).Scan(&n)
			return n
		}
		if nom("conseillers", ancien) != "Anonyme" || nom("professionnels", dormant) != "Anonyme" || nom("professionnels", court) != "Anonyme" {
			t.Error("the inactive people are not anonymised")
		}
		for _, x := range []struct {
			table string
			id    int64
		}{{"conseillers", recent}, {"conseillers", enCours}, {"professionnels", revenu}, {"professionnels", actif}} {
			if nom(x.table, x.id) == "Anonyme" {
				t.Errorf("%s %d anonymised", x.table, x.id)
			}
		}
		if n := mailsTo(t, s, "ancien@exemple.fr", "anonymisées"); n != 0 {
			t.Error("the warning mail still holds the erased address")
		}
		lines, _, _ := s.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditEffacement, Limit: 50})
		var warned, done, kept int
		for _, l := range lines {
			switch {
			case strings.Contains(l.Detail, "personne prévenue"):
				warned++
			case strings.Contains(l.Detail, "anonymisation effectuée"):
				done++
			case strings.Contains(l.Detail, "gardées"):
				kept++
			}
		}
		if warned != 4 || done != 3 || kept != 1 {
			t.Errorf("journal: %d warnings, %d anonymisations, %d kept", warned, done, kept)
		}

		// The person who came back is not warned again: the login counts
		// as activity for the next three years.
		if averti, _, err := workflow.Conservation(ctx, s, "https://cee.example", later.AddDate(0, 0, 1)); err != nil || averti != 0 {
			t.Errorf("the day after: %d warned, %v", averti, err)
		}
	})
}
