package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cee/internal/model"
)

// JetonEvenement is the kind of an invitation's single-use links (register
// or decline).
const JetonEvenement = "evenement"

const evenementColumns = `v.id, v.academie, COALESCE(v.organisation_id, 0), COALESCE(o.nom, ''), v.type, v.titre, v.description, v.lieu,
	v.lien_visio, v.debut, v.fin, v.capacite, v.inscriptions_avant, v.etat, v.motif_annulation, COALESCE(v.auteur_id, 0),
	(SELECT COUNT(*) FROM participations p WHERE p.evenement_id = v.id),
	(SELECT COUNT(*) FROM participations p WHERE p.evenement_id = v.id AND p.etat = 'inscrit'),
	(SELECT COUNT(*) FROM participations p WHERE p.evenement_id = v.id AND p.etat = 'attente'),
	(SELECT COUNT(*) FROM participations p WHERE p.evenement_id = v.id AND p.present), COALESCE(v.campus_id, 0), COALESCE(cu.nom, '')`

const evenementFrom = `evenements v LEFT JOIN organisations o ON o.id = v.organisation_id LEFT JOIN campus cu ON cu.id = v.campus_id`

// CreateEvenement records a published event.
func (s *Store) CreateEvenement(ctx context.Context, e model.Evenement) (_ int64, err error) {
	defer wrap(&err, "CreateEvenement")
	if e.Etat == "" {
		e.Etat = model.EvenementPublie
	}
	var avant any
	if !e.InscriptionsAvant.IsZero() {
		avant = utc(e.InscriptionsAvant)
	}
	now := utc(time.Now())
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO evenements (academie, organisation_id, type, titre, description, lieu, lien_visio,
			debut, fin, capacite, inscriptions_avant, etat, auteur_id, created_at, updated_at, campus_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) RETURNING id`,
		e.Academie, nullID(e.OrganisationID), string(e.Type), e.Titre, e.Description, e.Lieu, e.LienVisio, utc(e.Debut), utc(e.Fin),
		e.Capacite, avant, string(e.Etat), nullID(e.AuteurID), now, nullID(e.CampusID)).Scan(&id)
	return id, err
}

// evenementScope is who sees which event: an admin all, a pilote their
// académie's, an organisation référent its own, a CEE those they are
// invited to; nobody else any.
func evenementScope(w *conds, sc model.Scope) {
	if sc.Conseiller != "" {
		var id int64
		fmt.Sscan(sc.Conseiller, &id)
		w.add("EXISTS (SELECT 1 FROM participations p WHERE p.evenement_id = v.id AND p.conseiller_id = ?)", id)
		return
	}
	segmentScope(w, "v", sc)
}

// ListEvenements returns the events of a territory, the next first then
// the past ones.
func (s *Store) ListEvenements(ctx context.Context, sc model.Scope, now time.Time) (_ []model.Evenement, err error) {
	defer wrap(&err, "ListEvenements")
	var c conds
	evenementScope(&c, sc)
	w, _ := c.sql()
	n := c.arg(utc(now))
	_, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+evenementColumns+` FROM `+evenementFrom+` WHERE `+w+`
		ORDER BY CASE WHEN v.fin >= `+n+` THEN 0 ELSE 1 END, CASE WHEN v.fin >= `+n+` THEN v.debut END, v.debut DESC, v.id`, args...)
	if err != nil {
		return nil, err
	}
	return scanEvenements(rows)
}

// GetEvenement returns an event of a territory: ErrNotFound outside it.
func (s *Store) GetEvenement(ctx context.Context, id int64, sc model.Scope) (_ model.Evenement, err error) {
	defer wrap(&err, "GetEvenement %d", id)
	var c conds
	evenementScope(&c, sc)
	c.add("v.id = ?", id)
	w, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+evenementColumns+` FROM `+evenementFrom+` WHERE `+w, args...)
	if err != nil {
		return model.Evenement{}, err
	}
	list, err := scanEvenements(rows)
	if err != nil {
		return model.Evenement{}, err
	}
	if len(list) == 0 {
		return model.Evenement{}, ErrNotFound
	}
	return list[0], nil
}

// EvenementsARappeler lists the published events starting in [from, to)
// whose reminder is not sent yet.
func (s *Store) EvenementsARappeler(ctx context.Context, from, to time.Time) (_ []model.Evenement, err error) {
	defer wrap(&err, "EvenementsARappeler")
	rows, err := s.q.QueryContext(ctx, `SELECT `+evenementColumns+` FROM `+evenementFrom+`
		WHERE v.etat = 'publie' AND NOT v.rappel_envoye AND v.debut >= $1 AND v.debut < $2 ORDER BY v.debut, v.id`, utc(from), utc(to))
	if err != nil {
		return nil, err
	}
	return scanEvenements(rows)
}

// MarkRappelEnvoye records that an event's reminder went out; false when
// another run did it first.
func (s *Store) MarkRappelEnvoye(ctx context.Context, id int64) (_ bool, err error) {
	defer wrap(&err, "MarkRappelEnvoye %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE evenements SET rappel_envoye = TRUE, updated_at = $2 WHERE id = $1 AND NOT rappel_envoye`, id, utc(time.Now()))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// AnnulerEvenement marks an event cancelled: ErrConflict if it already is.
func (s *Store) AnnulerEvenement(ctx context.Context, id int64, motif string) (err error) {
	defer wrap(&err, "AnnulerEvenement %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE evenements SET etat = 'annule', motif_annulation = $2, updated_at = $3 WHERE id = $1 AND etat = 'publie'`,
		id, motif, utc(time.Now()))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("événement %d : %w (déjà annulé)", id, ErrConflict)
	}
	return nil
}

// LockEvenement serialises, until the end of the transaction, the
// registrations of one event, so that two at once never exceed its
// capacity. SQLite's immediate transactions already serialise writers.
func (s *Store) LockEvenement(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "LockEvenement %d", id)
	if s.dialect != Postgres {
		return nil
	}
	_, err = s.q.ExecContext(ctx, `SELECT id FROM evenements WHERE id = $1 FOR UPDATE`, id)
	return err
}

func scanEvenements(rows *sql.Rows) ([]model.Evenement, error) {
	return collect(rows, func(rows *sql.Rows) (model.Evenement, error) { return scanEvenement(rows) })
}

// scanEvenement reads the current row of evenementColumns, then the
// columns after them into extra.
func scanEvenement(rows *sql.Rows, extra ...any) (model.Evenement, error) {
	var e model.Evenement
	var typ, etat string
	var avant sql.NullTime
	if err := rows.Scan(append([]any{&e.ID, &e.Academie, &e.OrganisationID, &e.Organisation, &typ, &e.Titre, &e.Description, &e.Lieu,
		&e.LienVisio, &e.Debut, &e.Fin, &e.Capacite, &avant, &etat, &e.MotifAnnulation, &e.AuteurID,
		&e.Invites, &e.Inscrits, &e.Attente, &e.Presents, &e.CampusID, &e.Campus}, extra...)...); err != nil {
		return e, err
	}
	e.Type, e.Etat = model.TypeEvenement(typ), model.EtatEvenement(etat)
	if avant.Valid {
		e.InscriptionsAvant = avant.Time
	}
	return e, nil
}

// AddParticipation invites a person; false when they already are.
func (s *Store) AddParticipation(ctx context.Context, p model.Participation) (_ int64, _ bool, err error) {
	defer wrap(&err, "AddParticipation")
	now := utc(time.Now())
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO participations (evenement_id, conseiller_id, professionnel_id, nom, email, etat, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (evenement_id, email) DO NOTHING RETURNING id`,
		p.EvenementID, nullID(p.ConseillerID), nullID(p.ProfessionnelID), p.Nom, p.Email, string(model.ParticipationInvite), now).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

const participationColumns = `p.id, p.evenement_id, COALESCE(p.conseiller_id, 0), COALESCE(p.professionnel_id, 0), p.nom, p.email, p.etat, p.present, p.inscrit_le`

// ListParticipations returns the people of an event (in the given states,
// all when none), by name.
func (s *Store) ListParticipations(ctx context.Context, evenementID int64, etats ...model.EtatParticipation) (_ []model.Participation, err error) {
	defer wrap(&err, "ListParticipations %d", evenementID)
	var c conds
	c.add("p.evenement_id = ?", evenementID)
	if len(etats) > 0 {
		in(&c, "p.etat", etats)
	}
	where, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+participationColumns+` FROM participations p WHERE `+where+` ORDER BY p.nom, p.id`, args...)
	if err != nil {
		return nil, err
	}
	return scanParticipations(rows)
}

// GetParticipation returns one participation.
func (s *Store) GetParticipation(ctx context.Context, id int64) (_ model.Participation, err error) {
	defer wrap(&err, "GetParticipation %d", id)
	rows, err := s.q.QueryContext(ctx, `SELECT `+participationColumns+` FROM participations p WHERE p.id = $1`, id)
	if err != nil {
		return model.Participation{}, err
	}
	list, err := scanParticipations(rows)
	if err != nil {
		return model.Participation{}, err
	}
	if len(list) == 0 {
		return model.Participation{}, ErrNotFound
	}
	return list[0], nil
}

// ParticipationOf returns a CEE's participation in an event.
func (s *Store) ParticipationOf(ctx context.Context, evenementID, conseillerID int64) (_ model.Participation, err error) {
	defer wrap(&err, "ParticipationOf %d", evenementID)
	rows, err := s.q.QueryContext(ctx, `SELECT `+participationColumns+` FROM participations p WHERE p.evenement_id = $1 AND p.conseiller_id = $2`,
		evenementID, conseillerID)
	if err != nil {
		return model.Participation{}, err
	}
	list, err := scanParticipations(rows)
	if err != nil {
		return model.Participation{}, err
	}
	if len(list) == 0 {
		return model.Participation{}, ErrNotFound
	}
	return list[0], nil
}

// PremierEnAttente returns the person waiting longest for a place.
func (s *Store) PremierEnAttente(ctx context.Context, evenementID int64) (_ model.Participation, err error) {
	defer wrap(&err, "PremierEnAttente %d", evenementID)
	rows, err := s.q.QueryContext(ctx, `SELECT `+participationColumns+` FROM participations p
		WHERE p.evenement_id = $1 AND p.etat = 'attente' ORDER BY p.inscrit_le, p.id LIMIT 1`, evenementID)
	if err != nil {
		return model.Participation{}, err
	}
	list, err := scanParticipations(rows)
	if err != nil {
		return model.Participation{}, err
	}
	if len(list) == 0 {
		return model.Participation{}, ErrNotFound
	}
	return list[0], nil
}

// CountInscrits counts the registered people of an event.
func (s *Store) CountInscrits(ctx context.Context, evenementID int64) (_ int, err error) {
	defer wrap(&err, "CountInscrits %d", evenementID)
	var n int
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM participations WHERE evenement_id = $1 AND etat = 'inscrit'`, evenementID).Scan(&n)
	return n, err
}

// SetEtatParticipation moves a participation if nobody moved it meanwhile:
// ErrConflict otherwise. Joining the waiting list or registering dates the
// request (the waiting list is served in that order).
func (s *Store) SetEtatParticipation(ctx context.Context, id int64, from, to model.EtatParticipation) (err error) {
	defer wrap(&err, "SetEtatParticipation %d", id)
	now := utc(time.Now())
	res, err := s.q.ExecContext(ctx, `UPDATE participations SET etat = $2, updated_at = $4,
			inscrit_le = CASE WHEN $2 = 'attente' OR ($2 = 'inscrit' AND $3 <> 'attente') THEN $4 ELSE inscrit_le END
		WHERE id = $1 AND etat = $3`, id, string(to), string(from), now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("participation %d : %w (son état a changé)", id, ErrConflict)
	}
	return nil
}

// SetPresences records who attended an event: present for the ids given
// among the registered, absent for the others. It returns how many
// changed.
func (s *Store) SetPresences(ctx context.Context, evenementID int64, presents map[int64]bool) (_ int, err error) {
	defer wrap(&err, "SetPresences %d", evenementID)
	list, err := s.ListParticipations(ctx, evenementID, model.ParticipationInscrit)
	if err != nil {
		return 0, err
	}
	now := utc(time.Now())
	n := 0
	for _, p := range list {
		if p.Present == presents[p.ID] {
			continue
		}
		if _, err := s.q.ExecContext(ctx, `UPDATE participations SET present = $2, presence_le = $3, updated_at = $3 WHERE id = $1`,
			p.ID, presents[p.ID], now); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// CountPresencesConseiller counts the events a CEE attended since a date:
// their network activity, for reports.
func (s *Store) CountPresencesConseiller(ctx context.Context, conseillerID int64, since time.Time) (_ int, err error) {
	defer wrap(&err, "CountPresencesConseiller %d", conseillerID)
	var n int
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM participations p JOIN evenements v ON v.id = p.evenement_id
		WHERE p.conseiller_id = $1 AND p.present AND v.debut >= $2`, conseillerID, utc(since)).Scan(&n)
	return n, err
}

func scanParticipations(rows *sql.Rows) ([]model.Participation, error) {
	defer rows.Close()
	var out []model.Participation
	for rows.Next() {
		var p model.Participation
		var etat string
		var le sql.NullTime
		if err := rows.Scan(&p.ID, &p.EvenementID, &p.ConseillerID, &p.ProfessionnelID, &p.Nom, &p.Email, &etat, &p.Present, &le); err != nil {
			return nil, err
		}
		p.Etat = model.EtatParticipation(etat)
		p.InscritLe = timePtr(le)
		out = append(out, p)
	}
	return out, rows.Err()
}
