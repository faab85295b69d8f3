// Package mail builds and sends the e-mails of cee: a Message always carries
// a French text part and an HTML part, rendered from the embedded templates
// (Render), and goes out through a Sender: SMTPSender in production, Recorder
// in tests. The dev mailbox stores messages with their JSON encoding.
package mail

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
)

// Message is one e-mail; every message has both a French text part and an
// HTML part, so that it reads well whatever the mail client shows.
type Message struct {
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	Text    string   `json:"text"`
	HTML    string   `json:"html"`
	// ReplyTo is optional: by default answers go to the sender address,
	// which is usually a no-reply mailbox.
	ReplyTo string `json:"reply_to,omitempty"`
}

// Sender sends one message. Implementations validate the message first, so
// that a broken message never reaches the network or the dev mailbox.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// ErrInvalidMessage is wrapped by every error of Message.Validate, so that a
// caller retrying failed sends can tell a message that will never go out
// from a server that failed for now.
var ErrInvalidMessage = errors.New("courriel invalide")

// Validate reports every problem of m at once, in French, wrapped around
// ErrInvalidMessage.
func (m Message) Validate() error {
	var problems []string
	if len(m.To) == 0 {
		problems = append(problems, "aucun destinataire")
	}
	for _, to := range m.To {
		if _, err := netmail.ParseAddress(to); err != nil {
			problems = append(problems, fmt.Sprintf("adresse de destinataire invalide « %s »", to))
		}
	}
	if m.ReplyTo != "" {
		if _, err := netmail.ParseAddress(m.ReplyTo); err != nil {
			problems = append(problems, fmt.Sprintf("adresse de réponse invalide « %s »", m.ReplyTo))
		}
	}
	switch {
	case strings.TrimSpace(m.Subject) == "":
		problems = append(problems, "sujet vide")
	case strings.ContainsAny(m.Subject, "\r\n"):
		// A line break in a header would let the subject inject headers.
		problems = append(problems, "le sujet contient un retour à la ligne")
	}
	if strings.TrimSpace(m.Text) == "" {
		problems = append(problems, "partie texte vide")
	}
	if strings.TrimSpace(m.HTML) == "" {
		problems = append(problems, "partie HTML vide")
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w : %s", ErrInvalidMessage, strings.Join(problems, " ; "))
}

// clone copies the recipient slice, so that a message kept in memory does
// not change when the caller reuses its slice.
func (m Message) clone() Message {
	m.To = append([]string(nil), m.To...)
	return m
}
