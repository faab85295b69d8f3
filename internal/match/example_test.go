package match_test

import (
	"fmt"
	"time"

	"cee/internal/match"
	"cee/internal/model"
)

func ExamplePool_Rank() {
	jour := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	pool, err := match.NewPool([]match.Candidat{
		{ID: 7, Type: match.CEE, Nom: "Claire Martin", Academie: "16", Territoire: []string{"31"},
			NAF: []string{"43.21A"}, Domicile: &match.Coord{Lat: 43.70, Lon: 1.44},
			Dispo:              model.Disponibilite{MaxParMois: 4},
			SollicitationsMois: 2, AccepteesAn: 3, Sollicitees: 10, Repondues: 8, NoteMoyenne: 4.5, NbNotes: 4},
		{ID: 12, Type: match.Professionnel, Nom: "Karim Benali", Academie: "16", Territoire: []string{"31"},
			NAF: []string{"43.22A"}, Domicile: &match.Coord{Lat: 43.60, Lon: 1.40},
			Consent: model.Consentement{Interventions: true}},
		{ID: 15, Type: match.CEE, Nom: "Hors territoire", Academie: "16", Territoire: []string{"65"}},
	})
	if err != nil {
		panic(err)
	}
	secteurs := map[string]string{
		"43.21A": "Travaux d'installation électrique (NAF 43.21A)",
		"43.22A": "Travaux d'installation d'eau et de gaz en tous locaux (NAF 43.22A)",
		"43.2":   "Travaux d'installation électrique, plomberie et autres travaux d'installation (NAF 43.2)",
	}
	cl, err := pool.Rank(match.Demande{
		Academie: "16", Departement: "031", Lieu: &match.Coord{Lat: 43.6045, Lon: 1.4440},
		Nature: match.Intervention, NAF: []string{"43.21A"},
		Creneaux: []match.Creneau{{Jour: jour("2027-05-01"), Moment: match.Matin}},
		// The caller names codes from its reference data (refdata.LibelleNAF).
		Noms: match.Noms{Secteur: func(code string) string { return secteurs[code] }},
	}, match.Calendrier{Feries: []match.Ferie{{Date: jour("2027-05-01"), Nom: "Fête du Travail"}}},
		match.PoidsParDefaut(), match.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(cl.Alertes[0])
	fmt.Println(cl.Exclus.Libelle())
	for _, r := range cl.Resultats {
		fmt.Printf("%s (%s) %.1f / %.0f\n", r.Nom, r.Type.Label(), r.Score, cl.ScoreMax)
		for _, x := range r.Raisons {
			fmt.Printf("  %5.2f  %s\n", x.Points, x.Libelle)
		}
	}
	// Output:
	// Le 1er mai 2027 matin est un jour férié (Fête du Travail).
	// 1 exclu : hors territoire 1
	// Claire Martin (CEE) 55.6 / 70
	//   25.00  Secteur : Travaux d'installation électrique (NAF 43.21A) correspond
	//    9.80  11 km de l'établissement
	//    5.00  Disponible le 1er mai 2027 matin
	//    5.00  2 sollicitations ce mois sur 4 autorisées
	//    3.33  3 actions acceptées en 12 mois
	//    3.77  Taux de réponse 80 % (10 demandes)
	//    3.75  Note moyenne 4,5/5 (4 avis)
	// Karim Benali (Professionnel) 53.2 / 70
	//    0.00  A accepté d'être contacté pour les interventions en classe
	//   15.00  Secteur voisin : Travaux d'installation d'eau et de gaz en tous locaux (NAF 43.22A), même groupe : Travaux d'installation électrique, plomberie et autres travaux d'installation (NAF 43.2)
	//   12.72  4 km de l'établissement
	//    5.00  Disponible le 1er mai 2027 matin
	//   10.00  0 sollicitation ce mois, sans plafond
	//    5.00  Aucune action acceptée en 12 mois
	//    3.00  Jamais sollicité : taux de réponse inconnu
	//    2.50  Pas encore d'avis
}
