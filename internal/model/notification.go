package model

import "time"

// SujetNotification says what a notification is about, for its label and
// icon in the feed.
type SujetNotification string

// Subjects of notifications.
const (
	NotifDemande       SujetNotification = "demande"       // a request: new, answered, filled, done, cancelled
	NotifSollicitation SujetNotification = "sollicitation" // a solicitation sent to me, expired, closed
	NotifDesignation   SujetNotification = "designation"   // a step of my designation as CEE
	NotifConvocation   SujetNotification = "convocation"   // a convocation to an exam jury
	NotifEvenement     SujetNotification = "evenement"     // an event of the network's animation
	NotifExpertise     SujetNotification = "expertise"     // an opinion asked of me, or given on my request
)

// Label is the French name of the subject.
func (s SujetNotification) Label() string {
	switch s {
	case NotifDemande:
		return "Demande"
	case NotifSollicitation:
		return "Sollicitation"
	case NotifDesignation:
		return "Désignation"
	case NotifConvocation:
		return "Convocation"
	case NotifEvenement:
		return "Événement"
	case NotifExpertise:
		return "Avis d'expertise"
	}
	return string(s)
}

// Notification is one line of a person's notification centre: what
// happened to one of their items, with a link to it. It is written in the
// same transaction as the change it tells of.
type Notification struct {
	ID        int64
	CompteID  int64
	Sujet     SujetNotification
	Texte     string // one sentence in French
	Lien      string // path inside the service, "/demandes/12"
	CreatedAt time.Time
	LueLe     *time.Time // nil while unread
}

// FrequenceResume is how often a person receives the digest of their
// unread notifications by mail.
type FrequenceResume string

// Digest frequencies.
const (
	ResumeAucun        FrequenceResume = ""
	ResumeQuotidien    FrequenceResume = "quotidien"    // each morning
	ResumeHebdomadaire FrequenceResume = "hebdomadaire" // each Monday morning
)

// FrequencesResume are the choices offered on the account page, in order.
var FrequencesResume = []FrequenceResume{ResumeAucun, ResumeQuotidien, ResumeHebdomadaire}

// Label is the choice as the account page offers it.
func (f FrequenceResume) Label() string {
	switch f {
	case ResumeQuotidien:
		return "Un résumé chaque matin"
	case ResumeHebdomadaire:
		return "Un résumé chaque lundi matin"
	}
	return "Pas de résumé"
}

// ParseFrequenceResume reads a choice of the account page.
func ParseFrequenceResume(v string) (FrequenceResume, error) {
	for _, f := range FrequencesResume {
		if string(f) == v {
			return f, nil
		}
	}
	return "", Invalide("resume", "Choisissez « pas de résumé », « chaque matin » ou « chaque lundi matin ».")
}

// Du tells whether a digest of frequency f is due on the day of now
// (Paris time): every day, or on Mondays.
func (f FrequenceResume) Du(now time.Time) bool {
	switch f {
	case ResumeQuotidien:
		return true
	case ResumeHebdomadaire:
		return now.In(Paris).Weekday() == time.Monday
	}
	return false
}

// Periode is how far back a digest looks: a day or a week.
func (f FrequenceResume) Periode() time.Duration {
	if f == ResumeHebdomadaire {
		return 7 * 24 * time.Hour
	}
	return 24 * time.Hour
}
