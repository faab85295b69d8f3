package optim

import (
	"strings"
	"testing"
)

// Check catches each kind of broken constraint, whatever the solver says.
func TestCheckFindsViolations(t *testing.T) {
	j2 := jury("J2", 1, 0, 0, am)
	j2.Conflicts = []string{"C1"}
	tied := person("T", Employee, 0.1, am)
	tied.Ties = []string{"C1"}
	tired := person("F", Employer, 0.1, am, pm)
	tired.MaxHalfDays = 1
	far := person("L", Employer, 2, am) // 222 km, beyond 150
	other := person("O", Employer, 0.1, am)
	other.Specialties = []string{"BTS-MCO"}
	inst := instance([]Jury{jury("J1", 1, 0, 0, am), j2, jury("J3", 1, 0, 0, pm)},
		person("A", Employer, 0.1, am), person("B", Employer, 0.1, pm), tied, tired, far, other)
	inst.Locked = []Pair{{Jury: "J3", Person: "F"}}
	tests := []struct {
		name  string
		pairs []Pair
		want  string
	}{
		{"unknown", []Pair{{"J1", "Z"}}, `personne "Z" inconnu`},
		{"twice", []Pair{{"J1", "A"}, {"J1", "A"}}, "A figure deux fois dans J1"},
		{"seats", []Pair{{"J1", "A"}, {"J1", "T"}}, "J1 : 2 personnes pour 1 places"},
		{"competence", []Pair{{"J1", "O"}}, "O n'est pas compétent(e) en CAP-CUISINE"},
		{"availability", []Pair{{"J1", "B"}}, "B n'est pas disponible le " + am},
		{"distance", []Pair{{"J1", "L"}}, "L est à 222.4 km de J1, au-delà de ses 150 km"},
		{"conflict", []Pair{{"J2", "T"}}, "conflit d'intérêts de T avec J2 (C1)"},
		{"same half-day", []Pair{{"J1", "A"}, {"J2", "A"}}, "A siège déjà dans J1 le " + am},
		{"load", []Pair{{"J1", "F"}, {"J3", "F"}}, "F siège 2 demi-journées pour un maximum de 1"},
		{"lock", []Pair{{"J1", "A"}}, "locked[0] : l'affectation verrouillée de F à J3 manque"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Check(inst, &Result{Assignments: tt.pairs})
			if !strings.Contains(strings.Join(v.Violations, "\n"), tt.want) {
				t.Errorf("violations %q lack %q", v.Violations, tt.want)
			}
		})
	}
	// The recomputed objective: J3 by F at 0.1° (11.12 km), J1 and J2 empty.
	v := Check(inst, &Result{Assignments: []Pair{{"J3", "F"}}})
	if len(v.Violations) > 0 || !near(v.Objective, 0.1*kmPerDegree+2000) {
		t.Errorf("violations %v, objective %v", v.Violations, v.Objective)
	}
}
