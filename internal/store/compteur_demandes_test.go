package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// TestCountDemandesCompteurs: the totals read from the counters kept by
// triggers (migration 0040) are the number of requests the list itself
// reads, for every kind of filter, after requests are created, moved from
// state to state and their drafts moved to another territory.
func TestCountDemandesCompteurs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var auteurs []int64
		for i := range 3 {
			id, err := s.CreateCompte(ctx, model.Compte{Email: fmt.Sprintf("auteur%d@exemple.fr", i), Nom: "Auteur", Statut: model.CompteActif})
			if err != nil {
				t.Fatal(err)
			}
			auteurs = append(auteurs, id)
		}
		// Toulouse and Montpellier (one région), Versailles; two
		// départements in Toulouse.
		lieux := [][2]string{{"16", "31"}, {"16", "32"}, {"11", "34"}, {"25", "78"}}
		types := []model.TypeDemande{model.TypeIntervention, model.TypeVisite, model.TypeForum}
		rng := rand.New(rand.NewPCG(1, 2))
		var ids []int64
		etats := map[int64]model.EtatDemande{}
		for i := range 80 {
			l := lieux[rng.IntN(len(lieux))]
			etat := []model.EtatDemande{model.DemandeBrouillon, model.DemandeAValider, model.DemandeEnRecherche}[rng.IntN(3)]
			id, err := s.CreateDemande(ctx, model.Demande{Academie: l[0], Departement: l[1], Type: types[rng.IntN(len(types))],
				Titre: fmt.Sprintf("Demande %d", i), Personnes: 1, Etat: etat, AuteurID: auteurs[rng.IntN(len(auteurs))]})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
			etats[id] = etat
		}
		check := func(when string) {
			t.Helper()
			for _, sc := range []model.Scope{{National: true}, {Academie: "16"}, {Academie: "25"}, {Departement: "31"},
				{Region: "Occitanie"}, {Academie: "16", Organisation: "3"}, {Academie: "16", UAI: "0310000A"}} {
				for _, es := range [][]model.EtatDemande{nil, {model.DemandeBrouillon}, {model.DemandeEnRecherche, model.DemandePourvue},
					{model.DemandeAValider, model.DemandeBrouillon}} {
					for _, typ := range []model.TypeDemande{"", model.TypeVisite} {
						for _, lecteur := range []int64{0, auteurs[0], auteurs[2]} {
							f := store.DemandeFilter{Scope: sc, Etats: es, Type: typ, CompteID: lecteur, Limit: 1000}
							n, err := s.CountDemandes(ctx, f)
							if err != nil {
								t.Fatal(err)
							}
							list, _, err := s.ListDemandes(ctx, f)
							if err != nil {
								t.Fatal(err)
							}
							if n != len(list) {
								t.Errorf("%s: %+v counted %d, listed %d", when, f, n, len(list))
							}
						}
					}
				}
			}
		}
		check("created")
		next := map[model.EtatDemande]model.EtatDemande{model.DemandeBrouillon: model.DemandeAValider,
			model.DemandeAValider: model.DemandeEnRecherche, model.DemandeEnRecherche: model.DemandePourvue}
		for _, id := range ids[:50] {
			from := etats[id]
			if err := s.SetEtatDemande(ctx, id, from, next[from], ""); err != nil {
				t.Fatal(err)
			}
			etats[id] = next[from]
		}
		check("moved on")
		moved := 0
		for _, id := range ids {
			if etats[id] != model.DemandeBrouillon {
				continue
			}
			d, err := s.GetDemande(ctx, id, store.DemandeFilter{Scope: model.Scope{National: true}, CompteID: 0})
			if err != nil {
				// A draft is its author's only: read it as them.
				for _, a := range auteurs {
					if d, err = s.GetDemande(ctx, id, store.DemandeFilter{Scope: model.Scope{National: true}, CompteID: a}); err == nil {
						break
					}
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			d.Academie, d.Departement, d.Type = "25", "78", model.TypeVisite
			d.UpdatedAt = time.Now()
			if err := s.UpdateDemande(ctx, d); err != nil {
				t.Fatal(err)
			}
			moved++
		}
		if moved == 0 {
			t.Fatal("no draft left to move")
		}
		check("drafts moved")
	})
}
