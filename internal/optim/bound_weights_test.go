package optim_test

import (
	"fmt"
	"testing"

	"cee/internal/optim"
	"cee/internal/optim/gen"
)

// On generated instances of every family, large enough for the flow's
// scale to be lowered (paths through hundreds of nodes), the weights at
// their extremes — 0, 10⁻⁶ and the largest accepted, 10⁹, alone and
// mixed — still give a proven bound at or below the objective, and a
// result that passes the independent check (issue 17, item 3). The tiny
// instances of TestBoundHugeWeights compare the bound with the optimum
// itself; these cannot be enumerated but exercise the scaling.
func TestBoundNeverAboveObjectiveHugeWeightsFamilies(t *testing.T) {
	weights := []optim.Weights{
		{Km: optim.MaxWeight, Unfilled: optim.MaxWeight, College: optim.MaxWeight},
		{Km: 1, Unfilled: optim.MaxWeight, College: optim.MaxWeight},
		{Km: optim.MaxWeight, Unfilled: 1e-6, College: 0},
		{Km: 1e-6, Unfilled: optim.MaxWeight, College: 1e-6},
		{Km: 0, Unfilled: 0, College: 0},
	}
	for _, family := range gen.Families {
		for k, w := range weights {
			t.Run(fmt.Sprintf("%s-%d", family, k), func(t *testing.T) {
				people := 400
				if family == gen.Tight {
					people = 160
				}
				inst := gen.Generate(gen.Options{Seats: 200, People: people, Seed: uint64(7 + k), Family: family})
				inst.Weights = w
				res := solveAndCheck(t, inst, optim.Options{Rounds: 5})
				if g, ok := res.GapBound(); ok && g < 0 {
					t.Errorf("negative gap %v: bound %v above objective %v", g, res.LowerBound, res.Objective)
				}
			})
		}
	}
}
