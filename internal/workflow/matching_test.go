package workflow_test

import (
	"slices"
	"testing"

	"cee/internal/match"
	"cee/internal/model"
	"cee/internal/workflow"
)

// The reasons of a ranking name the candidate's codes, not only the
// request's, by their labels: a pilote reads « CAP Pâtissier », not 50022136.
func TestRaisonsNommentLesCodes(t *testing.T) {
	d := model.Demande{Academie: "16", Departement: "81", Type: model.TypeIntervention, NAF: []string{"10.71C"},
		Familles: []string{"40022107"}, Metiers: []string{"D1102"}, Specialites: []string{"50022137"}}
	pool, err := match.NewPool([]match.Candidat{{ID: 1, Type: match.CEE, Nom: "Lucie Fabre", Academie: "16", Territoire: []string{"31"},
		NAF: []string{"10.71D"}, Familles: []string{"40022107"}, Metiers: []string{"D1108"}, Specialites: []string{"50022136"}}})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := pool.Rank(workflow.DemandeMatch(d, nil), match.Calendrier{}, match.PoidsParDefaut(), match.Options{IgnorerTerritoire: true})
	if err != nil || len(cl.Resultats) != 1 {
		t.Fatalf("%v, %+v", err, cl)
	}
	var raisons []string
	for _, r := range cl.Resultats[0].Raisons {
		raisons = append(raisons, r.Libelle)
	}
	for _, want := range []string{
		"Secteur voisin : Pâtisserie (NAF 10.71D), même classe : Fabrication de pain et de pâtisserie fraîche (NAF 10.71)",
		"Famille de métiers : Métiers de l'alimentation correspond",
		"Métier voisin : Chef boulanger / Cheffe boulangère, même domaine : Commerce alimentaire et métiers de bouche",
		"Spécialité voisine : CAP Pâtissier (même groupe de spécialités, NSF 221)",
		"Hors territoire : intervient en Haute-Garonne (31) (territoire élargi)",
	} {
		if !slices.Contains(raisons, want) {
			t.Errorf("no reason %q in\n%q", want, raisons)
		}
	}
}
