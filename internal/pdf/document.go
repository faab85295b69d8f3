// Package pdf writes the official documents of the network of conseillers
// entreprises pour l'École: the recteur's arrêtés of designation (Code de
// l'éducation D.331-67), individual and collective, the attestation of
// engagement a CEE hands to their employer, the convocations and arrêté of
// an exam jury, the attendance sheet of an event, the annual bilan, and the
// copy of a person's data (RGPD art. 15).
//
// The documents carry a title, a subject and their language (fr-FR) but are
// not tagged PDF: github.com/go-pdf/fpdf writes no structure tree, and the
// accessibility statement says so.
//
// Each document is a function from plain structs to an io.Writer, with no
// database and no network, so that the same bytes come out of the same
// inputs (the creation date is taken from the data, not from the clock).
// The text is set in Marianne, the State's typeface, embedded in the binary.
package pdf

import (
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// The TTF files are produced from the DSFR web fonts by
// scripts/fonts/update.sh; fpdf reads TrueType only.
var (
	//go:embed fonts/Marianne-Regular.ttf
	fontRegular []byte
	//go:embed fonts/Marianne-Bold.ttf
	fontBold []byte
	//go:embed fonts/Marianne-Regular_Italic.ttf
	fontItalic []byte
)

const (
	family = "Marianne"
	author = "Ministère de l'Éducation nationale"

	// A4 portrait, in millimetres.
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 22.0
	marginRight  = 22.0
	marginTop    = 16.0
	marginBottom = 20.0 // leaves room for the footer
	textW        = pageW - marginLeft - marginRight

	bodySize   = 10.5 // pt
	bodyLine   = 5.0  // mm between baselines of body text
	paraGap    = 2.0  // mm after a paragraph
	smallSize  = 8.0
	smallLine  = 3.8
	tableSize  = 8.5
	tableLine  = 4.0
	tablePadX  = 1.5
	tablePadY  = 1.2
	footerSize = 7.5

	signatureRoom = 20.0 // blank space left under the signatory's name
)

// Colours of the State's identity (DSFR « bleu France », « rouge Marianne »)
// and neutral greys for rules and table headers.
var (
	bleuFrance    = [3]int{0, 0, 145}
	rougeMarianne = [3]int{225, 0, 15}
	greyText      = [3]int{83, 83, 83}
	greyRule      = [3]int{150, 150, 150}
	headerFill    = [3]int{236, 236, 254} // bleu France 975
)

// meta is what every document needs besides its body.
type meta struct {
	title   string    // PDF title
	subject string    // PDF subject
	date    time.Time // creation date written in the file: from the data, for byte-stable output
	ref     string    // left part of the footer, e.g. « Arrêté n° 2026-42 »
}

// document wraps one fpdf document being drawn.
type document struct {
	f     *fpdf.Fpdf
	m     meta
	total int // number of pages, known on the second pass; 0 on the first
}

// render draws a document twice: the first pass counts the pages, the
// second writes « page N / M » with the real M. fpdf's own page-count alias
// is not used: it is replaced after the text is laid out, and a digit used
// nowhere else in the document is missing from the embedded font subset
// (it prints as a blank box).
func render(w io.Writer, m meta, draw func(d *document)) error {
	total := 0
	for pass := 1; pass <= 2; pass++ {
		d := newDocument(m, total)
		draw(d)
		if err := d.f.Error(); err != nil {
			return fmt.Errorf("pdf : génération du document : %w", err)
		}
		if pass == 1 {
			total = d.f.PageNo()
			continue
		}
		if err := d.f.Output(w); err != nil {
			return fmt.Errorf("pdf : écriture du document : %w", err)
		}
	}
	return nil
}

func newDocument(m meta, total int) *document {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	d := &document{f: f, m: m, total: total}
	f.AddUTF8FontFromBytes(family, "", fontRegular)
	f.AddUTF8FontFromBytes(family, "B", fontBold)
	f.AddUTF8FontFromBytes(family, "I", fontItalic)
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(true, marginBottom)
	f.SetCellMargin(0)
	f.SetTitle(plain(m.title), true)
	f.SetSubject(plain(m.subject), true)
	f.SetAuthor(author, true)
	f.SetCreator("cee", true)
	f.SetProducer("cee", true)
	f.SetLang("fr-FR")
	f.SetDisplayMode("fullwidth", "")
	// A fixed date and sorted catalogs make the file a function of the data.
	date := m.date.In(paris)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetCatalogSort(true)
	f.SetFooterFunc(d.footer)
	f.AddPage()
	return d
}

func (d *document) font(style string, size float64) {
	d.f.SetFont(family, style, size)
}

func (d *document) color(c [3]int) {
	d.f.SetTextColor(c[0], c[1], c[2])
}

// footer prints the reference of the act and « page N / M » on every page,
// so that a loose page of a long arrêté can be put back in place.
func (d *document) footer() {
	f := d.f
	y := pageH - 14
	f.SetDrawColor(greyRule[0], greyRule[1], greyRule[2])
	f.SetLineWidth(0.2)
	f.Line(marginLeft, y, pageW-marginRight, y)
	d.font("", footerSize)
	d.color(greyText)
	f.SetXY(marginLeft, y+1.5)
	page := fmt.Sprintf("page %d / %d", f.PageNo(), d.total)
	pageWidth := f.GetStringWidth(page) + 2
	f.CellFormat(textW-pageWidth, 4, fitWidth(f, plain(d.m.ref), textW-pageWidth-4), "", 0, "L", false, 0, "")
	f.CellFormat(pageWidth, 4, page, "", 0, "R", false, 0, "")
	d.color([3]int{0, 0, 0})
}

// fitWidth shortens s with an ellipsis so that it holds on one line of
// width w in the current font: the footer is one line whatever the data.
func fitWidth(f *fpdf.Fpdf, s string, w float64) string {
	if f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// blocMarque draws the State's identity block at the top of the first page:
// « RÉPUBLIQUE FRANÇAISE » and the motto, as in the State's visual identity
// (the Marianne emblem itself is a registered artwork that is not redrawn
// here), and the académie on the right. It leaves the cursor below.
func (d *document) blocMarque(a Academie) {
	f := d.f
	x, y := marginLeft, marginTop
	// The tricolour rule recalls the emblem above the wordmark.
	f.SetFillColor(bleuFrance[0], bleuFrance[1], bleuFrance[2])
	f.Rect(x, y, 5, 1.6, "F")
	f.SetFillColor(rougeMarianne[0], rougeMarianne[1], rougeMarianne[2])
	f.Rect(x+10, y, 5, 1.6, "F")
	f.SetDrawColor(greyRule[0], greyRule[1], greyRule[2])
	f.SetLineWidth(0.1)
	f.Rect(x, y, 15, 1.6, "D")

	d.color([3]int{0, 0, 0})
	d.font("B", 11)
	f.SetXY(x, y+3.5)
	f.CellFormat(60, 4.6, "RÉPUBLIQUE", "", 2, "L", false, 0, "")
	f.CellFormat(60, 4.6, "FRANÇAISE", "", 2, "L", false, 0, "")
	d.font("I", 8)
	f.SetY(f.GetY() + 1.5)
	for _, m := range []string{"Liberté", "Égalité", "Fraternité"} {
		f.CellFormat(60, 3.4, m, "", 2, "L", false, 0, "")
	}
	bottom := f.GetY()

	// The académie, right-aligned on the same band.
	rightW := 80.0
	rx := pageW - marginRight - rightW
	d.font("B", 11)
	f.SetXY(rx, y+3.5)
	f.MultiCell(rightW, 5, "Académie "+deAcademie(a.Nom), "", "R", false)
	d.font("", 8.5)
	d.color(greyText)
	f.SetX(rx)
	f.MultiCell(rightW, 4, "Rectorat", "", "R", false)
	d.color([3]int{0, 0, 0})
	if f.GetY() > bottom {
		bottom = f.GetY()
	}
	f.SetXY(marginLeft, bottom+9)
}

// title prints the main heading, centred, on balanced lines so that the
// last one is not a lone word (« l'École »).
func (d *document) title(s string) {
	d.color(bleuFrance)
	d.font("B", 13.5)
	d.lines(d.balanced(s, textW), textW, 6.4, "C")
	d.color([3]int{0, 0, 0})
	d.font("", bodySize)
	d.f.Ln(5)
}

// subtitle prints a centred line under the title.
func (d *document) subtitle(s string) {
	d.f.SetY(d.f.GetY() - 4) // Ln with a negative height would add the last height instead
	d.color(bleuFrance)
	d.font("", 11.5)
	d.lines(d.balanced(s, textW), textW, 5.6, "C")
	d.color([3]int{0, 0, 0})
	d.font("", bodySize)
	d.f.Ln(5)
}

// balanced wraps s on as few lines as wrap would at width w, but at the
// narrowest width that keeps that number of lines, which evens them out.
func (d *document) balanced(s string, w float64) []string {
	n := len(d.wrap(s, w))
	lo, hi := w/4, w
	for hi-lo > 0.5 {
		mid := (lo + hi) / 2
		if len(d.wrap(s, mid)) > n {
			lo = mid
		} else {
			hi = mid
		}
	}
	return d.wrap(s, hi)
}

// paragraph prints justified body text over the full text width.
func (d *document) paragraph(s string) {
	d.paragraphAt(marginLeft, textW, s, "J")
}

// paragraphAt prints s at x over width w, wrapped by wrap and aligned with
// align (J justifies every line but the last). Page breaks happen between
// lines, where fpdf would put them, and keep the x position.
func (d *document) paragraphAt(x, w float64, s, align string) {
	d.f.SetX(x)
	d.lines(d.wrap(s, w), w, bodyLine, align)
	d.f.Ln(paraGap)
}

// lines prints already wrapped lines. Justification is only asked for lines
// that have a space to stretch and are not the last of their paragraph:
// fpdf divides by the number of gaps when justifying UTF-8 text.
func (d *document) lines(ls []string, w, h float64, align string) {
	f := d.f
	x := f.GetX()
	for i, l := range ls {
		a := align
		if a == "J" && (i == len(ls)-1 || !strings.Contains(l, " ")) {
			a = "L"
		}
		f.SetX(x)
		f.CellFormat(w, h, l, "", 2, a, false, 0, "")
	}
}

// wrap breaks s into lines of at most w millimetres in the current font.
// fpdf's MultiCell would do it, but it cannot justify a line made of one
// long word (an e-mail address, a long company name) without writing an
// invalid number into the file, and it cannot tell how many lines it will
// use before drawing them, which tables need. Breaks happen at ordinary
// spaces only (no-break spaces hold); a word longer than the line is cut.
func (d *document) wrap(s string, w float64) []string {
	f := d.f
	var out []string
	for _, para := range strings.Split(s, "\n") {
		words := strings.Split(para, " ")
		var cur []string
		curW := 0.0
		space := f.GetStringWidth(" ")
		for _, word := range words {
			if word == "" {
				continue
			}
			ww := f.GetStringWidth(word)
			if ww > w {
				// Flush what we have, then cut the long word by characters.
				if len(cur) > 0 {
					out = append(out, strings.Join(cur, " "))
					cur, curW = nil, 0
				}
				r := []rune(word)
				for len(r) > 0 {
					n := 1
					for n < len(r) && f.GetStringWidth(string(r[:n+1])) <= w {
						n++
					}
					piece := string(r[:n])
					r = r[n:]
					if len(r) == 0 {
						cur, curW = []string{piece}, f.GetStringWidth(piece)
					} else {
						out = append(out, piece)
					}
				}
				continue
			}
			if len(cur) > 0 && curW+space+ww > w {
				out = append(out, strings.Join(cur, " "))
				cur, curW = nil, 0
			}
			if len(cur) > 0 {
				curW += space
			}
			cur = append(cur, word)
			curW += ww
		}
		out = append(out, strings.Join(cur, " "))
	}
	return out
}

// heading prints a bold line such as « Article 2 », kept with at least two
// lines of the text that follows it.
func (d *document) heading(s string) {
	d.needSpace(bodyLine * 3.5)
	d.f.Ln(1.5)
	d.font("B", bodySize)
	d.f.SetX(marginLeft)
	d.f.CellFormat(textW, bodyLine+0.6, s, "", 2, "L", false, 0, "")
	d.font("", bodySize)
}

// centered prints a centred bold line (« Arrête : »).
func (d *document) centered(s string) {
	d.needSpace(bodyLine * 4)
	d.f.Ln(2)
	d.font("B", bodySize+0.5)
	d.f.SetX(marginLeft)
	d.f.CellFormat(textW, bodyLine+1, s, "", 2, "C", false, 0, "")
	d.font("", bodySize)
	d.f.Ln(2)
}

// needSpace starts a new page when less than h millimetres remain above the
// footer, so that a heading or the signature block is not left alone.
func (d *document) needSpace(h float64) {
	if d.f.GetY()+h > pageH-marginBottom {
		d.f.AddPage()
	}
}

// signature prints « Fait à …, le … » and the signatory in the right half,
// with room left for the handwritten or electronic signature.
func (d *document) signature(ville string, date time.Time, signataire string) {
	f := d.f
	x := marginLeft + textW*0.5
	w := textW * 0.5
	d.font("", bodySize)
	lines := d.wrap(trimPunct(signataire), w)
	d.needSpace(d.signatureHeight(signataire))
	f.Ln(4)
	f.SetX(x)
	d.lines(d.wrap("Fait à "+oneLine(ville)+", le "+dateFR(date), w), w, bodyLine, "L")
	f.Ln(2)
	d.font("B", bodySize)
	f.SetX(x)
	d.lines(lines, w, bodyLine, "L")
	d.font("", bodySize)
	f.Ln(signatureRoom)
}

// signatureHeight is the room signature takes, signing space included.
func (d *document) signatureHeight(signataire string) float64 {
	d.font("", bodySize)
	return bodyLine*float64(1+len(d.wrap(trimPunct(signataire), textW*0.5))) + 6 + signatureRoom
}

// lastArticle prints the final article, moved to the next page with it when
// it would leave the signature alone on a page: the page that is signed
// must carry some of the act.
func (d *document) lastArticle(heading, text, signataire string) {
	d.font("", bodySize)
	h := bodyLine*3.5 + float64(len(d.wrap(text, textW)))*bodyLine + paraGap + d.signatureHeight(signataire)
	d.needSpace(h)
	d.heading(heading)
	d.paragraph(text)
}

// notice prints small grey text at full width (means of appeal), at the
// foot of the last page when there is room, as in the printed acts.
func (d *document) notice(s string) {
	d.font("I", smallSize)
	d.color(greyText)
	ls := d.wrap(s, textW)
	h := float64(len(ls)) * smallLine
	d.needSpace(h + 2)
	if y := pageH - marginBottom - h - 2; d.f.GetY() < y {
		d.f.SetY(y)
	}
	d.f.SetX(marginLeft)
	d.lines(ls, textW, smallLine, "J")
	d.color([3]int{0, 0, 0})
	d.font("", bodySize)
}
