package refdata

import (
	"slices"
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPaques(t *testing.T) {
	tests := []struct {
		year int
		want string
	}{
		{1818, "1818-03-22"}, // earliest possible date
		{1943, "1943-04-25"}, // latest possible date
		{2000, "2000-04-23"},
		{2024, "2024-03-31"},
		{2025, "2025-04-20"},
		{2026, "2026-04-05"},
		{2027, "2027-03-28"},
		{2038, "2038-04-25"},
		{2285, "2285-03-22"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := Paques(tt.year); !got.Equal(d(tt.want)) {
				t.Errorf("Paques(%d) = %s, want %s", tt.year, got.Format(time.DateOnly), tt.want)
			}
		})
	}
}

func TestJoursFeries(t *testing.T) {
	tests := []struct {
		year int
		want []string
	}{
		{2026, []string{
			"2026-01-01 Jour de l'an", "2026-04-06 Lundi de Pâques", "2026-05-01 Fête du Travail",
			"2026-05-08 Victoire 1945", "2026-05-14 Ascension", "2026-05-25 Lundi de Pentecôte",
			"2026-07-14 Fête nationale", "2026-08-15 Assomption", "2026-11-01 Toussaint",
			"2026-11-11 Armistice 1918", "2026-12-25 Noël",
		}},
		{2027, []string{
			"2027-01-01 Jour de l'an", "2027-03-29 Lundi de Pâques", "2027-05-01 Fête du Travail",
			"2027-05-06 Ascension", "2027-05-08 Victoire 1945", "2027-05-17 Lundi de Pentecôte",
			"2027-07-14 Fête nationale", "2027-08-15 Assomption", "2027-11-01 Toussaint",
			"2027-11-11 Armistice 1918", "2027-12-25 Noël",
		}},
	}
	for _, tt := range tests {
		t.Run(time.Date(tt.year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006"), func(t *testing.T) {
			var got []string
			for _, j := range JoursFeries(tt.year) {
				if j.Date.Location() != time.UTC || j.Date.Hour() != 0 {
					t.Errorf("%s: %v is not midnight UTC", j.Nom, j.Date)
				}
				got = append(got, j.Date.Format(time.DateOnly)+" "+j.Nom)
			}
			slices.Sort(got) // JoursFeries sorts by date; 2027 puts Ascension before 8 May
			if !slices.Equal(got, tt.want) {
				t.Errorf("JoursFeries(%d) =\n%v\nwant\n%v", tt.year, got, tt.want)
			}
		})
	}
	for year := 2020; year <= 2040; year++ {
		list := JoursFeries(year)
		if !slices.IsSortedFunc(list, func(a, b JourFerie) int { return a.Date.Compare(b.Date) }) {
			t.Errorf("JoursFeries(%d) not sorted by date", year)
		}
	}
}

func TestJoursFeriesDepartement(t *testing.T) {
	tests := []struct {
		dep   string
		extra []string
	}{
		{"31", nil},
		{"57", []string{"2026-04-03", "2026-12-26"}},
		{"067", []string{"2026-04-03", "2026-12-26"}},
		{"971", []string{"2026-05-27"}},
		{"972", []string{"2026-05-22"}},
		{"973", []string{"2026-06-10"}},
		{"974", []string{"2026-12-20"}},
		{"976", []string{"2026-04-27"}},
	}
	base := JoursFeries(2026)
	for _, tt := range tests {
		t.Run(tt.dep, func(t *testing.T) {
			list := JoursFeriesDepartement(2026, tt.dep)
			var extra []string
			for _, j := range list {
				if !slices.Contains(base, j) {
					extra = append(extra, j.Date.Format(time.DateOnly))
				}
			}
			if !slices.Equal(extra, tt.extra) || len(list) != len(base)+len(tt.extra) {
				t.Errorf("JoursFeriesDepartement(2026, %q) adds %v, want %v", tt.dep, extra, tt.extra)
			}
			if !slices.IsSortedFunc(list, func(a, b JourFerie) int { return a.Date.Compare(b.Date) }) {
				t.Errorf("JoursFeriesDepartement(2026, %q) not sorted", tt.dep)
			}
		})
	}
}

func TestIsJourFerie(t *testing.T) {
	paris := time.FixedZone("CEST", 2*3600) // no tzdata needed
	tests := []struct {
		name string
		t    time.Time
		want bool
	}{
		{"1 May 2026 midnight UTC", d("2026-05-01"), true},
		{"1 May 2026 00:30 in Paris, still 30 April in UTC", time.Date(2026, 5, 1, 0, 30, 0, 0, paris), true},
		{"30 April 2026 23:30 UTC", time.Date(2026, 4, 30, 23, 30, 0, 0, time.UTC), false},
		{"lundi de Pâques 2026 afternoon", time.Date(2026, 4, 6, 15, 0, 0, 0, paris), true},
		{"Pâques 2026 itself (a Sunday, not listed)", d("2026-04-05"), false},
		{"Ascension 2027", d("2027-05-06"), true},
		{"ordinary day", d("2026-03-10"), false},
		{"26 December, only in Alsace-Moselle", d("2026-12-26"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsJourFerie(tt.t); got != tt.want {
				t.Errorf("IsJourFerie(%v) = %v, want %v", tt.t, got, tt.want)
			}
		})
	}
}

func TestVacancesScolaires(t *testing.T) {
	list := VacancesScolaires()
	if len(list) != 301 {
		t.Errorf("len(VacancesScolaires()) = %d, want 301 (data/README.md)", len(list))
	}
	tests := []struct {
		annee, zone, description string
		debut, fin               string
	}{
		{"2024-2025", "Zone A", "Vacances de la Toussaint", "2024-10-19", "2024-11-04"},
		{"2024-2025", "Zone B", "Vacances de la Toussaint", "2024-10-19", "2024-11-04"},
		{"2024-2025", "Zone C", "Vacances de la Toussaint", "2024-10-19", "2024-11-04"},
		{"2024-2025", "Mayotte", "Vacances de la Toussaint", "2024-10-12", "2024-10-28"},
	}
	for _, tt := range tests {
		t.Run(tt.annee+" "+tt.zone+" "+tt.description, func(t *testing.T) {
			i := slices.IndexFunc(list, func(v Vacances) bool {
				return v.AnneeScolaire == tt.annee && v.Zone == tt.zone && v.Description == tt.description
			})
			if i < 0 {
				t.Fatal("period not found")
			}
			v := list[i]
			if !v.Debut.Equal(d(tt.debut)) || !v.Fin.Equal(d(tt.fin)) {
				t.Errorf("got %s → %s, want %s → %s", v.Debut.Format(time.DateOnly), v.Fin.Format(time.DateOnly), tt.debut, tt.fin)
			}
		})
	}
	for _, v := range list {
		if v.Fin.Before(v.Debut) || len(v.Academies) == 0 || len(v.Academies) != len(v.CodesAcademies) {
			t.Errorf("bad period %+v", v)
		}
	}
	toussaintA := list[slices.IndexFunc(list, func(v Vacances) bool {
		return v.AnneeScolaire == "2024-2025" && v.Zone == "Zone A" && v.Description == "Vacances de la Toussaint"
	})]
	want := []string{"Besançon", "Bordeaux", "Clermont-Ferrand", "Dijon", "Grenoble", "Limoges", "Lyon", "Poitiers"}
	if !slices.Equal(toussaintA.Academies, want) {
		t.Errorf("Toussaint 2024 zone A académies = %v, want %v", toussaintA.Academies, want)
	}
	for i, code := range toussaintA.CodesAcademies {
		if a, ok := AcademieByCode(code); !ok || a.Nom != toussaintA.Academies[i] {
			t.Errorf("code %s for %s: %+v, %v", code, toussaintA.Academies[i], a, ok)
		}
	}
}

func TestVacancesOfAcademie(t *testing.T) {
	list := VacancesOfAcademie("16")
	if len(list) == 0 {
		t.Fatal("no holidays for Toulouse")
	}
	for _, v := range list {
		if v.Zone != "Zone C" {
			t.Errorf("Toulouse in %s: %+v", v.Zone, v)
		}
	}
	if got := VacancesOfAcademie("99"); got != nil {
		t.Errorf("VacancesOfAcademie(99) = %v", got)
	}
}

func TestZoneOfAcademie(t *testing.T) {
	tests := []struct {
		annee, code, want string
		ok                bool
	}{
		{"2025-2026", "16", "Zone C", true},
		{"2023-2024", "01", "Zone C", true},
		{"2024-2025", "03", "Zone A", true},
		{"2026-2027", "70", "Zone B", true},
		{"2025-2026", "27", "Corse", true},
		{"2025-2026", "28", "Réunion", true},
		{"2025", "40", "Nouvelle Calédonie", true},
		{"2022-2023", "16", "", false},
		{"2025-2026", "05", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.annee+"/"+tt.code, func(t *testing.T) {
			got, ok := ZoneOfAcademie(tt.annee, tt.code)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ZoneOfAcademie(%q, %q) = %q, %v; want %q, %v", tt.annee, tt.code, got, ok, tt.want, tt.ok)
			}
		})
	}
	// Every académie has a zone in every school year of the calendar; the
	// source gives 2026-2027 for the zones A, B and C only.
	for _, a := range Academies() {
		for _, annee := range []string{"2023-2024", "2024-2025", "2025-2026", "2026-2027"} {
			z, ok := ZoneOfAcademie(annee, a.Code)
			if !ok && annee != "2026-2027" {
				t.Errorf("no zone for %s %s in %s", a.Code, a.Nom, annee)
			}
			if annee == "2025-2026" && len(z) == 6 && z[:5] == "Zone " {
				if _, ok := ZoneOfAcademie("2026-2027", a.Code); !ok {
					t.Errorf("no zone for %s %s in 2026-2027", a.Code, a.Nom)
				}
			}
		}
	}
}
