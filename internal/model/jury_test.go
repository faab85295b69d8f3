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
