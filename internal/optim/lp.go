package optim

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
)

// WriteLP writes the instance as a mixed integer program in CPLEX LP
// format, readable by CBC (`cbc model.lp solve solu out.sol`): a binary
// x_j_p per eligible pair, an integer number of empty seats u_j per jury,
// and continuous employer and employee shortfalls e_j, m_j. Its optimum is
// the problem's optimum, for comparing the solver with an exact one.
func WriteLP(w io.Writer, inst *Instance) error {
	if err := Validate(inst); err != nil {
		return err
	}
	pr := prepare(context.Background(), inst)
	bw := bufio.NewWriterSize(w, 1<<20)
	x := func(j int, p int32) string { return "x_" + strconv.Itoa(j) + "_" + strconv.Itoa(int(p)) }
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }
	// line keeps lines short: the LP format allows a constraint to go on.
	n := 0
	term := func(s string) {
		if n > 0 && n%8 == 0 {
			bw.WriteString("\n  ")
		}
		bw.WriteString(s)
		n++
	}
	fmt.Fprintf(bw, "\\ cee jury : %d jurys, %d personnes\nMinimize\n obj:", len(inst.Juries), len(inst.People))
	n = 0
	for j, cs := range pr.elig {
		for _, c := range cs {
			term(" + " + num(inst.Weights.Km*c.d) + " " + x(j, c.p))
		}
	}
	for j := range inst.Juries {
		id := strconv.Itoa(j)
		term(" + " + num(inst.Weights.Unfilled) + " u_" + id)
		term(" + " + num(inst.Weights.College) + " e_" + id + " + " + num(inst.Weights.College) + " m_" + id)
	}
	bw.WriteString("\nSubject To\n")
	type use struct {
		j int
		h int
	}
	byPerson := make(map[int32][]use)
	var order []int32
	for j, cs := range pr.elig {
		jj := &inst.Juries[j]
		id := strconv.Itoa(j)
		fmt.Fprintf(bw, " seats_%s:", id)
		n = 0
		for _, c := range cs {
			term(" + " + x(j, c.p))
		}
		term(" + u_" + id)
		fmt.Fprintf(bw, " = %d\n", jj.Seats)
		fmt.Fprintf(bw, " employers_%s:", id)
		n = 0
		for _, c := range cs {
			if pr.employer[c.p] {
				term(" + " + x(j, c.p))
			}
		}
		term(" + e_" + id)
		fmt.Fprintf(bw, " >= %d\n", jj.Employers)
		fmt.Fprintf(bw, " employees_%s:", id)
		n = 0
		for _, c := range cs {
			if !pr.employer[c.p] {
				term(" + " + x(j, c.p))
			}
		}
		term(" + m_" + id)
		fmt.Fprintf(bw, " >= %d\n", jj.Employees)
		for _, c := range cs {
			if byPerson[c.p] == nil {
				order = append(order, c.p)
			}
			byPerson[c.p] = append(byPerson[c.p], use{j, len(jj.HalfDays)})
		}
	}
	for _, p := range order {
		uses := byPerson[p]
		total := 0
		perHD := map[int32][]int{}
		var hds []int32
		for _, u := range uses {
			total += u.h
			for _, h := range pr.jHD[u.j] {
				if perHD[h] == nil {
					hds = append(hds, h)
				}
				perHD[h] = append(perHD[h], u.j)
			}
		}
		for _, h := range hds {
			if js := perHD[h]; len(js) > 1 {
				fmt.Fprintf(bw, " halfday_%d_%d:", p, h)
				n = 0
				for _, j := range js {
					term(" + " + x(j, p))
				}
				bw.WriteString(" <= 1\n")
			}
		}
		if total > inst.People[p].MaxHalfDays {
			fmt.Fprintf(bw, " load_%d:", p)
			n = 0
			for _, u := range uses {
				term(" + " + strconv.Itoa(u.h) + " " + x(u.j, p))
			}
			fmt.Fprintf(bw, " <= %d\n", inst.People[p].MaxHalfDays)
		}
	}
	// Locks are constraints rather than bounds: a Binary section may reset
	// bounds to [0, 1] in some readers.
	for i, l := range inst.Locked {
		fmt.Fprintf(bw, " locked_%d: %s = 1\n", i, x(pr.juryIdx[l.Jury], int32(pr.personIdx[l.Person])))
	}
	bw.WriteString("Binary\n")
	for j, cs := range pr.elig {
		for _, c := range cs {
			bw.WriteString(" " + x(j, c.p) + "\n")
		}
	}
	bw.WriteString("General\n")
	for j := range inst.Juries {
		fmt.Fprintf(bw, " u_%d\n", j)
	}
	bw.WriteString("End\n")
	return bw.Flush()
}
