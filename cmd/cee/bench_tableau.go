package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"cee/internal/config"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/workflow"
)

// benchTableauCmd parses « cee bench tableau [--n 50] [--data-dir …] ».
func benchTableauCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cee bench tableau", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.DataFlags(fs)
	n := fs.Int("n", 50, "nombre de tableaux de bord par mesure (0 : pas de mesure des tableaux de bord)")
	pages := fs.Int("pages", 20, "nombre de requêtes HTTP par page (0 : pas de mesure des pages)")
	academie := fs.String("academie", "25", "académie des comptes de la mesure des pages")
	filtre := fs.String("page", "", "ne mesurer que les pages dont le nom contient ce texte")
	profil := fs.String("profil", "", "dossier où écrire un profil UC (pprof) par page mesurée")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 0 || *pages < 0 {
		return config.Usagef("--n : 0 au moins ; --pages : 0 au moins")
	}
	if *n > 0 {
		if err := benchTableau(ctx, cfg, *n, stdout); err != nil {
			return err
		}
	}
	if *pages == 0 {
		return nil
	}
	return benchPages(ctx, cfg, *academie, *pages, *filtre, *profil, stdout)
}

// benchTableau measures, on the configured database (the national demo
// data set), what the dashboards ask of the database when computed (by the
// job indicateurs.calculer for the académies and the national view, on
// view for the others): every indicator (the schools never reached
// included), for the pilote of a random académie, the national view, a
// CEE, an organisation and a school; then the production of a bilan (indicators, full
// list, PDF and workbook). Page rendering (templ, under a millisecond) is
// not included.
func benchTableau(ctx context.Context, cfg config.Config, n int, stdout io.Writer) error {
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	// The planner's statistics, as a server has them from its start-up.
	start := time.Now()
	if err := s.Optimize(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "statistiques du planificateur (%s) : %s\n", s.Dialect(), time.Since(start).Round(time.Millisecond))
	academies := refdata.Academies()
	rng := rand.New(rand.NewPCG(3, 4))
	now := time.Now()
	annee := model.AnneeScolaireOf(now)
	dashboard := func(f store.IndicateurFilter) error {
		_, err := workflow.CalculerRapport(ctx, s, f, nil)
		return err
	}
	report := func(name string, times []time.Duration) {
		slices.Sort(times)
		pct := func(p float64) time.Duration { return times[int(p*float64(len(times)-1))] }
		fmt.Fprintf(stdout, "%s (%s) : %d mesures, p50 %s, p95 %s, max %s\n", name, s.Dialect(), len(times),
			pct(0.5).Round(100*time.Microsecond), pct(0.95).Round(100*time.Microsecond), times[len(times)-1].Round(100*time.Microsecond))
	}
	// A first national run warms the caches as a server would be warm.
	if err := dashboard(store.IndicateurFilter{Annee: annee, Now: now}); err != nil {
		return err
	}
	times := make([]time.Duration, 0, n)
	for range n {
		f := store.IndicateurFilter{Annee: annee, Now: now, Academie: academies[rng.IntN(len(academies))].Code}
		start := time.Now()
		if err := dashboard(f); err != nil {
			return err
		}
		times = append(times, time.Since(start))
	}
	report("tableau de bord pilote (une académie au hasard)", times)

	times = times[:0]
	for range n {
		start := time.Now()
		if err := dashboard(store.IndicateurFilter{Annee: annee, Now: now}); err != nil {
			return err
		}
		times = append(times, time.Since(start))
	}
	report("tableau de bord national", times)
	// The other roles' views, each on a record drawn at random: a CEE's
	// own activity, an organisation's CEE, a school's requests (the exam
	// division and the inspection see their académie's, as the pilote).
	for _, role := range []struct {
		name string
		f    func(a string) (store.IndicateurFilter, error)
	}{
		{"tableau de bord d'un CEE", func(a string) (store.IndicateurFilter, error) {
			cs, _, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: a}, Etat: model.DesignationActive, Limit: 20})
			if err != nil || len(cs) == 0 {
				return store.IndicateurFilter{}, fmt.Errorf("aucun CEE en mandat dans l'académie %s (%v)", a, err)
			}
			return store.IndicateurFilter{Annee: annee, Now: now, ConseillerID: cs[rng.IntN(len(cs))].ID}, nil
		}},
		{"tableau de bord d'une organisation", func(a string) (store.IndicateurFilter, error) {
			orgs, err := s.ListOrganisations(ctx, a)
			if err != nil || len(orgs) == 0 {
				return store.IndicateurFilter{}, fmt.Errorf("aucune organisation dans l'académie %s (%v)", a, err)
			}
			return store.IndicateurFilter{Annee: annee, Now: now, Academie: a, OrganisationID: orgs[rng.IntN(len(orgs))].ID}, nil
		}},
		{"tableau de bord d'un établissement", func(a string) (store.IndicateurFilter, error) {
			ds, _, err := s.ListDemandes(ctx, store.DemandeFilter{Scope: model.Scope{Academie: a}, Limit: 20})
			if err != nil || len(ds) == 0 {
				return store.IndicateurFilter{}, fmt.Errorf("aucune demande dans l'académie %s (%v)", a, err)
			}
			return store.IndicateurFilter{Annee: annee, Now: now, UAI: ds[rng.IntN(len(ds))].UAI}, nil
		}},
	} {
		times = times[:0]
		for range n {
			f, err := role.f(academies[rng.IntN(len(academies))].Code)
			if err != nil {
				return err
			}
			start := time.Now()
			if err := dashboard(f); err != nil {
				return err
			}
			times = append(times, time.Since(start))
		}
		report(role.name+" (au hasard)", times)
	}
	// Where the time goes, one run of each group: nationally, and for the
	// académie with the most schools.
	orgs, err := s.ListOrganisations(ctx, "25")
	if err != nil || len(orgs) == 0 {
		return fmt.Errorf("aucune organisation dans l'académie 25 (%v)", err)
	}
	cees, _, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: "25"}, Etat: model.DesignationActive, Limit: 1})
	if err != nil || len(cees) == 0 {
		return fmt.Errorf("aucun CEE en mandat dans l'académie 25 (%v)", err)
	}
	for _, b := range []struct {
		name string
		f    store.IndicateurFilter
	}{
		{"national", store.IndicateurFilter{Annee: annee, Now: now}},
		{"Versailles", store.IndicateurFilter{Annee: annee, Now: now, Academie: "25"}},
		{"un CEE de Versailles", store.IndicateurFilter{Annee: annee, Now: now, ConseillerID: cees[0].ID}},
		{"une organisation de Versailles", store.IndicateurFilter{Annee: annee, Now: now, Academie: "25", OrganisationID: orgs[0].ID}},
	} {
		if err := breakdown(ctx, s, b.name, b.f, stdout); err != nil {
			return err
		}
	}

	times = times[:0]
	var size int
	for range max(3, n/10) {
		a := academies[rng.IntN(len(academies))]
		b := store.Bilan{Perimetre: model.BilanAcademie, Ref: a.Code, Academie: a.Code, Libelle: "Académie de " + a.Nom, Annee: annee}
		start := time.Now()
		f, err := workflow.FiltreBilan(b, now)
		if err != nil {
			return err
		}
		r, err := workflow.CalculerRapport(ctx, s, f, nil)
		if err != nil {
			return err
		}
		p, _, err := workflow.FichiersBilan(b, r, r.Couverture.NonAtteints, now)
		if err != nil {
			return err
		}
		times = append(times, time.Since(start))
		size += len(p)
	}
	report("bilan annuel d'une académie (indicateurs, PDF et XLSX)", times)
	fmt.Fprintf(stdout, "taille moyenne du PDF : %d ko\n", size/len(times)/1024)
	return nil
}

// breakdown times one run of each group of indicators of f.
func breakdown(ctx context.Context, s *store.Store, name string, f store.IndicateurFilter, stdout io.Writer) error {
	for _, step := range []struct {
		name string
		run  func() error
	}{
		{"CEE", func() error { _, err := s.IndicateursCEE(ctx, f); return err }},
		{"demandes", func() error { _, err := s.IndicateursEtatsDemandes(ctx, f); return err }},
		{"délai", func() error { _, _, err := s.IndicateursDelai(ctx, f); return err }},
		{"activité", func() error { _, err := s.IndicateursActivite(ctx, f); return err }},
		{"couverture", func() error { _, err := s.IndicateursCouverture(ctx, f); return err }},
		{"charge", func() error { _, err := s.IndicateursCharge(ctx, f); return err }},
		{"jurys", func() error { _, err := s.IndicateursJurys(ctx, f); return err }},
	} {
		start := time.Now()
		if err := step.run(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "  %s, %s : %s\n", name, step.name, time.Since(start).Round(100*time.Microsecond))
	}
	return nil
}
