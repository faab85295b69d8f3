package pdf

import (
	"strings"
	"time"
)

// ValidationError is returned instead of a document when its data is
// incomplete or inconsistent: an arrêté with no name or with a mandate that
// ends before it starts must not be produced, even as a draft. Problems are
// French sentences meant to be shown as they are to the person who entered
// the data, all at once rather than one per attempt.
type ValidationError struct {
	Document string   // « arrêté individuel », « arrêté collectif », « attestation »
	Problems []string // e.g. « le nom est obligatoire »
}

func (e *ValidationError) Error() string {
	return "pdf : " + e.Document + " impossible à établir : " + strings.Join(e.Problems, " ; ")
}

// checker collects the problems of one document.
type checker struct {
	prefix   string // « désignation n° 3 (Dupré) : » in a collective arrêté
	problems []string
}

func (c *checker) add(msg string) {
	c.problems = append(c.problems, c.prefix+msg)
}

// text requires a non-blank value; what is the subject of the sentence,
// with its article (« le nom »).
func (c *checker) text(v, what string) {
	if strings.TrimSpace(sanitize(v)) == "" {
		c.add(what + " est obligatoire")
	}
}

// date requires a set date.
func (c *checker) date(t time.Time, what string) {
	if t.IsZero() {
		c.add(what + " est obligatoire")
	}
}

// order requires end on or after start, by calendar day; it says nothing
// when either is missing, date has already said it.
func (c *checker) order(start, end time.Time, msg string) {
	if !start.IsZero() && !end.IsZero() && calendarDay(end).Before(calendarDay(start)) {
		c.add(msg)
	}
}

func (c *checker) academie(a Academie, withRecteur bool) {
	c.text(a.Nom, "le nom de l'académie")
	c.text(a.Ville, "la ville de signature")
	if withRecteur {
		c.text(a.Recteur, "l'autorité signataire (recteur ou rectrice)")
	}
}

func (c *checker) err(document string) error {
	if len(c.problems) == 0 {
		return nil
	}
	return &ValidationError{Document: document, Problems: c.problems}
}
