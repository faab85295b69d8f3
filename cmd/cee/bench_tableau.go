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
	n := fs.Int("n", 50, "nombre de tableaux de bord par mesure")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 1 {
		return config.Usagef("--n : 1 au moins")
	}
	return benchTableau(ctx, cfg, *n, stdout)
}

// benchTableau measures, on the configured database (the national demo
// data set), what the dashboards ask of the database: every indicator (the
// schools never reached included), for the pilote of a random académie and
// for the national view; then the production of a bilan (indicators, full
// list, PDF and workbook). Page rendering (templ, under a millisecond) is
// not included.
func benchTableau(ctx context.Context, cfg config.Config, n int, stdout io.Writer) error {
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
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
	// Where the time goes, one run of each group: nationally, and for the
	// académie with the most schools.
	for _, b := range []struct {
		name string
		f    store.IndicateurFilter
	}{{"national", store.IndicateurFilter{Annee: annee, Now: now}}, {"Versailles", store.IndicateurFilter{Annee: annee, Now: now, Academie: "25"}}} {
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
