// Package export writes the files people open in another program: CSV for
// French Excel (";" separator, UTF-8 with a byte-order mark), XLSX (lists and
// the annual bilan's tables), and calendar invitations (ICS). PDF documents
// are package pdf's.
package export

import (
	"encoding/csv"
	"io"
	"strings"
)

// CSV writes a header and rows. Cells starting with = + - @ are prefixed
// with an apostrophe so that a spreadsheet never runs them as formulas
// (CSV injection): names and e-mails come from users.
func CSV(w io.Writer, header []string, rows [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, c := range row {
			safe[i] = neutralise(c)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func neutralise(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}
