package match

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"cee/internal/model"
)

// The reference below restates the hard filters with the model's own
// functions (model.Disponibilite.Disponible on time.Time, plain string
// comparisons), independently of the pool's interned, day-numbered copy.

type refCle struct {
	typ TypeCandidat
	id  int64
}

// refViolations tells which hard filters c fails for d.
type refViolations struct {
	horsAcad, horsTerr, consent, plafond, dispo bool
	dist                                        float64 // -1: unknown
	distMaxCand                                 float64 // the candidate's own limit; 0: none
}

// refTropLoin tells whether the candidate is beyond the request's limit or
// their own.
func refTropLoin(v refViolations, o Options) bool {
	if v.dist < 0 {
		return false
	}
	return (o.DistanceMaxKm > 0 && v.dist > o.DistanceMaxKm) || (v.distMaxCand > 0 && v.dist > v.distMaxCand)
}

func refCheck(c Candidat, d Demande, cal Calendrier) refViolations {
	var v refViolations
	dept := normDept(d.Departement)
	in := false
	for _, t := range c.Territoire {
		in = in || normDept(t) == dept
	}
	if !in {
		v.horsAcad = c.Academie != d.Academie
		v.horsTerr = !v.horsAcad && len(c.Territoire) > 0
	}
	v.consent = c.Type == Professionnel && !d.Nature.consentie(c.Consent)
	v.plafond = c.Dispo.MaxParMois > 0 && c.SollicitationsMois >= c.Dispo.MaxParMois
	if len(d.Creneaux) > 0 {
		for _, cr := range d.Creneaux {
			v.dispo = v.dispo || !c.Dispo.Disponible(cr.Jour)
		}
	} else if d.Periode != nil {
		ouverts, dispo := 0, 0
		for day := d.Periode.Debut; !day.After(d.Periode.Fin); day = day.AddDate(0, 0, 1) {
			if refFerme(day, d.Nature, cal) {
				continue
			}
			ouverts++
			if c.Dispo.Disponible(day) {
				dispo++
			}
		}
		v.dispo = ouverts > 0 && dispo == 0
	}
	v.dist, v.distMaxCand = -1, float64(c.Dispo.DistanceMaxKm)
	if d.Lieu != nil && c.Domicile != nil {
		v.dist = refHaversine(*d.Lieu, *c.Domicile)
	}
	return v
}

func refFerme(day time.Time, n Nature, cal Calendrier) bool {
	if day.Weekday() == time.Sunday {
		return true
	}
	for _, f := range cal.Feries {
		if f.Date.Equal(day) {
			return true
		}
	}
	if n.scolaire() {
		for _, v := range cal.Vacances {
			if !day.Before(v.Debut) && day.Before(v.Reprise) {
				return true
			}
		}
	}
	return false
}

func refHaversine(a, b Coord) float64 {
	rad := math.Pi / 180
	dlat, dlon := (b.Lat-a.Lat)*rad, (b.Lon-a.Lon)*rad
	h := math.Pow(math.Sin(dlat/2), 2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Pow(math.Sin(dlon/2), 2)
	return 2 * 6371 * math.Asin(math.Sqrt(h))
}

// refMotif is the first filter c fails under o, in Rank's order.
func refMotif(v refViolations, o Options) (Motif, bool) {
	switch {
	case v.horsAcad && !o.AutresAcademies:
		return MotifHorsAcademie, false
	case v.horsTerr && !o.IgnorerTerritoire:
		return MotifHorsTerritoire, false
	case v.consent:
		return MotifSansConsentement, false
	case v.plafond && !o.IgnorerPlafond:
		return MotifPlafond, false
	case v.dispo && !o.IgnorerDisponibilite:
		return MotifIndisponible, false
	case refTropLoin(v, o) && !o.IgnorerDistance:
		return MotifTropLoin, false
	}
	return 0, true
}

func testCalendrier(u *univers) Calendrier {
	return Calendrier{
		Feries: []Ferie{{Date: u.debut.AddDate(0, 0, 7), Nom: "Férié de test"}},
		Vacances: []Vacances{{Debut: u.debut.AddDate(0, 0, 12), Reprise: u.debut.AddDate(0, 0, 19),
			Nom: "Vacances de test"}},
	}
}

func hasElargi(r Resultat, f Facteur) bool {
	for _, x := range r.Raisons {
		if x.Facteur == f && x.Elargi {
			return true
		}
	}
	return false
}

// TestRankFiltersProperty checks, over random pools and demandes, that the
// proposed candidates are exactly those passing the reference filters under
// each option, that a candidate let in by an option says so, and that the
// exclusion counts add up.
func TestRankFiltersProperty(t *testing.T) {
	options := []struct {
		name string
		o    Options
	}{
		{"strict", Options{}},
		{"territoire", Options{IgnorerTerritoire: true}},
		{"academies", Options{AutresAcademies: true}},
		{"plafond", Options{IgnorerPlafond: true}},
		{"disponibilite", Options{IgnorerDisponibilite: true}},
		{"distance", Options{DistanceMaxKm: 25}},
		{"distance-elargie", Options{DistanceMaxKm: 25, IgnorerDistance: true}},
		{"tout", Options{IgnorerTerritoire: true, AutresAcademies: true, IgnorerPlafond: true, IgnorerDisponibilite: true, IgnorerDistance: true}},
	}
	// Over all runs, each widening must have let somebody in, else the
	// test would pass on an option that does nothing.
	admisPar := map[string]int{}
	for seed := uint64(1); seed <= 40; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		u := newUnivers(r, 4, 3, 28)
		cs := u.candidats(r, 60, 240)
		pool, err := NewPool(cs)
		if err != nil {
			t.Fatal(err)
		}
		cal := testCalendrier(u)
		for range 10 {
			d := u.demande(r)
			for _, opt := range options {
				o := opt.o
				o.Limite = -1
				cl, err := pool.Rank(d, cal, PoidsParDefaut(), o)
				if err != nil {
					t.Fatalf("seed %d %s: %v", seed, opt.name, err)
				}
				want := map[refCle]refViolations{}
				var exclus [nMotifs]int
				for _, c := range cs {
					v := refCheck(c, d, cal)
					if m, ok := refMotif(v, o); ok {
						want[refCle{c.Type, c.ID}] = v
					} else {
						exclus[m]++
					}
				}
				if len(cl.Resultats) != len(want) || cl.Retenus != len(want) {
					t.Fatalf("seed %d %s: %d proposed (Retenus %d), reference %d", seed, opt.name,
						len(cl.Resultats), cl.Retenus, len(want))
				}
				if cl.Exclus.n != exclus {
					t.Fatalf("seed %d %s: exclusions %v, reference %v", seed, opt.name, cl.Exclus.n, exclus)
				}
				for _, res := range cl.Resultats {
					v, ok := want[refCle{res.Type, res.ID}]
					if !ok {
						t.Fatalf("seed %d %s: %s %d proposed, the reference excludes them", seed, opt.name, res.Type.Label(), res.ID)
					}
					if v.consent {
						t.Fatalf("seed %d %s: professional %d proposed without consent", seed, opt.name, res.ID)
					}
					checks := []struct {
						viol bool
						f    Facteur
						opt  string
					}{
						{v.horsAcad, FacteurTerritoire, "academies"},
						{v.horsTerr, FacteurTerritoire, "territoire"},
						{v.plafond, FacteurCharge, "plafond"},
						{v.dispo, FacteurDisponibilite, "disponibilite"},
						{refTropLoin(v, o), FacteurDistance, "distance"},
					}
					for _, ck := range checks {
						if ck.viol {
							if !hasElargi(res, ck.f) || !res.Elargi {
								t.Fatalf("seed %d %s: %d let in past %s without an Elargi reason: %+v",
									seed, opt.name, res.ID, ck.f, res.Raisons)
							}
							admisPar[ck.opt]++
						}
					}
					if !v.horsAcad && !v.horsTerr && !v.plafond && !v.dispo && !refTropLoin(v, o) && res.Elargi {
						t.Fatalf("seed %d %s: %d marked Elargi but passes every filter: %+v", seed, opt.name, res.ID, res.Raisons)
					}
					// No candidate beyond a limit unless widened.
					if !o.IgnorerDistance && ((o.DistanceMaxKm > 0 && res.DistanceKm > o.DistanceMaxKm) || (v.distMaxCand > 0 && res.DistanceKm > v.distMaxCand)) {
						t.Fatalf("seed %d %s: %d at %.1f km beyond a limit (demande %.0f, own %.0f)", seed, opt.name, res.ID, res.DistanceKm,
							o.DistanceMaxKm, v.distMaxCand)
					}
					if v.dist >= 0 && math.Abs(v.dist-res.DistanceKm) > 1e-6 {
						t.Fatalf("seed %d: distance %.6f, reference %.6f", seed, res.DistanceKm, v.dist)
					}
				}
				checkOrder(t, cl)
			}
		}
	}
	for _, k := range []string{"academies", "territoire", "plafond", "disponibilite", "distance"} {
		if admisPar[k] == 0 {
			t.Errorf("no candidate was ever let in by %s: the property is vacuous", k)
		}
	}
	t.Logf("let in by an option: %v", admisPar)
}

// checkOrder checks the sort order, that the score is the sum of the
// reasons, and that it does not exceed ScoreMax.
func checkOrder(t *testing.T, cl Classement) {
	t.Helper()
	for i, r := range cl.Resultats {
		sum := 0.0
		for _, x := range r.Raisons {
			sum += x.Points
		}
		if math.Abs(sum-r.Score) > 1e-9 {
			t.Fatalf("%d: score %.12f, reasons sum to %.12f", r.ID, r.Score, sum)
		}
		if r.Score > cl.ScoreMax+1e-9 {
			t.Fatalf("%d: score %.3f above ScoreMax %.3f", r.ID, r.Score, cl.ScoreMax)
		}
		if i == 0 {
			continue
		}
		p := cl.Resultats[i-1]
		if p.Score < r.Score || p.Score == r.Score && (p.ID > r.ID || p.ID == r.ID && p.Type >= r.Type) {
			t.Fatalf("order: %s %d (%.6f) before %s %d (%.6f)", p.Type.Label(), p.ID, p.Score, r.Type.Label(), r.ID, r.Score)
		}
	}
}

// TestRankDeterministic checks that the same input gives the same answer,
// whatever the order of the candidates, and that a limit keeps the head of
// the full ranking.
func TestRankDeterministic(t *testing.T) {
	ties := 0
	for seed := uint64(1); seed <= 10; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		u := newUnivers(r, 3, 3, 21)
		cs := u.candidats(r, 80, 400)
		// Coarse figures make ties frequent, so the tie-break is exercised.
		for i := range cs {
			cs[i].NoteMoyenne, cs[i].NbNotes = 0, 0
			cs[i].Sollicitees, cs[i].Repondues = 0, 0
		}
		pool, err := NewPool(cs)
		if err != nil {
			t.Fatal(err)
		}
		shuffled := slices.Clone(cs)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		pool2, err := NewPool(shuffled)
		if err != nil {
			t.Fatal(err)
		}
		cal := testCalendrier(u)
		for range 10 {
			d := u.demande(r)
			o := Options{Limite: -1, IgnorerPlafond: true}
			a, err := pool.Rank(d, cal, PoidsParDefaut(), o)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := pool.Rank(d, cal, PoidsParDefaut(), o)
			c, _ := pool2.Rank(d, cal, PoidsParDefaut(), o)
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("seed %d: two rankings of the same input differ", seed)
			}
			if !reflect.DeepEqual(a, c) {
				t.Fatalf("seed %d: the ranking depends on the order of the candidates", seed)
			}
			checkOrder(t, a)
			for i := 1; i < len(a.Resultats); i++ {
				if a.Resultats[i].Score == a.Resultats[i-1].Score {
					ties++
				}
			}
			for _, n := range []int{1, 7, 25} {
				o.Limite = n
				top, _ := pool.Rank(d, cal, PoidsParDefaut(), o)
				k := min(n, len(a.Resultats))
				if !reflect.DeepEqual(top.Resultats, a.Resultats[:k]) {
					t.Fatalf("seed %d: Limite %d is not the head of the full ranking", seed, n)
				}
				if top.Retenus != a.Retenus || top.Exclus != a.Exclus {
					t.Fatalf("seed %d: Limite %d changes the counts", seed, n)
				}
			}
		}
	}
	if ties == 0 {
		t.Errorf("no tie at all, the tie-break was not exercised")
	}
	t.Logf("%d ties", ties)
}

// TestExclureIsPoolWithout checks that leaving candidates out through
// Options.Exclure ranks and counts as a pool built without them: the
// request page ranks its académie's shared pool without those already
// solicited.
func TestExclureIsPoolWithout(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		r := rand.New(rand.NewPCG(seed, 29))
		u := newUnivers(r, 3, 3, 21)
		cs := u.candidats(r, 60, 200)
		deja := map[refCle]bool{}
		var reste []Candidat
		for i, c := range cs {
			if i%7 == 0 {
				deja[refCle{c.Type, c.ID}] = true
			} else {
				reste = append(reste, c)
			}
		}
		tout, err := NewPool(cs)
		if err != nil {
			t.Fatal(err)
		}
		sans, err := NewPool(reste)
		if err != nil {
			t.Fatal(err)
		}
		cal := testCalendrier(u)
		for range 10 {
			d := u.demande(r)
			for _, o := range []Options{{Limite: -1}, {Limite: 10, IgnorerDistance: true, IgnorerPlafond: true}} {
				want, err := sans.Rank(d, cal, PoidsParDefaut(), o)
				if err != nil {
					t.Fatal(err)
				}
				o.Exclure = func(typ TypeCandidat, id int64) bool { return deja[refCle{typ, id}] }
				got, err := tout.Rank(d, cal, PoidsParDefaut(), o)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("seed %d: Exclure ranks %d (%d kept) where the pool without them ranks %d (%d kept)",
						seed, len(got.Resultats), got.Retenus, len(want.Resultats), want.Retenus)
				}
				for _, res := range got.Resultats {
					if deja[refCle{res.Type, res.ID}] {
						t.Fatalf("seed %d: %d excluded but ranked", seed, res.ID)
					}
				}
			}
		}
	}
}

// TestAvailableMatchesModel checks the pool's day-number availability
// against model.Disponibilite.Disponible.
func TestAvailableMatchesModel(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	u := newUnivers(r, 2, 2, 60)
	cs := u.candidats(r, 200, 200)
	pool, err := NewPool(cs)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, c := range cs {
		for k := -3; k < u.jours+3; k++ {
			day := u.debut.AddDate(0, 0, k)
			if got, want := pool.cands[i].available(jour(day)), c.Dispo.Disponible(day); got != want {
				t.Fatalf("candidate %d on %s: %v, model says %v (%+v)", c.ID, day.Format(time.DateOnly), got, want, c.Dispo)
			}
			if !c.Dispo.Disponible(day) {
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("nobody is ever unavailable: the comparison is vacuous")
	}
}

// TestConsentNeverWidened checks that no option lets a professional in for a
// nature they did not consent to, and that an invited professional (consent
// not given yet) matches nothing.
func TestConsentNeverWidened(t *testing.T) {
	now := time.Now()
	invite := model.Professionnel{ID: 1, Academie: "16", Departement: "31", Consent: model.Consentement{Stages: true}}
	consent := invite
	consent.ID, consent.ConsentLe = 2, &now
	pool, err := NewPool([]Candidat{CandidatProfessionnel(invite), CandidatProfessionnel(consent)})
	if err != nil {
		t.Fatal(err)
	}
	all := Options{IgnorerTerritoire: true, AutresAcademies: true, IgnorerPlafond: true, IgnorerDisponibilite: true}
	for _, n := range Natures() {
		cl, err := pool.Rank(Demande{Academie: "16", Departement: "031", Nature: n}, Calendrier{}, PoidsParDefaut(), all)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range cl.Resultats {
			ids = append(ids, r.ID)
		}
		want := []int64(nil)
		if n == Stage {
			want = []int64{2}
		}
		if !slices.Equal(ids, want) {
			t.Errorf("%s: proposed %v, want %v", n, ids, want)
		}
		if got := cl.Exclus.Nombre(MotifSansConsentement); got != 2-len(want) {
			t.Errorf("%s: %d excluded without consent, want %d", n, got, 2-len(want))
		}
	}
}

// TestRankConcurrent ranks from several goroutines on one pool (run with
// -race): a Pool is read-only once built.
func TestRankConcurrent(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	u := newUnivers(r, 3, 3, 21)
	pool, err := NewPool(u.candidats(r, 50, 300))
	if err != nil {
		t.Fatal(err)
	}
	var demandes []Demande
	for range 8 {
		demandes = append(demandes, u.demande(r))
	}
	want := make([]Classement, len(demandes))
	for i, d := range demandes {
		want[i], _ = pool.Rank(d, testCalendrier(u), PoidsParDefaut(), Options{})
	}
	errs := make(chan string, len(demandes))
	for i, d := range demandes {
		go func() {
			got, _ := pool.Rank(d, testCalendrier(u), PoidsParDefaut(), Options{})
			if !reflect.DeepEqual(got, want[i]) {
				errs <- fmt.Sprintf("demande %d: concurrent ranking differs", i)
				return
			}
			errs <- ""
		}()
	}
	for range demandes {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
