package ui

import "strconv"

// errorText is what an error page says for a status.
type errorText struct {
	Title string
	// Lead says what happened, Advice what the user can do about it.
	Lead, Advice string
	// Pictogram is the DSFR artwork shown beside the text.
	Pictogram string
}

const (
	pictogramTechnical = "dsfr/artwork/pictograms/system/technical-error.svg"
	pictogramPadlock   = "dsfr/artwork/pictograms/system/padlock.svg"
	pictogramLost      = "dsfr/artwork/pictograms/system/connection-lost.svg"
)

func errorTextFor(status int) errorText {
	switch status {
	case 400:
		return errorText{"Demande incorrecte",
			"La demande envoyée au service est incomplète ou mal formée.",
			"Revenez à la page précédente et recommencez. Si vous avez suivi un lien, il est peut-être incomplet : repartez de la page d’accueil.",
			pictogramTechnical}
	case 403:
		return errorText{"Accès refusé",
			"Vous n’avez pas le droit d’accéder à cette page ou d’effectuer cette action.",
			"Si vous pensez devoir y accéder, vérifiez que vous êtes connecté avec le bon compte, ou demandez l’accès au conseiller entreprises pour l’École de votre académie.",
			pictogramPadlock}
	case 404:
		return errorText{"Page non trouvée",
			"La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée.",
			"Si vous avez tapé l’adresse web dans le navigateur, vérifiez qu’elle est correcte. La page n’est peut-être plus disponible : vous pouvez repartir de la page d’accueil.",
			pictogramTechnical}
	case 413:
		return errorText{"Envoi trop volumineux",
			"Les données envoyées dépassent la taille acceptée par ce formulaire.",
			"Revenez au formulaire et envoyez un fichier plus petit, ou découpez-le en plusieurs fichiers.",
			pictogramTechnical}
	case 422:
		return errorText{"Informations non valides",
			"Les informations envoyées n’ont pas pu être enregistrées.",
			"Revenez au formulaire, vérifiez les champs signalés puis envoyez-le à nouveau.",
			pictogramTechnical}
	case 429:
		return errorText{"Trop de demandes",
			"Vous avez envoyé trop de demandes en peu de temps.",
			"Patientez quelques minutes, puis réessayez.",
			pictogramLost}
	case 503:
		return errorText{"Service indisponible",
			"Le service est momentanément indisponible, pour une maintenance ou une surcharge.",
			"Réessayez dans quelques minutes. Vos informations déjà enregistrées sont conservées.",
			pictogramLost}
	}
	if status >= 400 && status < 500 {
		return errorText{"Demande non traitée",
			"Le service n’a pas pu traiter votre demande.",
			"Revenez à la page précédente et recommencez, ou repartez de la page d’accueil.",
			pictogramTechnical}
	}
	return errorText{"Erreur inattendue",
		"Une erreur inattendue s’est produite : l’opération n’a pas abouti. Elle est enregistrée et nous travaillons à la corriger.",
		"Réessayez dans quelques instants. Si l’erreur persiste, écrivez au support en indiquant la référence ci-dessous.",
		pictogramTechnical}
}

// errorLayout titles the page in French whatever the caller gave, since the
// browser's title is the first thing a screen reader says (RGAA 8.6).
func errorLayout(l Layout, e errorText, status int) Layout {
	l.Title = e.Title + " (erreur " + strconv.Itoa(status) + ")"
	return l
}

// withTitle gives a page of fixed text its own title, the same as its h1.
func withTitle(l Layout, title string) Layout {
	l.Title = title
	return l
}
