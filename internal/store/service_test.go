package store_test

import (
	"context"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// TestServices: every kind of service counts, the same way in the list of a
// CEE (the attestation) and in the indicators. On buildJeuIndicateurs, c6
// did nothing in the 12 months before 15 March 2026 and is the one
// « inactif »; here c6 only sits in a jury (present) in June 2025, and c2
// attends a network event and sits in a jury where they were absent.
func TestServices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		j := buildJeuIndicateurs(t, s)
		now := day(2025, 1, 1, 0)
		acad := store.IndicateurFilter{Annee: 2024, Now: day(2026, 3, 15, 12), Academie: "16"}

		before, err := s.IndicateursCharge(ctx, store.IndicateurFilter{Annee: 2025, Now: day(2026, 3, 15, 12), Academie: "16"})
		if err != nil {
			t.Fatal(err)
		}
		if before.Inactifs != 1 {
			t.Fatalf("before: %d inactifs, want 1 (c6)", before.Inactifs)
		}

		sess := mustInsert(t, s, `INSERT INTO sessions_examen (academie, nom, debut, fin, etat, created_at, updated_at) VALUES ('16', 'Session de juin 2025', $1, $2, 'publiee', $3, $3)`,
			day(2025, 6, 1, 8), day(2025, 6, 20, 18), now)
		jury := mustInsert(t, s, `INSERT INTO jurys (session_id, code, specialite, uai, demi_journees, sieges) VALUES ($1, 'J1', '50022137', '0310001A', '2025-06-16AM|2025-06-16PM', 2)`, sess)
		seat := func(cee int64, present bool) {
			d := mustInsert(t, s, `INSERT INTO disponibilites_jury (session_id, conseiller_id, created_at) VALUES ($1, $2, $3)`, sess, cee, now)
			mustInsert(t, s, `INSERT INTO jury_membres (jury_id, disponibilite_id, statut, present) VALUES ($1, $2, 'confirme', $3)`, jury, d, present)
		}
		seat(j.c6, true)
		seat(j.c2, false)
		ev := mustInsert(t, s, `INSERT INTO evenements (academie, type, titre, debut, fin, etat, created_at, updated_at) VALUES ('16', 'reunion', 'Rentrée du réseau', $1, $2, 'publie', $3, $3)`,
			day(2025, 9, 18, 14), day(2025, 9, 18, 17), now)
		mustInsert(t, s, `INSERT INTO participations (evenement_id, conseiller_id, nom, email, etat, present, created_at, updated_at) VALUES ($1, $2, 'C2', 'c2@example.org', 'inscrit', TRUE, $3, $3)`, ev, j.c2, now)

		// c6's list: the jury, one day, two half-days of 3 h 30.
		list, err := s.ListServices(ctx, j.c6, day(2024, 9, 1, 0), day(2025, 8, 31, 0))
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].Genre != model.ServiceJury || list[0].Minutes != 2*model.MinutesDemiJournee ||
			!list[0].Date.Equal(time.Date(2025, 6, 16, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("c6's services = %+v, want one jury on 16 June 2025 of 420 minutes", list)
		}
		if want := "Jury CAP Boulanger — Session de juin 2025"; len(list[0].Libelle) < len(want) || list[0].Libelle[:len(want)] != want {
			t.Errorf("libellé = %q", list[0].Libelle)
		}
		// Outside the period: nothing.
		if list, _ := s.ListServices(ctx, j.c6, day(2025, 6, 17, 0), day(2025, 8, 31, 0)); len(list) != 0 {
			t.Errorf("after the jury: %+v", list)
		}
		// c2: absent from the jury (not a service), present at the event.
		list, err = s.ListServices(ctx, j.c2, day(2025, 1, 1, 0), day(2025, 12, 31, 0))
		if err != nil {
			t.Fatal(err)
		}
		var genres []model.GenreService
		for _, x := range list {
			genres = append(genres, x.Genre)
		}
		var ev1 *model.Service
		for i := range list {
			if list[i].Genre == model.ServiceEvenement {
				ev1 = &list[i]
			}
			if list[i].Genre == model.ServiceJury {
				t.Errorf("c2 was absent from the jury, yet listed: %+v", list[i])
			}
		}
		if ev1 == nil || ev1.Minutes != 180 || ev1.Libelle != "Réunion de réseau — Rentrée du réseau" {
			t.Errorf("c2's services %v: want the event of 3 hours, got %+v", genres, ev1)
		}

		// The indicators: c6 is no longer « inactif » (a jury in the 12
		// months before 15 March 2026), and the year 2024-2025 counts their
		// sitting, 2025-2026 c2's event.
		after, err := s.IndicateursCharge(ctx, store.IndicateurFilter{Annee: 2025, Now: day(2026, 3, 15, 12), Academie: "16"})
		if err != nil {
			t.Fatal(err)
		}
		if after.Inactifs != 0 {
			t.Errorf("after the jury: %d inactifs, want 0", after.Inactifs)
		}
		for _, c := range after.CEE {
			if c.ID == j.c2 && c.EvenementsAnnee != 1 {
				t.Errorf("c2: %d events in 2025-2026, want 1", c.EvenementsAnnee)
			}
		}
		y, err := s.IndicateursCharge(ctx, acad)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range y.CEE {
			want := 0
			if c.ID == j.c6 {
				want = 1
			}
			if c.JurysAnnee != want {
				t.Errorf("CEE %d: %d jury sittings in 2024-2025, want %d", c.ID, c.JurysAnnee, want)
			}
		}
	})
}
