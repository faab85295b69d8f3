package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"cee/internal/model"
)

// Academie is the académie whose recteur signs the documents.
type Academie struct {
	Code string // « 16 »; not printed, the name is
	Nom  string // « Toulouse »: printed « Académie de Toulouse »
	// Ville is where the arrêtés are signed: « Fait à Toulouse, le … ».
	Ville string
	// Recteur is the signing authority as it opens the arrêté and signs it,
	// free text: « La rectrice de l'académie de Toulouse ».
	Recteur string
}

// Designation is one CEE designated by the recteur (Code de l'éducation
// D.331-67), with what the arrêté must state.
type Designation struct {
	Civilite, Prenom, Nom string // « Mme », « Hélène », « Dupré »
	Employeur             string // employer, or the person's own business
	Statut                string // employeur, salarié, artisan
	Organisation          string // professional organisation that proposed the person
	Mission               string // mission entrusted, free text; one paragraph a line
	Territoire            string // « départements 31, 32 »; empty: the whole académie
	Debut, Fin            time.Time
	NumeroArrete          string
	DateArrete            time.Time
	// ConventionLe and ConventionRef are the date of signature and the
	// reference of the convention with the organisation in force on Debut
	// (D.331-66); a zero ConventionLe: there was none, and the arrêté cites
	// none.
	ConventionLe  time.Time
	ConventionRef string
}

// visaConvention is the visa citing d's convention, "" without one.
func visaConvention(d Designation) string {
	if d.ConventionLe.IsZero() {
		return ""
	}
	v := "Vu la convention conclue le " + dateFR(d.ConventionLe) + " avec l'organisation " + oneLine(d.Organisation)
	if ref := oneLine(d.ConventionRef); ref != "" {
		v += " (réf." + nbsp + ref + ")"
	}
	return v + ", en application de l'article D.331-66 du code de l'éducation" + nbsp + ";"
}

// The legal basis quoted in every arrêté: D.331-65 (mission), D.331-66
// (convention with the organisations), D.331-67 (designation).
const (
	visaCode  = "Vu le code de l'éducation, notamment ses articles D.331-65 à D.331-67" + nbsp + ";"
	benevolat = "Les fonctions de conseiller entreprises pour l'École sont exercées à titre bénévole."
	recours   = "Voies et délais de recours" + nbsp + ": le présent arrêté peut faire l'objet d'un recours gracieux " +
		"auprès de l'autorité signataire ou d'un recours contentieux devant le tribunal administratif " +
		"territorialement compétent dans un délai de deux mois à compter de sa notification ou de sa publication."
)

// ArreteIndividuel writes the arrêté designating one CEE: visas, five
// articles (designation and mission, territory, mandate, unpaid function,
// execution), place, date and signatory. It returns a *ValidationError,
// and writes nothing, when the data cannot make a valid act.
func ArreteIndividuel(w io.Writer, a Academie, d Designation) error {
	c := &checker{}
	c.academie(a, true)
	c.text(d.NumeroArrete, "le numéro de l'arrêté")
	c.date(d.DateArrete, "la date de l'arrêté")
	checkDesignation(c, d)
	c.text(d.Mission, "la mission confiée")
	if err := c.err("arrêté individuel"); err != nil {
		return err
	}

	civ := d.Civilite
	nom := fullName(d.Civilite, d.Prenom, d.Nom)
	org := oneLine(d.Organisation)
	numero := oneLine(d.NumeroArrete)
	title := "Arrêté n°" + nbsp + numero + " portant désignation d'un conseiller entreprises pour l'École"
	m := meta{
		title:   plain(title),
		subject: "Désignation de " + nom + " (" + org + ")",
		date:    d.DateArrete,
		ref:     plain("Arrêté n°" + nbsp + numero + " – Académie " + deAcademie(a.Nom)),
	}
	return render(w, m, func(doc *document) {
		doc.blocMarque(a)
		doc.title(title)
		doc.opening(a)
		doc.paragraph(visaCode)
		if v := visaConvention(d); v != "" {
			doc.paragraph(v)
		}
		doc.paragraph("Vu la proposition de l'organisation " + org + nbsp + ";")
		doc.centered("Arrête" + nbsp + ":")

		doc.heading("Article 1er")
		doc.paragraph(nom + qualite(d.Statut, d.Employeur, model.Feminin(civ)) + " est " + model.Accorde(civ, "désigné", "désignée") + " " +
			model.Accorde(civ, "conseiller", "conseillère") + " entreprises pour l'École, sur proposition de l'organisation " +
			org + ", pour la mission suivante" + nbsp + ":")
		for _, p := range paragraphs(d.Mission) {
			doc.paragraphAt(marginLeft+8, textW-8, p, "J")
		}

		doc.heading("Article 2")
		doc.paragraph(nom + " exerce sa mission sur le territoire suivant" + nbsp + ": " + territoire(d.Territoire, a) + ".")

		doc.heading("Article 3")
		doc.paragraph("Le mandat de " + nom + " court du " + dateFR(d.Debut) + " au " + dateFR(d.Fin) + " inclus.")

		doc.heading("Article 4")
		doc.paragraph(benevolat)

		copie := "à l'organisation " + org
		if oneLine(d.Employeur) != "" {
			copie = "à son employeur et " + copie
		}
		doc.lastArticle("Article 5", "Le secrétaire général de l'académie "+deAcademie(a.Nom)+
			" est chargé de l'exécution du présent arrêté, qui sera notifié à "+
			model.Accorde(civ, "l'intéressé", "l'intéressée")+" et dont copie sera adressée "+copie+".", a.Recteur)

		doc.signature(a.Ville, d.DateArrete, a.Recteur)
		doc.notice(recours)
	})
}

// ArreteCollectif writes one arrêté designating every CEE of ds on the same
// date: the designations are a table (person, organisation, employer,
// territory, end of mandate) in the order given, paginated with its header
// repeated on every page. It returns a *ValidationError naming each
// incomplete designation, and writes nothing, when the data cannot make a
// valid act.
func ArreteCollectif(w io.Writer, a Academie, numero string, date time.Time, ds []Designation) error {
	c := &checker{}
	c.academie(a, true)
	c.text(numero, "le numéro de l'arrêté")
	c.date(date, "la date de l'arrêté")
	if len(ds) == 0 {
		c.add("aucune désignation n'est jointe à l'arrêté")
	}
	for i, d := range ds {
		c.prefix = fmt.Sprintf("désignation n°%s%d", nbsp, i+1)
		if n := oneLine(d.Nom); n != "" {
			c.prefix += " (" + n + ")"
		}
		c.prefix += nbsp + ": "
		checkDesignation(c, d)
	}
	c.prefix = ""
	if err := c.err("arrêté collectif"); err != nil {
		return err
	}

	numero = oneLine(numero)
	title := "Arrêté n°" + nbsp + numero + " portant désignation des conseillers entreprises pour l'École"
	m := meta{
		title:   plain(title),
		subject: fmt.Sprintf("Désignation de %d conseillers entreprises pour l'École", len(ds)),
		date:    date,
		ref:     plain("Arrêté n°" + nbsp + numero + " – Académie " + deAcademie(a.Nom)),
	}

	// One start date for all, the usual case of a collective renewal, is
	// said once in the article; otherwise each row shows its own mandate.
	sameStart := true
	for _, d := range ds[1:] {
		if !calendarDay(d.Debut).Equal(calendarDay(ds[0].Debut)) {
			sameStart = false
		}
	}
	// Numeric dates keep the last column narrow; the article above says
	// the same dates in words.
	cols := []column{
		{title: "Conseiller", width: 40, align: "L"},
		{title: "Organisation qui propose", width: 36, align: "L"},
		{title: "Employeur", width: 36, align: "L"},
		{title: "Territoire", width: 34, align: "L"},
		{title: "Fin du mandat", width: textW - 146, align: "L"},
	}
	if !sameStart {
		// « du 01/03/2027 au 28/02/2033 » on two lines.
		cols[3].width, cols[4].width, cols[4].title = 30, textW-142, "Mandat"
	}
	rows := make([]tableRow, len(ds))
	for i, d := range ds {
		mandat := dateShort(d.Fin)
		if !sameStart {
			mandat = "du " + dateShort(d.Debut) + " au " + dateShort(d.Fin)
		}
		employeur := oneLine(d.Employeur)
		if s := statutAgreed(d.Statut, model.Feminin(d.Civilite)); s != "" {
			employeur = strings.TrimSpace(employeur + " (" + s + ")")
		}
		rows[i] = tableRow{cells: []string{
			fullName(d.Civilite, d.Prenom, d.Nom),
			oneLine(d.Organisation),
			employeur,
			territoire(d.Territoire, a),
			mandat,
		}}
	}

	return render(w, m, func(doc *document) {
		doc.blocMarque(a)
		doc.title(title)
		doc.opening(a)
		doc.paragraph(visaCode)
		// Each convention in force is cited once, in the order of the table.
		seen := map[string]bool{}
		for _, d := range ds {
			if v := visaConvention(d); v != "" && !seen[v] {
				seen[v] = true
				doc.paragraph(v)
			}
		}
		doc.paragraph("Vu les propositions des organisations mentionnées à l'article 1er" + nbsp + ";")
		doc.centered("Arrête" + nbsp + ":")

		doc.heading("Article 1er")
		// « Les 1 personnes » would not do.
		who := fmt.Sprintf("Les %d personnes figurant dans le tableau ci-dessous sont désignées conseillers", len(ds))
		if len(ds) == 1 {
			who = "La personne figurant dans le tableau ci-dessous est désignée conseiller"
		}
		if sameStart {
			doc.paragraph(who + " entreprises pour l'École à compter du " + dateFR(ds[0].Debut) +
				", sur proposition de l'organisation indiquée, pour le territoire et jusqu'à la date de fin " +
				"de mandat mentionnés" + nbsp + ":")
		} else {
			doc.paragraph(who + " entreprises pour l'École, sur proposition de l'organisation indiquée, " +
				"pour le territoire et la durée de mandat mentionnés" + nbsp + ":")
		}
		doc.table(cols, rows)

		doc.heading("Article 2")
		doc.paragraph(benevolat)

		doc.lastArticle("Article 3", "Le secrétaire général de l'académie "+deAcademie(a.Nom)+
			" est chargé de l'exécution du présent arrêté, qui sera notifié aux intéressés et dont copie "+
			"sera adressée à leur employeur et aux organisations qui les ont proposés.", a.Recteur)

		doc.signature(a.Ville, date, a.Recteur)
		doc.notice(recours)
	})
}

// checkDesignation checks what every arrêté states about a person.
func checkDesignation(c *checker, d Designation) {
	c.text(d.Prenom, "le prénom")
	c.text(d.Nom, "le nom")
	c.text(d.Organisation, "l'organisation qui propose")
	c.date(d.Debut, "la date de début du mandat")
	c.date(d.Fin, "la date de fin du mandat")
	c.order(d.Debut, d.Fin, "la fin du mandat ("+dateFR(d.Fin)+") précède son début ("+dateFR(d.Debut)+")")
}

// opening prints the signing authority that opens the act, in bold,
// followed by a comma as in « La rectrice de l'académie de Toulouse, ».
func (d *document) opening(a Academie) {
	d.font("B", bodySize)
	d.paragraph(trimPunct(a.Recteur) + ",")
	d.font("", bodySize)
}

// qualite is what follows the name in article 1: « (salariée, Airbus) »;
// nothing when neither is known.
func qualite(statut, employeur string, fem bool) string {
	var parts []string
	if s := statutAgreed(statut, fem); s != "" {
		parts = append(parts, s)
	}
	if e := oneLine(employeur); e != "" {
		parts = append(parts, e)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// territoire is the territory as written in the act, the whole académie
// when none is given.
func territoire(t string, a Academie) string {
	if t = trimPunct(t); t != "" {
		return t
	}
	return "l'ensemble de l'académie " + deAcademie(a.Nom)
}

// plain replaces no-break spaces by spaces, for the PDF metadata that
// viewers show in a single line anyway.
func plain(s string) string {
	return strings.ReplaceAll(s, nbsp, " ")
}
