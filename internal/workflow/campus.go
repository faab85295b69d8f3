package workflow

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/store"
)

// CreerCampus records a campus or internship hub (checked by the caller)
// and its journal line.
func CreerCampus(ctx context.Context, s *store.Store, a Actor, c model.Campus) (id int64, err error) {
	err = s.InTx(ctx, func(tx *store.Store) error {
		if id, err = tx.CreateCampus(ctx, c); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditCampus, "campus", id, c.Academie, c.Type.Label()+" créé : "+c.Nom)
	})
	return id, err
}

// AjouterMembreCampus adds the school e to campus c; store.ErrConflict when
// it is a member already.
func AjouterMembreCampus(ctx context.Context, s *store.Store, a Actor, c model.Campus, e model.Etablissement) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.AddCampusEtablissement(ctx, c.ID, e.UAI); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditCampus, "campus", c.ID, c.Academie, "membre ajouté : "+e.UAI+" "+e.Nom)
	})
}

// RetirerMembreCampus removes the school uai from campus c.
func RetirerMembreCampus(ctx context.Context, s *store.Store, a Actor, c model.Campus, uai string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.RemoveCampusEtablissement(ctx, c.ID, uai); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditCampus, "campus", c.ID, c.Academie, "membre retiré : "+uai)
	})
}

// LireUnite checks the unit id chosen for a record of the académie about
// the school uai ("" for an event, which has none): a unit of the académie
// with the school among its members. The unit, or a French message saying
// what to do; the zero unit and no message when id is 0 (« Aucune »).
func LireUnite(ctx context.Context, s *store.Store, id int64, academie, uai string, avecEtablissement bool) (model.Campus, string) {
	if id == 0 {
		return model.Campus{}, ""
	}
	c, err := s.GetCampus(ctx, id)
	switch {
	case err != nil:
		return model.Campus{}, "Cette unité n'existe pas : choisissez-en une dans la liste, ou « Aucune »."
	case c.Academie != academie:
		return model.Campus{}, c.Nom + " relève de l'académie " + DeAcademie(c.Academie) + " : choisissez une unité de l'académie, ou « Aucune »."
	case avecEtablissement && uai == "":
		return model.Campus{}, "Une demande ou une action rattachée à " + c.Nom + " concerne l'un de ses établissements membres : indiquez l'établissement."
	case avecEtablissement && !c.Contient(uai):
		return model.Campus{}, "L'établissement n'est pas membre de " + c.Nom + " : choisissez une unité dont il est membre, ou « Aucune »."
	}
	return c, ""
}

// PeriodeUnite reads the period of a unit's page (du, au: days, au
// included; the school year of now by default) as the dashboards read
// theirs: the bounds, Au excluded, and an ErreurFiltre when a date cannot
// be read (the school year is then returned too).
func PeriodeUnite(q url.Values, now time.Time) (du, au time.Time, err error) {
	f := store.IndicateurFilter{Annee: model.AnneeScolaireOf(now), Now: now}
	err = lirePeriode(&f, q, now)
	if err != nil || f.Du.IsZero() {
		return f.Annee.Debut(), f.Annee.Fin(), err
	}
	return f.Du, f.Au, nil
}

// LigneUnite is one figure of a unit.
type LigneUnite struct {
	Libelle string
	N       int
}

// LignesUnite are a unit's figures in the order its page shows them: the
// requests sent, then by state, and the engagement they drew.
func LignesUnite(c store.ChiffresUnite) []LigneUnite {
	out := []LigneUnite{{"Demandes envoyées", c.Demandes}}
	for _, l := range c.ParEtat {
		out = append(out, LigneUnite{"dont « " + l.Libelle + " »", l.N})
	}
	return append(out,
		LigneUnite{"Actions des conseillers", c.Actions},
		LigneUnite{"Conseillers engagés (sollicitation acceptée)", c.CEE},
		LigneUnite{"Professionnels engagés (sollicitation acceptée)", c.Professionnels},
		LigneUnite{"Établissements atteints", c.Etablissements},
		LigneUnite{"Événements", c.Evenements})
}

// EnteteUnites and LignesUnites are the bilan's table « Par unité »: one
// line per unit of the académie.
func EnteteUnites() []string {
	return []string{"Unité", "Type", "Demandes envoyées", "Demandes par état", "Actions", "CEE engagés", "Professionnels engagés",
		"Établissements atteints", "Événements"}
}

// LignesUnites are the lines of EnteteUnites.
func LignesUnites(list []store.ChiffresUnite) [][]string {
	out := make([][]string, 0, len(list))
	for _, c := range list {
		var etats []string
		for _, l := range c.ParEtat {
			etats = append(etats, l.Libelle+" : "+strconv.Itoa(l.N))
		}
		out = append(out, []string{c.Campus.Nom, c.Campus.Type.Label(), strconv.Itoa(c.Demandes), strings.Join(etats, ", "),
			strconv.Itoa(c.Actions), strconv.Itoa(c.CEE), strconv.Itoa(c.Professionnels), strconv.Itoa(c.Etablissements), strconv.Itoa(c.Evenements)})
	}
	return out
}
