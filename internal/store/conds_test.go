package store

import (
	"reflect"
	"testing"
)

// TestConds checks the one WHERE builder: placeholders numbered in the
// order arguments are added, across add, arg and in, and the page after
// them.
func TestConds(t *testing.T) {
	var c conds
	c.add("a = ?", "x")
	q := c.arg("%y%")
	c.add("(b LIKE " + q + " OR c LIKE " + q + ")")
	in(&c, "d", []string{"1", "2"})
	c.add("e BETWEEN ? AND ?", 3, 4)
	w, args := c.sql()
	if want := "a = $1 AND (b LIKE $2 OR c LIKE $2) AND d IN ($3, $4) AND e BETWEEN $5 AND $6"; w != want {
		t.Errorf("sql = %q, want %q", w, want)
	}
	if want := []any{"x", "%y%", "1", "2", 3, 4}; !reflect.DeepEqual(args, want) {
		t.Errorf("args = %v, want %v", args, want)
	}
	lim, all := c.page(10, 20)
	if lim != " LIMIT $7 OFFSET $8" || len(all) != 8 || all[6] != 10 || all[7] != 20 {
		t.Errorf("page = %q, %v", lim, all)
	}
	// The page's arguments do not leak into the conditions' (the count
	// query runs with those).
	if _, again := c.sql(); len(again) != 6 {
		t.Errorf("after page, sql has %d arguments, want 6", len(again))
	}

	var none conds
	if w, args := none.sql(); w != "1 = 1" || len(args) != 0 {
		t.Errorf("empty conds = %q, %v", w, args)
	}
	var empty conds
	in(&empty, "d", []string(nil))
	if w, _ := empty.sql(); w != "1 = 0" {
		t.Errorf("IN over nothing = %q, want a condition true for no row", w)
	}
	// Numbering continues after arguments already named in the text.
	pre := conds{args: []any{1, 2}}
	pre.add("f = ?", 3)
	if w, _ := pre.sql(); w != "f = $3" {
		t.Errorf("after two arguments: %q, want f = $3", w)
	}
	defer func() {
		if recover() == nil {
			t.Error("a condition with more placeholders than arguments did not panic")
		}
	}()
	c.add("g = ? AND h = ?", 1)
}
