package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"cee/internal/model"
)

const annonceColumns = `a.id, a.academie, COALESCE(a.organisation_id, 0), COALESCE(a.segment_id, 0), a.titre, a.corps, a.obligatoire,
	COALESCE(a.auteur_id, 0), a.auteur, a.created_at,
	(SELECT COUNT(*) FROM annonce_envois e WHERE e.annonce_id = a.id AND e.etat = 'en_file'),
	(SELECT COUNT(*) FROM annonce_envois e WHERE e.annonce_id = a.id AND e.etat = 'envoye'),
	(SELECT COUNT(*) FROM annonce_envois e WHERE e.annonce_id = a.id AND e.etat = 'desinscrit'),
	COALESCE(a.destinataires, -1)`

// CreateAnnonce records an announcement.
func (s *Store) CreateAnnonce(ctx context.Context, a model.Annonce) (_ int64, err error) {
	defer wrap(&err, "CreateAnnonce")
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO annonces (academie, organisation_id, segment_id, titre, corps, obligatoire, auteur_id, auteur, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, a.Academie, nullID(a.OrganisationID), nullID(a.SegmentID), a.Titre, a.Corps,
		a.Obligatoire, nullID(a.AuteurID), a.Auteur, utc(orNow(a.CreatedAt))).Scan(&id)
	return id, err
}

func orNow(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}

// AnnonceFilter says which announcements a reader sees: those of their
// territory (Gestion), or those sent to them: to their address, or to the
// CEE or professional record their role points at.
type AnnonceFilter struct {
	Scope                         model.Scope
	Gestion                       bool
	Email                         string
	ConseillerID, ProfessionnelID int64
}

func annonceWhere(w *conds, f AnnonceFilter) {
	if f.Gestion {
		segmentScope(w, "a", f.Scope)
		return
	}
	w.add(`EXISTS (SELECT 1 FROM annonce_envois e WHERE e.annonce_id = a.id
		AND (e.email = ? OR e.conseiller_id = ? OR e.professionnel_id = ?))`, f.Email, f.ConseillerID, f.ProfessionnelID)
}

// ListAnnonces returns the announcements a reader sees, newest first.
func (s *Store) ListAnnonces(ctx context.Context, f AnnonceFilter) (_ []model.Annonce, err error) {
	defer wrap(&err, "ListAnnonces")
	var c conds
	annonceWhere(&c, f)
	w, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+annonceColumns+` FROM annonces a WHERE `+w+` ORDER BY a.created_at DESC, a.id DESC LIMIT 200`, args...)
	if err != nil {
		return nil, err
	}
	return scanAnnonces(rows)
}

// GetAnnonce returns an announcement the reader sees: ErrNotFound
// otherwise.
func (s *Store) GetAnnonce(ctx context.Context, id int64, f AnnonceFilter) (_ model.Annonce, err error) {
	defer wrap(&err, "GetAnnonce %d", id)
	var c conds
	annonceWhere(&c, f)
	c.add("a.id = ?", id)
	w, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+annonceColumns+` FROM annonces a WHERE `+w, args...)
	if err != nil {
		return model.Annonce{}, err
	}
	list, err := scanAnnonces(rows)
	if err != nil {
		return model.Annonce{}, err
	}
	if len(list) == 0 {
		return model.Annonce{}, ErrNotFound
	}
	return list[0], nil
}

func scanAnnonces(rows *sql.Rows) ([]model.Annonce, error) {
	defer rows.Close()
	var out []model.Annonce
	for rows.Next() {
		var a model.Annonce
		if err := rows.Scan(&a.ID, &a.Academie, &a.OrganisationID, &a.SegmentID, &a.Titre, &a.Corps, &a.Obligatoire, &a.AuteurID, &a.Auteur,
			&a.CreatedAt, &a.EnFile, &a.Envoyes, &a.Desinscrits, &a.Destinataires); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AddEnvoi records the delivery of an announcement to one person, with
// the hash of their opt-out link. It returns 0 when the person already has
// a delivery of this announcement (a batch of recipients listed twice).
func (s *Store) AddEnvoi(ctx context.Context, annonceID int64, d model.Destinataire, etat model.EtatEnvoi, jetonHash string) (_ int64, err error) {
	defer wrap(&err, "AddEnvoi %d", annonceID)
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO annonce_envois (annonce_id, conseiller_id, professionnel_id, nom, email, etat, jeton_hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (annonce_id, email) DO NOTHING RETURNING id`, annonceID, nullID(d.ConseillerID),
		nullID(d.ProfessionnelID), d.Nom, d.Email, string(etat), jetonHash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// SetAnnonceDestinataires records how many people an announcement
// reaches, once they are listed.
func (s *Store) SetAnnonceDestinataires(ctx context.Context, annonceID int64, n int) (err error) {
	defer wrap(&err, "SetAnnonceDestinataires %d", annonceID)
	_, err = s.q.ExecContext(ctx, `UPDATE annonces SET destinataires = $2 WHERE id = $1`, annonceID, n)
	return err
}

// EnvoiEnFile tells whether a delivery still waits for its mail.
func (s *Store) EnvoiEnFile(ctx context.Context, envoiID int64) (_ bool, err error) {
	defer wrap(&err, "EnvoiEnFile %d", envoiID)
	var etat string
	err = s.q.QueryRowContext(ctx, `SELECT etat FROM annonce_envois WHERE id = $1`, envoiID).Scan(&etat)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return etat == string(model.EnvoiEnFile), err
}

// MarkEnvoye records that the mail of one delivery was handed to the
// mail server.
func (s *Store) MarkEnvoye(ctx context.Context, envoiID int64, at time.Time) (err error) {
	defer wrap(&err, "MarkEnvoye %d", envoiID)
	_, err = s.q.ExecContext(ctx, `UPDATE annonce_envois SET etat = 'envoye', envoye_le = $2 WHERE id = $1`, envoiID, utc(at))
	return err
}

// ListEnvois returns the deliveries of an announcement, by name.
func (s *Store) ListEnvois(ctx context.Context, annonceID int64) (_ []model.Envoi, err error) {
	defer wrap(&err, "ListEnvois %d", annonceID)
	rows, err := s.q.QueryContext(ctx, `SELECT id, annonce_id, nom, email, etat, envoye_le FROM annonce_envois WHERE annonce_id = $1 ORDER BY nom, id`, annonceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Envoi
	for rows.Next() {
		var e model.Envoi
		var etat string
		var le sql.NullTime
		if err := rows.Scan(&e.ID, &e.AnnonceID, &e.Nom, &e.Email, &etat, &le); err != nil {
			return nil, err
		}
		e.Etat, e.EnvoyeLe = model.EtatEnvoi(etat), timePtr(le)
		out = append(out, e)
	}
	return out, rows.Err()
}

// EmailOfDesinscription returns the address an opt-out link was made for.
// The link serves as long as the delivery row lives: it is a per-person
// opt-out, not a single-use token.
func (s *Store) EmailOfDesinscription(ctx context.Context, hash string) (_ string, err error) {
	defer wrap(&err, "EmailOfDesinscription %s", hash)
	var email string
	err = s.q.QueryRowContext(ctx, `SELECT email FROM annonce_envois WHERE jeton_hash = $1 AND jeton_hash <> ''`, hash).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrJetonInvalide
	}
	return email, err
}

// Desinscrire records that an address opts out of non-mandatory
// announcements (idempotent).
func (s *Store) Desinscrire(ctx context.Context, email string) (err error) {
	defer wrap(&err, "Desinscrire %s", email)
	_, err = s.q.ExecContext(ctx, `INSERT INTO desinscriptions (email, created_at) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING`,
		email, utc(time.Now()))
	return err
}

// Desinscrit tells whether an address opted out.
func (s *Store) Desinscrit(ctx context.Context, email string) (_ bool, err error) {
	defer wrap(&err, "Desinscrit %s", email)
	var n int
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM desinscriptions WHERE email = $1`, email).Scan(&n)
	return n > 0, err
}
