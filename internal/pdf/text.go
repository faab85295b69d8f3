package pdf

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	// Dates are written in Paris time; embedding the zone database keeps
	// that true on a minimal image without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// nbsp is the no-break space of French typography (before « : » and « ; »,
// after « n° », between a number and its unit): the line wrapper only breaks
// at ordinary spaces, so a colon or a unit never starts a line.
const nbsp = "\u00a0"

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err) // cannot happen with time/tzdata embedded
	}
	return loc
}()

var moisFR = [...]string{"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// dateFR writes the calendar date of t in Paris the French way:
// « 27 novembre 2026 », « 1er mars 2027 », with no-break spaces so that a
// date is never split between two lines. Midnight UTC and midnight Paris
// both give the intended day.
func dateFR(t time.Time) string {
	t = t.In(paris)
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s\u00a0%s\u00a0%d", day, moisFR[t.Month()-1], t.Year())
}

// dateShort is the numeric form used in table cells: « 01/03/2027 ».
func dateShort(t time.Time) string {
	return t.In(paris).Format("02/01/2006")
}

// calendarDay is the calendar day of t in Paris, as a comparable value: mandates
// and periods are compared by day, whatever the hour stored with them.
func calendarDay(t time.Time) time.Time {
	y, m, d := t.In(paris).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// round2 rounds hours to the hundredth, so that sums of decimal fractions
// (0,1 + 0,2) print as a person would write them.
func round2(h float64) float64 {
	return math.Round(h*100) / 100
}

// decimalFR writes a number of hours with a decimal comma and no useless
// zeros: 6 → « 6 », 6.5 → « 6,5 », 1.25 → « 1,25 ».
func decimalFR(h float64) string {
	return strings.Replace(strconv.FormatFloat(round2(h), 'f', -1, 64), ".", ",", 1)
}

// hoursFR writes a duration in words, singular below 2 as French grammar
// wants: « 1,5 heure », « 6,5 heures ».
func hoursFR(h float64) string {
	unit := "heures"
	if round2(h) < 2 {
		unit = "heure"
	}
	return decimalFR(h) + nbsp + unit
}

// hoursShort is the abbreviated form used in table cells: « 1,5 h ».
func hoursShort(h float64) string {
	return decimalFR(h) + nbsp + "h"
}

// sanitize makes free text printable with the embedded fonts: composed
// Unicode (a name typed on a Mac arrives decomposed, and a PDF cannot draw
// a combining accent over its letter), no control characters but line
// breaks, tabs as spaces. Characters outside the Basic Multilingual Plane
// (emoji pasted from an e-mail) make fpdf fail the whole document, so they
// become U+FFFD; emoji modifiers are dropped.
func sanitize(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t' || r == '\r':
			b.WriteByte(' ')
		case r == '\u200d' || (r >= '\ufe00' && r <= '\ufe0f'):
			// joiners and variation selectors only make sense with emoji
		case unicode.IsControl(r):
		case r > 0xffff:
			b.WriteRune('\ufffd')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// oneLine is sanitize for one-line fields (names, employers): a line break
// typed in a form field must not break a table row or a sentence.
func oneLine(s string) string {
	return strings.Join(strings.Fields(sanitize(s)), " ")
}

// paragraphs splits free text into its non-empty lines. Every line break
// typed in a textarea is kept: missions are often lists, one item a line,
// and joining them would make one unreadable sentence.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(sanitize(s), "\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// academiesWithArticle are the académies whose name takes an article:
// « académie de la Guadeloupe », not « de Guadeloupe ».
var academiesWithArticle = map[string]bool{"Guadeloupe": true, "Martinique": true, "Guyane": true}

// deAcademie writes the complement « de Toulouse », « d'Amiens »,
// « de la Guadeloupe », « de La Réunion ».
func deAcademie(nom string) string {
	nom = oneLine(nom)
	if academiesWithArticle[nom] {
		return "de la " + nom
	}
	if r := []rune(nom); len(r) > 0 && strings.ContainsRune("AEIOUYÉÈÊÀÂÎÏÔÛÜ", unicode.ToUpper(r[0])) {
		return "d'" + nom
	}
	return "de " + nom
}

// fullName is « Mme Hélène Dupré ».
func fullName(civilite, prenom, nom string) string {
	return strings.TrimSpace(oneLine(civilite) + " " + oneLine(prenom) + " " + oneLine(nom))
}

// statutAgreed agrees the one statut that varies in writing:
// « salariée » for a woman; « employeur » and « artisan » stay as given.
func statutAgreed(statut string, fem bool) string {
	s := oneLine(statut)
	if fem && strings.EqualFold(s, "salarié") {
		return s + "e"
	}
	return s
}

// trimPunct strips a trailing comma or period from free text
// that is printed both inside a sentence and alone in the signature block.
func trimPunct(s string) string {
	return strings.TrimRight(oneLine(s), " ,.;:")
}
