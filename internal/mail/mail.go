// Package mail builds and sends the e-mails of cee: a Message always carries
// a French text part and an HTML part, rendered from the embedded templates
// (Render), and goes out through a Sender: SMTPSender in production, Recorder
// in tests. The dev mailbox stores messages with their JSON encoding.
//
// A message may carry attachments (Attachments): a calendar invitation built
// with export.ICS goes out as CalendarAttachment, so that mail clients offer
// to add it to the calendar.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"mime"
	netmail "net/mail"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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
	// Attachments travel in the job payload (Data as base64), so they
	// should stay small: see MaxAttachmentsSize.
	Attachments []Attachment `json:"attachments,omitempty"`
	// MessageID names the message for good: made once when the message is
	// built (Render, NewMessageID), it travels in the job payload so that
	// every retry of a send carries the same Message-ID header and the
	// recipient's server or client can drop a second copy (issue 20,
	// finding 8). The sender completes it with its own domain; empty, the
	// sender makes one for this send only.
	MessageID string `json:"message_id,omitempty"`
}

// NewMessageID returns a fresh, unguessable left part of a Message-ID.
func NewMessageID() string { return rand.Text() }

// Attachment is one file attached to a message.
type Attachment struct {
	// Name is the file name the recipient sees, such as "convocation.ics":
	// a name, not a path.
	Name string `json:"name"`
	// ContentType is a MIME type with its parameters, such as
	// "application/pdf" or ContentTypeInvitation.
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

// MaxAttachmentsSize bounds the total size of a message's attachments.
// Many servers refuse messages over 10 to 25 MB once encoded (base64 adds a
// third), and the message is also stored as a job payload.
const MaxAttachmentsSize = 10 << 20

// maxAttachmentNameLen keeps the encoded name inside the 998-octet limit
// of a header line.
const maxAttachmentNameLen = 200

// Content types of calendar attachments (RFC 6047): the method parameter
// must repeat the METHOD property of the iCalendar object, or Outlook shows
// a plain file instead of an invitation.
const (
	ContentTypeInvitation = "text/calendar; method=REQUEST; charset=UTF-8"
	ContentTypeAnnulation = "text/calendar; method=CANCEL; charset=UTF-8"
)

// CalendarAttachment wraps an iCalendar object (see export.ICS) written
// with the given METHOD, such as "REQUEST" or "CANCEL", as an attachment
// that mail clients offer to add to the calendar.
func CalendarAttachment(name, method string, ics []byte) Attachment {
	return Attachment{Name: name, ContentType: "text/calendar; method=" + strings.ToUpper(method) + "; charset=UTF-8", Data: ics}
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
	if strings.ContainsAny(m.MessageID, "\r\n<> ") {
		// It goes into a header between angle brackets.
		problems = append(problems, "identifiant de message invalide")
	}
	if strings.TrimSpace(m.Text) == "" {
		problems = append(problems, "partie texte vide")
	}
	if strings.TrimSpace(m.HTML) == "" {
		problems = append(problems, "partie HTML vide")
	}
	problems = append(problems, validateAttachments(m.Attachments)...)
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w : %s", ErrInvalidMessage, strings.Join(problems, " ; "))
}

func validateAttachments(atts []Attachment) []string {
	var problems []string
	total := 0
	for i, a := range atts {
		label := fmt.Sprintf("pièce jointe n° %d", i+1)
		switch {
		case strings.TrimSpace(a.Name) == "":
			problems = append(problems, label+" sans nom")
		case strings.ContainsAny(a.Name, "\r\n"):
			// The name goes into two headers: a line break would inject more.
			problems = append(problems, label+" : le nom contient un retour à la ligne")
		case !utf8.ValidString(a.Name) || strings.IndexFunc(a.Name, unicode.IsControl) >= 0:
			problems = append(problems, label+" : le nom contient un caractère de contrôle ou invalide")
		case strings.ContainsAny(a.Name, "/\\"):
			problems = append(problems, fmt.Sprintf("%s : le nom « %s » contient un chemin (/ ou \\), un nom de fichier seul est attendu", label, a.Name))
		case a.Name == "." || a.Name == "..":
			problems = append(problems, fmt.Sprintf("%s : nom « %s » invalide", label, a.Name))
		case len(a.Name) > maxAttachmentNameLen:
			problems = append(problems, fmt.Sprintf("%s : nom trop long (%d octets, %d au plus)", label, len(a.Name), maxAttachmentNameLen))
		default:
			label = fmt.Sprintf("pièce jointe « %s »", a.Name)
		}
		problems = append(problems, validateContentType(label, a)...)
		if len(a.Data) == 0 {
			problems = append(problems, label+" vide")
		}
		total += len(a.Data)
	}
	if total > MaxAttachmentsSize {
		problems = append(problems, fmt.Sprintf("pièces jointes trop volumineuses : %s au total, %s au plus", megaOctets(total), megaOctets(MaxAttachmentsSize)))
	}
	return problems
}

func validateContentType(label string, a Attachment) []string {
	if strings.TrimSpace(a.ContentType) == "" {
		return []string{label + " sans type de contenu (par exemple application/pdf)"}
	}
	if strings.ContainsAny(a.ContentType, "\r\n") {
		return []string{label + " : le type de contenu contient un retour à la ligne"}
	}
	mt, params, err := mime.ParseMediaType(a.ContentType)
	if err != nil || strings.Count(mt, "/") != 1 || strings.HasPrefix(mt, "/") || strings.HasSuffix(mt, "/") {
		return []string{fmt.Sprintf("%s : type de contenu « %s » invalide, par exemple application/pdf attendu", label, a.ContentType)}
	}
	if strings.HasPrefix(mt, "multipart/") {
		return []string{fmt.Sprintf("%s : type de contenu « %s » réservé à la structure du courriel", label, mt)}
	}
	if method := params["method"]; mt == "text/calendar" && method != "" && len(a.Data) > 0 {
		// RFC 6047 § 2.4: the parameter and the object must agree, or
		// clients ignore the invitation.
		line := []byte("\r\nMETHOD:" + strings.ToUpper(method) + "\r\n")
		if !bytes.Contains(a.Data, line) {
			return []string{fmt.Sprintf("%s : le type annonce method=%s mais l'agenda ne contient pas la ligne METHOD:%s", label, method, strings.ToUpper(method))}
		}
	}
	return nil
}

// megaOctets writes n bytes the French way, such as "10,5 Mo".
func megaOctets(n int) string {
	s := strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
	return strings.Replace(strings.TrimSuffix(s, ".0"), ".", ",", 1) + " Mo"
}

// clone copies the recipient and attachment slices, so that a message kept
// in memory does not change when the caller reuses its slices.
func (m Message) clone() Message {
	m.To = append([]string(nil), m.To...)
	if m.Attachments != nil {
		atts := make([]Attachment, len(m.Attachments))
		for i, a := range m.Attachments {
			a.Data = append([]byte(nil), a.Data...)
			atts[i] = a
		}
		m.Attachments = atts
	}
	return m
}
