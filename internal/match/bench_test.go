package match

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// benchData is the national scale of the domain brief: 4,500 CEE and
// 50,000 professionals over the 30 académies (4 départements each).
func benchData(b *testing.B) (*univers, []Candidat, *Pool) {
	b.Helper()
	r := rand.New(rand.NewPCG(2026, 11))
	u := newUnivers(r, 30, 4, 120)
	cs := u.candidats(r, 4500, 50000)
	pool, err := NewPool(cs)
	if err != nil {
		b.Fatal(err)
	}
	return u, cs, pool
}

// BenchmarkRank ranks demandes against 54,500 candidates. « academie » is
// the usual case (the filters leave the académie's candidates); « national »
// widens every filter, so that all 54,500 are scored. Besides ns/op it
// reports the 95th percentile of the single calls (p95-ns).
func BenchmarkRank(b *testing.B) {
	u, _, pool := benchData(b)
	r := rand.New(rand.NewPCG(5, 5))
	var demandes []Demande
	for range 64 {
		d := u.demande(r)
		// A realistic demande: a sector, a famille, an occupation, a date
		// or three, and the établissement's coordinates.
		d.Nature = Intervention
		d.Lieu = &Coord{Lat: u.centres[d.Academie].Lat, Lon: u.centres[d.Academie].Lon}
		if len(d.NAF) == 0 {
			d.NAF = pick(r, u.naf, 1)
		}
		demandes = append(demandes, d)
	}
	cal := Calendrier{Feries: []Ferie{{Date: u.debut.AddDate(0, 0, 30), Nom: "Férié"}},
		Vacances: []Vacances{{Debut: u.debut.AddDate(0, 0, 40), Reprise: u.debut.AddDate(0, 0, 55), Nom: "Vacances"}}}
	for _, bc := range []struct {
		name string
		o    Options
	}{
		{"academie", Options{}},
		{"national", Options{IgnorerTerritoire: true, AutresAcademies: true, IgnorerPlafond: true, IgnorerDisponibilite: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			w := PoidsParDefaut()
			durees := make([]time.Duration, 0, 1024)
			retenus := 0
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				start := time.Now()
				cl, err := pool.Rank(demandes[i%len(demandes)], cal, w, bc.o)
				durees = append(durees, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				retenus += cl.Retenus
				i++
			}
			slices.Sort(durees)
			b.ReportMetric(float64(durees[len(durees)*95/100].Nanoseconds()), "p95-ns")
			b.ReportMetric(float64(retenus)/float64(i), "retenus/op")
		})
	}
}

// BenchmarkNewPool is the cost of rebuilding the snapshot of 54,500
// candidates.
func BenchmarkNewPool(b *testing.B) {
	r := rand.New(rand.NewPCG(2026, 11))
	u := newUnivers(r, 30, 4, 120)
	cs := u.candidats(r, 4500, 50000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewPool(cs); err != nil {
			b.Fatal(err)
		}
	}
}
