package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// CadenceInstantanes is how often the job indicateurs.calculer computes
// the indicators ahead (store.Instantane); the pages say when they were.
const CadenceInstantanes = 15 * time.Minute

// fraicheurInstantane is the age beyond which indicators computed ahead
// are not shown (the job stopped): the page computes them itself.
const fraicheurInstantane = 4 * CadenceInstantanes

// cleRapport is the key of the indicators of f computed ahead: the
// dashboards as they open (the national view or one académie's, the
// current school year, no other filter). ok is false for any other filter,
// computed on view.
func cleRapport(f store.IndicateurFilter, now time.Time) (cle string, ok bool) {
	if f.Academies != nil || f.Departement != "" || f.OrganisationID != 0 || f.Reseau != 0 || f.SectionNAF != "" || f.ConseillerID != 0 ||
		f.UAI != "" || f.Annee != model.AnneeScolaireOf(now) || !f.Du.IsZero() || !f.Au.IsZero() {
		return "", false
	}
	if f.Academie == "" {
		return fmt.Sprintf("rapport/%d/national", f.Annee), true
	}
	return fmt.Sprintf("rapport/%d/%s", f.Annee, f.Academie), true
}

func cleStatistiques(annee model.AnneeScolaire) string { return fmt.Sprintf("statistiques/%d", annee) }

// lireInstantane decodes into dst the indicators computed ahead under cle
// when fresh enough, and tells when they were computed; ok is false
// without them.
func lireInstantane(ctx context.Context, s *store.Store, cle string, now time.Time, dst any) (time.Time, bool, error) {
	i, err := s.GetInstantane(ctx, cle)
	if errors.Is(err, store.ErrNotFound) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	if now.Sub(i.CalculeLe) > fraicheurInstantane {
		return time.Time{}, false, nil
	}
	if err := json.Unmarshal(i.Contenu, dst); err != nil {
		// A shape of an older version: computed on view until the job runs.
		return time.Time{}, false, nil
	}
	return i.CalculeLe, true, nil
}

func ecrireInstantane(ctx context.Context, s *store.Store, cle string, v any, calcule time.Time) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.PutInstantane(ctx, cle, store.Instantane{Contenu: b, CalculeLe: calcule})
}

// LignesNonAtteints is how many schools never reached a dashboard lists
// (the whole list is a CSV).
const LignesNonAtteints = 20

// RapportTableau is the indicators of f the dashboard v shows and the time
// they were computed: those of the job indicateurs.calculer when f is a
// dashboard as it opens and they are fresh, else computed now (the groups
// v shows only). Of the lists, only what a dashboard shows is sure to be
// there: no load per CEE (Charge.CEE), the first LignesNonAtteints schools
// never reached.
func RapportTableau(ctx context.Context, s *store.Store, f store.IndicateurFilter, v Vue, now time.Time) (Rapport, time.Time, error) {
	if cle, ok := cleRapport(f, now); ok {
		var r Rapport
		calcule, ok, err := lireInstantane(ctx, s, cle, now, &r)
		if err != nil {
			return r, calcule, err
		}
		if ok {
			// The target, which the pilote sets on this very page, is read
			// now: a key in hand.
			r.F = f
			r.CEE.Objectif, err = s.ObjectifCEE(ctx, f)
			return r, calcule, err
		}
	}
	if f.Academie != "" && (f.OrganisationID != 0 || f.Reseau != 0) && f.Du.IsZero() && f.Au.IsZero() {
		return rapportMemorise(ctx, s, f, v, now)
	}
	r, err := calculerRapport(ctx, s, f, groupesDe(v), nil)
	return r, now, err
}

// rapportCalcule is a report computed on view and when.
type rapportCalcule struct {
	r       Rapport
	calcule time.Time
}

// rapportMemorise is the dashboard of an organisation or a network in an
// académie, computed on view and then kept in this instance's memory while
// the académie's requests, solicitations and designations are unchanged
// (store.VersionsAcademie, raised by triggers whoever writes) and for at
// most CadenceInstantanes, the age the dashboards computed ahead may have:
// its every group reads the académie's year (46 ms of CPU per view on the
// national SQLite demo, spread over seven groups), while the figures change
// a few times an hour. The page shows when they were computed. Trimmed as
// the job trims its own (no load per CEE, the first schools never reached)
// so that an entry stays small; one per organisation, view and filter.
func rapportMemorise(ctx context.Context, s *store.Store, f store.IndicateurFilter, v Vue, now time.Time) (Rapport, time.Time, error) {
	cle := f
	cle.Now = time.Time{}
	m, err := store.Memoriser(ctx, s, store.VersionsAcademie, f.Academie, fmt.Sprintf("rapport %v %+v", v, cle), now, CadenceInstantanes,
		func() (rapportCalcule, error) {
			r, err := calculerRapport(ctx, s, f, groupesDe(v), nil)
			r.Charge.CEE = nil
			r.Couverture.NonAtteints = r.Couverture.NonAtteints[:min(LignesNonAtteints, len(r.Couverture.NonAtteints))]
			return rapportCalcule{r, now}, err
		})
	r := m.r
	r.F = f
	return r, m.calcule, err
}

// StatistiquesPubliques is the open statistics of a school year and the
// time they were computed: the job's for the current and the previous
// year when fresh, else computed now.
func StatistiquesPubliques(ctx context.Context, s *store.Store, annee model.AnneeScolaire, now time.Time) ([]store.StatAcademie, time.Time, error) {
	var out []store.StatAcademie
	calcule, ok, err := lireInstantane(ctx, s, cleStatistiques(annee), now, &out)
	if err != nil || ok {
		return out, calcule, err
	}
	out, err = s.StatistiquesPubliques(ctx, annee, now)
	return out, now, err
}

// CalculerInstantanes is the job indicateurs.calculer: it computes ahead
// the national dashboard, each académie's, and the open statistics of the
// current and the previous school year, for the pages to read.
func CalculerInstantanes(ctx context.Context, s *store.Store, now time.Time) error {
	annee := model.AnneeScolaireOf(now)
	for _, a := range append([]string{""}, codesAcademies()...) {
		f := store.IndicateurFilter{Annee: annee, Now: now, Academie: a}
		cle, _ := cleRapport(f, now)
		r, err := CalculerRapport(ctx, s, f, nil)
		if err != nil {
			return err
		}
		// What the pages do not show stays out: the load of each CEE (4,500
		// nationally) and the schools never reached beyond the first ones.
		r.Charge.CEE = nil
		r.Couverture.NonAtteints = r.Couverture.NonAtteints[:min(LignesNonAtteints, len(r.Couverture.NonAtteints))]
		if err := ecrireInstantane(ctx, s, cle, r, now); err != nil {
			return err
		}
	}
	for _, y := range []model.AnneeScolaire{annee, annee - 1} {
		st, err := s.StatistiquesPubliques(ctx, y, now)
		if err != nil {
			return err
		}
		if err := ecrireInstantane(ctx, s, cleStatistiques(y), st, now); err != nil {
			return err
		}
	}
	return nil
}

func codesAcademies() []string {
	var out []string
	for _, a := range refdata.Academies() {
		out = append(out, a.Code)
	}
	return out
}
