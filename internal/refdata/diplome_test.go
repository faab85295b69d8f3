package refdata

import (
	"slices"
	"strings"
	"testing"
)

func TestDiplomes(t *testing.T) {
	list := Diplomes()
	// data/README.md: 918 rows, 44 of them common first years.
	if len(list) != 874 {
		t.Errorf("len(Diplomes()) = %d, want 874", len(list))
	}
	open := map[string]int{}
	for _, dip := range list {
		if len(dip.Code) != 8 || !isDigits(dip.Code) {
			t.Errorf("diplome %q: CFD is not 8 digits", dip.Code)
		}
		if dip.Niveau < 3 || dip.Niveau > 5 || dip.Intitule == "" || dip.Intitule == "NR" || dip.Type == "" {
			t.Errorf("bad diplome %+v", dip)
		}
		for _, r := range dip.RNCP {
			if !strings.HasPrefix(r, "RNCP") {
				t.Errorf("diplome %s: RNCP %q", dip.Code, r)
			}
		}
		if dip.Ouvert {
			open[dip.Type]++
		}
	}
	if !slices.IsSortedFunc(list, func(a, b Diplome) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Diplomes() not sorted by code")
	}
	// Open at the 2025 school start, as counted in data/README.md.
	want := map[string]int{
		"CAP": 193, "BAC PRO": 113, "BTS": 111, "BP": 41, "CS3": 22, "CS4": 36, "BMA": 25, "DMA": 27,
		"CAPA": 10, "BAC PRO AG": 22, "BTSA": 25, "MC": 0,
	}
	for typ, n := range want {
		t.Run(typ, func(t *testing.T) {
			if open[typ] != n {
				t.Errorf("%d open %s, want %d", open[typ], typ, n)
			}
		})
	}
	for typ := range open {
		if _, ok := want[typ]; !ok {
			t.Errorf("unexpected diploma type %q", typ)
		}
	}
}

func TestDiplomeByCode(t *testing.T) {
	tests := []struct {
		code, typ, intitule string
		niveau              int
		ouvert              bool
	}{
		{"50033616", "CAP", "Métiers de la coiffure", 3, true},
		{"40023102", "BAC PRO", "Travaux publics", 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			dip, ok := DiplomeByCode(tt.code)
			if !ok || dip.Type != tt.typ || dip.Intitule != tt.intitule || dip.Niveau != tt.niveau || dip.Ouvert != tt.ouvert {
				t.Errorf("DiplomeByCode(%q) = %+v, %v", tt.code, dip, ok)
			}
		})
	}
	// 40020006 is the 2de commune of a famille de métiers, not a diploma.
	for _, code := range []string{"40020006", "", "5003361"} {
		if dip, ok := DiplomeByCode(code); ok {
			t.Errorf("DiplomeByCode(%q) = %+v, want not found", code, dip)
		}
	}
}

func TestFamillesMetiers(t *testing.T) {
	list := FamillesMetiers()
	if len(list) != 14 {
		t.Errorf("len(FamillesMetiers()) = %d, want 14", len(list))
	}
	// One keyword of each famille named in domain.md §3.
	keywords := []string{
		"construction durable", "gestion administrative", "relation client", "industries graphiques",
		"modélisation numérique du bâtiment", "alimentation", "beauté", "aéronautique",
		"hôtellerie-restauration", "menuiserie", "installations automatisées",
		"maintenance des matériels", "ensembles mécaniques", "numérique et des transitions",
	}
	for _, k := range keywords {
		t.Run(k, func(t *testing.T) {
			n := 0
			for _, f := range list {
				if strings.Contains(f.Libelle, k) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d familles contain %q, want 1", n, k)
			}
		})
	}
	for _, f := range list {
		if f.Ministere != "06" {
			t.Errorf("famille %s %s: ministry %s, want 06 (Éducation nationale)", f.Code, f.Libelle, f.Ministere)
		}
		if len(f.Specialites) < 2 {
			t.Errorf("famille %s %s has %d spécialités", f.Code, f.Libelle, len(f.Specialites))
		}
		for _, s := range f.Specialites {
			if dip, ok := DiplomeByCode(s); !ok || dip.Type != "BAC PRO" {
				t.Errorf("famille %s: spécialité %s is not a known BAC PRO (%+v)", f.Code, s, dip)
			}
		}
	}
	if n := len(ToutesFamillesMetiers()); n != 23 {
		t.Errorf("len(ToutesFamillesMetiers()) = %d, want 23", n)
	}
	if f, ok := FamilleMetiersByCode("40321404"); !ok || f.Ministere != "03" {
		t.Errorf("FamilleMetiersByCode(40321404) = %+v, %v; want the agricultural famille", f, ok)
	}
}
