package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"cee/internal/model"
)

const sollicitationColumns = `s.id, s.demande_id, COALESCE(s.conseiller_id, 0), COALESCE(s.professionnel_id, 0), COALESCE(s.transmis_par, 0),
	COALESCE(c.prenom || ' ' || c.nom, p.prenom || ' ' || p.nom, ''), COALESCE(c.email, p.email, ''), s.etat, s.score, s.raisons,
	s.motif, s.relances, s.expire_le, s.repondue_le, s.transmise_le, s.created_at,
	s.places_offertes, s.places_confirmees, s.eleves_places`

const sollicitationFrom = `sollicitations s LEFT JOIN conseillers c ON c.id = s.conseiller_id
	LEFT JOIN professionnels p ON p.id = s.professionnel_id`

// sollicitationScan returns the scan targets of sollicitationColumns into so,
// and the function that completes so once the row is scanned: every query
// of solicitations reads them the same way.
func sollicitationScan(so *model.Sollicitation) ([]any, func()) {
	var etat string
	var repondue, transmise sql.NullTime
	return []any{&so.ID, &so.DemandeID, &so.ConseillerID, &so.ProfessionnelID, &so.TransmisPar, &so.Nom, &so.Email, &etat,
			&so.Score, &so.Raisons, &so.Motif, &so.Relances, &so.ExpireLe, &repondue, &transmise, &so.CreatedAt,
			&so.PlacesOffertes, &so.PlacesConfirmees, &so.ElevesPlaces}, func() {
			so.Etat, so.RepondueLe, so.TransmiseLe = model.EtatSollicitation(etat), timePtr(repondue), timePtr(transmise)
		}
}

// CreateSollicitation records that a candidate was asked.
func (s *Store) CreateSollicitation(ctx context.Context, so model.Sollicitation) (_ int64, err error) {
	defer wrap(&err, "CreateSollicitation demande %d", so.DemandeID)
	// A new solicitation is sent now; demo data may give a past one with
	// its answer.
	now := utc(time.Now())
	if !so.CreatedAt.IsZero() {
		now = utc(so.CreatedAt)
	}
	if so.Etat == "" {
		so.Etat = model.SollicitationEnvoyee
	}
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO sollicitations (demande_id, conseiller_id, professionnel_id, transmis_par, etat, score,
			raisons, expire_le, created_at, updated_at, motif, repondue_le, places_offertes, places_confirmees, eleves_places)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13, $14) RETURNING id`,
		so.DemandeID, nullID(so.ConseillerID), nullID(so.ProfessionnelID), nullID(so.TransmisPar), string(so.Etat),
		so.Score, so.Raisons, utc(so.ExpireLe), now, so.Motif, utcPtr(so.RepondueLe), so.PlacesOffertes, so.PlacesConfirmees,
		so.ElevesPlaces).Scan(&id)
	return id, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// GetSollicitation returns one solicitation.
func (s *Store) GetSollicitation(ctx context.Context, id int64) (_ model.Sollicitation, err error) {
	defer wrap(&err, "GetSollicitation %d", id)
	list, err := s.listSollicitations(ctx, `s.id = $1`, id)
	if err != nil {
		return model.Sollicitation{}, err
	}
	if len(list) == 0 {
		return model.Sollicitation{}, ErrNotFound
	}
	return list[0], nil
}

// ListSollicitations returns the solicitations of a request, in order sent.
func (s *Store) ListSollicitations(ctx context.Context, demandeID int64) (_ []model.Sollicitation, err error) {
	defer wrap(&err, "ListSollicitations %d", demandeID)
	return s.listSollicitations(ctx, `s.demande_id = $1`, demandeID)
}

// SollicitationsOfConseiller returns a CEE's solicitations, and those of
// the professionals they passed requests on to, the latest first.
func (s *Store) SollicitationsOfConseiller(ctx context.Context, conseillerID int64) (_ []model.Sollicitation, err error) {
	defer wrap(&err, "SollicitationsOfConseiller %d", conseillerID)
	return s.listSollicitations(ctx, `(s.conseiller_id = $1 OR s.transmis_par = $1)`, conseillerID)
}

// SollicitationsEnCours returns the solicitations sent and unanswered,
// for reminders and expiry.
func (s *Store) SollicitationsEnCours(ctx context.Context) (_ []model.Sollicitation, err error) {
	defer wrap(&err, "SollicitationsEnCours")
	return s.listSollicitations(ctx, `s.etat = $1`, string(model.SollicitationEnvoyee))
}

func (s *Store) listSollicitations(ctx context.Context, cond string, arg any) ([]model.Sollicitation, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+sollicitationColumns+` FROM `+sollicitationFrom+` WHERE `+cond+` ORDER BY s.created_at, s.id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Sollicitation
	for rows.Next() {
		var so model.Sollicitation
		dest, done := sollicitationScan(&so)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		done()
		out = append(out, so)
	}
	return out, rows.Err()
}

// SetEtatSollicitation moves a solicitation from one state to another if
// nobody answered meanwhile: ErrConflict otherwise.
func (s *Store) SetEtatSollicitation(ctx context.Context, id int64, from, to model.EtatSollicitation, motif string) (err error) {
	defer wrap(&err, "SetEtatSollicitation %d", id)
	now := utc(time.Now())
	res, err := s.q.ExecContext(ctx, `UPDATE sollicitations SET etat = $2, motif = $4, repondue_le = $5, updated_at = $5
		WHERE id = $1 AND etat = $3`, id, string(to), string(from), motif, now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sollicitation %d : %w (déjà répondue ou close)", id, ErrConflict)
	}
	return nil
}

// SetPlacesOffertes records the internship places a person offers as they
// accept (in the acceptance's transaction).
func (s *Store) SetPlacesOffertes(ctx context.Context, id int64, n int) (err error) {
	defer wrap(&err, "SetPlacesOffertes %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE sollicitations SET places_offertes = $2, updated_at = $3 WHERE id = $1`, id, n, utc(time.Now()))
	return err
}

// ConfirmerPlaces records the places the school or the pilote confirms with
// a host who accepted, and the pupils placed there: ErrConflict when the
// acceptance was withdrawn meanwhile.
func (s *Store) ConfirmerPlaces(ctx context.Context, id int64, confirmees, eleves int) (err error) {
	defer wrap(&err, "ConfirmerPlaces %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE sollicitations SET places_confirmees = $2, eleves_places = $3, updated_at = $4
		WHERE id = $1 AND etat = 'acceptee'`, id, confirmees, eleves, utc(time.Now()))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sollicitation %d : %w (elle n'est plus acceptée)", id, ErrConflict)
	}
	return nil
}

// MarkRelance counts a reminder sent.
func (s *Store) MarkRelance(ctx context.Context, id int64, n int) (err error) {
	defer wrap(&err, "MarkRelance %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE sollicitations SET relances = $2, updated_at = $3 WHERE id = $1 AND relances < $2`, id, n, utc(time.Now()))
	return err
}

// MarkTransmise records that a CEE passed their solicitation on (the first
// time only).
func (s *Store) MarkTransmise(ctx context.Context, id int64, at time.Time) (err error) {
	defer wrap(&err, "MarkTransmise %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE sollicitations SET transmise_le = $2, updated_at = $2 WHERE id = $1 AND transmise_le IS NULL`, id, utc(at))
	return err
}

// LockConseiller serialises, until the end of the transaction, what
// changes a CEE's load (acceptances under the monthly cap). SQLite's
// immediate transactions already serialise writers.
func (s *Store) LockConseiller(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "LockConseiller %d", id)
	if s.dialect != Postgres {
		return nil
	}
	_, err = s.q.ExecContext(ctx, `SELECT id FROM conseillers WHERE id = $1 FOR UPDATE`, id)
	return err
}

// LockDemande serialises, until the end of the transaction, the
// acceptances of one request (so that it is not filled twice over).
func (s *Store) LockDemande(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "LockDemande %d", id)
	if s.dialect != Postgres {
		return nil
	}
	_, err = s.q.ExecContext(ctx, `SELECT id FROM demandes WHERE id = $1 FOR UPDATE`, id)
	return err
}

// CountSollicitations counts a CEE's solicitations in a state (any state
// when etat is empty) created, or answered for accepted ones, since a time.
func (s *Store) CountSollicitations(ctx context.Context, conseillerID int64, etat model.EtatSollicitation, since time.Time) (_ int, err error) {
	defer wrap(&err, "CountSollicitations %d", conseillerID)
	var n int
	if etat == "" {
		err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sollicitations WHERE conseiller_id = $1 AND created_at >= $2`,
			conseillerID, utc(since)).Scan(&n)
	} else {
		err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sollicitations WHERE conseiller_id = $1 AND etat = $2 AND repondue_le >= $3`,
			conseillerID, string(etat), utc(since)).Scan(&n)
	}
	return n, err
}

// SollicitationsProfessionnels counts, by professional of an académie (""
// for all), the solicitations received since a time (this month, for their
// monthly cap).
func (s *Store) SollicitationsProfessionnels(ctx context.Context, academie string, since time.Time) (_ map[int64]int, err error) {
	defer wrap(&err, "SollicitationsProfessionnels %s", academie)
	rows, err := s.q.QueryContext(ctx, `SELECT s.professionnel_id, COUNT(*) FROM sollicitations s JOIN professionnels p ON p.id = s.professionnel_id
		WHERE ($1 = '' OR p.academie = $1) AND s.created_at >= $2 GROUP BY s.professionnel_id`, academie, utc(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// CountSollicitationsProfessionnel counts a professional's solicitations
// created since a time, for their monthly cap.
func (s *Store) CountSollicitationsProfessionnel(ctx context.Context, id int64, since time.Time) (_ int, err error) {
	defer wrap(&err, "CountSollicitationsProfessionnel %d", id)
	var n int
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sollicitations WHERE professionnel_id = $1 AND created_at >= $2`, id, utc(since)).Scan(&n)
	return n, err
}

// CountAccepteesProfessionnel counts the solicitations a professional
// accepted since a time.
func (s *Store) CountAccepteesProfessionnel(ctx context.Context, id int64, since time.Time) (_ int, err error) {
	defer wrap(&err, "CountAccepteesProfessionnel %d", id)
	var n int
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sollicitations WHERE professionnel_id = $1 AND etat = 'acceptee' AND repondue_le >= $2`,
		id, utc(since)).Scan(&n)
	return n, err
}

// Activite is what the matching needs of a candidate's history.
type Activite struct {
	SollicitationsMois, AccepteesAn, Sollicitees, Repondues int
	NoteMoyenne                                             float64
	NbNotes                                                 int
}

// ActiviteConseillers returns the history of the CEE of an académie ("" for
// all), by id (read from each CEE's solicitations by index, not by scanning
// every request): solicitations this month, accepted over 12 months, answered
// (accepted, declined, or passed on to their network) over solicited, and the
// requesters' ratings of their actions.
func (s *Store) ActiviteConseillers(ctx context.Context, academie string, now time.Time) (_ map[int64]Activite, err error) {
	defer wrap(&err, "ActiviteConseillers %s", academie)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	// One text per case: « $1 = '' OR c.academie = $1 » let no index be
	// used, and every solicitation of France was read for one académie's
	// page (232 ms of its 318 on the national SQLite demo; a parallel
	// sequential scan on PostgreSQL).
	q := `SELECT s.conseiller_id,
			SUM(CASE WHEN s.created_at >= $1 THEN 1 ELSE 0 END),
			SUM(CASE WHEN s.etat = 'acceptee' AND s.repondue_le >= $2 THEN 1 ELSE 0 END),
			COUNT(*),
			SUM(CASE WHEN s.etat IN ('acceptee', 'declinee') OR s.transmise_le IS NOT NULL THEN 1 ELSE 0 END),
			COALESCE(AVG(CASE WHEN s.etat = 'acceptee' THEN d.note END), 0),
			COUNT(CASE WHEN s.etat = 'acceptee' THEN d.note END)
		FROM conseillers c JOIN sollicitations s ON s.conseiller_id = c.id JOIN demandes d ON d.id = s.demande_id`
	args := []any{utc(month), utc(now.AddDate(-1, 0, 0))}
	if academie != "" {
		q += ` WHERE c.academie = $3`
		args = append(args, academie)
	}
	rows, err := s.q.QueryContext(ctx, q+` GROUP BY s.conseiller_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]Activite{}
	for rows.Next() {
		var id int64
		var a Activite
		if err := rows.Scan(&id, &a.SollicitationsMois, &a.AccepteesAn, &a.Sollicitees, &a.Repondues, &a.NoteMoyenne, &a.NbNotes); err != nil {
			return nil, err
		}
		out[id] = a
	}
	return out, rows.Err()
}
