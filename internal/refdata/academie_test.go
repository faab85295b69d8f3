package refdata

import (
	"slices"
	"strings"
	"testing"
)

func TestAcademies(t *testing.T) {
	// domain.md §3.
	want := []string{
		"01", "02", "03", "04", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
		"17", "18", "19", "20", "22", "23", "24", "25", "27", "28", "31", "32", "33", "43", "70",
	}
	var got []string
	regions := map[string]bool{}
	for _, a := range Academies() {
		got = append(got, a.Code)
		if a.Nom == "" || a.RegionAcademique == "" {
			t.Errorf("académie %s: empty name or région académique: %+v", a.Code, a)
		}
		regions[a.RegionAcademique] = true
	}
	if !slices.Equal(got, want) {
		t.Errorf("Academies() codes = %v, want %v", got, want)
	}
	if len(regions) != 18 {
		t.Errorf("%d régions académiques, want 18: %v", len(regions), regions)
	}

	tests := []struct {
		code, nom, region string
		ok                bool
	}{
		{"16", "Toulouse", "Occitanie", true},
		{"70", "Normandie", "Normandie", true},
		{"1", "Paris", "Île-de-France", true},
		{"43", "Mayotte", "Mayotte", true},
		{"05", "", "", false}, // Caen, merged into Normandie
		{"21", "", "", false}, // Rouen
		{"40", "", "", false}, // Nouvelle-Calédonie
		{"99", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			a, ok := AcademieByCode(tt.code)
			if ok != tt.ok || a.Nom != tt.nom || a.RegionAcademique != tt.region {
				t.Errorf("AcademieByCode(%q) = %+v, %v; want %s/%s, %v", tt.code, a, ok, tt.nom, tt.region, tt.ok)
			}
		})
	}
}

func TestDepartements(t *testing.T) {
	deps := Departements()
	if len(deps) != 101 {
		t.Errorf("len(Departements()) = %d, want 101", len(deps))
	}
	if !slices.IsSortedFunc(deps, func(a, b Departement) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Departements() not sorted by code")
	}
	for _, d := range deps {
		if _, ok := AcademieByCode(d.Academie); !ok {
			t.Errorf("département %s %s: académie %q is not one of the 30", d.Code, d.Nom, d.Academie)
		}
		if d.Nom == "" {
			t.Errorf("département %s has no name", d.Code)
		}
	}
	for _, a := range Academies() {
		if len(DepartementsOfAcademie(a.Code)) == 0 {
			t.Errorf("académie %s %s has no département", a.Code, a.Nom)
		}
	}
}

func TestDepartementsOfAcademie(t *testing.T) {
	tests := []struct {
		academie string
		want     []string
	}{
		{"70", []string{"14", "27", "50", "61", "76"}},
		{"24", []string{"77", "93", "94"}},
		{"25", []string{"78", "91", "92", "95"}},
		{"16", []string{"09", "12", "31", "32", "46", "65", "81", "82"}},
		{"27", []string{"2A", "2B"}},
		{"01", []string{"75"}},
		{"43", []string{"976"}},
		{"05", nil},
	}
	for _, tt := range tests {
		t.Run(tt.academie, func(t *testing.T) {
			var got []string
			for _, d := range DepartementsOfAcademie(tt.academie) {
				got = append(got, d.Code)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("DepartementsOfAcademie(%q) = %v, want %v", tt.academie, got, tt.want)
			}
		})
	}
}

func TestDepartementByCode(t *testing.T) {
	tests := []struct {
		in, code, nom, academie string
		ok                      bool
	}{
		{"31", "31", "Haute-Garonne", "16", true},
		{"031", "31", "Haute-Garonne", "16", true},
		{"2A", "2A", "Corse-du-Sud", "27", true},
		{"02A", "2A", "Corse-du-Sud", "27", true},
		{"2b", "2B", "Haute-Corse", "27", true},
		{"971", "971", "Guadeloupe", "32", true},
		{"974", "974", "La Réunion", "28", true},
		{"976", "976", "Mayotte", "43", true},
		{"1", "01", "Ain", "10", true},
		{" 93 ", "93", "Seine-Saint-Denis", "24", true},
		{"20", "", "", "", false},  // Corsica before 1976
		{"975", "", "", "", false}, // Saint-Pierre-et-Miquelon: no académie of the network
		{"978", "", "", "", false}, // Saint-Martin
		{"130", "", "", "", false}, // Andorra, in the BCN file
		{"96", "", "", "", false},
		{"", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, ok := DepartementByCode(tt.in)
			if ok != tt.ok || d.Code != tt.code || d.Nom != tt.nom || d.Academie != tt.academie {
				t.Errorf("DepartementByCode(%q) = %+v, %v; want %s %s %s, %v", tt.in, d, ok, tt.code, tt.nom, tt.academie, tt.ok)
			}
		})
	}
}

func TestRegionsAcademiques(t *testing.T) {
	regions := RegionsAcademiques()
	if len(regions) != 18 {
		t.Fatalf("%d régions académiques, want 18: %v", len(regions), regions)
	}
	n := 0
	for _, r := range regions {
		n += len(AcademiesOfRegion(r))
	}
	if n != len(Academies()) {
		t.Errorf("the régions hold %d académies, want %d", n, len(Academies()))
	}
	if got := AcademiesOfRegion("Occitanie"); !slices.Equal(got, []string{"11", "16"}) {
		t.Errorf("Occitanie: %v, want Montpellier and Toulouse (11, 16)", got)
	}
	if got := AcademiesOfRegion("Atlantide"); got != nil {
		t.Errorf("unknown région: %v", got)
	}
}
