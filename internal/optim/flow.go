package optim

// network is a min-cost-flow network solved by successive shortest paths
// with node potentials. Each augmentation searches backwards from one
// demand node until it reaches the source, so a search only explores the
// neighbourhood of one jury instead of the whole country. Costs are
// integers (the caller scales and rounds them down, which keeps the bound
// valid).
type network struct {
	// Arcs come in pairs: a and a^1 are each other's reverse.
	head []int32
	cap  []int32 // residual capacity
	cost []int64
	tail []int32

	first []int32 // CSR: out arcs of node v are adj[first[v]:first[v+1]]
	adj   []int32
	pi    []int64

	// search scratch, reset through touched
	dist    []int64
	pred    []int32
	settled []bool
	touched []int32
	heap    []heapItem
	done    []int32
}

// heapItem orders by distance, then puts the source first: with many
// zero-cost arcs (weights km = 0) whole regions tie with the source, and
// popping it at once is what keeps the search local.
type heapItem struct {
	d      int64
	v      int32
	source bool
}

func (a heapItem) less(b heapItem) bool { return a.d < b.d || (a.d == b.d && a.source && !b.source) }

const inf = int64(1) << 62

// addArc adds u→v and its reverse, returning the forward arc.
func (g *network) addArc(u, v int32, capacity int32, cost int64) int32 {
	a := int32(len(g.head))
	g.head = append(g.head, v, u)
	g.tail = append(g.tail, u, v)
	g.cap = append(g.cap, capacity, 0)
	g.cost = append(g.cost, cost, -cost)
	return a
}

// build makes the adjacency lists of n nodes once all arcs are added.
func (g *network) build(n int) {
	g.first = make([]int32, n+1)
	for _, t := range g.tail {
		g.first[t+1]++
	}
	for v := 1; v <= n; v++ {
		g.first[v] += g.first[v-1]
	}
	g.adj = make([]int32, len(g.tail))
	pos := make([]int32, n)
	copy(pos, g.first[:n])
	for a, t := range g.tail {
		g.adj[pos[t]] = int32(a)
		pos[t]++
	}
	g.pi = make([]int64, n)
	g.dist = make([]int64, n)
	g.pred = make([]int32, n)
	g.settled = make([]bool, n)
	for i := range g.dist {
		g.dist[i] = inf
	}
}

func (g *network) push(it heapItem) {
	h := append(g.heap, it)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !it.less(h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = it
	g.heap = h
}

func (g *network) pop() heapItem {
	h := g.heap
	top := h[0]
	last := h[len(h)-1]
	h = h[:len(h)-1]
	i := 0
	for {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && h[c+1].less(h[c]) {
			c++
		}
		if !h[c].less(last) {
			break
		}
		h[i] = h[c]
		i = c
	}
	if len(h) > 0 {
		h[i] = last
	}
	g.heap = h
	return top
}

// augment sends up to want units from s to t along one shortest path and
// returns how many it sent (0 when t cannot be reached). Reduced costs stay
// non-negative on residual arcs: the potentials of the nodes settled before
// s are raised by how much closer to t they are than s.
func (g *network) augment(s, t int32, want int32) int32 {
	g.heap = g.heap[:0]
	g.touched = g.touched[:0]
	g.dist[t] = 0
	g.pred[t] = -1
	g.touched = append(g.touched, t)
	g.push(heapItem{d: 0, v: t, source: t == s})
	found := false
	settledList := g.done[:0]
	for len(g.heap) > 0 {
		it := g.pop()
		u := it.v
		if g.settled[u] || it.d > g.dist[u] {
			continue
		}
		if u == s {
			found = true
			break
		}
		g.settled[u] = true
		settledList = append(settledList, u)
		du := it.d
		for _, b := range g.adj[g.first[u]:g.first[u+1]] {
			a := b ^ 1 // arc into u
			if g.cap[a] <= 0 {
				continue
			}
			v := g.head[b]
			if g.settled[v] {
				continue
			}
			nd := du + g.cost[a] + g.pi[v] - g.pi[u]
			if nd < g.dist[v] {
				if g.dist[v] == inf {
					g.touched = append(g.touched, v)
				}
				g.dist[v] = nd
				g.pred[v] = a
				g.push(heapItem{d: nd, v: v, source: v == s})
			}
		}
	}
	var sent int32
	if found {
		d := g.dist[s]
		for _, v := range settledList {
			g.pi[v] += d - g.dist[v]
		}
		sent = want
		for v := s; v != t; {
			a := g.pred[v]
			sent = min(sent, g.cap[a])
			v = g.head[a]
		}
		for v := s; v != t; {
			a := g.pred[v]
			g.cap[a] -= sent
			g.cap[a^1] += sent
			v = g.head[a]
		}
	}
	g.done = settledList
	for _, v := range g.touched {
		g.dist[v] = inf
		g.settled[v] = false
	}
	return sent
}
