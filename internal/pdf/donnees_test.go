package pdf

import (
	"bytes"
	"strings"
	"testing"
)

// The export lists each section and, for each record, its non-empty fields
// with their values; a long text wraps instead of running off the page.
func TestDonneesPersonnelles(t *testing.T) {
	d := Donnees{Nom: "Hélène Dupré", Date: day(2027, 3, 12), Sections: []SectionDonnees{
		{Titre: "Fiche de conseiller entreprises pour l'École", Colonnes: []string{"nom", "prenom", "telephone", "siret"},
			Lignes: [][]string{{"Dupré", "Hélène", "0611223344", ""}}},
		{Titre: "Actions et comptes rendus", Colonnes: []string{"date_action", "description"},
			Lignes: [][]string{{"2027-01-10 09:00:00", strings.Repeat("Présentation du métier de boulanger. ", 40)}, {"2027-02-11 09:00:00", "Visite"}}},
	}}
	var b bytes.Buffer
	if err := DonneesPersonnelles(&b, toulouse, d); err != nil {
		t.Fatal(err)
	}
	text := extract(t, b.Bytes())
	contains(t, text, "Académie de Toulouse", "Vos données personnelles", "Hélène Dupré", "Fiche de conseiller entreprises pour l'École",
		"telephone", "0611223344", "Actions et comptes rendus", "2027-02-11", "Visite", "CNIL")
	if strings.Contains(text, "siret") {
		t.Error("an empty field is listed")
	}
	b.Reset()
	if err := DonneesPersonnelles(&b, Academie{}, Donnees{Nom: "a@b.fr", Date: day(2027, 3, 12)}); err != nil {
		t.Fatal(err)
	}
	contains(t, extract(t, b.Bytes()), "Aucune donnée")
}
