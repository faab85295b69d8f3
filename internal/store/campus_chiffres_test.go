package store_test

import (
	"context"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// A unit's figures on a hand-counted data set (buildJeuIndicateurs, some
// of its records attached to units, plus the rows below), with records
// outside the unit, outside the académie and outside the period, on both
// databases.
func TestChiffresUnites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		j := buildJeuIndicateurs(t, s)
		unite := func(typ model.TypeCampus, nom, acad string) int64 {
			id, err := s.CreateCampus(ctx, model.Campus{Type: typ, Nom: nom, Academie: acad})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		cmq := unite(model.CampusCMQ, "A CMQ Industrie", "16")
		lm := unite(model.CampusLyceeMetiers, "B Lycée des métiers du bâtiment", "16")
		autre := unite(model.CampusPoleStage, "Pôle de Paris", "01")
		vide := unite(model.CampusPoleStage, "C Pôle sans activité", "16")
		attach := func(q string, args ...any) {
			t.Helper()
			res, err := s.DB().ExecContext(ctx, q, args...)
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				t.Fatalf("%s: no row", q)
			}
		}
		// The CMQ: d1 (clôturée), d2 (expirée), d4 (annulée), the draft,
		// and the request done in June 2025 (the year before).
		attach(`UPDATE demandes SET campus_id = $1 WHERE academie = '16' AND etat IN ('cloturee', 'expiree', 'annulee', 'brouillon', 'realisee')`, cmq)
		// The lycée des métiers: d3 (pourvue).
		attach(`UPDATE demandes SET campus_id = $1 WHERE etat = 'pourvue'`, lm)
		attach(`UPDATE demandes SET campus_id = $1 WHERE academie = '01'`, autre)
		// Engagement: c1 accepted d1 (the data set) and d4; c6 accepted
		// d2; a professional accepted d1; a refusal and an expired
		// solicitation engage nobody.
		p := day(2025, 12, 2, 8)
		pro := mustInsert(t, s, `INSERT INTO professionnels (academie, nom, prenom, email, created_at, updated_at) VALUES ('16', 'Pro', 'Paul', 'pro@example.org', $1, $1)`, p)
		sol := func(etat, cond string, c, pr any) {
			mustInsert(t, s, `INSERT INTO sollicitations (demande_id, conseiller_id, professionnel_id, etat, expire_le, created_at, updated_at)
				SELECT d.id, CAST($1 AS BIGINT), CAST($2 AS BIGINT), $3, $4, $4, $4 FROM demandes d WHERE `+cond, c, pr, etat, p)
		}
		sol("acceptee", "d.etat = 'annulee'", j.c1, nil)
		sol("acceptee", "d.etat = 'expiree' AND d.academie = '16'", j.c6, nil)
		sol("acceptee", "d.etat = 'cloturee'", nil, pro)
		// Actions: c1's on d1 (0310001A) and c2's (0320001C, this year), c1's
		// of December 2024 (the year before); c4's in académie 01.
		attach(`UPDATE interventions SET campus_id = $1 WHERE academie = '16'`, cmq)
		attach(`UPDATE interventions SET campus_id = $1 WHERE academie = '01'`, autre)
		// Events: the CMQ's of the year, cancelled, of the year before; the
		// lycée des métiers's; one of no unit.
		ev := func(campus any, debut time.Time, etat string) {
			mustInsert(t, s, `INSERT INTO evenements (academie, type, titre, debut, fin, etat, created_at, updated_at, campus_id)
				VALUES ('16', 'forum', 'Forum', $1, $1, $2, $1, $1, CAST($3 AS BIGINT))`, debut, etat, campus)
		}
		ev(cmq, day(2025, 10, 5, 9), "publie")
		ev(cmq, day(2025, 11, 5, 9), "annule")
		ev(cmq, day(2025, 5, 5, 9), "publie")
		ev(lm, day(2026, 2, 5, 9), "publie")
		ev(nil, day(2026, 2, 6, 9), "publie")

		annee := store.UniteFilter{Academie: "16", Du: day(2025, 9, 1, 0), Au: day(2026, 9, 1, 0)}
		got, err := s.ChiffresUnites(ctx, annee)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0].Campus.ID != cmq || got[1].Campus.ID != lm || got[2].Campus.ID != vide {
			t.Fatalf("units of 16: %+v", got)
		}
		// The CMQ: d1, d2, d4 (not the draft, nor June's); c1 and c6,
		// the professional; two actions of the year; 0310001A (its action
		// and d1 done) and 0320001C (c2's action); one event.
		etats := []store.Ligne{{Cle: "cloturee", Libelle: model.DemandeCloturee.Label(), N: 1},
			{Cle: "annulee", Libelle: model.DemandeAnnulee.Label(), N: 1}, {Cle: "expiree", Libelle: model.DemandeExpiree.Label(), N: 1}}
		want := store.ChiffresUnite{Campus: got[0].Campus, Demandes: 3, ParEtat: etats, Actions: 2, CEE: 2, Professionnels: 1, Etablissements: 2, Evenements: 1}
		if d := diff(want, got[0]); d != "" {
			t.Errorf("the CMQ (-want +got):\n%s", d)
		}
		// The lycée des métiers: d3, accepted by c1, not done yet.
		want = store.ChiffresUnite{Campus: got[1].Campus, Demandes: 1, ParEtat: []store.Ligne{{Cle: "pourvue", Libelle: model.DemandePourvue.Label(), N: 1}},
			CEE: 1, Evenements: 1}
		if d := diff(want, got[1]); d != "" {
			t.Errorf("the lycée des métiers (-want +got):\n%s", d)
		}
		if d := diff(store.ChiffresUnite{Campus: got[2].Campus}, got[2]); d != "" {
			t.Errorf("a unit without records (-want +got):\n%s", d)
		}
		// The year before: June's request, done on 0320001C; December 2024's
		// action on 0310002B; May's event.
		avant, err := s.ChiffresUnites(ctx, store.UniteFilter{CampusID: cmq, Du: day(2024, 9, 1, 0), Au: day(2025, 9, 1, 0)})
		if err != nil || len(avant) != 1 {
			t.Fatalf("the year before: %v %+v", err, avant)
		}
		want = store.ChiffresUnite{Campus: avant[0].Campus, Demandes: 1, ParEtat: []store.Ligne{{Cle: "realisee", Libelle: model.DemandeRealisee.Label(), N: 1}},
			Actions: 1, Etablissements: 2, Evenements: 1}
		if d := diff(want, avant[0]); d != "" {
			t.Errorf("the CMQ the year before (-want +got):\n%s", d)
		}
		if avant[0].Campus.Nom != "A CMQ Industrie" || avant[0].Campus.Type != model.CampusCMQ {
			t.Errorf("unit read: %+v", avant[0].Campus)
		}
		// Académie 01's unit: c4's action at 0750001A; its expired request.
		paris, err := s.ChiffresUnites(ctx, store.UniteFilter{Academie: "01", Du: annee.Du, Au: annee.Au})
		if err != nil || len(paris) != 1 || paris[0].Actions != 1 || paris[0].Etablissements != 1 || paris[0].Demandes != 1 || paris[0].CEE != 0 {
			t.Errorf("académie 01: %v %+v", err, paris)
		}

		t.Run("demandes d'une unité", func(t *testing.T) {
			// A partner (not the author) sees their unit's requests sent,
			// in their académie only; a unit's page lists its own.
			anim := store.DemandeFilter{CompteID: 999, AuteurSeul: true, Anime: cmq, AnimeAcademie: "16"}
			if n, err := s.CountDemandes(ctx, anim); err != nil || n != 4 {
				t.Errorf("the CMQ's animator: %d %v, want 4 (d1, d2, d4, June's)", n, err)
			}
			anim.AnimeAcademie = "01"
			if n, _ := s.CountDemandes(ctx, anim); n != 0 {
				t.Errorf("a role on the CMQ granted in another académie: %d, want 0", n)
			}
			list, n, err := s.ListDemandes(ctx, store.DemandeFilter{Scope: model.Scope{Academie: "16"}, Campus: lm})
			if err != nil || n != 1 || list[0].CampusID != lm || list[0].Campus != "B Lycée des métiers du bâtiment" || list[0].Etat != model.DemandePourvue {
				t.Errorf("the lycée des métiers's requests: %v %d %+v", err, n, list)
			}
			if n, _ := s.CountDemandes(ctx, store.DemandeFilter{Scope: model.Scope{Academie: "16"}, Campus: autre}); n != 0 {
				t.Errorf("académie 16's requests of académie 01's unit: %d", n)
			}
		})
	})
}
