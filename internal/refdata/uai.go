package refdata

import (
	"errors"
	"strings"
)

// uaiLetters are the check letters of the UAI: the alphabet without I, O and
// Q, which read like 1 and 0.
const uaiLetters = "ABCDEFGHJKLMNPRSTUVWXYZ"

// UAICheckLetter returns the check letter of the 7 digits of a UAI (unité
// administrative immatriculée, the school identifier):
// uaiLetters[n % 23] where n is the 7 digits read as a number.
func UAICheckLetter(digits7 string) (byte, error) {
	if len(digits7) != 7 || !isDigits(digits7) {
		return 0, errors.New("refdata: a UAI starts with 7 digits")
	}
	n := 0
	for i := 0; i < 7; i++ {
		n = n*10 + int(digits7[i]-'0')
	}
	return uaiLetters[n%23], nil
}

// ValidUAI tells whether s is a UAI: 7 digits and the right check letter, e.g.
// "0750654D". The letter may be in lower case ("0750654d"), since people type
// it so; store the upper-case form given by NormalizeUAI. Anything else
// (spaces included) makes it invalid.
func ValidUAI(s string) bool {
	if len(s) != 8 {
		return false
	}
	want, err := UAICheckLetter(s[:7])
	if err != nil {
		return false
	}
	got := s[7]
	if got >= 'a' && got <= 'z' {
		got -= 'a' - 'A'
	}
	return got == want
}

// NormalizeUAI trims spaces around s and upper-cases it, and tells whether the
// result is a valid UAI.
func NormalizeUAI(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	return s, ValidUAI(s)
}

// DepartementOfUAI returns the INSEE code of the département a valid UAI
// belongs to, from its first 3 characters: "031…" is 31, "620…" Corse-du-Sud
// (2A), "720…" Haute-Corse (2B), "971…" Guadeloupe. It returns false for an
// invalid UAI and for a territory outside the 30 académies (975 Saint-Pierre-
// et-Miquelon, 986–988 in the Pacific).
func DepartementOfUAI(uai string) (string, bool) {
	if !ValidUAI(uai) {
		return "", false
	}
	var dep string
	switch p := uai[:3]; {
	case p == "620":
		dep = "2A"
	case p == "720":
		dep = "2B"
	case p[0] == '0':
		dep = p[1:]
	case p[:2] == "97":
		dep = p
	default:
		return "", false
	}
	if _, ok := DepartementByCode(dep); !ok {
		return "", false
	}
	return dep, true
}
