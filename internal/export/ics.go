package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cee/internal/model"
)

// iCalendar methods (RFC 5546) that ICS writes.
const (
	// MethodRequest invites the participants, or updates an invitation
	// already sent (same UID, higher Sequence).
	MethodRequest = "REQUEST"
	// MethodCancel cancels an invitation already sent (same UID, higher
	// Sequence): the events are written with STATUS:CANCELLED.
	MethodCancel = "CANCEL"
	// MethodPublish is a calendar to import, with nobody to answer.
	MethodPublish = "PUBLISH"
)

// icsProdID names the product that wrote the calendar (RFC 5545 § 3.7.3).
const icsProdID = "-//cee//Reseau CEE//FR"

// icsTime is the UTC form of DATE-TIME (RFC 5545 § 3.3.5, form 2).
const icsTime = "20060102T150405Z"

// Personne is the organiser or a participant of an event.
type Personne struct {
	Nom   string // shown by calendars (CN); may be empty
	Email string // a bare address, such as claire.dupont@ac-toulouse.fr
}

// Evenement is one VEVENT.
type Evenement struct {
	// UID identifies the event across its updates and its cancellation,
	// for example "intervention-42-2027-01-12AM@cee.exemple.fr": a calendar
	// replaces the event with the same UID instead of adding a second one.
	UID string
	// Sequence is 0 for the first invitation and must grow with each
	// update or cancellation sent for the same UID, or calendars ignore it.
	Sequence int
	// Horodatage is DTSTAMP, when the message was made. The caller gives
	// it so that the same input always writes the same bytes.
	Horodatage  time.Time
	Debut, Fin  time.Time // written in UTC
	Titre       string    // SUMMARY
	Description string    // optional; may span lines
	Lieu        string    // LOCATION, optional
	// Organisateur is required by REQUEST and CANCEL: calendars send the
	// answers there.
	Organisateur Personne
	// Participants are the ATTENDEE lines: at least one for REQUEST and
	// CANCEL. No answer is asked (RSVP=FALSE): the application records
	// acceptance itself.
	Participants []Personne
}

// ICS writes an iCalendar object (RFC 5545) with one VEVENT per event, for
// method REQUEST, CANCEL or PUBLISH (RFC 5546). Times are written in UTC, so
// that no VTIMEZONE is needed; text is escaped and lines are folded at 75
// octets without splitting a UTF-8 character; every line ends with CRLF.
// The output depends only on the arguments. Nothing is written when an
// event is invalid.
//
// To e-mail an invitation, attach the result with mail.CalendarAttachment
// and the same method. Calendar clients handle one event per message best:
// send one object (one attachment) per half-day rather than several
// VEVENTs in one, each with its own stable UID; see DemiJournee for the
// hours.
func ICS(w io.Writer, method string, events []Evenement) error {
	method = strings.ToUpper(method)
	if err := checkEvenements(method, events); err != nil {
		return err
	}
	status := "CONFIRMED"
	if method == MethodCancel {
		status = "CANCELLED"
	}
	lw := &icsWriter{w: bufio.NewWriter(w)}
	lw.line("BEGIN:VCALENDAR")
	lw.line("PRODID:" + icsProdID)
	lw.line("VERSION:2.0")
	lw.line("CALSCALE:GREGORIAN")
	lw.line("METHOD:" + method)
	for _, e := range events {
		lw.line("BEGIN:VEVENT")
		lw.line("UID:" + icsText(e.UID))
		lw.line("SEQUENCE:" + strconv.Itoa(e.Sequence))
		lw.line("DTSTAMP:" + e.Horodatage.UTC().Format(icsTime))
		lw.line("DTSTART:" + e.Debut.UTC().Format(icsTime))
		lw.line("DTEND:" + e.Fin.UTC().Format(icsTime))
		lw.line("SUMMARY:" + icsText(e.Titre))
		if e.Description != "" {
			lw.line("DESCRIPTION:" + icsText(e.Description))
		}
		if e.Lieu != "" {
			lw.line("LOCATION:" + icsText(e.Lieu))
		}
		if e.Organisateur.Email != "" {
			lw.line("ORGANIZER" + icsCN(e.Organisateur.Nom) + ":mailto:" + e.Organisateur.Email)
		}
		for _, p := range e.Participants {
			lw.line("ATTENDEE" + icsCN(p.Nom) + ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:" + p.Email)
		}
		lw.line("STATUS:" + status)
		lw.line("TRANSP:OPAQUE")
		lw.line("END:VEVENT")
	}
	lw.line("END:VCALENDAR")
	if lw.err != nil {
		return lw.err
	}
	return lw.w.Flush()
}

// checkEvenements reports every problem at once, in French.
func checkEvenements(method string, events []Evenement) error {
	var problems []string
	switch method {
	case MethodRequest, MethodCancel, MethodPublish:
	default:
		problems = append(problems, fmt.Sprintf("méthode %q inconnue : REQUEST, CANCEL ou PUBLISH attendue", method))
	}
	if len(events) == 0 {
		problems = append(problems, "aucun événement")
	}
	scheduling := method == MethodRequest || method == MethodCancel
	for i, e := range events {
		label := fmt.Sprintf("événement n° %d", i+1)
		if strings.TrimSpace(e.UID) == "" {
			problems = append(problems, label+" : UID manquant")
		}
		if e.Sequence < 0 {
			problems = append(problems, label+" : numéro de séquence négatif")
		}
		if strings.TrimSpace(e.Titre) == "" {
			problems = append(problems, label+" : titre manquant")
		}
		if e.Horodatage.IsZero() {
			problems = append(problems, label+" : horodatage (DTSTAMP) manquant")
		}
		switch {
		case e.Debut.IsZero() || e.Fin.IsZero():
			problems = append(problems, label+" : début ou fin manquant")
		case !e.Fin.After(e.Debut):
			problems = append(problems, label+" : la fin doit suivre le début")
		}
		if scheduling && e.Organisateur.Email == "" {
			problems = append(problems, label+" : organisateur manquant, requis pour "+method)
		}
		if scheduling && len(e.Participants) == 0 {
			problems = append(problems, label+" : aucun participant, au moins un requis pour "+method)
		}
		for _, p := range append([]Personne{e.Organisateur}, e.Participants...) {
			if p.Email == "" && p.Nom == "" {
				continue
			}
			if !bareAddress(p.Email) {
				problems = append(problems, fmt.Sprintf("%s : adresse %q invalide", label, p.Email))
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New("agenda : " + strings.Join(problems, " ; "))
}

// bareAddress accepts an address alone, as it follows "mailto:": no name,
// no angle brackets, nothing that could end the line or the property.
func bareAddress(s string) bool {
	a, err := netmail.ParseAddress(s)
	return err == nil && a.Address == s && !strings.ContainsAny(s, " \t\"<>;:,\\")
}

// icsText escapes a TEXT value (RFC 5545 § 3.3.11). Line breaks of any kind
// become \n; other control characters are not allowed and are dropped.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n', '\r':
			b.WriteString(`\n`)
		case utf8.RuneError:
			b.WriteRune(unicode.ReplacementChar)
		default:
			if r != '\t' && unicode.IsControl(r) {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// icsCN writes the common-name parameter, quoted since names hold commas
// and colons. A parameter value cannot hold a double quote at all (RFC 5545
// § 3.1): it becomes a single one.
func icsCN(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == '"':
			b.WriteByte('\'')
		case unicode.IsControl(r):
			b.WriteByte(' ')
		case r == utf8.RuneError:
			b.WriteRune(unicode.ReplacementChar)
		default:
			b.WriteRune(r)
		}
	}
	return `;CN="` + b.String() + `"`
}

// icsMaxLine is the longest a physical line may be, CRLF excluded
// (RFC 5545 § 3.1).
const icsMaxLine = 75

// icsWriter writes content lines, folded, with CRLF; it keeps the first
// error so that ICS checks it once.
type icsWriter struct {
	w   *bufio.Writer
	err error
}

func (lw *icsWriter) line(s string) {
	if lw.err != nil {
		return
	}
	_, lw.err = lw.w.WriteString(foldLine(s))
}

// foldLine cuts s into physical lines of at most 75 octets, CRLF excluded:
// each continuation line starts with a space, which counts in its 75, and
// cuts fall between UTF-8 characters, never inside an accented letter.
func foldLine(s string) string {
	var b strings.Builder
	limit := icsMaxLine
	n := 0 // octets on the current physical line
	for _, r := range s {
		size := utf8.RuneLen(r)
		if size < 0 {
			r, size = unicode.ReplacementChar, 3
		}
		if n+size > limit {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	return b.String()
}

// Hours of an engagement in Paris time, by half-day: the model's, which
// the convocations print too.
const (
	heureMatin     = model.HeureMatin
	heureMidi      = model.HeureMidi
	heureApresMidi = model.HeureApresMidi
	heureSoir      = model.HeureSoir
)

// DemiJournee gives the start and end of a half-day of jour, as the
// invitations show them: "AM" 9 h–12 h, "PM" 14 h–17 h, "" (whole day)
// 9 h–17 h, Paris time (the same strings as model.Creneau.Moment). jour is
// a calendar day: only its year, month and day count, in its own location,
// so that a date stored at midnight UTC stays the same day. The times
// returned are in Paris time, summer or winter; ICS writes them in UTC.
func DemiJournee(jour time.Time, moment string) (debut, fin time.Time, err error) {
	from, to := heureMatin, heureSoir
	switch moment {
	case "AM":
		to = heureMidi
	case "PM":
		from = heureApresMidi
	case "":
	default:
		return time.Time{}, time.Time{}, fmt.Errorf("demi-journée %q inconnue : AM, PM ou vide pour la journée", moment)
	}
	y, m, d := jour.Date()
	return time.Date(y, m, d, from, 0, 0, 0, model.Paris), time.Date(y, m, d, to, 0, 0, 0, model.Paris), nil
}
