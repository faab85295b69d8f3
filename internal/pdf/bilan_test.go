package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// The bilan: a cover, the key figures, each indicator as a bar chart above
// its table, the definitions; read back by its text.
func TestBilanAnnuel(t *testing.T) {
	b := Bilan{Perimetre: "Académie de Toulouse", Annee: "2025-2026", Date: day(2026, 3, 15),
		Chiffres:    []Chiffre{{"CEE en mandat", "142 / objectif 150"}, {"Sièges de jurys pourvus", "6 / 9 (67 %)"}},
		Definitions: []Chiffre{{"CEE en mandat", "Conseillers dont la désignation courante est active."}},
	}
	b.Tableaux = append(b.Tableaux, Tableau{Titre: "Couverture par type d'établissement", Colonnes: []string{"Type", "Atteints", "Total", "Taux"},
		Lignes: [][]string{{"Collège", "2", "3", "67 %"}, {"Lycée", "0", "1", "0 %"}},
		Barres: []Barre{{Libelle: "Collège", N: 2, Max: 3, Part: true, Texte: "67 %"}, {Libelle: "Lycée", N: 0, Max: 1, Part: true, Texte: "0 %"}}})
	long := Tableau{Titre: "CEE en mandat par organisation", Colonnes: []string{"Organisation", "CEE"}}
	for i := range 25 {
		name := fmt.Sprintf("Organisation numéro %02d", i+1)
		long.Lignes = append(long.Lignes, []string{name, fmt.Sprint(30 - i)})
		long.Barres = append(long.Barres, Barre{Libelle: name, N: 30 - i, Max: 30, Texte: fmt.Sprint(30 - i)})
	}
	b.Tableaux = append(b.Tableaux, long)
	var buf bytes.Buffer
	if err := BilanAnnuel(&buf, Academie{Code: "16", Nom: "Toulouse", Ville: "Toulouse"}, b); err != nil {
		t.Fatal(err)
	}
	ps := pages(t, buf.Bytes())
	if len(ps) < 3 {
		t.Fatalf("%d pages, want a cover, the figures and charts, the definitions", len(ps))
	}
	contains(t, ps[0], "Bilan annuel du réseau des conseillers entreprises pour l'École", "Académie de Toulouse", "Année scolaire 2025-2026", "15 mars 2026")
	if strings.Contains(flat(ps[0]), "Chiffres clés") {
		t.Error("the key figures are on the cover")
	}
	all := flat(strings.Join(ps, " "))
	contains(t, all, "Chiffres clés", "142 / objectif 150", "Sièges de jurys pourvus 6 / 9 (67 %)")
	// Each label twice: its bar and its table row; the chart stops at 20
	// bars and says where the others are.
	for label, want := range map[string]int{"Collège": 2, "Organisation numéro 01": 2, "Organisation numéro 20": 2, "Organisation numéro 21": 1} {
		if n := strings.Count(all, label); n != want {
			t.Errorf("%q %d times, want %d", label, n, want)
		}
	}
	contains(t, all, "… et 5 autres lignes dans le tableau", "Définitions")
	// The chart comes before its table.
	if i, j := strings.Index(all, "67 % Lycée"), strings.Index(all, "Type Atteints Total Taux"); i < 0 || j < 0 || i > j {
		t.Errorf("chart at %d, table at %d:\n%s", i, j, all)
	}
	checkMargins(t, buf.Bytes())
}
