package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	err := CSV(&b, []string{"Nom", "Adresse"}, [][]string{
		{"Hélène Dupré", "h.dupre@ac-lille.fr"},
		{"=HYPERLINK(\"http://x\")", "a;b"},
	})
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeffNom;Adresse\r\n") {
		t.Errorf("no BOM or wrong header: %q", out)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[1][0] != "Hélène Dupré" || recs[2][0] != "'=HYPERLINK(\"http://x\")" || recs[2][1] != "a;b" {
		t.Errorf("records %q", recs)
	}
}
