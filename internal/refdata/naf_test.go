package refdata

import (
	"slices"
	"strings"
	"testing"
)

func TestNAFs(t *testing.T) {
	list := NAFs()
	// INSEE: NAF rév. 2 has 732 sous-classes.
	if len(list) != 732 {
		t.Errorf("len(NAFs()) = %d, want 732", len(list))
	}
	for _, n := range list {
		if n.Niveau != 5 || len(n.Code) != 6 || n.Libelle == "" || n.Section == "" {
			t.Errorf("bad sous-classe %+v", n)
		}
	}
	if !slices.IsSortedFunc(list, func(a, b NAF) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("NAFs() not sorted by code")
	}
	sections := NAFSections()
	if len(sections) != 21 || sections[0].Code != "A" || sections[20].Code != "U" {
		t.Errorf("NAFSections() = %v, want 21 sections A to U", sections)
	}
	// Every level of the classification, 1,707 codes in the npm package plus
	// the 21 sections.
	counts := map[int]int{}
	for _, n := range nafs().list {
		counts[n.Niveau]++
	}
	want := map[int]int{1: 21, 2: 88, 3: 272, 4: 615, 5: 732}
	for lvl, n := range want {
		if counts[lvl] != n {
			t.Errorf("%d codes of level %d, want %d", counts[lvl], lvl, n)
		}
	}
}

func TestNAFByCode(t *testing.T) {
	tests := []struct {
		in, code, section, libelle string
		niveau                     int
	}{
		{"62.01Z", "62.01Z", "J", "Programmation informatique", 5},
		{"6201Z", "62.01Z", "J", "Programmation informatique", 5},
		{"6201z", "62.01Z", "J", "Programmation informatique", 5},
		{"62.01", "62.01", "J", "Programmation informatique", 4},
		{"6201", "62.01", "J", "Programmation informatique", 4},
		{"620", "62.0", "J", "Programmation, conseil et autres activités informatiques", 3},
		{"62", "62", "J", "Programmation, conseil et autres activités informatiques", 2},
		{"J", "J", "J", "Information et communication", 1},
		{"01.11Z", "01.11Z", "A", "Culture de céréales (à l'exception du riz), de légumineuses et de graines oléagineuses", 5},
		{"85.31Z", "85.31Z", "P", "Enseignement secondaire général", 5},
		{"43.22A", "43.22A", "F", "Travaux d'installation d'eau et de gaz en tous locaux", 5},
		{"99.00Z", "99.00Z", "U", "Activités des organisations et organismes extraterritoriaux", 5},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, ok := NAFByCode(tt.in)
			if !ok || n.Code != tt.code || n.Section != tt.section || n.Libelle != tt.libelle || n.Niveau != tt.niveau {
				t.Errorf("NAFByCode(%q) = %+v, %v; want %s %s %q level %d", tt.in, n, ok, tt.code, tt.section, tt.libelle, tt.niveau)
			}
		})
	}
	for _, in := range []string{"", "62.01Y", "00.00Z", "V", "6", "62.01ZZ"} {
		if n, ok := NAFByCode(in); ok {
			t.Errorf("NAFByCode(%q) = %+v, want not found", in, n)
		}
	}
}

func TestNAFDivisions(t *testing.T) {
	if got := NAFDivisions("F"); !slices.Equal(got, []string{"41", "42", "43"}) {
		t.Errorf("NAFDivisions(F) = %v, want [41 42 43]", got)
	}
	if got := NAFDivisions("Z"); got != nil {
		t.Errorf("NAFDivisions(Z) = %v, want none", got)
	}
}
