package store_test

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"testing"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// TestCollegeProfessionnels seats professionals of the wider network, who
// have a status of their own since migration 0019, in two CAP juries of two
// seats (one employer, one employee wanted):
//
//	J1: an employer and an employee          → 1 and 1, balanced
//	J2: an artisan and one of unknown status → 1 and 1 (unknown counts as an employee), balanced
//
// The members, the availabilities and the dashboards' indicators all read
// the professional's status: before, every professional was an employee.
func TestCollegeProfessionnels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := day(2025, 1, 1, 0)
		pro := func(email string, statut model.StatutPro) int64 {
			id, err := s.CreateProfessionnel(ctx, model.Professionnel{Academie: "16", Nom: email, Prenom: "P", Email: email, StatutPro: statut})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		employeur, salarie := pro("employeur@example.org", model.StatutEmployeur), pro("salarie@example.org", model.StatutSalarie)
		artisan, inconnu := pro("artisan@example.org", ""), pro("inconnu@example.org", "")
		// The status given later (consent page, « Mon accord »).
		if err := s.SetStatutPro(ctx, artisan, model.StatutArtisan); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[int64]model.StatutPro{employeur: model.StatutEmployeur, artisan: model.StatutArtisan, inconnu: ""} {
			if p, err := s.GetProfessionnel(ctx, id); err != nil || p.StatutPro != want {
				t.Errorf("professional %d: status %q (%v), want %q", id, p.StatutPro, err, want)
			}
		}
		if err := s.SetStatutPro(ctx, 999999, model.StatutAutre); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("status of an unknown professional: %v, want ErrNotFound", err)
		}

		session := mustInsert(t, s, `INSERT INTO sessions_examen (academie, nom, debut, fin, etat, created_at, updated_at) VALUES ('16', 'Session A', $1, $2, 'publiee', $3, $3)`,
			day(2026, 6, 1, 8), day(2026, 6, 20, 18), now)
		jury := func(code string) int64 {
			return mustInsert(t, s, `INSERT INTO jurys (session_id, code, specialite, uai, demi_journees, sieges, employeurs, salaries) VALUES ($1, $2, '50020101', '0310001A', '', 2, 1, 1)`,
				session, code)
		}
		seat := func(jury, pro int64) {
			d := mustInsert(t, s, `INSERT INTO disponibilites_jury (session_id, professionnel_id, created_at) VALUES ($1, $2, $3)`, session, pro, now)
			mustInsert(t, s, `INSERT INTO jury_membres (jury_id, disponibilite_id, statut) VALUES ($1, $2, 'confirme')`, jury, d)
		}
		j1, j2 := jury("J1"), jury("J2")
		seat(j1, employeur)
		seat(j1, salarie)
		seat(j2, artisan)
		seat(j2, inconnu)

		type college struct {
			Nom, College string
			Connu        bool
		}
		want := []college{{"P employeur@example.org", model.CollegeEmployeur, true}, {"P salarie@example.org", model.CollegeSalarie, true},
			{"P artisan@example.org", model.CollegeEmployeur, true}, {"P inconnu@example.org", model.CollegeSalarie, false}}
		jurys, err := s.ListJurys(ctx, session)
		if err != nil {
			t.Fatal(err)
		}
		var membres []college
		for _, j := range jurys {
			for _, m := range j.Membres {
				membres = append(membres, college{m.Nom, m.College, m.StatutConnu})
			}
		}
		if !reflect.DeepEqual(membres, want) {
			t.Errorf("members:\n got %v\nwant %v", membres, want)
		}
		dispos, err := s.ListDisponibilites(ctx, session)
		if err != nil {
			t.Fatal(err)
		}
		var disponibles []college
		for _, d := range dispos {
			disponibles = append(disponibles, college{d.Nom, d.College, d.StatutConnu})
		}
		if !reflect.DeepEqual(disponibles, want) {
			t.Errorf("availabilities:\n got %v\nwant %v", disponibles, want)
		}

		got, err := s.IndicateursJurys(ctx, store.IndicateurFilter{Annee: 2025, Now: day(2026, 9, 15, 12), Academie: "16"})
		if err != nil {
			t.Fatal(err)
		}
		wantInd := store.Jurys{Jurys: 2, Sieges: 4, Pourvus: 4, Employeurs: 2, Salaries: 2, AvecMembres: 2, Equilibres: 2,
			ParSession: []store.SiegesLigne{{Cle: strconv.FormatInt(session, 10), Libelle: "Session A", Sieges: 4, Pourvus: 4}},
			ParDiplome: []store.SiegesLigne{{Cle: "CAP", Sieges: 4, Pourvus: 4}}}
		if !reflect.DeepEqual(got, wantInd) {
			t.Errorf("indicators:\n got %+v\nwant %+v", got, wantInd)
		}
	})
}
