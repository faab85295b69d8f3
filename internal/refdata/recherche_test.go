package refdata

import (
	"strings"
	"testing"
)

func TestChercherCommunes(t *testing.T) {
	r := ReferentielCommunes()
	got := r.Chercher("toulouse", 5)
	if len(got) == 0 || got[0] != (Reference{Code: "31555", Libelle: "Toulouse (31)"}) {
		t.Fatalf("Chercher(toulouse) = %v, want Toulouse (31) first", got)
	}
	// Without accents nor hyphens, in any case.
	if got := r.Chercher("saint etienne", 50); !containsLibelle(got, "Saint-Étienne (42)") {
		t.Fatalf("Chercher(saint etienne) = %v, want Saint-Étienne (42)", got)
	}
	if got := r.Chercher("", 5); got != nil {
		t.Fatalf("Chercher(\"\") = %v, want nothing", got)
	}
	if got := r.Chercher("a", 7); len(got) != 7 {
		t.Fatalf("Chercher(a, 7) returned %d entries, want 7", len(got))
	}
}

func containsLibelle(list []Reference, libelle string) bool {
	for _, r := range list {
		if r.Libelle == libelle {
			return true
		}
	}
	return false
}

func TestLireReference(t *testing.T) {
	for _, tc := range []struct {
		r       *Referentiel
		in      string
		code    string
		message string // part of the message when not found
	}{
		{ReferentielCommunes(), "31555", "31555", ""},
		{ReferentielCommunes(), "Toulouse (31)", "31555", ""},
		{ReferentielCommunes(), "  toulouse ", "31555", ""},
		{ReferentielCommunes(), "Saint-Denis", "", "Plusieurs communes s'appellent « Saint-Denis »"},
		{ReferentielCommunes(), "saint denis (93)", "93066", ""},
		{ReferentielCommunes(), "Toulouze", "", "commune inconnue"},
		{ReferentielDepartements(), "haute garonne", "31", ""},
		{ReferentielDepartements(), "031", "31", ""},
		{ReferentielDepartements(), "Gironde (33)", "33", ""},
		{ReferentielDepartements(), "Nulle part", "", "département inconnu"},
		{ReferentielActivites(), "10.71C", "10.71C", ""},
		{ReferentielActivites(), "1071c", "10.71C", ""},
		{ReferentielActivites(), "F", "", "activité inconnue"}, // a section is not a company's activity
		{ReferentielSecteurs(), "F", "F", ""},
		{ReferentielSecteurs(), "construction", "F", ""},
		{ReferentielSpecialites(), "50022137", "50022137", ""},
		{ReferentielSpecialites(), "CAP Boulanger (50022137)", "50022137", ""},
		{ReferentielSpecialites(), "cap boulanger", "50022137", ""},
		{ReferentielSpecialites(), "Boulanger de rêve (50022137)", "50022137", ""},
	} {
		ref, found, cands := tc.r.Lire(tc.in)
		msg := tc.r.Message(tc.in, found, cands)
		if ref.Code != tc.code || (tc.code != "") != found {
			t.Errorf("%s: Lire(%q) = %v, %v, want %q", tc.r.Nom, tc.in, ref, found, tc.code)
		}
		if tc.message == "" && msg != "" || tc.message != "" && !strings.Contains(msg, tc.message) {
			t.Errorf("%s: Message(%q) = %q, want it to hold %q", tc.r.Nom, tc.in, msg, tc.message)
		}
	}
}

func TestReferentielLibelle(t *testing.T) {
	if got := ReferentielCommunes().Libelle("31555"); got != "Toulouse (31)" {
		t.Errorf("Libelle(31555) = %q", got)
	}
	if got := ReferentielSpecialites().Libelle("99999999"); got != "99999999" {
		t.Errorf("an unknown code must stay readable, got %q", got)
	}
	if got := ReferentielCommunes().Libelle(""); got != "" {
		t.Errorf("Libelle(\"\") = %q", got)
	}
}

func BenchmarkChercherCommunes(b *testing.B) {
	r := ReferentielCommunes()
	for b.Loop() {
		r.Chercher("saint", 10)
	}
}
