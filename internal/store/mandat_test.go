package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// migrationPart returns the SQL of migration version (of s's dialect)
// after the comment line(s) marker, which must start with want: the data
// part of a migration, run again by a test on data of its own.
func migrationPart(t *testing.T, s *store.Store, version int, marker, want string) string {
	t.Helper()
	migs, err := store.Migrations(s.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migs {
		if m.Version == version {
			if _, part, _ := strings.Cut(m.SQL, marker); strings.HasPrefix(part, want) {
				return part
			}
		}
	}
	t.Fatalf("« %s » n'est pas trouvé dans la migration %04d", want, version)
	return ""
}

// TestMigrationMandats runs the data part of migration 0023 on
// designations recorded before the mandate history existed: one mandate per
// current designation that has its arrêté, with the organisation's name and
// the territory of that day; nothing for a proposal, nor for a former
// designation.
func TestMigrationMandats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		insert := migrationPart(t, s, 23, "-- The existing data: one mandate per current designation that has its\n-- arrêté.\n", "INSERT INTO mandats")
		org, _ := s.CreateOrganisation(ctx, model.Organisation{Nom: "CPME Occitanie", Type: model.OrgInterproEmployeurs, Academies: []string{"16"}})
		day := func(y int, m time.Month, d int) *time.Time { t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); return &t }
		mk := func(email string, ds ...model.Designation) int64 {
			id, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: email, Prenom: "X", Email: email, OrganisationID: org, Territoire: []string{"31", "32"}})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				d.ConseillerID, d.Academie, d.OrganisationID = id, "16", org
				if _, err := s.CreateDesignation(ctx, d); err != nil {
					t.Fatal(err)
				}
			}
			return id
		}
		active := mk("active@x.fr",
			model.Designation{Etat: model.DesignationTerminee, NumeroArrete: "2020-1", DateArrete: day(2020, 6, 1), Debut: day(2020, 9, 1), Fin: day(2023, 8, 31)},
			model.Designation{Etat: model.DesignationActive, Mission: "Jurys", NumeroArrete: "2023-7", DateArrete: day(2023, 6, 1), Debut: day(2023, 9, 1), Fin: day(2026, 8, 31)})
		proposee := mk("proposee@x.fr", model.Designation{Etat: model.DesignationProposee})
		if _, err := s.DB().ExecContext(ctx, `DELETE FROM mandats`); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().ExecContext(ctx, insert); err != nil {
			t.Fatal(err)
		}
		ms, _ := s.ListMandats(ctx, active)
		if len(ms) != 1 {
			t.Fatalf("%d mandats pour le CEE en mandat, attendu 1 (la désignation courante)", len(ms))
		}
		m := ms[0]
		if m.NumeroArrete != "2023-7" || !m.Debut.Equal(*day(2023, 9, 1)) || !m.Fin.Equal(*day(2026, 8, 31)) || m.Organisation != "CPME Occitanie" ||
			m.Mission != "Jurys" || strings.Join(m.Territoire, ",") != "31,32" || m.DesignationID == 0 {
			t.Errorf("mandat repris : %+v", m)
		}
		if ms, _ := s.ListMandats(ctx, proposee); len(ms) != 0 {
			t.Errorf("%d mandats pour une simple proposition", len(ms))
		}
	})
}

// TestMandatHistoryStore: the history reads back in order, the last one
// is the one ending last, a mandate is only found through its CEE, an
// arrêté's mandates are those of its académie, and the convention cited
// comes with its reference and signature.
func TestMandatHistoryStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
		org, _ := s.CreateOrganisation(ctx, model.Organisation{Nom: "U2P", Type: model.OrgInterproEmployeurs, Academies: []string{"16", "09"}})
		conv, _ := s.CreateConvention(ctx, model.Convention{Academie: "16", OrganisationID: org, Debut: day(2023, 9, 1), Reference: "R-1"})
		s.SignConvention(ctx, conv, day(2023, 7, 1), "c.pdf", []byte("%PDF-1.4"))
		a, _, _ := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: "A", Prenom: "A", Email: "a@x.fr"})
		b, _, _ := s.SaveConseiller(ctx, model.Conseiller{Academie: "09", Nom: "B", Prenom: "B", Email: "b@x.fr"})
		rows := []struct {
			cee        int64
			academie   string
			numero     string
			debut, fin time.Time
			conv       bool
		}{
			{a, "16", "2026-2", day(2026, 9, 1), day(2029, 8, 31), true}, // the renewal, recorded second
			{a, "16", "2023-1", day(2023, 9, 1), day(2026, 8, 31), false},
			{b, "09", "2026-2", day(2026, 9, 1), day(2029, 8, 31), false}, // same number, another académie
		}
		ids := map[string]int64{}
		for _, r := range rows {
			m := model.Mandat{ConseillerID: r.cee, Academie: r.academie, OrganisationID: org, Organisation: "U2P", NumeroArrete: r.numero,
				DateArrete: r.debut.AddDate(0, -2, 0), Debut: r.debut, Fin: r.fin, Territoire: []string{"31"}}
			if r.conv {
				m.Convention = &model.Convention{ID: conv}
			} else {
				m.Derogation = "motif"
			}
			id, err := s.CreateMandat(ctx, m)
			if err != nil {
				t.Fatal(err)
			}
			ids[r.academie+r.numero] = id
		}
		tests := []struct {
			name string
			got  func() (any, error)
			want any
		}{
			{"ordre de l'historique", func() (any, error) {
				ms, err := s.ListMandats(ctx, a)
				var out []string
				for _, m := range ms {
					out = append(out, m.NumeroArrete)
				}
				return strings.Join(out, ","), err
			}, "2023-1,2026-2"},
			{"dernier mandat", func() (any, error) { m, err := s.LastMandat(ctx, a); return m.NumeroArrete, err }, "2026-2"},
			{"convention citée", func() (any, error) {
				m, err := s.LastMandat(ctx, a)
				if m.Convention == nil || m.Convention.SigneeLe == nil {
					return "aucune", err
				}
				return m.Convention.Reference + " " + m.Convention.SigneeLe.Format("2006-01-02"), err
			}, "R-1 2023-07-01"},
			{"dérogation sans convention", func() (any, error) {
				m, err := s.GetMandat(ctx, a, ids["162023-1"])
				return m.Derogation + " " + map[bool]string{true: "sans", false: "avec"}[m.Convention == nil], err
			}, "motif sans"},
			{"arrêté de l'académie seulement", func() (any, error) { ms, err := s.MandatsOfArrete(ctx, "16", "2026-2"); return len(ms), err }, 1},
			{"mandat d'un autre CEE introuvable", func() (any, error) {
				_, err := s.GetMandat(ctx, a, ids["092026-2"])
				return errors.Is(err, store.ErrNotFound), nil
			}, true},
		}
		for _, tc := range tests {
			got, err := tc.got()
			if err != nil {
				t.Errorf("%s : %v", tc.name, err)
			} else if got != tc.want {
				t.Errorf("%s : %v, attendu %v", tc.name, got, tc.want)
			}
		}
	})
}

// TestRealisation: the follow-up of a convention counts, for one school
// year, the organisation's CEE with a mandate that year (employers among
// them), their actions, jury sittings attended and events attended, and
// nothing of another year or organisation.
func TestRealisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
		org, _ := s.CreateOrganisation(ctx, model.Organisation{Nom: "CMA", Type: model.OrgChambre, Academies: []string{"16"}})
		autre, _ := s.CreateOrganisation(ctx, model.Organisation{Nom: "CGT", Type: model.OrgSyndicatSalaries, Academies: []string{"16"}})
		cee := func(email string, o int64, statut model.StatutPro, debut, fin time.Time) int64 {
			id, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: email, Prenom: "X", Email: email, OrganisationID: o, StatutPro: statut, CodeNAF: "43.21A"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateMandat(ctx, model.Mandat{ConseillerID: id, Academie: "16", OrganisationID: o, NumeroArrete: email, DateArrete: debut, Debut: debut, Fin: fin}); err != nil {
				t.Fatal(err)
			}
			return id
		}
		a := cee("a@x.fr", org, model.StatutEmployeur, day(2024, 1, 1), day(2026, 12, 31))
		cee("b@x.fr", org, model.StatutSalarie, day(2025, 3, 1), day(2028, 2, 28))
		cee("ancien@x.fr", org, model.StatutArtisan, day(2020, 1, 1), day(2023, 12, 31)) // before the year
		c := cee("c@x.fr", autre, model.StatutEmployeur, day(2024, 1, 1), day(2026, 12, 31))
		for _, when := range []time.Time{day(2024, 10, 3), day(2025, 5, 12), day(2025, 9, 2)} { // the last: next year
			mustInsert(t, s, `INSERT INTO interventions (conseiller_id, academie, type, date_action, duree_minutes, created_at) VALUES ($1, '16', 'decouverte', $2, 60, $2)`, a, when)
		}
		mustInsert(t, s, `INSERT INTO interventions (conseiller_id, academie, type, date_action, duree_minutes, created_at) VALUES ($1, '16', 'decouverte', $2, 60, $2)`, c, day(2024, 10, 3))
		sess := mustInsert(t, s, `INSERT INTO sessions_examen (academie, nom, debut, fin, etat, created_at, updated_at) VALUES ('16', 'Juin', $1, $2, 'publiee', $1, $1)`, day(2025, 6, 1), day(2025, 6, 20))
		jury := mustInsert(t, s, `INSERT INTO jurys (session_id, code, specialite, uai, demi_journees, sieges) VALUES ($1, 'J1', '50020101', '0310001A', '', 2)`, sess)
		jury2 := mustInsert(t, s, `INSERT INTO jurys (session_id, code, specialite, uai, demi_journees, sieges) VALUES ($1, 'J2', '50020101', '0310001A', '', 2)`, sess)
		dispo := mustInsert(t, s, `INSERT INTO disponibilites_jury (session_id, conseiller_id, created_at) VALUES ($1, $2, $3)`, sess, a, day(2025, 5, 1))
		mustInsert(t, s, `INSERT INTO jury_membres (jury_id, disponibilite_id, statut, present) VALUES ($1, $2, 'convoque', TRUE)`, jury, dispo)
		mustInsert(t, s, `INSERT INTO jury_membres (jury_id, disponibilite_id, statut, present) VALUES ($1, $2, 'convoque', FALSE)`, jury2, dispo) // absent
		ev := mustInsert(t, s, `INSERT INTO evenements (academie, type, titre, debut, fin, etat, created_at, updated_at) VALUES ('16', 'reunion', 'Rentrée', $1, $1, 'publie', $1, $1)`, day(2024, 9, 20))
		mustInsert(t, s, `INSERT INTO participations (evenement_id, conseiller_id, email, etat, present, created_at, updated_at) VALUES ($1, $2, 'a@x.fr', 'inscrit', TRUE, $3, $3)`, ev, a, day(2024, 9, 1))

		r, err := s.Realisation(ctx, "16", org, 2024)
		if err != nil {
			t.Fatal(err)
		}
		want := model.Realisation{Annee: "2024-2025", CEE: 2, Employeurs: 1, Actions: 2, Jurys: 1, Evenements: 1, Secteurs: 1}
		if r != want {
			t.Errorf("réalisation 2024-2025 : %+v, attendu %+v", r, want)
		}
		if r.PartEmployeurs() != 50 {
			t.Errorf("part d'employeurs : %d %%, attendu 50", r.PartEmployeurs())
		}
	})
}

// TestArreteUnique: the database holds an arrêté number unique in its
// académie (migration 0029), whoever writes: the second arrêté with the
// number is refused with the date of the first, another académie may use
// it, and the arrêtés pronounced before the table existed are taken in by
// the migration (a collective one once).
func TestArreteUnique(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		juin := time.Date(2025, 6, 12, 0, 0, 0, 0, time.UTC)
		if _, err := s.ReserverArrete(ctx, "16", "2025-042", juin); err != nil {
			t.Fatal(err)
		}
		date, err := s.ReserverArrete(ctx, "16", "2025-042", juin.AddDate(0, 1, 0))
		if !errors.Is(err, store.ErrConflict) || !date.Equal(juin) {
			t.Errorf("numéro repris : %v, date %v ; attendu ErrConflict et le %v", err, date, juin)
		}
		if _, err := s.ReserverArrete(ctx, "11", "2025-042", juin); err != nil {
			t.Errorf("le même numéro dans une autre académie : %v", err)
		}
		// The constraint itself, not only the store's reading of it.
		_, err = s.DB().ExecContext(ctx, `INSERT INTO arretes (academie, numero, date_arrete, created_at) VALUES ($1, $2, $3, $3)`, "16", "2025-042", juin)
		if err == nil {
			t.Error("la base accepte un second arrêté portant le même numéro dans l'académie")
		}

		insert := migrationPart(t, s, 29, "-- The arrêtés already pronounced.\n", "INSERT INTO arretes")
		for i, email := range []string{"a@x.fr", "b@x.fr"} {
			id, _, err := s.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: email, Prenom: "X", Email: email})
			if err != nil {
				t.Fatal(err)
			}
			// One collective arrêté for both, and an individual one for b.
			for _, n := range []string{"2024-C1", "2024-" + email}[:1+i] {
				if _, err := s.CreateMandat(ctx, model.Mandat{ConseillerID: id, Academie: "16", NumeroArrete: n, DateArrete: juin, Debut: juin, Fin: juin.AddDate(3, 0, 0)}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := s.DB().ExecContext(ctx, `DELETE FROM arretes`); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().ExecContext(ctx, insert); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM arretes`).Scan(&n); err != nil || n != 2 {
			t.Errorf("%d arrêtés repris (%v), attendu 2 : le collectif une fois, l'individuel", n, err)
		}
		if _, err := s.ReserverArrete(ctx, "16", "2024-C1", juin); !errors.Is(err, store.ErrConflict) {
			t.Errorf("numéro d'un arrêté collectif repris : %v, attendu ErrConflict", err)
		}
	})
}
