package pdf

import (
	"fmt"
	"io"
	"time"
)

// Chiffre is one key figure of a bilan: « CEE en mandat » — « 142 ».
type Chiffre struct {
	Libelle, Valeur string
}

// Tableau is one table of a bilan: a title, column headers and rows; the
// first column is the label, the others are figures.
type Tableau struct {
	Titre    string
	Colonnes []string
	Lignes   [][]string
	// Barres, when set, are drawn as a bar chart above the table.
	Barres []Barre
}

// Barre is one bar of a chart: N out of Max, printed as Texte. A Part is
// a share (coverage, seats filled): its whole length stands for Max, drawn
// light, and N dark over it; otherwise the longest bar of the chart is Max.
type Barre struct {
	Libelle, Texte string
	N, Max         int
	Part           bool
}

// Chart geometry, in millimetres.
const (
	barLabelW = 62.0
	barValueW = 24.0
	barH      = 4.6
	barGap    = 1.8
	maxBarres = 20 // longer lists are in the table (and the workbook)
)

var (
	barFill  = [3]int{106, 106, 244} // bleu France 625, as on the dashboards
	barTrack = [3]int{227, 227, 253}
)

// barresHeight is the room a chart takes.
func barresHeight(bs []Barre) float64 {
	return float64(min(len(bs), maxBarres))*(barH+barGap) + 4 + barH
}

// barres draws a horizontal bar chart of at most maxBarres bars, kept on
// one page.
func (d *document) barres(bs []Barre) {
	f := d.f
	n := min(len(bs), maxBarres)
	d.needSpace(barresHeight(bs))
	span := textW - barLabelW - barValueW
	d.font("", tableSize)
	y := f.GetY() + 1
	for _, b := range bs[:n] {
		f.SetXY(marginLeft, y)
		f.CellFormat(barLabelW-2, barH, fitWidth(f, oneLine(b.Libelle), barLabelW-2), "", 0, "R", false, 0, "")
		x := marginLeft + barLabelW
		if b.Part {
			f.SetFillColor(barTrack[0], barTrack[1], barTrack[2])
			f.Rect(x, y, span, barH, "F")
		}
		w := 0.0
		if b.Max > 0 {
			w = span * float64(b.N) / float64(b.Max)
		}
		if w > 0 {
			f.SetFillColor(barFill[0], barFill[1], barFill[2])
			f.Rect(x, y, w, barH, "F")
		}
		tx := x + w + 1.5
		if b.Part {
			tx = x + span + 1.5
		}
		f.SetXY(tx, y)
		f.CellFormat(barValueW-1.5, barH, b.Texte, "", 0, "L", false, 0, "")
		y += barH + barGap
	}
	if len(bs) > n {
		f.SetXY(marginLeft+barLabelW, y)
		d.font("I", smallSize)
		f.CellFormat(span, barH, fmt.Sprintf("… et %d autres lignes dans le tableau", len(bs)-n), "", 0, "L", false, 0, "")
		y += barH
	}
	d.font("", bodySize)
	f.SetXY(marginLeft, y+2)
}

// Bilan is the annual bilan of an académie, an organisation or a CEE.
type Bilan struct {
	Perimetre string // « Académie de Toulouse », « MEDEF Occitanie », « Jeanne Roc »
	Annee     string // « 2025-2026 »
	// Date is the date of production, printed on the cover and written in
	// the file (never the clock, for byte-stable output).
	Date     time.Time
	Chiffres []Chiffre
	Tableaux []Tableau
	// Definitions are the indicators' definitions printed at the end.
	Definitions []Chiffre
}

// BilanAnnuel writes the bilan: a cover with the académie's header, the key
// figures, one table per indicator and the glossary of definitions.
func BilanAnnuel(w io.Writer, a Academie, b Bilan) error {
	c := &checker{}
	c.text(a.Nom, "le nom de l'académie")
	c.text(b.Perimetre, "le périmètre")
	c.text(b.Annee, "l'année scolaire")
	c.date(b.Date, "la date de production")
	if err := c.err("bilan annuel"); err != nil {
		return err
	}
	title := "Bilan annuel du réseau des conseillers entreprises pour l'École"
	m := meta{
		title:   title + " – " + b.Perimetre + " – " + b.Annee,
		subject: "Bilan " + b.Annee + " : " + b.Perimetre,
		date:    b.Date,
		ref:     "Bilan " + b.Annee + " – " + b.Perimetre,
	}
	return render(w, m, func(doc *document) {
		doc.blocMarque(a)
		doc.f.Ln(30)
		doc.title(title)
		doc.subtitle(b.Perimetre)
		doc.subtitle("Année scolaire " + b.Annee)
		doc.f.Ln(10)
		doc.paragraph("Document produit le " + dateFR(b.Date) + " à partir des données du système d'information du réseau : " +
			"désignations, demandes des établissements, sollicitations et comptes rendus d'actions. Les définitions des indicateurs figurent en fin de document.")

		doc.f.AddPage()
		doc.heading("Chiffres clés")
		if len(b.Chiffres) > 0 {
			cols := []column{{title: "Indicateur", width: textW - 45, align: "L"}, {title: "Valeur", width: 45, align: "R"}}
			rows := make([]tableRow, 0, len(b.Chiffres))
			for _, ch := range b.Chiffres {
				rows = append(rows, tableRow{cells: []string{ch.Libelle, ch.Valeur}})
			}
			doc.table(cols, rows)
		}
		for _, t := range b.Tableaux {
			if len(t.Barres) > 0 && len(t.Lignes) > 0 {
				// The heading stays with its chart.
				doc.needSpace(barresHeight(t.Barres) + 2*bodyLine)
			}
			doc.heading(t.Titre)
			if len(t.Lignes) == 0 {
				doc.paragraph("Aucune donnée pour cette période.")
				continue
			}
			if len(t.Barres) > 0 {
				doc.barres(t.Barres)
			}
			n := len(t.Colonnes)
			if n == 0 {
				continue
			}
			first := textW
			other := 0.0
			if n > 1 {
				other = min(32, textW*0.5/float64(n-1))
				first = textW - other*float64(n-1)
			}
			cols := make([]column, n)
			for i, h := range t.Colonnes {
				cols[i] = column{title: h, width: other, align: "R"}
				if i == 0 {
					cols[i] = column{title: h, width: first, align: "L"}
				}
			}
			rows := make([]tableRow, 0, len(t.Lignes))
			for _, l := range t.Lignes {
				rows = append(rows, tableRow{cells: l})
			}
			doc.table(cols, rows)
		}
		if len(b.Definitions) > 0 {
			doc.f.AddPage()
			doc.heading("Définitions")
			for _, d := range b.Definitions {
				doc.heading(d.Libelle)
				doc.paragraph(d.Valeur)
			}
		}
	})
}
