package model

import (
	"strings"
	"time"
)

// EtatEnvoi is the delivery state of an announcement to one person.
type EtatEnvoi string

// Delivery states.
const (
	EnvoiEnFile     EtatEnvoi = "en_file"
	EnvoiEnvoye     EtatEnvoi = "envoye"
	EnvoiDesinscrit EtatEnvoi = "desinscrit" // opted out: not sent
)

// Label is the French name of the state.
func (e EtatEnvoi) Label() string {
	switch e {
	case EnvoiEnFile:
		return "En file"
	case EnvoiEnvoye:
		return "Envoyé"
	case EnvoiDesinscrit:
		return "Désinscrit (non envoyé)"
	}
	return string(e)
}

// Annonce is a message sent to a segment, archived and readable in the
// application. Corps is plain text; blank lines separate paragraphs.
type Annonce struct {
	ID             int64
	Academie       string
	OrganisationID int64
	SegmentID      int64
	Titre, Corps   string
	// Obligatoire announcements (service messages) reach people who opted
	// out of the others.
	Obligatoire bool
	AuteurID    int64
	Auteur      string
	CreatedAt   time.Time
	// Per-state counts, read with the announcement.
	EnFile, Envoyes, Desinscrits int
	// Destinataires is the number of people the announcement reaches,
	// -1 while they are being listed (in the background, in batches).
	Destinataires int
}

// Paragraphes splits the body at blank lines.
func (a Annonce) Paragraphes() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(a.Corps, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Envoi is the delivery of an announcement to one person.
type Envoi struct {
	ID        int64
	AnnonceID int64
	Nom       string
	Email     string
	Etat      EtatEnvoi
	EnvoyeLe  *time.Time
}

// Errors checks an announcement's object (required, LongueurLibelle) and
// text (required, LongueurAnnonce); empty when valid. The segment is
// checked by the caller.
func (a Annonce) Errors() map[string]string {
	errs := map[string]string{}
	if a.Titre == "" {
		errs["titre"] = "Indiquez l'objet de l'annonce."
	}
	if a.Corps == "" {
		errs["corps"] = "Écrivez le message."
	}
	VerifierLongueurs(errs,
		Longueur{"titre", "L'objet", a.Titre, LongueurLibelle},
		Longueur{"corps", "Le message", a.Corps, LongueurAnnonce})
	return errs
}
