// Package gen generates realistic jury assignment instances for tests and
// benchmarks: jury centres at real communes, people around them, real
// diploma specialities, whole-week and sparse availabilities.
package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"cee/internal/optim"
	"cee/internal/refdata"
)

// Options size an instance. The same options give the same instance.
type Options struct {
	Seats  int // total seats over all juries
	People int
	Seed   uint64
	// Scarce spreads people further from the juries, shortens their
	// maximum distance and thins their availability, so that some seats
	// cannot be filled. The default is abundant: with twice as many people
	// as seats nearly every seat can be filled.
	Scarce bool
	// Family selects the shape of the juries and people (see Families);
	// "" is the default, whose instances are as they always were.
	Family string
}

// The families of instances besides the default one (issue 17): the
// shapes on which a flow relaxation is no longer exact.
const (
	// Multi: about 70 % of the juries sit 2–3 consecutive half-days
	// (often across two days), all in 24 towns, and every person knows
	// 2–5 specialities.
	Multi = "multi"
	// Tight: people may sit only 1–3 half-days (the benchmarks pair it
	// with fewer people than seats).
	Tight = "tight"
	// Large: juries of 2–8 seats sitting 1–6 consecutive half-days.
	Large = "large"
)

// Families lists the accepted values of Options.Family, default first.
var Families = []string{"", Multi, Tight, Large}

// session is a fortnight of June exams, Monday to Friday, mornings and
// afternoons (as CAP practical tests are scheduled).
func session() []string {
	start := time.Date(2027, 6, 14, 0, 0, 0, 0, time.UTC)
	var hds []string
	for d := 0; d < 14; d++ {
		day := start.AddDate(0, 0, d)
		if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			continue
		}
		hds = append(hds, day.Format(time.DateOnly)+"AM", day.Format(time.DateOnly)+"PM")
	}
	return hds
}

// Generate builds an instance.
func Generate(o Options) *optim.Instance {
	rng := rand.New(rand.NewPCG(o.Seed, 0x6a757279))
	communes := withCoords()
	// There is no population in the reference data: a commune with several
	// postcodes, or an arrondissement of Paris, Lyon or Marseille, is a
	// city, and cities hold the exam centres.
	weights := make([]float64, len(communes))
	for i, c := range communes {
		weights[i] = 1 + 10*float64(len(c.CodesPostaux)-1)
		if c.Type == "ARM" {
			weights[i] += 30
		}
	}
	pickCommune := sampler(weights)
	specs := specialities(rng, max(5, o.Seats/25))
	specWeights := make([]float64, len(specs))
	for i := range specs {
		specWeights[i] = 1 / math.Pow(float64(i+1), 0.8)
	}
	pickSpec := sampler(specWeights)
	hds := session()
	if o.Family == Multi {
		// Exams of a few centres: the juries sit in 24 towns only.
		towns := make([]int, 24)
		for i := range towns {
			towns[i] = pickCommune(rng)
		}
		pickCommune = func(rng *rand.Rand) int { return towns[rng.IntN(len(towns))] }
	}

	inst := &optim.Instance{Version: optim.Version, Weights: optim.Weights{Km: 1, Unfilled: 1000, College: 50}}
	var juryWeights []float64
	for total, n := 0, 0; total < o.Seats; n++ {
		seats := []int{2, 2, 3, 4}[rng.IntN(4)]
		if o.Family == Large {
			seats = 2 + rng.IntN(7)
		}
		seats = min(seats, o.Seats-total)
		total += seats
		c := communes[pickCommune(rng)]
		day := rng.IntN(len(hds) / 2)
		halfdays := []string{hds[2*day+rng.IntN(2)]}
		if rng.Float64() < 0.3 {
			halfdays = []string{hds[2*day], hds[2*day+1]}
		}
		switch o.Family {
		case Multi:
			if rng.Float64() < 0.7 {
				halfdays = consecutive(rng, hds, 2+rng.IntN(2))
			}
		case Large:
			halfdays = consecutive(rng, hds, 1+rng.IntN(6))
		}
		// D.337-23 and following: employers and employees in equal numbers.
		inst.Juries = append(inst.Juries, optim.Jury{
			ID: fmt.Sprintf("J%05d", n+1), Specialty: specs[pickSpec(rng)], Lat: c.Lat, Lon: c.Lon,
			HalfDays: halfdays, Seats: seats, Employers: seats / 2, Employees: seats / 2,
			Conflicts: []string{uai(rng, c.Departement)},
		})
		juryWeights = append(juryWeights, float64(seats))
	}
	pickJury := sampler(juryWeights)
	grid := newGrid(communes)
	sigma, kmMin, kmMax, sparse := 15.0, 30.0, 150.0, 0.25
	if o.Scarce {
		sigma, kmMin, kmMax, sparse = 35.0, 20.0, 80.0, 0.5
	}
	home := make([]int, o.People)
	for i := 0; i < o.People; i++ {
		hj := pickJury(rng)
		home[i] = hj
		j := &inst.Juries[hj]
		dy, dx := rng.NormFloat64()*sigma, rng.NormFloat64()*sigma
		lat := j.Lat + dy/111.2
		lon := j.Lon + dx/(111.2*math.Cos(j.Lat*math.Pi/180))
		c, ok := grid.nearest(lat, lon)
		if !ok {
			lat, lon = j.Lat, j.Lon
		} else {
			lat, lon = c.Lat, c.Lon
		}
		sp := []string{j.Specialty}
		if o.Family == Multi {
			for n := 2 + rng.IntN(4); len(sp) < n; {
				if s := specs[pickSpec(rng)]; !slices.Contains(sp, s) {
					sp = append(sp, s)
				} else if len(specs) < n {
					break
				}
			}
		} else {
			for _, p := range []float64{0.5, 0.2} {
				if s := specs[pickSpec(rng)]; rng.Float64() < p && !slices.Contains(sp, s) {
					sp = append(sp, s)
				}
			}
		}
		college := optim.Employer
		if rng.IntN(2) == 1 {
			college = optim.Employee
		}
		avail := []string{}
		week := slices.Index(hds, j.HalfDays[0]) / 10
		switch r := rng.Float64(); {
		case r < sparse:
			for _, h := range hds {
				if rng.Float64() < 0.3 {
					avail = append(avail, h)
				}
			}
			if len(avail) == 0 {
				avail = append(avail, hds[rng.IntN(len(hds))])
			}
		case r < sparse+0.15:
			avail = slices.Clone(hds)
		default:
			if rng.Float64() < 0.3 {
				week = 1 - week
			}
			avail = slices.Clone(hds[week*10 : week*10+10])
		}
		var ties []string
		if rng.Float64() < 0.3 {
			ties = append(ties, fmt.Sprintf("C%d", rng.IntN(max(1, o.People/10))+1))
		}
		if rng.Float64() < 0.1 {
			ties = append(ties, j.Conflicts[0]) // trained candidates of the jury's school
		}
		maxHD := 2 + rng.IntN(9)
		if o.Family == Tight {
			maxHD = 1 + rng.IntN(3)
		}
		inst.People = append(inst.People, optim.Person{
			ID: fmt.Sprintf("P%06d", i+1), Specialties: sp, College: college, Lat: lat, Lon: lon,
			Available: avail, MaxHalfDays: maxHD, MaxKm: math.Round(kmMin + rng.Float64()*(kmMax-kmMin)), Ties: ties,
		})
	}
	// Candidates from a company near the jury: their employer is in conflict.
	for i, p := range inst.People {
		if len(p.Ties) > 0 && p.Ties[0][0] == 'C' && rng.Float64() < 0.3 {
			j := &inst.Juries[home[i]]
			j.Conflicts = append(j.Conflicts, p.Ties[0])
		}
	}
	return inst
}

// consecutive draws n consecutive half-days of the session, which may run
// from one day into the next.
func consecutive(rng *rand.Rand, hds []string, n int) []string {
	start := rng.IntN(len(hds) - n + 1)
	return slices.Clone(hds[start : start+n])
}

// uai makes an identifier shaped like a school's UAI (7 digits and a
// letter); the check letter is not computed, these schools do not exist.
func uai(rng *rand.Rand, dep string) string {
	d := dep
	if len(d) == 2 {
		d = "0" + d
	}
	return fmt.Sprintf("%s%04d%c", d[:3], rng.IntN(10000), 'A'+rune(rng.IntN(26)))
}

func withCoords() []refdata.Commune {
	var out []refdata.Commune
	for _, c := range refdata.Communes() {
		if c.HasCoords {
			out = append(out, c)
		}
	}
	return out
}

// specialities draws n distinct CAP, bac pro and BTS specialities that are
// still open, in a random order that is also their popularity rank.
func specialities(rng *rand.Rand, n int) []string {
	var all []string
	for _, d := range refdata.Diplomes() {
		if d.Ouvert && (d.Type == "CAP" || d.Type == "BAC PRO" || d.Type == "BTS") {
			all = append(all, d.Type+"-"+d.Code)
		}
	}
	slices.Sort(all)
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	return all[:min(n, len(all))]
}

// sampler draws indices with probability proportional to weights.
func sampler(weights []float64) func(*rand.Rand) int {
	cum := make([]float64, len(weights))
	s := 0.0
	for i, w := range weights {
		s += w
		cum[i] = s
	}
	return func(rng *rand.Rand) int {
		i, _ := slices.BinarySearch(cum, rng.Float64()*s)
		return min(i, len(cum)-1)
	}
}

// grid finds the nearest commune to a point, in cells of 0.2°.
type grid struct {
	cells    map[[2]int][]int
	communes []refdata.Commune
}

func cell(lat, lon float64) [2]int { return [2]int{int(math.Floor(lat * 5)), int(math.Floor(lon * 5))} }

func newGrid(cs []refdata.Commune) *grid {
	g := &grid{cells: map[[2]int][]int{}, communes: cs}
	for i, c := range cs {
		k := cell(c.Lat, c.Lon)
		g.cells[k] = append(g.cells[k], i)
	}
	return g
}

func (g *grid) nearest(lat, lon float64) (refdata.Commune, bool) {
	k := cell(lat, lon)
	best, bestD := -1, math.Inf(1)
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			for _, i := range g.cells[[2]int{k[0] + dy, k[1] + dx}] {
				if d := optim.Distance(lat, lon, g.communes[i].Lat, g.communes[i].Lon); d < bestD {
					best, bestD = i, d
				}
			}
		}
	}
	if best < 0 {
		return refdata.Commune{}, false
	}
	return g.communes[best], true
}
