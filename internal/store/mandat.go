package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"cee/internal/model"
)

const mandatColumns = `m.id, m.conseiller_id, COALESCE(m.designation_id, 0), m.academie, COALESCE(m.organisation_id, 0), m.organisation,
	m.mission, m.territoire, m.numero_arrete, m.date_arrete, m.debut, m.fin, m.renouvellement, m.collectif, m.derogation,
	COALESCE(v.id, 0), COALESCE(v.reference, ''), v.signee_le, v.debut, COALESCE(v.duree_mois, 0), COALESCE(v.etat, '')`

const mandatFrom = `mandats m LEFT JOIN conventions v ON v.id = m.convention_id`

// CreateMandat records the mandate an arrêté pronounced, and the arrêté
// (its number taken in the académie) if it is not yet.
func (s *Store) CreateMandat(ctx context.Context, m model.Mandat) (_ int64, err error) {
	defer wrap(&err, "CreateMandat")
	var org, des, conv any
	if m.OrganisationID != 0 {
		org = m.OrganisationID
	}
	if m.DesignationID != 0 {
		des = m.DesignationID
	}
	if m.Convention != nil && m.Convention.ID != 0 {
		conv = m.Convention.ID
	}
	// The act that pronounced it: already reserved by the workflow
	// (ReserverArrete), or recorded here for a mandate written otherwise
	// (the demo, tests), so that its number stays taken.
	if _, err := s.q.ExecContext(ctx, `INSERT INTO arretes (academie, numero, date_arrete, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (academie, numero) DO NOTHING`, m.Academie, m.NumeroArrete, utc(m.DateArrete), utc(time.Now())); err != nil {
		return 0, err
	}
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO mandats (conseiller_id, designation_id, academie, organisation_id, organisation, mission,
			territoire, numero_arrete, date_arrete, debut, fin, renouvellement, collectif, convention_id, derogation, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
		m.ConseillerID, des, m.Academie, org, m.Organisation, m.Mission, strings.Join(m.Territoire, "|"), m.NumeroArrete,
		utc(m.DateArrete), utc(m.Debut), utc(m.Fin), m.Renouvellement, m.Collectif, conv, m.Derogation, utc(time.Now())).Scan(&id)
	return id, err
}

// ListMandats returns the history of a CEE's mandates, the first one first.
func (s *Store) ListMandats(ctx context.Context, conseillerID int64) (_ []model.Mandat, err error) {
	defer wrap(&err, "ListMandats %d", conseillerID)
	rows, err := s.q.QueryContext(ctx, `SELECT `+mandatColumns+` FROM `+mandatFrom+` WHERE m.conseiller_id = $1 ORDER BY m.debut, m.id`, conseillerID)
	if err != nil {
		return nil, err
	}
	return scanMandats(rows)
}

// GetMandat returns one mandate of a CEE.
func (s *Store) GetMandat(ctx context.Context, conseillerID, id int64) (_ model.Mandat, err error) {
	defer wrap(&err, "GetMandat %d", id)
	rows, err := s.q.QueryContext(ctx, `SELECT `+mandatColumns+` FROM `+mandatFrom+` WHERE m.conseiller_id = $1 AND m.id = $2`, conseillerID, id)
	if err != nil {
		return model.Mandat{}, err
	}
	list, err := scanMandats(rows)
	if err != nil {
		return model.Mandat{}, err
	}
	if len(list) == 0 {
		return model.Mandat{}, ErrNotFound
	}
	return list[0], nil
}

// MandatsOfArrete lists the mandates an arrêté of the académie pronounced
// (one for an individual arrêté, several for a collective one).
func (s *Store) MandatsOfArrete(ctx context.Context, academie, numero string) (_ []model.Mandat, err error) {
	defer wrap(&err, "MandatsOfArrete %s %s", academie, numero)
	rows, err := s.q.QueryContext(ctx, `SELECT `+mandatColumns+` FROM `+mandatFrom+` WHERE m.academie = $1 AND m.numero_arrete = $2
		ORDER BY m.id`, academie, numero)
	if err != nil {
		return nil, err
	}
	return scanMandats(rows)
}

// LastMandat returns the CEE's mandate that ends last.
func (s *Store) LastMandat(ctx context.Context, conseillerID int64) (_ model.Mandat, err error) {
	defer wrap(&err, "LastMandat %d", conseillerID)
	rows, err := s.q.QueryContext(ctx, `SELECT `+mandatColumns+` FROM `+mandatFrom+` WHERE m.conseiller_id = $1 ORDER BY m.fin DESC, m.id DESC LIMIT 1`, conseillerID)
	if err != nil {
		return model.Mandat{}, err
	}
	list, err := scanMandats(rows)
	if err != nil {
		return model.Mandat{}, err
	}
	if len(list) == 0 {
		return model.Mandat{}, ErrNotFound
	}
	return list[0], nil
}

func scanMandats(rows *sql.Rows) ([]model.Mandat, error) {
	defer rows.Close()
	var out []model.Mandat
	for rows.Next() {
		var m model.Mandat
		var territoire, etat string
		var c model.Convention
		var signee, debut sql.NullTime
		if err := rows.Scan(&m.ID, &m.ConseillerID, &m.DesignationID, &m.Academie, &m.OrganisationID, &m.Organisation, &m.Mission,
			&territoire, &m.NumeroArrete, &m.DateArrete, &m.Debut, &m.Fin, &m.Renouvellement, &m.Collectif, &m.Derogation,
			&c.ID, &c.Reference, &signee, &debut, &c.DureeMois, &etat); err != nil {
			return nil, err
		}
		m.Territoire = splitList(territoire)
		if c.ID != 0 {
			c.Debut = debut.Time
			c.Academie, c.OrganisationID, c.Organisation, c.SigneeLe, c.Etat = m.Academie, m.OrganisationID, m.Organisation, timePtr(signee), model.EtatConvention(etat)
			m.Convention = &c
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ReserverArrete records arrêté numero of the académie, dated date: the
// database refuses a number already given (table arretes, one line per act,
// collective or not). It returns ErrConflict with the date of the arrêté
// that holds the number.
func (s *Store) ReserverArrete(ctx context.Context, academie, numero string, date time.Time) (existant time.Time, err error) {
	defer wrap(&err, "ReserverArrete %s %s", academie, numero)
	// ON CONFLICT DO NOTHING rather than a failed INSERT, which would abort
	// a PostgreSQL transaction before the existing date can be read.
	res, err := s.q.ExecContext(ctx, `INSERT INTO arretes (academie, numero, date_arrete, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (academie, numero) DO NOTHING`, academie, numero, utc(date), utc(time.Now()))
	if err != nil {
		return time.Time{}, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return time.Time{}, err
	}
	if err := s.q.QueryRowContext(ctx, `SELECT date_arrete FROM arretes WHERE academie = $1 AND numero = $2`, academie, numero).Scan(&existant); err != nil {
		return time.Time{}, err
	}
	return existant, ErrConflict
}
