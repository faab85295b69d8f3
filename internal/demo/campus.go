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

// campus creates one campus des métiers et des qualifications, one pôle de
// stage and one lycée des métiers in the académie, with member lycées taken
// from the schools generated (no random draw, so the rest of the data set
// is unchanged).
func campus(ctx context.Context, s *store.Store, academie string, etabs []model.Etablissement) (unitesDemo, error) {
	var pros, lycees []model.Etablissement
	var ldm *model.Etablissement
	for _, e := range etabs {
		if e.Academie != academie || e.Type != model.Lycee {
			continue
		}
		switch {
		case e.VoieProfessionnelle && len(pros) < 4:
			pros = append(pros, e)
		case !e.VoieProfessionnelle && len(lycees) < 3:
			lycees = append(lycees, e)
		case e.LyceeDesMetiers && ldm == nil:
			// A school of no other unit: the lycée des métiers's figures
			// are its own.
			ldm = &e
		}
	}
	if len(pros) == 0 || ldm == nil {
		return unitesDemo{}, fmt.Errorf("unités de démonstration : aucun lycée professionnel ou lycée des métiers dans l'académie %s", academie)
	}
	nomAcademie := academie
	if a, ok := refdata.AcademieByCode(academie); ok {
		nomAcademie = a.Nom
	}
	list := []struct {
		c       model.Campus
		membres []model.Etablissement
	}{
		{model.Campus{Type: model.CampusCMQ, Nom: "Campus des métiers et des qualifications Industrie du futur (" + nomAcademie + ")", Academie: academie}, pros},
		{model.Campus{Type: model.CampusPoleStage, Nom: "Pôle de stage " + nomAcademie + " centre", Academie: academie}, append(lycees, pros[0])},
		{model.Campus{Type: model.CampusLyceeMetiers, Nom: "Lycée des métiers " + ldm.Nom, Academie: academie}, []model.Etablissement{*ldm}},
	}
	u := unitesDemo{Academie: academie}
	err := s.InTx(ctx, func(tx *store.Store) error {
		for _, x := range list {
			id, err := tx.CreateCampus(ctx, x.c)
			if err != nil {
				return err
			}
			u.IDs, u.Membres = append(u.IDs, id), append(u.Membres, x.membres)
			for _, e := range x.membres {
				if err := tx.AddCampusEtablissement(ctx, id, e.UAI); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return u, err
}
