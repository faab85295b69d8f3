package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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

func TestXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := XLSX(&b, "Conseillers", []string{"Nom", "Employeur"}, [][]string{{"Hélène Dupré", "Électricité Garonne"}, {"=1+1", "x"}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Conseillers")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][0] != "Hélène Dupré" || rows[2][0] != "=1+1" {
		t.Errorf("rows %q", rows)
	}
	if formula, _ := f.GetCellFormula("Conseillers", "A3"); formula != "" {
		t.Errorf("a user value became a formula: %q", formula)
	}
}
