package pdf

import (
	"fmt"
	"io"
	"time"
)

// Convention is the draft of a convention between the recteur and an
// organisation (Code de l'éducation D.331-66), with its objectives, to be
// printed, signed and uploaded back once signed.
type Convention struct {
	Organisation string
	Reference    string // "" until the académie gives one
	Debut, Fin   time.Time
	DureeMois    int
	ObjectifCEE  int    // 0: not set
	Secteurs     string // "" : not set
	// PartEmployeurs is the share of employers among the CEE, in percent;
	// negative: not set.
	PartEmployeurs int
	Objectifs      string // free text, one paragraph a line
	Date           time.Time
}

// ConventionProjet writes the draft convention: parties, purpose, the
// objectives (number of CEE, sectors, employers/employees balance),
// duration, follow-up and signatures. It returns a *ValidationError, and
// writes nothing, when the data cannot make a draft.
func ConventionProjet(w io.Writer, a Academie, c Convention) error {
	ck := &checker{}
	ck.academie(a, true)
	ck.text(c.Organisation, "l'organisation signataire")
	ck.date(c.Debut, "la date de début")
	ck.date(c.Fin, "la date de fin")
	ck.order(c.Debut, c.Fin, "la fin de la convention ("+dateFR(c.Fin)+") précède son début ("+dateFR(c.Debut)+")")
	if err := ck.err("projet de convention"); err != nil {
		return err
	}
	org := oneLine(c.Organisation)
	title := "Convention relative aux conseillers entreprises pour l'École"
	ref := "Projet de convention – " + org
	if r := oneLine(c.Reference); r != "" {
		ref = "Convention réf." + nbsp + r + " – projet"
	}
	m := meta{title: plain(title), subject: plain("Convention entre l'académie " + deAcademie(a.Nom) + " et " + org), date: c.Date, ref: plain(ref)}
	return render(w, m, func(doc *document) {
		doc.blocMarque(a)
		doc.title(title)
		doc.subtitle("PROJET" + nbsp + "– à signer par les deux parties")
		doc.paragraph("Vu le code de l'éducation, notamment ses articles D.331-65 à D.331-67" + nbsp + ";")
		doc.paragraph("Entre " + trimPunct(a.Recteur) + ", d'une part,")
		doc.paragraph("et l'organisation " + org + ", d'autre part,")
		doc.paragraph("il est convenu ce qui suit" + nbsp + ":")

		doc.heading("Article 1er – Objet")
		doc.paragraph("La présente convention fixe les objectifs et les conditions dans lesquelles l'organisation " + org +
			" propose au recteur des conseillers entreprises pour l'École et accompagne leur action (article D.331-66 du code de l'éducation).")

		doc.heading("Article 2 – Objectifs")
		if c.ObjectifCEE > 0 {
			doc.paragraph(fmt.Sprintf("L'organisation s'attache à proposer et à maintenir en fonction %d conseiller(s) entreprises pour l'École.", c.ObjectifCEE))
		}
		if s := oneLine(c.Secteurs); s != "" {
			doc.paragraph("Secteurs d'activité couverts" + nbsp + ": " + s + ".")
		}
		if c.PartEmployeurs >= 0 {
			doc.paragraph(fmt.Sprintf("Équilibre recherché entre employeurs et salariés"+nbsp+": %d"+nbsp+"%% d'employeurs et %d"+nbsp+"%% de salariés.",
				c.PartEmployeurs, 100-c.PartEmployeurs))
		}
		for _, p := range paragraphs(c.Objectifs) {
			doc.paragraph(p)
		}

		doc.heading("Article 3 – Durée")
		doc.paragraph(fmt.Sprintf("La présente convention est conclue pour une durée de %d mois, du %s au %s inclus.", c.DureeMois, dateFR(c.Debut), dateFR(c.Fin)))

		doc.heading("Article 4 – Suivi")
		doc.paragraph("Chaque année scolaire, les parties font le point sur les objectifs de l'article 2 au vu de l'activité des conseillers " +
			"proposés par l'organisation" + nbsp + ": actions menées, participations aux jurys, événements du réseau.")

		doc.heading("Article 5 – Bénévolat")
		doc.paragraph(benevolat)

		doc.signature(a.Ville, c.Date, a.Recteur)
		doc.signature(a.Ville, c.Date, "Pour l'organisation "+org)
	})
}
