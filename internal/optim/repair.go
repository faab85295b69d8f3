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
	aroundAll   = iota // every jury
	aroundEmpty        // juries with empty seats
)

// repairLevels go from small neighbourhoods around every jury (swaps and
// short chains, which mostly shorten distances) to large ones around the
// juries with empty seats; a level runs only when the smaller ones found
// nothing more. The last level's budget is the smallest: since the search
// branches only on the people that juries compete for, every improvement
// of that level that filled a seat on the benchmark instances of the
// multi, tight and large families (200 and 2,000 seats) was found within
// its first 2,900 nodes, while the neighbourhoods that reach the budget
// without improving made most of the time with 200,000 nodes (see
// docs/jury.md). A middle level of 10 juries around the juries paying a
// penalty was dropped once the ejection chains came (chains.go): it took
// 40 % of the solver's time on the large family for improvements of
// 0.01 % or less.
var repairLevels = []repairLevel{
	{juries: 6, cands: 14, nodes: 10000, around: aroundAll},
	{juries: 16, cands: 20, nodes: 5000, around: aroundEmpty},
}

// repairTask is one jury of a neighbourhood being re-staffed.
type repairTask struct {
	j    int
	h    int      // its number of half-days
	mask []uint64 // its half-days
	// seats, emps and empls are the jury's.
	seats, emps, empls int
	// cands are its free candidates, nearest first.
	cands []repairCand
	// shared are those of cands who are candidates of other tasks too
	// (same order); the search branches on those of them that do not
	// stay (see stays). The others are private: seating one changes
	// nothing for any other task, so the nearest of them, with the shared
	// ones that stay, complete the jury in closed form when it closes
	// (privE, privM: employers and employees, nearest first).
	shared       []repairCand
	privE, privM []cand
	bufE, bufM   []cand // see branch
}

// repairCand is a candidate of a repair task.
type repairCand struct {
	cand
	// l is her index among the neighbourhood's people.
	l int32
	// room is the load she may have and still fit the task.
	room int
	// shared is her index in the task's shared list, -1 if private.
	shared int32
	// next are the later tasks where she is a candidate, later how many
	// half-days they take, clash whether one of them shares a half-day
	// with this task (see stays).
	next  []int32
	later int
	clash bool
}

type repairer struct {
	ctx   context.Context
	s     *state
	tasks []repairTask
	// seated and emps count each task's members and employers, locked
	// ones included, as the search seats people.
	seated, emps []int
	// taskLB[u] bounds task u alone (aloneLB) with the people seated so
	// far; kept up to date for the tasks after the current one as seats
	// are taken and given back (old values in undo).
	taskLB []float64
	undo   []float64
	// picks are the shared people seated so far, as l and task, in the
	// order of the search; inSuffix[t][l] says that person l is a
	// candidate of a task from t on.
	picks    []int32
	inSuffix [][]bool
	// memo maps the entry of a task, with the seats that the people of
	// the tasks from there on took before (hashed), to a lower bound of
	// the cost of those tasks (see search).
	memo    map[uint64]float64
	best    float64
	bestSet [][]cand
	cur     [][]cand
	nodes   int
	limit   int
}

type removedMember struct {
	j int
	c cand
}

// repair is a variable neighbourhood descent: passes of the smallest
// level until one improves nothing, then one pass of the next level, back
// to the smallest after any improvement, and past the last level the
// ejection chains; at most maxPasses passes.
func (s *state) repair(ctx context.Context, maxPasses int) (moves int, timedOut bool) {
	pr := s.pr
	level := 0
	// failed[l][j] is the stamp at which level l last found nothing
	// better around j.
	failed := make([][]int64, len(repairLevels))
	for l := range failed {
		failed[l] = make([]int64, len(pr.inst.Juries))
	}
	// The branch and bound's memo, emptied for each neighbourhood but
	// allocated once.
	memo := map[uint64]float64{}
	// A move that lowers the objective lowers the cost of some jury, which
	// was therefore above the cheapest staffing it could have alone: only
	// such juries are the centres of neighbourhoods (a jury with empty
	// seats that already has every eligible person costs its minimum).
	alone := make([]float64, len(pr.inst.Juries))
	for j := range alone {
		alone[j] = s.aloneOptimum(j)
	}
	for pass := 0; pass < maxPasses && level <= len(repairLevels); pass++ {
		if level == len(repairLevels) {
			// Past the largest neighbourhoods: the long ejection chains
			// (chains.go), then the neighbourhoods again around what they
			// moved.
			n, timedOut := s.chains(ctx)
			if n == 0 || timedOut {
				return moves, timedOut
			}
			moves += n
			level = 0
			continue
		}
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
				lv.around == aroundEmpty && len(s.members[j]) >= jj.Seats {
				continue
			}
			hood := s.neighbourhood(j, lv.juries)
			if f := failed[level][j]; f > 0 && !s.changedSince(hood, f) {
				continue
			}
			if s.repairAround(ctx, hood, lv, memo) {
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
				if pr.overlap(j1, h) && !slices.Contains(hood, j1) && len(hood) < size {
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
func (s *state) repairAround(ctx context.Context, hood []int, lv repairLevel, memo map[uint64]float64) bool {
	pr := s.pr
	j := hood[0]
	if len(hood) < 2 && len(s.members[j]) == pr.inst.Juries[j].Seats {
		return false
	}
	before := 0.0
	var removed []removedMember
	for _, h := range hood {
		before += s.juryCost(h)
		for i := len(s.members[h]) - 1; i >= 0; i-- {
			p := s.members[h][i]
			if s.locked[[2]int32{int32(h), p}] {
				continue
			}
			removed = append(removed, removedMember{h, cand{p, s.dist[h][i]}})
			s.remove(h, p)
		}
	}
	r := s.newRepairer(ctx, hood, lv, before, removed, memo)
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

// newRepairer lists the tasks of a neighbourhood whose unlocked members
// were removed: each jury's nearest free candidates, hardest jury first.
func (s *state) newRepairer(ctx context.Context, hood []int, lv repairLevel, before float64, removed []removedMember, memo map[uint64]float64) *repairer {
	pr := s.pr
	r := &repairer{ctx: ctx, s: s, best: before - eps*max(1, before), limit: lv.nodes}
	w := pr.words
	for _, h := range hood {
		jj := &pr.inst.Juries[h]
		t := repairTask{j: h, h: len(pr.jHD[h]), mask: pr.juryMask[h*w : h*w+w],
			seats: jj.Seats, emps: jj.Employers, empls: jj.Employees}
		for _, c := range pr.elig[h] {
			if len(t.cands) >= lv.cands {
				break
			}
			if !s.isMember(h, c.p) && s.fits(h, c.p, -1) {
				t.cands = append(t.cands, repairCand{cand: c})
			}
		}
		r.tasks = append(r.tasks, t)
	}
	// The former members must stay reachable, or the search could miss
	// the assignment it started from: add those pruned by the cap.
	for _, m := range removed {
		for t := range r.tasks {
			if r.tasks[t].j == m.j && !slices.ContainsFunc(r.tasks[t].cands, func(c repairCand) bool { return c.p == m.c.p }) {
				i, _ := slices.BinarySearchFunc(r.tasks[t].cands, m.c.d, func(c repairCand, d float64) int {
					switch {
					case c.d < d:
						return -1
					case c.d > d:
						return 1
					}
					return 0
				})
				r.tasks[t].cands = slices.Insert(r.tasks[t].cands, i, repairCand{cand: m.c})
			}
		}
	}
	// Hardest juries first: fewest candidates per seat.
	slices.SortStableFunc(r.tasks, func(a, b repairTask) int {
		sa := len(a.cands) * max(1, pr.inst.Juries[b.j].Seats)
		sb := len(b.cands) * max(1, pr.inst.Juries[a.j].Seats)
		return sa - sb
	})
	local := map[int32]int32{}
	for t := range r.tasks {
		tk := &r.tasks[t]
		r.seated = append(r.seated, len(s.members[tk.j]))
		r.emps = append(r.emps, s.nE[tk.j])
		for i := range tk.cands {
			c := &tk.cands[i]
			c.room = pr.inst.People[c.p].MaxHalfDays - tk.h
			l, ok := local[c.p]
			if !ok {
				l = int32(len(local))
				local[c.p] = l
			}
			c.l = l
		}
	}
	r.split(len(local))
	r.taskLB = make([]float64, len(r.tasks))
	for t := range r.tasks {
		r.taskLB[t] = r.aloneLB(t, 0, r.seated[t], r.emps[t])
	}
	r.cur = make([][]cand, len(r.tasks))
	clear(memo)
	r.memo = memo
	return r
}

// split tells the shared candidates from the private ones (n people). A
// person is private when the tasks where she is a candidate share no
// half-day and she could sit in all of them within her load: whatever the
// search does, she still fits each of them, and seating her in one
// changes nothing for the others.
func (r *repairer) split(n int) {
	s, pr := r.s, r.s.pr
	need := make([]int, n) // half-days of all her tasks
	clash := make([]bool, n)
	of := make([][]int32, n) // her tasks, in order
	for t := range r.tasks {
		for _, c := range r.tasks[t].cands {
			of[c.l] = append(of[c.l], int32(t))
		}
	}
	for t := range r.tasks {
		jt := r.tasks[t].j
		for i := range r.tasks[t].cands {
			c := &r.tasks[t].cands[i]
			need[c.l] += r.tasks[t].h
			for _, u := range of[c.l] {
				if int(u) <= t {
					continue
				}
				ju := r.tasks[u].j
				c.next = append(c.next, u)
				c.later += r.tasks[u].h
				if pr.overlap(jt, ju) {
					c.clash = true
					clash[c.l] = true
				}
			}
		}
	}
	byDist := func(a, b cand) int {
		switch {
		case a.d < b.d:
			return -1
		case a.d > b.d:
			return 1
		}
		return 0
	}
	r.inSuffix = make([][]bool, len(r.tasks))
	for t := len(r.tasks) - 1; t >= 0; t-- {
		tk := &r.tasks[t]
		r.inSuffix[t] = make([]bool, n)
		if t+1 < len(r.tasks) {
			copy(r.inSuffix[t], r.inSuffix[t+1])
		}
		for i := range tk.cands {
			c := &tk.cands[i]
			r.inSuffix[t][c.l] = true
			if clash[c.l] || s.load[c.p]+need[c.l] > pr.inst.People[c.p].MaxHalfDays {
				c.shared = int32(len(tk.shared))
				tk.shared = append(tk.shared, *c)
				continue
			}
			c.shared = -1
			if pr.employer[c.p] {
				tk.privE = append(tk.privE, c.cand)
			} else {
				tk.privM = append(tk.privM, c.cand)
			}
		}
		slices.SortStableFunc(tk.privE, byDist)
		slices.SortStableFunc(tk.privM, byDist)
	}
}

// seat seats (dir = 1) or unseats (dir = -1) p in task t for the search:
// only what fits and the bounds read; the state's other books wait until
// the best staffing is applied.
func (r *repairer) seat(t int, p int32, dir int) {
	s := r.s
	w := s.pr.words
	busy := s.busy[int(p)*w : int(p)*w+w]
	for k, m := range r.tasks[t].mask {
		if dir > 0 {
			busy[k] |= m
		} else {
			busy[k] &^= m
		}
	}
	s.load[p] += dir * r.tasks[t].h
	r.seated[t] += dir
	if s.pr.employer[p] {
		r.emps[t] += dir
	}
}

// fits is state.fits for a candidate of task t without looking the
// instance up: it runs at every node of the search.
func (r *repairer) fits(t int, c *repairCand) bool {
	s := r.s
	if s.load[c.p] > c.room {
		return false
	}
	w := s.pr.words
	busy := s.busy[int(c.p)*w : int(c.p)*w+w]
	for k, m := range r.tasks[t].mask {
		if busy[k]&m != 0 {
			return false
		}
	}
	return true
}

// aloneLB bounds from below the cost of completing task t with its
// private candidates, its shared ones that stay and the binding ones from
// shared index from on, with a members of whom e employers already
// seated, ignoring every other task:
// the nearest remaining candidates are the cheapest, and the college
// shortfall cannot drop below what b more members can fix.
func (r *repairer) aloneLB(t, from, a, e int) float64 {
	w := &r.s.pr.w
	tk := &r.tasks[t]
	cands := tk.cands
	lb := math.Inf(1)
	sum := 0.0
	i := 0
	for b := 0; ; b++ {
		n := a + b
		short := max(0, tk.emps+tk.empls-n, max(0, tk.emps-e-b)+max(0, tk.empls-(a-e)-b))
		lb = min(lb, sum+w.Unfilled*float64(tk.seats-n)+w.College*float64(short))
		// Candidates that do not fit now never will in this branch: the
		// search only adds people. Members need no test: those the search
		// seated are binding candidates before from, the locked ones are
		// no candidates.
		for i < len(cands) && (cands[i].shared >= 0 && int(cands[i].shared) < from && !r.stays(t, &cands[i]) || !r.fits(t, &cands[i])) {
			i++
		}
		if n >= tk.seats || i >= len(cands) {
			break
		}
		sum += w.Km * cands[i].d
		i++
	}
	return lb
}

// complete is the best completion of task t by its private candidates,
// with a members of whom e employers seated: the ne nearest private
// employers and nm nearest private employees, as many of each as pays.
func (r *repairer) complete(t, a, e int, candE, candM []cand) (cost float64, ne, nm int) {
	s, pr := r.s, r.s.pr
	tk := &r.tasks[t]
	free := tk.seats - a
	cost = math.Inf(1)
	sumE := 0.0
	for i := 0; i <= min(free, len(candE)); i++ {
		if i > 0 {
			sumE += pr.w.Km * candE[i-1].d
		}
		sumM := 0.0
		for k := 0; k <= min(free-i, len(candM)); k++ {
			if k > 0 {
				sumM += pr.w.Km * candM[k-1].d
			}
			if v := sumE + sumM + s.penalty(tk.j, a+i+k, e+i); v < cost {
				cost, ne, nm = v, i, k
			}
		}
	}
	return cost, ne, nm
}

// search is the branch and bound: task t, its binding candidates from
// shared index from on, cost the cost of the tasks before t plus the
// members seated in t.
func (r *repairer) search(t, from int, cost float64) {
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
	if from > 0 || len(r.cur[t]) > 0 {
		r.branch(t, from, cost)
		return
	}
	// Entering task t: what follows depends only on the seats that the
	// people of the tasks from t on took before. Branches that differ
	// elsewhere have the same best completion, so a bound learnt in one
	// prunes the others.
	// FNV-1a over the task and those seats, in the order of the search,
	// which is the same for the same seats. A collision (about 2⁻⁶⁴ per
	// pair) could only make the search miss an improvement.
	key := uint64(14695981039346656037)
	mix := func(x uint32) {
		key ^= uint64(x)
		key *= 1099511628211
	}
	mix(uint32(t))
	for i := 0; i < len(r.picks); i += 2 {
		if l := r.picks[i]; r.inSuffix[t][l] {
			mix(uint32(l)<<8 | uint32(r.picks[i+1]))
		}
	}
	if v, ok := r.memo[key]; ok && cost+v >= r.best {
		return
	}
	r.branch(t, 0, cost)
	if r.nodes < r.limit {
		// Explored in full: every completion from here costs at least
		// what remains to be beaten.
		if v, ok := r.memo[key]; !ok || r.best-cost > v {
			r.memo[key] = r.best - cost
		}
	}
}

// stays tells whether shared candidate c of task t, if she fits t now,
// will fit it whatever the later tasks do, and leaves them as they are if
// seated: none of them shares a half-day with t, and her load allows t
// and all of them. Her seat in t is then decided in closed form when t
// closes, like a private candidate's, instead of branched on.
func (r *repairer) stays(t int, c *repairCand) bool {
	return !c.clash && r.s.load[c.p]+r.tasks[t].h+c.later <= r.s.pr.inst.People[c.p].MaxHalfDays
}

// branch is search past the memo: bound, then seat one more binding
// candidate or close the task.
func (r *repairer) branch(t, from int, cost float64) {
	pr := r.s.pr
	tk := &r.tasks[t]
	a, e := r.seated[t], r.emps[t]
	lb := cost + r.aloneLB(t, from, a, e)
	// The later tasks' bounds, raised as this branch takes their people.
	for _, v := range r.taskLB[t+1:] {
		lb += v
	}
	if lb >= r.best {
		return
	}
	if a < tk.seats {
		for i := from; i < len(tk.shared); i++ {
			c := &tk.shared[i]
			if r.stays(t, c) || !r.fits(t, c) {
				continue
			}
			r.seat(t, c.p, 1)
			r.cur[t] = append(r.cur[t], c.cand)
			r.picks = append(r.picks, c.l, int32(t))
			for _, u := range c.next {
				r.undo = append(r.undo, r.taskLB[u])
				r.taskLB[u] = r.aloneLB(int(u), 0, r.seated[u], r.emps[u])
			}
			r.search(t, i+1, cost+pr.w.Km*c.d)
			for k := len(c.next) - 1; k >= 0; k-- {
				r.taskLB[c.next[k]] = r.undo[len(r.undo)-1]
				r.undo = r.undo[:len(r.undo)-1]
			}
			r.picks = r.picks[:len(r.picks)-2]
			r.cur[t] = r.cur[t][:len(r.cur[t])-1]
			r.seat(t, c.p, -1)
			if r.nodes >= r.limit {
				return
			}
		}
	}
	// Close the task: the nearest free candidates (private ones, and
	// shared ones that stay) complete it.
	n := len(r.cur[t])
	// Each task has its own buffers: the closes of deeper tasks run while
	// these are in use, those of this task one after the other.
	freeE := r.free(t, tk.privE, true, &tk.bufE)
	freeM := r.free(t, tk.privM, false, &tk.bufM)
	pen, ne, nm := r.complete(t, a, e, freeE, freeM)
	// A binding member farther than a free one of her college left out is
	// beaten by the swap.
	for _, c := range r.cur[t][:n] {
		if pr.employer[c.p] && ne < len(freeE) && c.d > freeE[ne].d ||
			!pr.employer[c.p] && nm < len(freeM) && c.d > freeM[nm].d {
			return
		}
	}
	r.cur[t] = append(append(r.cur[t], freeE[:ne]...), freeM[:nm]...)
	r.search(t+1, 0, cost+pen)
	r.cur[t] = r.cur[t][:n]
}

// free merges task t's private candidates of one college (priv, nearest
// first) with its shared ones of that college that stay and fit now, in
// buf (which it returns, grown if need be).
func (r *repairer) free(t int, priv []cand, employer bool, buf *[]cand) []cand {
	pr := r.s.pr
	out := (*buf)[:0]
	i := 0
	for k := range r.tasks[t].shared {
		c := &r.tasks[t].shared[k]
		if pr.employer[c.p] != employer || !r.stays(t, c) || !r.fits(t, c) {
			continue
		}
		for i < len(priv) && priv[i].d <= c.d {
			out = append(out, priv[i])
			i++
		}
		out = append(out, c.cand)
	}
	out = append(out, priv[i:]...)
	*buf = out
	return out
}
