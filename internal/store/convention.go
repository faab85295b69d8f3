package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cee/internal/model"
)

const conventionColumns = `v.id, v.academie, v.organisation_id, COALESCE(o.nom, ''), v.debut, v.duree_mois, v.objectifs, v.etat, v.fichier_nom,
	v.reference, v.signee_le, v.objectif_cee, v.objectif_secteurs, v.part_employeurs`

// CreateConvention records a draft convention.
func (s *Store) CreateConvention(ctx context.Context, c model.Convention) (_ int64, err error) {
	defer wrap(&err, "CreateConvention")
	if c.DureeMois <= 0 {
		c.DureeMois = model.DureeConventionMois
	}
	if c.Etat == "" {
		c.Etat = model.ConventionBrouillon
	}
	now := utc(time.Now())
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO conventions (academie, organisation_id, debut, fin, duree_mois, objectifs, etat, created_at, updated_at,
			reference, signee_le, objectif_cee, objectif_secteurs, part_employeurs)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13) RETURNING id`,
		c.Academie, c.OrganisationID, utc(c.Debut), utc(c.Fin()), c.DureeMois, c.Objectifs, string(c.Etat), now,
		c.Reference, utcPtr(c.SigneeLe), c.ObjectifCEE, c.ObjectifSecteurs, c.PartEmployeurs).Scan(&id)
	return id, err
}

// ListConventions returns the conventions of an académie ("" for all), the
// nearest end first.
func (s *Store) ListConventions(ctx context.Context, academie string) (_ []model.Convention, err error) {
	defer wrap(&err, "ListConventions %s", academie)
	rows, err := s.q.QueryContext(ctx, `SELECT `+conventionColumns+` FROM conventions v LEFT JOIN organisations o ON o.id = v.organisation_id
		WHERE $1 = '' OR v.academie = $1 ORDER BY v.fin, v.id`, academie)
	if err != nil {
		return nil, err
	}
	return scanConventions(rows)
}

// GetConvention returns a convention of an académie ("" for any).
func (s *Store) GetConvention(ctx context.Context, id int64, academie string) (_ model.Convention, err error) {
	defer wrap(&err, "GetConvention %d", id)
	rows, err := s.q.QueryContext(ctx, `SELECT `+conventionColumns+` FROM conventions v LEFT JOIN organisations o ON o.id = v.organisation_id
		WHERE v.id = $1 AND ($2 = '' OR v.academie = $2)`, id, academie)
	if err != nil {
		return model.Convention{}, err
	}
	list, err := scanConventions(rows)
	if err != nil {
		return model.Convention{}, err
	}
	if len(list) == 0 {
		return model.Convention{}, ErrNotFound
	}
	return list[0], nil
}

// SignConvention stores the signed PDF and its date of signature and marks
// the convention signed.
func (s *Store) SignConvention(ctx context.Context, id int64, signeeLe time.Time, nom string, pdf []byte) (err error) {
	defer wrap(&err, "SignConvention %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE conventions SET etat = 'signee', fichier_nom = $2, fichier = $3, updated_at = $4, signee_le = $5
		WHERE id = $1 AND etat <> 'expiree'`,
		id, nom, pdf, utc(time.Now()), utc(signeeLe))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("convention %d : %w (expirée ou inexistante)", id, ErrConflict)
	}
	return nil
}

// ConventionFile returns the signed PDF of a convention.
func (s *Store) ConventionFile(ctx context.Context, id int64, academie string) (_ string, _ []byte, err error) {
	defer wrap(&err, "ConventionFile %d", id)
	var nom string
	var data []byte
	err = s.q.QueryRowContext(ctx, `SELECT fichier_nom, fichier FROM conventions WHERE id = $1 AND ($2 = '' OR academie = $2) AND fichier IS NOT NULL`,
		id, academie).Scan(&nom, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, ErrNotFound
	}
	return nom, data, err
}

// ExpireConventions marks signed conventions past their end as expired.
func (s *Store) ExpireConventions(ctx context.Context, now time.Time) (_ int64, err error) {
	defer wrap(&err, "ExpireConventions")
	res, err := s.q.ExecContext(ctx, `UPDATE conventions SET etat = 'expiree', updated_at = $1 WHERE etat = 'signee' AND fin < $1`, utc(now))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// ConventionsEnding lists the signed conventions ending before a date.
func (s *Store) ConventionsEnding(ctx context.Context, before time.Time) (_ []model.Convention, err error) {
	defer wrap(&err, "ConventionsEnding")
	rows, err := s.q.QueryContext(ctx, `SELECT `+conventionColumns+` FROM conventions v LEFT JOIN organisations o ON o.id = v.organisation_id
		WHERE v.etat = 'signee' AND v.fin < $1 ORDER BY v.academie, v.fin`, utc(before))
	if err != nil {
		return nil, err
	}
	return scanConventions(rows)
}

func scanConventions(rows *sql.Rows) ([]model.Convention, error) {
	defer rows.Close()
	var out []model.Convention
	for rows.Next() {
		var c model.Convention
		var etat string
		var signee sql.NullTime
		if err := rows.Scan(&c.ID, &c.Academie, &c.OrganisationID, &c.Organisation, &c.Debut, &c.DureeMois, &c.Objectifs, &etat, &c.FichierNom,
			&c.Reference, &signee, &c.ObjectifCEE, &c.ObjectifSecteurs, &c.PartEmployeurs); err != nil {
			return nil, err
		}
		c.Etat, c.SigneeLe = model.EtatConvention(etat), timePtr(signee)
		out = append(out, c)
	}
	return out, rows.Err()
}

// ConventionsOfOrganisation returns an organisation's conventions in an
// académie ("" for all its académies), the earliest first.
func (s *Store) ConventionsOfOrganisation(ctx context.Context, academie string, organisationID int64) (_ []model.Convention, err error) {
	defer wrap(&err, "ConventionsOfOrganisation %d", organisationID)
	rows, err := s.q.QueryContext(ctx, `SELECT `+conventionColumns+` FROM conventions v LEFT JOIN organisations o ON o.id = v.organisation_id
		WHERE v.organisation_id = $1 AND ($2 = '' OR v.academie = $2) ORDER BY v.debut, v.id`, organisationID, academie)
	if err != nil {
		return nil, err
	}
	return scanConventions(rows)
}

// ConventionsOfReseau returns the conventions of a tête de réseau's
// network (the head organisation and its members) in every académie, by
// académie, organisation and start.
func (s *Store) ConventionsOfReseau(ctx context.Context, tete int64) (_ []model.Convention, err error) {
	defer wrap(&err, "ConventionsOfReseau %d", tete)
	rows, err := s.q.QueryContext(ctx, `SELECT `+conventionColumns+` FROM conventions v LEFT JOIN organisations o ON o.id = v.organisation_id
		WHERE v.organisation_id IN (SELECT ro.id FROM organisations ro WHERE ro.id = $1 OR ro.parent_id = $1) ORDER BY v.academie, o.nom, v.debut, v.id`, tete)
	if err != nil {
		return nil, err
	}
	return scanConventions(rows)
}

// ConventionEnVigueur returns the signed convention between the académie
// and the organisation that covers day; found is false when none does.
func (s *Store) ConventionEnVigueur(ctx context.Context, academie string, organisationID int64, day time.Time) (_ model.Convention, found bool, err error) {
	defer wrap(&err, "ConventionEnVigueur %d", organisationID)
	list, err := s.ConventionsOfOrganisation(ctx, academie, organisationID)
	if err != nil {
		return model.Convention{}, false, err
	}
	for _, c := range list {
		if c.EnVigueur(day) {
			return c, true, nil
		}
	}
	return model.Convention{}, false, nil
}

// OrganisationSansConvention is an organisation with CEE in mandate in an
// académie and no signed convention in force there.
type OrganisationSansConvention struct {
	ID       int64
	Nom      string
	Academie string
	CEE      int
}

// OrganisationsSansConvention lists the organisations of an académie ("" for
// all) whose CEE are in mandate on day while no signed convention of theirs
// covers it, the largest network first.
func (s *Store) OrganisationsSansConvention(ctx context.Context, academie string, day time.Time) (_ []OrganisationSansConvention, err error) {
	defer wrap(&err, "OrganisationsSansConvention %s", academie)
	day = model.JourDe(day)
	rows, err := s.q.QueryContext(ctx, `SELECT o.id, o.nom, c.academie, COUNT(*) FROM conseillers c
			JOIN organisations o ON o.id = c.organisation_id
			JOIN designations d ON d.conseiller_id = c.id AND d.courante
		WHERE d.etat IN ('active', 'renouvellement_propose') AND ($1 = '' OR c.academie = $1)
			AND NOT EXISTS (SELECT 1 FROM conventions v WHERE v.organisation_id = o.id AND v.academie = c.academie
				AND v.etat <> 'brouillon' AND v.signee_le IS NOT NULL AND v.debut <= $2 AND v.fin >= $2)
		GROUP BY o.id, o.nom, c.academie ORDER BY COUNT(*) DESC, o.nom`, academie, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OrganisationSansConvention
	for rows.Next() {
		var o OrganisationSansConvention
		if err := rows.Scan(&o.ID, &o.Nom, &o.Academie, &o.CEE); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Realisation counts, for one school year (from September 1st of the year
// given to August 31st of the next), what an organisation's CEE in an
// académie did: the CEE with a mandate during the year (from the mandate
// history), employers among them, actions reported, jury sittings attended
// and network events attended.
func (s *Store) Realisation(ctx context.Context, academie string, organisationID int64, annee int) (_ model.Realisation, err error) {
	defer wrap(&err, "Realisation %d %d", organisationID, annee)
	debut := time.Date(annee, time.September, 1, 0, 0, 0, 0, time.UTC)
	fin := debut.AddDate(1, 0, 0)
	r := model.Realisation{Annee: fmt.Sprintf("%d-%d", annee, annee+1)}
	// The CEE of the year: a mandate of the organisation meeting the year.
	const cee = `SELECT DISTINCT m.conseiller_id FROM mandats m WHERE m.academie = $1 AND m.organisation_id = $2 AND m.debut < $4 AND m.fin >= $3`
	err = s.q.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM conseillers c WHERE c.id IN (`+cee+`)),
			(SELECT COUNT(*) FROM conseillers c WHERE c.id IN (`+cee+`) AND c.statut_pro IN ('employeur', 'artisan')),
			(SELECT COUNT(DISTINCT c.naf_section) FROM conseillers c WHERE c.id IN (`+cee+`) AND c.naf_section <> ''),
			(SELECT COUNT(*) FROM interventions i WHERE i.conseiller_id IN (`+cee+`) AND i.date_action >= $3 AND i.date_action < $4),
			(SELECT COUNT(*) FROM jury_membres jm JOIN disponibilites_jury dj ON dj.id = jm.disponibilite_id
				JOIN sessions_examen se ON se.id = dj.session_id
				WHERE dj.conseiller_id IN (`+cee+`) AND jm.present AND se.debut >= $3 AND se.debut < $4),
			(SELECT COUNT(*) FROM participations p JOIN evenements e ON e.id = p.evenement_id
				WHERE p.conseiller_id IN (`+cee+`) AND p.present AND e.debut >= $3 AND e.debut < $4)`,
		academie, organisationID, debut, fin).Scan(&r.CEE, &r.Employeurs, &r.Secteurs, &r.Actions, &r.Jurys, &r.Evenements)
	return r, err
}
