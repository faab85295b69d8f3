package store

import (
	"context"
	"fmt"

	"cee/internal/model"
)

// The seed's missions in the indicators (issue 19): the internship places
// of the pôles de stage, and the parcours Avenir by level, school type and
// éducation prioritaire. Kept apart from indicateur.go, whose groups they
// join in workflow.CalculerRapport.

// Stages are the internship places of the year's requests that count
// places (model.IndPlacesStage): needed, offered by those who accepted,
// confirmed by the school or the pilote, and pupils placed.
type Stages struct {
	Demandes                                        int
	Recherchees, Offertes, Confirmees, ElevesPlaces int
}

func (s *Store) indicateursStages(ctx context.Context, f IndicateurFilter) (Stages, error) {
	var out Stages
	w := &where{}
	w.demandeConds(f)
	w.parts = append(w.parts, "d.places > 0")
	// One line per request: its places and the sums of its acceptances
	// (read by the solicitations' index on demande_id).
	rows, err := s.q.QueryContext(ctx, `SELECT d.places, COALESCE(SUM(s.places_offertes), 0), COALESCE(SUM(s.places_confirmees), 0),
			COALESCE(SUM(s.eleves_places), 0)
		FROM demandes d LEFT JOIN sollicitations s ON s.demande_id = d.id AND s.etat = 'acceptee'
		WHERE `+w.sql()+` GROUP BY d.id, d.places`, w.args...)
	if err != nil {
		return out, fmt.Errorf("places de stage : %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p, o, c, e int
		if err := rows.Scan(&p, &o, &c, &e); err != nil {
			return out, err
		}
		out.Demandes++
		out.Recherchees += p
		out.Offertes += o
		out.Confirmees += c
		out.ElevesPlaces += e
	}
	return out, rows.Err()
}

// IndicateursStages computes model.IndPlacesStage.
func (s *Store) IndicateursStages(ctx context.Context, f IndicateurFilter) (out Stages, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.indicateursStages(ctx, f); return err })
	return out, err
}

// AvenirLigne is one group of the parcours Avenir: actions and their pupils.
type AvenirLigne struct {
	Cle             string
	Actions, Eleves int
}

// Avenir is the parcours Avenir of the year: the actions whose pupils'
// levels are stated (model.IndAvenir), by level (an action for two levels
// counts in both), by type of school and by éducation prioritaire (each
// action once).
type Avenir struct {
	Actions, Eleves int
	ParNiveau       []AvenirLigne // Cle: one of model.Niveaux, in that order
	ParType         []AvenirLigne // Cle: model.TypeEtablissement; "" without a school
	ParEP           []AvenirLigne // Cle: "REP+", "REP", "" (outside); actions at a school only
}

func (s *Store) indicateursAvenir(ctx context.Context, f IndicateurFilter) (Avenir, error) {
	var out Avenir
	w := &where{}
	w.add("i.date_action >= ?", f.debut())
	w.add("i.date_action < ?", f.fin())
	w.parts = append(w.parts, "i.niveaux <> ''")
	w.addAcademie("i.academie", f)
	if f.Departement != "" {
		w.add("e.departement = ?", f.Departement)
	}
	if f.UAI != "" {
		w.add("i.uai = ?", f.UAI)
	}
	w.conseillerConds(f, false)
	join := ""
	if f.parCEE() {
		join = " JOIN conseillers c ON c.id = i.conseiller_id"
	}
	// Grouped by the list of levels as stored: a few combinations, split
	// here (one SQL text for both databases, no array functions).
	rows, err := s.q.QueryContext(ctx, `SELECT i.niveaux, COALESCE(e.type, ''), COALESCE(e.education_prioritaire, ''), COUNT(*),
			COALESCE(SUM(i.eleves), 0)
		FROM interventions i LEFT JOIN etablissements e ON e.uai = i.uai`+join+`
		WHERE `+w.sql()+` GROUP BY i.niveaux, e.type, e.education_prioritaire`, w.args...)
	if err != nil {
		return out, fmt.Errorf("parcours Avenir : %w", err)
	}
	defer rows.Close()
	niveaux, types, eps := map[string]*AvenirLigne{}, map[string]*AvenirLigne{}, map[string]*AvenirLigne{}
	add := func(m map[string]*AvenirLigne, k string, n, e int) {
		if m[k] == nil {
			m[k] = &AvenirLigne{Cle: k}
		}
		m[k].Actions += n
		m[k].Eleves += e
	}
	for rows.Next() {
		var list, typ, ep string
		var n, e int
		if err := rows.Scan(&list, &typ, &ep, &n, &e); err != nil {
			return out, err
		}
		out.Actions += n
		out.Eleves += e
		for _, niv := range splitList(list) {
			add(niveaux, niv, n, e)
		}
		add(types, typ, n, e)
		if typ != "" {
			add(eps, ep, n, e)
		}
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	for _, k := range model.Niveaux {
		if l := niveaux[k]; l != nil {
			out.ParNiveau = append(out.ParNiveau, *l)
		}
	}
	for _, k := range []string{string(model.College), string(model.Lycee), string(model.EREA), string(model.CIO), ""} {
		if l := types[k]; l != nil {
			out.ParType = append(out.ParType, *l)
		}
	}
	for _, k := range []string{"REP+", "REP", ""} {
		if l := eps[k]; l != nil {
			out.ParEP = append(out.ParEP, *l)
		}
	}
	return out, nil
}

// IndicateursAvenir computes model.IndAvenir, IndAvenirNiveau,
// IndAvenirType and IndAvenirEP.
func (s *Store) IndicateursAvenir(ctx context.Context, f IndicateurFilter) (out Avenir, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.indicateursAvenir(ctx, f); return err })
	return out, err
}

// Expertises are the seed's second mission over the period: opinions asked
// of CEE (each CEE asked counts once per request), given or declined, the
// time spent on those given, and those given by subject
// (model.IndExpertise, IndExpertiseSujet). A request is the period's by the
// day it was sent; an answer by the day it was given.
type Expertises struct {
	Demandees, Rendus, Declines, Minutes int
	ParSujet                             []Ligne // Cle: model.SujetExpertise, in model.SujetsExpertise's order
}

func (s *Store) indicateursExpertise(ctx context.Context, f IndicateurFilter) (Expertises, error) {
	var out Expertises
	w := &where{}
	debut, fin := w.arg(f.debut()), w.arg(f.fin())
	w.parts = append(w.parts, "((e.created_at >= "+debut+" AND e.created_at < "+fin+") OR (a.rendu_le >= "+debut+" AND a.rendu_le < "+fin+"))")
	w.addAcademie("e.academie", f)
	if f.Departement != "" {
		w.add("c.departement = ?", f.Departement)
	}
	if f.UAI != "" {
		w.add("e.uai = ?", f.UAI)
	}
	w.conseillerConds(f, false)
	rows, err := s.q.QueryContext(ctx, `SELECT e.sujet, a.etat, a.minutes, e.created_at >= `+debut+` AND e.created_at < `+fin+`,
			COALESCE(a.rendu_le >= `+debut+` AND a.rendu_le < `+fin+`, FALSE)
		FROM avis_expertise a JOIN expertises e ON e.id = a.expertise_id JOIN conseillers c ON c.id = a.conseiller_id
		WHERE `+w.sql(), w.args...)
	if err != nil {
		return out, fmt.Errorf("avis d'expertise : %w", err)
	}
	defer rows.Close()
	sujets := map[string]int{}
	for rows.Next() {
		var sujet, etat string
		var minutes int
		var demandee, repondu bool
		if err := rows.Scan(&sujet, &etat, &minutes, &demandee, &repondu); err != nil {
			return out, err
		}
		if demandee {
			out.Demandees++
		}
		switch {
		case repondu && etat == string(model.AvisRendu):
			out.Rendus++
			out.Minutes += minutes
			sujets[sujet]++
		case repondu && etat == string(model.AvisDecline):
			out.Declines++
		}
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	for _, k := range model.SujetsExpertise() {
		if n := sujets[string(k)]; n > 0 {
			out.ParSujet = append(out.ParSujet, Ligne{Cle: string(k), Libelle: k.Label(), N: n})
		}
	}
	return out, nil
}

// IndicateursExpertise computes model.IndExpertise and IndExpertiseSujet.
func (s *Store) IndicateursExpertise(ctx context.Context, f IndicateurFilter) (out Expertises, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.indicateursExpertise(ctx, f); return err })
	return out, err
}
