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
	return benchDistances(ctx, s, cands, list, n, stdout)
}

// benchDistances measures whether the first suggestions a pilote sees are
// plausible: over n requests drawn from the database, ranked as their page
// ranks them (the académie's candidates, strict filters, the académie's
// weights), the share whose top three are all within the request's maximum
// distance, and the median distance of the first suggestion; with the
// distance limits (the request's and each person's) and without them.
func benchDistances(ctx context.Context, s *store.Store, cands []match.Candidat, list []model.Demande, n int, stdout io.Writer) error {
	sans := slices.Clone(cands)
	for i := range sans {
		sans[i].Dispo.DistanceMaxKm = 0
	}
	avec, err := match.NewPool(cands)
	if err != nil {
		return err
	}
	libre, err := match.NewPool(sans)
	if err != nil {
		return err
	}
	type mesure struct {
		dans, vides int
		premiers    []float64
	}
	var m [2]mesure // 0: without limits, 1: with
	rng := rand.New(rand.NewPCG(5, 6))
	for range n {
		d := list[rng.IntN(len(list))]
		p, err := s.GetParametres(ctx, d.Academie)
		if err != nil {
			return err
		}
		var e *model.Etablissement
		if x, err := s.GetEtablissement(ctx, d.UAI); err == nil {
			e = &x
		}
		limite := float64(p.DistanceDemande(d))
		md, cal := workflow.DemandeMatch(d, e), workflow.Calendrier(d.Academie, d.Departement, d)
		for k, pool := range []*match.Pool{libre, avec} {
			o := match.Options{Limite: 3}
			if k == 1 {
				o.DistanceMaxKm = limite
			}
			cl, err := pool.Rank(md, cal, workflow.PoidsOf(p), o)
			if err != nil {
				return err
			}
			if len(cl.Resultats) == 0 {
				m[k].vides++
				continue
			}
			ok := true
			for _, r := range cl.Resultats {
				ok = ok && r.DistanceKm >= 0 && r.DistanceKm <= limite
			}
			if ok {
				m[k].dans++
			}
			if r := cl.Resultats[0]; r.DistanceKm >= 0 {
				m[k].premiers = append(m[k].premiers, r.DistanceKm)
			}
		}
	}
	for k, nom := range []string{"sans limite de distance", "avec les limites (demande et personnes)"} {
		med := 0.0
		if x := m[k].premiers; len(x) > 0 {
			slices.Sort(x)
			med = x[len(x)/2]
		}
		fmt.Fprintf(stdout, "distances, %s : %d demandes, trois premiers dans la limite %.1f %%, premier à %.1f km (médiane), sans suggestion %d\n",
			nom, n, 100*float64(m[k].dans)/float64(n), med, m[k].vides)
	}
	return nil
}
