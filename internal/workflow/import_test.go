package workflow_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

const registre = `Civilité;NOM;Prénom;E-mail;Entreprise;Statut;Code NAF;Organisation;Ville;Code postal;Date de nomination;Fin de mandat
Mme;Dupré;Hélène;h.dupre@elec.example;Électricité Garonne;Employeur;43.21A;CPME Haute-Garonne;Toulouse;31000;01/09/2024;31/08/2030
M.;Martin;Paul;p.martin@garage.example;Garage Martin;Salarié;45.20A;MEDEF Toulouse;Albi;81000;2025-01-15;
M.;Faux;Luc;pas-une-adresse;;;;;;;;
`

func read(t *testing.T, text string) importer.Rapport {
	t.Helper()
	rap, err := importer.Lire("registre.csv", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return rap
}

func TestImportConseillers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		count := func() int {
			_, n, _ := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}})
			return n
		}
		res, err := workflow.ImportConseillers(ctx, s, read(t, registre), workflow.ImportOptions{Academie: "16"})
		if err != nil || res.Ecrit || res.Rejetes != 1 || count() != 0 {
			t.Fatalf("with a rejected line, by default: %+v %v, %d written", res, err, count())
		}
		res, err = workflow.ImportConseillers(ctx, s, read(t, registre), workflow.ImportOptions{Academie: "16", DryRun: true, SkipInvalid: true})
		if err != nil || res.Ecrit || res.Importes != 2 || count() != 0 {
			t.Fatalf("dry run: %+v %v, %d written", res, err, count())
		}
		// Issue 15 item 8: the two organisations do not exist; without a
		// choice, nothing is written and none is created.
		res, err = workflow.ImportConseillers(ctx, s, read(t, registre), workflow.ImportOptions{Academie: "16", SkipInvalid: true})
		if orgs, _ := s.ListOrganisations(ctx, "16"); err != nil || res.Ecrit || res.ChoixManquants() != 2 || count() != 0 || len(orgs) != 0 {
			t.Fatalf("unknown organisations without a choice: %+v %v, %d written, %d organisations", res, err, count(), len(orgs))
		}
		creer := importer.Choix{Organisations: map[string]string{model.Fold("CPME Haute-Garonne"): importer.ChoixCreer, model.Fold("MEDEF Toulouse"): importer.ChoixCreer}}
		res, err = workflow.ImportConseillers(ctx, s, read(t, registre), workflow.ImportOptions{Academie: "16", SkipInvalid: true, Choix: creer})
		if err != nil || !res.Ecrit || res.String() != "importés: 2, mis à jour: 0, inchangés: 0, rejetés: 1" {
			t.Fatalf("skip invalid: %s %v", res, err)
		}
		list, _, _ := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Q: "dupre"})
		if len(list) != 1 || list[0].Etat != model.DesignationActive || list[0].Organisation != "CPME Haute-Garonne" || list[0].NomCommune != "Toulouse" {
			t.Fatalf("imported CEE: %+v", list)
		}
		// The same file again: nothing changes.
		res, _ = workflow.ImportConseillers(ctx, s, read(t, registre), workflow.ImportOptions{Academie: "16", SkipInvalid: true})
		if res.String() != "importés: 0, mis à jour: 0, inchangés: 2, rejetés: 1" {
			t.Errorf("re-import: %s", res)
		}
		orgs, _ := s.ListOrganisations(ctx, "16")
		if len(orgs) != 2 {
			t.Errorf("%d organisations after two imports, want 2", len(orgs))
		}
		// One field changed: one update.
		changed := strings.Replace(registre, "Garage Martin", "Garage Martin & Fils", 1)
		res, _ = workflow.ImportConseillers(ctx, s, read(t, changed), workflow.ImportOptions{Academie: "16", SkipInvalid: true})
		if res.String() != "importés: 0, mis à jour: 1, inchangés: 1, rejetés: 1" {
			t.Errorf("changed file: %s", res)
		}
	})
}

// BenchmarkImportXLSX5000 reads and writes a register of 5,000 lines
// (target: under 5 s).
func BenchmarkImportXLSX5000(b *testing.B) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	f.SetSheetRow(sheet, "A1", &[]any{"Civilité", "Nom", "Prénom", "Courriel", "Entreprise", "Statut", "Code NAF", "Organisation", "Ville", "Code postal", "Date de désignation"})
	for i := 0; i < 5000; i++ {
		f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &[]any{"Mme", fmt.Sprintf("Nom%d", i), "Hélène", fmt.Sprintf("cee%d@exemple.fr", i),
			"Électricité Garonne", "Salarié", "43.21A", fmt.Sprintf("Organisation %d", i%13), "Toulouse", "31000", "01/09/2024"})
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				u := "sqlite:" + b.TempDir() + "/cee.db"
				if db == "postgres" {
					u = storetest.PostgresURL(b)
				}
				s := storetest.MustOpen(b, u)
				b.StartTimer()
				rap, err := importer.Lire("registre.xlsx", data)
				if err != nil {
					b.Fatal(err)
				}
				res, err := workflow.ImportConseillers(context.Background(), s, rap, workflow.ImportOptions{Academie: "16"})
				if err != nil || res.Importes != 5000 {
					b.Fatalf("%s %v %v", res, err, rap.Erreurs)
				}
			}
		})
	}
}

func TestCodeSpecialite(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"CAP Boulanger", "50022137"},
		{"cap boulanger", "50022137"},
		{"BP Boulanger", "45022108"},
		{"Brevet professionnel boulanger", "45022108"},
		{"50022137", "50022137"},
		{"CAP Licorne", "CAP Licorne"}, // unknown: kept as written
		{"  CAP   Boulanger ", "50022137"},
	} {
		if got := workflow.CodeSpecialite(tt.in); got != tt.want {
			t.Errorf("CodeSpecialite(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A register re-imported after the CEE completed their profile keeps what
// the register does not hold: availability, languages, visibility.
func TestImportKeepsWhatTheCEECompleted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const reg = "Nom;Prénom;Courriel;Spécialités;Date de nomination\nDupré;Hélène;h.dupre@elec.example;CAP Boulanger, CAP Licorne;01/09/2024\n"
		if _, err := workflow.ImportConseillers(ctx, s, read(t, reg), workflow.ImportOptions{Academie: "16"}); err != nil {
			t.Fatal(err)
		}
		list, _, _ := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}})
		c := list[0]
		if strings.Join(c.Specialites, "|") != "50022137|CAP Licorne" {
			t.Fatalf("specialities: %q", c.Specialites)
		}
		c.Langues, c.EnPause, c.Dispo.MaxParMois = []string{"anglais"}, true, 3
		if _, _, err := s.SaveConseiller(ctx, c); err != nil {
			t.Fatal(err)
		}
		res, err := workflow.ImportConseillers(ctx, s, read(t, strings.Replace(reg, "Hélène", "Helene", 1)), workflow.ImportOptions{Academie: "16"})
		if err != nil || res.MisAJour != 1 {
			t.Fatalf("update: %s %v", res, err)
		}
		list, _, _ = s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}})
		if c := list[0]; c.Prenom != "Helene" || strings.Join(c.Langues, "") != "anglais" || !c.EnPause || c.Dispo.MaxParMois != 3 {
			t.Errorf("re-import erased the profile: %+v", c)
		}
	})
}

// Issue 15 item 8: an unknown organisation is matched to an existing one of
// the académie on the person's choice (the closest names proposed), never to
// another académie's; a commune of another académie is flagged.
func TestImportOrganisationsInconnues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		medef, err := s.CreateOrganisation(ctx, model.Organisation{Nom: "MEDEF Haute-Garonne", Type: model.OrgInterproEmployeurs, Academies: []string{"16"}})
		if err != nil {
			t.Fatal(err)
		}
		ailleurs, err := s.CreateOrganisation(ctx, model.Organisation{Nom: "MEDEF Hérault", Type: model.OrgInterproEmployeurs, Academies: []string{"11"}})
		if err != nil {
			t.Fatal(err)
		}
		file := "Nom;Prénom;Courriel;Organisation;Code postal;Commune\nDupré;Hélène;h.dupre@exemple.fr;Medef 31;34000;Montpellier\n"
		res, err := workflow.ImportConseillers(ctx, s, read(t, file), workflow.ImportOptions{Academie: "16", DryRun: true})
		if err != nil || len(res.Organisations) != 1 || len(res.Organisations[0].Proches) != 1 || res.Organisations[0].Proches[0].ID != medef {
			t.Fatalf("closest names: %+v %v", res.Organisations, err)
		}
		if len(res.Avertissements) != 1 || !strings.Contains(res.Avertissements[0].Message, "hors de l'académie de Toulouse") {
			t.Errorf("commune of another académie: %+v", res.Avertissements)
		}
		choix := func(id int64) importer.Choix {
			return importer.Choix{Organisations: map[string]string{model.Fold("Medef 31"): fmt.Sprint(id)}}
		}
		if _, err := workflow.ImportConseillers(ctx, s, read(t, file), workflow.ImportOptions{Academie: "16", Choix: choix(ailleurs)}); err == nil || !strings.Contains(err.Error(), "n'est pas une organisation de l'académie de Toulouse") {
			t.Errorf("organisation of another académie chosen: %v", err)
		}
		res, err = workflow.ImportConseillers(ctx, s, read(t, file), workflow.ImportOptions{Academie: "16", Choix: choix(medef)})
		list, _, _ := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Email: "h.dupre@exemple.fr"})
		if err != nil || !res.Ecrit || len(list) != 1 || list[0].OrganisationID != medef {
			t.Errorf("matched to MEDEF Haute-Garonne: %+v %v %+v", res, err, list)
		}
		if orgs, _ := s.ListOrganisations(ctx, "16"); len(orgs) != 1 {
			t.Errorf("%d organisations, want 1: nothing created", len(orgs))
		}
	})
}
