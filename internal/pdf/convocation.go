package pdf

import (
	"io"
	"strings"
	"time"

	"cee/internal/model"
)

// Seance is one jury a person is convened to: the diploma, the centre, the
// half-days.
type Seance struct {
	Jury     string   // the jury's code
	Diplome  string   // « CAP Boulanger »
	Centre   string   // the exam centre's name
	Adresse  string   // its postal address and commune
	Creneaux []string // « lundi 14 juin 2027, matin, de 9 h à 12 h », one a half-day
}

// Convocation convenes a professional to the juries of a session. It is
// also their « ordre de mission »: it names each jury, its place and hours,
// and how expenses are claimed (Frais, the académie's own procedure).
type Convocation struct {
	Civilite, Prenom, Nom string
	Session               string // « Session de juin 2027 »
	Seances               []Seance
	Frais                 string // the expenses procedure; one paragraph a line
	Signataire            string
	Date                  time.Time
}

// ConvocationJury writes a person's convocation to the juries of an exam
// session, valid as their ordre de mission: for each jury the diploma, the
// centre with its address, the date and hours of each half-day; then the
// expenses procedure.
func ConvocationJury(w io.Writer, a Academie, c Convocation) error {
	ch := &checker{}
	ch.academie(a, false)
	ch.text(c.Nom, "le nom")
	ch.text(c.Session, "la session")
	ch.text(c.Signataire, "le signataire")
	if len(c.Seances) == 0 {
		ch.add("aucun jury")
	}
	for _, s := range c.Seances {
		if len(s.Creneaux) == 0 {
			ch.add("jury " + s.Jury + " sans demi-journée")
		}
	}
	if err := ch.err("convocation"); err != nil {
		return err
	}
	nom := fullName(c.Civilite, c.Prenom, c.Nom)
	m := meta{title: "Convocation aux jurys d'examen valant ordre de mission", subject: c.Session + " – " + nom, date: c.Date,
		ref: "Convocation – " + nom + " – " + c.Session}
	return render(w, m, func(doc *document) {
		doc.blocMarque(a)
		doc.title("Convocation valant ordre de mission")
		doc.subtitle("aux jurys d'examen – " + c.Session)
		doc.paragraph(nom + " est " + model.Accorde(c.Civilite, "convoqué", "convoquée") + " pour siéger, en qualité de membre professionnel, " +
			"dans les jurys suivants" + nbsp + ":")
		for _, s := range c.Seances {
			doc.heading("Jury " + oneLine(s.Diplome) + " (n° " + oneLine(s.Jury) + ")")
			centre := oneLine(s.Centre)
			if s.Adresse != "" {
				centre += ", " + oneLine(s.Adresse)
			}
			doc.paragraph("Centre d'examen" + nbsp + ": " + centre)
			for _, h := range s.Creneaux {
				doc.paragraph("– " + oneLine(h))
			}
		}
		doc.heading("Frais de déplacement et de repas")
		frais := strings.TrimSpace(c.Frais)
		if frais == "" {
			frais = "Les frais sont remboursés selon la procédure de l'académie : renseignez-vous auprès de la division des examens et concours."
		}
		for _, l := range paragraphs(frais) {
			doc.paragraph(l)
		}
		doc.paragraph("Merci de confirmer votre présence, ou de signaler un empêchement, avec le lien reçu par courriel. " +
			"Votre participation est inscrite sur la liste du jury arrêtée par le recteur : seuls les membres qui siègent effectivement y figurent.")
		doc.signature(a.Ville, c.Date, c.Signataire)
	})
}

// MembreArrete is one professional member listed in a jury's arrêté.
type MembreArrete struct {
	Nom     string
	College string // « employeur », « salarié »
	Statut  string // « convoqué », « présent »…
}

// ArreteJury writes the arrêté constituting one jury: the diploma, the
// centre, the half-days and its professional members (the list must match
// who actually sat: domain brief §4).
func ArreteJury(w io.Writer, a Academie, numero, jury, diplome, centre, creneaux string, date time.Time, membres []MembreArrete) error {
	ch := &checker{}
	ch.academie(a, true)
	ch.text(numero, "le numéro de l'arrêté")
	ch.text(jury, "le jury")
	if len(membres) == 0 {
		ch.add("aucun membre")
	}
	if err := ch.err("arrêté de jury"); err != nil {
		return err
	}
	title := "Arrêté n°" + nbsp + oneLine(numero) + " portant composition du jury " + oneLine(jury)
	m := meta{title: plain(title), subject: diplome + " – " + centre, date: date, ref: plain("Jury " + jury + " – Académie " + deAcademie(a.Nom))}
	cols := []column{{title: "Membre professionnel", width: 70, align: "L"}, {title: "Collège", width: 40, align: "L"}, {title: "Situation", width: textW - 110, align: "L"}}
	var rows []tableRow
	for _, x := range membres {
		rows = append(rows, tableRow{cells: []string{oneLine(x.Nom), x.College, x.Statut}})
	}
	return render(w, m, func(doc *document) {
		doc.blocMarque(a)
		doc.title(title)
		doc.opening(a)
		doc.paragraph("Vu le code de l'éducation, notamment ses dispositions relatives aux jurys des diplômes professionnels" + nbsp + ";")
		doc.centered("Arrête" + nbsp + ":")
		doc.heading("Article 1er")
		doc.paragraph("Le jury " + oneLine(jury) + " du " + oneLine(diplome) + ", qui siège au centre d'examen " + oneLine(centre) +
			" (" + creneaux + "), comprend les membres professionnels suivants" + nbsp + ":")
		doc.table(cols, rows)
		doc.lastArticle("Article 2", "Le présent arrêté sera notifié aux intéressés.", a.Recteur)
		doc.signature(a.Ville, date, a.Recteur)
	})
}
