package model

import "strings"

// Feminin tells whether a civility is a woman's: « Mme », « Madame »
// (and the former « Mlle »). Every agreement of the pages, mails and
// documents with a person goes through Accorde.
func Feminin(civilite string) bool {
	c := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(civilite), "."))
	return c == "mme" || c == "madame" || c == "mlle" || c == "mademoiselle"
}

// Accorde is the form that agrees with the person's civility:
// Accorde("Mme", "désigné", "désignée") is « désignée ». Without a known
// civility the masculine form is the grammatical default.
func Accorde(civilite, masculin, feminin string) string {
	if Feminin(civilite) {
		return feminin
	}
	return masculin
}
