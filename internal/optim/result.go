package optim

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// fillResult writes the assignments, the reasons of empty seats and the
// quality figures.
func (s *state) fillResult(res *Result) {
	pr := s.pr
	inst := pr.inst
	var dists []float64
	for j := range s.members {
		order := make([]int, len(s.members[j]))
		for i := range order {
			order[i] = i
		}
		sort.Slice(order, func(a, b int) bool { return s.members[j][order[a]] < s.members[j][order[b]] })
		for _, i := range order {
			res.Assignments = append(res.Assignments, Pair{Jury: inst.Juries[j].ID, Person: inst.People[s.members[j][i]].ID})
			dists = append(dists, s.dist[j][i])
			res.Stats.TotalKm += s.dist[j][i]
		}
		jj := &inst.Juries[j]
		a, e := len(s.members[j]), s.nE[j]
		res.Stats.Seats += jj.Seats
		res.Stats.CollegeShortfall += max(0, jj.Employers-e) + max(0, jj.Employees-(a-e))
		if a < jj.Seats {
			res.Unfilled = append(res.Unfilled, Unfilled{Jury: jj.ID, Missing: jj.Seats - a, Reason: s.reason(j)})
			res.Stats.UnfilledSeats += jj.Seats - a
		}
	}
	if res.Assignments == nil {
		res.Assignments = []Pair{}
	}
	if res.Unfilled == nil {
		res.Unfilled = []Unfilled{}
	}
	res.Stats.Juries, res.Stats.People = len(inst.Juries), len(inst.People)
	res.Stats.Assigned = len(res.Assignments)
	if len(dists) > 0 {
		slices.Sort(dists)
		res.Stats.P95Km = dists[(len(dists)*95+99)/100-1]
		res.Stats.MaxKm = dists[len(dists)-1]
	}
	loads := slices.Clone(s.load)
	slices.Sort(loads)
	if len(loads) > 0 {
		res.Stats.MaxLoad = loads[len(loads)-1]
	}
	res.Stats.LoadGini = gini(loads)
	if g, ok := res.GapBound(); ok {
		res.Stats.Gap = g
	} else {
		res.Stats.Gap = -1
	}
}

// gini of sorted non-negative values.
func gini(sorted []int) float64 {
	var sum, weighted float64
	n := float64(len(sorted))
	for i, x := range sorted {
		sum += float64(x)
		weighted += float64(i+1) * float64(x)
	}
	if sum == 0 {
		return 0
	}
	return (2*weighted)/(n*sum) - (n+1)/n
}

// reason explains in French why jury j keeps empty seats, from the most
// fundamental cause (nobody competent) to the circumstantial one (the
// eligible people sit elsewhere).
func (s *state) reason(j int) string {
	pr := s.pr
	jj := &pr.inst.Juries[j]
	switch {
	case j >= pr.examined:
		return "la limite de temps a interrompu le calcul avant l'examen de ce jury"
	case pr.nCompetent[j] == 0:
		return fmt.Sprintf("aucune personne compétente en %s", jj.Specialty)
	case pr.nInRange[j] == 0:
		return fmt.Sprintf("aucune personne compétente en %s à portée (%d compétente(s), toutes au-delà de leur distance maximale)", jj.Specialty, pr.nCompetent[j])
	case pr.nAvailable[j] == 0:
		return fmt.Sprintf("aucune des %d personne(s) compétente(s) en %s à portée n'est disponible sur toutes ces demi-journées (%s)",
			pr.nInRange[j], jj.Specialty, strings.Join(jj.HalfDays, ", "))
	case len(pr.elig[j]) == 0:
		return fmt.Sprintf("conflits d'intérêts : les %d personne(s) compétente(s), à portée et disponible(s) sont liées à une entreprise ou un établissement du jury", pr.nAvailable[j])
	}
	var busy, full, free int
	for _, c := range pr.elig[j] {
		if s.isMember(j, c.p) {
			continue
		}
		w := pr.words
		overlap := false
		for k := 0; k < w; k++ {
			if s.busy[int(c.p)*w+k]&pr.juryMask[j*w+k] != 0 {
				overlap = true
			}
		}
		switch {
		case overlap:
			busy++
		case s.load[c.p]+len(pr.jHD[j]) > pr.inst.People[c.p].MaxHalfDays:
			full++
		default:
			free++
		}
	}
	var parts []string
	if len(pr.elig[j]) < jj.Seats {
		conflicts := pr.nAvailable[j] - len(pr.elig[j])
		msg := fmt.Sprintf("seulement %d personne(s) éligible(s) pour %d places", len(pr.elig[j]), jj.Seats)
		if conflicts > 0 {
			msg += fmt.Sprintf(" (%d écartée(s) pour conflit d'intérêts)", conflicts)
		}
		parts = append(parts, msg)
		if len(s.members[j]) >= len(pr.elig[j]) {
			// Every eligible person sits here: nothing else to say.
			return parts[0]
		}
	}
	switch {
	case free > 0:
		parts = append(parts, fmt.Sprintf("%d personne(s) éligible(s) libre(s), mais les faire venir coûterait plus qu'une place vide", free))
	case s.minEmptyProven:
		// No composition has fewer empty seats than this one: seating one
		// more person here would empty a seat elsewhere.
		parts = append(parts, fmt.Sprintf("le pourvoir viderait un autre siège : les personnes éligibles siègent ailleurs sur ces demi-journées (%d) "+
			"ou ont atteint leur maximum de demi-journées (%d), et aucune composition ne laisse moins de %d place(s) vide(s)", busy, full, s.minEmpty))
	default:
		parts = append(parts, fmt.Sprintf("dans cette composition, les personnes éligibles siègent ailleurs sur ces demi-journées (%d) "+
			"ou ont atteint leur maximum de demi-journées (%d) ; il n'est pas prouvé qu'une autre composition ne pourrait pas en libérer une", busy, full))
	}
	return strings.Join(parts, " ; ")
}
