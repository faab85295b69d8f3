package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"cee/internal/config"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
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
