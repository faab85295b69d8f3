package export

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Feuille is one sheet of a workbook: a name, a header and rows of text.
type Feuille struct {
	Nom    string
	Entete []string
	Lignes [][]string
}

// Classeur writes a workbook of several sheets (the data of an annual
// bilan, one sheet per indicator), each with a bold header and a filter.
// Cells are text, as in XLSX: no formula is ever run.
func Classeur(w io.Writer, feuilles []Feuille) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	first := f.GetSheetName(0)
	seen := map[string]bool{}
	for i, fe := range feuilles {
		name := sheetName(fe.Nom, seen)
		if i == 0 {
			if err := f.SetSheetName(first, name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		for j, h := range fe.Entete {
			cell, _ := excelize.CoordinatesToCellName(j+1, 1)
			if err := f.SetCellStr(name, cell, h); err != nil {
				return err
			}
			width := utf8.RuneCountInString(h)
			for _, l := range fe.Lignes {
				if j < len(l) {
					width = max(width, utf8.RuneCountInString(l[j]))
				}
			}
			col, _ := excelize.ColumnNumberToName(j + 1)
			if err := f.SetColWidth(name, col, col, float64(min(max(width, 8), 60)+2)); err != nil {
				return err
			}
		}
		if len(fe.Entete) > 0 {
			last, _ := excelize.CoordinatesToCellName(len(fe.Entete), 1)
			if err := f.SetCellStyle(name, "A1", last, bold); err != nil {
				return err
			}
		}
		for r, l := range fe.Lignes {
			for j, v := range l {
				cell, _ := excelize.CoordinatesToCellName(j+1, r+2)
				if err := f.SetCellStr(name, cell, v); err != nil {
					return err
				}
			}
		}
		if len(fe.Entete) > 0 {
			last, _ := excelize.CoordinatesToCellName(len(fe.Entete), len(fe.Lignes)+1)
			if err := f.AutoFilter(name, "A1:"+last, nil); err != nil {
				return err
			}
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// sheetName makes a valid, unique sheet name: at most 31 characters, none
// of : \ / ? * [ ].
func sheetName(s string, seen map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, s)
	if s == "" {
		s = "Feuille"
	}
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	base := s
	for n := 2; seen[strings.ToLower(s)]; n++ {
		suffix := " " + string(rune('0'+n%10))
		s = string([]rune(base)[:min(utf8.RuneCountInString(base), 31-len(suffix))]) + suffix
	}
	seen[strings.ToLower(s)] = true
	return s
}
