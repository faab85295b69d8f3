package store

import (
	"context"
	"fmt"
	"time"

	"cee/internal/model"
)

// ChiffresUnite are a unit's figures over a period (its page's dashboard
// and the bilan's section « Par unité »).
type ChiffresUnite struct {
	Campus model.Campus // id, kind, name and académie
	// Demandes: the unit's requests sent in the period (drafts aside), by
	// state in lifecycle order.
	Demandes int
	ParEtat  []Ligne
	// Actions: the CEE's actions for the unit dated in the period.
	Actions int
	// CEE and Professionnels engaged: the distinct people who accepted a
	// solicitation on one of those requests.
	CEE, Professionnels int
	// Etablissements reached: the distinct schools of the unit's actions
	// of the period and of its requests done (réalisée, clôturée) whose
	// day fell in it (the coverage's « reached », limited to the unit).
	Etablissements int
	// Evenements: the unit's events starting in the period, cancelled ones
	// aside.
	Evenements int
}

// UniteFilter chooses the units and the period of ChiffresUnites.
type UniteFilter struct {
	Academie string // every unit of the académie…
	CampusID int64  // …or this one
	Du, Au   time.Time
}

// ChiffresUnites returns the figures of the units of f, by académie and
// name; a unit without any record has its line, with zeros. Queries of
// their own, from the unit's records by the partial indexes of migration
// 0039: the académie's indicators are not slowed down by the units.
func (s *Store) ChiffresUnites(ctx context.Context, f UniteFilter) (_ []ChiffresUnite, err error) {
	defer wrap(&err, "ChiffresUnites")
	var units []model.Campus
	if f.CampusID != 0 {
		c, err := s.GetCampus(ctx, f.CampusID)
		if err != nil {
			return nil, err
		}
		units = []model.Campus{c}
	} else if f.Academie != "" {
		if units, err = s.ListCampus(ctx, f.Academie); err != nil {
			return nil, err
		}
	} else {
		return nil, fmt.Errorf("ni académie ni unité")
	}
	out := make([]ChiffresUnite, len(units))
	byID := map[int64]*ChiffresUnite{}
	for i, c := range units {
		out[i].Campus = c
		byID[c.ID] = &out[i]
	}
	du, au := utc(f.Du), utc(f.Au)
	// The units: one, or the académie's.
	unit := func(col string) string {
		if f.CampusID != 0 {
			return col + " = $1"
		}
		return col + " IN (SELECT u.id FROM campus u WHERE u.academie = $1)"
	}
	var sel any = f.Academie
	if f.CampusID != 0 {
		sel = f.CampusID
	}
	// each runs q over (units, du, au) and gives each row's unit to scan
	// with the row's other columns.
	each := func(q string, dest func() []any, apply func(c *ChiffresUnite)) error {
		rows, err := s.q.QueryContext(ctx, q, sel, du, au)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(append([]any{&id}, dest()...)...); err != nil {
				return err
			}
			if c := byID[id]; c != nil { // nil: a unit created meanwhile
				apply(c)
			}
		}
		return rows.Err()
	}
	var etat string
	var n, m int
	etats := map[int64]counter{}
	d, i := unit("d.campus_id"), unit("i.campus_id")
	jour := `COALESCE(d.premier_jour, d.soumise_le, d.created_at)`
	for _, x := range []struct {
		q     string
		dest  func() []any
		apply func(c *ChiffresUnite)
	}{
		{`SELECT d.campus_id, d.etat, COUNT(*) FROM demandes d WHERE ` + d + ` AND d.etat <> 'brouillon'
			AND ` + envoi + ` >= $2 AND ` + envoi + ` < $3 GROUP BY d.campus_id, d.etat`,
			func() []any { return []any{&etat, &n} },
			func(c *ChiffresUnite) {
				if etats[c.Campus.ID] == nil {
					etats[c.Campus.ID] = counter{}
				}
				etats[c.Campus.ID].add(etat, model.EtatDemande(etat).Label(), n)
				c.Demandes += n
			}},
		// Engagement: the people who accepted on the unit's requests.
		{`SELECT d.campus_id, COUNT(DISTINCT s.conseiller_id), COUNT(DISTINCT s.professionnel_id)
			FROM demandes d JOIN sollicitations s ON s.demande_id = d.id
			WHERE ` + d + ` AND d.etat <> 'brouillon' AND s.etat = 'acceptee'
			AND ` + envoi + ` >= $2 AND ` + envoi + ` < $3 GROUP BY d.campus_id`,
			func() []any { return []any{&n, &m} },
			func(c *ChiffresUnite) { c.CEE, c.Professionnels = n, m }},
		{`SELECT i.campus_id, COUNT(*) FROM interventions i WHERE ` + i + `
			AND i.date_action >= $2 AND i.date_action < $3 GROUP BY i.campus_id`,
			func() []any { return []any{&n} },
			func(c *ChiffresUnite) { c.Actions = n }},
		{`SELECT v.campus_id, COUNT(*) FROM evenements v WHERE ` + unit("v.campus_id") + `
			AND v.etat <> 'annule' AND v.debut >= $2 AND v.debut < $3 GROUP BY v.campus_id`,
			func() []any { return []any{&n} },
			func(c *ChiffresUnite) { c.Evenements = n }},
		// The schools reached: the coverage's atteint, from the unit's
		// records only.
		{`SELECT x.campus_id, COUNT(DISTINCT x.uai) FROM (
				SELECT i.campus_id, i.uai FROM interventions i WHERE ` + i + ` AND i.uai <> ''
					AND i.date_action >= $2 AND i.date_action < $3
				UNION SELECT d.campus_id, d.uai FROM demandes d WHERE ` + d + ` AND d.uai <> '' AND d.etat IN ('realisee', 'cloturee')
					AND ` + jour + ` >= $2 AND ` + jour + ` < $3) x GROUP BY x.campus_id`,
			func() []any { return []any{&n} },
			func(c *ChiffresUnite) { c.Etablissements = n }},
	} {
		if err := each(x.q, x.dest, x.apply); err != nil {
			return nil, err
		}
	}
	for i := range out {
		for _, e := range model.EtatsDemande() {
			if l, ok := etats[out[i].Campus.ID][string(e)]; ok {
				out[i].ParEtat = append(out[i].ParEtat, *l)
			}
		}
	}
	return out, nil
}
