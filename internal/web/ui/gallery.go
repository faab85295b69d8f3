package ui

import (
	"strconv"

	"github.com/a-h/templ"
)

// The gallery's examples use the vocabulary of the service, so that a
// component is judged with the length and tone of its real labels.

func galleryLayout(l Layout) Layout {
	l.Title = "Composants DSFR"
	l.Breadcrumb = []BreadcrumbItem{{Label: "Accueil", Href: "/"}, {Label: "Composants DSFR"}}
	return l
}

var galleryAcademies = []Option{
	{Value: "10", Label: "Lyon"},
	{Value: "02", Label: "Aix-Marseille"},
	{Value: "06", Label: "Clermont-Ferrand"},
	{Value: "08", Label: "Grenoble"},
}

var galleryInterventions = []Option{
	{Value: "presentation", Label: "Présentation d’un métier en classe"},
	{Value: "visite", Label: "Visite d’entreprise", Hint: "Pour un groupe de 30 élèves au plus"},
	{Value: "stage", Label: "Accueil d’un élève en stage d’observation"},
	{Value: "jury", Label: "Participation à un jury d’examen"},
}

var galleryDisponibilites = []Option{
	{Value: "lundi", Label: "Lundi"},
	{Value: "mardi", Label: "Mardi"},
	{Value: "mercredi", Label: "Mercredi"},
	{Value: "jeudi", Label: "Jeudi"},
	{Value: "vendredi", Label: "Vendredi"},
}

func galleryTable() TableParams {
	row := func(uai, nom, commune string, demandes int, etat BadgeParams) []TableCell {
		return []TableCell{
			{Text: nom, Href: "/etablissements/" + uai},
			{Text: uai},
			{Text: commune},
			{Text: strconv.Itoa(demandes), Numeric: true},
			{Content: Badge(etat)},
		}
	}
	return TableParams{
		ID:         "galerie-tableau",
		Caption:    "Établissements de l’académie de Lyon ayant une demande en cours",
		Headers:    []string{"Établissement", "UAI", "Commune", "Demandes en cours", "État"},
		RowHeaders: true,
		Bordered:   true,
		Rows: [][]TableCell{
			row("0690026D", "Lycée Ampère", "Lyon 2e", 3, BadgeParams{Label: "À traiter", Kind: KindNew, Small: true}),
			row("0691664S", "Lycée professionnel Tony Garnier", "Bron", 1, BadgeParams{Label: "En cours", Kind: KindInfo, Small: true}),
			row("0010016M", "Collège Émile Cizain", "Hauteville", 0, BadgeParams{Label: "Clôturée", Kind: KindSuccess, Small: true}),
		},
	}
}

func galleryPageHref(page int) string {
	return "/dev/composants?page=" + strconv.Itoa(page)
}

func galleryModalFooter() templ.Component {
	return ButtonGroup([]ButtonParams{
		{Label: "Décliner la sollicitation", Icon: "fr-icon-close-circle-line", Type: "button"},
		{Label: "Annuler", Kind: ButtonSecondary, Type: "button", Controls: "galerie-modale"},
	})
}
