package ui

import (
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
	used, err := ClassesUsed("../..")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for c, files := range used {
		if !strings.HasPrefix(c, "fr-icon-") {
			continue
		}
		n++
		if !strings.Contains(css, "."+c+":before") && !strings.Contains(css, "."+c+":after") {
			t.Errorf("%v use %s, which no style sheet served draws: run go run ./scripts/assets/icones", files, c)
		}
	}
	if n < 20 {
		t.Errorf("only %d icons found in the sources: the scan is broken", n)
	}
}
