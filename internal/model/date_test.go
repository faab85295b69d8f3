package model

import (
	"testing"
	"time"
)

func TestDateHeure(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, time.November, 27, 13, 5, 0, 0, time.UTC), "27 novembre 2026 à 14 h 05"},
		{time.Date(2026, time.July, 14, 7, 30, 0, 0, time.UTC), "14 juillet 2026 à 9 h 30"}, // summer time
		{time.Date(2027, time.March, 1, 8, 0, 0, 0, time.UTC), "1er mars 2027 à 9 h 00"},
		{time.Date(2026, time.December, 31, 23, 59, 0, 0, time.UTC), "1er janvier 2027 à 0 h 59"},
		{time.Date(2026, time.August, 15, 12, 0, 0, 0, time.UTC), "15 août 2026 à 14 h 00"},
	}
	for _, tt := range tests {
		if got := DateHeure(tt.in); got != tt.want {
			t.Errorf("DateHeure(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Électricité":          "electricite",
		"CŒUR de métier":       "coeur de metier",
		"Lætitia Hélène-Marie": "laetitia helene marie",
		"Boulangerie d’Aÿ":     "boulangerie d ay",
		"plain ascii 62.01Z":   "plain ascii 62.01z",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
