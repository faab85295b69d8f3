package export

import "io"

// XLSX writes one sheet with a bold, frozen header row and a filter (see
// NewXLSX); columns are sized on the first rows.
func XLSX(w io.Writer, sheet string, header []string, rows [][]string) error {
	t, err := NewXLSX(w, sheet, header)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if err := t.Ligne(row); err != nil {
			t.Close()
			return err
		}
	}
	return t.Close()
}
