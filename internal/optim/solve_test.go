package optim

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// kmPerDegree is one degree of latitude on the haversine sphere: people
// placed on the jury's meridian are at exactly dlat·kmPerDegree.
const kmPerDegree = 6371 * math.Pi / 180

var am, pm = "2027-06-14AM", "2027-06-14PM"

func jury(id string, seats, employers, employees int, halfdays ...string) Jury {
	return Jury{ID: id, Specialty: "CAP-CUISINE", Lat: 48, Lon: 2, HalfDays: halfdays, Seats: seats, Employers: employers, Employees: employees}
}

func person(id, college string, dlat float64, available ...string) Person {
	return Person{ID: id, Specialties: []string{"CAP-CUISINE"}, College: college, Lat: 48 + dlat, Lon: 2,
		Available: available, MaxHalfDays: 10, MaxKm: 150}
}

func instance(juries []Jury, people ...Person) *Instance {
	return &Instance{Version: 1, Weights: Weights{Km: 1, Unfilled: 1000, College: 50}, Juries: juries, People: people}
}

func mustSolve(t testing.TB, inst *Instance, opt Options) *Result {
	t.Helper()
	res, err := Solve(context.Background(), inst, opt)
	if err != nil {
		t.Fatal(err)
	}
	v := Check(inst, res)
	if len(v.Violations) > 0 {
		t.Fatalf("violations: %v", v.Violations)
	}
	if !near(v.Objective, res.Objective) {
		t.Fatalf("objective %v, recomputed %v", res.Objective, v.Objective)
	}
	if res.LowerBound > res.Objective+1e-6 {
		t.Fatalf("lower bound %v above objective %v", res.LowerBound, res.Objective)
	}
	return res
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

func pairs(res *Result) []string {
	var out []string
	for _, a := range res.Assignments {
		out = append(out, a.Jury+":"+a.Person)
	}
	slices.Sort(out)
	return out
}

// A jury of 2 seats wants an employer and an employee. Employers A at
// 0.1° (11.12 km) and B at 0.2° (22.24 km), employee C at 0.9° (100.08 km).
// {A, C} costs 11.12 + 100.08 = 111.19; {A, B} costs 33.36 + 50 for the
// missing employee = 83.36, the optimum: 0.3·kmPerDegree + 50.
func TestCollegeTradeOff(t *testing.T) {
	inst := instance([]Jury{jury("J1", 2, 1, 1, am)},
		person("A", Employer, 0.1, am), person("B", Employer, 0.2, am), person("C", Employee, 0.9, am))
	res := mustSolve(t, inst, Options{})
	if want := 0.3*kmPerDegree + 50; !near(res.Objective, want) {
		t.Errorf("objective %v, want %v", res.Objective, want)
	}
	if got := pairs(res); !slices.Equal(got, []string{"J1:A", "J1:B"}) {
		t.Errorf("assignments %v", got)
	}
	if math.Abs(res.LowerBound-res.Objective) > 1e-3 {
		t.Errorf("one half-day: the flow is exact, bound %v should equal %v", res.LowerBound, res.Objective)
	}

	// Locking C in J1 forces the other seat: A (11.12 km, no shortfall)
	// rather than B, objective (0.1 + 0.9)·kmPerDegree.
	inst.Locked = []Pair{{Jury: "J1", Person: "C"}}
	res = mustSolve(t, inst, Options{})
	if got := pairs(res); !slices.Equal(got, []string{"J1:A", "J1:C"}) {
		t.Errorf("with C locked: %v", got)
	}
	if want := 1.0 * kmPerDegree; !near(res.Objective, want) {
		t.Errorf("with C locked: objective %v, want %v", res.Objective, want)
	}
}

// J1 (speciality X) sits morning and afternoon, J2 (Y) the morning, J3
// (Z) the afternoon, one seat each, everyone at the same place. P knows X
// and Y, Q knows X and Z. Whoever sits J1 is busy all day, so J2 or J3
// loses its only candidate; leaving J1 empty also leaves one seat: the
// optimum is one empty seat, 1000. The relaxation may split J1 between Q's
// morning and P's afternoon and fill everything: its bound is 0. The
// Lagrangian rounds price that split away: the LP of the real model is
// 1000 too (J1 filled a, J2 at most 1 − x_P, J3 at most 1 − x_Q, so at
// most 2 of 3 seats), and the bound must get there.
func TestMultiHalfDayJury(t *testing.T) {
	j1, j2, j3 := jury("J1", 1, 0, 0, am, pm), jury("J2", 1, 0, 0, am), jury("J3", 1, 0, 0, pm)
	j1.Specialty, j2.Specialty, j3.Specialty = "X", "Y", "Z"
	p, q := person("P", Employer, 0, am, pm), person("Q", Employee, 0, am, pm)
	p.Specialties, q.Specialties = []string{"X", "Y"}, []string{"X", "Z"}
	inst := instance([]Jury{j1, j2, j3}, p, q)
	res := mustSolve(t, inst, Options{})
	if res.Objective != 1000 {
		t.Errorf("objective %v, want 1000", res.Objective)
	}
	// The seats-only relaxation lets P and Q share J1's seat, so it cannot
	// prove that 1 empty seat is the minimum: the reason must not claim it.
	if len(res.Unfilled) != 1 || !strings.HasPrefix(res.Unfilled[0].Reason, "dans cette composition, les personnes éligibles siègent ailleurs") ||
		!strings.Contains(res.Unfilled[0].Reason, "il n'est pas prouvé") {
		t.Errorf("unfilled %+v", res.Unfilled)
	}
	if res.LowerBound < 999 || res.LowerBound > 1000 {
		t.Errorf("bound after the Lagrangian rounds %v, want 1000", res.LowerBound)
	}
	if res := mustSolve(t, inst, Options{Rounds: 1}); res.LowerBound != 0 || res.Objective != 1000 {
		t.Errorf("one flow: bound %v, objective %v; want 0 and 1000", res.LowerBound, res.Objective)
	}
}

// An empty seat whose eligible people all sit elsewhere is said to be the
// price of another seat only when the problem proves it: here one person
// for two juries on the same morning, so one of them stays empty whatever
// the composition.
func TestUnfilledReasonProven(t *testing.T) {
	j1, j2 := jury("J1", 1, 0, 0, am), jury("J2", 1, 0, 0, am)
	inst := instance([]Jury{j1, j2}, person("P", Employer, 0.1, am))
	res := mustSolve(t, inst, Options{})
	if len(res.Unfilled) != 1 || !strings.HasPrefix(res.Unfilled[0].Reason, "le pourvoir viderait un autre siège") ||
		!strings.Contains(res.Unfilled[0].Reason, "aucune composition ne laisse moins de 1 place(s) vide(s)") {
		t.Errorf("unfilled %+v", res.Unfilled)
	}
	// With a second person available, both seats fill: no reason at all.
	inst = instance([]Jury{j1, j2}, person("P", Employer, 0.1, am), person("Q", Employee, 0.2, am))
	if res := mustSolve(t, inst, Options{}); len(res.Unfilled) != 0 {
		t.Errorf("unfilled %+v", res.Unfilled)
	}
}

// Every cause of an empty seat is named.
func TestUnfilledReasons(t *testing.T) {
	far := person("LOIN", Employer, 3, am) // 333 km away, beyond 150
	busy := person("OCCUPE", Employer, 0, am)
	tied := person("LIE", Employer, 0, am)
	tied.Ties = []string{"0750654D"}
	other := person("AUTRE", Employer, 0, am)
	other.Specialties = []string{"BTS-MCO"}
	j := []Jury{
		{ID: "PERSONNE", Specialty: "CAP-FLEURISTE", Lat: 48, Lon: 2, HalfDays: []string{am}, Seats: 1},
		{ID: "LOIN", Specialty: "CAP-PLOMBIER", Lat: 48, Lon: 2, HalfDays: []string{am}, Seats: 1},
		{ID: "MATIN", Specialty: "BTS-MCO", Lat: 48, Lon: 2, HalfDays: []string{pm}, Seats: 1},
		{ID: "CONFLIT", Specialty: "CAP-CUISINE", Lat: 48, Lon: 2, HalfDays: []string{am}, Seats: 3, Conflicts: []string{"0750654D"}},
	}
	far.Specialties = []string{"CAP-PLOMBIER"}
	inst := instance(j, far, busy, tied, other)
	// OCCUPE sits in CONFLIT, the only jury it may sit in.
	res := mustSolve(t, inst, Options{})
	want := map[string]string{
		"PERSONNE": "aucune personne compétente en CAP-FLEURISTE",
		"LOIN":     "aucune personne compétente en CAP-PLOMBIER à portée",
		"MATIN":    "n'est disponible sur toutes ces demi-journées",
		"CONFLIT":  "(1 écartée(s) pour conflit d'intérêts)",
	}
	got := map[string]string{}
	for _, u := range res.Unfilled {
		got[u.Jury] = u.Reason
	}
	for id, w := range want {
		if !strings.Contains(got[id], w) {
			t.Errorf("%s: reason %q, want %q", id, got[id], w)
		}
	}

	// Conflicts alone: the only competent person is tied to the jury.
	inst = instance([]Jury{{ID: "J", Specialty: "CAP-CUISINE", Lat: 48, Lon: 2, HalfDays: []string{am}, Seats: 1, Conflicts: []string{"C1"}}},
		Person{ID: "P", Specialties: []string{"CAP-CUISINE"}, College: Employee, Lat: 48, Lon: 2, Available: []string{am}, MaxHalfDays: 1, MaxKm: 10, Ties: []string{"C1"}})
	res = mustSolve(t, inst, Options{})
	if len(res.Unfilled) != 1 || !strings.HasPrefix(res.Unfilled[0].Reason, "conflits d'intérêts") {
		t.Errorf("unfilled %+v", res.Unfilled)
	}
}

// tiny draws an instance small enough to enumerate.
func tiny(rng *rand.Rand) *Instance {
	hds := []string{am, pm, "2027-06-15AM"}
	specs := []string{"A", "B"}
	inst := &Instance{Version: 1, Weights: Weights{Km: 1, Unfilled: 100 + 900*rng.Float64(), College: 60 * rng.Float64()}}
	for i := range 2 + rng.IntN(2) {
		seats := 1 + rng.IntN(3)
		e := rng.IntN(2)
		j := Jury{ID: fmt.Sprint("J", i), Specialty: specs[rng.IntN(2)], Lat: 48 + rng.Float64()*0.5, Lon: 2 + rng.Float64()*0.5,
			Seats: seats, Employers: e, Employees: min(rng.IntN(2), seats-e)}
		start := rng.IntN(3)
		j.HalfDays = []string{hds[start]}
		if start == 0 && rng.IntN(2) == 0 {
			j.HalfDays = append(j.HalfDays, pm)
		}
		if rng.IntN(3) == 0 {
			j.Conflicts = []string{"C1"}
		}
		inst.Juries = append(inst.Juries, j)
	}
	for i := range 3 + rng.IntN(4) {
		p := Person{ID: fmt.Sprint("P", i), Specialties: []string{specs[rng.IntN(2)]}, College: []string{Employer, Employee}[rng.IntN(2)],
			Lat: 48 + rng.Float64()*0.5, Lon: 2 + rng.Float64()*0.5, MaxHalfDays: 1 + rng.IntN(3), MaxKm: 20 + 60*rng.Float64()}
		if rng.IntN(4) == 0 {
			p.Specialties = specs
		}
		for _, h := range hds {
			if rng.IntN(4) > 0 {
				p.Available = append(p.Available, h)
			}
		}
		if rng.IntN(3) == 0 {
			p.Ties = []string{"C1"}
		}
		inst.People = append(inst.People, p)
	}
	return inst
}

// bruteForce enumerates every subset of eligible pairs and keeps the best
// one Check accepts.
func bruteForce(inst *Instance) (float64, bool) {
	var elig []Pair
	for _, j := range inst.Juries {
		for _, p := range inst.People {
			if ineligible(j, p) == "" {
				elig = append(elig, Pair{Jury: j.ID, Person: p.ID})
			}
		}
	}
	if len(elig) > 14 {
		return 0, false
	}
	best := math.Inf(1)
	for mask := 0; mask < 1<<len(elig); mask++ {
		res := &Result{}
		for i, e := range elig {
			if mask&(1<<i) != 0 {
				res.Assignments = append(res.Assignments, e)
			}
		}
		if v := Check(inst, res); len(v.Violations) == 0 {
			best = min(best, v.Objective)
		}
	}
	return best, true
}

// On instances small enough to enumerate, the bound is below the true
// optimum (also with pruning to one candidate, with one flow or many
// Lagrangian rounds), and the solver nearly always finds the optimum.
func TestAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var n, optimal int
	for n < 300 {
		inst := tiny(rng)
		opt, ok := bruteForce(inst)
		if !ok {
			continue
		}
		n++
		for i, o := range []Options{{}, {K: 1}, {Rounds: 1}, {K: 1, Rounds: 100}} {
			res := mustSolve(t, inst, o)
			if res.LowerBound > opt+1e-6 {
				data, _ := json.Marshal(inst)
				t.Fatalf("%+v: bound %v above the optimum %v for %s", o, res.LowerBound, opt, data)
			}
			if res.Objective < opt-1e-6 {
				t.Fatalf("objective %v below the optimum %v: the checker and the enumeration disagree", res.Objective, opt)
			}
			if i == 0 && res.Objective <= opt+1e-6 {
				optimal++
			}
		}
	}
	if optimal < n*95/100 {
		t.Errorf("optimum found on %d of %d instances, want 95 %%", optimal, n)
	}
	t.Logf("optimum found on %d of %d instances", optimal, n)
}

// An expired deadline still gives a feasible solution and a valid bound.
func TestDeadline(t *testing.T) {
	inst := instance([]Jury{jury("J1", 2, 1, 1, am)}, person("A", Employer, 0.1, am), person("C", Employee, 0.2, am))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Solve(ctx, inst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Timings.TimedOut {
		t.Error("timed_out not set")
	}
	if v := Check(inst, res); len(v.Violations) > 0 || res.LowerBound > res.Objective {
		t.Errorf("violations %v, bound %v, objective %v", v.Violations, res.LowerBound, res.Objective)
	}
}

func TestSolveRejectsInvalid(t *testing.T) {
	inst := instance([]Jury{jury("J1", 1, 0, 0, am)}, person("A", Employer, 0.1, pm))
	inst.Locked = []Pair{{Jury: "J1", Person: "A"}}
	_, err := Solve(context.Background(), inst, Options{})
	if err == nil || !strings.Contains(err.Error(), "locked[0] : A ne peut pas siéger dans J1 : indisponible le "+am) {
		t.Errorf("error %v", err)
	}
}

func TestWriteLP(t *testing.T) {
	inst := instance([]Jury{jury("J1", 2, 1, 1, am)},
		person("A", Employer, 0.1, am), person("B", Employer, 0.2, am), person("C", Employee, 0.9, am))
	inst.Locked = []Pair{{Jury: "J1", Person: "C"}}
	var b strings.Builder
	if err := WriteLP(&b, inst); err != nil {
		t.Fatal(err)
	}
	lp := b.String()
	for _, want := range []string{"Minimize\n", "+ 11.119493 x_0_0", " seats_0: + x_0_0 + x_0_1 + x_0_2 + u_0 = 2\n",
		" employers_0: + x_0_0 + x_0_1 + e_0 >= 1\n", " locked_0: x_0_2 = 1\n", "Binary\n x_0_0\n", "General\n u_0\n"} {
		if !strings.Contains(lp, want) {
			t.Errorf("LP lacks %q:\n%s", want, lp)
		}
	}
	if !strings.HasSuffix(lp, "End\n") {
		t.Error("CBC needs the file to end with End")
	}
}

// Degenerate instances: nothing to staff, nobody to staff it, seats of 0.
func TestEmptyInstances(t *testing.T) {
	for _, inst := range []*Instance{
		instance(nil),
		instance([]Jury{jury("J1", 2, 1, 1, am)}),
		instance([]Jury{jury("J1", 0, 0, 0, am)}, person("A", Employer, 0, am)),
	} {
		res := mustSolve(t, inst, Options{})
		want := 0.0
		if len(inst.Juries) > 0 {
			want = float64(inst.Juries[0].Seats)*1000 + float64(inst.Juries[0].Employers+inst.Juries[0].Employees)*50
		}
		if res.Objective != want || !near(res.LowerBound, want) {
			t.Errorf("objective %v, bound %v, want %v", res.Objective, res.LowerBound, want)
		}
	}
}

// tinyMulti draws a small instance where most juries sit several
// half-days (up to three, across two days) and people are fewer than
// seats: the shapes where the flow relaxation is not exact.
func tinyMulti(rng *rand.Rand) *Instance {
	hds := []string{am, pm, "2027-06-15AM", "2027-06-15PM"}
	inst := &Instance{Version: 1, Weights: Weights{Km: 1, Unfilled: 1000, College: 50}}
	for i := range 3 + rng.IntN(2) {
		n := 1 + rng.IntN(3)
		start := rng.IntN(len(hds) - n + 1)
		seats := 1 + rng.IntN(2)
		inst.Juries = append(inst.Juries, Jury{ID: fmt.Sprint("J", i), Specialty: "A", Lat: 48 + rng.Float64()*0.3, Lon: 2 + rng.Float64()*0.3,
			HalfDays: slices.Clone(hds[start : start+n]), Seats: seats, Employers: seats / 2, Employees: seats / 2})
	}
	for i := range 2 + rng.IntN(3) {
		p := Person{ID: fmt.Sprint("P", i), Specialties: []string{"A"}, College: []string{Employer, Employee}[rng.IntN(2)],
			Lat: 48 + rng.Float64()*0.3, Lon: 2 + rng.Float64()*0.3, MaxHalfDays: 1 + rng.IntN(4), MaxKm: 60}
		for _, h := range hds {
			if rng.IntN(5) > 0 {
				p.Available = append(p.Available, h)
			}
		}
		inst.People = append(inst.People, p)
	}
	return inst
}

// On small multi-half-day instances whose optimum is known by enumeration,
// the solver reaches it every time, and its bound stays below it.
func TestMultiHalfDayOptimum(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 3))
	n := 0
	for n < 200 {
		inst := tinyMulti(rng)
		opt, ok := bruteForce(inst)
		if !ok {
			continue
		}
		n++
		res := mustSolve(t, inst, Options{})
		if res.LowerBound > opt+1e-6 {
			t.Fatalf("bound %v above the optimum %v", res.LowerBound, opt)
		}
		if res.Objective > opt+1e-6 {
			data, _ := json.Marshal(inst)
			t.Fatalf("objective %v, optimum %v, on %s", res.Objective, opt, data)
		}
	}
}

// With weights up to the largest accepted, costs are scaled down for the
// flow's integers: the bound stays below the enumerated optimum, never above
// the objective.
func TestBoundHugeWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 11))
	choices := []float64{0, 1e-6, 1, 1e5, MaxWeight}
	n := 0
	for n < 150 {
		inst := tiny(rng)
		if n%2 == 1 {
			inst = tinyMulti(rng)
		}
		inst.Weights = Weights{Km: choices[rng.IntN(5)], Unfilled: choices[rng.IntN(5)], College: choices[rng.IntN(5)]}
		opt, ok := bruteForce(inst)
		if !ok {
			continue
		}
		n++
		res := mustSolve(t, inst, Options{})
		if res.LowerBound > opt*(1+1e-12)+1e-9 || res.LowerBound > res.Objective {
			t.Fatalf("weights %+v: bound %v, optimum %v, objective %v", inst.Weights, res.LowerBound, opt, res.Objective)
		}
		if g, ok := res.GapBound(); ok && res.Objective > opt && g < (res.Objective-opt)/opt-1e-9 {
			t.Fatalf("gap %v below the true distance %v", g, (res.Objective-opt)/opt)
		}
	}
}
