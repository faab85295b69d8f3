package store

import (
	"context"
	"database/sql"
	"time"

	"cee/internal/model"
)

// Convocation is a CEE's seat in a jury of a published session: the
// half-days they are convoked to, for their home page and calendar feed.
type Convocation struct {
	Jury          model.Jury // without its members
	Session       string     // the session's name
	Statut        string     // the member's answer: convoque, confirme, empeche
	Disponibilite int64      // the person's answer to the campaign: one convocation covers all its seats
}

// ConvocationsOf lists the seats of a CEE in the juries of published
// sessions not over at since, the soonest session first.
func (s *Store) ConvocationsOf(ctx context.Context, conseillerID int64, since time.Time) (_ []Convocation, err error) {
	defer wrap(&err, "ConvocationsOf %d", conseillerID)
	rows, err := s.q.QueryContext(ctx, `SELECT j.id, j.session_id, j.code, j.specialite, j.uai, COALESCE(e.nom, ''), j.demi_journees, x.nom, m.statut, d.id
		FROM jury_membres m JOIN disponibilites_jury d ON d.id = m.disponibilite_id
		JOIN jurys j ON j.id = m.jury_id JOIN sessions_examen x ON x.id = j.session_id
		LEFT JOIN etablissements e ON e.uai = j.uai
		WHERE d.conseiller_id = $1 AND x.etat = 'publiee' AND x.fin >= $2
		ORDER BY x.debut, j.code`, conseillerID, utc(since))
	if err != nil {
		return nil, err
	}
	return collect(rows, func(rows *sql.Rows) (Convocation, error) {
		var c Convocation
		var dj string
		err := rows.Scan(&c.Jury.ID, &c.Jury.SessionID, &c.Jury.Code, &c.Jury.Specialite, &c.Jury.UAI, &c.Jury.Centre, &dj, &c.Session, &c.Statut, &c.Disponibilite)
		c.Jury.DemiJournees = splitList(dj)
		return c, err
	})
}

// Rendezvous is an event a CEE is invited to or registered for.
type Rendezvous struct {
	Evenement model.Evenement
	Etat      model.EtatParticipation
}

// EvenementsOf lists the events not cancelled and not over at since that
// a CEE is invited to or registered for (waiting list included), the
// soonest first.
func (s *Store) EvenementsOf(ctx context.Context, conseillerID int64, since time.Time) (_ []Rendezvous, err error) {
	defer wrap(&err, "EvenementsOf %d", conseillerID)
	rows, err := s.q.QueryContext(ctx, `SELECT `+evenementColumns+`, p.etat FROM `+evenementFrom+`
		JOIN participations p ON p.evenement_id = v.id
		WHERE p.conseiller_id = $1 AND p.etat IN ('invite', 'inscrit', 'attente') AND v.etat <> 'annule' AND v.fin >= $2
		ORDER BY v.debut, v.id`, conseillerID, utc(since))
	if err != nil {
		return nil, err
	}
	return collect(rows, func(rows *sql.Rows) (Rendezvous, error) {
		var r Rendezvous
		var etat string
		e, err := scanEvenement(rows, &etat)
		r.Evenement, r.Etat = e, model.EtatParticipation(etat)
		return r, err
	})
}
