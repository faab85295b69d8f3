package pdf

// column is one column of a table; widths are in millimetres and add up to
// textW.
type column struct {
	title string
	width float64
	align string // L, C or R
}

// tableRow is one row; bold marks a total.
type tableRow struct {
	cells []string
	bold  bool
}

var (
	zebraFill = [3]int{243, 243, 243}
	white     = [3]int{255, 255, 255}
)

// table draws rows under a header that is repeated at the top of every page
// the table runs onto. A row is moved whole to the next page when it does
// not fit; a row taller than a whole page (a very long territory, say) is
// split between lines rather than drawn over the footer.
func (d *document) table(cols []column, rows []tableRow) {
	f := d.f
	// Page breaks are decided here, row by row; fpdf's automatic break
	// would cut a row in the middle of its cells.
	f.SetAutoPageBreak(false, marginBottom)
	defer f.SetAutoPageBreak(true, marginBottom)
	bottom := pageH - marginBottom

	d.font("B", tableSize)
	header := d.cellLines(cols, func(i int) string { return cols[i].title })
	headerH := float64(maxLen(header))*tableLine + 2*tablePadY
	drawHeader := func() {
		d.font("B", tableSize)
		d.color(bleuFrance)
		d.rowSegment(cols, header, 0, maxLen(header), headerFill)
		d.color([3]int{0, 0, 0})
	}

	// The header is never left alone at the bottom of a page.
	if f.GetY()+headerH+tableLine+2*tablePadY > bottom {
		f.AddPage()
	}
	drawHeader()
	for n, r := range rows {
		style := ""
		if r.bold {
			style = "B"
		}
		d.font(style, tableSize)
		cells := d.cellLines(cols, func(i int) string {
			if i < len(r.cells) {
				return r.cells[i]
			}
			return ""
		})
		fill := white
		if n%2 == 1 {
			fill = zebraFill
		}
		total := maxLen(cells)
		for start := 0; start < total; {
			left := total - start
			fit := int((bottom - f.GetY() - 2*tablePadY) / tableLine)
			fresh := int((bottom - marginTop - headerH - 2*tablePadY) / tableLine)
			if fit < left && (fit < 1 || left <= fresh) {
				// Whole row on the next page, under a repeated header.
				f.AddPage()
				drawHeader()
				d.font(style, tableSize)
				continue
			}
			k := min(fit, left)
			d.rowSegment(cols, cells, start, start+k, fill)
			start += k
		}
	}
	d.font("", bodySize)
	f.Ln(paraGap)
}

// cellLines wraps the text of every cell of a row to its column.
func (d *document) cellLines(cols []column, text func(i int) string) [][]string {
	out := make([][]string, len(cols))
	for i, c := range cols {
		out[i] = d.wrap(oneLine(text(i)), c.width-2*tablePadX)
	}
	return out
}

// rowSegment draws lines [from, to) of every cell at the current position,
// with a filled, ruled box per cell, and moves below it.
func (d *document) rowSegment(cols []column, cells [][]string, from, to int, fill [3]int) {
	f := d.f
	y := f.GetY()
	h := float64(to-from)*tableLine + 2*tablePadY
	x := marginLeft
	f.SetDrawColor(greyRule[0], greyRule[1], greyRule[2])
	f.SetLineWidth(0.15)
	f.SetFillColor(fill[0], fill[1], fill[2])
	for i, c := range cols {
		f.Rect(x, y, c.width, h, "FD")
		for j := from; j < to && j < len(cells[i]); j++ {
			f.SetXY(x+tablePadX, y+tablePadY+float64(j-from)*tableLine)
			f.CellFormat(c.width-2*tablePadX, tableLine, cells[i][j], "", 0, c.align, false, 0, "")
		}
		x += c.width
	}
	f.SetXY(marginLeft, y+h)
}

func maxLen(cells [][]string) int {
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	return n
}
