package workflow

import (
	"reflect"
	"testing"

	"cee/internal/store"
)

// A dashboard computed on view computes only its groups of indicators
// (groupesDe): what it shows, figures and charts, is the same as with
// every group computed. Each group below has values of its own, so a
// figure or chart that needs a group left out would read zeros and
// differ.
func TestGroupesDeCeQueMontreLaVue(t *testing.T) {
	l := []store.Ligne{{Cle: "x", Libelle: "X", N: 3}}
	cov := []store.CouvertureLigne{{Cle: "x", Total: 4, Atteints: 2}}
	sieges := []store.SiegesLigne{{Cle: "x", Libelle: "X", Sieges: 4, Pourvus: 3}}
	parGroupe := map[groupes]func(r *Rapport){
		groupeDelai: func(r *Rapport) { r.Demandes.DelaiMedian, r.Demandes.Repondues = 2.5, 7 },
		groupeCouverture: func(r *Rapport) {
			r.Couverture = store.Couverture{Total: 9, Atteints: 4, ParType: cov, ParEP: cov, ParDepartement: cov, ParAcademie: cov}
		},
		groupeCharge: func(r *Rapport) { r.Charge = store.Charge{Distribution: l, Surcharges: 2, Inactifs: 5} },
		groupeDemandes: func(r *Rapport) {
			r.Demandes.Total, r.Demandes.ParEtat, r.Demandes.ParType, r.Demandes.Notes, r.Demandes.SommeNotes = 11, l, l, 2, 7
		},
		groupeActivite: func(r *Rapport) {
			r.Activite = store.ActiviteCEE{Actions: 3, Minutes: 240, Eleves: 60, Reponses: 4, Acceptees: 3}
		},
		groupeCEE: func(r *Rapport) {
			r.CEE = store.CEEActifs{Total: 12, ParSecteur: l, ParDepartement: l, ParStatut: l, ParOrg: l, FinProche: 1}
		},
		groupeJurys: func(r *Rapport) {
			r.Jurys = store.Jurys{Jurys: 2, Sieges: 8, Pourvus: 6, ParSession: sieges, ParDiplome: sieges, Employeurs: 3, Salaries: 3, AvecMembres: 2, Equilibres: 1}
		},
		groupeStages: func(r *Rapport) {
			r.Stages = store.Stages{Demandes: 2, Recherchees: 9, Offertes: 7, Confirmees: 5, ElevesPlaces: 4}
		},
		groupeAvenir: func(r *Rapport) {
			a := []store.AvenirLigne{{Cle: "3e", Actions: 2, Eleves: 50}}
			r.Avenir = store.Avenir{Actions: 2, Eleves: 50, ParNiveau: a, ParType: a, ParEP: a}
		},
		groupeExpertise: func(r *Rapport) {
			r.Expertise = store.Expertises{Demandees: 4, Rendus: 2, Declines: 1, Minutes: 150, ParSujet: l}
		},
	}
	rapport := func(g groupes) Rapport {
		r := Rapport{Demandes: store.Demandes{DelaiMedian: -1}}
		for x, fill := range parGroupe {
			if g&x != 0 {
				fill(&r)
			}
		}
		return r
	}
	if len(parGroupe) != 10 || tousGroupes != 1<<10-1 {
		t.Fatalf("a group without values in this test")
	}
	tout := rapport(tousGroupes)
	for _, v := range []Vue{VueNationale, VueAcademie, VueOrganisation, VueTerritoire, VueConseiller, VueEtablissement, VueExamens} {
		part := rapport(groupesDe(v))
		if !reflect.DeepEqual(part.ChiffresDe(v), tout.ChiffresDe(v)) {
			t.Errorf("view %v: figures differ with its groups only:\n%+v\n%+v", v, part.ChiffresDe(v), tout.ChiffresDe(v))
		}
		if !reflect.DeepEqual(part.SeriesDe(v), tout.SeriesDe(v)) {
			t.Errorf("view %v: charts differ with its groups only", v)
		}
	}
	if groupesDe(VueConseiller)&groupeCouverture != 0 {
		t.Errorf("a CEE's dashboard computes the coverage it does not show")
	}
}
