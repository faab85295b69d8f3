package refdata

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestCommunes(t *testing.T) {
	list := Communes()
	if len(list) <= 34000 {
		t.Errorf("len(Communes()) = %d, want > 34000", len(list))
	}
	deps := map[string]bool{}
	for _, d := range Departements() {
		deps[d.Code] = true
	}
	withoutCoords := 0
	seen := map[string]bool{}
	for _, c := range list {
		if !deps[c.Departement] {
			t.Errorf("commune %s %s: département %q is not one of Departements()", c.CodeINSEE, c.Nom, c.Departement)
		}
		if !strings.HasPrefix(c.CodeINSEE, c.Departement) || len(c.CodeINSEE) != 5 {
			t.Errorf("commune %s: code does not start with its département %s", c.CodeINSEE, c.Departement)
		}
		if c.Type != "COM" && c.Type != "ARM" {
			t.Errorf("commune %s: type %q", c.CodeINSEE, c.Type)
		}
		if (c.Type == "ARM") != (c.CommuneParente != "") {
			t.Errorf("commune %s: type %s with parent %q", c.CodeINSEE, c.Type, c.CommuneParente)
		}
		if len(c.CodesPostaux) == 0 {
			t.Errorf("commune %s %s has no postcode", c.CodeINSEE, c.Nom)
		}
		if seen[c.CodeINSEE] {
			t.Errorf("commune %s listed twice", c.CodeINSEE)
		}
		seen[c.CodeINSEE] = true
		if !c.HasCoords {
			withoutCoords++
			continue
		}
		// France's bounds, overseas included (Guadeloupe to Réunion).
		if c.Lat < -22 || c.Lat > 51.2 || c.Lon < -62 || c.Lon > 56 {
			t.Errorf("commune %s: coordinates %v, %v out of France", c.CodeINSEE, c.Lat, c.Lon)
		}
	}
	// data/README.md: 6 communes re-established in 2024–2025 have no point.
	if withoutCoords != 6 {
		t.Errorf("%d communes without coordinates, want 6", withoutCoords)
	}
	if !slices.IsSortedFunc(list, func(a, b Commune) int { return strings.Compare(a.CodeINSEE, b.CodeINSEE) }) {
		t.Error("Communes() not sorted by code")
	}
	// Every département of the 30 académies has communes.
	for d := range deps {
		if len(CommunesOfDepartement(d)) == 0 {
			t.Errorf("département %s has no commune", d)
		}
	}
}

func TestCommuneByCode(t *testing.T) {
	tests := []struct {
		code, nom, dep string
		lat, lon       float64
		cp             string
	}{
		{"75056", "Paris", "75", 48.8603, 2.3445, "75001"},
		{"75101", "Paris 1er Arrondissement", "75", 48.8626, 2.3364, "75001"},
		{"31555", "Toulouse", "31", 43.5963, 1.4328, "31000"},
		{"2a004", "Ajaccio", "2A", 41.9347, 8.7013, "20000"},
		{"97411", "Saint-Denis", "974", -20.9331, 55.4471, "97400"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, ok := CommuneByCode(tt.code)
			if !ok {
				t.Fatalf("CommuneByCode(%q) not found", tt.code)
			}
			if c.Nom != tt.nom || c.Departement != tt.dep || !slices.Contains(c.CodesPostaux, tt.cp) {
				t.Errorf("CommuneByCode(%q) = %s, %s, %v; want %s, %s, with %s", tt.code, c.Nom, c.Departement, c.CodesPostaux, tt.nom, tt.dep, tt.cp)
			}
			if !c.HasCoords || math.Abs(c.Lat-tt.lat) > 0.01 || math.Abs(c.Lon-tt.lon) > 0.01 {
				t.Errorf("CommuneByCode(%q) at %v, %v (%v); want ≈ %v, %v", tt.code, c.Lat, c.Lon, c.HasCoords, tt.lat, tt.lon)
			}
		})
	}
	// data/README.md gives Paris at 48.8603, 2.3445 (mean of its arrondissements).
	if p, _ := CommuneByCode("75056"); math.Abs(p.Lat-48.8603) > 0.0001 || math.Abs(p.Lon-2.3445) > 0.0001 {
		t.Errorf("Paris at %v, %v; want 48.8603, 2.3445", p.Lat, p.Lon)
	}
	for _, code := range []string{"", "75", "99999", "97501" /* Saint-Pierre: overseas collectivity */, "98735"} {
		if c, ok := CommuneByCode(code); ok {
			t.Errorf("CommuneByCode(%q) = %+v, want not found", code, c)
		}
	}
}

func TestCommunesOfDepartement(t *testing.T) {
	tests := []struct {
		dep     string
		atLeast int
		has     string
	}{
		{"31", 500, "31555"},
		{"031", 500, "31555"},
		{"2A", 100, "2A004"},
		{"2B", 200, "2B033"},
		{"75", 21, "75120"}, // Paris and its 20 arrondissements
		{"976", 17, "97611"},
	}
	for _, tt := range tests {
		t.Run(tt.dep, func(t *testing.T) {
			list := CommunesOfDepartement(tt.dep)
			if len(list) < tt.atLeast {
				t.Errorf("CommunesOfDepartement(%q): %d communes, want at least %d", tt.dep, len(list), tt.atLeast)
			}
			if !slices.ContainsFunc(list, func(c Commune) bool { return c.CodeINSEE == tt.has }) {
				t.Errorf("CommunesOfDepartement(%q) lacks %s", tt.dep, tt.has)
			}
			for _, c := range list {
				if c.Departement != normDepartement(tt.dep) {
					t.Errorf("CommunesOfDepartement(%q) holds %s of %s", tt.dep, c.CodeINSEE, c.Departement)
				}
			}
		})
	}
	if got := CommunesOfDepartement("975"); got != nil {
		t.Errorf("CommunesOfDepartement(975) = %d communes, want none", len(got))
	}
	if n := len(CommunesOfDepartement("75")); n != 21 {
		t.Errorf("Paris: %d rows, want 21 (the commune and 20 arrondissements)", n)
	}
}

func TestCommunesOfCodePostal(t *testing.T) {
	tests := []struct {
		cp   string
		want []string
	}{
		{"75001", []string{"75056", "75101"}},
		{"31000", []string{"31555"}},
		{"00000", nil},
	}
	for _, tt := range tests {
		t.Run(tt.cp, func(t *testing.T) {
			var got []string
			for _, c := range CommunesOfCodePostal(tt.cp) {
				got = append(got, c.CodeINSEE)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("CommunesOfCodePostal(%q) = %v, want %v", tt.cp, got, tt.want)
			}
		})
	}
}

func TestCommunesIsACopy(t *testing.T) {
	a := Communes()
	a[0].Nom = "changed"
	if Communes()[0].Nom == "changed" {
		t.Error("Communes() returns the shared slice")
	}
}

func BenchmarkLoadCommunes(b *testing.B) {
	for b.Loop() {
		loadCommunes()
	}
}
