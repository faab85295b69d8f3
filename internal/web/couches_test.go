package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// writePrefixes are the store methods that change data or write the journal
// (every store method whose name starts with one of them writes: sessions,
// tokens, uploads and jobs included): a handler leaves them to a workflow
// function (issue 14, item 4: « every
// write and every audited read goes through workflow; handlers parse, call
// and render »).
var writePrefixes = []string{"Create", "Update", "Delete", "Insert", "Set", "Add", "Remove", "Mark", "Audit", "Journal",
	"Save", "Upsert", "Replace", "Purge", "Consume", "Touch", "Revoke", "Enqueue", "Grant", "Rehash", "UseTOTP", "Sign", "Expire",
	"Clore", "Arreter", "Anonymiser", "Annuler", "Accepter", "Desinscrire", "Import", "Take", "Lock", "Claim", "Complete", "Fail", "Retry", "Evaluer", "Repondre"}

// handlerWriteExceptions are the handler functions ("file:function", or
// "file:*" for a whole file) still allowed to open a transaction or call a
// store write, each with its reason. It is empty: the login path (links,
// password, TOTP, logout, ProConnect, the HTTP session, the demonstration's
// login-as) went to workflow/session.go last. Add an entry only with a
// reason a reviewer accepts.
var handlerWriteExceptions = map[string]string{}

// TestHandlersDoNotWrite fails when a handler in internal/web or
// internal/api opens a transaction (InTx), calls a store write
// (writePrefixes) or writes a journal line itself (the web's audit helper),
// outside handlerWriteExceptions.
func TestHandlersDoNotWrite(t *testing.T) {
	found := map[string][]string{}
	for _, dir := range []string{".", "../api"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, decl := range f.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Body == nil {
					continue
				}
				key := filepath.Base(path) + ":" + fn.Name.Name
				if filepath.Base(dir) == "api" {
					key = "api/" + key
				}
				for _, call := range storeWrites(fn) {
					found[key] = append(found[key], call.name+" (line "+itoa64(int64(fset.Position(call.pos).Line))+")")
				}
			}
		}
	}
	var bad []string
	for key, calls := range found {
		file, _, _ := strings.Cut(key, ":")
		if _, ok := handlerWriteExceptions[key]; ok {
			continue
		}
		if _, ok := handlerWriteExceptions[file+":*"]; ok {
			continue
		}
		bad = append(bad, key+": "+strings.Join(calls, ", "))
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("handler writes itself, move it into a workflow function: %s", b)
	}
	// An exception that no longer writes is stale: remove it, so that the
	// list stays the list of what remains.
	for key := range handlerWriteExceptions {
		if _, ok := found[key]; !ok && !strings.HasSuffix(key, ":*") {
			t.Errorf("exception %s no longer writes: remove it from handlerWriteExceptions", key)
		}
	}
}

// storeWrites lists the store writes in fn: calls of InTx or of a write
// method on s.store or on a variable declared *store.Store (a transaction),
// and calls of the web's own journal helper s.audit.
func storeWrites(fn *ast.FuncDecl) []storeCall {
	stores := map[string]bool{}
	isStoreType := func(e ast.Expr) bool {
		st, ok := e.(*ast.StarExpr)
		if !ok {
			return false
		}
		sel, ok := st.X.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		pkg, ok := sel.X.(*ast.Ident)
		return ok && pkg.Name == "store" && sel.Sel.Name == "Store"
	}
	addFields := func(fl *ast.FieldList) {
		if fl == nil {
			return
		}
		for _, f := range fl.List {
			if isStoreType(f.Type) {
				for _, n := range f.Names {
					stores[n.Name] = true
				}
			}
		}
	}
	addFields(fn.Type.Params)
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			addFields(x.Type.Params)
		case *ast.ValueSpec:
			if x.Type != nil && isStoreType(x.Type) {
				for _, n := range x.Names {
					stores[n.Name] = true
				}
			}
		}
		return true
	})
	isStore := func(e ast.Expr) bool {
		switch x := e.(type) {
		case *ast.Ident:
			return stores[x.Name]
		case *ast.SelectorExpr:
			return x.Sel.Name == "store"
		}
		return false
	}
	var out []storeCall
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		name := sel.Sel.Name
		if recv, ok := sel.X.(*ast.Ident); ok && recv.Name == "s" && name == "audit" {
			out = append(out, storeCall{"s.audit", call.Pos()})
			return true
		}
		if !isStore(sel.X) {
			return true
		}
		if name == "InTx" {
			out = append(out, storeCall{"InTx", call.Pos()})
			return true
		}
		for _, p := range writePrefixes {
			if strings.HasPrefix(name, p) {
				out = append(out, storeCall{name, call.Pos()})
				break
			}
		}
		return true
	})
	return out
}

// storeCall is one write found in a handler: the method called and where.
type storeCall struct {
	name string
	pos  token.Pos
}

// mailRenderAllowed are the files that may render a mail themselves: every
// other mail is queued through workflow's envoyerCourriel (job.Mail).
var mailRenderAllowed = map[string]string{
	"workflow/courriel.go": "the one mail-queue helper",
	"workflow/annonce.go":  "an announcement is its own job kind (one send per person, with its unsubscribe link), not a mail job",
}

// TestOneMailQueue fails when a file of internal/web, internal/api or
// internal/workflow renders a mail (mail.Render) or builds a mail job
// (job.Mail) outside mailRenderAllowed (issue 14, item 4: « one mail-queue
// helper »).
func TestOneMailQueue(t *testing.T) {
	for _, dir := range []string{"../web", "../api", "../workflow"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			key := filepath.Base(dir) + "/" + filepath.Base(path)
			if _, ok := mailRenderAllowed[key]; ok {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				pkg, ok := sel.X.(*ast.Ident)
				if ok && (pkg.Name == "mail" && sel.Sel.Name == "Render" || pkg.Name == "job" && sel.Sel.Name == "Mail") {
					t.Errorf("%s:%d: %s.%s: queue the mail with workflow's envoyerCourriel", key, fset.Position(sel.Pos()).Line, pkg.Name, sel.Sel.Name)
				}
				return true
			})
		}
	}
}
