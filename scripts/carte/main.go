// Command carte projects and simplifies the outlines of the départements
// and académies (GeoJSON, WGS84) into internal/refdata/data/contours.csv:
// one SVG path per territory, small enough to embed in the binary and draw
// maps on the server without reading GeoJSON at run time.
//
//	go run ./scripts/carte [path/to/shared/data]
//
// Metropolitan France is projected in Lambert-93 (EPSG:2154, the official
// projection), in units of 500 m with the origin at the north-west corner
// of its bounding box. Each overseas territory (Guadeloupe, Martinique,
// Guyane, La Réunion, Mayotte) is projected on its own, equirectangular at
// its latitude, with its own origin: the maps draw it as an inset. The
// outlines are simplified with Douglas-Peucker at 300 m and rings smaller
// than that are dropped. The output is sorted and deterministic.
package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

const (
	unit      = 500.0 // metres per output unit
	tolerance = 0.6   // Douglas-Peucker tolerance, in units (300 m)
	out       = "internal/refdata/data/contours.csv"
)

// academiesOutreMer maps the overseas académies to their département: one
// territory, one inset.
var academiesOutreMer = map[string]string{"32": "971", "31": "972", "33": "973", "28": "974", "43": "976"}

type feature struct {
	Properties map[string]any `json:"properties"`
	Geometry   struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

type point [2]float64

type shape struct {
	niveau, code string
	outre        bool
	rings        [][]point // projected
}

func main() {
	src := "../shared/data"
	if len(os.Args) > 1 {
		src = os.Args[1]
	}
	var shapes []*shape
	for _, f := range []struct{ file, niveau, key string }{
		{"geo/departements.geojson", "departement", "code"},
		{"geo/academies.geojson", "academie", "code_academie"},
	} {
		list, err := read(filepath.Join(src, f.file), f.niveau, f.key)
		if err != nil {
			fail(err)
		}
		shapes = append(shapes, list...)
	}
	// Metropolitan origin: the north-west corner of all metropolitan shapes.
	minX, minY := math.Inf(1), math.Inf(1)
	for _, s := range shapes {
		if s.outre {
			continue
		}
		for _, r := range s.rings {
			for _, p := range r {
				minX, minY = min(minX, p[0]), min(minY, p[1])
			}
		}
	}
	// Each overseas territory's origin is its own corner, the same for its
	// département and its académie.
	origins := map[string]point{}
	for _, s := range shapes {
		if !s.outre {
			continue
		}
		o := point{math.Inf(1), math.Inf(1)}
		for _, r := range s.rings {
			for _, p := range r {
				o = point{min(o[0], p[0]), min(o[1], p[1])}
			}
		}
		k := territoire(s.niveau, s.code)
		if old, ok := origins[k]; ok {
			o = point{min(o[0], old[0]), min(o[1], old[1])}
		}
		origins[k] = o
	}
	var rows [][]string
	for _, s := range shapes {
		o := point{minX, minY}
		if s.outre {
			o = origins[territoire(s.niveau, s.code)]
		}
		var d strings.Builder
		x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, r := range s.rings {
			ring := make([]point, len(r))
			for i, p := range r {
				ring[i] = point{math.Round(p[0] - o[0]), math.Round(p[1] - o[1])}
			}
			ring = simplify(ring, tolerance)
			ring = slices.CompactFunc(ring, func(a, b point) bool { return a == b })
			if len(ring) < 4 || area(ring) < 1 {
				continue
			}
			ring = ring[:len(ring)-1] // closed by « z »
			prev := point{}
			for i, p := range ring {
				x0, y0, x1, y1 = min(x0, p[0]), min(y0, p[1]), max(x1, p[0]), max(y1, p[1])
				switch i {
				case 0:
					fmt.Fprintf(&d, "M%s %s", num(p[0]), num(p[1]))
				case 1:
					fmt.Fprintf(&d, "l%s %s", num(p[0]-prev[0]), num(p[1]-prev[1]))
				default:
					fmt.Fprintf(&d, " %s %s", num(p[0]-prev[0]), num(p[1]-prev[1]))
				}
				prev = p
			}
			d.WriteString("z")
		}
		if d.Len() == 0 {
			fail(fmt.Errorf("%s %s : plus rien après simplification", s.niveau, s.code))
		}
		outre := "0"
		if s.outre {
			outre = "1"
		}
		rows = append(rows, []string{s.niveau, s.code, outre, num(x0), num(y0), num(x1), num(y1), d.String()})
	}
	slices.SortFunc(rows, func(a, b []string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	f, err := os.Create(out)
	if err != nil {
		fail(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"niveau", "code", "outre_mer", "x0", "y0", "x1", "y1", "chemin"})
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
	st, _ := os.Stat(out)
	fmt.Printf("%s : %d contours, %d octets\n", out, len(rows), st.Size())
}

// territoire is the overseas territory of a shape: its département's code;
// "" for metropolitan France.
func territoire(niveau, code string) string {
	if niveau == "academie" {
		return academiesOutreMer[code]
	}
	if strings.HasPrefix(code, "97") {
		return code
	}
	return ""
}

func read(path, niveau, key string) ([]*shape, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var fc struct {
		Features []feature `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("%s : %w", path, err)
	}
	var out []*shape
	for _, f := range fc.Features {
		code, _ := f.Properties[key].(string)
		if code == "" {
			return nil, fmt.Errorf("%s : un contour sans %s", path, key)
		}
		var polys [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, err
			}
			polys = [][][][2]float64{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%s %s : géométrie %s inattendue", path, code, f.Geometry.Type)
		}
		s := &shape{niveau: niveau, code: code, outre: territoire(niveau, code) != ""}
		lat0 := 0.0
		if s.outre {
			n := 0
			for _, p := range polys {
				for _, q := range p[0] {
					lat0 += q[1]
					n++
				}
			}
			lat0 /= float64(n)
		}
		for _, p := range polys {
			// The 2020 académie de Normandie outline carries Saint-Pierre-et-
			// Miquelon (once attached to Caen), not an académie of the
			// network: metropolitan shapes keep what lies east of 10° W.
			if !s.outre && p[0][0][0] < -10 {
				continue
			}
			for _, r := range p {
				ring := make([]point, len(r))
				for i, q := range r {
					if s.outre {
						ring[i] = equirect(q[0], q[1], lat0)
					} else {
						ring[i] = lambert93(q[0], q[1])
					}
				}
				s.rings = append(s.rings, ring)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// lambert93 projects WGS84 longitude and latitude (degrees) to Lambert-93
// (EPSG:2154), in output units, y pointing down as in SVG.
func lambert93(lon, lat float64) point {
	const (
		n    = 0.7256077650532670
		c    = 11754255.426096
		xs   = 700000.0
		ys   = 12655612.049876
		e    = 0.0818191910428158
		lon0 = 3.0 * math.Pi / 180
	)
	phi, lambda := lat*math.Pi/180, lon*math.Pi/180
	l := 0.5*math.Log((1+math.Sin(phi))/(1-math.Sin(phi))) - e/2*math.Log((1+e*math.Sin(phi))/(1-e*math.Sin(phi)))
	r := c * math.Exp(-n*l)
	g := n * (lambda - lon0)
	return point{(xs + r*math.Sin(g)) / unit, -(ys - r*math.Cos(g)) / unit}
}

// equirect projects an overseas territory at its mean latitude lat0.
func equirect(lon, lat, lat0 float64) point {
	const metresPerDegree = 111320.0
	return point{lon * metresPerDegree * math.Cos(lat0*math.Pi/180) / unit, -lat * metresPerDegree / unit}
}

// simplify is Douglas-Peucker on a closed ring (first == last point).
func simplify(r []point, tol float64) []point {
	if len(r) < 3 {
		return r
	}
	keep := make([]bool, len(r))
	keep[0], keep[len(r)-1] = true, true
	// A closed ring has first == last: split it at its farthest point.
	far, best := 0, -1.0
	for i, p := range r {
		if d := math.Hypot(p[0]-r[0][0], p[1]-r[0][1]); d > best {
			far, best = i, d
		}
	}
	keep[far] = true
	var rec func(a, b int)
	rec = func(a, b int) {
		idx, dmax := -1, tol
		for i := a + 1; i < b; i++ {
			if d := segDist(r[i], r[a], r[b]); d > dmax {
				idx, dmax = i, d
			}
		}
		if idx >= 0 {
			keep[idx] = true
			rec(a, idx)
			rec(idx, b)
		}
	}
	rec(0, far)
	rec(far, len(r)-1)
	var out []point
	for i, p := range r {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

func segDist(p, a, b point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return math.Hypot(p[0]-a[0], p[1]-a[1])
	}
	t := max(0, min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

func area(r []point) float64 {
	s := 0.0
	for i := range len(r) - 1 {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return math.Abs(s) / 2
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "carte :", err)
	os.Exit(1)
}
