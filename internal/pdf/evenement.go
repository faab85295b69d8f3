package pdf

import (
	"io"
	"strconv"
	"time"
)

// Emargement is the sign-in sheet of a network event: who registered, with
// an empty column for each person's signature on the day.
type Emargement struct {
	Titre, Type string
	Quand, Lieu string
	// Personnes are the registered people, in the order printed.
	Personnes []Emargeant
	// Date is the file's creation date; the event's start, so that the
	// output never depends on the clock.
	Date time.Time
}

// Emargeant is one line of the sheet.
type Emargeant struct {
	Nom, Qualite string // « Hélène Dupré », « CEE — MEDEF Toulouse »
}

// FeuilleEmargement writes the sign-in sheet: the académie's header, the
// event, and a table of names with an empty signature column, rows tall
// enough to sign. It returns a *ValidationError when the data is
// incomplete.
func FeuilleEmargement(w io.Writer, a Academie, e Emargement) error {
	c := &checker{}
	c.academie(a, false)
	c.text(e.Titre, "le titre de l'événement")
	c.text(e.Quand, "la date de l'événement")
	c.date(e.Date, "la date du document")
	if err := c.err("feuille d'émargement"); err != nil {
		return err
	}
	m := meta{
		title:   "Feuille d'émargement – " + e.Titre,
		subject: e.Type + " – " + e.Quand,
		date:    e.Date,
		ref:     "Feuille d'émargement – " + e.Titre,
	}
	return render(w, m, func(doc *document) {
		doc.blocMarque(a)
		doc.title("Feuille d'émargement")
		doc.subtitle(e.Titre)
		line := e.Type + " – " + e.Quand
		if e.Lieu != "" {
			line += " – " + e.Lieu
		}
		doc.paragraph(line)
		doc.paragraph(strconv.Itoa(len(e.Personnes)) + " personne(s) inscrite(s). Chaque participant signe en face de son nom.")
		cols := []column{
			{title: "N°", width: 10, align: "R"},
			{title: "Nom", width: 55, align: "L"},
			{title: "Qualité", width: 55, align: "L"},
			{title: "Signature", width: textW - 120, align: "L"},
		}
		doc.signTable(cols, e.Personnes)
	})
}

// signTable draws the sheet's table: each row at least three lines tall,
// the header repeated on every page.
func (d *document) signTable(cols []column, people []Emargeant) {
	f := d.f
	f.SetAutoPageBreak(false, marginBottom)
	defer f.SetAutoPageBreak(true, marginBottom)
	bottom := pageH - marginBottom
	d.font("B", tableSize)
	header := d.cellLines(cols, func(i int) string { return cols[i].title })
	drawHeader := func() {
		d.font("B", tableSize)
		d.color(bleuFrance)
		d.rowSegment(cols, header, 0, maxLen(header), headerFill)
		d.color([3]int{0, 0, 0})
		d.font("", tableSize)
	}
	headerH := float64(maxLen(header))*tableLine + 2*tablePadY
	if f.GetY()+headerH+3*tableLine+2*tablePadY > bottom {
		f.AddPage()
	}
	drawHeader()
	for n, p := range people {
		texts := []string{strconv.Itoa(n + 1), p.Nom, p.Qualite, ""}
		cells := d.cellLines(cols, func(i int) string { return texts[i] })
		lines := max(3, maxLen(cells))
		h := float64(lines)*tableLine + 2*tablePadY
		if f.GetY()+h > bottom {
			f.AddPage()
			drawHeader()
		}
		d.rowSegment(cols, cells, 0, lines, white)
	}
	d.font("", bodySize)
	f.Ln(paraGap)
}
