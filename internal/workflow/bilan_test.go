package workflow_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// A bilan on both databases: launched with its job, produced with its
// progress, its two files kept and read back (the PDF by its text).
func TestProduireBilan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		b := store.Bilan{Perimetre: model.BilanAcademie, Ref: "16", Academie: "16", Libelle: "Académie de Toulouse", Annee: 2025}
		// A unit of the académie with two requests sent in the year, one
		// the year before; another académie's unit.
		lm, err := s.CreateCampus(ctx, model.Campus{Type: model.CampusLyceeMetiers, Nom: "Lycée des métiers de l'hôtellerie", Academie: "16"})
		if err != nil {
			t.Fatal(err)
		}
		autre, _ := s.CreateCampus(ctx, model.Campus{Type: model.CampusCMQ, Nom: "CMQ de Bordeaux", Academie: "04"})
		for _, x := range []struct {
			campus int64
			acad   string
			etat   model.EtatDemande
			le     time.Time
		}{
			{lm, "16", model.DemandeEnRecherche, time.Date(2025, 10, 1, 8, 0, 0, 0, time.UTC)},
			{lm, "16", model.DemandeExpiree, time.Date(2025, 11, 1, 8, 0, 0, 0, time.UTC)},
			{lm, "16", model.DemandeExpiree, time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)},
			{autre, "04", model.DemandeExpiree, time.Date(2025, 11, 1, 8, 0, 0, 0, time.UTC)},
		} {
			if _, err := s.CreateDemande(ctx, model.Demande{Academie: x.acad, Type: model.TypeForum, Titre: "Forum", Etat: x.etat, CampusID: x.campus, CreatedAt: x.le}); err != nil {
				t.Fatal(err)
			}
		}
		id, err := workflow.LancerBilan(ctx, s, workflow.Actor{}, b)
		if err != nil {
			t.Fatal(err)
		}
		jobs, err := s.ListJobs(ctx, "pending", 10)
		if err != nil || len(jobs) != 1 || jobs[0].Kind != "bilans.produire" {
			t.Fatalf("jobs: %+v, %v", jobs, err)
		}
		if err := workflow.ProduireBilan(ctx, s, id, time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetBilan(ctx, id)
		if err != nil || got.Etat != model.BilanPret || got.Progression != 100 || got.TaillePDF == 0 || got.TailleXLSX == 0 {
			t.Fatalf("bilan: %+v, %v", got, err)
		}
		if l, _ := s.ListBilans(ctx, store.BilanFilter{Perimetre: model.BilanOrganisation, Ref: "16"}); len(l) != 0 {
			t.Errorf("an organisation's list holds the académie's bilan: %+v", l)
		}
		pdf, err := s.BilanFichier(ctx, id, "pdf")
		if err != nil {
			t.Fatal(err)
		}
		bin, err := exec.LookPath("pdftotext")
		if err != nil {
			// scripts/test installs it: in CI the PDF must be read, not skipped.
			if os.Getenv("CI") != "" {
				t.Fatal("pdftotext manquant alors que CI est définie : apt-get install poppler-utils")
			}
			t.Skip("pdftotext manquant : installez poppler-utils")
		}
		cmd := exec.Command(bin, "-", "-")
		cmd.Stdin = bytes.NewReader(pdf)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{"Académie de Toulouse", "Année scolaire 2025-2026", "Chiffres clés", "CEE en mandat", "Établissements jamais atteints (0)", "Définitions",
			"Services par mission", "Expertise et conseil (avis rendus)", "Avis d'expertise rendus",
			workflow.TitreUnites, "Lycée des métiers de l'hôtellerie (Lycée des métiers) Demandes envoyées 2", "dont « En recherche » 1",
			"dont « Expirée » 1", "Actions des conseillers 0"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q:\n%s", want, text)
			}
		}
		x, err := s.BilanFichier(ctx, id, "xlsx")
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(x))
		if err != nil {
			t.Fatal(err)
		}
		if rows, _ := f.GetRows("Chiffres clés"); len(rows) != len(workflow.Rapport{}.Chiffres())+1 {
			t.Errorf("sheet « Chiffres clés »: %d rows", len(rows))
		}
		// One line per unit of the académie (not Bordeaux's).
		if rows, _ := f.GetRows("Par unité"); len(rows) != 2 || rows[1][0] != "Lycée des métiers de l'hôtellerie" || rows[1][2] != "2" ||
			rows[1][3] != "En recherche : 1, Expirée : 1" {
			t.Errorf("sheet « Par unité »: %q", rows)
		}
		// The seed's three missions, one line each (issue 19 item 5).
		if rows, _ := f.GetRows("Services par mission"); len(rows) != 4 || !strings.HasPrefix(rows[2][0], "Expertise") {
			t.Errorf("sheet « Services par mission »: %q", rows)
		}
	})
}

// A bilan that fails shows a French message on the dashboard, never the
// text of the error, which goes to the job's log.
func TestProduireBilanEchec(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		b := store.Bilan{Perimetre: model.BilanOrganisation, Ref: "pas-un-numero", Academie: "16", Libelle: "Organisation", Annee: 2025}
		id, err := workflow.LancerBilan(ctx, s, workflow.Actor{}, b)
		if err != nil {
			t.Fatal(err)
		}
		if err := workflow.ProduireBilan(ctx, s, id, time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)); err == nil {
			t.Fatal("a bilan of an unreadable organisation was produced")
		}
		got, err := s.GetBilan(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Etat != model.BilanEchec || strings.Contains(got.Erreur, "pas-un-numero") || !strings.Contains(got.Erreur, "relancez le bilan") {
			t.Errorf("failed bilan: %s %q", got.Etat, got.Erreur)
		}
	})
}
