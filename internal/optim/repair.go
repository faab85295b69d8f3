package optim

import (
	"context"
	"math"
	"slices"
)

// Exact repair of small neighbourhoods. A seat that the flow relaxation and
// the one-step moves leave empty is often fillable only by re-seating
// several people at once: when juries sit several half-days, a person who
// moves frees (or needs) several half-days, and the seats that move with
// her belong to juries that overlap on some half-days only. The repair
// takes a jury that still pays a penalty together with the juries where
// its candidates sit, removes their unlocked members, and re-staffs these
// few juries optimally (branch and bound, everything else fixed). The
// result is never worse than the assignment it started from, and it is the
// best one of the neighbourhood unless the node limit stops the search.

// repairLevel sizes the neighbourhoods of one level of the descent.
type repairLevel struct {
	// juries bounds a neighbourhood: the jury to repair and the juries
	// that hold its candidates, and theirs.
	juries int
	// cands keeps the nearest candidates of each jury of the
	// neighbourhood that are free once the neighbourhood is emptied.
	cands int
	// nodes bounds the branch and bound of one neighbourhood.
	nodes int
	// around says which juries the level repairs around.
	around int
}

const (
	aroundAll     = iota // every jury
	aroundPenalty        // juries with empty seats or missing colleges
	aroundEmpty          // juries with empty seats
)

// repairLevels go from small neighbourhoods around every jury (swaps and
// short chains, which mostly shorten distances) to large ones around the
// juries with empty seats; a level runs only when the smaller ones found
// nothing more.
var repairLevels = []repairLevel{
	{juries: 6, cands: 14, nodes: 10000, around: aroundAll},
	{juries: 10, cands: 16, nodes: 10000, around: aroundPenalty},
	{juries: 16, cands: 20, nodes: 200000, around: aroundEmpty},
}

// repairTask is one jury of a neighbourhood being re-staffed.
type repairTask struct {
	j     int
	cands []cand // free candidates, nearest first
}

type repairer struct {
	ctx      context.Context
	s        *state
	tasks    []repairTask
	suffixLB []float64 // lower bound of tasks t.. taken alone
	best     float64
	bestSet  [][]cand
	cur      [][]cand
	nodes    int
	limit    int
}

// repair is a variable neighbourhood descent: passes of the smallest
// level until one improves nothing, then one pass of the next level, back
// to the smallest after any improvement; at most maxPasses passes.
func (s *state) repair(ctx context.Context, maxPasses int) (moves int, timedOut bool) {
	pr := s.pr
	level := 0
	// failed[l][j] is the stamp at which level l last found nothing
	// better around j.
	failed := make([][]int64, len(repairLevels))
	for l := range failed {
		failed[l] = make([]int64, len(pr.inst.Juries))
	}
	// A move that lowers the objective lowers the cost of some jury, which
	// was therefore above the cheapest staffing it could have alone: only
	// such juries are the centres of neighbourhoods (a jury with empty
	// seats that already has every eligible person costs its minimum).
	alone := make([]float64, len(pr.inst.Juries))
	for j := range alone {
		alone[j] = s.aloneOptimum(j)
	}
	for pass := 0; pass < maxPasses && level < len(repairLevels); pass++ {
		lv := repairLevels[level]
		improved := false
		for j := range pr.inst.Juries {
			if ctx.Err() != nil {
				return moves, true
			}
			jj := &pr.inst.Juries[j]
			if len(pr.elig[j]) == 0 || jj.Seats == 0 {
				continue
			}
			if s.juryCost(j) <= alone[j]+eps*max(1, alone[j]) ||
				lv.around == aroundPenalty && s.penalty(j, len(s.members[j]), s.nE[j]) <= 0 ||
				lv.around == aroundEmpty && len(s.members[j]) >= jj.Seats {
				continue
			}
			hood := s.neighbourhood(j, lv.juries)
			if f := failed[level][j]; f > 0 && !s.changedSince(hood, f) {
				continue
			}
			if s.repairAround(ctx, hood, lv) {
				moves++
				improved = true
			} else {
				failed[level][j] = s.stamp
			}
		}
		if improved {
			level = 0
		} else {
			level++
		}
	}
	return moves, false
}

// neighbourhood lists j and the juries where j's candidates that are not
// free sit: those overlapping j's half-days first, then any jury of a
// candidate at her maximum of half-days.
func (s *state) neighbourhood(j int, size int) []int {
	pr := s.pr
	hood := []int{j}
	w := pr.words
	// Breadth first: j's candidates' juries, then theirs.
	for at := 0; at < len(hood) && len(hood) < size; at++ {
		h := hood[at]
		for _, c := range pr.elig[h] {
			if len(hood) >= size {
				break
			}
			if s.isMember(h, c.p) || s.fits(h, c.p, -1) {
				continue
			}
			added := false
			for _, j1 := range s.of[c.p] {
				j1 := int(j1)
				overlap := false
				for k := 0; k < w; k++ {
					if pr.juryMask[j1*w+k]&pr.juryMask[h*w+k] != 0 {
						overlap = true
					}
				}
				if overlap && !slices.Contains(hood, j1) && len(hood) < size {
					hood = append(hood, j1)
					added = true
				}
			}
			if !added {
				// Not busy on h's half-days: she is at her maximum.
				for _, j1 := range s.of[c.p] {
					if j1 := int(j1); !slices.Contains(hood, j1) && len(hood) < size {
						hood = append(hood, j1)
						break
					}
				}
			}
		}
	}
	// Room left: the juries of the candidates who could come but sit
	// elsewhere, whose seats a move would reshuffle.
	for at := 0; at < len(hood) && len(hood) < size; at++ {
		for _, c := range pr.elig[hood[at]] {
			for _, j1 := range s.of[c.p] {
				if j1 := int(j1); !slices.Contains(hood, j1) && len(hood) < size {
					hood = append(hood, j1)
				}
			}
		}
	}
	return hood
}

// changedSince tells whether anyone who sits in or could sit in the
// juries of hood has moved since stamp.
func (s *state) changedSince(hood []int, stamp int64) bool {
	for _, h := range hood {
		for _, c := range s.pr.elig[h] {
			if s.changed[c.p] > stamp {
				return true
			}
		}
		for _, p := range s.members[h] {
			if s.changed[p] > stamp {
				return true
			}
		}
	}
	return false
}

// aloneOptimum is the least jury j could cost if every eligible person
// were free for it (its locked members stay): the nearest employers and
// employees, as many of each as pays.
func (s *state) aloneOptimum(j int) float64 {
	pr := s.pr
	jj := &pr.inst.Juries[j]
	fixed, nLocked, eLocked := 0.0, 0, 0
	for i, p := range s.members[j] {
		if s.locked[[2]int32{int32(j), p}] {
			fixed += pr.w.Km * s.dist[j][i]
			nLocked++
			if pr.employer[p] {
				eLocked++
			}
		}
	}
	// Prefix sums of the distances of the free employers and employees.
	free := jj.Seats - nLocked
	sumE, sumM := []float64{0}, []float64{0}
	for _, c := range pr.elig[j] {
		if s.locked[[2]int32{int32(j), c.p}] {
			continue
		}
		if pr.employer[c.p] && len(sumE) <= free {
			sumE = append(sumE, sumE[len(sumE)-1]+pr.w.Km*c.d)
		} else if !pr.employer[c.p] && len(sumM) <= free {
			sumM = append(sumM, sumM[len(sumM)-1]+pr.w.Km*c.d)
		}
	}
	best := math.Inf(1)
	for ne := range sumE {
		for nm := 0; nm < len(sumM) && ne+nm <= free; nm++ {
			a, e := nLocked+ne+nm, eLocked+ne
			best = min(best, sumE[ne]+sumM[nm]+s.penalty(j, a, e))
		}
	}
	return fixed + best
}

// juryCost is jury j's share of the objective.
func (s *state) juryCost(j int) float64 {
	c := s.penalty(j, len(s.members[j]), s.nE[j])
	for _, d := range s.dist[j] {
		c += s.pr.w.Km * d
	}
	return c
}

// repairAround re-staffs j's neighbourhood optimally and tells whether the
// objective decreased.
func (s *state) repairAround(ctx context.Context, hood []int, lv repairLevel) bool {
	pr := s.pr
	j := hood[0]
	if len(hood) < 2 && len(s.members[j]) == pr.inst.Juries[j].Seats {
		return false
	}
	before := 0.0
	type member struct {
		j int
		c cand
	}
	var removed []member
	for _, h := range hood {
		before += s.juryCost(h)
		for i := len(s.members[h]) - 1; i >= 0; i-- {
			p := s.members[h][i]
			if s.locked[[2]int32{int32(h), p}] {
				continue
			}
			removed = append(removed, member{h, cand{p, s.dist[h][i]}})
			s.remove(h, p)
		}
	}
	r := &repairer{ctx: ctx, s: s, best: before - eps*max(1, before), limit: lv.nodes}
	for _, h := range hood {
		t := repairTask{j: h}
		for _, c := range pr.elig[h] {
			if len(t.cands) >= lv.cands {
				break
			}
			if !s.isMember(h, c.p) && s.fits(h, c.p, -1) {
				t.cands = append(t.cands, c)
			}
		}
		r.tasks = append(r.tasks, t)
	}
	// The former members must stay reachable, or the search could miss
	// the assignment it started from: add those pruned by the cap.
	for _, m := range removed {
		for t := range r.tasks {
			if r.tasks[t].j == m.j && !slices.ContainsFunc(r.tasks[t].cands, func(c cand) bool { return c.p == m.c.p }) {
				i, _ := slices.BinarySearchFunc(r.tasks[t].cands, m.c.d, func(c cand, d float64) int {
					switch {
					case c.d < d:
						return -1
					case c.d > d:
						return 1
					}
					return 0
				})
				r.tasks[t].cands = slices.Insert(r.tasks[t].cands, i, m.c)
			}
		}
	}
	// Hardest juries first: fewest candidates per seat.
	slices.SortStableFunc(r.tasks, func(a, b repairTask) int {
		sa := len(a.cands) * max(1, pr.inst.Juries[b.j].Seats)
		sb := len(b.cands) * max(1, pr.inst.Juries[a.j].Seats)
		return sa - sb
	})
	r.suffixLB = make([]float64, len(r.tasks)+1)
	for t := len(r.tasks) - 1; t >= 0; t-- {
		r.suffixLB[t] = r.suffixLB[t+1] + r.aloneLB(t, 0, len(s.members[r.tasks[t].j]), s.nE[r.tasks[t].j], 0)
	}
	r.cur = make([][]cand, len(r.tasks))
	fixed := 0.0
	for _, h := range hood {
		// Locked members stay; their distance is part of every solution.
		for _, d := range s.dist[h] {
			fixed += pr.w.Km * d
		}
	}
	r.search(0, 0, fixed)
	if r.bestSet == nil {
		// Nothing better: put the former members back.
		for i := len(removed) - 1; i >= 0; i-- {
			s.add(removed[i].j, removed[i].c.p, removed[i].c.d)
		}
		return false
	}
	for t, set := range r.bestSet {
		for _, c := range set {
			s.add(r.tasks[t].j, c.p, c.d)
		}
	}
	return true
}

// aloneLB bounds from below the cost of completing task t from candidate
// index from on, with a members (e employers) and km already seated,
// ignoring every other jury: the nearest remaining candidates are the
// cheapest, and the college shortfall cannot drop below what b more
// members can fix.
func (r *repairer) aloneLB(t, from, a, e int, km float64) float64 {
	pr := r.s.pr
	jj := &pr.inst.Juries[r.tasks[t].j]
	cands := r.tasks[t].cands
	lb := -1.0
	sum := km
	i := from
	for b := 0; ; b++ {
		n := a + b
		short := max(0, jj.Employers+jj.Employees-n, max(0, jj.Employers-e-b)+max(0, jj.Employees-(a-e)-b))
		v := sum + pr.w.Unfilled*float64(jj.Seats-n) + pr.w.College*float64(short)
		if lb < 0 || v < lb {
			lb = v
		}
		// Candidates that do not fit now never will in this branch: the
		// search only adds people.
		for i < len(cands) && (!r.s.fits(r.tasks[t].j, cands[i].p, -1) || r.s.isMember(r.tasks[t].j, cands[i].p)) {
			i++
		}
		if n >= jj.Seats || i >= len(cands) {
			break
		}
		sum += pr.w.Km * cands[i].d
		i++
	}
	return lb
}

// search is the branch and bound: task t, its candidates from index from
// on, cost the cost of the tasks before t plus the members seated in t.
func (r *repairer) search(t, from int, cost float64) {
	s := r.s
	if r.nodes >= r.limit {
		return
	}
	r.nodes++
	if r.nodes%1024 == 0 && r.ctx.Err() != nil {
		r.nodes = r.limit // the deadline: keep the best found so far
		return
	}
	if t == len(r.tasks) {
		if cost < r.best {
			r.best = cost
			r.bestSet = make([][]cand, len(r.cur))
			for i := range r.cur {
				r.bestSet[i] = slices.Clone(r.cur[i])
			}
		}
		return
	}
	j := r.tasks[t].j
	a, e := len(s.members[j]), s.nE[j]
	if cost+r.aloneLB(t, from, a, e, 0)+r.suffixLB[t+1] >= r.best {
		return
	}
	seats := s.pr.inst.Juries[j].Seats
	if a < seats {
		cands := r.tasks[t].cands
		for i := from; i < len(cands); i++ {
			c := cands[i]
			if !s.fits(j, c.p, -1) || s.isMember(j, c.p) {
				continue
			}
			s.add(j, c.p, c.d)
			r.cur[t] = append(r.cur[t], c)
			r.search(t, i+1, cost+s.pr.w.Km*c.d)
			r.cur[t] = r.cur[t][:len(r.cur[t])-1]
			s.remove(j, c.p)
			if r.nodes >= r.limit {
				return
			}
		}
	}
	// Close this jury as it stands.
	r.search(t+1, 0, cost+s.penalty(j, a, e))
}
