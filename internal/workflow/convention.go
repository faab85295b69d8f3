package workflow

import (
	"context"
	"fmt"
	"time"

	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
)

// conventionAlerts are the warnings before a convention ends.
var conventionAlerts = []struct {
	months int
	delai  string
}{{6, "six mois"}, {1, "un mois"}}

// Conventions expires the conventions past their end and warns the pilotes
// of each académie six months and one month before a convention ends, once
// per convention and threshold (dedup key).
func Conventions(ctx context.Context, s *store.Store, baseURL string, now time.Time) error {
	if _, err := s.ExpireConventions(ctx, now); err != nil {
		return err
	}
	for _, a := range conventionAlerts {
		ending, err := s.ConventionsEnding(ctx, now.AddDate(0, a.months, 0))
		if err != nil {
			return err
		}
		for _, c := range ending {
			pilotes, err := pilotesOf(ctx, s, c.Academie)
			if err != nil {
				return err
			}
			for _, p := range pilotes {
				if err := envoyerCourriel(ctx, s, courriel{modele: "convention", to: p.Email, data: mail.ConventionData{Academie: DeAcademie(c.Academie),
					Organisation: c.Organisation, Fin: model.Date(c.Fin()), Delai: a.delai, URL: baseURL + "/conventions"},
					priorite: store.PriorityNormal, dedup: fmt.Sprintf("convention-%d-%dmois-%d", c.ID, a.months, p.ID)}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// CreerConvention records a draft convention (its fields checked by the
// caller): refused when its period meets another convention of the same
// organisation in the académie.
func CreerConvention(ctx context.Context, s *store.Store, a Actor, c model.Convention) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		others, err := tx.ConventionsOfOrganisation(ctx, c.Academie, c.OrganisationID)
		if err != nil {
			return err
		}
		for _, o := range others {
			if o.Chevauche(c) {
				return model.ChevauchementConvention(c, o)
			}
		}
		id, err := tx.CreateConvention(ctx, c)
		if err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditConvention, "convention", id, c.Academie, "brouillon")
	})
}

// SignerConvention stores the signed PDF of convention c, signed on
// signeeLe, under the file name nom; store.ErrConflict when the convention
// has expired.
func SignerConvention(ctx context.Context, s *store.Store, a Actor, c model.Convention, signeeLe time.Time, nom string, pdf []byte) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SignConvention(ctx, c.ID, signeeLe, nom, pdf); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditConvention, "convention", c.ID, c.Academie, "signée : "+nom)
	})
}
