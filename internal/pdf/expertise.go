package pdf

import (
	"io"
	"time"

	"cee/internal/model"
)

// AvisExpertise is an opinion a CEE gave on a request, as it is kept and
// handed to the asker (inspection, school, recteur's advisers).
type AvisExpertise struct {
	Civilite, Prenom, Nom string
	Employeur             string
	Demandeur             string // « M. Paul Durand (Inspection) »
	Sujet, Objet          string
	Question              string
	Texte                 string
	Heures                float64
	Annexe                string // the name of the attached file, if any
	RenduLe               time.Time
}

// AvisExpertiseDocument writes the opinion signed off by its author: the
// request, the opinion in the author's words, who gave it and when. It
// returns a *ValidationError, and writes nothing, when data is missing.
func AvisExpertiseDocument(w io.Writer, a Academie, av AvisExpertise) error {
	c := &checker{}
	c.academie(a, false)
	c.text(av.Prenom, "le prénom")
	c.text(av.Nom, "le nom")
	c.text(av.Objet, "l'objet")
	c.text(av.Texte, "l'avis")
	c.date(av.RenduLe, "la date de l'avis")
	if err := c.err("avis d'expertise"); err != nil {
		return err
	}
	nom := fullName(av.Civilite, av.Prenom, av.Nom)
	qualite := model.Accorde(av.Civilite, "conseiller", "conseillère") + " entreprises pour l'École"
	m := meta{
		title:   "Avis d'expertise – " + oneLine(av.Objet),
		subject: "Avis de " + nom + ", " + qualite + ", du " + dateFR(av.RenduLe),
		date:    av.RenduLe,
		ref:     "Avis d'expertise – " + nom + " – Académie " + deAcademie(a.Nom),
	}
	return render(w, m, func(doc *document) {
		doc.blocMarque(a)
		doc.title("Avis d'expertise")
		doc.subtitle(oneLine(av.Objet))
		doc.heading("Demande")
		if av.Demandeur != "" {
			doc.paragraph("Demandé par " + oneLine(av.Demandeur) + ". Sujet" + nbsp + ": " + av.Sujet + ".")
		}
		for _, p := range model.Paragraphes(av.Question) {
			doc.paragraph(p)
		}
		doc.heading("Avis")
		for _, p := range model.Paragraphes(av.Texte) {
			doc.paragraph(p)
		}
		if av.Annexe != "" {
			doc.paragraph("Pièce jointe" + nbsp + ": " + oneLine(av.Annexe) + ".")
		}
		qui := nom + ", " + qualite
		if e := oneLine(av.Employeur); e != "" {
			qui += " (" + e + ")"
		}
		doc.paragraph("Avis rendu à titre bénévole par " + qui + ", désigné" + model.Accorde(av.Civilite, "", "e") +
			" par arrêté du recteur de l'académie " + deAcademie(a.Nom) + " (code de l'éducation, D.331-67), le " + dateFR(av.RenduLe) +
			", après " + hoursFR(av.Heures) + " de travail. Il éclaire la décision sans l'engager.")
		doc.signature(a.Ville, av.RenduLe, nom)
	})
}
