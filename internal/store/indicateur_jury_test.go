package store_test

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"cee/internal/store"
	"cee/internal/storetest"
)

// TestIndicateursJurys counts by hand the seats and colleges of a few
// juries, on the CEE of buildJeuIndicateurs (c1 employer and c3 artisan of
// the MEDEF, c2 employee of the CGT, c4 in Paris) and a professional of
// the wider network without a status (an employee).
//
// Session A, Toulouse, June 2026 (school year 2025):
//
//	J1 CAP, 2 seats (1 employer, 1 employee wanted), 031: c1, c2        → 2 filled, balanced
//	J2 BAC PRO, 3 seats (1, 1), 032: c1, c3, c5 empêché                  → 2 filled, 2 employers 0 employee: not balanced
//	J3 BTS, 2 seats (0, 0), 031: the professional                        → 1 filled, 0 and 1: balanced (parity to one)
//	J4 unknown speciality, 1 seat, 031: nobody                            → 0 filled, not in the base of the balance
//	J5 CAP, 1 seat (0, 0), 031: c1, c2                                   → 1 filled (capped), balanced
//
// Session B, Paris, June 2026: J6 CAP, 2 seats, c4. Session C, Toulouse,
// June 2025 (the year before): J7, 4 seats, nobody.
func TestIndicateursJurys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		j := buildJeuIndicateurs(t, s)
		id := func(email string) int64 {
			var id int64
			if err := s.DB().QueryRowContext(ctx, `SELECT id FROM conseillers WHERE email = $1`, email).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		c3, c4, c5 := id("c3@example.org"), id("c4@example.org"), id("c5@example.org")
		now := day(2025, 1, 1, 0)
		pro := mustInsert(t, s, `INSERT INTO professionnels (academie, nom, prenom, email, created_at, updated_at) VALUES ('16', 'Pro', 'Paul', 'pro@example.org', $1, $1)`, now)
		session := func(acad, nom string, debut int) int64 {
			return mustInsert(t, s, `INSERT INTO sessions_examen (academie, nom, debut, fin, etat, created_at, updated_at) VALUES ($1, $2, $3, $4, 'publiee', $5, $5)`,
				acad, nom, day(debut, 6, 1, 8), day(debut, 6, 20, 18), now)
		}
		a, b, c := session("16", "Session A", 2026), session("01", "Session B", 2026), session("16", "Session C", 2025)
		jury := func(sess int64, code, cfd, uai string, sieges, emp, sal int) int64 {
			return mustInsert(t, s, `INSERT INTO jurys (session_id, code, specialite, uai, demi_journees, sieges, employeurs, salaries) VALUES ($1, $2, $3, $4, '', $5, $6, $7)`,
				sess, code, cfd, uai, sieges, emp, sal)
		}
		dispos := map[[2]int64]int64{}
		seat := func(jury, sess, cee, pro int64, statut string) {
			key := [2]int64{sess, cee*1000 + pro}
			if dispos[key] == 0 {
				var c, p any
				if cee != 0 {
					c = cee
				}
				if pro != 0 {
					p = pro
				}
				dispos[key] = mustInsert(t, s, `INSERT INTO disponibilites_jury (session_id, conseiller_id, professionnel_id, created_at) VALUES ($1, $2, $3, $4)`, sess, c, p, now)
			}
			mustInsert(t, s, `INSERT INTO jury_membres (jury_id, disponibilite_id, statut) VALUES ($1, $2, $3)`, jury, dispos[key], statut)
		}
		j1 := jury(a, "J1", "50020101", "0310001A", 2, 1, 1)
		seat(j1, a, j.c1, 0, "propose")
		seat(j1, a, j.c2, 0, "convoque")
		j2 := jury(a, "J2", "40020009", "0320001C", 3, 1, 1)
		seat(j2, a, j.c1, 0, "confirme")
		seat(j2, a, c3, 0, "propose")
		seat(j2, a, c5, 0, "empeche")
		j3 := jury(a, "J3", "32020009", "0310001A", 2, 0, 0)
		seat(j3, a, 0, pro, "propose")
		jury(a, "J4", "99999999", "0310001A", 1, 0, 0)
		j5 := jury(a, "J5", "50020101", "0310001A", 1, 0, 0)
		seat(j5, a, j.c1, 0, "propose")
		seat(j5, a, j.c2, 0, "propose")
		j6 := jury(b, "J6", "50020101", "0750001A", 2, 0, 0)
		seat(j6, b, c4, 0, "propose")
		jury(c, "J7", "50020101", "0310001A", 4, 0, 0)

		now = day(2026, 3, 15, 12)
		cases := []struct {
			name string
			f    store.IndicateurFilter
			want store.Jurys
		}{
			{"académie", store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16"}, store.Jurys{
				Jurys: 5, Sieges: 9, Pourvus: 6, Employeurs: 4, Salaries: 3, AvecMembres: 4, Equilibres: 3,
				ParSession: []store.SiegesLigne{{Cle: strconv.FormatInt(a, 10), Libelle: "Session A", Sieges: 9, Pourvus: 6}},
				ParDiplome: []store.SiegesLigne{{Cle: "", Sieges: 1}, {Cle: "BAC PRO", Sieges: 3, Pourvus: 2}, {Cle: "BTS", Sieges: 2, Pourvus: 1}, {Cle: "CAP", Sieges: 3, Pourvus: 3}},
			}},
			{"département du centre", store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16", Departement: "031"}, store.Jurys{
				Jurys: 4, Sieges: 6, Pourvus: 4, Employeurs: 2, Salaries: 3, AvecMembres: 3, Equilibres: 3,
				ParSession: []store.SiegesLigne{{Cle: strconv.FormatInt(a, 10), Libelle: "Session A", Sieges: 6, Pourvus: 4}},
				ParDiplome: []store.SiegesLigne{{Cle: "", Sieges: 1}, {Cle: "BTS", Sieges: 2, Pourvus: 1}, {Cle: "CAP", Sieges: 3, Pourvus: 3}},
			}},
			// The MEDEF's CEE only: c1 in J1, J2, J5 and c3 in J2.
			{"organisation", store.IndicateurFilter{Annee: 2025, Now: now, Academie: "16", OrganisationID: j.medef}, store.Jurys{
				Jurys: 5, Sieges: 9, Pourvus: 4, Employeurs: 4, Salaries: 0, AvecMembres: 3, Equilibres: 1,
				ParSession: []store.SiegesLigne{{Cle: strconv.FormatInt(a, 10), Libelle: "Session A", Sieges: 9, Pourvus: 4}},
				ParDiplome: []store.SiegesLigne{{Cle: "", Sieges: 1}, {Cle: "BAC PRO", Sieges: 3, Pourvus: 2}, {Cle: "BTS", Sieges: 2}, {Cle: "CAP", Sieges: 3, Pourvus: 2}},
			}},
			{"national", store.IndicateurFilter{Annee: 2025, Now: now}, store.Jurys{
				Jurys: 6, Sieges: 11, Pourvus: 7, Employeurs: 5, Salaries: 3, AvecMembres: 5, Equilibres: 4,
				ParSession: []store.SiegesLigne{{Cle: strconv.FormatInt(a, 10), Libelle: "Session A (Toulouse)", Sieges: 9, Pourvus: 6}, {Cle: strconv.FormatInt(b, 10), Libelle: "Session B (Paris)", Sieges: 2, Pourvus: 1}},
				ParDiplome: []store.SiegesLigne{{Cle: "", Sieges: 1}, {Cle: "BAC PRO", Sieges: 3, Pourvus: 2}, {Cle: "BTS", Sieges: 2, Pourvus: 1}, {Cle: "CAP", Sieges: 5, Pourvus: 4}},
			}},
			{"année précédente", store.IndicateurFilter{Annee: 2024, Now: now, Academie: "16"}, store.Jurys{
				Jurys: 1, Sieges: 4,
				ParSession: []store.SiegesLigne{{Cle: strconv.FormatInt(c, 10), Libelle: "Session C", Sieges: 4}},
				ParDiplome: []store.SiegesLigne{{Cle: "CAP", Sieges: 4}},
			}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.IndicateursJurys(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("jurys:\n got %+v\nwant %+v", got, tc.want)
				}
			})
		}
		if got, _ := s.IndicateursJurys(ctx, cases[0].f); got.Taux() != 6.0/9 {
			t.Errorf("taux %v, want 6/9", got.Taux())
		}
	})
}

// Analyze after a bulk load: VACUUM (ANALYZE) on PostgreSQL, which a
// transaction does not allow (there it only analyses); ANALYZE on SQLite,
// whose statistics table then exists. Optimize, at start-up and daily,
// runs on both (nothing to do on PostgreSQL).
func TestAnalyze(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.Optimize(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Analyze(ctx, "etablissements", "demandes"); err != nil {
			t.Fatal(err)
		}
		if err := s.InTx(ctx, func(tx *store.Store) error { return tx.Analyze(ctx, "demandes") }); err != nil {
			t.Fatal(err)
		}
		if s.Dialect() == store.SQLite {
			var n int
			if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_stat1`).Scan(&n); err != nil {
				t.Errorf("no statistics after Analyze: %v", err)
			}
		}
	})
}
