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

// The pôles de stage's places and the parcours Avenir on a hand-counted
// data set (buildJeuIndicateurs plus the rows below), on both databases.
func TestIndicateursMissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		j := buildJeuIndicateurs(t, s)
		now := day(2026, 3, 15, 12)
		acad := store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16"}
		p := day(2025, 11, 3, 8)

		stage := func(uai, typ, etat string, places int) int64 {
			return mustInsert(t, s, `INSERT INTO demandes (academie, uai, departement, type, titre, etat, soumise_le, places, created_at, updated_at)
				VALUES ('16', $1, '031', $2, 'Stages', $3, $4, $5, $4, $4)`, uai, typ, etat, p, places)
		}
		offre := func(d, c int64, etat string, offertes, confirmees, eleves int) int64 {
			return mustInsert(t, s, `INSERT INTO sollicitations (demande_id, conseiller_id, etat, expire_le, places_offertes, places_confirmees, eleves_places, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $4, $4)`, d, c, etat, p, offertes, confirmees, eleves)
		}
		s1 := stage("0310002B", "stage", "realisee", 6)
		offre(s1, j.c1, "acceptee", 4, 4, 3)
		offre(s1, j.c2, "acceptee", 3, 1, 1)
		offre(s1, j.c6, "declinee", 0, 0, 0) // a refusal offers nothing
		s2 := stage("0310001A", "stage_seconde", "en_recherche", 2)
		envoyee := offre(s2, j.c2, "envoyee", 0, 0, 0)
		// A draft counts no places.
		stage("0310001A", "stage", "brouillon", 5)

		t.Run("places de stage", func(t *testing.T) {
			// s1 and s2: 6 + 2 needed; offered 4 + 3; confirmed 4 + 1; placed 3 + 1.
			got, err := s.IndicateursStages(ctx, acad)
			if err != nil {
				t.Fatal(err)
			}
			want := store.Stages{Demandes: 2, Recherchees: 8, Offertes: 7, Confirmees: 5, ElevesPlaces: 4}
			if got != want {
				t.Errorf("IndicateursStages = %+v, want %+v", got, want)
			}
			// Through c2's requests only: s1 and s2 (c2 was solicited for both).
			got, err = s.IndicateursStages(ctx, store.IndicateurFilter{Annee: 2025, Now: now, ConseillerID: j.c2})
			if err != nil {
				t.Fatal(err)
			}
			if got.Demandes != 2 || got.Recherchees != 8 {
				t.Errorf("c2's requests: %+v", got)
			}
			// Another year: none.
			if got, err = s.IndicateursStages(ctx, store.IndicateurFilter{Annee: 2024, Now: now, Academie: "16"}); err != nil || got != (store.Stages{}) {
				t.Errorf("2024-2025: %+v %v", got, err)
			}
		})

		t.Run("confirmer", func(t *testing.T) {
			if err := s.ConfirmerPlaces(ctx, envoyee, 1, 1); !errors.Is(err, store.ErrConflict) {
				t.Errorf("confirming places with a solicitation not accepted: %v, want ErrConflict", err)
			}
		})

		t.Run("parcours Avenir", func(t *testing.T) {
			act := func(c int64, uai, niveaux string, eleves int) {
				mustInsert(t, s, `INSERT INTO interventions (conseiller_id, academie, type, date_action, duree_minutes, uai, eleves, niveaux, created_at)
					VALUES ($1, '16', 'intervention', $2, 60, $3, $4, $5, $2)`, c, p, uai, eleves, niveaux)
			}
			act(j.c1, "0310001A", "3e", 25)          // collège REP
			act(j.c1, "0320001C", "4e|3e", 40)       // collège REP+, two levels
			act(j.c2, "0310002B", "2de pro|CAP", 12) // lycée, outside EP
			act(j.c2, "", "Terminale", 30)           // without a school
			// buildJeuIndicateurs' actions state no level: not counted.
			got, err := s.IndicateursAvenir(ctx, acad)
			if err != nil {
				t.Fatal(err)
			}
			want := store.Avenir{Actions: 4, Eleves: 107,
				ParNiveau: []store.AvenirLigne{{Cle: "4e", Actions: 1, Eleves: 40}, {Cle: "3e", Actions: 2, Eleves: 65},
					{Cle: "2de pro", Actions: 1, Eleves: 12}, {Cle: "Terminale", Actions: 1, Eleves: 30}, {Cle: "CAP", Actions: 1, Eleves: 12}},
				ParType: []store.AvenirLigne{{Cle: "college", Actions: 2, Eleves: 65}, {Cle: "lycee", Actions: 1, Eleves: 12}, {Cle: "", Actions: 1, Eleves: 30}},
				ParEP:   []store.AvenirLigne{{Cle: "REP+", Actions: 1, Eleves: 40}, {Cle: "REP", Actions: 1, Eleves: 25}, {Cle: "", Actions: 1, Eleves: 12}},
			}
			if d := diff(want, got); d != "" {
				t.Errorf("IndicateursAvenir (-want +got):\n%s", d)
			}
			// One CEE's, one département's.
			got, err = s.IndicateursAvenir(ctx, store.IndicateurFilter{Annee: 2025, Now: now, ConseillerID: j.c2})
			if err != nil || got.Actions != 2 || got.Eleves != 42 {
				t.Errorf("c2's parcours Avenir: %+v %v", got, err)
			}
			got, err = s.IndicateursAvenir(ctx, store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16", Departement: "032"})
			if err != nil || got.Actions != 1 || len(got.ParNiveau) != 2 {
				t.Errorf("032's parcours Avenir: %+v %v", got, err)
			}
		})

		t.Run("avis d'expertise", func(t *testing.T) {
			demande := func(acad, uai, sujet string, le time.Time) int64 {
				return mustInsert(t, s, `INSERT INTO expertises (academie, uai, sujet, objet, question, echeance, created_at)
					VALUES ($1, $2, $3, 'Objet', 'Question', $4, $4)`, acad, uai, sujet, le)
			}
			avis := func(e, c int64, etat string, minutes int, rendu *time.Time) {
				mustInsert(t, s, `INSERT INTO avis_expertise (expertise_id, conseiller_id, etat, minutes, rendu_le) VALUES ($1, $2, $3, $4, $5)`, e, c, etat, minutes, rendu)
			}
			pt := func(t time.Time) *time.Time { return &t }
			e1 := demande("16", "0310002B", "ouverture", day(2025, 10, 1, 8)) // to c1 and c2
			avis(e1, j.c1, "rendu", 90, pt(day(2025, 10, 15, 8)))
			avis(e1, j.c2, "decline", 0, pt(day(2025, 10, 3, 8)))
			e2 := demande("16", "", "cpc", day(2025, 6, 1, 8)) // asked the year before, given this year
			avis(e2, j.c2, "rendu", 60, pt(day(2025, 9, 10, 8)))
			e3 := demande("16", "", "certification", day(2026, 2, 1, 8)) // still awaited
			avis(e3, j.c6, "attendu", 0, nil)
			e4 := demande("16", "", "ouverture", day(2025, 3, 1, 8)) // the year before, all of it
			avis(e4, j.c1, "rendu", 30, pt(day(2025, 4, 1, 8)))
			e5 := demande("16", "", "fermeture", day(2026, 8, 20, 8)) // asked this year, given the next
			avis(e5, j.c6, "rendu", 45, pt(day(2026, 9, 5, 8)))

			got, err := s.IndicateursExpertise(ctx, acad)
			if err != nil {
				t.Fatal(err)
			}
			// Asked this year: e1 twice, e3 and e5 once; given this year: c1's on e1, c2's on e2.
			want := store.Expertises{Demandees: 4, Rendus: 2, Declines: 1, Minutes: 150,
				ParSujet: []store.Ligne{{Cle: "ouverture", Libelle: "Ouverture d'une formation", N: 1},
					{Cle: "cpc", Libelle: "Consultation d'une commission professionnelle consultative (CPC)", N: 1}}}
			if d := diff(want, got); d != "" {
				t.Errorf("IndicateursExpertise (-want +got):\n%s", d)
			}
			got, err = s.IndicateursExpertise(ctx, store.IndicateurFilter{Annee: 2025, Now: now, ConseillerID: j.c2})
			if err != nil || got.Demandees != 1 || got.Rendus != 1 || got.Declines != 1 || got.Minutes != 60 {
				t.Errorf("c2's opinions: %+v %v", got, err)
			}
			got, err = s.IndicateursExpertise(ctx, store.IndicateurFilter{Annee: 2025, Now: now, UAI: "0310002B"})
			if err != nil || got.Demandees != 2 || got.Rendus != 1 {
				t.Errorf("0310002B's opinions: %+v %v", got, err)
			}
			if got, err = s.IndicateursExpertise(ctx, store.IndicateurFilter{Annee: 2025, Now: now, Academie: "01"}); err != nil || got.Demandees+got.Rendus != 0 {
				t.Errorf("another académie: %+v %v", got, err)
			}
		})

		t.Run("niveaux d'une action", func(t *testing.T) {
			if _, err := s.CreateIntervention(ctx, model.Intervention{ConseillerID: j.c6, Academie: "16", Type: model.TypeVisite,
				Date: day(2025, 9, 20, 9), DureeMinutes: 60, Niveaux: []string{"5e", "BTS"}}); err != nil {
				t.Fatal(err)
			}
			list, err := s.ListInterventions(ctx, j.c6, day(2025, 9, 1, 0), day(2025, 9, 30, 0))
			if err != nil || len(list) != 1 || diff([]string{"5e", "BTS"}, list[0].Niveaux) != "" {
				t.Errorf("levels read back: %+v %v", list, err)
			}
		})
	})
}
