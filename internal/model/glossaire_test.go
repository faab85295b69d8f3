package model

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// GLOSSAIRE.md maps each domain type to its label in the interface and its
// legal article (house style). Every exported type of this package must
// appear there as `model.Name`, so that a new type cannot be added without
// its line.
func TestGlossaireListsEveryType(t *testing.T) {
	glossaire, err := os.ReadFile(filepath.Join("..", "..", "GLOSSAIRE.md"))
	if err != nil {
		t.Fatal(err)
	}
	types, err := exportedTypes(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(types) < 20 {
		t.Fatalf("%d exported types found in package model, want the domain's (the parsing failed?)", len(types))
	}
	for _, name := range types {
		if !strings.Contains(string(glossaire), "`model."+name+"`") {
			t.Errorf("GLOSSAIRE.md does not list `model.%s`: add its line (Go type, interface label, legal article)", name)
		}
	}
}

// exportedTypes returns the exported type names declared in the non-test Go
// files of dir, sorted.
func exportedTypes(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var names []string
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				if name := spec.(*ast.TypeSpec).Name.Name; ast.IsExported(name) {
					names = append(names, name)
				}
			}
		}
	}
	slices.Sort(names)
	return names, nil
}
