package match

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"cee/internal/model"
)

// maxJoursPeriode bounds a demande's period: matching looks at each day of
// it for every candidate, and a school year is the longest sensible window.
const maxJoursPeriode = 366

// Rank ranks the pool's candidates for a demande.
//
// Hard filters, in this order (an excluded candidate is counted once, under
// the first it fails, in Classement.Exclus):
//   - territory: a candidate of another académie is left out unless
//     Options.AutresAcademies; one of the académie whose départements do not
//     include the établissement's, unless Options.IgnorerTerritoire. A
//     candidate whose Territoire lists the établissement's département is in,
//     whatever their académie.
//   - consent: a professional without consent for the demande's nature is
//     always left out. No option widens it: consent is the legal ground for
//     contacting them (RGPD), not a preference.
//   - monthly cap: a candidate with as many solicitations this month as
//     their cap is left out unless Options.IgnorerPlafond (one more would go
//     over it).
//   - availability: a candidate unavailable on any wanted creneau (declared
//     unavailability or a weekday not offered), or on every open day of the
//     wanted period, is left out unless Options.IgnorerDisponibilite.
//   - distance: farther than Options.DistanceMaxKm, when set, or than the
//     candidate's own Dispo.DistanceMaxKm, unless Options.IgnorerDistance.
//
// A wanted date on a public holiday, or for pupils' activities (intervention,
// visite, stage) during school holidays or on a Sunday, is a problem of the
// demande, not of the candidates: it is reported in Classement.Alertes and
// excludes nobody, since excluding everyone would hide the cause. Days of a
// period that fall on such days are not open days and are not counted.
//
// Rank returns an error for an invalid demande or invalid weights.
func (p *Pool) Rank(d Demande, cal Calendrier, w Poids, o Options) (Classement, error) {
	q, err := p.prepare(&d, &cal, w, o)
	if err != nil {
		return Classement{}, err
	}
	limite := o.Limite
	if limite == 0 {
		limite = DefaultLimite
	}
	var cl Classement
	cl.Alertes = q.alertes
	cl.ScoreMax = q.scoreMax

	// First pass: filters and score only, keeping the best in a heap of
	// size limite, so that labels are written for the shown results only
	// and a ranking allocates in proportion to Limite, not to the pool.
	var top topN
	if limite > 0 {
		top = topN{n: limite, h: make([]entree, 0, min(limite, len(p.cands)))}
	} else {
		top = topN{n: len(p.cands), h: make([]entree, 0, 64)}
	}
	for i := range p.cands {
		c := &p.cands[i]
		if (o.Type != 0 && c.typ != o.Type) || (o.Exclure != nil && o.Exclure(c.typ, c.id)) {
			continue
		}
		score, motif, ok := q.evaluer(c, nil)
		if !ok {
			cl.Exclus.n[motif]++
			continue
		}
		cl.Retenus++
		top.push(entree{score: score, id: c.id, typ: c.typ, idx: int32(i)})
	}
	slices.SortFunc(top.h, func(a, b entree) int {
		if a.meilleure(b) {
			return -1
		}
		if b.meilleure(a) {
			return 1
		}
		return 0
	})

	// Second pass on the kept ones: the same evaluation, with the reasons.
	cl.Resultats = make([]Resultat, len(top.h))
	for k, e := range top.h {
		c := &p.cands[e.idx]
		r := &cl.Resultats[k]
		r.Raisons = make([]Raison, 0, 12)
		r.Score, _, _ = q.evaluer(c, &r.Raisons)
		r.ID, r.Type, r.Nom = c.id, c.typ, c.nom
		r.DistanceKm = -1
		if q.geo && c.geo {
			r.DistanceKm = haversine(q.lat, q.lon, q.cosl, c.lat, c.lon, c.cosl)
		}
		for _, x := range r.Raisons {
			r.Elargi = r.Elargi || x.Elargi
		}
	}
	return cl, nil
}

// labelTropLoin says why a candidate let in by Options.IgnorerDistance was
// beyond a limit: the request's, or their own.
func labelTropLoin(dist, limite float64, sienne bool) string {
	qui := "de la demande"
	if sienne {
		qui = "qu'il s'est fixée"
	}
	return fmt.Sprintf("À %.0f km : au-delà de la distance maximale %s (%.0f km)", dist, qui, limite)
}

// alerteJour is the problem of a wanted day, "" when it has none: a public
// holiday, or for pupils' activities a day of school holidays or a Sunday.
func alerteJour(fermes fermetures, n Nature, j int32, m Moment) string {
	quand := dateLabel(j, m)
	if nom, ok := fermes.ferie(j); ok {
		return fmt.Sprintf("Le %s est un jour férié (%s).", quand, nom)
	}
	if !n.scolaire() {
		return ""
	}
	if nom, ok := fermes.vacances(j); ok {
		return fmt.Sprintf("Le %s tombe pendant les vacances scolaires (%s).", quand, nom)
	}
	if weekday(j) == time.Sunday {
		return fmt.Sprintf("Le %s est un dimanche.", quand)
	}
	return ""
}

// AlertesCalendrier are the problems of a demande's wanted days, as Rank
// reports them in Classement.Alertes: the school's form warns with them
// before the request is sent, the pilote's page after.
func AlertesCalendrier(d Demande, cal Calendrier) []string {
	fermes := newFermetures(&cal)
	var out []string
	for _, cr := range d.Creneaux {
		if cr.Jour.IsZero() {
			continue
		}
		if a := alerteJour(fermes, d.Nature, jour(cr.Jour), cr.Moment); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// requete is a Demande prepared against a pool.
type requete struct {
	pool   *Pool
	d      *Demande
	w      Poids
	o      Options
	nature Nature

	acad, dept int32
	deptCode   string

	naf      []nafCode
	familles []int32
	famRaw   []string
	romes    []string
	textes   [][]int32
	txtRaw   []string
	specs    []string

	geo            bool
	lat, lon, cosl float64

	creneaux []int32 // day numbers of Demande.Creneaux, same order
	periode  bool
	ouverts  []int32 // open days of Demande.Periode

	scoreMax float64
	alertes  []string
}

func (p *Pool) prepare(d *Demande, cal *Calendrier, w Poids, o Options) (*requete, error) {
	if err := w.Valider(); err != nil {
		return nil, err
	}
	if !d.Nature.valid() {
		return nil, fmt.Errorf("nature de demande inconnue : %q", d.Nature)
	}
	if strings.TrimSpace(d.Academie) == "" || normDept(d.Departement) == "" {
		return nil, errors.New("la demande doit indiquer l'académie et le département de l'établissement")
	}
	if math.IsNaN(o.DistanceMaxKm) || o.DistanceMaxKm < 0 {
		return nil, errors.New("la distance maximale doit être positive")
	}
	if o.Type != 0 && o.Type != CEE && o.Type != Professionnel {
		return nil, fmt.Errorf("type de candidat inconnu : %d", o.Type)
	}
	q := &requete{pool: p, d: d, w: w, o: o, nature: d.Nature,
		acad:     p.academies.lookup(strings.TrimSpace(d.Academie)),
		deptCode: normDept(d.Departement),
	}
	q.dept = p.depts.lookup(q.deptCode)
	for _, s := range d.NAF {
		n, ok := parseNAF(s)
		if !ok {
			return nil, fmt.Errorf("code NAF invalide : %q", s)
		}
		q.naf = append(q.naf, n)
	}
	for _, f := range d.Familles {
		if f = normCode(f); f != "" {
			q.familles = append(q.familles, p.familles.lookup(f))
			q.famRaw = append(q.famRaw, f)
		}
	}
	for _, m := range d.Metiers {
		if r, ok := parseROME(m); ok {
			q.romes = append(q.romes, r)
		} else if mots := p.racines(m, false); len(mots) > 0 {
			q.textes = append(q.textes, mots)
			q.txtRaw = append(q.txtRaw, strings.TrimSpace(m))
		}
	}
	for _, s := range d.Specialites {
		if s = normCode(s); s != "" {
			q.specs = append(q.specs, s)
		}
	}
	if d.Lieu != nil {
		if err := checkCoord(*d.Lieu); err != nil {
			return nil, fmt.Errorf("établissement : %w", err)
		}
		q.geo = true
		q.lat, q.lon = d.Lieu.Lat*math.Pi/180, d.Lieu.Lon*math.Pi/180
		q.cosl = math.Cos(q.lat)
	} else {
		q.alertes = append(q.alertes, "Coordonnées de l'établissement inconnues : la distance n'est pas prise en compte.")
	}

	if len(d.Creneaux) > 0 && d.Periode != nil {
		return nil, errors.New("une demande porte sur des dates ou sur une période, pas les deux")
	}
	fermes := newFermetures(cal)
	for _, cr := range d.Creneaux {
		if cr.Jour.IsZero() {
			return nil, errors.New("date de créneau manquante")
		}
		j := jour(cr.Jour)
		q.creneaux = append(q.creneaux, j)
		if a := alerteJour(fermes, q.nature, j, cr.Moment); a != "" {
			q.alertes = append(q.alertes, a)
		}
	}
	if per := d.Periode; per != nil {
		debut, fin := jour(per.Debut), jour(per.Fin)
		if per.Debut.IsZero() || per.Fin.IsZero() || fin < debut {
			return nil, errors.New("période de la demande invalide")
		}
		if fin-debut+1 > maxJoursPeriode {
			return nil, fmt.Errorf("période de la demande trop longue (plus de %d jours)", maxJoursPeriode)
		}
		q.periode = true
		vac := 0
		for j := debut; j <= fin; j++ {
			if _, ok := fermes.ferie(j); ok || weekday(j) == time.Sunday {
				continue // a period naturally spans Sundays and holidays
			}
			if _, ok := fermes.vacances(j); ok && q.nature.scolaire() {
				vac++
				continue
			}
			q.ouverts = append(q.ouverts, j)
		}
		if vac > 0 {
			q.alertes = append(q.alertes, fmt.Sprintf("La période compte %d %s de vacances scolaires, non %s.",
				vac, pluriel(vac, "jour", "jours"), pluriel(vac, "compté", "comptés")))
		}
		if len(q.ouverts) == 0 {
			// Nobody can be available on no day: without this, the
			// availability filter would exclude everyone and hide why.
			q.periode = false
			q.alertes = append(q.alertes, "La période ne compte aucun jour ouvrable : la disponibilité n'est pas prise en compte.")
		}
	}
	if o.DistanceMaxKm > 0 && !q.geo {
		q.alertes = append(q.alertes, "Distance maximale ignorée : coordonnées de l'établissement inconnues.")
	}

	// Factors with nothing to compare give nobody points: they are left out
	// of the maximum so that « 62 / 80 » means something.
	for _, f := range []struct {
		on bool
		w  float64
	}{{len(q.naf) > 0, w.Secteur}, {len(q.familles) > 0, w.Famille},
		{len(q.romes)+len(q.textes) > 0, w.Metier}, {len(q.specs) > 0, w.Specialite},
		{q.geo, w.Distance}, {len(q.creneaux) > 0 || q.periode, w.Disponibilite},
		{true, w.Charge}, {true, w.Equite}, {true, w.Reactivite}, {true, w.Satisfaction}} {
		if f.on {
			q.scoreMax += f.w
		}
	}
	return q, nil
}

// fermetures answers « is this day closed, and why » for a calendar.
type fermetures struct {
	feries map[int32]string
	vac    []struct {
		debut, reprise int32
		nom            string
	}
}

func newFermetures(cal *Calendrier) fermetures {
	f := fermetures{feries: make(map[int32]string, len(cal.Feries))}
	for _, x := range cal.Feries {
		f.feries[jour(x.Date)] = x.Nom
	}
	for _, v := range cal.Vacances {
		f.vac = append(f.vac, struct {
			debut, reprise int32
			nom            string
		}{jour(v.Debut), jour(v.Reprise), v.Nom})
	}
	return f
}

func (f fermetures) ferie(j int32) (string, bool) {
	nom, ok := f.feries[j]
	return nom, ok
}

func (f fermetures) vacances(j int32) (string, bool) {
	for _, v := range f.vac {
		if j >= v.debut && j < v.reprise {
			return v.nom, true
		}
	}
	return "", false
}

// Smoothing of the figures that come from few events: a candidate answering
// 1 solicitation out of 1 should not outrank one answering 19 out of 20.
// Each rate is pulled towards a prior by a few pseudo-events.
const (
	reponsePrior  = 0.6 // assumed response rate of a newcomer
	reponsePseudo = 3.0
	notePrior     = 0.5 // a 3/5, on the 0–1 scale
	notePseudo    = 2.0
	// chargeSansPlafond is the number of solicitations this month at which
	// a candidate without a cap gets half the load factor.
	chargeSansPlafond = 2.0
	// equiteDemi is the number of actions accepted in 12 months at which
	// the fairness factor gives half its weight.
	equiteDemi = 6.0
)

// Partial matches of a NAF code, by the most precise level shared with the
// wanted code when the candidate's code is not inside it.
var nafPartiel = [...]float64{0, 0.25, 0.5, 0.6, 0.75}

// evaluer applies the filters and scores c. With ex non-nil it appends the
// reasons: the same code computes the first pass's score and the shown one,
// so they cannot disagree.
func (q *requete) evaluer(c *cand, ex *[]Raison) (score float64, motif Motif, ok bool) {
	o := &q.o
	w := &q.w

	// Territory.
	horsAcad, horsTerr := false, false
	if !containsID(c.terr, q.dept) {
		if c.acad != q.acad {
			horsAcad = true
		} else if len(c.terr) > 0 {
			horsTerr = true
		}
	}
	if horsAcad && !o.AutresAcademies {
		return 0, MotifHorsAcademie, false
	}
	if horsTerr && !o.IgnorerTerritoire {
		return 0, MotifHorsTerritoire, false
	}
	// Consent: never widened.
	if c.typ == Professionnel && !q.nature.consentie(c.consent) {
		return 0, MotifSansConsentement, false
	}
	// Monthly cap.
	plafond := c.cap > 0 && c.sol >= c.cap
	if plafond && !o.IgnorerPlafond {
		return 0, MotifPlafond, false
	}
	// Availability.
	nDispo, nDemandes := 0, 0
	if len(q.creneaux) > 0 {
		nDemandes = len(q.creneaux)
		for _, j := range q.creneaux {
			if c.available(j) {
				nDispo++
			}
		}
		if nDispo < nDemandes && !o.IgnorerDisponibilite {
			return 0, MotifIndisponible, false
		}
	} else if q.periode {
		nDemandes = len(q.ouverts)
		for _, j := range q.ouverts {
			if c.available(j) {
				nDispo++
			}
		}
		if nDispo == 0 && !o.IgnorerDisponibilite {
			return 0, MotifIndisponible, false
		}
	}
	// Distance: the request's limit and the candidate's own, the nearer.
	dist, limite, sienne := -1.0, o.DistanceMaxKm, false
	if c.distMax > 0 && (limite == 0 || c.distMax < limite) {
		limite, sienne = c.distMax, true
	}
	tropLoin := false
	if q.geo && c.geo {
		dist = haversine(q.lat, q.lon, q.cosl, c.lat, c.lon, c.cosl)
		if limite > 0 && dist > limite {
			if !o.IgnorerDistance {
				return 0, MotifTropLoin, false
			}
			tropLoin = true
		}
	}

	add := func(f Facteur, points float64, label func() string) {
		score += points
		if ex != nil {
			*ex = append(*ex, Raison{Facteur: f, Libelle: label(), Points: points})
		}
	}
	elargi := func(f Facteur, label func() string) {
		if ex != nil {
			*ex = append(*ex, Raison{Facteur: f, Libelle: label(), Elargi: true})
		}
	}

	if horsAcad {
		elargi(FacteurTerritoire, func() string { return q.labelHorsAcademie(c) })
	} else if horsTerr {
		elargi(FacteurTerritoire, func() string { return q.labelHorsTerritoire(c) })
	}
	if tropLoin {
		elargi(FacteurDistance, func() string { return labelTropLoin(dist, limite, sienne) })
	}
	if c.typ == Professionnel && ex != nil {
		*ex = append(*ex, Raison{Facteur: FacteurConsentement,
			Libelle: "A accepté d'être contacté pour " + q.nature.consentLabel()})
	}

	if len(q.naf) > 0 {
		v, wi, ci := q.secteur(c)
		add(FacteurSecteur, w.Secteur*v, func() string { return q.labelSecteur(c, v, wi, ci) })
	}
	if len(q.familles) > 0 {
		v, ci := q.famille(c)
		add(FacteurFamille, w.Famille*v, func() string { return q.labelFamille(c, ci) })
	}
	if len(q.romes)+len(q.textes) > 0 {
		m := q.metier(c)
		add(FacteurMetier, w.Metier*m.v, func() string { return q.labelMetier(c, m) })
	}
	if len(q.specs) > 0 {
		v, wi, ci := q.specialite(c)
		add(FacteurSpecialite, w.Specialite*v, func() string { return q.labelSpecialite(c, v, wi, ci) })
	}
	if q.geo {
		v := 0.0
		if dist >= 0 {
			v = w.DemiDistanceKm / (w.DemiDistanceKm + dist)
		}
		add(FacteurDistance, w.Distance*v, func() string { return labelDistance(dist) })
	}
	if nDemandes > 0 {
		v := float64(nDispo) / float64(nDemandes)
		if ex != nil && nDispo < nDemandes && (len(q.creneaux) > 0 || nDispo == 0) {
			// Let in by IgnorerDisponibilite.
			*ex = append(*ex, Raison{Facteur: FacteurDisponibilite, Libelle: q.labelDispo(c, nDispo, nDemandes),
				Points: w.Disponibilite * v, Elargi: true})
			score += w.Disponibilite * v
		} else {
			add(FacteurDisponibilite, w.Disponibilite*v, func() string { return q.labelDispo(c, nDispo, nDemandes) })
		}
	}
	{
		var v float64
		if c.cap > 0 {
			v = max(0, 1-float64(c.sol)/float64(c.cap))
		} else {
			v = 1 / (1 + float64(c.sol)/chargeSansPlafond)
		}
		if plafond && ex != nil {
			*ex = append(*ex, Raison{Facteur: FacteurCharge, Libelle: labelCharge(c), Points: w.Charge * v, Elargi: true})
			score += w.Charge * v
		} else {
			add(FacteurCharge, w.Charge*v, func() string { return labelCharge(c) })
		}
	}
	add(FacteurEquite, w.Equite/(1+float64(c.acc)/equiteDemi), func() string { return labelEquite(c) })
	{
		v := (float64(c.repondues) + reponsePseudo*reponsePrior) / (float64(c.sollicitees) + reponsePseudo)
		add(FacteurReactivite, w.Reactivite*v, func() string { return labelReactivite(c) })
	}
	{
		v := notePrior
		if c.nbNotes > 0 {
			n := float64(c.nbNotes)
			v = ((c.note-1)/4*n + notePrior*notePseudo) / (n + notePseudo)
		}
		add(FacteurSatisfaction, w.Satisfaction*v, func() string { return labelSatisfaction(c) })
	}
	return score, 0, true
}

func containsID(s []int32, id int32) bool {
	if id < 0 {
		return false
	}
	for _, x := range s {
		if x == id {
			return true
		}
	}
	return false
}

// secteur is the best match between the wanted NAF codes and the
// candidate's: 1 when the candidate's code is inside a wanted one (the same
// sub-class, or anything in a wanted division or section), else by the most
// precise level they share (nafPartiel). It returns the indices of the best
// pair, -1 for none.
func (q *requete) secteur(c *cand) (v float64, wi, ci int) {
	wi, ci = -1, -1
	for i, wn := range q.naf {
		for k, cn := range c.naf {
			l := commun(wn, cn)
			var x float64
			if l >= wn.niveau() {
				x = 1
			} else {
				x = nafPartiel[l]
			}
			if x > v {
				v, wi, ci = x, i, k
			}
		}
	}
	return v, wi, ci
}

// famille is 1 when the candidate has one of the wanted familles.
func (q *requete) famille(c *cand) (float64, int) {
	for k, f := range c.familles {
		if containsID(q.familles, f) {
			return 1, k
		}
	}
	return 0, -1
}

// metierMatch is the best occupation match: a ROME code (1 for the same
// code, 0.5 for the same domain, its first three characters), or a free
// text (the share of its words found in one of the candidate's).
type metierMatch struct {
	v        float64
	rome     bool
	wi, ci   int // wanted and candidate's item
	trouves  int // words found, for text
	demandes int
}

func (q *requete) metier(c *cand) metierMatch {
	best := metierMatch{wi: -1, ci: -1}
	for i, r := range q.romes {
		for k, cr := range c.romes {
			x := 0.0
			if r == cr {
				x = 1
			} else if r[:3] == cr[:3] {
				x = 0.5
			}
			if x > best.v {
				best = metierMatch{v: x, rome: true, wi: i, ci: k}
			}
		}
	}
	for i, mots := range q.textes {
		for k, cm := range c.textes {
			n := 0
			for _, m := range mots {
				if containsID(cm, m) {
					n++
				}
			}
			if x := float64(n) / float64(len(mots)); x > best.v {
				best = metierMatch{v: x, wi: i, ci: k, trouves: n, demandes: len(mots)}
			}
		}
	}
	return best
}

// specialite is 1 for the same CFD code, 0.5 for the same group of
// specialities (NSF, characters 4 to 6 of the code): a BTS and a bac pro of
// the same trade.
func (q *requete) specialite(c *cand) (v float64, wi, ci int) {
	wi, ci = -1, -1
	for i, s := range q.specs {
		for k, cs := range c.specs {
			x := 0.0
			if s == cs {
				x = 1
			} else if len(s) == 8 && len(cs) == 8 && s[3:6] == cs[3:6] {
				x = 0.5
			}
			if x > v {
				v, wi, ci = x, i, k
			}
		}
	}
	return v, wi, ci
}

// entree is a candidate kept by the first pass.
type entree struct {
	score float64
	id    int64
	typ   TypeCandidat
	idx   int32
}

// meilleure is the ranking order: score descending, then id, then CEE
// before professionals (ids of CEE and professionals come from different
// tables and may be equal).
func (a entree) meilleure(b entree) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.id != b.id {
		return a.id < b.id
	}
	return a.typ < b.typ
}

// topN keeps the n best entries in a heap whose root is the worst kept.
type topN struct {
	n int
	h []entree
}

func (t *topN) push(e entree) {
	if len(t.h) < t.n {
		t.h = append(t.h, e)
		for i := len(t.h) - 1; i > 0; {
			parent := (i - 1) / 2
			if !t.h[parent].meilleure(t.h[i]) {
				break
			}
			t.h[parent], t.h[i] = t.h[i], t.h[parent]
			i = parent
		}
		return
	}
	if t.n == 0 || !e.meilleure(t.h[0]) {
		return
	}
	t.h[0] = e
	for i := 0; ; {
		l, r, worst := 2*i+1, 2*i+2, i
		if l < len(t.h) && t.h[worst].meilleure(t.h[l]) {
			worst = l
		}
		if r < len(t.h) && t.h[worst].meilleure(t.h[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		t.h[i], t.h[worst] = t.h[worst], t.h[i]
		i = worst
	}
}

// dateLabel writes a creneau: « 3 mars 2027 », « 3 mars 2027 matin ».
func dateLabel(j int32, m Moment) string {
	s := model.Date(dateOf(j))
	if l := m.Label(); l != "" {
		s += " " + l
	}
	return s
}
