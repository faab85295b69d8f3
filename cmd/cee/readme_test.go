package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README's « Layout » block names every Go package of the repository,
// so that a new package cannot arrive undocumented.
func TestReadmeLayoutListsEveryPackage(t *testing.T) {
	root := filepath.Join("..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "## Layout\n")
	if !ok {
		t.Fatal("README.md has no « ## Layout » section")
	}
	layout, _, _ := strings.Cut(after, "\n## ")

	dirs := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(name, ".go") {
			rel, err := filepath.Rel(root, filepath.Dir(path))
			if err != nil {
				return err
			}
			dirs[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !dirs["cmd/cee"] || !dirs["internal/store"] {
		t.Fatalf("packages found: %v; want at least cmd/cee and internal/store", dirs)
	}
	for dir := range dirs {
		if !regexp.MustCompile(`(?m)(^|\s)` + regexp.QuoteMeta(dir) + `/?(\s|$)`).MatchString(layout) {
			t.Errorf("README.md « Layout » does not list %s/: add a line saying what it holds", dir)
		}
	}
}

// The README's « Dependencies » table says why each module required
// directly by go.mod, and each Go tool pinned there, is needed.
func TestReadmeListsEveryDependency(t *testing.T) {
	root := filepath.Join("..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, deps, ok := strings.Cut(string(readme), "## Dependencies\n")
	if !ok {
		t.Fatal("README.md has no « ## Dependencies » section")
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	// go.mod as go mod tidy writes it: "require (" and "tool (" blocks, one
	// module a line, indirect ones marked.
	var direct []string
	block := ""
	for line := range strings.SplitSeq(string(gomod), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasSuffix(line, "("):
			block = strings.TrimSpace(strings.TrimSuffix(line, "("))
		case line == ")":
			block = ""
		case block == "require" && line != "" && !strings.HasSuffix(line, "// indirect"):
			direct = append(direct, strings.Fields(line)[0])
		case block == "tool" && line != "":
			direct = append(direct, line)
		}
	}
	if len(direct) < 10 {
		t.Fatalf("%d direct modules read from go.mod: %v", len(direct), direct)
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("`([a-z0-9.-]+/[^` ]+)`").FindAllStringSubmatch(deps, -1) {
		listed[m[1]] = true
	}
	for _, m := range direct {
		// A tool is covered by its module's row (templ's CLI by github.com/a-h/templ).
		covered := listed[m]
		for p := m; !covered && strings.Contains(p, "/"); p = p[:strings.LastIndex(p, "/")] {
			covered = listed[p]
		}
		if !covered {
			t.Errorf("README.md « Dependencies » does not list %s: add it with why it is needed", m)
		}
	}
}
