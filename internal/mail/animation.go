package mail

// EvenementData is the data of the "evenement" template: an invitation to
// a network event (with a link to register and one to decline), or a step
// of a registration (confirmed, waiting list, place freed, reminder,
// cancellation).
type EvenementData struct {
	Sujet, Prenom string
	Lignes        []string // paragraphs before the event's details
	Titre, Type   string
	Quand, Lieu   string
	Visio         string
	Description   string
	// URLInscrire and URLDecliner are single-use links, for invitations.
	URLInscrire, URLDecliner string
	URL, Bouton              string // a plain link, when set
	Raison                   string
}

// AnnonceData is the data of the "annonce" template: a message to a
// segment of the network. Paragraphes are plain text (escaped by the HTML
// template); URLDesinscription is empty for mandatory announcements.
type AnnonceData struct {
	Titre, Prenom, Emetteur string
	Paragraphes             []string
	URL                     string // the announcement in the application
	URLDesinscription       string
}
