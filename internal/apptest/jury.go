package apptest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// FichierJurys writes a juries file for the demo académie as the exam
// division exports it (docs/import.md): three juries, on three days of June
// 2027, in the specialities most demo CEE hold, in demo lycées named as
// the directory names them, a title line above the header and a column
// the import does not read.
func FichierJurys(t testing.TB, st *store.Store) string {
	t.Helper()
	ctx := context.Background()
	cees, _, _ := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: "16"}, Etat: model.DesignationActive, Limit: 1000})
	count := map[string]int{}
	for _, c := range cees {
		for _, sp := range c.Specialites {
			count[sp]++
		}
	}
	var specs []string
	for sp := range count {
		if _, ok := refdata.DiplomeByCode(sp); ok {
			specs = append(specs, sp)
		}
	}
	sort.Slice(specs, func(i, j int) bool {
		return count[specs[i]] > count[specs[j]] || (count[specs[i]] == count[specs[j]] && specs[i] < specs[j])
	})
	etabs, _, _ := st.ListEtablissements(ctx, store.EtablissementFilter{Academie: "16", Type: model.Lycee, Limit: 3})
	if len(specs) < 3 || len(etabs) < 3 {
		t.Fatalf("demo: %d specialities, %d lycées", len(specs), len(etabs))
	}
	var b strings.Builder
	b.WriteString("Académie de Toulouse - DEC - Session de juin 2027;;;;;;;;;\n")
	b.WriteString("N° jury;Code diplôme;Libellé spécialité;Centre d'examen;Commune;Date;Demi-journée;Nombre de membres;Dont enseignants;Remarques\n")
	for i := 0; i < 3; i++ {
		d, _ := refdata.DiplomeByCode(specs[i])
		fmt.Fprintf(&b, "J%d;%s;%s %s;%s;%s;1%d/06/2027;Journée;4;2;salle %d\n", i+1, d.Code, d.Type, d.Intitule, etabs[i].Nom, etabs[i].NomCommune, 4+i, i+1)
	}
	return b.String()
}

// RepondreDisponibilites answers every availability request of a session:
// free the whole week of 14 June 2027, four half-days at most, 150 km.
func RepondreDisponibilites(t testing.TB, st *store.Store, sessionID int64, specialite string) {
	t.Helper()
	ctx := context.Background()
	dispos, err := st.ListDisponibilites(ctx, sessionID)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for d := 14; d <= 18; d++ {
		all = append(all, fmt.Sprintf("2027-06-%dAM", d), fmt.Sprintf("2027-06-%dPM", d))
	}
	for _, d := range dispos {
		d.DemiJournees, d.MaxDemiJournees, d.MaxKm = all, 4, 150
		if len(d.Specialites) == 0 {
			d.Specialites = []string{specialite}
		}
		if err := st.SaveReponseDisponibilite(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
}
