package optim

import (
	"fmt"
	"math"
)

// Verdict is what Check finds: every broken hard constraint, and the
// objective recomputed from the assignments alone.
type Verdict struct {
	Violations []string
	Objective  float64
}

// Check re-verifies a result against its instance without any of the
// solver's data structures: eligibility, one jury per half-day, maximum
// half-days, seats, duplicates, locks; and it recomputes the objective.
// It is deliberately naive (maps and plain loops) so that it shares no
// bug with the solver.
func Check(inst *Instance, res *Result) Verdict {
	var v Verdict
	bad := func(format string, a ...any) { v.Violations = append(v.Violations, fmt.Sprintf(format, a...)) }
	juries := map[string]*Jury{}
	for i := range inst.Juries {
		juries[inst.Juries[i].ID] = &inst.Juries[i]
	}
	people := map[string]*Person{}
	for i := range inst.People {
		people[inst.People[i].ID] = &inst.People[i]
	}
	seen := map[Pair]bool{}
	count := map[string]int{}
	employers := map[string]int{}
	sitting := map[string]string{} // person + half-day → jury
	load := map[string]int{}
	km := 0.0
	for i, a := range res.Assignments {
		path := fmt.Sprintf("assignments[%d]", i)
		j, okj := juries[a.Jury]
		p, okp := people[a.Person]
		if !okj || !okp {
			bad("%s : jury %q ou personne %q inconnu(e)", path, a.Jury, a.Person)
			continue
		}
		if seen[a] {
			bad("%s : %s figure deux fois dans %s", path, a.Person, a.Jury)
			continue
		}
		seen[a] = true
		competent := false
		for _, s := range p.Specialties {
			if s == j.Specialty {
				competent = true
			}
		}
		if !competent {
			bad("%s : %s n'est pas compétent(e) en %s", path, a.Person, j.Specialty)
		}
		for _, h := range j.HalfDays {
			available := false
			for _, x := range p.Available {
				if x == h {
					available = true
				}
			}
			if !available {
				bad("%s : %s n'est pas disponible le %s", path, a.Person, h)
			}
			key := a.Person + "|" + h
			if other, taken := sitting[key]; taken {
				bad("%s : %s siège déjà dans %s le %s", path, a.Person, other, h)
			}
			sitting[key] = a.Jury
		}
		d := haversineCheck(j.Lat, j.Lon, p.Lat, p.Lon)
		if d > p.MaxKm+1e-9 { // both haversines agree to far less than a metre
			bad("%s : %s est à %.1f km de %s, au-delà de ses %.0f km", path, a.Person, d, a.Jury, p.MaxKm)
		}
		for _, t := range p.Ties {
			for _, c := range j.Conflicts {
				if t == c {
					bad("%s : conflit d'intérêts de %s avec %s (%s)", path, a.Person, a.Jury, t)
				}
			}
		}
		load[a.Person] += len(j.HalfDays)
		count[a.Jury]++
		if p.College == Employer {
			employers[a.Jury]++
		}
		km += d
	}
	for id, n := range load {
		if n > people[id].MaxHalfDays {
			bad("%s siège %d demi-journées pour un maximum de %d", id, n, people[id].MaxHalfDays)
		}
	}
	for i, l := range inst.Locked {
		if !seen[l] {
			bad("locked[%d] : l'affectation verrouillée de %s à %s manque", i, l.Person, l.Jury)
		}
	}
	obj := inst.Weights.Km * km
	for _, j := range inst.Juries {
		n, e := count[j.ID], employers[j.ID]
		if n > j.Seats {
			bad("%s : %d personnes pour %d places", j.ID, n, j.Seats)
		}
		obj += inst.Weights.Unfilled * float64(j.Seats-n)
		obj += inst.Weights.College * (math.Max(0, float64(j.Employers-e)) + math.Max(0, float64(j.Employees-(n-e))))
	}
	v.Objective = obj
	return v
}

// haversineCheck is a second, independent writing of the distance.
func haversineCheck(lat1, lon1, lat2, lon2 float64) float64 {
	toRad := func(x float64) float64 { return x * math.Pi / 180 }
	p1, p2 := toRad(lat1), toRad(lat2)
	dp, dl := p2-p1, toRad(lon2-lon1)
	h := math.Pow(math.Sin(dp/2), 2) + math.Cos(p1)*math.Cos(p2)*math.Pow(math.Sin(dl/2), 2)
	return 2 * 6371 * math.Atan2(math.Sqrt(h), math.Sqrt(1-h))
}
