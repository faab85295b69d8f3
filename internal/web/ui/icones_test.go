package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestIconesServies: every fr-icon-* class the sources name has its rule in
// the style sheets the pages load — icones.min.css is DSFR's utility sheet
// cut down to the classes used: after adding an icon, run
// « go run ./scripts/assets/icones ».
func TestIconesServies(t *testing.T) {
	a := MustAssets(t)
	css := string(a.files["dsfr/dsfr.min.css"].body) + string(a.files["dsfr/utility/icones.min.css"].body)
	icone := regexp.MustCompile(`fr-icon-[a-z0-9]+(?:-[a-z0-9]+)*`)
	n := 0
	err := filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
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
		for _, c := range icone.FindAllString(string(b), -1) {
			n++
			if !strings.Contains(css, "."+c+":before") && !strings.Contains(css, "."+c+":after") {
				t.Errorf("%s uses %s, which no style sheet served draws: run go run ./scripts/assets/icones", p, c)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Errorf("only %d icons found in the sources: the scan is broken", n)
	}
}
