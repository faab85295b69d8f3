package match

import (
	"fmt"
	"math/rand/v2"
	"time"

	"cee/internal/model"
)

// Synthetic data for the property tests and the benchmark. A univers fixes
// the académies, their départements and centres, and the vocabularies; the
// generators draw candidates and demandes from it with a seeded generator,
// so every run sees the same data.

type univers struct {
	academies []string
	depts     map[string][]string // académie → départements
	centres   map[string]Coord
	naf       []string
	familles  []string
	romes     []string
	metiers   []string
	specs     []string
	debut     time.Time // first day demandes and unavailabilities use
	jours     int       // span of days they use
}

var codesAcademies = []string{"01", "02", "03", "04", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15",
	"16", "17", "18", "19", "20", "22", "23", "24", "25", "27", "28", "31", "32", "33", "43", "70"}

var metiersTexte = []string{"électricien bâtiment", "plombier chauffagiste", "boulangère", "coiffeuse",
	"conducteur de travaux", "technicienne de maintenance", "cuisinier", "serveuse", "menuisier",
	"mécanicien automobile", "comptable", "assistante de gestion", "développeur web", "infirmière",
	"aide-soignant", "logisticien", "chauffeur poids lourd", "vendeuse en boulangerie", "esthéticienne", "soudeur"}

func newUnivers(r *rand.Rand, nAcad, deptsParAcad int, jours int) *univers {
	u := &univers{depts: map[string][]string{}, centres: map[string]Coord{},
		debut: time.Date(2027, time.March, 1, 0, 0, 0, 0, time.UTC), jours: jours}
	dept := 1
	for i := 0; i < nAcad; i++ {
		a := codesAcademies[i%len(codesAcademies)]
		if i >= len(codesAcademies) {
			a = fmt.Sprintf("X%d", i)
		}
		u.academies = append(u.academies, a)
		for k := 0; k < deptsParAcad; k++ {
			u.depts[a] = append(u.depts[a], fmt.Sprintf("%02d", dept))
			dept++
		}
		u.centres[a] = Coord{Lat: 43 + r.Float64()*7, Lon: -3 + r.Float64()*10}
	}
	divisions := []int{1, 10, 16, 25, 33, 41, 43, 45, 47, 49, 55, 56, 62, 69, 71, 85, 86, 95, 96}
	for _, d := range divisions {
		for k := 0; k < 8; k++ {
			u.naf = append(u.naf, fmt.Sprintf("%02d.%d%d%c", d, 1+r.IntN(3), 1+r.IntN(3), 'A'+rune(r.IntN(3))))
		}
	}
	for i := 1; i <= 14; i++ {
		u.familles = append(u.familles, fmt.Sprintf("FAM%02d", i))
	}
	for i := 0; i < 300; i++ {
		u.romes = append(u.romes, fmt.Sprintf("%c%d%03d", 'A'+rune(r.IntN(14)), 1+r.IntN(4), r.IntN(40)))
	}
	u.metiers = metiersTexte
	for i := 0; i < 150; i++ {
		u.specs = append(u.specs, fmt.Sprintf("%03d%03d%02d", []int{500, 400, 320}[r.IntN(3)], 200+r.IntN(60), r.IntN(30)))
	}
	return u
}

func pick[T any](r *rand.Rand, s []T, n int) []T {
	var out []T
	for range n {
		out = append(out, s[r.IntN(len(s))])
	}
	return out
}

func (u *univers) jour(r *rand.Rand) time.Time { return u.debut.AddDate(0, 0, r.IntN(u.jours)) }

// candidat draws one candidate of académie a.
func (u *univers) candidat(r *rand.Rand, id int64, typ TypeCandidat, a string) Candidat {
	c := Candidat{ID: id, Type: typ, Nom: fmt.Sprintf("%s %d", typ.Label(), id), Academie: a}
	ds := u.depts[a]
	switch {
	case typ == Professionnel:
		c.Territoire = []string{ds[r.IntN(len(ds))]}
	case r.IntN(2) == 0: // half the CEE act on some départements only
		c.Territoire = pick(r, ds, 1+r.IntN(2))
	}
	c.NAF = pick(r, u.naf, 1+r.IntN(2))
	c.Familles = pick(r, u.familles, r.IntN(3))
	if r.IntN(2) == 0 {
		c.Metiers = append(c.Metiers, pick(r, u.romes, 1+r.IntN(2))...)
	}
	if r.IntN(2) == 0 {
		c.Metiers = append(c.Metiers, pick(r, u.metiers, 1)...)
	}
	if typ == CEE || r.IntN(5) == 0 {
		c.Specialites = pick(r, u.specs, r.IntN(4))
	}
	if r.IntN(10) > 0 {
		ce := u.centres[a]
		c.Domicile = &Coord{Lat: ce.Lat + r.NormFloat64()*0.4, Lon: ce.Lon + r.NormFloat64()*0.5}
	}
	if r.IntN(3) == 0 {
		for _, j := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday} {
			if r.IntN(2) == 0 {
				c.Dispo.Jours = append(c.Dispo.Jours, j)
			}
		}
	}
	for range r.IntN(3) {
		d := u.jour(r)
		c.Dispo.Indisponibilites = append(c.Dispo.Indisponibilites, model.Periode{Debut: d, Fin: d.AddDate(0, 0, r.IntN(6))})
	}
	if r.IntN(4) > 0 {
		c.Dispo.MaxParMois = 1 + r.IntN(4)
	}
	if r.IntN(3) == 0 { // a third say how far they go
		c.Dispo.DistanceMaxKm = 10 + r.IntN(60)
	}
	c.SollicitationsMois = r.IntN(5)
	c.AccepteesAn = r.IntN(12)
	c.Sollicitees = r.IntN(30)
	c.Repondues = r.IntN(c.Sollicitees + 1)
	if n := r.IntN(8); n > 0 {
		c.NbNotes = n
		c.NoteMoyenne = 1 + r.Float64()*4
	}
	if typ == Professionnel {
		c.Consent = model.Consentement{Interventions: r.IntN(3) > 0, Visites: r.IntN(2) == 0,
			Stages: r.IntN(3) == 0, Jurys: r.IntN(4) == 0}
	}
	return c
}

// candidats draws nCEE CEE and nPro professionals spread over the
// académies, with distinct ids per kind.
func (u *univers) candidats(r *rand.Rand, nCEE, nPro int) []Candidat {
	out := make([]Candidat, 0, nCEE+nPro)
	for i := range nCEE {
		out = append(out, u.candidat(r, int64(i+1), CEE, u.academies[i%len(u.academies)]))
	}
	for i := range nPro {
		out = append(out, u.candidat(r, int64(i+1), Professionnel, u.academies[i%len(u.academies)]))
	}
	return out
}

func (u *univers) demande(r *rand.Rand) Demande {
	a := u.academies[r.IntN(len(u.academies))]
	ds := u.depts[a]
	d := Demande{Academie: a, Departement: ds[r.IntN(len(ds))], Nature: Natures()[r.IntN(len(Natures()))]}
	if r.IntN(8) > 0 {
		ce := u.centres[a]
		d.Lieu = &Coord{Lat: ce.Lat + r.NormFloat64()*0.3, Lon: ce.Lon + r.NormFloat64()*0.3}
	}
	d.NAF = pick(r, u.naf, r.IntN(3))
	if r.IntN(3) == 0 {
		d.NAF = append(d.NAF, u.naf[r.IntN(len(u.naf))][:2]) // a division
	}
	d.Familles = pick(r, u.familles, r.IntN(2))
	d.Metiers = append(pick(r, u.romes, r.IntN(2)), pick(r, u.metiers, r.IntN(2))...)
	d.Specialites = pick(r, u.specs, r.IntN(2))
	switch r.IntN(4) {
	case 0: // no date
	case 1:
		b := u.jour(r)
		d.Periode = &model.Periode{Debut: b, Fin: b.AddDate(0, 0, 3+r.IntN(14))}
	default:
		for range 1 + r.IntN(3) {
			d.Creneaux = append(d.Creneaux, Creneau{Jour: u.jour(r), Moment: Moment(r.IntN(3))})
		}
	}
	return d
}
