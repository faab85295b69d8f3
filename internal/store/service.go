package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/refdata"
)

// A CEE's service (model.Service) is defined here once: the attestation
// d'engagement and the CEE's activity list it (ListServices), the
// indicators count it and decide who is « inactif » from it
// (indicateursCharge). Each kind has one source:
//   - an action: a compte rendu (interventions), on its date;
//   - a jury sitting: a seat in an exam jury marked present (jury_membres
//     present), on the jury's first half-day, for as many half-days as
//     the jury sits (model.MinutesDemiJournee each);
//   - a network event attended: a participation marked present, on the
//     event's start;
//   - an opinion given (expertise): an avis_expertise rendered, on the day
//     it was given, for the time the CEE stated.
//
// serviceSource returns the FROM … WHERE … text selecting the services of
// kind g dated in [du, au), and the column naming their CEE; its
// arguments are added to w.
func (w *where) serviceSource(g model.GenreService, du, au time.Time) (from, cee string) {
	switch g {
	case model.ServiceAction:
		return `interventions i WHERE i.date_action >= ` + w.arg(utc(du)) + ` AND i.date_action < ` + w.arg(utc(au)), "i.conseiller_id"
	case model.ServiceJury:
		// Half-days are written « 2027-06-14AM »: their day compares as text
		// on both databases.
		return `jury_membres m JOIN jurys j ON j.id = m.jury_id JOIN disponibilites_jury dj ON dj.id = m.disponibilite_id
			WHERE m.present = TRUE AND dj.conseiller_id IS NOT NULL AND j.demi_journees <> ''
			AND SUBSTR(j.demi_journees, 1, 10) >= ` + w.arg(jour(du)) + ` AND SUBSTR(j.demi_journees, 1, 10) <= ` + w.arg(jour(au.Add(-time.Nanosecond))), "dj.conseiller_id"
	case model.ServiceEvenement:
		return `participations pe JOIN evenements ev ON ev.id = pe.evenement_id
			WHERE pe.present = TRUE AND pe.conseiller_id IS NOT NULL AND ev.etat <> 'annule'
			AND ev.debut >= ` + w.arg(utc(du)) + ` AND ev.debut < ` + w.arg(utc(au)), "pe.conseiller_id"
	case model.ServiceExpertise:
		return `avis_expertise ax WHERE ax.etat = 'rendu' AND ax.rendu_le >= ` + w.arg(utc(du)) + ` AND ax.rendu_le < ` + w.arg(utc(au)), "ax.conseiller_id"
	}
	panic("store: genre de service inconnu " + string(g))
}

// jour is the calendar day of t in its own location, as the half-days
// write it.
func jour(t time.Time) string { return t.Format("2006-01-02") }

// serviceExists is the condition « the CEE cee (an SQL expression) gave a
// service of any kind in [du, au) »: what makes a CEE active.
func (w *where) serviceExists(cee string, du, au time.Time) string {
	var parts []string
	for _, g := range model.GenresService() {
		from, col := w.serviceSource(g, du, au)
		parts = append(parts, "EXISTS (SELECT 1 FROM "+from+" AND "+col+" = "+cee+")")
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// serviceCounts is a table (conseiller_id, n) of the services of kind g in
// [du, au) per CEE, to LEFT JOIN.
func (w *where) serviceCounts(g model.GenreService, du, au time.Time) string {
	from, col := w.serviceSource(g, du, au)
	return "(SELECT " + col + " AS conseiller_id, COUNT(*) AS n FROM " + from + " GROUP BY " + col + ")"
}

// ListServices returns the services a CEE gave between two days, both
// included (zero times leave that side open), in date order: their actions, jury sittings, network
// events attended and opinions given.
func (s *Store) ListServices(ctx context.Context, conseillerID int64, du, au time.Time) (_ []model.Service, err error) {
	defer wrap(&err, "ListServices %d", conseillerID)
	if au.IsZero() {
		au = time.Date(9998, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	du = time.Date(du.Year(), du.Month(), du.Day(), 0, 0, 0, 0, time.UTC)
	au = time.Date(au.Year(), au.Month(), au.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	var out []model.Service

	w := &where{}
	from, col := w.serviceSource(model.ServiceAction, du, au)
	rows, err := s.q.QueryContext(ctx, `SELECT i.type, i.date_action, i.duree_minutes, COALESCE(e.nom, '')
		FROM `+strings.Replace(from, "interventions i", "interventions i LEFT JOIN etablissements e ON e.uai = i.uai", 1)+` AND `+col+` = `+w.arg(conseillerID), w.args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var typ, etab string
		x := model.Service{Genre: model.ServiceAction}
		if err := rows.Scan(&typ, &x.Date, &x.Minutes, &etab); err != nil {
			rows.Close()
			return nil, err
		}
		x.Libelle = model.TypeDemande(typ).Label()
		if etab != "" {
			x.Libelle += " — " + etab
		}
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	w = &where{}
	from, col = w.serviceSource(model.ServiceJury, du, au)
	rows, err = s.q.QueryContext(ctx, `SELECT j.specialite, j.demi_journees, x.nom, COALESCE(e.nom, '')
		FROM `+strings.Replace(from, "JOIN jurys j ON j.id = m.jury_id", "JOIN jurys j ON j.id = m.jury_id JOIN sessions_examen x ON x.id = j.session_id LEFT JOIN etablissements e ON e.uai = j.uai", 1)+
		` AND `+col+` = `+w.arg(conseillerID), w.args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var spec, dj, session, centre string
		if err := rows.Scan(&spec, &dj, &session, &centre); err != nil {
			rows.Close()
			return nil, err
		}
		halves := splitList(dj)
		day, err := time.Parse("2006-01-02", halves[0][:min(10, len(halves[0]))])
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("demi-journée %q illisible : %w", halves[0], err)
		}
		labels := make([]string, len(halves))
		for i, h := range halves {
			labels[i] = model.DemiJourneeLabel(h)
		}
		lib := "Jury " + refdata.LibelleDiplome(spec) + " — " + session
		if centre != "" {
			lib += " — " + centre
		}
		out = append(out, model.Service{Genre: model.ServiceJury, Date: day, Minutes: len(halves) * model.MinutesDemiJournee,
			Libelle: lib + " (" + strings.Join(labels, ", ") + ")"})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	w = &where{}
	from, col = w.serviceSource(model.ServiceEvenement, du, au)
	rows, err = s.q.QueryContext(ctx, `SELECT ev.type, ev.titre, ev.debut, ev.fin FROM `+from+` AND `+col+` = `+w.arg(conseillerID), w.args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var typ, titre string
		var debut, fin time.Time
		if err := rows.Scan(&typ, &titre, &debut, &fin); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, model.Service{Genre: model.ServiceEvenement, Date: debut, Minutes: max(0, int(fin.Sub(debut).Minutes())),
			Libelle: model.TypeEvenement(typ).Label() + " — " + titre})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	w = &where{}
	from, col = w.serviceSource(model.ServiceExpertise, du, au)
	rows, err = s.q.QueryContext(ctx, `SELECT e.sujet, e.objet, ax.rendu_le, ax.minutes
		FROM `+strings.Replace(from, "avis_expertise ax", "avis_expertise ax JOIN expertises e ON e.id = ax.expertise_id", 1)+` AND `+col+` = `+w.arg(conseillerID), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sujet, objet string
		x := model.Service{Genre: model.ServiceExpertise}
		if err := rows.Scan(&sujet, &objet, &x.Date, &x.Minutes); err != nil {
			return nil, err
		}
		x.Libelle = model.SujetExpertise(sujet).Label() + " — " + objet
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	model.TrierServices(out)
	return out, nil
}
