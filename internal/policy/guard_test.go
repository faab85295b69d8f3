package policy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// roleComparisons lists, in the non-test Go files of dir, every comparison
// (==, !=) and switch case against a model.Role… constant: a role decision
// outside the policy package.
func roleComparisons(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var found []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		isRole := func(e ast.Expr) bool {
			sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
			if !ok {
				return false
			}
			pkg, ok := sel.X.(*ast.Ident)
			return ok && pkg.Name == "model" && strings.HasPrefix(sel.Sel.Name, "Role") && sel.Sel.Name != "Roles"
		}
		report := func(n ast.Node, what string) {
			found = append(found, fset.Position(n.Pos()).String()+": "+what)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if (n.Op == token.EQL || n.Op == token.NEQ) && (isRole(n.X) || isRole(n.Y)) {
					report(n, "comparison with a role")
				}
			case *ast.CaseClause:
				for _, e := range n.List {
					if isRole(e) {
						report(e, "switch case on a role")
					}
				}
			}
			return true
		})
	}
	return found
}

// TestNoRoleDecisionOutsidePolicy keeps issue 14's rule true: role
// decisions live in this package; the handlers of the web interface and of
// the API call its predicates and compare no role themselves.
func TestNoRoleDecisionOutsidePolicy(t *testing.T) {
	for _, dir := range []string{"../web", "../api"} {
		for _, f := range roleComparisons(t, dir) {
			t.Errorf("%s: decide it in internal/policy (a named predicate), not in the handler", f)
		}
	}
}

// TestGuardSeesRoleComparisons checks the guard against a file that has
// each form it must catch, so that it cannot pass by seeing nothing.
func TestGuardSeesRoleComparisons(t *testing.T) {
	dir := t.TempDir()
	src := `package web

import "cee/internal/model"

func a(r model.Role) bool { return r == model.RoleAdmin }
func b(r model.Role) bool { return model.RolePilote != r }
func c(r model.Role) int {
	switch r {
	case model.RoleConseiller, (model.RoleOrganisation):
		return 1
	}
	return 0
}
func d() []model.Role { return []model.Role{model.RoleAdmin} } // a list, not a decision
`
	if err := writeFile(filepath.Join(dir, "x.go"), src); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(filepath.Join(dir, "x_test.go"), "package web\n\nvar _ = model.RoleAdmin == \"\"\n"); err != nil {
		t.Fatal(err)
	}
	got := roleComparisons(t, dir)
	if len(got) != 4 {
		t.Fatalf("the guard found %d role decisions, want 4 (two comparisons, two cases):\n%s", len(got), strings.Join(got, "\n"))
	}
}
