package pdf

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"
)

// Action is one action carried out by a CEE.
type Action struct {
	Date    time.Time
	Libelle string // « Intervention au lycée Déodat de Séverac — découverte des métiers »
	Heures  float64
}

// Attestation is what the académie certifies to a CEE's employer: the
// mandate, and the actions of a period with their total duration.
type Attestation struct {
	Civilite, Prenom, Nom string
	Employeur             string
	Debut, Fin            time.Time // mandate
	// PeriodeDebut and PeriodeFin bound the actions listed, inclusive.
	PeriodeDebut, PeriodeFin time.Time
	// Actions may hold more than the period: only those inside it are
	// listed and counted, in date order.
	Actions []Action
	// Signataire is who signs, free text: « Mme Claire Martin, déléguée
	// académique à la formation professionnelle initiale et continue ».
	Signataire string
	// Date is the date of issue (« Fait à …, le … ») and the file's
	// creation date; PeriodeFin when zero, so that the output never
	// depends on the clock.
	Date time.Time
}

// AttestationEngagement writes the attestation a CEE hands to their
// employer: the designation and its mandate, the actions of the period in
// a table, their total in hours, the unpaid nature of the function. It
// returns a *ValidationError, and writes nothing, when the data is
// incomplete or inconsistent.
func AttestationEngagement(w io.Writer, a Academie, at Attestation) error {
	c := &checker{}
	c.academie(a, false)
	c.text(at.Prenom, "le prénom")
	c.text(at.Nom, "le nom")
	c.date(at.Debut, "la date de début du mandat")
	c.date(at.Fin, "la date de fin du mandat")
	c.order(at.Debut, at.Fin, "la fin du mandat ("+dateFR(at.Fin)+") précède son début ("+dateFR(at.Debut)+")")
	c.date(at.PeriodeDebut, "le début de la période attestée")
	c.date(at.PeriodeFin, "la fin de la période attestée")
	c.order(at.PeriodeDebut, at.PeriodeFin,
		"la fin de la période ("+dateFR(at.PeriodeFin)+") précède son début ("+dateFR(at.PeriodeDebut)+")")
	c.text(at.Signataire, "le signataire")
	for i, ac := range at.Actions {
		c.prefix = fmt.Sprintf("action n°%s%d%s: ", nbsp, i+1, nbsp)
		c.date(ac.Date, "la date")
		c.text(ac.Libelle, "le libellé")
		if math.IsNaN(ac.Heures) || math.IsInf(ac.Heures, 0) || ac.Heures <= 0 {
			c.add("la durée doit être un nombre d'heures positif")
		}
	}
	c.prefix = ""
	if err := c.err("attestation"); err != nil {
		return err
	}

	fem := feminine(at.Civilite)
	nom := fullName(at.Civilite, at.Prenom, at.Nom)
	issued := at.Date
	if issued.IsZero() {
		issued = at.PeriodeFin
	}
	from, to := calendarDay(at.PeriodeDebut), calendarDay(at.PeriodeFin)
	var actions []Action
	total := 0.0
	for _, ac := range at.Actions {
		if d := calendarDay(ac.Date); !d.Before(from) && !d.After(to) {
			actions = append(actions, ac)
			total += ac.Heures
		}
	}
	sort.SliceStable(actions, func(i, j int) bool { return actions[i].Date.Before(actions[j].Date) })

	title := "Attestation d'engagement"
	qualite := "en qualité de " + agree(fem, "conseiller", "conseillère") + " entreprises pour l'École"
	m := meta{
		title:   title + " " + qualite,
		subject: "Engagement de " + nom + " du " + dateFR(at.PeriodeDebut) + " au " + dateFR(at.PeriodeFin),
		date:    issued,
		ref:     "Attestation d'engagement – " + nom + " – Académie " + deAcademie(a.Nom),
	}
	return render(w, m, func(doc *document) {
		doc.blocMarque(a)
		doc.title(title)
		doc.subtitle(qualite)

		sign := trimPunct(at.Signataire)
		soussigne := "Je soussigné(e)"
		switch {
		case strings.HasPrefix(sign, "Mme ") || strings.HasPrefix(sign, "Madame "):
			soussigne = "Je soussignée"
		case strings.HasPrefix(sign, "M. ") || strings.HasPrefix(sign, "Monsieur "):
			soussigne = "Je soussigné"
		}
		qui := nom
		if e := oneLine(at.Employeur); e != "" {
			qui += " (employeur" + nbsp + ": " + e + ")"
		}
		doc.paragraph(soussigne + ", " + sign + ", atteste que " + qui + " a été " + agree(fem, "désigné", "désignée") +
			" " + agree(fem, "conseiller", "conseillère") + " entreprises pour l'École par arrêté du recteur de l'académie " +
			deAcademie(a.Nom) + ", en application de l'article D.331-67 du code de l'éducation, pour un mandat " +
			"courant du " + dateFR(at.Debut) + " au " + dateFR(at.Fin) + ".")

		periode := "du " + dateFR(at.PeriodeDebut) + " au " + dateFR(at.PeriodeFin)
		if len(actions) == 0 {
			doc.paragraph("Aucune action n'a été enregistrée au titre de cette mission " + periode + ".")
		} else {
			doc.paragraph("Au titre de cette mission, " + agree(fem, "l'intéressé", "l'intéressée") +
				" a réalisé " + periode + " les actions suivantes" + nbsp + ":")
			cols := []column{
				{title: "Date", width: 33, align: "L"},
				{title: "Action", width: textW - 33 - 26, align: "L"},
				{title: "Durée", width: 26, align: "R"},
			}
			rows := make([]tableRow, 0, len(actions)+1)
			for _, ac := range actions {
				rows = append(rows, tableRow{cells: []string{dateFR(ac.Date), ac.Libelle, hoursShort(ac.Heures)}})
			}
			rows = append(rows, tableRow{cells: []string{"", "Total", hoursFR(total)}, bold: true})
			doc.table(cols, rows)
			n := "une action"
			if len(actions) > 1 {
				n = fmt.Sprintf("%d actions", len(actions))
			}
			doc.paragraph("Soit " + n + " pour un total de " + hoursFR(total) + " sur la période.")
		}
		doc.paragraph(benevolat)
		doc.paragraph("La présente attestation est délivrée à " + agree(fem, "l'intéressé", "l'intéressée") +
			" pour servir et valoir ce que de droit, notamment auprès de son employeur.")
		doc.signature(a.Ville, issued, sign)
	})
}
