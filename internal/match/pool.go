package match

import (
	"fmt"
	"math"
	"strings"
	"time"

	"cee/internal/model"
)

// Pool holds candidates prepared for matching: codes normalised, words
// folded and interned as integers, coordinates in radians, availability as
// day numbers. Building it costs what a few rankings cost; ranking then
// compares integers and short strings only. A Pool is a snapshot and is never
// modified, so Rank may run from many goroutines: rebuild it when the
// candidates or their activity figures change.
type Pool struct {
	cands []cand

	academies, depts, familles, mots interner
}

// interner gives small integer ids to strings, so that matching compares
// integers.
type interner struct {
	ids   map[string]int32
	names []string
}

func (n *interner) intern(s string) int32 {
	if id, ok := n.ids[s]; ok {
		return id
	}
	if n.ids == nil {
		n.ids = map[string]int32{}
	}
	id := int32(len(n.names))
	n.ids[s] = id
	n.names = append(n.names, s)
	return id
}

// lookup is intern for a query: a code no candidate has gets -1, which
// matches nothing, instead of growing a map shared by goroutines.
func (n *interner) lookup(s string) int32 {
	if id, ok := n.ids[s]; ok {
		return id
	}
	return -1
}

func (n *interner) name(id int32) string {
	if id < 0 || int(id) >= len(n.names) {
		return "?"
	}
	return n.names[id]
}

// cand is a Candidat prepared for matching.
type cand struct {
	id  int64
	typ TypeCandidat
	nom string

	acad int32
	terr []int32 // interned départements; empty: the whole académie

	naf      []nafCode
	familles []int32
	famRaw   []string // same order as familles, for labels
	romes    []string
	textes   [][]int32 // one list of interned stems per free-text occupation
	txtRaw   []string
	specs    []string

	geo            bool
	lat, lon, cosl float64 // radians, cos(lat)

	jours   uint8 // bit per weekday; 0: any
	indispo []span
	cap     int
	distMax float64 // km; 0: no limit of their own

	sol, acc, sollicitees, repondues, nbNotes int
	note                                      float64
	consent                                   model.Consentement
}

// span is a period of days, both included, as day numbers.
type span struct{ debut, fin int32 }

// NewPool prepares candidates for matching. It rejects what would make a
// ranking wrong rather than merely poor: a kind other than CEE or
// professionnel, the same (kind, id) twice (the tie-break would depend on
// the input order), coordinates out of range, a period ending before it
// begins. Malformed codes in a profile are skipped: they match nothing.
func NewPool(candidats []Candidat) (*Pool, error) {
	p := &Pool{cands: make([]cand, 0, len(candidats))}
	type cle struct {
		typ TypeCandidat
		id  int64
	}
	seen := make(map[cle]struct{}, len(candidats))
	for i := range candidats {
		c := &candidats[i]
		if c.Type != CEE && c.Type != Professionnel {
			return nil, fmt.Errorf("candidat %d : type inconnu %d", c.ID, c.Type)
		}
		k := cle{c.Type, c.ID}
		if _, dup := seen[k]; dup {
			return nil, fmt.Errorf("candidat %s %d présent deux fois", c.Type.Label(), c.ID)
		}
		seen[k] = struct{}{}
		x := cand{
			id: c.ID, typ: c.Type, nom: c.Nom,
			acad: p.academies.intern(strings.TrimSpace(c.Academie)),
			cap:  max(c.Dispo.MaxParMois, 0), distMax: float64(max(c.Dispo.DistanceMaxKm, 0)),
			sol: max(c.SollicitationsMois, 0), acc: max(c.AccepteesAn, 0),
			sollicitees: max(c.Sollicitees, 0), repondues: max(c.Repondues, 0),
			nbNotes: max(c.NbNotes, 0), note: c.NoteMoyenne,
			consent: c.Consent,
		}
		// More answers than solicitations is a counting bug upstream; a
		// rate above 100 % would only make it louder.
		x.repondues = min(x.repondues, x.sollicitees)
		if math.IsNaN(x.note) || x.nbNotes == 0 {
			x.note, x.nbNotes = 0, 0
		} else {
			x.note = min(max(x.note, 1), 5)
		}
		for _, d := range c.Territoire {
			if d = normDept(d); d != "" {
				x.terr = append(x.terr, p.depts.intern(d))
			}
		}
		for _, s := range c.NAF {
			if n, ok := parseNAF(s); ok {
				x.naf = append(x.naf, n)
			}
		}
		for _, f := range c.Familles {
			if f = normCode(f); f != "" {
				x.familles = append(x.familles, p.familles.intern(f))
				x.famRaw = append(x.famRaw, f)
			}
		}
		for _, m := range c.Metiers {
			if r, ok := parseROME(m); ok {
				x.romes = append(x.romes, r)
			} else if mots := p.racines(m, true); len(mots) > 0 {
				x.textes = append(x.textes, mots)
				x.txtRaw = append(x.txtRaw, strings.TrimSpace(m))
			}
		}
		for _, s := range c.Specialites {
			if s = normCode(s); s != "" {
				x.specs = append(x.specs, s)
			}
		}
		if c.Domicile != nil {
			if err := checkCoord(*c.Domicile); err != nil {
				return nil, fmt.Errorf("candidat %s %d : %w", c.Type.Label(), c.ID, err)
			}
			x.geo = true
			x.lat, x.lon = c.Domicile.Lat*math.Pi/180, c.Domicile.Lon*math.Pi/180
			x.cosl = math.Cos(x.lat)
		}
		for _, j := range c.Dispo.Jours {
			if j >= time.Sunday && j <= time.Saturday {
				x.jours |= 1 << j
			}
		}
		for _, per := range c.Dispo.Indisponibilites {
			s := span{jour(per.Debut), jour(per.Fin)}
			if s.fin < s.debut {
				return nil, fmt.Errorf("candidat %s %d : indisponibilité du %s au %s à l'envers",
					c.Type.Label(), c.ID, model.Date(per.Debut), model.Date(per.Fin))
			}
			x.indispo = append(x.indispo, s)
		}
		p.cands = append(p.cands, x)
	}
	return p, nil
}

// Len is the number of candidates in the pool.
func (p *Pool) Len() int { return len(p.cands) }

func checkCoord(c Coord) error {
	if math.IsNaN(c.Lat) || math.IsNaN(c.Lon) || c.Lat < -90 || c.Lat > 90 || c.Lon < -180 || c.Lon > 180 {
		return fmt.Errorf("coordonnées invalides (%g, %g)", c.Lat, c.Lon)
	}
	return nil
}

// normDept writes a département code the INSEE way: the Annuaire de
// l'éducation pads to three characters ("031", "02A"), profiles do not
// ("31", "2A"); overseas codes have three digits ("971").
func normDept(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) == 3 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

func normCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// jour is the civil date of t as a day number since 1 January 1970. The
// clock and the location are ignored: 3 March at 00:30 in Paris is 3 March.
func jour(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dateOf is the inverse of jour.
func dateOf(j int32) time.Time { return time.Unix(int64(j)*86400, 0).UTC() }

// weekday of a day number: day 0, 1 January 1970, was a Thursday.
func weekday(j int32) time.Weekday { return time.Weekday(((int(j) % 7) + 7 + 4) % 7) }

// available tells whether c can be solicited on day j. It is
// model.Disponibilite.Disponible on day numbers (a property test checks
// they agree).
func (c *cand) available(j int32) bool {
	if c.jours != 0 && c.jours&(1<<weekday(j)) == 0 {
		return false
	}
	for _, s := range c.indispo {
		if j >= s.debut && j <= s.fin {
			return false
		}
	}
	return true
}

// nafCode is a NAF rév. 2 code: its section letter and the code without the
// dot ("4321A", "432", "43"), empty for a bare section.
type nafCode struct {
	section byte
	code    string
}

// sections maps each NAF rév. 2 division to its section (INSEE, NAF rév. 2,
// 2008): the nomenclature's fixed structure, not reference data that
// changes.
var sections = func() [100]byte {
	var s [100]byte
	for _, r := range []struct {
		sec      byte
		from, to int
	}{{'A', 1, 3}, {'B', 5, 9}, {'C', 10, 33}, {'D', 35, 35}, {'E', 36, 39}, {'F', 41, 43},
		{'G', 45, 47}, {'H', 49, 53}, {'I', 55, 56}, {'J', 58, 63}, {'K', 64, 66}, {'L', 68, 68},
		{'M', 69, 75}, {'N', 77, 82}, {'O', 84, 84}, {'P', 85, 85}, {'Q', 86, 88}, {'R', 90, 93},
		{'S', 94, 96}, {'T', 97, 98}, {'U', 99, 99}} {
		for d := r.from; d <= r.to; d++ {
			s[d] = r.sec
		}
	}
	return s
}()

// parseNAF reads "43.21A", "4321A", "43.21", "43.2", "43" or "F".
func parseNAF(s string) (nafCode, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, ".", "")
	if len(s) == 1 && s[0] >= 'A' && s[0] <= 'U' {
		return nafCode{section: s[0]}, true
	}
	if len(s) < 2 || len(s) > 5 {
		return nafCode{}, false
	}
	for i := 0; i < len(s) && i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return nafCode{}, false
		}
	}
	if len(s) == 5 && (s[4] < 'A' || s[4] > 'Z') {
		return nafCode{}, false
	}
	sec := sections[int(s[0]-'0')*10+int(s[1]-'0')]
	if sec == 0 {
		return nafCode{}, false
	}
	return nafCode{section: sec, code: s}, true
}

// niveau is how precise a code is: 1 section, 2 division, 3 group, 4 class,
// 5 sub-class.
func (n nafCode) niveau() int {
	if n.code == "" {
		return 1
	}
	return len(n.code)
}

// commun is the level of the most precise grouping two codes share, 0 for
// none.
func commun(a, b nafCode) int {
	if a.section != b.section {
		return 0
	}
	i := 0
	for i < len(a.code) && i < len(b.code) && a.code[i] == b.code[i] {
		i++
	}
	if i < 2 {
		return 1
	}
	return i
}

// String writes the code as INSEE does: "43.21A", "43.2", "43", or the
// section letter.
func (n nafCode) String() string {
	switch {
	case n.code == "":
		return string(n.section)
	case len(n.code) <= 2:
		return n.code
	}
	return n.code[:2] + "." + n.code[2:]
}

// parseROME reads a ROME code: a letter and four digits ("F1602").
func parseROME(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 5 || s[0] < 'A' || s[0] > 'Z' {
		return "", false
	}
	for i := 1; i < 5; i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
	}
	return s, true
}

// motsVides are words that carry no occupation.
var motsVides = map[string]bool{"des": true, "les": true, "une": true, "pour": true, "aux": true,
	"sur": true, "par": true, "avec": true, "dans": true, "et": true, "ou": true, "chez": true}

// racines folds a free text and cuts it into stems, interned. At build time
// (add) new stems get an id; at query time unknown stems get -1, which
// matches nothing but still counts as a wanted word.
func (p *Pool) racines(s string, add bool) []int32 {
	var out []int32
	for _, w := range strings.FieldsFunc(model.Fold(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(w) < 3 || motsVides[w] {
			continue
		}
		w = racine(w)
		var id int32
		if add {
			id = p.mots.intern(w)
		} else {
			id = p.mots.lookup(w)
		}
		out = append(out, id)
	}
	return out
}

// racine is a light French stemmer for job titles: it merges plural and
// feminine forms (« électriciennes » → « electricien », « coiffeuse » →
// « coiffeur », « conductrice » → « conducteur », « boulangère » →
// « boulanger »), which is what occupations written by hand differ by.
func racine(w string) string {
	if len(w) > 4 && (w[len(w)-1] == 's' || w[len(w)-1] == 'x') {
		w = w[:len(w)-1]
	}
	for _, r := range [...]struct{ suf, rep string }{
		{"ienne", "ien"}, {"euse", "eur"}, {"trice", "teur"}, {"iere", "ier"}, {"ere", "er"}, {"ette", "et"}, {"onne", "on"},
	} {
		if len(w) > len(r.suf)+2 && strings.HasSuffix(w, r.suf) {
			return w[:len(w)-len(r.suf)] + r.rep
		}
	}
	return w
}

// haversine is the great-circle distance in km between two points in
// radians, on a sphere of radius 6371 km.
func haversine(lat1, lon1, cos1, lat2, lon2, cos2 float64) float64 {
	sl := math.Sin((lat2 - lat1) / 2)
	sn := math.Sin((lon2 - lon1) / 2)
	a := sl*sl + cos1*cos2*sn*sn
	return 2 * 6371 * math.Asin(math.Sqrt(min(a, 1)))
}
