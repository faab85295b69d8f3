package export

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Tableur writes a spreadsheet one row at a time, so that a list of any
// length is exported with bounded memory: the rows come from the database
// and go to the file as they are read. Close ends the file; nothing is
// valid before it.
type Tableur interface {
	Ligne(cells []string) error
	Close() error
}

// Format is a spreadsheet format.
type Format string

// The formats.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// ContentType is the MIME type of the format.
func (f Format) ContentType() string {
	if f == FormatXLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Nouveau opens a Tableur of format f on w, with its header row written.
func Nouveau(f Format, w io.Writer, sheet string, header []string) (Tableur, error) {
	switch f {
	case FormatCSV:
		return NewCSV(w, header)
	case FormatXLSX:
		return NewXLSX(w, sheet, header)
	}
	return nil, fmt.Errorf("format de tableur %q inconnu", f)
}

// CSVWriter is a Tableur for French Excel: ";" separator, UTF-8 with a
// byte-order mark, CRLF, formula-looking cells neutralised.
type CSVWriter struct {
	cw *csv.Writer
}

// NewCSV writes the byte-order mark and the header.
func NewCSV(w io.Writer, header []string) (*CSVWriter, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return nil, err
	}
	return &CSVWriter{cw: cw}, nil
}

// Ligne writes one row (csv.Writer buffers 4 KiB at most).
func (c *CSVWriter) Ligne(row []string) error {
	safe := make([]string, len(row))
	for i, v := range row {
		safe[i] = neutralise(v)
	}
	return c.cw.Write(safe)
}

// Close flushes what is buffered.
func (c *CSVWriter) Close() error {
	c.cw.Flush()
	return c.cw.Error()
}

// largeurEchantillon is how many rows the XLSX writer holds to size its
// columns: the stream writer needs the widths before the first row, and a
// long export is sized on its beginning rather than kept in memory.
const largeurEchantillon = 200

// XLSXWriter is a Tableur for XLSX through excelize's stream writer: rows
// go to a temporary file past 16 MiB (excelize's chunk size), and the
// archive is written straight to w at Close, never built in memory.
type XLSXWriter struct {
	w       io.Writer
	f       *excelize.File
	sw      *excelize.StreamWriter
	sheet   string
	header  []string
	bold    int
	pending [][]string // the first rows, until the columns are sized
	n       int        // rows written, header excluded
	started bool
}

// NewXLSX opens a workbook of one sheet with a bold, frozen header row and
// a filter, the way people expect a spreadsheet export to open. Cells are
// text: a value that looks like a formula stays text.
func NewXLSX(w io.Writer, sheet string, header []string) (*XLSXWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		f.Close()
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		f.Close()
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		f.Close()
		return nil, err
	}
	return &XLSXWriter{w: w, f: f, sw: sw, sheet: sheet, header: header, bold: bold}, nil
}

// Ligne adds one row.
func (x *XLSXWriter) Ligne(row []string) error {
	if !x.started {
		x.pending = append(x.pending, row)
		if len(x.pending) < largeurEchantillon {
			return nil
		}
		return x.start()
	}
	return x.write(row)
}

// start sizes the columns on the header and the rows held, then writes
// them.
func (x *XLSXWriter) start() error {
	x.started = true
	widths := make([]int, len(x.header))
	cells := make([]any, len(x.header))
	for i, h := range x.header {
		cells[i] = excelize.Cell{StyleID: x.bold, Value: h}
		widths[i] = utf8.RuneCountInString(h)
	}
	for _, row := range x.pending {
		for j, v := range row {
			if j < len(widths) {
				widths[j] = max(widths[j], utf8.RuneCountInString(v))
			}
		}
	}
	for i, wd := range widths {
		if err := x.sw.SetColWidth(i+1, i+1, float64(min(max(wd, 8), 60)+2)); err != nil {
			return err
		}
	}
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := x.sw.SetRow("A1", cells); err != nil {
		return err
	}
	for _, row := range x.pending {
		if err := x.write(row); err != nil {
			return err
		}
	}
	x.pending = nil
	return nil
}

func (x *XLSXWriter) write(row []string) error {
	vals := make([]any, len(row))
	for j, v := range row {
		vals[j] = v
	}
	x.n++
	cell, err := excelize.CoordinatesToCellName(1, x.n+1)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, vals)
}

// Close writes the workbook to w and removes the temporary files.
func (x *XLSXWriter) Close() error {
	defer x.f.Close()
	if !x.started {
		if err := x.start(); err != nil {
			return err
		}
	}
	// The filter buttons of the header come from a table over the rows:
	// the stream writer declares it without reading the sheet back (the
	// workbook's AutoFilter parses the whole sheet into memory: 140 MiB
	// for 10,000 requests). A table needs a row besides the header.
	if x.n > 0 {
		last, err := excelize.CoordinatesToCellName(len(x.header), x.n+1)
		if err != nil {
			return err
		}
		no := false
		if err := x.sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "Export", StyleName: "TableStyleLight1", ShowRowStripes: &no}); err != nil {
			return err
		}
	}
	if err := x.sw.Flush(); err != nil {
		return err
	}
	// The archive goes straight to w: excelize's WriteTo would first build
	// it in a buffer, the whole file in memory. Its buffer stays empty here
	// (zip64 headers, which it patches in that buffer, concern parts over
	// 4 GiB, which archive/zip writes correctly by itself).
	x.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(x.w) })
	_, err := x.f.WriteToBuffer()
	return err
}
