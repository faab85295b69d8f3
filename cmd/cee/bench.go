package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"cee/internal/config"
	"cee/internal/match"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/workflow"
)

// benchAnnuaire measures directory searches on the configured database (the
// national demo data set): a text query and two filters, as a pilote of a
// random académie would type them. It reports the store's time per query,
// which is the server's time but for rendering (under a millisecond).
func benchAnnuaire(ctx context.Context, cfg config.Config, n int, stdout io.Writer) error {
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	words := []string{"electricite", "boulangerie", "martin", "garage", "informatique", "menuiserie", "transports",
		"coiffure", "mecanique", "cap", "bac pro", "bts", "lefevre", "restaurant", "batiment"}
	etats := []model.EtatDesignation{model.DesignationActive, model.DesignationRenouvellement, ""}
	sections := []string{"F", "C", "G", "I", ""}
	academies := refdata.Academies()
	rng := rand.New(rand.NewPCG(1, 2))
	var total int
	times := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		f := store.ConseillerFilter{Scope: model.Scope{Academie: academies[rng.IntN(len(academies))].Code},
			Q: words[rng.IntN(len(words))], Etat: etats[rng.IntN(len(etats))], SectionNAF: sections[rng.IntN(len(sections))], Limit: 25}
		start := time.Now()
		_, t, err := s.SearchConseillers(ctx, f)
		if err != nil {
			return err
		}
		times = append(times, time.Since(start))
		total += t
	}
	slices.Sort(times)
	pct := func(p float64) time.Duration { return times[int(p*float64(len(times)-1))] }
	var count int
	if _, count, err = s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Limit: 1}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "annuaire (%s, %d conseillers) : %d recherches, p50 %s, p95 %s, max %s, %.1f résultats en moyenne\n",
		s.Dialect(), count, n, pct(0.5).Round(10*time.Microsecond), pct(0.95).Round(10*time.Microsecond), times[len(times)-1].Round(10*time.Microsecond), float64(total)/float64(n))

	// The wider network: same words, académie scope, consenting only.
	times, total = times[:0], 0
	for i := 0; i < n; i++ {
		f := store.ProfessionnelFilter{Scope: model.Scope{Academie: academies[rng.IntN(len(academies))].Code}, Q: words[rng.IntN(len(words))], Limit: 25}
		start := time.Now()
		_, t, err := s.SearchProfessionnels(ctx, f)
		if err != nil {
			return err
		}
		times = append(times, time.Since(start))
		total += t
	}
	slices.Sort(times)
	fmt.Fprintf(stdout, "professionnels (%s) : %d recherches, p50 %s, p95 %s, max %s, %.1f résultats en moyenne\n",
		s.Dialect(), n, pct(0.5).Round(10*time.Microsecond), pct(0.95).Round(10*time.Microsecond), times[len(times)-1].Round(10*time.Microsecond), float64(total)/float64(n))
	return nil
}

// benchMatching measures the ranking of requests on the configured database
// (the national demo data): every candidate of France in one pool (about
// 54,500 CEE and consenting professionals, all scored), then n requests
// drawn from the database ranked against it; and, for comparison, the path
// of a request's page, which loads its académie's candidates first.
func benchMatching(ctx context.Context, cfg config.Config, n int, stdout io.Writer) error {
	s, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	now := time.Now()
	start := time.Now()
	cands, err := workflow.Candidats(ctx, s, "", now)
	if err != nil {
		return err
	}
	pool, err := match.NewPool(cands)
	if err != nil {
		return err
	}
	load := time.Since(start)
	list, _, err := s.ListDemandes(ctx, store.DemandeFilter{Scope: model.Scope{National: true}, Limit: 5000})
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return fmt.Errorf("aucune demande : lancez d'abord cee demo --scale national")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	w := match.PoidsParDefaut()
	var times []time.Duration
	var retenus int
	for i := 0; i < n; i++ {
		d := list[rng.IntN(len(list))]
		var e *model.Etablissement
		if x, err := s.GetEtablissement(ctx, d.UAI); err == nil {
			e = &x
		}
		md, cal := workflow.DemandeMatch(d, e), workflow.Calendrier(d.Academie, d.Departement, d)
		t0 := time.Now()
		cl, err := pool.Rank(md, cal, w, match.Options{AutresAcademies: true, IgnorerTerritoire: true, Limite: 30})
		if err != nil {
			return err
		}
		times = append(times, time.Since(t0))
		retenus += cl.Retenus
	}
	slices.Sort(times)
	pct := func(p float64) time.Duration { return times[int(p*float64(len(times)-1))] }
	fmt.Fprintf(stdout, "classement (%s, %d candidats, chargés en %s) : %d demandes, p50 %s, p95 %s, max %s, %.0f candidats retenus en moyenne\n",
		s.Dialect(), pool.Len(), load.Round(time.Millisecond), n, pct(0.5).Round(10*time.Microsecond), pct(0.95).Round(10*time.Microsecond),
		times[len(times)-1].Round(10*time.Microsecond), float64(retenus)/float64(n))

	// The page's path: load the académie's candidates, build, rank.
	times = times[:0]
	m := min(n, 50)
	for i := 0; i < m; i++ {
		d := list[rng.IntN(len(list))]
		t0 := time.Now()
		if _, err := workflow.Classer(ctx, s, d, match.Options{Limite: 30}); err != nil {
			return err
		}
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	fmt.Fprintf(stdout, "page d'une demande (%s, candidats de l'académie lus en base) : %d demandes, p50 %s, p95 %s, max %s\n",
		s.Dialect(), m, pct(0.5).Round(100*time.Microsecond), pct(0.95).Round(100*time.Microsecond), times[len(times)-1].Round(100*time.Microsecond))
	return nil
}
