package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/storetest"
)

func TestEtablissements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		lat, lon := 43.6033, 1.4399
		fermat := model.Etablissement{UAI: "0310036W", Nom: "Lycée Pierre de Fermat", Type: model.Lycee, Statut: "public",
			CodeCommune: "31555", NomCommune: "Toulouse", Departement: "31", Academie: "16",
			Latitude: &lat, Longitude: &lon, VoieGenerale: true}
		chamson := model.Etablissement{UAI: "0301326D", Nom: "Collège André Chamson", Type: model.College, Statut: "public",
			CodeCommune: "30350", NomCommune: "Le Vigan", Departement: "30", Academie: "11", EducationPrioritaire: "REP"}
		for _, e := range []model.Etablissement{fermat, chamson} {
			if err := s.UpsertEtablissement(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		fermat.Nom = "Lycée général Pierre de Fermat"
		if err := s.UpsertEtablissement(ctx, fermat); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetEtablissement(ctx, "0310036W")
		if err != nil {
			t.Fatal(err)
		}
		if got.Nom != fermat.Nom || got.Latitude == nil || *got.Latitude != lat || !got.VoieGenerale || got.VoieProfessionnelle {
			t.Errorf("got %+v", got)
		}
		if c, _ := s.GetEtablissement(ctx, "0301326D"); c.Latitude != nil || c.EducationPrioritaire != "REP" {
			t.Errorf("got %+v, want no coordinates and REP", c)
		}
		if _, err := s.GetEtablissement(ctx, "0750654D"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing UAI: %v", err)
		}
		list, total, err := s.ListEtablissements(ctx, store.EtablissementFilter{Nom: "FERMAT"})
		if err != nil || total != 1 || len(list) != 1 || list[0].UAI != "0310036W" {
			t.Errorf("search by name: %d %v %v", total, list, err)
		}
		list, total, _ = s.ListEtablissements(ctx, store.EtablissementFilter{Academie: "11", Type: model.College})
		if total != 1 || list[0].UAI != "0301326D" {
			t.Errorf("filter by académie: %d %v", total, list)
		}
		list, total, _ = s.ListEtablissements(ctx, store.EtablissementFilter{Limit: 1, Offset: 1})
		if total != 2 || len(list) != 1 || list[0].UAI != "0310036W" {
			t.Errorf("second page: %d %v", total, list)
		}
		counts, _ := s.CountEtablissementsByAcademie(ctx)
		if counts["16"] != 1 || counts["11"] != 1 {
			t.Errorf("counts %v", counts)
		}
	})
}

func TestMails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		id, err := s.InsertMail(ctx, store.Mail{Recipients: []string{"a@example.fr"}, Subject: "Sujet é", Text: "t", HTML: "<p>h</p>"})
		if err != nil {
			t.Fatal(err)
		}
		m, err := s.GetMail(ctx, id)
		if err != nil || m.Subject != "Sujet é" || m.Recipients[0] != "a@example.fr" {
			t.Fatalf("%+v %v", m, err)
		}
		list, total, _ := s.ListMails(ctx, 10, 0)
		if total != 1 || len(list) != 1 {
			t.Fatalf("ListMails = %d", total)
		}
		if _, err := s.GetMail(ctx, id+1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing mail: %v", err)
		}
	})
}

// genererEtablissements builds n distinct valid schools of académie 16.
func genererEtablissements(n int) []model.Etablissement {
	out := make([]model.Etablissement, n)
	for i := range out {
		digits := fmt.Sprintf("031%04d", i)
		letter, _ := refdata.UAICheckLetter(digits)
		lat, lon := 43.6+float64(i)/1e5, 1.44
		out[i] = model.Etablissement{UAI: digits + string(letter), Nom: fmt.Sprintf("Collège n° %d", i), Type: model.College,
			Statut: "public", CodeCommune: "31555", NomCommune: "Toulouse", Departement: "31", Academie: "16",
			Latitude: &lat, Longitude: &lon, Nature: "340", LibelleNature: "COLLEGE"}
	}
	return out
}

func TestImportEtablissements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		list := genererEtablissements(1000)
		fermeLe := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
		list[3].Ferme, list[3].DateFermeture = true, &fermeLe
		list[4].Latitude, list[4].Longitude = nil, nil
		// A school already there from another académie's file: found by UAI
		// and counted as updated, not new.
		moved := list[5]
		moved.Academie, moved.Departement = "11", "34"
		if err := s.UpsertEtablissement(ctx, moved); err != nil {
			t.Fatal(err)
		}

		b, err := s.ImportEtablissements(ctx, list, store.ImportEtablissementsOptions{DryRun: true})
		if err != nil || b.Nouveaux != 999 || b.Modifies != 1 || b.Inchanges != 0 || b.Classements[5] != store.Modifie {
			t.Fatalf("dry run: %+v %v", b.Nouveaux, err)
		}
		if _, n, _ := s.ListEtablissements(ctx, store.EtablissementFilter{}); n != 1 {
			t.Fatalf("dry run wrote: %d rows", n)
		}
		b, err = s.ImportEtablissements(ctx, list, store.ImportEtablissementsOptions{})
		if err != nil || b.Nouveaux != 999 || b.Modifies != 1 || b.Inchanges != 0 {
			t.Fatalf("first import: %d %d %d %v", b.Nouveaux, b.Modifies, b.Inchanges, err)
		}
		got, err := s.GetEtablissement(ctx, list[3].UAI)
		if err != nil || !got.Ferme || got.DateFermeture == nil || !got.DateFermeture.Equal(fermeLe) || got.Nature != "340" {
			t.Fatalf("closed school: %+v %v", got, err)
		}

		// The same list again: nothing to write.
		b, err = s.ImportEtablissements(ctx, list, store.ImportEtablissementsOptions{})
		if err != nil || b.Nouveaux != 0 || b.Modifies != 0 || b.Inchanges != 1000 {
			t.Fatalf("re-import: %d %d %d %v", b.Nouveaux, b.Modifies, b.Inchanges, err)
		}

		// One change, one new school.
		list[7].Nom = "Collège Jean Jaurès"
		list = append(list, genererEtablissements(1001)[1000])
		b, err = s.ImportEtablissements(ctx, list, store.ImportEtablissementsOptions{})
		if err != nil || b.Nouveaux != 1 || b.Modifies != 1 || b.Inchanges != 999 || b.Classements[7] != store.Modifie || b.Classements[1000] != store.Nouveau {
			t.Fatalf("one change: %d %d %d %v", b.Nouveaux, b.Modifies, b.Inchanges, err)
		}

		// An import stopped half-way (here a cancelled context after the
		// first batch) leaves the previous data as it was.
		changed := genererEtablissements(1200)
		for i := range changed {
			changed[i].Nom += " (renommé)"
		}
		cctx, cancel := context.WithCancel(ctx)
		batches := 0
		_, err = s.ImportEtablissements(cctx, changed, store.ImportEtablissementsOptions{Progress: func(done, total int) {
			batches++
			cancel()
		}})
		if !errors.Is(err, context.Canceled) || batches != 1 {
			t.Fatalf("cancelled import: %v after %d batch(es)", err, batches)
		}
		if _, n, _ := s.ListEtablissements(ctx, store.EtablissementFilter{}); n != 1001 {
			t.Errorf("after a cancelled import: %d rows, want 1001", n)
		}
		for _, i := range []int{0, 7, 1000} {
			if e, _ := s.GetEtablissement(ctx, changed[i].UAI); strings.HasSuffix(e.Nom, "(renommé)") {
				t.Errorf("row %d changed by a cancelled import: %q", i, e.Nom)
			}
		}
		b, err = s.ImportEtablissements(ctx, list, store.ImportEtablissementsOptions{})
		if err != nil || b.Inchanges != 1001 {
			t.Errorf("after the cancelled import, re-import: %d unchanged, %v", b.Inchanges, err)
		}

		if _, err := s.ImportEtablissements(ctx, append(list[:2:2], list[0]), store.ImportEtablissementsOptions{}); err == nil {
			t.Error("a UAI given twice is accepted")
		}
	})
}
