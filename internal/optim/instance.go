// Package optim assigns professionals to exam juries: a min-cost-flow
// relaxation gives a lower bound and a starting point, a local search
// repairs what the relaxation cannot express (juries spanning several
// half-days, employer/employee targets). It is pure and deterministic and
// imports only the standard library.
package optim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// Version is the only instance format version this package reads.
const Version = 1

// Colleges of a professional member (D.337-23 and following: employers and
// employees in equal numbers for most diplomas).
const (
	Employer = "employer"
	Employee = "employee"
)

// Instance is a jury assignment problem, format version 1.
type Instance struct {
	Version int      `json:"version"`
	Weights Weights  `json:"weights"`
	Juries  []Jury   `json:"juries"`
	People  []Person `json:"people"`
	Locked  []Pair   `json:"locked,omitempty"`
}

// Weights are the terms of the objective, which is minimised.
type Weights struct {
	// Km is the cost of one kilometre between a person and a jury.
	Km float64 `json:"km"`
	// Unfilled is the cost of one empty seat.
	Unfilled float64 `json:"unfilled"`
	// College is the cost of one employer or employee missing from a
	// jury's target.
	College float64 `json:"college"`
}

// Jury is one jury to staff: all its half-days are sat by the same people.
type Jury struct {
	ID        string   `json:"id"`
	Specialty string   `json:"specialty"`
	Lat       float64  `json:"lat"`
	Lon       float64  `json:"lon"`
	HalfDays  []string `json:"halfdays"`
	Seats     int      `json:"seats"`
	Employers int      `json:"employers"`
	Employees int      `json:"employees"`
	// Conflicts are the companies and schools (UAI) whose people must not
	// sit in this jury: their candidates pass before it.
	Conflicts []string `json:"conflicts,omitempty"`
}

// Person is a professional who may sit in juries.
type Person struct {
	ID          string   `json:"id"`
	Specialties []string `json:"specialties"`
	College     string   `json:"college"`
	Lat         float64  `json:"lat"`
	Lon         float64  `json:"lon"`
	Available   []string `json:"available"`
	MaxHalfDays int      `json:"max_halfdays"`
	MaxKm       float64  `json:"max_km"`
	// Ties are the companies and schools the person belongs to or trained
	// candidates in.
	Ties []string `json:"ties,omitempty"`
}

// Pair is one person sitting in one jury.
type Pair struct {
	Jury   string `json:"jury"`
	Person string `json:"person"`
}

// Decode reads and validates an instance. Every error names its JSON path,
// e.g. "people[3].lat : NaN n'est pas une coordonnée valide".
func Decode(r io.Reader) (*Instance, error) {
	inst, err := Parse(context.Background(), r)
	if err != nil {
		return nil, err
	}
	if err := Validate(inst); err != nil {
		return nil, err
	}
	return inst, nil
}

// ErrInterrupted says the deadline struck while the instance was being
// read: there is nothing to solve yet.
var ErrInterrupted = errors.New("lecture de l'instance interrompue : la limite de temps est atteinte avant la fin de la lecture")

// Parse reads an instance as Decode does but leaves its values to Solve's
// validation, so that `cee jury solve` validates once: JSON syntax, types
// and missing fields, each with its path, and nothing after the object.
// Reading a national instance takes seconds; it stops with ErrInterrupted
// when ctx is done, so that a time limit counts it.
func Parse(ctx context.Context, r io.Reader) (*Instance, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	clean := quoteNonFinite(data)
	raw, end, err := decodeStream(ctx, clean)
	if errors.Is(err, ErrInterrupted) {
		return nil, err
	}
	if err != nil {
		// What the stream could not read (a syntax or type error, juries
		// that are not a list…) is read again at once: encoding/json then
		// gives offsets from the start of the file, which name the path.
		dec := json.NewDecoder(bytes.NewReader(clean))
		raw = rawInstance{}
		if err := dec.Decode(&raw); err != nil {
			return nil, jsonError(clean, err)
		}
		end = dec.InputOffset()
	}
	// One object, nothing after it: a second object or a truncated copy
	// pasted at the end would otherwise be silently ignored.
	if _, err := json.NewDecoder(bytes.NewReader(clean[end:])).Token(); err != io.EOF {
		off := end
		for off < int64(len(clean)) && strings.ContainsRune(" \t\r\n", rune(clean[off])) {
			off++
		}
		line, col := lineCol(clean, off)
		return nil, fmt.Errorf("JSON invalide ligne %d, colonne %d : données après la fin de l'objet", line, col)
	}
	inst, errs := raw.convert()
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	return inst, nil
}

// errNotStream sends decodeStream's caller back to decoding at once.
var errNotStream = errors.New("instance illisible élément par élément")

// decodeStream decodes the top object field by field and the juries and
// people one element at a time, checking ctx between them. Keys match as
// encoding/json matches them (case aside; the last of a repeated key wins).
// It returns the offset just after the object.
func decodeStream(ctx context.Context, data []byte) (rawInstance, int64, error) {
	var raw rawInstance
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return raw, 0, errNotStream
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return raw, 0, err
		}
		key, _ := tok.(string)
		switch {
		case strings.EqualFold(key, "juries"):
			raw.Juries, err = decodeList[rawJury](ctx, dec)
		case strings.EqualFold(key, "people"):
			raw.People, err = decodeList[rawPers](ctx, dec)
		case strings.EqualFold(key, "version"):
			err = dec.Decode(&raw.Version)
		case strings.EqualFold(key, "weights"):
			err = dec.Decode(&raw.Weights)
		case strings.EqualFold(key, "locked"):
			err = dec.Decode(&raw.Locked)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return raw, 0, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return raw, 0, err
	}
	return raw, dec.InputOffset(), nil
}

// decodeList decodes a JSON array element by element, stopping with
// ErrInterrupted when ctx is done.
func decodeList[T any](ctx context.Context, dec *json.Decoder) (*[]T, error) {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, errNotStream
	}
	var list []T
	for dec.More() {
		if len(list)%1024 == 0 && ctx.Err() != nil {
			return nil, ErrInterrupted
		}
		var v T
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return &list, nil
}

// Validate checks an instance built in code (the generator's, a test's)
// with the same rules as Decode, but for the missing fields.
func Validate(inst *Instance) error {
	if errs := validate(inst); len(errs) > 0 {
		return joinErrors(errs)
	}
	return nil
}

// MaxWeight bounds each weight: with 20,000 seats at 10⁹ each, the
// objective stays below 10¹⁴, where float64 sums still count every
// hundredth of a kilometre; the flow's integer costs are scaled to fit
// whatever the weights (scaleFor).
const MaxWeight = 1e9

// maxSeats guards the flow's 32-bit capacities against absurd files; real
// juries have a handful of seats.
const maxSeats = 1000

// maxErrors keeps a broken file from drowning the user in messages.
const maxErrors = 20

func joinErrors(errs []error) error {
	if len(errs) > maxErrors {
		n := len(errs) - maxErrors
		errs = append(errs[:maxErrors:maxErrors], fmt.Errorf("… et %d autre(s) erreur(s)", n))
	}
	return errors.Join(errs...)
}

func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line, col := lineCol(data, syn.Offset)
		return fmt.Errorf("JSON invalide ligne %d, colonne %d : %v", line, col, err)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		path := pathAt(data, typ.Offset)
		if path == "" {
			path = typ.Field
		}
		return fmt.Errorf("%s : type incorrect (%s attendu, %s trouvé)", path, typ.Type, typ.Value)
	}
	return fmt.Errorf("JSON invalide : %v", err)
}

func lineCol(data []byte, off int64) (int, int) {
	off = min(off, int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	return line, int(off) - bytes.LastIndexByte(before, '\n')
}

// pathAt names the JSON value that ends at or after byte offset off, with
// array indices (juries[4127].seats): encoding/json's errors name the field
// but not the index, useless in a file of 20,000 juries.
func pathAt(data []byte, off int64) string {
	type frame struct {
		array   bool
		index   int
		key     string
		haveKey bool
	}
	var stack []frame
	path := func() string {
		var b strings.Builder
		for i, f := range stack {
			switch {
			case f.array:
				fmt.Fprintf(&b, "[%d]", f.index)
			case i > 0:
				b.WriteString("." + f.key)
			default:
				b.WriteString(f.key)
			}
		}
		return b.String()
	}
	done := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].array {
				stack[n-1].index++
			} else {
				stack[n-1].haveKey = false
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		n := len(stack)
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:n-1]
			done()
			continue
		}
		if s, ok := tok.(string); ok && n > 0 && !stack[n-1].array && !stack[n-1].haveKey {
			stack[n-1].key, stack[n-1].haveKey = s, true
			continue
		}
		if dec.InputOffset() >= off {
			return path()
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{array: d == '['})
			continue
		}
		done()
	}
}

// quoteNonFinite turns the bare NaN and Infinity tokens that Python's json
// module writes into strings, so that they are reported with their path
// rather than as a syntax error at some byte offset.
func quoteNonFinite(data []byte) []byte {
	if !bytes.Contains(data, []byte("NaN")) && !bytes.Contains(data, []byte("Infinity")) {
		return data
	}
	return rewriteNonFinite(data)
}

func rewriteNonFinite(data []byte) []byte {
	out := make([]byte, 0, len(data)+16)
	inString, escaped := false, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			out = append(out, c)
			continue
		}
		if c == '"' {
			inString = true
			out = append(out, c)
			continue
		}
		matched := false
		for _, tok := range []string{"-Infinity", "Infinity", "NaN"} {
			if bytes.HasPrefix(data[i:], []byte(tok)) {
				out = append(out, '"')
				out = append(out, tok...)
				out = append(out, '"')
				i += len(tok) - 1
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, c)
		}
	}
	return out
}

// number is a JSON number, or one of the strings NaN, Infinity, -Infinity
// so that they reach validation. Anything else is kept in bad and reported
// with its path by convert (an error returned here would lose the path).
type number struct {
	v   float64
	bad string
}

func (n *number) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		switch s {
		case "NaN":
			n.v = math.NaN()
		case "Infinity":
			n.v = math.Inf(1)
		case "-Infinity":
			n.v = math.Inf(-1)
		default:
			n.bad = fmt.Sprintf("%q n'est pas un nombre", s)
		}
		return nil
	}
	if err := json.Unmarshal(b, &n.v); err != nil {
		n.bad = fmt.Sprintf("type incorrect (nombre attendu, %s trouvé)", b)
	}
	return nil
}

type rawInstance struct {
	Version *int        `json:"version"`
	Weights *rawWeights `json:"weights"`
	Juries  *[]rawJury  `json:"juries"`
	People  *[]rawPers  `json:"people"`
	Locked  []rawPair   `json:"locked"`
}

type rawWeights struct {
	Km, Unfilled, College *number
}

type rawJury struct {
	ID        *string   `json:"id"`
	Specialty *string   `json:"specialty"`
	Lat       *number   `json:"lat"`
	Lon       *number   `json:"lon"`
	HalfDays  *[]string `json:"halfdays"`
	Seats     *int      `json:"seats"`
	Employers *int      `json:"employers"`
	Employees *int      `json:"employees"`
	Conflicts []string  `json:"conflicts"`
}

type rawPers struct {
	ID          *string   `json:"id"`
	Specialties *[]string `json:"specialties"`
	College     *string   `json:"college"`
	Lat         *number   `json:"lat"`
	Lon         *number   `json:"lon"`
	Available   *[]string `json:"available"`
	MaxHalfDays *int      `json:"max_halfdays"`
	MaxKm       *number   `json:"max_km"`
	Ties        []string  `json:"ties"`
}

type rawPair struct {
	Jury   *string `json:"jury"`
	Person *string `json:"person"`
}

// convert reports missing fields; values are checked by validate.
func (r rawInstance) convert() (*Instance, []error) {
	var errs []error
	missing := func(path string) { errs = append(errs, fmt.Errorf("%s : champ obligatoire manquant", path)) }
	inst := &Instance{}
	if r.Version == nil {
		missing("version")
	} else {
		inst.Version = *r.Version
	}
	if r.Weights == nil {
		missing("weights")
	} else {
		w := r.Weights
		for _, f := range []struct {
			name string
			src  *number
			dst  *float64
		}{{"km", w.Km, &inst.Weights.Km}, {"unfilled", w.Unfilled, &inst.Weights.Unfilled}, {"college", w.College, &inst.Weights.College}} {
			num(f.dst, f.src, "weights."+f.name, missing, &errs)
		}
	}
	if r.Juries == nil {
		missing("juries")
	} else {
		for i, rj := range *r.Juries {
			p := fmt.Sprintf("juries[%d]", i)
			var j Jury
			str(&j.ID, rj.ID, p+".id", missing)
			str(&j.Specialty, rj.Specialty, p+".specialty", missing)
			num(&j.Lat, rj.Lat, p+".lat", missing, &errs)
			num(&j.Lon, rj.Lon, p+".lon", missing, &errs)
			list(&j.HalfDays, rj.HalfDays, p+".halfdays", missing)
			integer(&j.Seats, rj.Seats, p+".seats", missing)
			integer(&j.Employers, rj.Employers, p+".employers", missing)
			integer(&j.Employees, rj.Employees, p+".employees", missing)
			j.Conflicts = rj.Conflicts
			inst.Juries = append(inst.Juries, j)
		}
	}
	if r.People == nil {
		missing("people")
	} else {
		for i, rp := range *r.People {
			p := fmt.Sprintf("people[%d]", i)
			var q Person
			str(&q.ID, rp.ID, p+".id", missing)
			list(&q.Specialties, rp.Specialties, p+".specialties", missing)
			str(&q.College, rp.College, p+".college", missing)
			num(&q.Lat, rp.Lat, p+".lat", missing, &errs)
			num(&q.Lon, rp.Lon, p+".lon", missing, &errs)
			list(&q.Available, rp.Available, p+".available", missing)
			integer(&q.MaxHalfDays, rp.MaxHalfDays, p+".max_halfdays", missing)
			num(&q.MaxKm, rp.MaxKm, p+".max_km", missing, &errs)
			q.Ties = rp.Ties
			inst.People = append(inst.People, q)
		}
	}
	for i, rl := range r.Locked {
		p := fmt.Sprintf("locked[%d]", i)
		var l Pair
		str(&l.Jury, rl.Jury, p+".jury", missing)
		str(&l.Person, rl.Person, p+".person", missing)
		inst.Locked = append(inst.Locked, l)
	}
	return inst, errs
}

func str(dst *string, src *string, path string, missing func(string)) {
	if src == nil {
		missing(path)
		return
	}
	*dst = *src
}

func num(dst *float64, src *number, path string, missing func(string), errs *[]error) {
	switch {
	case src == nil:
		missing(path)
	case src.bad != "":
		*errs = append(*errs, fmt.Errorf("%s : %s", path, src.bad))
	default:
		*dst = src.v
	}
}

func integer(dst *int, src *int, path string, missing func(string)) {
	if src == nil {
		missing(path)
		return
	}
	*dst = *src
}

func list(dst *[]string, src *[]string, path string, missing func(string)) {
	if src == nil {
		missing(path)
		return
	}
	*dst = *src
}

// ParseHalfDay reads "2027-06-14AM" or "2027-06-14PM".
func ParseHalfDay(s string) (time.Time, bool, error) {
	if len(s) != 12 || (s[10:] != "AM" && s[10:] != "PM") {
		return time.Time{}, false, fmt.Errorf("%q : demi-journée attendue sous la forme AAAA-MM-JJAM ou AAAA-MM-JJPM", s)
	}
	d, err := time.Parse(time.DateOnly, s[:10])
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%q : date invalide", s)
	}
	return d, s[10:] == "PM", nil
}

func validate(inst *Instance) []error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if inst.Version != Version {
		add("version : %d non pris en charge (seule la version %d l'est)", inst.Version, Version)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"km", inst.Weights.Km}, {"unfilled", inst.Weights.Unfilled}, {"college", inst.Weights.College}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			add("weights.%s : %v n'est pas un poids valide (nombre positif ou nul)", f.name, f.v)
		} else if f.v > MaxWeight {
			add("weights.%s : %g dépasse %g, le plus grand poids accepté : au-delà, les coûts additionnés ne seraient plus exacts ; réduisez tous les poids dans la même proportion", f.name, f.v, float64(MaxWeight))
		}
	}
	coord := func(path string, lat, lon float64) {
		for _, c := range []struct {
			name  string
			v     float64
			limit float64
		}{{"lat", lat, 90}, {"lon", lon, 180}} {
			switch {
			case math.IsNaN(c.v) || math.IsInf(c.v, 0):
				add("%s.%s : %v n'est pas une coordonnée valide", path, c.name, c.v)
			case math.Abs(c.v) > c.limit:
				add("%s.%s : %v hors de [-%v, %v]", path, c.name, c.v, c.limit, c.limit)
			}
		}
	}
	halfdays := func(path string, hds []string, needOne bool) {
		if needOne && len(hds) == 0 {
			add("%s : au moins une demi-journée", path)
		}
		seen := make(map[string]bool, len(hds))
		for k, h := range hds {
			if _, _, err := ParseHalfDay(h); err != nil {
				add("%s[%d] : %v", path, k, err)
			}
			if seen[h] {
				add("%s[%d] : %q en double", path, k, h)
			}
			seen[h] = true
		}
	}
	juries := make(map[string]int, len(inst.Juries))
	for i, j := range inst.Juries {
		p := fmt.Sprintf("juries[%d]", i)
		if j.ID == "" {
			add("%s.id : identifiant vide", p)
		} else if k, dup := juries[j.ID]; dup {
			add("%s.id : %q déjà utilisé par juries[%d]", p, j.ID, k)
		} else {
			juries[j.ID] = i
		}
		if j.Specialty == "" {
			add("%s.specialty : spécialité vide", p)
		}
		coord(p, j.Lat, j.Lon)
		halfdays(p+".halfdays", j.HalfDays, true)
		if j.Seats < 0 {
			add("%s.seats : %d places, le nombre doit être positif ou nul", p, j.Seats)
		}
		if j.Seats > maxSeats {
			add("%s.seats : %d places, plus que les %d qu'un jury peut avoir ici", p, j.Seats, maxSeats)
		}
		if j.Employers < 0 {
			add("%s.employers : %d, le nombre doit être positif ou nul", p, j.Employers)
		}
		if j.Employees < 0 {
			add("%s.employees : %d, le nombre doit être positif ou nul", p, j.Employees)
		}
		if j.Employers+j.Employees > j.Seats && j.Seats >= 0 {
			add("%s : employers + employees = %d dépasse seats = %d", p, j.Employers+j.Employees, j.Seats)
		}
	}
	people := make(map[string]int, len(inst.People))
	for i, q := range inst.People {
		p := fmt.Sprintf("people[%d]", i)
		if q.ID == "" {
			add("%s.id : identifiant vide", p)
		} else if k, dup := people[q.ID]; dup {
			add("%s.id : %q déjà utilisé par people[%d]", p, q.ID, k)
		} else {
			people[q.ID] = i
		}
		if q.College != Employer && q.College != Employee {
			add("%s.college : %q, attendu %q ou %q", p, q.College, Employer, Employee)
		}
		coord(p, q.Lat, q.Lon)
		halfdays(p+".available", q.Available, false)
		if q.MaxHalfDays < 0 {
			add("%s.max_halfdays : %d, le nombre doit être positif ou nul", p, q.MaxHalfDays)
		}
		if math.IsNaN(q.MaxKm) || q.MaxKm < 0 {
			add("%s.max_km : %v, distance positive ou nulle attendue", p, q.MaxKm)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	// Locks are checked against every hard constraint, alone and together.
	type key struct{ j, p int }
	seen := map[key]int{}
	load := map[int]int{}
	busy := map[[2]int]int{} // (person, half-day index) → lock index
	seats := map[int]int{}
	hdIndex := map[string]int{}
	for li, l := range inst.Locked {
		p := fmt.Sprintf("locked[%d]", li)
		ji, okj := juries[l.Jury]
		pi, okp := people[l.Person]
		if !okj {
			add("%s.jury : jury %q inconnu", p, l.Jury)
		}
		if !okp {
			add("%s.person : personne %q inconnue", p, l.Person)
		}
		if !okj || !okp {
			continue
		}
		if k, dup := seen[key{ji, pi}]; dup {
			add("%s : %s est déjà affecté(e) à %s par locked[%d]", p, l.Person, l.Jury, k)
			continue
		}
		seen[key{ji, pi}] = li
		j, q := inst.Juries[ji], inst.People[pi]
		if why := ineligible(j, q); why != "" {
			add("%s : %s ne peut pas siéger dans %s : %s", p, l.Person, l.Jury, why)
		}
		load[pi] += len(j.HalfDays)
		if load[pi] > q.MaxHalfDays {
			add("%s : %s dépasse son maximum de %d demi-journées", p, l.Person, q.MaxHalfDays)
		}
		seats[ji]++
		if seats[ji] > j.Seats {
			add("%s : plus de personnes verrouillées dans %s que de places (%d)", p, l.Jury, j.Seats)
		}
		for _, h := range j.HalfDays {
			hi, ok := hdIndex[h]
			if !ok {
				hi = len(hdIndex)
				hdIndex[h] = hi
			}
			if k, dup := busy[[2]int{pi, hi}]; dup {
				add("%s : %s siège déjà le %s (locked[%d])", p, l.Person, h, k)
			}
			busy[[2]int{pi, hi}] = li
		}
	}
	return errs
}

// ineligible tells why q may not sit in j, or "" when q may.
func ineligible(j Jury, q Person) string {
	if !contains(q.Specialties, j.Specialty) {
		return "pas compétent(e) en " + j.Specialty
	}
	for _, h := range j.HalfDays {
		if !contains(q.Available, h) {
			return "indisponible le " + h
		}
	}
	if d := Distance(j.Lat, j.Lon, q.Lat, q.Lon); d > q.MaxKm {
		return fmt.Sprintf("à %.1f km, au-delà de sa limite de %.0f km", d, q.MaxKm)
	}
	for _, t := range q.Ties {
		if contains(j.Conflicts, t) {
			return "conflit d'intérêts (" + t + ")"
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Distance is the great-circle distance in km (haversine, radius 6371 km).
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(min(1, a)))
}
