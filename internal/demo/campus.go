package demo

import (
	"context"
	"fmt"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// unitesDemo are the demo's units of one académie: their ids, in the order
// CMQ, pôle de stage, lycée des métiers, and their member schools.
type unitesDemo struct {
	Academie string
	IDs      []int64
	Membres  [][]model.Etablissement
}

// cmq is the CMQ's id, for the demo animator's account.
func (u unitesDemo) cmq() int64 { return u.IDs[0] }

// de is the unit a record about the school uai is attached to: the first
// unit it is a member of, 0 for none.
func (u unitesDemo) de(academie, uai string) int64 {
	if academie != u.Academie {
		return 0
	}
	for i, membres := range u.Membres {
		for _, e := range membres {
			if e.UAI == uai {
				return u.IDs[i]
			}
		}
	}
	return 0
}

// campusDemo is the demo's units of every académie, by code.
type campusDemo map[string]unitesDemo

// campus creates, in each académie, one campus des métiers et des
// qualifications, one pôle de stage and one lycée des métiers (issue: demo
// data covering each unit on both scales), with member lycées taken from
// the schools generated (no random draw, so the rest of the data set is
// unchanged).
func campus(ctx context.Context, s *store.Store, academies []refdata.Academie, etabs []model.Etablissement) (campusDemo, error) {
	choix, err := choixUnites(academies, etabs)
	if err != nil {
		return nil, err
	}
	unites := campusDemo{}
	for _, a := range academies {
		list := choix[a.Code]
		u := unitesDemo{Academie: a.Code}
		err = s.InTx(ctx, func(tx *store.Store) error {
			for _, x := range list {
				id, err := tx.CreateCampus(ctx, x.Campus)
				if err != nil {
					return err
				}
				u.IDs, u.Membres = append(u.IDs, id), append(u.Membres, x.Membres)
				for _, e := range x.Membres {
					if err := tx.AddCampusEtablissement(ctx, id, e.UAI); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		unites[a.Code] = u
	}
	return unites, nil
}

// choixUnites chooses the units of every académie, by code.
func choixUnites(academies []refdata.Academie, etabs []model.Etablissement) (map[string][]uniteDemo, error) {
	choix := map[string][]uniteDemo{}
	for _, a := range academies {
		list, err := unitesAcademie(a, etabs)
		if err != nil {
			return nil, err
		}
		choix[a.Code] = list
	}
	return choix, nil
}

// uniteDemo is one unit to create and its member schools.
type uniteDemo struct {
	Campus  model.Campus
	Membres []model.Etablissement
}

// unitesAcademie chooses the académie's three units, in the order CMQ,
// pôle de stage, lycée des métiers: up to four vocational lycées for the
// CMQ, up to three other lycées and the CMQ's first for the pôle de stage,
// a lycée des métiers of no other unit when there is one (its figures are
// then its own), else the first of the CMQ's.
func unitesAcademie(a refdata.Academie, etabs []model.Etablissement) ([]uniteDemo, error) {
	var pros, lycees []model.Etablissement
	var ldm *model.Etablissement
	for _, e := range etabs {
		if e.Academie != a.Code || e.Type != model.Lycee {
			continue
		}
		switch {
		case e.VoieProfessionnelle && len(pros) < 4:
			pros = append(pros, e)
		case !e.VoieProfessionnelle && len(lycees) < 3:
			lycees = append(lycees, e)
		case e.LyceeDesMetiers && ldm == nil:
			ldm = &e
		}
	}
	for i := range pros {
		if ldm == nil && pros[i].LyceeDesMetiers {
			ldm = &pros[i]
		}
	}
	if len(pros) == 0 || ldm == nil {
		return nil, fmt.Errorf("unités de démonstration : aucun lycée professionnel ou lycée des métiers dans l'académie %s", a.Code)
	}
	return []uniteDemo{
		{model.Campus{Type: model.CampusCMQ, Nom: "Campus des métiers et des qualifications Industrie du futur (" + a.Nom + ")", Academie: a.Code}, pros},
		{model.Campus{Type: model.CampusPoleStage, Nom: "Pôle de stage " + a.Nom + " centre", Academie: a.Code}, append(lycees, pros[0])},
		{model.Campus{Type: model.CampusLyceeMetiers, Nom: "Lycée des métiers " + ldm.Nom, Academie: a.Code}, []model.Etablissement{*ldm}},
	}, nil
}
