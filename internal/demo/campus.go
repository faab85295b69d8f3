package demo

import (
	"context"
	"fmt"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// campus creates one campus des métiers et des qualifications and one pôle
// de stage in the académie, with member lycées taken from the schools
// generated (no random draw, so the rest of the data set is unchanged), and
// returns the CMQ's id for the demo animator's account.
func campus(ctx context.Context, s *store.Store, academie string, etabs []model.Etablissement) (int64, error) {
	var pros, lycees []model.Etablissement
	for _, e := range etabs {
		if e.Academie != academie || e.Type != model.Lycee {
			continue
		}
		if e.VoieProfessionnelle && len(pros) < 4 {
			pros = append(pros, e)
		} else if !e.VoieProfessionnelle && len(lycees) < 3 {
			lycees = append(lycees, e)
		}
	}
	if len(pros) == 0 {
		return 0, fmt.Errorf("campus de démonstration : aucun lycée professionnel dans l'académie %s", academie)
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
	}
	var cmq int64
	err := s.InTx(ctx, func(tx *store.Store) error {
		for i, x := range list {
			id, err := tx.CreateCampus(ctx, x.c)
			if err != nil {
				return err
			}
			if i == 0 {
				cmq = id
			}
			for _, e := range x.membres {
				if err := tx.AddCampusEtablissement(ctx, id, e.UAI); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return cmq, err
}
