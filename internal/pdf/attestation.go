package pdf

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"cee/internal/model"
)

// Action is one service a CEE gave: an action, a jury sitting, a network
// event attended (model.Service).
type Action struct {
	Genre   model.GenreService // empty: model.ServiceAction
	Date    time.Time
	Libelle string // « Intervention au lycée Déodat de Séverac — découverte des métiers »
	Heures  float64
}

// nombreService writes « 3 actions », « 1 jury d'examen », « 2 événements du réseau ».
func nombreService(g model.GenreService, n int) string {
	one, many := "une action", "actions"
	switch g {
	case model.ServiceJury:
		one, many = "un jury d'examen", "jurys d'examen"
	case model.ServiceEvenement:
		one, many = "un événement du réseau", "événements du réseau"
	case model.ServiceExpertise:
		one, many = "un avis d'expertise", "avis d'expertise"
	}
	if n == 1 {
		return one
	}
	return fmt.Sprintf("%d %s", n, many)
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
		if g := genreOf(ac); g.Label() == "" {
			c.add("le genre « " + string(g) + " » est inconnu")
		}
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

	civ := at.Civilite
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
	qualite := "en qualité de " + model.Accorde(civ, "conseiller", "conseillère") + " entreprises pour l'École"
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
		doc.paragraph(soussigne + ", " + sign + ", atteste que " + qui + " a été " + model.Accorde(civ, "désigné", "désignée") +
			" " + model.Accorde(civ, "conseiller", "conseillère") + " entreprises pour l'École par arrêté du recteur de l'académie " +
			deAcademie(a.Nom) + ", en application de l'article D.331-67 du code de l'éducation, pour un mandat " +
			"courant du " + dateFR(at.Debut) + " au " + dateFR(at.Fin) + ".")

		periode := "du " + dateFR(at.PeriodeDebut) + " au " + dateFR(at.PeriodeFin)
		if len(actions) == 0 {
			doc.paragraph("Aucune action, aucun jury d'examen, événement du réseau ni avis d'expertise n'a été enregistré au titre de cette mission " + periode + ".")
		} else {
			doc.paragraph("Au titre de cette mission, " + model.Accorde(civ, "l'intéressé", "l'intéressée") +
				" a servi " + periode + " comme suit" + nbsp + ":")
			cols := []column{
				{title: "Date", width: 33, align: "L"},
				{title: "Objet", width: textW - 33 - 26, align: "L"},
				{title: "Durée", width: 26, align: "R"},
			}
			// One table per kind of service (actions, juries, events), each
			// with its total: the employer sees the hours of each.
			var resume []string
			for _, g := range model.GenresService() {
				var rows []tableRow
				n, sub := 0, 0.0
				for _, ac := range actions {
					if genreOf(ac) != g {
						continue
					}
					rows = append(rows, tableRow{cells: []string{dateFR(ac.Date), ac.Libelle, hoursShort(ac.Heures)}})
					n++
					sub += ac.Heures
				}
				if n == 0 {
					continue
				}
				rows = append(rows, tableRow{cells: []string{"", "Total " + strings.ToLower(g.Label()), hoursFR(sub)}, bold: true})
				doc.heading(g.Label())
				doc.table(cols, rows)
				resume = append(resume, nombreService(g, n)+" ("+hoursFR(sub)+")")
			}
			liste := resume[0]
			if len(resume) > 1 {
				liste = strings.Join(resume[:len(resume)-1], ", ") + " et " + resume[len(resume)-1]
			}
			doc.paragraph("Soit " + liste + ", pour un total de " + hoursFR(total) + " sur la période.")
		}
		doc.paragraph(benevolat)
		doc.paragraph("La présente attestation est délivrée à " + model.Accorde(civ, "l'intéressé", "l'intéressée") +
			" pour servir et valoir ce que de droit, notamment auprès de son employeur.")
		doc.signature(a.Ville, issued, sign)
	})
}

func genreOf(a Action) model.GenreService {
	if a.Genre == "" {
		return model.ServiceAction
	}
	return a.Genre
}
