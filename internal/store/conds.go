package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// conds builds the WHERE clause of a query, for every list filter: its
// conditions, joined by AND, and their arguments, numbered $1…$n in the order
// they are added (the one placeholder syntax of both databases).
type conds struct {
	parts []string
	args  []any
}

// arg adds an argument and returns its placeholder, for a condition put
// together by parts (an IN list, alternatives) or that names it twice.
func (c *conds) arg(v any) string {
	c.args = append(c.args, v)
	return "$" + strconv.Itoa(len(c.args))
}

// add appends a condition whose "?" placeholders take args, in order.
func (c *conds) add(cond string, args ...any) {
	if n := strings.Count(cond, "?"); n != len(args) {
		panic(fmt.Sprintf("store: condition %q has %d placeholders for %d arguments", cond, n, len(args)))
	}
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' {
			b.WriteString(c.arg(args[i]))
			i++
			continue
		}
		b.WriteRune(r)
	}
	c.parts = append(c.parts, b.String())
}

// in appends "expr IN (…)" over vals, and a condition that holds for no
// row when vals is empty (an empty IN list is no SQL).
func in[T any](c *conds, expr string, vals []T) {
	if len(vals) == 0 {
		c.add("1 = 0")
		return
	}
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = c.arg(v)
	}
	c.add(expr + " IN (" + strings.Join(ph, ", ") + ")")
}

// sql returns the conditions joined by AND ("1 = 1" when there is none)
// and their arguments.
func (c conds) sql() (string, []any) {
	if len(c.parts) == 0 {
		return "1 = 1", slices.Clip(c.args)
	}
	return strings.Join(c.parts, " AND "), slices.Clip(c.args)
}

// page returns the LIMIT and OFFSET clause to put after the conditions,
// and every argument.
func (c conds) page(limit, offset int) (string, []any) {
	args := append(slices.Clip(c.args), limit, offset)
	return fmt.Sprintf(" LIMIT $%d OFFSET $%d", len(args)-1, len(args)), args
}

// sub builds the conditions of a subquery with build, numbered after c's
// (they share its arguments), and returns them joined by AND.
func sub(c *conds, build func(*conds)) string {
	inner := conds{args: c.args}
	build(&inner)
	c.args = inner.args
	w, _ := inner.sql()
	return w
}
