package optim

import (
	"context"
	"math"
	"slices"
	"sort"
)

// costScale turns costs into integers for the flow; they are rounded down
// so that the flow's optimum stays below the true one. It is lowered for
// instances whose weights would make the flow's distances and potentials
// overflow (see scaleFor).
const costScale = 1e6

// scaleFor chooses the scale of an instance: 10⁶ unless an arc could cost
// so much that a path through every node of the network would pass 2⁶⁰,
// the margin that keeps potentials and their sums in int64. A smaller scale
// rounds costs more coarsely (the flow is then less exact) but still down,
// so the bound stays valid.
func scaleFor(pr *prob) float64 {
	maxDist := 0.0
	for _, cs := range pr.elig {
		if len(cs) > 0 {
			maxDist = max(maxDist, cs[len(cs)-1].d)
		}
	}
	maxArc := max(pr.w.Km*maxDist, pr.w.Unfilled, pr.w.College, 1)
	nodes := float64(1 + len(pr.inst.People)*(1+len(pr.hdIndex)) + 3*len(pr.inst.Juries))
	return min(costScale, math.Exp2(60)/(4*maxArc*nodes))
}

type flowResult struct {
	full []fullPair
	// split lists the pairs of multi-half-day juries that the flow seated
	// on some of the jury's half-days only: the subgradient of the
	// Lagrangian rounds.
	split         []splitPair
	bound         float64
	arcs          int
	augmentations int
	timedOut      bool
}

type fullPair struct {
	j int
	p int32
	d float64
}

// splitPair is a pair seated on some of its jury's half-days: flows[i]
// tells whether it sat on the i-th; its multipliers are lam[m:m+len(flows)].
type splitPair struct {
	m     int32
	flows []bool
}

type keptPair struct {
	j  int
	p  int32
	a0 int32 // first of its arcs a0, a0+2, … one per half-day
	d  float64
}

type prunedArc struct {
	pd, to int32
	cost   int64
}

const (
	kindOther uint8 = iota
	kindPD
)

// flowModel is the relaxation of one state, built once and solved again
// for each round's multipliers: only the costs of the kept pairs' arcs
// change between rounds.
type flowModel struct {
	pr          *prob
	g           network
	kind        []uint8
	act         []activeJury
	kept        []keptPair
	pruned      []prunedArc // sorted by person×half-day node
	constant    float64
	totalDemand int64
	demand      []nodeDemand
	cap0        []int32
	cost0       []int64
}

// activeJury is a jury with seats left to fill in the relaxation.
type activeJury struct {
	j                  int
	h                  int
	seats, emps, empls int
	ae, am, t          int32
	cands              []cand
}

// newFlowModel builds the relaxation in which a jury of h half-days is h
// seats-groups of one half-day each (a person may then cover only some of
// them), with employer and employee targets as arcs of negative cost:
//
//	source → person (max half-days left) → person×half-day (1)
//	       → jury's employer or employee node → jury (seats × h)
//	source → jury: empty seat, cost unfilled / h.
//
// Without multi-half-day juries it is the exact problem. Whatever the
// state of the flow, the potentials give a valid lower bound by LP duality,
// computed over every eligible pair, pruned ones included.
func newFlowModel(pr *prob, st *state, k int) *flowModel {
	inst := pr.inst
	nHD := int64(len(pr.hdIndex))
	m := &flowModel{pr: pr, kind: []uint8{kindOther}}
	g := &m.g
	newNode := func(kd uint8) int32 {
		m.kind = append(m.kind, kd)
		return int32(len(m.kind) - 1)
	}
	const S = 0
	personNode := make([]int32, len(inst.People))
	for i := range personNode {
		personNode[i] = -1
	}
	for j := range inst.Juries {
		jj := &inst.Juries[j]
		for _, d := range st.dist[j] {
			m.constant += pr.w.Km * d
		}
		a, e := len(st.members[j]), st.nE[j]
		seats := jj.Seats - a
		if seats <= 0 {
			m.constant += st.penalty(j, a, e)
			continue
		}
		x := activeJury{j: j, h: len(pr.jHD[j]), seats: seats, emps: max(0, jj.Employers-e), empls: max(0, jj.Employees-(a-e))}
		m.constant += pr.w.College * float64(x.emps+x.empls)
		for _, c := range pr.elig[j] {
			if st.isMember(j, c.p) || !st.fits(j, c.p, -1) {
				continue
			}
			x.cands = append(x.cands, c)
		}
		x.ae, x.am, x.t = newNode(kindOther), newNode(kindOther), newNode(kindOther)
		m.totalDemand += int64(seats * x.h)
		m.act = append(m.act, x)
	}
	// Nodes of every candidate person and half-day, pruned or not, so that
	// the bound can price the pruned arcs.
	pdNode := map[int64]int32{}
	for _, x := range m.act {
		for _, c := range x.cands {
			pn := personNode[c.p]
			if pn < 0 {
				pn = newNode(kindOther)
				personNode[c.p] = pn
				// No one sits more half-days than the session has.
				left := min(inst.People[c.p].MaxHalfDays-st.load[c.p], len(pr.hdIndex))
				g.addArc(S, pn, int32(left), 0)
			}
			for _, d := range pr.jHD[x.j] {
				key := int64(c.p)*nHD + int64(d)
				if _, ok := pdNode[key]; !ok {
					n := newNode(kindPD)
					pdNode[key] = n
					g.addArc(pn, n, 1, 0)
				}
			}
		}
	}
	for _, x := range m.act {
		h := float64(x.h)
		nE, nM := 0, 0
		for _, c := range x.cands {
			to := x.am
			n := &nM
			if pr.employer[c.p] {
				to, n = x.ae, &nE
			}
			cost := int64(math.Floor(pr.scale * pr.w.Km * c.d / h))
			if k >= 0 && *n >= k {
				for _, d := range pr.jHD[x.j] {
					m.pruned = append(m.pruned, prunedArc{pdNode[int64(c.p)*nHD+int64(d)], to, cost})
				}
				continue
			}
			*n++
			var a0 int32 = -1
			for _, d := range pr.jHD[x.j] {
				a := g.addArc(pdNode[int64(c.p)*nHD+int64(d)], to, 1, cost)
				if a0 < 0 {
					a0 = a
				}
			}
			m.kept = append(m.kept, keptPair{x.j, c.p, a0, c.d})
		}
		groupCap := int32(x.seats * x.h)
		colCost := int64(math.Floor(-pr.scale * pr.w.College / h))
		if x.emps > 0 {
			g.addArc(x.ae, x.t, int32(x.emps*x.h), colCost)
		}
		g.addArc(x.ae, x.t, groupCap, 0)
		if x.empls > 0 {
			g.addArc(x.am, x.t, int32(x.empls*x.h), colCost)
		}
		g.addArc(x.am, x.t, groupCap, 0)
		g.addArc(S, x.t, groupCap, int64(math.Floor(pr.scale*pr.w.Unfilled/h)))
		m.demand = append(m.demand, nodeDemand{x.t, int64(x.seats * x.h)})
	}
	g.build(len(m.kind))
	m.cap0 = slices.Clone(g.cap)
	m.cost0 = slices.Clone(g.cost)
	sort.Slice(m.pruned, func(i, j int) bool { return m.pruned[i].pd < m.pruned[j].pd })
	return m
}

// multipliers is how many Lagrange multipliers the model has: one per
// half-day of each kept pair, the kept pair's arcs a0/2 … in order.
func (m *flowModel) multipliers() int { return len(m.g.head) / 2 }

// solve solves the relaxation with the Lagrange multipliers lam of the
// relaxed rows "the same person on every half-day of the jury" (nil: none):
// lam[a/2] is added to the cost of arc a of a kept pair. They sum to zero
// over a pair's half-days, so that any real assignment costs the same and
// the bound stays valid for any multipliers.
func (m *flowModel) solve(ctx context.Context, lam []int64) flowResult {
	pr, g := m.pr, &m.g
	const S = 0
	copy(g.cap, m.cap0)
	copy(g.cost, m.cost0)
	if lam != nil {
		for _, kp := range m.kept {
			for i := range pr.jHD[kp.j] {
				a := kp.a0 + int32(2*i)
				g.cost[a] += lam[a/2]
				g.cost[a^1] = -g.cost[a]
			}
		}
	}
	clear(g.pi)
	// Initial potentials that make every reduced cost non-negative: the
	// multipliers may make a pair's arc negative. The network is layered
	// (source, people, half-days, then each jury's college nodes and the
	// jury), so one pass in that order is enough.
	for _, x := range m.act {
		for _, v := range []int32{x.ae, x.am, x.t} {
			var p int64
			for _, b := range g.adj[g.first[v]:g.first[v+1]] {
				if b&1 == 1 { // reverse of an arc into v
					a := b ^ 1
					p = min(p, g.pi[g.tail[a]]+g.cost[a])
				}
			}
			g.pi[v] = p
		}
	}
	fr := flowResult{arcs: len(g.head) / 2}
	for _, x := range m.act {
		rem := int32(x.seats * x.h)
		for rem > 0 {
			if fr.augmentations%256 == 0 && ctx.Err() != nil {
				fr.timedOut = true
				break
			}
			sent := g.augment(S, x.t, rem)
			fr.augmentations++
			if sent == 0 {
				break
			}
			rem -= sent
		}
		if fr.timedOut {
			break
		}
	}
	for _, kp := range m.kept {
		full := true
		for i := range pr.jHD[kp.j] {
			if g.cap[kp.a0+int32(2*i)] != 0 {
				full = false
				break
			}
		}
		if full {
			fr.full = append(fr.full, fullPair{kp.j, kp.p, kp.d})
			continue
		}
		if h := len(pr.jHD[kp.j]); h > 1 {
			flows := make([]bool, h)
			any := false
			for i := range flows {
				flows[i] = g.cap[kp.a0+int32(2*i)] == 0
				any = any || flows[i]
			}
			if any {
				fr.split = append(fr.split, splitPair{kp.a0 / 2, flows})
			}
		}
	}
	fr.bound = dualBound(g, m.kind, m.pruned, m.totalDemand, m.demand)/pr.scale + m.constant
	return fr
}

// dualBound is Σ u·min(0, reduced cost) − Σ π·supply over the whole
// network, a lower bound for any potentials π (weak LP duality). The
// potential of each person×half-day node is re-chosen to maximise its own
// terms, which matters for the nodes next to pruned arcs. pruned is sorted
// by person×half-day node.
func dualBound(g *network, kind []uint8, pruned []prunedArc, supply int64, demand []nodeDemand) float64 {
	// Summed in float64: the terms fit in int64 but their sum might not
	// with huge weights; the sum is then lowered by a relative margin far
	// above float rounding, so that it stays a bound.
	var lb, abs float64
	addTerm := func(x int64) {
		lb += float64(x)
		abs += math.Abs(float64(x))
	}
	addTerm(-g.pi[0] * supply)
	for _, d := range demand {
		addTerm(g.pi[d.t] * d.d)
	}
	for a := 0; a < len(g.head); a += 2 {
		u, v := g.tail[a], g.head[a]
		if kind[u] == kindPD || kind[v] == kindPD {
			continue
		}
		if rc := g.cost[a] + g.pi[u] - g.pi[v]; rc < 0 {
			addTerm(int64(g.cap[a]+g.cap[a^1]) * rc)
		}
	}
	type out struct {
		c  int64
		to int64 // potential of the head
	}
	var outs []out
	pi := 0
	for v := range kind {
		if kind[v] != kindPD {
			continue
		}
		outs = outs[:0]
		var inPi int64
		for _, b := range g.adj[g.first[v]:g.first[v+1]] {
			if b&1 == 0 {
				outs = append(outs, out{g.cost[b], g.pi[g.head[b]]})
			} else {
				inPi = g.pi[g.head[b]] // the person node
			}
		}
		for pi < len(pruned) && pruned[pi].pd < int32(v) {
			pi++
		}
		for pi < len(pruned) && pruned[pi].pd == int32(v) {
			outs = append(outs, out{pruned[pi].cost, g.pi[pruned[pi].to]})
			pi++
		}
		f := func(y int64) int64 {
			s := min(0, inPi-y)
			for _, o := range outs {
				s += min(0, o.c+y-o.to)
			}
			return s
		}
		// f is concave; its maximum is at the person's potential or at
		// one of the two largest breakpoints of the out arcs.
		b1, b2 := int64(math.MinInt64), int64(math.MinInt64)
		for _, o := range outs {
			if b := o.to - o.c; b > b1 {
				b1, b2 = b, b1
			} else if b > b2 {
				b2 = b
			}
		}
		best := max(f(g.pi[v]), f(inPi))
		if b1 != math.MinInt64 {
			best = max(best, f(b1))
		}
		if b2 != math.MinInt64 {
			best = max(best, f(b2))
		}
		addTerm(best)
	}
	return lb - 1e-12*abs
}

type nodeDemand struct {
	t int32
	d int64
}
