package refdata

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// Dates in this file are civil dates, held as time.Time at midnight UTC: a
// school holiday or a public holiday is a day in the calendar of the
// territory, not an instant, and UTC keeps the values independent of the
// machine's time zone database. Compare them with Date() of the time at hand
// (see IsJourFerie), not with Before/After on instants of another zone.

// Vacances is a school holiday period for one zone.
type Vacances struct {
	// AnneeScolaire is "2024-2025", or a calendar year ("2025") for New
	// Caledonia and Wallis-et-Futuna, whose school year follows it.
	AnneeScolaire string
	// Zone is "Zone A", "Zone B", "Zone C", or the territory for Corsica and
	// overseas ("Corse", "Guadeloupe", "Réunion", …).
	Zone string
	// Description is the published label, e.g. "Vacances de la Toussaint".
	Description string
	// Population is empty when the period applies to everyone, else who it
	// applies to ("Élèves", "Enseignants", "Saint-Martin", …).
	Population string
	// Debut is the first day off; Fin is the day classes resume. Both are
	// civil dates at midnight UTC.
	Debut, Fin time.Time
	// Academies are the académies' names as the calendar spells them
	// ("Réunion", "Polynésie"), and CodesAcademies their codes in the same
	// order; the codes include the vice-rectorats 40 to 44, which are not
	// among Academies().
	Academies      []string
	CodesAcademies []string
}

var vacances = sync.OnceValue(func() []Vacances {
	var list []Vacances
	header := []string{"annee_scolaire", "zone", "description", "population", "debut", "fin", "academies", "codes_academies"}
	readCSV("vacances.csv", header, func(r []string) {
		list = append(list, Vacances{
			AnneeScolaire: r[0], Zone: r[1], Description: r[2], Population: r[3],
			Debut: mustDate(r[4]), Fin: mustDate(r[5]),
			Academies: splitList(r[6]), CodesAcademies: splitList(r[7]),
		})
	})
	return list
})

func mustDate(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic("refdata: bad date " + s)
	}
	return d
}

// VacancesScolaires returns the school holidays of the school years 2023-2024
// to 2026-2027 (2026-2027: metropolitan zones only), in the order of the
// published calendar.
func VacancesScolaires() []Vacances { return slices.Clone(vacances()) }

// VacancesOfAcademie returns the school holidays that apply to an académie
// (by code), in the order of VacancesScolaires.
func VacancesOfAcademie(codeAcademie string) []Vacances {
	code := strings.TrimSpace(codeAcademie)
	var list []Vacances
	for _, v := range vacances() {
		if slices.Contains(v.CodesAcademies, code) {
			list = append(list, v)
		}
	}
	return list
}

var academiesZones = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	readCSV("academies_zones.csv", []string{"annee_scolaire", "code_academie", "academie", "zone"}, func(r []string) {
		m[r[0]+"|"+r[1]] = r[3]
	})
	return m
})

// ZoneOfAcademie returns the holiday zone of an académie for a school year,
// e.g. ZoneOfAcademie("2025-2026", "16") = "Zone C". Corsica and overseas
// académies have their own zone, named after the territory. It returns false
// for a year outside the calendar (before 2023-2024 or after 2026-2027), and
// for Corsica and overseas in 2026-2027, not yet in the source.
func ZoneOfAcademie(anneeScolaire, codeAcademie string) (string, bool) {
	z, ok := academiesZones()[strings.TrimSpace(anneeScolaire)+"|"+strings.TrimSpace(codeAcademie)]
	return z, ok
}

// JourFerie is a public holiday.
type JourFerie struct {
	// Date is the civil date, at midnight UTC.
	Date time.Time
	Nom  string
}

func date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
}

// Paques returns Easter Sunday of a Gregorian year, at midnight UTC, by the
// anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func Paques(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return date(year, time.Month(month), day)
}

// JoursFeries returns the 11 public holidays of metropolitan France in a year
// (Code du travail, L3133-1), sorted by date, at midnight UTC. The lundi de
// Pentecôte is listed although many employers make it the journée de
// solidarité. For Alsace-Moselle and the overseas départements, see
// JoursFeriesDepartement.
func JoursFeries(year int) []JourFerie {
	p := Paques(year)
	list := []JourFerie{
		{date(year, time.January, 1), "Jour de l'an"},
		{p.AddDate(0, 0, 1), "Lundi de Pâques"},
		{date(year, time.May, 1), "Fête du Travail"},
		{date(year, time.May, 8), "Victoire 1945"},
		{p.AddDate(0, 0, 39), "Ascension"},
		{p.AddDate(0, 0, 50), "Lundi de Pentecôte"},
		{date(year, time.July, 14), "Fête nationale"},
		{date(year, time.August, 15), "Assomption"},
		{date(year, time.November, 1), "Toussaint"},
		{date(year, time.November, 11), "Armistice 1918"},
		{date(year, time.December, 25), "Noël"},
	}
	// Ascension falls between 30 April and 3 June, so it can come before
	// 1 or 8 May.
	slices.SortStableFunc(list, func(a, b JourFerie) int { return a.Date.Compare(b.Date) })
	return list
}

// JoursFeriesDepartement returns the public holidays of a département in a
// year, sorted by date: the metropolitan ones, plus in Moselle, Bas-Rhin and
// Haut-Rhin the Vendredi saint and the 26 December (Code du travail,
// L3134-13), and in the overseas départements the day of the abolition of
// slavery (loi n° 83-550 and décret n° 83-1003). The code is read as by
// DepartementByCode.
func JoursFeriesDepartement(year int, dep string) []JourFerie {
	list := JoursFeries(year)
	switch normDepartement(dep) {
	case "57", "67", "68":
		list = append(list,
			JourFerie{Paques(year).AddDate(0, 0, -2), "Vendredi saint"},
			JourFerie{date(year, time.December, 26), "Saint-Étienne"})
	case "971":
		list = append(list, JourFerie{date(year, time.May, 27), "Abolition de l'esclavage"})
	case "972":
		list = append(list, JourFerie{date(year, time.May, 22), "Abolition de l'esclavage"})
	case "973":
		list = append(list, JourFerie{date(year, time.June, 10), "Abolition de l'esclavage"})
	case "974":
		list = append(list, JourFerie{date(year, time.December, 20), "Abolition de l'esclavage"})
	case "976":
		list = append(list, JourFerie{date(year, time.April, 27), "Abolition de l'esclavage"})
	}
	slices.SortStableFunc(list, func(a, b JourFerie) int { return a.Date.Compare(b.Date) })
	return list
}

// IsJourFerie tells whether d falls on a metropolitan public holiday. It looks
// at the calendar day of d in d's own location, so 1 May at 00:30 in
// Europe/Paris counts, whatever the instant is in UTC.
func IsJourFerie(d time.Time) bool {
	y, m, day := d.Date()
	civil := date(y, m, day)
	for _, j := range JoursFeries(y) {
		if j.Date.Equal(civil) {
			return true
		}
	}
	return false
}
