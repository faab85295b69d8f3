package demo

import (
	"fmt"
	"math/rand/v2"

	"cee/internal/model"
)

// UnitesEchelle is what Generate chooses as units at a scale for a seed,
// by académie, each unit with its number of members: the national scale's
// choice is checked without generating its data set (30 minutes).
func UnitesEchelle(scale Scale, seed uint64) (map[string][]model.Campus, error) {
	academies, perDepartement, _, _, err := echelle(scale)
	if err != nil {
		return nil, err
	}
	// The schools are the first draws of Generate's generator.
	etabs := ecoles(rand.New(rand.NewPCG(seed, 0x5eed_cee)), academies, perDepartement)
	choix, err := choixUnites(academies, etabs)
	if err != nil {
		return nil, err
	}
	out := map[string][]model.Campus{}
	for code, list := range choix {
		for _, u := range list {
			for _, e := range u.Membres {
				if e.Academie != code || e.Type != model.Lycee {
					return nil, fmt.Errorf("%s : membre %s (%s, académie %s)", u.Campus.Nom, e.UAI, e.Type, e.Academie)
				}
			}
			u.Campus.NbMembres = len(u.Membres)
			out[code] = append(out[code], u.Campus)
		}
	}
	return out, nil
}
