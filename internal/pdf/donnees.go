package pdf

import (
	"io"
	"time"
)

// SectionDonnees is one kind of data held about a person: a title and
// rows of named values.
type SectionDonnees struct {
	Titre    string
	Colonnes []string
	Lignes   [][]string
}

// Donnees is what a person downloads of their data (RGPD art. 15): the
// same sections as the JSON export, readable.
type Donnees struct {
	Nom      string // « Prénom Nom » or the address
	Date     time.Time
	Sections []SectionDonnees
}

// DonneesPersonnelles writes the data held about a person, section by
// section, each record as a two-column table of its non-empty fields.
func DonneesPersonnelles(w io.Writer, a Academie, d Donnees) error {
	m := meta{
		title:   "Vos données personnelles",
		subject: "Données personnelles de " + oneLine(d.Nom),
		date:    d.Date,
		ref:     "Données personnelles – " + oneLine(d.Nom) + " – " + dateFR(d.Date),
	}
	return render(w, m, func(doc *document) {
		if a.Nom != "" {
			doc.blocMarque(a)
		}
		doc.title("Vos données personnelles")
		doc.subtitle("Réseau des conseillers entreprises pour l'École")
		doc.paragraph("Ce document rassemble les données que le service tient sur " + oneLine(d.Nom) + " au " + dateFR(d.Date) +
			" (article 15 du règlement général sur la protection des données). La même chose est disponible au format JSON.")
		if len(d.Sections) == 0 {
			doc.paragraph("Aucune donnée.")
		}
		cols := []column{{title: "Champ", width: 48, align: "L"}, {title: "Valeur", width: textW - 48, align: "L"}}
		for _, s := range d.Sections {
			doc.heading(s.Titre)
			for _, l := range s.Lignes {
				var rows []tableRow
				for j, v := range l {
					if v == "" || j >= len(s.Colonnes) {
						continue
					}
					rows = append(rows, tableRow{cells: []string{s.Colonnes[j], v}})
				}
				if len(rows) == 0 {
					continue
				}
				doc.table(cols, rows)
				doc.f.Ln(2)
			}
		}
		doc.notice("Pour faire rectifier ou effacer ces données, ou vous opposer à leur traitement : « Mon compte » du service, " +
			"ou le pilote de votre académie, ou le délégué à la protection des données du ministère de l'Éducation nationale. " +
			"Réclamation possible auprès de la CNIL (www.cnil.fr).")
	})
}
