package model

import "testing"

func TestAccorde(t *testing.T) {
	for _, c := range []struct{ civ, want string }{
		{"Mme", "désignée"}, {"mme.", "désignée"}, {" Madame ", "désignée"}, {"Mlle", "désignée"},
		{"M.", "désigné"}, {"Monsieur", "désigné"}, {"", "désigné"}, {"Mmes", "désigné"},
	} {
		if got := Accorde(c.civ, "désigné", "désignée"); got != c.want {
			t.Errorf("Accorde(%q) = %q, want %q", c.civ, got, c.want)
		}
	}
}
