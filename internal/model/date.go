package model

import (
	"fmt"
	"time"

	// The interface and the e-mails show Paris time; embedding the zone
	// database keeps that true on a minimal image without /usr/share/zoneinfo.
	_ "time/tzdata"
)

var moisFR = [...]string{"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// Paris is the time zone of the interface and of the e-mails.
var Paris = mustLoad("Europe/Paris")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // cannot happen with time/tzdata embedded
	}
	return loc
}

// DateHeure writes t the French way, in Paris time:
// « 27 novembre 2026 à 14 h 05 », « 1er mars 2027 à 9 h 00 ».
func DateHeure(t time.Time) string {
	t = t.In(Paris)
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d à %d h %02d", day, moisFR[t.Month()-1], t.Year(), t.Hour(), t.Minute())
}

// Date writes a day the French way: « 27 novembre 2026 », « 1er mars 2027 ».
// Dates of mandates are calendar days stored at midnight UTC: they are not
// moved to Paris time.
func Date(t time.Time) string {
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d", day, moisFR[t.Month()-1], t.Year())
}

var joursSemaineFR = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// Jour writes a calendar day with its weekday: « mardi 12 janvier 2027 ».
func Jour(t time.Time) string { return joursSemaineFR[t.Weekday()] + " " + Date(t) }

// JourDe is the calendar day of t at midnight UTC, the way the dates of
// mandates and conventions are stored and compared.
func JourDe(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
