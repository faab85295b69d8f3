package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// classeDSFR is a DSFR class as the sources write it (fr-icon-add-line,
// fr-btn--secondary).
var classeDSFR = regexp.MustCompile(`fr-[a-z0-9]+(?:-[a-z0-9]+)*(?:--[a-z0-9-]+)?`)

// ClassesUsed lists the DSFR classes that the templates, the Go code and the
// scripts under root name (tests, generated files and DSFR's own files
// aside), each with the files that name it: scripts/assets/icones keeps the
// utility rules of these classes only, and a test checks that each icon
// named has its rule served.
func ClassesUsed(root string) (map[string][]string, error) {
	used := map[string][]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, "_test.go") || strings.HasSuffix(p, "_templ.go") || strings.Contains(p, "/static/dsfr/") {
			return nil
		}
		if ext := filepath.Ext(p); ext != ".templ" && ext != ".go" && ext != ".js" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, c := range classeDSFR.FindAllString(string(b), -1) {
			if files := used[c]; len(files) == 0 || files[len(files)-1] != p {
				used[c] = append(files, p)
			}
		}
		return nil
	})
	return used, err
}
