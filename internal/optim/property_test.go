package optim_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"cee/internal/optim"
	"cee/internal/optim/gen"
)

// Every result on generated instances, abundant and scarce, with and
// without locks, passes Check with no violation and a bound below the
// objective.
func TestGeneratedInstancesPassCheck(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		for _, scarce := range []bool{false, true} {
			o := gen.Options{Seats: 40 + int(seed)*25, People: 80 + int(seed)*50, Seed: seed, Scarce: scarce}
			t.Run(fmt.Sprintf("seed%d-scarce%v", seed, scarce), func(t *testing.T) {
				inst := gen.Generate(o)
				res := solveAndCheck(t, inst, optim.Options{})
				// Lock every fifth assignment and solve again: the locks stay.
				for i, a := range res.Assignments {
					if i%5 == 0 {
						inst.Locked = append(inst.Locked, a)
					}
				}
				again := solveAndCheck(t, inst, optim.Options{K: 5})
				if again.Objective > res.Objective*1.02+1 {
					t.Errorf("locking part of a solution made it worse by more than 2 %%: %v then %v", res.Objective, again.Objective)
				}
			})
		}
	}
}

func solveAndCheck(t *testing.T, inst *optim.Instance, opt optim.Options) *optim.Result {
	t.Helper()
	res, err := optim.Solve(context.Background(), inst, opt)
	if err != nil {
		t.Fatal(err)
	}
	v := optim.Check(inst, res)
	for _, msg := range v.Violations {
		t.Error(msg)
	}
	if math.Abs(v.Objective-res.Objective) > 1e-6*math.Max(1, v.Objective) {
		t.Errorf("objective %v, recomputed %v", res.Objective, v.Objective)
	}
	if res.LowerBound > res.Objective || res.LowerBound < 0 {
		t.Errorf("bound %v, objective %v", res.LowerBound, res.Objective)
	}
	if len(res.Unfilled) > 0 && res.Unfilled[0].Reason == "" {
		t.Error("empty seat without a reason")
	}
	return res
}

func benchmarkSolve(b *testing.B, o gen.Options) {
	inst := gen.Generate(o)
	var res *optim.Result
	for b.Loop() {
		var err error
		res, err = optim.Solve(context.Background(), inst, optim.Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(100*res.Stats.Gap, "gap%")
	b.ReportMetric(float64(res.Stats.UnfilledSeats), "empty")
}

func BenchmarkSolve200(b *testing.B) {
	benchmarkSolve(b, gen.Options{Seats: 200, People: 400, Seed: 1})
}

func BenchmarkSolve2000(b *testing.B) {
	benchmarkSolve(b, gen.Options{Seats: 2000, People: 4000, Seed: 1})
}

func BenchmarkSolveNational(b *testing.B) {
	benchmarkSolve(b, gen.Options{Seats: 20000, People: 50000, Seed: 1})
}

// The same instance gives the same result, byte for byte but for timings.
func TestDeterministic(t *testing.T) {
	inst := gen.Generate(gen.Options{Seats: 300, People: 600, Seed: 9, Scarce: true})
	a := solveAndCheck(t, inst, optim.Options{})
	b := solveAndCheck(t, inst, optim.Options{})
	a.Timings, b.Timings = nil, nil
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("two runs differ")
	}
}

// Only empty seats cost: distances tie everywhere, which once made every
// shortest-path search sweep the whole network (45 s instead of 0.2 s).
func BenchmarkSolveNationalSeatsOnly(b *testing.B) {
	inst := gen.Generate(gen.Options{Seats: 20000, People: 50000, Seed: 1})
	inst.Weights = optim.Weights{Unfilled: 1}
	for b.Loop() {
		if _, err := optim.Solve(context.Background(), inst, optim.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
