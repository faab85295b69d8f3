package optim

import (
	"context"
	"math"
	"slices"
	"sort"
	"time"
)

// Options tunes the solver; the zero value is the default.
type Options struct {
	// K is how many candidates per jury and college (the nearest) enter
	// the flow relaxation; 0 means DefaultK, a negative value keeps all.
	// The local search and the lower bound still see every candidate.
	K int
	// Rounds is how many times the relaxation is solved with updated
	// Lagrange multipliers (each round also yields a solution); 0 means
	// DefaultRounds, 1 a single flow.
	Rounds int
}

// DefaultRounds of the Lagrangian: on the generated instances the bound
// gains little after 20 (see docs/jury.md).
const DefaultRounds = 20

// DefaultK keeps the 40 nearest candidates per jury and college: on the
// generated instances, pruning there changed neither the flow optimum nor
// the bound (see docs/jury.md).
const DefaultK = 40

// Result is a solution with its lower bound and the reasons of empty seats.
// Everything but Timings depends only on the instance and the options (when
// no deadline strikes): two runs give byte-identical JSON once Timings is
// left out, which `cee jury solve` does (it writes them apart).
type Result struct {
	Assignments []Pair     `json:"assignments"`
	Objective   float64    `json:"objective"`
	LowerBound  float64    `json:"lower_bound"`
	Unfilled    []Unfilled `json:"unfilled"`
	Stats       Stats      `json:"stats"`
	Timings     *Timings   `json:"timings,omitempty"`
}

// Timings describe one run: they differ from run to run.
type Timings struct {
	Seconds float64 `json:"seconds"`
	// PrepareSeconds is the time to index the instance and list the
	// eligible pairs.
	PrepareSeconds float64 `json:"prepare_seconds"`
	FlowSeconds    float64 `json:"flow_seconds"`
	SearchSeconds  float64 `json:"search_seconds"`
	// TimedOut says the deadline stopped the solver: the solution is
	// feasible but may be worse than without it.
	TimedOut bool `json:"timed_out"`
}

// GapBound is how far above the optimum the objective can be at most,
// relative to the optimum: (objective − lower bound) / lower bound, a true
// upper bound because the lower bound is never above the optimum. ok is
// false when the bound is 0 under a positive objective (nothing proven).
func (r *Result) GapBound() (gap float64, ok bool) {
	switch {
	case r.Objective <= r.LowerBound:
		return 0, true
	case r.LowerBound <= 0:
		return 0, false
	}
	return (r.Objective - r.LowerBound) / r.LowerBound, true
}

// Unfilled tells how many seats of a jury stay empty, and why.
type Unfilled struct {
	Jury    string `json:"jury"`
	Missing int    `json:"missing"`
	Reason  string `json:"reason"`
}

// Stats describe the run and the quality of the solution.
type Stats struct {
	Juries        int `json:"juries"`
	People        int `json:"people"`
	Seats         int `json:"seats"`
	EligiblePairs int `json:"eligible_pairs"`
	FlowArcs      int `json:"flow_arcs"`
	K             int `json:"k"`
	Augmentations int `json:"augmentations"`
	Moves         int `json:"moves"`
	Rounds        int `json:"rounds"`
	Assigned      int `json:"assigned"`
	UnfilledSeats int `json:"unfilled_seats"`
	// CollegeShortfall counts employers and employees missing from the
	// juries' targets.
	CollegeShortfall int `json:"college_shortfall"`
	// Gap is GapBound's: (objective − lower bound) / lower bound, or −1
	// when the bound proves nothing (0 under a positive objective).
	Gap       float64 `json:"gap"`
	TotalKm   float64 `json:"total_km"`
	P95Km     float64 `json:"p95_km"`
	MaxKm     float64 `json:"max_km"`
	MaxLoad   int     `json:"max_load"`
	LoadGini  float64 `json:"load_gini"`
	FlowBound float64 `json:"flow_bound"`
	JuryBound float64 `json:"jury_bound"`
}

type cand struct {
	p int32
	d float64
}

// kmPerDegreeLat is a shade under one degree of latitude on the 6371 km
// sphere (111.19 km), so that rounding never drops an eligible pair.
const kmPerDegreeLat = 111.19

// prob is an instance indexed for the solver.
type prob struct {
	inst     *Instance
	w        Weights
	words    int
	hdIndex  map[string]int
	juryMask []uint64 // jury j's half-days, words per jury
	jHD      [][]int32
	employer []bool
	elig     [][]cand // per jury, nearest first
	// counters for the reasons of empty seats
	nCompetent, nInRange, nAvailable []int
	juryIdx, personIdx               map[string]int
	// examined is how many juries had their candidates listed: all of
	// them unless the deadline struck during the preparation, in which
	// case the later juries have none, and no bound is valid.
	examined int
	// scale turns costs into the flow's integers (scaleFor).
	scale float64
}

func prepare(ctx context.Context, inst *Instance) *prob {
	pr := &prob{inst: inst, w: inst.Weights, hdIndex: map[string]int{}}
	for _, j := range inst.Juries {
		for _, h := range j.HalfDays {
			if _, ok := pr.hdIndex[h]; !ok {
				pr.hdIndex[h] = len(pr.hdIndex)
			}
		}
	}
	pr.words = (len(pr.hdIndex) + 63) / 64
	if pr.words == 0 {
		pr.words = 1
	}
	nj, np := len(inst.Juries), len(inst.People)
	pr.juryMask = make([]uint64, nj*pr.words)
	pr.jHD = make([][]int32, nj)
	pr.juryIdx = make(map[string]int, nj)
	for ji, j := range inst.Juries {
		pr.juryIdx[j.ID] = ji
		for _, h := range j.HalfDays {
			k := pr.hdIndex[h]
			pr.jHD[ji] = append(pr.jHD[ji], int32(k))
			pr.juryMask[ji*pr.words+k/64] |= 1 << (k % 64)
		}
	}
	avail := make([]uint64, np*pr.words)
	pr.employer = make([]bool, np)
	pr.personIdx = make(map[string]int, np)
	bySpec := map[string][]int32{}
	tieID := map[string]int32{}
	ties := make([][]int32, np)
	for pi, q := range inst.People {
		pr.personIdx[q.ID] = pi
		pr.employer[pi] = q.College == Employer
		for _, h := range q.Available {
			if k, ok := pr.hdIndex[h]; ok {
				avail[pi*pr.words+k/64] |= 1 << (k % 64)
			}
		}
		for _, s := range q.Specialties {
			if l := bySpec[s]; len(l) == 0 || l[len(l)-1] != int32(pi) {
				bySpec[s] = append(l, int32(pi))
			}
		}
		for _, t := range q.Ties {
			id, ok := tieID[t]
			if !ok {
				id = int32(len(tieID))
				tieID[t] = id
			}
			ties[pi] = append(ties[pi], id)
		}
	}
	pr.elig = make([][]cand, nj)
	pr.nCompetent = make([]int, nj)
	pr.nInRange = make([]int, nj)
	pr.nAvailable = make([]int, nj)
	pr.examined = nj
	for ji, j := range inst.Juries {
		if ji%256 == 0 && ctx.Err() != nil {
			pr.examined = ji
			break
		}
		var conf []int32
		for _, c := range j.Conflicts {
			if id, ok := tieID[c]; ok {
				conf = append(conf, id)
			}
		}
		mask := pr.juryMask[ji*pr.words : (ji+1)*pr.words]
		for _, pi := range bySpec[j.Specialty] {
			pr.nCompetent[ji]++
			q := &inst.People[pi]
			// The distance along the meridian is a lower bound of the
			// great-circle one, and much cheaper than the haversine.
			if math.Abs(j.Lat-q.Lat)*kmPerDegreeLat > q.MaxKm {
				continue
			}
			d := Distance(j.Lat, j.Lon, q.Lat, q.Lon)
			if d > q.MaxKm {
				continue
			}
			pr.nInRange[ji]++
			ok := true
			for w, m := range mask {
				if avail[int(pi)*pr.words+w]&m != m {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			pr.nAvailable[ji]++
			conflict := false
			for _, t := range ties[pi] {
				if slices.Contains(conf, t) {
					conflict = true
					break
				}
			}
			if !conflict {
				pr.elig[ji] = append(pr.elig[ji], cand{pi, d})
			}
		}
		sort.SliceStable(pr.elig[ji], func(a, b int) bool { return pr.elig[ji][a].d < pr.elig[ji][b].d })
	}
	return pr
}

// state is a feasible assignment under construction.
type state struct {
	pr      *prob
	members [][]int32
	dist    [][]float64 // distance of each member, same order
	nE      []int
	busy    []uint64
	load    []int
	locked  map[[2]int32]bool
	of      [][]int32 // juries of each person
	// stamp counts the changes; changed[p] is the stamp of the last change
	// of person p's juries, so that the repair skips neighbourhoods where
	// nothing moved since they were last found optimal.
	stamp   int64
	changed []int64
	// minEmpty is a lower bound on the number of empty seats of any
	// composition (with the locks); minEmptyProven says this state has
	// exactly that many, so that an empty seat can be explained as the
	// price of another one.
	minEmpty       int
	minEmptyProven bool
}

func newState(pr *prob) *state {
	nj, np := len(pr.inst.Juries), len(pr.inst.People)
	return &state{pr: pr, members: make([][]int32, nj), dist: make([][]float64, nj), nE: make([]int, nj),
		busy: make([]uint64, np*pr.words), load: make([]int, np), locked: map[[2]int32]bool{}, of: make([][]int32, np),
		changed: make([]int64, np)}
}

// penalty is the cost of jury j's empty seats and college shortfall with
// a members of whom e are employers.
func (s *state) penalty(j int, a, e int) float64 {
	jj := &s.pr.inst.Juries[j]
	return s.pr.w.Unfilled*float64(jj.Seats-a) +
		s.pr.w.College*float64(max(0, jj.Employers-e)+max(0, jj.Employees-(a-e)))
}

func (s *state) clone() *state {
	c := *s
	c.members = make([][]int32, len(s.members))
	c.dist = make([][]float64, len(s.dist))
	for j := range s.members {
		c.members[j] = slices.Clone(s.members[j])
		c.dist[j] = slices.Clone(s.dist[j])
	}
	c.nE = slices.Clone(s.nE)
	c.busy = slices.Clone(s.busy)
	c.load = slices.Clone(s.load)
	c.changed = slices.Clone(s.changed)
	c.of = make([][]int32, len(s.of))
	for p := range s.of {
		c.of[p] = slices.Clone(s.of[p])
	}
	return &c
}

// overlap tells whether juries a and b share a half-day.
func (pr *prob) overlap(a, b int) bool {
	w := pr.words
	for k := 0; k < w; k++ {
		if pr.juryMask[a*w+k]&pr.juryMask[b*w+k] != 0 {
			return true
		}
	}
	return false
}

func (s *state) isMember(j int, p int32) bool { return slices.Contains(s.members[j], p) }

// canAdd tells whether p is free for all of j's half-days and under its
// maximum; eligibility is known from the candidate list.
func (s *state) canAdd(j int, p int32) bool {
	if len(s.members[j]) >= s.pr.inst.Juries[j].Seats || s.isMember(j, p) {
		return false
	}
	return s.fits(j, p, -1)
}

// fits tells whether p could sit in j if it left jury without (-1: none).
func (s *state) fits(j int, p int32, without int) bool {
	w := s.pr.words
	load := s.load[p] + len(s.pr.jHD[j])
	if without >= 0 {
		load -= len(s.pr.jHD[without])
	}
	if load > s.pr.inst.People[p].MaxHalfDays {
		return false
	}
	for k := 0; k < w; k++ {
		b := s.busy[int(p)*w+k]
		if without >= 0 {
			b &^= s.pr.juryMask[without*w+k]
		}
		if b&s.pr.juryMask[j*w+k] != 0 {
			return false
		}
	}
	return true
}

func (s *state) add(j int, p int32, d float64) {
	s.members[j] = append(s.members[j], p)
	s.dist[j] = append(s.dist[j], d)
	if s.pr.employer[p] {
		s.nE[j]++
	}
	w := s.pr.words
	for k := 0; k < w; k++ {
		s.busy[int(p)*w+k] |= s.pr.juryMask[j*w+k]
	}
	s.load[p] += len(s.pr.jHD[j])
	s.of[p] = append(s.of[p], int32(j))
	s.stamp++
	s.changed[p] = s.stamp
}

func (s *state) remove(j int, p int32) {
	i := slices.Index(s.members[j], p)
	s.members[j] = slices.Delete(s.members[j], i, i+1)
	s.dist[j] = slices.Delete(s.dist[j], i, i+1)
	if s.pr.employer[p] {
		s.nE[j]--
	}
	w := s.pr.words
	for k := 0; k < w; k++ {
		s.busy[int(p)*w+k] &^= s.pr.juryMask[j*w+k]
	}
	s.load[p] -= len(s.pr.jHD[j])
	k := slices.Index(s.of[p], int32(j))
	s.of[p] = slices.Delete(s.of[p], k, k+1)
	s.stamp++
	s.changed[p] = s.stamp
}

func (s *state) objective() float64 {
	var obj float64
	for j := range s.members {
		for _, d := range s.dist[j] {
			obj += s.pr.w.Km * d
		}
		obj += s.penalty(j, len(s.members[j]), s.nE[j])
	}
	return obj
}

// Solve assigns people to juries. It stops improving when ctx is done and
// returns the best solution found, which is always feasible.
func Solve(ctx context.Context, inst *Instance, opt Options) (*Result, error) {
	// Not interruptible (a few tenths of a second nationally): a result
	// is always a solution of a valid instance.
	if err := Validate(inst); err != nil {
		return nil, err
	}
	start := time.Now()
	k := opt.K
	if k == 0 {
		k = DefaultK
	}
	pr := prepare(ctx, inst)
	pr.scale = scaleFor(pr)
	prepared := time.Now()
	res := &Result{Timings: &Timings{}}
	res.Timings.PrepareSeconds = prepared.Sub(start).Seconds()
	st := newState(pr)
	for _, l := range inst.Locked {
		j, p := pr.juryIdx[l.Jury], pr.personIdx[l.Person]
		q, jj := inst.People[p], inst.Juries[j]
		st.add(j, int32(p), Distance(jj.Lat, jj.Lon, q.Lat, q.Lon))
		st.locked[[2]int32{int32(j), int32(p)}] = true
	}
	res.Stats.K = k
	for _, e := range pr.elig {
		res.Stats.EligiblePairs += len(e)
	}

	base := st
	var best *state
	bestObj, bound := math.Inf(1), math.Inf(-1)
	rounds := opt.Rounds
	if rounds == 0 {
		rounds = DefaultRounds
	}
	rounds = max(1, rounds)
	if ctx.Err() != nil {
		// The deadline struck during the preparation: no relaxation, the
		// greedy fill alone (milliseconds), so that the limit is kept.
		rounds = 0
		best = base.clone()
		res.Stats.Moves, _ = best.improve(ctx)
		res.Timings.TimedOut = true
	}
	t0 := time.Now()
	var model *flowModel
	var lam []int64
	if rounds > 0 {
		model = newFlowModel(pr, base, k)
		lam = make([]int64, model.multipliers())
	}
	res.Timings.FlowSeconds += time.Since(t0).Seconds()
	theta, stall := 1.0, 0
	for round := 0; round < rounds; round++ {
		t0 := time.Now()
		fr := model.solve(ctx, lam)
		res.Timings.FlowSeconds += time.Since(t0).Seconds()
		res.Stats.FlowArcs = fr.arcs
		res.Stats.Augmentations += fr.augmentations
		res.Timings.TimedOut = res.Timings.TimedOut || fr.timedOut
		res.Stats.Rounds = round + 1
		if round == 0 || fr.bound > bound+1e-9*math.Abs(bound) {
			bound, stall = fr.bound, 0
		} else if stall++; stall >= 3 {
			theta, stall = theta/2, 0
		}
		if round == 0 {
			res.Stats.FlowBound = fr.bound
		}

		// The pairs that the flow seated on all the jury's half-days are
		// feasible together; the local search completes them.
		t1 := time.Now()
		cand := base.clone()
		for _, a := range fr.full {
			if cand.canAdd(a.j, a.p) {
				cand.add(a.j, a.p, a.d)
			}
		}
		moves, timedOut := cand.improve(ctx)
		res.Stats.Moves += moves
		res.Timings.TimedOut = res.Timings.TimedOut || timedOut
		res.Timings.SearchSeconds += time.Since(t1).Seconds()
		if obj := cand.objective(); obj < bestObj-1e-9 {
			best, bestObj = cand, obj
		}
		if len(fr.split) == 0 || ctx.Err() != nil || bestObj-bound <= 1e-6*math.Max(1, bestObj) || theta < 1.0/64 {
			break
		}
		// Subgradient step on the multipliers (Polyak's step towards the
		// best objective): a pair seated on some half-days only gets dearer
		// where it was seated and cheaper where it was not.
		var norm float64
		for _, sp := range fr.split {
			n := 0
			for _, f := range sp.flows {
				if f {
					n++
				}
			}
			h := len(sp.flows)
			norm += float64(n * (h - n) * h) // Σ (h·f − n)²
		}
		stepF := math.Round(theta * (bestObj - bound) * pr.scale / norm)
		// Multipliers stay small against the scale's margin (scaleFor), so
		// that arc costs and potentials keep in int64; when a step would
		// pass that, the rounds stop (clamping one entry would break the
		// zero sum that keeps the bound valid).
		limit := math.Exp2(58) / float64(1+len(inst.People)*(1+len(pr.hdIndex))+3*len(inst.Juries))
		if stepF == 0 || stepF*float64(len(pr.hdIndex)) > limit {
			break
		}
		step := int64(stepF)
		tooBig := false
		for _, sp := range fr.split {
			for _, v := range lam[sp.m : int(sp.m)+len(sp.flows)] {
				if math.Abs(float64(v))+stepF*float64(len(sp.flows)) > limit {
					tooBig = true
				}
			}
		}
		if tooBig {
			break
		}
		for _, sp := range fr.split {
			n := 0
			for _, f := range sp.flows {
				if f {
					n++
				}
			}
			l := lam[sp.m : int(sp.m)+len(sp.flows)]
			h := len(sp.flows)
			for i, f := range sp.flows {
				g := -n
				if f {
					g += h
				}
				l[i] += step * int64(g)
			}
		}
	}
	st = best
	// Exact repair of small neighbourhoods and ejection chains (repair.go,
	// chains.go), then the one-step moves again around what they changed.
	// The passes only bound the descent: it ended by itself within 43
	// passes on the instances measured (multi 20,000 the longest).
	t2 := time.Now()
	if n, timedOut := st.repair(ctx, 200); n > 0 {
		res.Stats.Moves += n
		m, to := st.improve(ctx)
		res.Stats.Moves += m
		res.Timings.TimedOut = res.Timings.TimedOut || to
	} else {
		res.Timings.TimedOut = res.Timings.TimedOut || timedOut
	}
	res.Timings.SearchSeconds += time.Since(t2).Seconds()
	res.Stats.JuryBound = juryBound(pr, base)
	res.LowerBound = max(0, bound, res.Stats.JuryBound)
	if pr.examined < len(inst.Juries) {
		// Candidates are missing: the bounds only hold for a smaller
		// problem.
		res.LowerBound, res.Stats.FlowBound, res.Stats.JuryBound = 0, 0, 0
		res.Timings.TimedOut = true
	}
	res.Objective = st.objective()
	// The flow's costs are rounded down, but the objective is a float sum:
	// when they meet, float noise may put the bound a hair above.
	if res.LowerBound > res.Objective && res.LowerBound-res.Objective <= 1e-6*math.Max(1, res.Objective) {
		res.LowerBound = res.Objective
	}
	st.proveMinEmpty(ctx, base, k)
	st.fillResult(res)
	res.Timings.Seconds = time.Since(start).Seconds()
	return res, nil
}

// proveMinEmpty bounds from below the number of empty seats of any
// composition, with the same relaxation as the objective's but only empty
// seats costing, and tells whether st reaches it. It runs only when some
// empty seat has eligible people who are all taken: the other reasons are
// facts of the instance.
func (st *state) proveMinEmpty(ctx context.Context, base *state, k int) {
	pr := st.pr
	empty, needed := 0, false
	for j := range st.members {
		missing := pr.inst.Juries[j].Seats - len(st.members[j])
		empty += missing
		if missing > 0 && j < pr.examined && len(pr.elig[j]) > len(st.members[j]) {
			needed = true
		}
	}
	if !needed || pr.examined < len(pr.inst.Juries) || ctx.Err() != nil {
		return
	}
	seats := *pr
	seats.w = Weights{Unfilled: 1}
	seats.scale = scaleFor(&seats)
	b := base.clone()
	b.pr = &seats
	fr := newFlowModel(&seats, b, k).solve(ctx, nil)
	lb := max(fr.bound, juryBound(&seats, b))
	if fr.timedOut {
		lb = juryBound(&seats, b)
	}
	st.minEmpty = int(math.Ceil(lb - 1e-6))
	st.minEmptyProven = empty <= st.minEmpty
}

// juryBound is a bound that ignores everything shared between juries:
// each jury alone takes its cheapest candidates (locked members stay).
// It is weak, but valid even when the flow was stopped by the deadline.
func juryBound(pr *prob, st *state) float64 {
	var lb float64
	for j := range pr.inst.Juries {
		jj := &pr.inst.Juries[j]
		var fixed float64
		nLocked := 0
		for i, p := range st.members[j] {
			if st.locked[[2]int32{int32(j), p}] {
				fixed += pr.w.Km * st.dist[j][i]
				nLocked++
			}
		}
		best := pr.w.Unfilled * float64(jj.Seats-nLocked)
		sum := 0.0
		n := nLocked
		for _, c := range pr.elig[j] {
			if n >= jj.Seats {
				break
			}
			if st.locked[[2]int32{int32(j), c.p}] {
				continue
			}
			n++
			sum += pr.w.Km * c.d
			best = min(best, sum+pr.w.Unfilled*float64(jj.Seats-n))
		}
		lb += fixed + best
	}
	return lb
}

// improve runs a local search: fill empty seats, replace members by
// cheaper free candidates, and move a busy candidate from another jury when
// the hole it leaves can be filled (an ejection chain of length two).
func (s *state) improve(ctx context.Context) (moves int, timedOut bool) {
	pr := s.pr
	// A greedy fill first, whatever the deadline: it takes milliseconds
	// and turns an interrupted relaxation into a usable solution.
	for j := range pr.inst.Juries {
		for s.fill(j) {
			moves++
		}
	}
	for round := 0; round < 50; round++ {
		improved := false
		for j := range pr.inst.Juries {
			if j%64 == 0 && ctx.Err() != nil {
				return moves, true
			}
			for s.fill(j) {
				moves++
				improved = true
			}
			for s.replace(j) {
				moves++
				improved = true
			}
		}
		for j := range pr.inst.Juries {
			if j%64 == 0 && ctx.Err() != nil {
				return moves, true
			}
			if len(s.members[j]) < pr.inst.Juries[j].Seats && s.chain(j) {
				moves++
				improved = true
				for s.fill(j) {
					moves++
				}
			}
		}
		if !improved {
			break
		}
	}
	return moves, false
}

const eps = 1e-9

// fill adds the free candidate that lowers the objective most.
func (s *state) fill(j int) bool {
	pr := s.pr
	a := len(s.members[j])
	if a >= pr.inst.Juries[j].Seats {
		return false
	}
	base := s.penalty(j, a, s.nE[j])
	bestD, best := -eps, -1
	for i, c := range pr.elig[j] {
		e := s.nE[j]
		if pr.employer[c.p] {
			e++
		}
		delta := pr.w.Km*c.d + s.penalty(j, a+1, e) - base
		if delta < bestD && s.canAdd(j, c.p) {
			bestD, best = delta, i
		}
	}
	if best < 0 {
		return false
	}
	s.add(j, pr.elig[j][best].p, pr.elig[j][best].d)
	return true
}

// replace swaps one unlocked member for a free candidate when cheaper.
func (s *state) replace(j int) bool {
	pr := s.pr
	a := len(s.members[j])
	base := s.penalty(j, a, s.nE[j])
	bestD := -eps
	var out, in int32 = -1, -1
	var inD float64
	for i, p := range s.members[j] {
		if s.locked[[2]int32{int32(j), p}] {
			continue
		}
		dp := s.dist[j][i]
		for _, c := range pr.elig[j] {
			if pr.w.Km*(c.d-dp) >= bestD+pr.w.College*2 {
				break // sorted by distance: no cheaper candidate follows
			}
			if c.p == p || s.isMember(j, c.p) || !s.fits(j, c.p, -1) {
				continue
			}
			e := s.nE[j]
			if pr.employer[p] {
				e--
			}
			if pr.employer[c.p] {
				e++
			}
			delta := pr.w.Km*(c.d-dp) + s.penalty(j, a, e) - base
			if delta < bestD {
				bestD, out, in, inD = delta, p, c.p, c.d
			}
		}
	}
	if in < 0 {
		return false
	}
	s.remove(j, out)
	s.add(j, in, inD)
	return true
}

// chain fills a seat of j with a candidate q sitting in another jury j1,
// and the hole in j1 with a free candidate r (or leaves it empty) when the
// total is cheaper.
func (s *state) chain(j int) bool {
	pr := s.pr
	a := len(s.members[j])
	baseJ := s.penalty(j, a, s.nE[j])
	bestD := -eps
	var bq, br int32 = -1, -1
	var bj1 int
	var bqd, brd float64
	for _, c := range pr.elig[j] {
		q := c.p
		if s.isMember(j, q) {
			continue
		}
		e := s.nE[j]
		if pr.employer[q] {
			e++
		}
		gain := pr.w.Km*c.d + s.penalty(j, a+1, e) - baseJ
		// q leaves one jury j1, which must be enough to free it.
		for _, j1 := range s.of[q] {
			j1 := int(j1)
			if s.locked[[2]int32{int32(j1), q}] || !s.fits(j, q, j1) {
				continue
			}
			a1 := len(s.members[j1])
			i1 := slices.Index(s.members[j1], q)
			qd1 := s.dist[j1][i1]
			e1 := s.nE[j1]
			if pr.employer[q] {
				e1--
			}
			leave := -pr.w.Km*qd1 + s.penalty(j1, a1-1, e1) - s.penalty(j1, a1, s.nE[j1])
			delta := gain + leave
			r, rd := int32(-1), 0.0
			// best free refill of j1, with q gone
			bestFill := 0.0
			for _, c1 := range pr.elig[j1] {
				if c1.p == q || s.isMember(j1, c1.p) || !s.fits(j1, c1.p, -1) {
					continue
				}
				ee := e1
				if pr.employer[c1.p] {
					ee++
				}
				f := pr.w.Km*c1.d + s.penalty(j1, a1, ee) - s.penalty(j1, a1-1, e1)
				if f < bestFill {
					bestFill, r, rd = f, c1.p, c1.d
				}
			}
			delta += bestFill
			if delta < bestD {
				bestD, bq, br, bj1, bqd, brd = delta, q, r, j1, c.d, rd
			}
		}
	}
	if bq < 0 {
		return false
	}
	s.remove(bj1, bq)
	s.add(j, bq, bqd)
	if br >= 0 && s.canAdd(bj1, br) {
		s.add(bj1, br, brd)
	}
	return true
}
