package apptest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"cee/internal/model"
	"cee/internal/store"
)

// FichierJurys writes a juries file for the demo académie: three juries, on
// three days of June 2027, in the specialities most demo CEE hold, in demo
// lycées.
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
		specs = append(specs, sp)
	}
	sort.Slice(specs, func(i, j int) bool {
		return count[specs[i]] > count[specs[j]] || (count[specs[i]] == count[specs[j]] && specs[i] < specs[j])
	})
	etabs, _, _ := st.ListEtablissements(ctx, store.EtablissementFilter{Academie: "16", Type: model.Lycee, Limit: 3})
	if len(specs) < 3 || len(etabs) < 3 {
		t.Fatalf("demo: %d specialities, %d lycées", len(specs), len(etabs))
	}
	var b strings.Builder
	b.WriteString("code;diplome;uai;demi_journees;sieges;employeurs;salaries;enseignants;conflits\n")
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&b, "J%d;%s;%s;2027-06-1%dAM 2027-06-1%dPM;2;1;1;2;\n", i+1, specs[i], etabs[i].UAI, 4+i, 4+i)
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
