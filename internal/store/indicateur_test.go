package store_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// jeuIndicateurs is a small hand-built data set whose every indicator is
// counted by hand in the comments of TestIndicateurs.
type jeuIndicateurs struct {
	c1, c2, c6, medef, cgt int64
}

func day(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

func mustInsert(t *testing.T, s *store.Store, q string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := s.DB().QueryRowContext(context.Background(), q+" RETURNING id", args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

func mustExec(t *testing.T, s *store.Store, q string, args ...any) {
	t.Helper()
	if _, err := s.DB().ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func buildJeuIndicateurs(t *testing.T, s *store.Store) jeuIndicateurs {
	now := day(2025, 1, 1, 0)
	var j jeuIndicateurs
	j.medef = mustInsert(t, s, `INSERT INTO organisations (nom, type, created_at, updated_at) VALUES ('MEDEF Occitanie', 'patronale', $1, $1)`, now)
	j.cgt = mustInsert(t, s, `INSERT INTO organisations (nom, type, created_at, updated_at) VALUES ('CGT Occitanie', 'salariale', $1, $1)`, now)
	cee := func(acad, dep, statut, naf string, org int64, max int, email string) int64 {
		var o any
		if org != 0 {
			o = org
		}
		return mustInsert(t, s, `INSERT INTO conseillers (academie, nom, prenom, email, departement, statut_pro, naf_section, organisation_id, max_sollicitations, created_at, updated_at)
			VALUES ($1, 'Nom', 'Prénom', $2, $3, $4, $5, $6, $7, $8, $8)`, acad, email, dep, statut, naf, o, max, now)
	}
	des := func(c int64, acad, etat string, debut, fin *time.Time) {
		mustInsert(t, s, `INSERT INTO designations (conseiller_id, academie, etat, debut, fin, courante, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6)`, c, acad, etat, debut, fin, now)
	}
	p := func(t time.Time) *time.Time { return &t }
	j.c1 = cee("16", "031", "employeur", "F", j.medef, 1, "c1@example.org")
	des(j.c1, "16", "active", p(day(2024, 1, 1, 0)), p(day(2027, 1, 1, 0)))
	j.c2 = cee("16", "032", "salarie", "C", j.cgt, 0, "c2@example.org")
	des(j.c2, "16", "active", p(day(2023, 6, 1, 0)), p(day(2026, 5, 1, 0)))
	c3 := cee("16", "031", "artisan", "F", j.medef, 0, "c3@example.org")
	des(c3, "16", "terminee", p(day(2020, 1, 1, 0)), p(day(2025, 6, 30, 0)))
	c4 := cee("01", "075", "employeur", "F", j.medef, 0, "c4@example.org")
	des(c4, "01", "active", p(day(2024, 1, 1, 0)), p(day(2027, 1, 1, 0)))
	c5 := cee("16", "031", "salarie", "", 0, 0, "c5@example.org")
	des(c5, "16", "proposee", nil, nil)
	j.c6 = cee("16", "032", "autre", "", 0, 0, "c6@example.org")
	des(j.c6, "16", "active", p(day(2025, 1, 1, 0)), p(day(2028, 1, 1, 0)))

	etab := func(uai, typ, dep, acad, ep string, ferme bool) {
		mustExec(t, s, `INSERT INTO etablissements (uai, nom, type, statut, code_commune, nom_commune, departement, academie, education_prioritaire, ferme, created_at, updated_at)
			VALUES ($1, $2, $3, 'public', '31555', 'Toulouse', $4, $5, $6, $7, $8, $8)`, uai, "Établissement "+uai, typ, dep, acad, ep, ferme, now)
	}
	etab("0310001A", "college", "031", "16", "REP", false)
	etab("0310002B", "lycee", "031", "16", "", false)
	etab("0320001C", "college", "032", "16", "REP+", false)
	etab("0310003C", "lycee", "031", "16", "", true)
	etab("0310004D", "cio", "031", "16", "", false)
	etab("0750001A", "college", "075", "01", "", false)

	dem := func(acad, uai, dep, typ, etat string, soumise, premier *time.Time, note any) int64 {
		return mustInsert(t, s, `INSERT INTO demandes (academie, uai, departement, type, titre, etat, soumise_le, premier_jour, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, 'Demande', $5, $6, $7, $8, $9, $9)`, acad, uai, dep, typ, etat, soumise, premier, note, now)
	}
	d1 := dem("16", "0310001A", "031", "intervention", "cloturee", p(day(2025, 10, 1, 8)), p(day(2025, 10, 20, 8)), 4)
	d2 := dem("16", "0310002B", "031", "forum", "expiree", p(day(2025, 11, 1, 8)), nil, nil)
	d3 := dem("16", "0320001C", "032", "intervention", "pourvue", p(day(2026, 1, 10, 8)), p(day(2026, 4, 2, 8)), nil)
	d4 := dem("16", "0310002B", "031", "visite", "annulee", p(day(2025, 12, 1, 8)), nil, nil)
	dem("16", "0310001A", "031", "stage", "brouillon", nil, nil, nil)
	dem("16", "0320001C", "032", "intervention", "realisee", p(day(2025, 6, 1, 8)), p(day(2025, 6, 15, 8)), nil)
	dem("01", "0750001A", "075", "intervention", "expiree", p(day(2025, 10, 1, 8)), nil, nil)

	sol := func(d, c int64, etat string, created time.Time, repondue *time.Time) {
		mustInsert(t, s, `INSERT INTO sollicitations (demande_id, conseiller_id, etat, expire_le, repondue_le, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6)`, d, c, etat, created.AddDate(0, 0, 10), repondue, created)
	}
	sol(d1, j.c1, "acceptee", day(2025, 10, 2, 8), p(day(2025, 10, 3, 8)))
	sol(d1, j.c2, "declinee", day(2025, 10, 2, 8), p(day(2025, 10, 2, 8)))
	sol(d2, j.c2, "expiree", day(2025, 11, 2, 8), nil)
	sol(d3, j.c1, "acceptee", day(2026, 1, 11, 8), p(day(2026, 1, 14, 8)))
	sol(d4, j.c2, "envoyee", day(2025, 12, 2, 8), nil)

	act := func(c int64, acad, uai string, date time.Time, minutes, eleves int, d any) {
		mustInsert(t, s, `INSERT INTO interventions (conseiller_id, academie, type, date_action, duree_minutes, uai, eleves, demande_id, created_at)
			VALUES ($1, $2, 'intervention', $3, $4, $5, $6, $7, $3)`, c, acad, date, minutes, uai, eleves, d)
	}
	act(j.c1, "16", "0310001A", day(2025, 10, 20, 9), 120, 25, d1)
	act(j.c2, "16", "0320001C", day(2025, 11, 5, 9), 60, 10, nil)
	act(j.c1, "16", "0310002B", day(2024, 12, 1, 9), 60, 30, nil)
	act(c4, "01", "0750001A", day(2025, 10, 10, 9), 60, 15, nil)

	if err := s.SetObjectifCEE(context.Background(), "16", 10); err != nil {
		t.Fatal(err)
	}
	return j
}

func TestIndicateurs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		j := buildJeuIndicateurs(t, s)
		now := day(2026, 3, 15, 12)
		acad := store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16"}

		t.Run("CEE en mandat", func(t *testing.T) {
			// c1, c2, c6 in mandate in 16 (c3's ended, c5 only proposed, c4 elsewhere);
			// c2's mandate ends on May 1: within 90 days.
			got, err := s.IndicateursCEE(ctx, acad)
			if err != nil {
				t.Fatal(err)
			}
			want := store.CEEActifs{Total: 3, FinProche: 1, Objectif: 10,
				ParSecteur:     []store.Ligne{{Cle: "", N: 1}, {Cle: "C", N: 1}, {Cle: "F", N: 1}},
				ParDepartement: []store.Ligne{{Cle: "031", N: 1}, {Cle: "032", N: 2}},
				ParStatut:      []store.Ligne{{Cle: "autre", N: 1}, {Cle: "employeur", N: 1}, {Cle: "salarie", N: 1}},
				ParOrg: []store.Ligne{{Cle: strconv.FormatInt(j.cgt, 10), Libelle: "CGT Occitanie", N: 1},
					{Cle: strconv.FormatInt(j.medef, 10), Libelle: "MEDEF Occitanie", N: 1}, {Cle: "", Libelle: "Sans organisation", N: 1}},
			}
			if d := diff(want, got); d != "" {
				t.Errorf("IndicateursCEE (-want +got):\n%s", d)
			}
			// Nationally, c4 too; filters by département, organisation, section.
			for _, c := range []struct {
				name string
				f    store.IndicateurFilter
				want int
			}{
				{"national", store.IndicateurFilter{Annee: 2025, Now: now}, 4},
				{"département", store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16", Departement: "032"}, 2},
				{"organisation", store.IndicateurFilter{Annee: 2025, Now: now, OrganisationID: j.medef}, 2},
				{"section", store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16", SectionNAF: "F"}, 1},
				// On August 31, 2024, c3's ended mandate was running, c6's not begun.
				{"année passée", store.IndicateurFilter{Annee: 2023, Now: now, Academie: "16"}, 3},
			} {
				got, err := s.IndicateursCEE(ctx, c.f)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != c.want {
					t.Errorf("%s: %d CEE in mandate, want %d", c.name, got.Total, c.want)
				}
			}
		})

		t.Run("demandes", func(t *testing.T) {
			// d1 cloturee, d2 expiree, d3 pourvue, d4 annulee; the draft, the
			// previous year's and the other académie's are out.
			got, err := s.IndicateursDemandes(ctx, acad)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != 4 {
				t.Errorf("Total = %d, want 4", got.Total)
			}
			wantEtat := []store.Ligne{{"pourvue", "Pourvue", 1}, {"cloturee", model.DemandeCloturee.Label(), 1}, {"annulee", model.DemandeAnnulee.Label(), 1}, {"expiree", model.DemandeExpiree.Label(), 1}}
			wantEtat[0].Libelle = model.DemandePourvue.Label()
			if d := diff(wantEtat, got.ParEtat); d != "" {
				t.Errorf("ParEtat (-want +got):\n%s", d)
			}
			wantType := []store.Ligne{{"intervention", model.TypeIntervention.Label(), 2}, {"forum", model.TypeForum.Label(), 1}, {"visite", model.TypeVisite.Label(), 1}}
			if d := diff(wantType, got.ParType); d != "" {
				t.Errorf("ParType (-want +got):\n%s", d)
			}
			// Filled: (pourvue + cloturee) / (those + expiree) = 2/3; expired:
			// 1 / (4 − 1 cancelled) = 1/3; one rating, 4.
			checkFloat(t, "TauxPourvues", got.TauxPourvues(), 2.0/3)
			checkFloat(t, "TauxExpirees", got.TauxExpirees(), 1.0/3)
			checkFloat(t, "NoteMoyenne", got.NoteMoyenne(), 4)
			// First answers: d1 after 1 day (c2's decline), d3 after 4 days: median 2.5.
			checkFloat(t, "DelaiMedian", got.DelaiMedian, 2.5)
			if got.Repondues != 2 {
				t.Errorf("Repondues = %d, want 2", got.Repondues)
			}
			// The CEE c1 was solicited for d1 and d3; the school 0310001A sent d1 (and a draft).
			for _, c := range []struct {
				name string
				f    store.IndicateurFilter
				want int
			}{
				{"CEE", store.IndicateurFilter{Annee: 2025, Now: now, ConseillerID: j.c1}, 2},
				{"établissement", store.IndicateurFilter{Annee: 2025, Now: now, UAI: "0310001A"}, 1},
				{"département", store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16", Departement: "032"}, 1},
				{"national", store.IndicateurFilter{Annee: 2025, Now: now}, 5},
			} {
				got, err := s.IndicateursDemandes(ctx, c.f)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != c.want {
					t.Errorf("%s: %d requests, want %d", c.name, got.Total, c.want)
				}
			}
		})

		t.Run("activité", func(t *testing.T) {
			// Two actions in 16 this year (120 + 60 min, 25 + 10 pupils); three answers (two accepted).
			got, err := s.IndicateursActivite(ctx, acad)
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(store.ActiviteCEE{Actions: 2, Minutes: 180, Eleves: 35, Reponses: 3, Acceptees: 2}, got); d != "" {
				t.Errorf("académie (-want +got):\n%s", d)
			}
			got, err = s.IndicateursActivite(ctx, store.IndicateurFilter{Annee: 2025, Now: now, ConseillerID: j.c1})
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(store.ActiviteCEE{Actions: 1, Minutes: 120, Eleves: 25, Reponses: 2, Acceptees: 2}, got); d != "" {
				t.Errorf("CEE (-want +got):\n%s", d)
			}
			got, err = s.IndicateursActivite(ctx, store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16", Departement: "032"})
			if err != nil {
				t.Fatal(err)
			}
			if got.Actions != 1 || got.Eleves != 10 {
				t.Errorf("département 032: %+v, want one action, 10 pupils", got)
			}
			// A school's: its action, and the two answers to its request d1
			// (c1 accepted, c2 declined); not d3's, another school's.
			got, err = s.IndicateursActivite(ctx, store.IndicateurFilter{Annee: 2025, Now: now, UAI: "0310001A"})
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(store.ActiviteCEE{Actions: 1, Minutes: 120, Eleves: 25, Reponses: 2, Acceptees: 1}, got); d != "" {
				t.Errorf("établissement (-want +got):\n%s", d)
			}
		})

		t.Run("couverture", func(t *testing.T) {
			// Open collèges and lycées of 16: 0310001A (action + request done),
			// 0320001C (action) reached; 0310002B (expired and cancelled requests) not.
			got, err := s.IndicateursCouverture(ctx, acad)
			if err != nil {
				t.Fatal(err)
			}
			want := store.Couverture{Total: 3, Atteints: 2,
				ParType:     []store.CouvertureLigne{{Cle: "college", Total: 2, Atteints: 2}, {Cle: "lycee", Total: 1, Atteints: 0}},
				ParEP:       []store.CouvertureLigne{{Cle: "REP+", Total: 1, Atteints: 1}, {Cle: "REP", Total: 1, Atteints: 1}, {Cle: "", Total: 1, Atteints: 0}},
				NonAtteints: []store.NonAtteint{{UAI: "0310002B", Nom: "Établissement 0310002B", Type: "lycee", Commune: "Toulouse", Departement: "031"}},
				// The maps' figures.
				ParDepartement: []store.CouvertureLigne{{Cle: "031", Total: 2, Atteints: 1}, {Cle: "032", Total: 1, Atteints: 1}},
				ParAcademie:    []store.CouvertureLigne{{Cle: "16", Total: 3, Atteints: 2}},
			}
			if d := diff(want, got); d != "" {
				t.Errorf("IndicateursCouverture (-want +got):\n%s", d)
			}
			list, err := s.ListNonAtteints(ctx, acad, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].UAI != "0310002B" || list[0].Type != "lycee" {
				t.Errorf("ListNonAtteints = %+v, want 0310002B alone", list)
			}
			// Nationally, Paris's collège was reached by c4's action.
			got, err = s.IndicateursCouverture(ctx, store.IndicateurFilter{Annee: 2025, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if d := diff([]store.CouvertureLigne{{Cle: "01", Total: 1, Atteints: 1}, {Cle: "16", Total: 3, Atteints: 2}}, got.ParAcademie); d != "" {
				t.Errorf("national coverage by académie (-want +got):\n%s", d)
			}
			// Through CGT's CEE (c2) only 0320001C was reached: c2 declined d1.
			got, err = s.IndicateursCouverture(ctx, store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16", OrganisationID: j.cgt})
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != 3 || got.Atteints != 1 {
				t.Errorf("CGT: %d/%d reached, want 1/3", got.Atteints, got.Total)
			}
			got, err = s.IndicateursCouverture(ctx, store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16", Departement: "031"})
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != 2 || got.Atteints != 1 {
				t.Errorf("031: %d/%d reached, want 1/2", got.Atteints, got.Total)
			}
			// The previous year: only 0320001C (request done in June 2025) —
			// c1's action at 0310002B was in December 2024, also that year.
			got, err = s.IndicateursCouverture(ctx, store.IndicateurFilter{Annee: 2024, Now: now, Academie: "16"})
			if err != nil {
				t.Fatal(err)
			}
			if got.Atteints != 2 {
				t.Errorf("2024-2025: %d reached, want 2", got.Atteints)
			}
		})

		t.Run("couverture sur une période", func(t *testing.T) {
			// A period instead of the school year (Du included, Au excluded).
			for _, c := range []struct {
				du, au time.Time
				want   int
			}{
				// c1's action at 0310002B (1 Dec 2024), the request done at
				// 0320001C (15 June 2025), the action and request at 0310001A
				// (20 October 2025): all three.
				{day(2024, 12, 1, 0), day(2025, 10, 21, 0), 3},
				// From 21 October: c2's action at 0320001C only (d3 is pourvue, not done).
				{day(2025, 10, 21, 0), day(2026, 3, 15, 0), 1},
				// Between them, nothing: the bounds are the period's, not the years'.
				{day(2024, 12, 2, 0), day(2025, 6, 15, 0), 0},
			} {
				f := acad
				f.Du, f.Au = c.du, c.au
				got, err := s.IndicateursCouverture(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != 3 || got.Atteints != c.want {
					t.Errorf("%s → %s: %d/%d reached, want %d/3", c.du.Format(time.DateOnly), c.au.Format(time.DateOnly), got.Atteints, got.Total, c.want)
				}
				list, err := s.ListNonAtteints(ctx, f, 0)
				if err != nil {
					t.Fatal(err)
				}
				if len(list) != 3-c.want {
					t.Errorf("%s → %s: %d never reached, want %d", c.du.Format(time.DateOnly), c.au.Format(time.DateOnly), len(list), 3-c.want)
				}
			}
			// The CEE in mandate are read at the period's end: on 31 May 2025
			// c3's mandate (ended 30 June 2025) still ran.
			f := acad
			f.Du, f.Au = day(2024, 9, 1, 0), day(2025, 6, 1, 0)
			cee, err := s.IndicateursCEE(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if cee.Total != 4 {
				t.Errorf("CEE en mandat au 31 mai 2025 : %d, want 4 (c1, c2, c3, c6)", cee.Total)
			}
		})

		t.Run("charge", func(t *testing.T) {
			// c1 accepted 2 solicitations, c2 and c6 none; c6 did nothing in 12 months.
			got, err := s.IndicateursCharge(ctx, acad)
			if err != nil {
				t.Fatal(err)
			}
			wantDist := []store.Ligne{{"0", "Aucune", 2}, {"1-2", "1 à 2", 1}, {"3-5", "3 à 5", 0}, {"6-10", "6 à 10", 0}, {"11+", "Plus de 10", 0}}
			if d := diff(wantDist, got.Distribution); d != "" {
				t.Errorf("Distribution (-want +got):\n%s", d)
			}
			if got.Inactifs != 1 || got.Surcharges != 0 || len(got.CEE) != 3 {
				t.Errorf("Inactifs %d, Surcharges %d, %d CEE; want 1, 0, 3", got.Inactifs, got.Surcharges, len(got.CEE))
			}
			// On September 20, one month of the year has begun: c1 (cap 1 a
			// month) accepted 2, overloaded.
			got, err = s.IndicateursCharge(ctx, store.IndicateurFilter{Annee: 2025, Now: day(2025, 9, 20, 12), Academie: "16"})
			if err != nil {
				t.Fatal(err)
			}
			if got.Surcharges != 1 {
				t.Errorf("Surcharges in September = %d, want 1", got.Surcharges)
			}
			for _, c := range got.CEE {
				if c.Surcharge != (c.ID == j.c1) {
					t.Errorf("CEE %d: Surcharge %v", c.ID, c.Surcharge)
				}
			}
			// An organisation's (its CEE first, then their rows): the
			// académie's lines of its CEE, figures included, and their
			// actions and answers.
			all, err := s.IndicateursCharge(ctx, acad)
			if err != nil {
				t.Fatal(err)
			}
			for _, org := range []int64{j.medef, j.cgt} {
				f := store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16", OrganisationID: org}
				got, err := s.IndicateursCharge(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var want []store.ChargeCEE
				for _, c := range all.CEE {
					if (c.ID == j.c1) == (org == j.medef) && (c.ID == j.c1 || c.ID == j.c2) {
						want = append(want, c)
					}
				}
				if d := diff(want, got.CEE); d != "" || len(want) != 1 {
					t.Errorf("organisation %d (-want +got):\n%s", org, d)
				}
				act, err := s.IndicateursActivite(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				// c1 (MEDEF): 120 min, 25 pupils, 2 answers accepted; c2 (CGT): 60 min, 10 pupils, one declined.
				wantAct := store.ActiviteCEE{Actions: 1, Minutes: 120, Eleves: 25, Reponses: 2, Acceptees: 2}
				if org == j.cgt {
					wantAct = store.ActiviteCEE{Actions: 1, Minutes: 60, Eleves: 10, Reponses: 1, Acceptees: 0}
				}
				if d := diff(wantAct, act); d != "" {
					t.Errorf("activité of organisation %d (-want +got):\n%s", org, d)
				}
			}
		})
	})
}

func checkFloat(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-6 {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

func TestAnneeScolaire(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want model.AnneeScolaire
	}{{day(2025, 9, 1, 12), 2025}, {day(2026, 8, 31, 12), 2025}, {day(2026, 1, 1, 0), 2025}, {day(2025, 8, 31, 12), 2024}} {
		if got := model.AnneeScolaireOf(c.t); got != c.want {
			t.Errorf("AnneeScolaireOf(%s) = %d, want %d", c.t, got, c.want)
		}
	}
	if l := model.AnneeScolaire(2025).Label(); l != "2025-2026" {
		t.Errorf("Label = %q", l)
	}
}

// diff describes the difference between want and got, "" when equal.
func diff(want, got any) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	return fmt.Sprintf("want %+v\n got %+v", want, got)
}

func TestStatistiquesPubliques(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		buildJeuIndicateurs(t, s)
		got, err := s.StatistiquesPubliques(context.Background(), 2025, day(2026, 3, 15, 12))
		if err != nil {
			t.Fatal(err)
		}
		want := []store.StatAcademie{
			{Academie: "01", CEE: 1, Demandes: 1, Actions: 1, Eleves: 15, Etablissements: 1, Atteints: 1},
			{Academie: "16", CEE: 3, Demandes: 4, Actions: 2, Eleves: 35, Etablissements: 3, Atteints: 2},
		}
		if d := diff(want, got); d != "" {
			t.Error(d)
		}
	})
}
