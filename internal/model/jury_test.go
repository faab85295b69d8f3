package model

import "testing"

// TestCollegesEquilibres is the rule behind model.IndJurysEquilibres and
// the jury page's warnings.
func TestCollegesEquilibres(t *testing.T) {
	for _, tc := range []struct {
		emp, sal, wantEmp, wantSal int
		parite, want               bool
	}{
		{1, 1, 1, 1, true, true},
		{2, 0, 1, 1, true, false},
		{0, 1, 0, 0, true, true},
		{3, 1, 0, 0, true, false},
		{3, 1, 0, 0, false, true},
		{3, 1, 1, 2, false, false},
	} {
		if got := CollegesEquilibres(tc.emp, tc.sal, tc.wantEmp, tc.wantSal, tc.parite); got != tc.want {
			t.Errorf("CollegesEquilibres%v = %v", tc, got)
		}
	}
}

// The college of each status, unknown included, and how the exam division
// sees it; the statuses a form accepts are the CEE's list or nothing.
func TestCollegeOfStatut(t *testing.T) {
	cases := []struct {
		statut  StatutPro
		college string
		label   string
	}{
		{StatutEmployeur, CollegeEmployeur, "Employeur"},
		{StatutArtisan, CollegeEmployeur, "Employeur"},
		{StatutSalarie, CollegeSalarie, "Salarié"},
		{StatutAutre, CollegeSalarie, "Salarié"},
		{"", CollegeSalarie, "Salarié (statut inconnu)"},
	}
	for _, tc := range cases {
		c := CollegeOf(tc.statut)
		if c != tc.college {
			t.Errorf("CollegeOf(%q) = %s, want %s", tc.statut, c, tc.college)
		}
		if got := CollegeLabel(c, tc.statut != ""); got != tc.label {
			t.Errorf("CollegeLabel of %q = %q, want %q", tc.statut, got, tc.label)
		}
		if s, err := ParseStatutPro(" " + string(tc.statut) + " "); err != nil || s != tc.statut {
			t.Errorf("ParseStatutPro(%q) = %q, %v", tc.statut, s, err)
		}
	}
	if len(StatutsPro()) != 4 {
		t.Errorf("StatutsPro() = %v", StatutsPro())
	}
	for _, v := range []string{"patron", "Employeur", "salarié"} {
		if s, err := ParseStatutPro(v); err == nil {
			t.Errorf("ParseStatutPro(%q) = %q, want an error", v, s)
		}
	}
}
