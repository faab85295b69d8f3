package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"

	"cee/internal/model"
)

//go:embed templates/*.html templates/*.txt
var templateFS embed.FS

// TestData is the data of the "test" template, sent by the admin command
// that checks the SMTP configuration.
type TestData struct {
	BaseURL string
	SentAt  time.Time
}

// LienData is the data of the templates that carry one link and its
// expiry: "lien" (a magic login link), "retrait" (confirming a
// professional's withdrawal of consent), "donnees" (a person's data
// without an account).
type LienData struct {
	URL       string
	ExpiresAt time.Time
}

// InvitationData is the data of the "invitation" template.
type InvitationData struct {
	URL       string
	Inviteur  string // who invites: name, or address
	Role      string // label of the role granted
	ExpiresAt time.Time
	// Suggestions name the CEE offered to a school never reached for a
	// first action (workflow.InviterEquipe), « Marie Durand (12 km) ».
	Suggestions []string
}

// RattachementData is the data of the "rattachement" template: the
// pilote's answer to an agent whose attachment to a school by ProConnect
// waited for it (workflow.DeciderRattachement).
type RattachementData struct {
	Approuve bool
	Role     string // label of the role: « Établissement – Lycée … »
	URL      string // the login page, when approved
}

// DesignationData is the data of the "designation" template, sent at each
// step of a CEE's designation.
type DesignationData struct {
	Sujet, Prenom, Message, Etat string
	Fin                          string // end of mandate, French date, or ""
	URL                          string // the record, for a reader who has an account to open it
	// SansCompte says what a candidate without an account yet can do,
	// instead of a link they could not open.
	SansCompte string
	Raison     string // why the reader gets it, when not the candidate
}

// EcheancesData is the data of the "echeances" template: mandates ending
// soon, sent to the pilotes of an académie.
type EcheancesData struct {
	Academie string
	Jours    int
	Lignes   []string // « Hélène Dupré (MEDEF Toulouse) — fin le 31 août 2027 »
	URL      string
}

// ConventionData is the data of the "convention" template: a convention
// ending in six months or one month.
type ConventionData struct {
	Academie, Organisation, Fin, Delai, URL string
}

// ConsentementData is the data of the "consentement" template: a CEE
// invites a professional, who gives or refuses consent.
type ConsentementData struct {
	Prenom, Conseiller, Academie, Objet, URL string
	ExpiresAt                                time.Time
}

// DemandeData is the data of the "demande" template: a step of a school's
// request told to the requester, the pilotes or a candidate.
type DemandeData struct {
	Sujet, Prenom string
	Lignes        []string
	URL, Bouton   string
	Raison        string
}

// SollicitationData is the data of the "sollicitation" template: a
// candidate asked to answer a request, with one link to accept and one to
// decline.
type SollicitationData struct {
	Prenom, Academie, TransmisPar                   string
	Titre, Type, Etablissement, Quand, Lieu, Public string
	Description, Pourquoi                           string
	URLAccepter, URLDecliner                        string
	ExpireLe                                        time.Time
	Relance                                         bool
}

// layoutName is the base file (layout.html, layout.txt) wrapped around
// every other template, which defines "content" and may redefine "reason",
// the footer line saying why the person gets the message. The .txt file
// also defines "subject".
const layoutName = "layout"

type templatePair struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// loadTemplates parses every template once. A broken template is an error
// of Render rather than a panic at start-up, and the tests render them all.
var loadTemplates = sync.OnceValues(func() (map[string]templatePair, error) {
	funcs := map[string]any{"datetime": model.DateHeure, "date": model.Date}
	names, err := fs.Glob(templateFS, "templates/*.txt")
	if err != nil {
		return nil, err
	}
	out := make(map[string]templatePair)
	for _, file := range names {
		name := strings.TrimSuffix(path.Base(file), ".txt")
		if name == layoutName {
			continue
		}
		text, err := texttemplate.New(name).Funcs(funcs).ParseFS(templateFS,
			"templates/"+layoutName+".txt", "templates/"+name+".txt")
		if err != nil {
			return nil, fmt.Errorf("modèle de courriel %s (texte) : %w", name, err)
		}
		html, err := htmltemplate.New(name).Funcs(funcs).ParseFS(templateFS,
			"templates/"+layoutName+".html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("modèle de courriel %s (HTML) : %w", name, err)
		}
		if text.Lookup("subject") == nil {
			return nil, fmt.Errorf("modèle de courriel %s : bloc « subject » manquant dans %s.txt", name, name)
		}
		out[name] = templatePair{text: text, html: html}
	}
	return out, nil
})

// Render builds the message of template name (templates/name.txt and
// templates/name.html inside the layout) for the recipients to. The subject
// comes from the "subject" block of the .txt file. The message is not
// validated here: Send does it.
func Render(name string, to []string, data any) (Message, error) {
	all, err := loadTemplates()
	if err != nil {
		return Message{}, err
	}
	t, ok := all[name]
	if !ok {
		return Message{}, fmt.Errorf("modèle de courriel %q inconnu", name)
	}
	var subject, text, html bytes.Buffer
	if err := t.text.ExecuteTemplate(&subject, "subject", data); err != nil {
		return Message{}, fmt.Errorf("modèle de courriel %s (sujet) : %w", name, err)
	}
	if err := t.text.ExecuteTemplate(&text, layoutName, data); err != nil {
		return Message{}, fmt.Errorf("modèle de courriel %s (texte) : %w", name, err)
	}
	if err := t.html.ExecuteTemplate(&html, layoutName, data); err != nil {
		return Message{}, fmt.Errorf("modèle de courriel %s (HTML) : %w", name, err)
	}
	m := Message{
		To: append([]string(nil), to...),
		// A subject is one line whatever the template's layout.
		Subject: strings.Join(strings.Fields(subject.String()), " "),
		Text:    strings.TrimSpace(text.String()) + "\n",
		HTML:    html.String(),
		// Made here, once: the job that sends it keeps it across retries.
		MessageID: NewMessageID(),
	}
	if m.Subject == "" {
		return Message{}, fmt.Errorf("modèle de courriel %s : sujet vide", name)
	}
	return m, nil
}
