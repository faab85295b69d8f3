package model

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestTropLong(t *testing.T) {
	tests := []struct {
		nom, valeur string
		max         int
		want        string
	}{
		{"vide", "", 100, ""},
		{"à la limite, en caractères", strings.Repeat("é", 100), 100, ""}, // 200 bytes
		{"un de trop", strings.Repeat("a", 101), 100, "Le nom ne doit pas dépasser 100 caractères."},
		{"9 Mo", strings.Repeat("a", 9<<20), 100, "Le nom ne doit pas dépasser 100 caractères."},
		{"milliers", strings.Repeat("a", 4001), 4000, "Le nom ne doit pas dépasser 4 000 caractères."},
	}
	for _, tt := range tests {
		if got := TropLong("Le nom", tt.valeur, tt.max); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.nom, got, tt.want)
		}
	}
}

// Each entity's validation checks the lengths of its free text, with the
// form's field name as key.
func TestErreursLongueur(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n+1) }
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		nom  string
		errs map[string]string
		cle  string
		want string
	}{
		{"conseiller nom", Conseiller{Nom: long(LongueurNom)}.Errors(), "nom", "Le nom ne doit pas dépasser 100 caractères."},
		{"conseiller prénom", Conseiller{Prenom: long(LongueurNom)}.Errors(), "prenom", "Le prénom ne doit pas dépasser 100 caractères."},
		{"conseiller courriel", Conseiller{Email: long(LongueurEmail)}.Errors(), "email", "L'adresse électronique ne doit pas dépasser 254 caractères."},
		{"conseiller téléphone", Conseiller{Telephone: long(LongueurTelephone)}.Errors(), "telephone", "Le téléphone ne doit pas dépasser 30 caractères."},
		{"conseiller entreprise", Conseiller{Employeur: long(LongueurLibelle)}.Errors(), "employeur", "Le nom de l'entreprise ne doit pas dépasser 200 caractères."},
		{"conseiller métier", Conseiller{Metiers: []string{"plombier", long(LongueurLibelle)}}.Errors(), "metiers", "Chaque métier ne doit pas dépasser 200 caractères."},
		{"demande titre (brouillon)", Demande{Titre: long(LongueurTitreDemande)}.ErrorsBrouillon(), "titre", "Le titre ne doit pas dépasser 150 caractères."},
		{"demande description", Demande{Description: long(LongueurTexte)}.Errors(today), "description", "La description ne doit pas dépasser 4 000 caractères."},
		{"demande contact", Demande{ContactNom: long(LongueurNom)}.ErrorsBrouillon(), "contact_nom", "Le nom du contact ne doit pas dépasser 100 caractères."},
		{"événement lieu", Evenement{Lieu: long(LongueurLibelle)}.Errors(), "lieu", "Le lieu ne doit pas dépasser 200 caractères."},
		{"action description", Intervention{Description: long(LongueurTexte)}.Errors(today), "description", "La description ne doit pas dépasser 4 000 caractères."},
		{"établissement adresse", Etablissement{Adresse: long(LongueurAdresse)}.Errors(), "adresse", "L'adresse ne doit pas dépasser 300 caractères."},
	}
	for _, tt := range tests {
		if got := tt.errs[tt.cle]; got != tt.want {
			t.Errorf("%s: errs[%s] = %q, want %q", tt.nom, tt.cle, got, tt.want)
		}
	}
	if errs := (Conseiller{Nom: strings.Repeat("é", LongueurNom), Prenom: "Éloïse"}).Errors(); len(errs) != 0 {
		t.Errorf("valid profile: %v", errs)
	}
}

// Couper shortens by character: a cut at a byte count could split « é »
// and leave invalid UTF-8 in a search or a reason.
func TestCouper(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"ééé", 3, "ééé"},
		{"éééé", 3, "ééé"},
		{"aéb", 2, "aé"},
		{"abc", 0, ""},
	} {
		got := Couper(c.in, c.max)
		if got != c.want || !utf8.ValidString(got) {
			t.Errorf("Couper(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}
