// Package export writes the files people open in another program: CSV for
// French Excel (";" separator, UTF-8 with a byte-order mark), XLSX (lists and
// the annual bilan's tables), and calendar invitations (ICS). PDF documents
// are package pdf's.
package export

import (
	"io"
	"strings"
)

// CSV writes a header and rows. Cells starting with = + - @ are prefixed
// with an apostrophe so that a spreadsheet never runs them as formulas
// (CSV injection): names and e-mails come from users.
func CSV(w io.Writer, header []string, rows [][]string) error {
	t, err := NewCSV(w, header)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if err := t.Ligne(row); err != nil {
			return err
		}
	}
	return t.Close()
}

func neutralise(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}
