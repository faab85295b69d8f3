package pdf

import (
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
			doc.heading(t.Titre)
			if len(t.Lignes) == 0 {
				doc.paragraph("Aucune donnée pour cette période.")
				continue
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
