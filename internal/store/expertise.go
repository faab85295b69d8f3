package store

import (
	"context"
	"database/sql"
	"time"

	"cee/internal/model"
)

// CreateExpertise records a request for an opinion and one awaited opinion
// per CEE asked (e.Avis gives their ids).
func (s *Store) CreateExpertise(ctx context.Context, e model.Expertise) (_ int64, err error) {
	defer wrap(&err, "CreateExpertise")
	now := utc(time.Now())
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO expertises (academie, demandeur_id, demandeur, qualite, uai, sujet, objet, question, echeance, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		e.Academie, nullID(e.DemandeurID), e.Demandeur, e.Qualite, e.UAI, string(e.Sujet), e.Objet, e.Question, utc(e.Echeance), now).Scan(&id)
	if err != nil {
		return 0, err
	}
	for _, a := range e.Avis {
		if _, err := s.q.ExecContext(ctx, `INSERT INTO avis_expertise (expertise_id, conseiller_id, etat) VALUES ($1, $2, $3)`,
			id, a.ConseillerID, string(model.AvisAttendu)); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// ExpertiseFilter is who sees which requests for an opinion: an académie's
// (pilote; "" for all: admin), one asker's (an inspector), one school's, or
// those addressed to one CEE. Several fields combine with AND.
type ExpertiseFilter struct {
	Academie     string
	DemandeurID  int64
	UAI          string
	ConseillerID int64
}

const expertiseColumns = `e.id, e.academie, COALESCE(e.demandeur_id, 0), e.demandeur, e.qualite, e.uai, e.sujet, e.objet, e.question, e.echeance, e.created_at`

// ListExpertises returns the requests for an opinion of a filter, the
// latest first, with their opinions.
func (s *Store) ListExpertises(ctx context.Context, f ExpertiseFilter) (_ []model.Expertise, err error) {
	defer wrap(&err, "ListExpertises")
	var c conds
	if f.Academie != "" {
		c.add("e.academie = ?", f.Academie)
	}
	if f.DemandeurID != 0 {
		c.add("e.demandeur_id = ?", f.DemandeurID)
	}
	if f.UAI != "" {
		c.add("e.uai = ?", f.UAI)
	}
	if f.ConseillerID != 0 {
		c.add("EXISTS (SELECT 1 FROM avis_expertise a WHERE a.expertise_id = e.id AND a.conseiller_id = ?)", f.ConseillerID)
	}
	w, args := c.sql()
	return s.listExpertises(ctx, w, args...)
}

// GetExpertise returns one request for an opinion with its opinions; who
// may see it is the handler's question (policy.ExpertiseVisible).
func (s *Store) GetExpertise(ctx context.Context, id int64) (_ model.Expertise, err error) {
	defer wrap(&err, "GetExpertise %d", id)
	list, err := s.listExpertises(ctx, `e.id = $1`, id)
	if err != nil {
		return model.Expertise{}, err
	}
	if len(list) == 0 {
		return model.Expertise{}, ErrNotFound
	}
	return list[0], nil
}

func (s *Store) listExpertises(ctx context.Context, where string, args ...any) ([]model.Expertise, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+expertiseColumns+` FROM expertises e WHERE `+where+` ORDER BY e.created_at DESC, e.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	var out []model.Expertise
	at := map[int64]int{}
	for rows.Next() {
		var e model.Expertise
		var sujet string
		if err := rows.Scan(&e.ID, &e.Academie, &e.DemandeurID, &e.Demandeur, &e.Qualite, &e.UAI, &sujet, &e.Objet, &e.Question, &e.Echeance, &e.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		e.Sujet = model.SujetExpertise(sujet)
		at[e.ID] = len(out)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// The opinions of the requests listed, in one query.
	rows, err = s.q.QueryContext(ctx, `SELECT a.id, a.expertise_id, a.conseiller_id, c.civilite, c.prenom || ' ' || c.nom, a.etat, a.texte, a.minutes,
			a.fichier_nom, a.rendu_le
		FROM avis_expertise a JOIN conseillers c ON c.id = a.conseiller_id JOIN expertises e ON e.id = a.expertise_id
		WHERE `+where+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a model.AvisExpertise
		var etat string
		var rendu sql.NullTime
		if err := rows.Scan(&a.ID, &a.ExpertiseID, &a.ConseillerID, &a.Civilite, &a.Conseiller, &etat, &a.Texte, &a.Minutes, &a.FichierNom, &rendu); err != nil {
			return nil, err
		}
		a.Etat, a.RenduLe = model.EtatAvis(etat), timePtr(rendu)
		if i, ok := at[a.ExpertiseID]; ok {
			out[i].Avis = append(out[i].Avis, a)
		}
	}
	return out, rows.Err()
}

// RepondreAvis records a CEE's answer (a.Etat rendu or decline) to an
// awaited opinion: ErrConflict when it was already answered.
func (s *Store) RepondreAvis(ctx context.Context, a model.AvisExpertise, fichier []byte, now time.Time) (err error) {
	defer wrap(&err, "RepondreAvis %d", a.ID)
	var data any
	if len(fichier) > 0 {
		data = fichier
	}
	res, err := s.q.ExecContext(ctx, `UPDATE avis_expertise SET etat = $2, texte = $3, minutes = $4, fichier_nom = $5, fichier = $6, rendu_le = $7
		WHERE id = $1 AND etat = $8`, a.ID, string(a.Etat), a.Texte, a.Minutes, a.FichierNom, data, utc(now), string(model.AvisAttendu))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	return nil
}

// AvisFichier returns the file attached to an opinion.
func (s *Store) AvisFichier(ctx context.Context, avisID int64) (nom string, data []byte, err error) {
	defer wrap(&err, "AvisFichier %d", avisID)
	err = s.q.QueryRowContext(ctx, `SELECT fichier_nom, fichier FROM avis_expertise WHERE id = $1 AND fichier IS NOT NULL`, avisID).Scan(&nom, &data)
	if err == sql.ErrNoRows {
		err = ErrNotFound
	}
	return nom, data, err
}
