package optim

import (
	"context"
	"math"
	"slices"
)

// Ejection chains. A seat left empty in jury j0 is often fillable only at
// the end of a long chain: a person moves into j0 from jury j1, another
// moves into j1 from j2, and so on until someone free comes in. When
// juries sit several half-days the chain branches: a person allowed two
// half-days who sits in two one-half-day juries must leave both to sit a
// whole day, and both seats must be filled again. The exact repair finds
// such moves only when its neighbourhood gathers every jury of the chain,
// which a neighbourhood grown breadth first around j0 rarely does beyond
// two or three links (on tight 10,000, chains of 4 to 10 juries held 46 %
// of the distance to CBC's optimum, see docs/jury.md).
//
// fillerOf prices filling one more seat of a jury (kilometres and
// colleges) when whoever comes may leave juries whose seats are then
// filled in the same way, or left empty at an empty seat's price: shortest
// paths over "who comes from where", computed level by level. A jury with
// an empty seat whose price is below the seat's penalty, or a full jury
// whose outgoing member costs more than her replacement, is the root of a
// chain; the chain is applied and kept only if the objective, computed
// exactly, decreases.

// chainDepth bounds the links of a chain (the rounds of relaxation).
const chainDepth = 6

// chainTries bounds the first people tried for one empty seat.
const chainTries = 3

// filler is the best way found to fill one seat of a jury: who comes, at
// what cost, and the juries she leaves.
type filler struct {
	cost  float64
	p     int32
	d     float64 // her distance to the jury
	leave []int32
}

// chains applies the improving ejection chains it finds and returns how
// many.
func (s *state) chains(ctx context.Context) (moves int, timedOut bool) {
	pr := s.pr
	nj := len(pr.inst.Juries)
	c := &chainer{s: s}
	// Level k holds the cheapest fillers by chains of at most k links
	// after the first, each computed from level k−1 alone, so that an
	// estimate never counts on a longer chain than the one applied.
	for k := 0; k <= chainDepth; k++ {
		if ctx.Err() != nil {
			return 0, true
		}
		best, second := make([]filler, nj), make([]filler, nj)
		for j := range pr.inst.Juries {
			b := filler{cost: pr.w.Unfilled, p: -1}
			sc := b
			for _, e := range pr.elig[j] {
				f, ok := c.fillerOf(j, e, k-1, nil, nil)
				if !ok || f.cost >= sc.cost-eps {
					continue
				}
				if f.cost < b.cost-eps {
					if b.p != e.p {
						sc = b
					}
					b = f
				} else if b.p != e.p {
					sc = f
				}
			}
			best[j], second[j] = b, sc
		}
		c.best, c.second = append(c.best, best), append(c.second, second)
	}
	// Apply the chains rooted at juries with an empty seat whose filling
	// costs less than the seat's penalty, and at full juries where one
	// member (see outgoing) gives up her seat when filling it again costs
	// less than her distance.
	for j := range pr.inst.Juries {
		if ctx.Err() != nil {
			return moves, true
		}
		out := int32(-1)
		if len(s.members[j]) >= pr.inst.Juries[j].Seats {
			var d float64
			if out, d = s.outgoing(j); out < 0 || c.best[chainDepth][j].cost >= pr.w.Km*d-eps {
				continue
			}
		} else if c.best[chainDepth][j].cost >= pr.w.Unfilled-eps {
			continue
		}
		// The estimates of a chain's branches ignore each other (two may
		// count on the same person): when the best one fails, the next
		// ones by a different first person are tried.
		var tried []int32
		for range chainTries {
			ok, first := c.apply(j, out, tried)
			if ok {
				moves++
				break
			}
			if first < 0 {
				break
			}
			tried = append(tried, first)
		}
	}
	return moves, false
}

// chainer holds the fillers' estimates of one call of chains.
type chainer struct {
	s            *state
	best, second [][]filler // by level, then jury
}

// refill is the estimated cost of filling again, by a chain of level k
// (−1: none, the seat stays empty), the seat that p leaves in jury j.
func (c *chainer) refill(k, j int, p int32) float64 {
	switch {
	case k < 0:
		return c.s.pr.w.Unfilled
	case c.best[k][j].p != p:
		return c.best[k][j].cost
	}
	return c.second[k][j].cost
}

// fillerOf prices candidate e of jury j as its filler: her distance, the
// change of j's college shortfall, and for each jury she must leave what
// it costs to fill her seat there again, less her distance to it. She
// leaves the juries that share a half-day with j, then, while her load
// still forbids j, the one whose seat is cheapest to fill again. Juries of
// avoid, and people of used, are out (nil: none).
func (c *chainer) fillerOf(j int, e cand, k int, used map[int32]bool, avoid []int) (filler, bool) {
	s, pr := c.s, c.s.pr
	if s.isMember(j, e.p) || used[e.p] {
		return filler{}, false
	}
	cost := pr.w.Km*e.d + c.collegeDelta(j, e.p, 1)
	if s.fits(j, e.p, -1) {
		return filler{cost: cost, p: e.p, d: e.d}, true
	}
	var leave []int32
	load := s.load[e.p] + len(pr.jHD[j])
	for _, l := range s.of[e.p] {
		if !pr.overlap(int(l), j) {
			continue
		}
		if s.locked[[2]int32{l, e.p}] || slices.Contains(avoid, int(l)) {
			return filler{}, false
		}
		leave = append(leave, l)
		load -= len(pr.jHD[l])
	}
	for limit := pr.inst.People[e.p].MaxHalfDays; load > limit; {
		extra, extraCost := int32(-1), math.Inf(1)
		for _, l := range s.of[e.p] {
			if slices.Contains(leave, l) || s.locked[[2]int32{l, e.p}] || slices.Contains(avoid, int(l)) {
				continue
			}
			if v := c.refill(k, int(l), e.p) - pr.w.Km*s.distOf(int(l), e.p); v < extraCost {
				extra, extraCost = l, v
			}
		}
		if extra < 0 {
			return filler{}, false
		}
		leave = append(leave, extra)
		load -= len(pr.jHD[extra])
	}
	for _, l := range leave {
		cost += c.refill(k, int(l), e.p) - pr.w.Km*s.distOf(int(l), e.p) + c.collegeDelta(int(l), e.p, -1)
	}
	return filler{cost: cost, p: e.p, d: e.d, leave: leave}, true
}

// collegeDelta is the change of jury j's college shortfall when p joins
// (dir 1) or leaves (dir −1) it, with its members as they are.
func (c *chainer) collegeDelta(j int, p int32, dir int) float64 {
	s := c.s
	a, e := len(s.members[j]), s.nE[j]
	de := 0
	if s.pr.employer[p] {
		de = dir
	}
	return s.penalty(j, a+dir, e+de) - s.penalty(j, a, e) + float64(dir)*s.pr.w.Unfilled
}

// outgoing is the member of full jury j who may give up her seat to a
// chain, with her distance: when one college is short of its target and
// the other above, the farthest unlocked member of the one above (the
// chain may bring the missing college), otherwise the farthest unlocked
// member (the chain may bring someone nearer); −1 when all are locked.
func (s *state) outgoing(j int) (int32, float64) {
	pr := s.pr
	jj := &pr.inst.Juries[j]
	a, e := len(s.members[j]), s.nE[j]
	surplus := func(p int32) bool { return true }
	switch {
	case e < jj.Employers && a-e > jj.Employees:
		surplus = func(p int32) bool { return !pr.employer[p] }
	case a-e < jj.Employees && e > jj.Employers:
		surplus = func(p int32) bool { return pr.employer[p] }
	}
	out, far := int32(-1), -1.0
	for i, p := range s.members[j] {
		if surplus(p) && !s.locked[[2]int32{int32(j), p}] && s.dist[j][i] > far {
			out, far = p, s.dist[j][i]
		}
	}
	return out, far
}

// distOf is the distance of member p of jury j.
func (s *state) distOf(j int, p int32) float64 {
	return s.dist[j][slices.Index(s.members[j], p)]
}

// chainStep is one change of a chain, to undo it.
type chainStep struct {
	j   int
	p   int32
	d   float64
	add bool
}

// apply fills a seat of j0 along a chain and keeps the result if the
// objective decreased; otherwise it restores the state. At each jury of
// the chain the filler is chosen again from the state as it is then, among
// the people and juries the chain has not used yet: the estimates may loop.
func (c *chainer) apply(j0 int, out int32, tried []int32) (ok bool, first int32) {
	s, pr := c.s, c.s.pr
	var log []chainStep
	// The juries touched and their costs before, in order, so that the
	// sum is the same from run to run.
	var touched []int
	var before []float64
	touch := func(j int) {
		if !slices.Contains(touched, j) {
			touched = append(touched, j)
			before = append(before, s.juryCost(j))
		}
	}
	used := map[int32]bool{}
	for _, p := range tried {
		used[p] = true
	}
	first = -1
	if out >= 0 {
		// She leaves j0 for good: the chain fills her seat.
		touch(j0)
		used[out] = true
		d := s.distOf(j0, out)
		s.remove(j0, out)
		log = append(log, chainStep{j0, out, d, false})
	}
	// fill fills a seat of j by a chain of level k.
	var fill func(j, k int) bool
	fill = func(j, k int) bool {
		touch(j)
		f := filler{cost: pr.w.Unfilled, p: -1}
		for _, e := range pr.elig[j] {
			if g, ok := c.fillerOf(j, e, k-1, used, touched); ok && g.cost < f.cost-eps {
				f = g
			}
		}
		if f.p < 0 {
			return k < chainDepth // the seat stays empty
		}
		if k == chainDepth {
			first = f.p
		}
		used[f.p] = true
		for _, l := range f.leave {
			touch(int(l))
			d := s.distOf(int(l), f.p)
			s.remove(int(l), f.p)
			log = append(log, chainStep{int(l), f.p, d, false})
		}
		if !s.canAdd(j, f.p) {
			return false
		}
		s.add(j, f.p, f.d)
		log = append(log, chainStep{j, f.p, f.d, true})
		for _, l := range f.leave {
			if !fill(int(l), k-1) {
				return false
			}
		}
		return true
	}
	ok = fill(j0, chainDepth)
	if ok {
		var delta float64
		for i, j := range touched {
			delta += s.juryCost(j) - before[i]
		}
		if delta < -eps*max(1, pr.w.Unfilled) {
			return true, first
		}
	}
	for i := len(log) - 1; i >= 0; i-- {
		st := log[i]
		if st.add {
			s.remove(st.j, st.p)
		} else {
			s.add(st.j, st.p, st.d)
		}
	}
	return false, first
}
