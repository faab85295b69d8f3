package pdf

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestDateFR(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, time.November, 27, 0, 0, 0, 0, paris), "27 novembre 2026"},
		{time.Date(2027, time.March, 1, 0, 0, 0, 0, time.UTC), "1er mars 2027"},
		// 23:30 UTC on 31 July is already 1 August in Paris.
		{time.Date(2027, time.July, 31, 23, 30, 0, 0, time.UTC), "1er août 2027"},
	} {
		if got := plain(dateFR(c.t)); got != c.want {
			t.Errorf("dateFR(%v) = %q, attendu %q", c.t, got, c.want)
		}
	}
	if got := dateShort(time.Date(2027, time.March, 1, 0, 0, 0, 0, paris)); got != "01/03/2027" {
		t.Errorf("dateShort = %q", got)
	}
}

func TestHeures(t *testing.T) {
	for _, c := range []struct {
		h    float64
		want string
	}{
		{6.5, "6,5 heures"}, {2, "2 heures"}, {1.5, "1,5 heure"}, {0.1 + 0.2, "0,3 heure"}, {12.25, "12,25 heures"},
	} {
		if got := plain(hoursFR(c.h)); got != c.want {
			t.Errorf("hoursFR(%v) = %q, attendu %q", c.h, got, c.want)
		}
	}
}

func TestDeAcademie(t *testing.T) {
	for nom, want := range map[string]string{
		"Toulouse": "de Toulouse", "Amiens": "d'Amiens", "Orléans-Tours": "d'Orléans-Tours",
		"Aix-Marseille": "d'Aix-Marseille", "Guadeloupe": "de la Guadeloupe", "La Réunion": "de La Réunion",
		"Normandie": "de Normandie",
	} {
		if got := deAcademie(nom); got != want {
			t.Errorf("deAcademie(%q) = %q, attendu %q", nom, got, want)
		}
	}
}

func TestSanitize(t *testing.T) {
	// A decomposed é (e + U+0301), as typed on some systems, is composed;
	// an emoji, which fpdf cannot encode, does not fail the document.
	if got := sanitize("He\u0301le\u0300ne\tDupre\u0301 👍\u200d\ufe0f\x07"); got != "Hélène Dupré \ufffd" {
		t.Errorf("sanitize = %q", got)
	}
	if got := oneLine(" Pâtisserie\n du  Cœur "); got != "Pâtisserie du Cœur" {
		t.Errorf("oneLine = %q", got)
	}
	if got := paragraphs("Premier point.\r\n\r\n  - second point\n- troisième"); strings.Join(got, "|") != "Premier point.|- second point|- troisième" {
		t.Errorf("paragraphs = %q", got)
	}
}

// Text as it comes from forms, decomposed and with emoji, gives a document
// whose text layer holds the composed letters.
func TestArreteTexteDecompose(t *testing.T) {
	d := helene()
	d.Prenom, d.Nom = "He\u0301le\u0300ne", "Dupre\u0301"
	d.Mission = "Présenter les métiers 🚀 aux élèves."
	var b bytes.Buffer
	if err := ArreteIndividuel(&b, toulouse, d); err != nil {
		t.Fatal(err)
	}
	contains(t, extract(t, b.Bytes()), "Mme Hélène Dupré (salariée", "Présenter les métiers")
}
