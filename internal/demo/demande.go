package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// saison weighs the months of a school year (index 0 = January): few
// requests in July and none in August, more around the job-discovery
// periods of autumn and March.
var saison = [12]float64{1.2, 1.0, 1.3, 1.0, 1.0, 0.7, 0.1, 0, 0.8, 1.1, 1.2, 0.9}

var typesPoids = []struct {
	t model.TypeDemande
	w float64
}{{model.TypeIntervention, 40}, {model.TypeForum, 12}, {model.TypeVisite, 15}, {model.TypeStage, 12}, {model.TypeStageSeconde, 6},
	{model.TypeExpertise, 4}, {model.TypeInstance, 5}, {model.TypeJury, 3}, {model.TypeAutre, 3}}

var titres = map[model.TypeDemande][]string{
	model.TypeIntervention: {"Découverte des métiers du bâtiment", "Présentation des métiers de l'industrie", "Les métiers du numérique en 4e", "Témoignage : créer son entreprise"},
	model.TypeForum:        {"Forum des métiers", "Carrefour des formations et des métiers"},
	model.TypeVisite:       {"Visite d'une entreprise du secteur", "Visite d'un atelier de production"},
	model.TypeStage:        {"Recherche de lieux de PFMP", "Lieux de stage pour les terminales"},
	model.TypeStageSeconde: {"Stage de seconde : accueil d'élèves"},
	model.TypeExpertise:    {"Avis sur l'ouverture d'une formation"},
	model.TypeInstance:     {"Conseil de perfectionnement", "Représentant au conseil d'administration"},
	model.TypeJury:         {"Jury de CAP hors campagne"},
	model.TypeAutre:        {"Simulation d'entretiens d'embauche"},
}

// joursOuvres lists the school days of three school years (2024–2025 to
// 2026–2027) weighted by season: weekdays that are not public holidays.
func joursOuvres() ([]time.Time, []float64) {
	var days []time.Time
	var weights []float64
	for d := time.Date(2024, 9, 2, 0, 0, 0, 0, time.UTC); d.Before(time.Date(2027, 7, 10, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || refdata.IsJourFerie(d) {
			continue
		}
		if w := saison[d.Month()-1]; w > 0 {
			days, weights = append(days, d), append(weights, w)
		}
	}
	return days, weights
}

// pickWeighted draws an index by weight, cum being the running sums.
func pickWeighted(rng *rand.Rand, cum []float64) int {
	x := rng.Float64() * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// demandes creates perAcademie requests in each académie over three school
// years, with their solicitations, the CEE's reports and the schools'
// ratings: past requests are mostly closed, coming ones being searched.
func demandes(ctx context.Context, s *store.Store, rng *rand.Rand, academies []refdata.Academie, etabs []model.Etablissement,
	unites campusDemo, perAcademie int, now time.Time, progress func(string, int, int)) (nd, ns, ni int, err error) {
	days, weights := joursOuvres()
	cum := make([]float64, len(weights))
	for i, w := range weights {
		cum[i] = w
		if i > 0 {
			cum[i] += cum[i-1]
		}
	}
	var typeCum []float64
	for i, t := range typesPoids {
		typeCum = append(typeCum, t.w)
		if i > 0 {
			typeCum[i] += typeCum[i-1]
		}
	}
	today := now.Truncate(24 * time.Hour)
	for k, a := range academies {
		var schools []model.Etablissement
		for _, e := range etabs {
			if e.Academie == a.Code {
				schools = append(schools, e)
			}
		}
		cees, _, err := s.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: a.Code}, Etat: model.DesignationActive, Limit: 1 << 20})
		if err != nil {
			return 0, 0, 0, err
		}
		if len(schools) == 0 || len(cees) == 0 {
			continue
		}
		err = s.InTx(ctx, func(tx *store.Store) error {
			for i := 0; i < perAcademie; i++ {
				e := schools[rng.IntN(len(schools))]
				if u := unites[a.Code]; len(u.Membres) > 0 && i%10 == 0 {
					// One request in ten is for a unit's school, each unit in
					// turn, so that their pages have figures (no draw: the
					// rest of the data stays the same).
					m := u.Membres[(i/10)%len(u.Membres)]
					e = m[(i/30)%len(m)]
				}
				t := typesPoids[pickWeighted(rng, typeCum)].t
				day := days[pickWeighted(rng, cum)]
				moment := []string{"AM", "PM", ""}[rng.IntN(3)]
				created := day.AddDate(0, 0, -7-rng.IntN(40))
				if created.After(now) {
					created = now.Add(-time.Duration(rng.IntN(72)) * time.Hour)
				}
				d := model.Demande{Academie: a.Code, UAI: e.UAI, Departement: e.Departement, CodeCommune: e.CodeCommune, Type: t,
					Titre: pick(rng, titres[t]), Personnes: 1 + rng.IntN(3), Eleves: 20 + rng.IntN(80), Niveaux: []string{pick(rng, model.Niveaux)},
					NAF: []string{metiers[rng.IntN(len(metiers))].naf[:2]}, Creneaux: []model.Creneau{{Jour: day, Moment: moment}},
					Lieu: e.Nom + ", " + e.NomCommune, ContactNom: "Secrétariat de direction", ContactEmail: "contact." + e.UAI + "@" + DomaineDemo,
					Echeance: day.AddDate(0, 0, -1), CreatedAt: created, CampusID: unites[a.Code].de(a.Code, e.UAI)}
				if t.AvecPlaces() {
					// Pôles de stage: places for pupils of the vocational
					// tracks (no draw, so that the other data stay the same).
					d.Places = 2 + i%9
					d.Niveaux = []string{[]string{"2de pro", "1re", "Terminale", "CAP", "BTS"}[i%5]}
					if t == model.TypeStageSeconde {
						d.Niveaux = []string{"2de GT"}
					}
				}
				past := day.Before(today)
				x := rng.Float64()
				switch {
				case past && x < 0.70:
					d.Etat = model.DemandeCloturee
				case past && x < 0.80:
					d.Etat = model.DemandeRealisee
				case past && x < 0.90:
					d.Etat = model.DemandeExpiree
				case past:
					d.Etat, d.MotifAnnulation = model.DemandeAnnulee, "Sortie annulée par l'établissement"
				case x < 0.45:
					d.Etat = model.DemandeEnRecherche
				case x < 0.75:
					d.Etat = model.DemandePourvue
				case x < 0.85:
					d.Etat = model.DemandeAValider
				case x < 0.95:
					d.Etat = model.DemandeBrouillon
				default:
					d.Etat, d.MotifAnnulation = model.DemandeAnnulee, "Projet reporté"
				}
				if i%9 == 4 && (d.Etat == model.DemandeEnRecherche || d.Etat == model.DemandeAValider) {
					// Alternative dates: whoever accepts chooses one.
					d.DatesAuChoix = true
					d.Creneaux = append(d.Creneaux, model.Creneau{Jour: day.AddDate(0, 0, 7), Moment: moment})
				}
				id, err := tx.CreateDemande(ctx, d)
				if err != nil {
					return err
				}
				nd++
				sent := created.Add(24 * time.Hour)
				answered := sent.Add(time.Duration(2+rng.IntN(70)) * time.Hour)
				so := func(cee model.Conseiller, etat model.EtatSollicitation, motif string) error {
					x := model.Sollicitation{DemandeID: id, ConseillerID: cee.ID, Etat: etat, Motif: motif, CreatedAt: sent,
						ExpireLe: sent.AddDate(0, 0, 10), Raisons: "secteur, proximité"}
					if etat != model.SollicitationEnvoyee {
						x.RepondueLe = &answered
					}
					if etat == model.SollicitationAcceptee && d.Places > 0 {
						// The one who accepts offers every place; once the
						// action took place, the school confirmed them (one
						// fewer every other time) and placed its pupils.
						x.PlacesOffertes = d.Places
						if d.Etat == model.DemandeRealisee || d.Etat == model.DemandeCloturee {
							x.PlacesConfirmees = d.Places - i%2
							x.ElevesPlaces = x.PlacesConfirmees - i%3%2
						}
					}
					_, err := tx.CreateSollicitation(ctx, x)
					ns++
					return err
				}
				first := cees[rng.IntN(len(cees))]
				second := cees[rng.IntN(len(cees))]
				switch d.Etat {
				case model.DemandeEnRecherche:
					if err := so(first, model.SollicitationEnvoyee, ""); err != nil {
						return err
					}
				case model.DemandePourvue, model.DemandeRealisee, model.DemandeCloturee:
					if second.ID != first.ID && rng.IntN(3) == 0 {
						if err := so(second, model.SollicitationDeclinee, pick(rng, model.MotifsRefus)); err != nil {
							return err
						}
					}
					if err := so(first, model.SollicitationAcceptee, ""); err != nil {
						return err
					}
					if d.Etat == model.DemandePourvue {
						break
					}
					if d.Etat == model.DemandeCloturee || rng.IntN(2) == 0 {
						if _, err := tx.CreateIntervention(ctx, model.Intervention{ConseillerID: first.ID, DemandeID: id, Academie: a.Code, CampusID: d.CampusID,
							Type: t, Date: day, DureeMinutes: 60 * (1 + rng.IntN(4)), UAI: e.UAI, Eleves: d.Eleves, Niveaux: d.Niveaux}); err != nil {
							return err
						}
						ni++
					}
					if d.Etat == model.DemandeCloturee {
						note := []int{5, 5, 5, 4, 4, 4, 3, 2}[rng.IntN(8)]
						if err := tx.EvaluerDemande(ctx, id, note, ""); err != nil {
							return err
						}
					}
				case model.DemandeExpiree:
					if err := so(first, model.SollicitationExpiree, ""); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return 0, 0, 0, fmt.Errorf("demandes de démonstration, académie %s : %w", a.Code, err)
		}
		if progress != nil {
			progress("demandes", k+1, len(academies))
		}
	}
	return nd, ns, ni, nil
}
