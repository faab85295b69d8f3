package optim

import (
	"context"
	"slices"
	"testing"
)

// chainInstance: the seat of the whole-day jury A can only be filled by
// P1, who sits the whole-day jury B and may sit two half-days only; B can
// then only be filled by P2, who sits the one-half-day juries C1 and C2 and
// must leave both; C1 and C2 by P3 and P4, free. With P3 absent, C1 cannot
// be filled again and the chain gains nothing.
func chainInstance(withP3 bool) *Instance {
	d1am, d1pm, d2am, d2pm, d3, d4 := am, pm, "2027-06-15AM", "2027-06-15PM", "2027-06-16AM", "2027-06-17AM"
	p1 := person("P1", Employee, 0.1, d1am, d1pm, d2am, d2pm)
	p2 := person("P2", Employee, 0.2, d2am, d2pm, d3, d4)
	p1.MaxHalfDays, p2.MaxHalfDays = 2, 2
	people := []Person{p1, p2, person("P4", Employee, 0.4, d4)}
	if withP3 {
		people = append(people, person("P3", Employee, 0.3, d3))
	}
	return instance([]Jury{
		jury("A", 1, 0, 0, d1am, d1pm), jury("B", 1, 0, 0, d2am, d2pm),
		jury("C1", 1, 0, 0, d3), jury("C2", 1, 0, 0, d4),
	}, people...)
}

// seatState builds the state with the seats given as jury, person, …
func seatState(inst *Instance, seats ...string) *state {
	pr := prepare(context.Background(), inst)
	pr.scale = scaleFor(pr)
	st := newState(pr)
	for i := 0; i < len(seats); i += 2 {
		j, p := pr.juryIdx[seats[i]], pr.personIdx[seats[i+1]]
		jj, q := inst.Juries[j], inst.People[p]
		st.add(j, int32(p), Distance(jj.Lat, jj.Lon, q.Lat, q.Lon))
	}
	return st
}

func membersOf(st *state, j string) []string {
	var ids []string
	for _, p := range st.members[st.pr.juryIdx[j]] {
		ids = append(ids, st.pr.inst.People[p].ID)
	}
	slices.Sort(ids)
	return ids
}

// A branching chain of three links fills A; one that cannot close leaves
// the state as it was.
func TestChains(t *testing.T) {
	st := seatState(chainInstance(true), "B", "P1", "C1", "P2", "C2", "P2")
	before := st.objective()
	n, _ := st.chains(context.Background())
	if n != 1 {
		t.Fatalf("%d chains applied, want 1", n)
	}
	for j, want := range map[string][]string{"A": {"P1"}, "B": {"P2"}, "C1": {"P3"}, "C2": {"P4"}} {
		if got := membersOf(st, j); !slices.Equal(got, want) {
			t.Errorf("jury %s: %v, want %v", j, got, want)
		}
	}
	// Every seat filled: the objective is the distances alone.
	if after := st.objective(); !near(after, (0.1+0.2+0.3+0.4)*kmPerDegree) {
		t.Errorf("objective %v → %v", before, after)
	}

	st = seatState(chainInstance(false), "B", "P1", "C1", "P2", "C2", "P2")
	before = st.objective()
	if n, _ := st.chains(context.Background()); n != 0 || st.objective() != before {
		t.Fatalf("%d chains, objective %v → %v; want none", n, before, st.objective())
	}
	for j, want := range map[string][]string{"A": nil, "B": {"P1"}, "C1": {"P2"}, "C2": {"P2"}} {
		if got := membersOf(st, j); !slices.Equal(got, want) {
			t.Errorf("jury %s: %v, want %v", j, got, want)
		}
	}
}

// A full jury short of an employer: its farthest employee gives up her
// seat to the employer E, whose seat in K goes to F, free.
func TestChainsCollege(t *testing.T) {
	inst := instance([]Jury{jury("J", 2, 1, 1, am), jury("K", 1, 0, 0, am)},
		person("M1", Employee, 0.1, am), person("M2", Employee, 0.3, am),
		person("E", Employer, 0.05, am), person("F", Employee, 0.2, am))
	st := seatState(inst, "J", "M1", "J", "M2", "K", "E")
	if n, _ := st.chains(context.Background()); n != 1 {
		t.Fatalf("%d chains applied, want 1", n)
	}
	for j, want := range map[string][]string{"J": {"E", "M1"}, "K": {"F"}} {
		if got := membersOf(st, j); !slices.Equal(got, want) {
			t.Errorf("jury %s: %v, want %v", j, got, want)
		}
	}
	if got := st.objective(); !near(got, (0.1+0.05+0.2)*kmPerDegree) {
		t.Errorf("objective %v", got)
	}
}
