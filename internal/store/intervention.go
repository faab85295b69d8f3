package store

import (
	"context"
	"strings"
	"time"

	"cee/internal/model"
)

// CreateIntervention records an action of a CEE.
func (s *Store) CreateIntervention(ctx context.Context, i model.Intervention) (_ int64, err error) {
	defer wrap(&err, "CreateIntervention")
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO interventions (conseiller_id, academie, type, date_action, duree_minutes, uai, eleves,
			niveaux, professionnels, description, created_at, demande_id, campus_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		i.ConseillerID, i.Academie, string(i.Type), utc(i.Date), i.DureeMinutes, i.UAI, i.Eleves, strings.Join(i.Niveaux, "|"), i.Professionnels,
		i.Description, utc(time.Now()), nullID(i.DemandeID), nullID(i.CampusID)).Scan(&id)
	return id, err
}

// ListInterventions returns a CEE's actions between two days (both
// included; zero times leave that side open), most recent first.
func (s *Store) ListInterventions(ctx context.Context, conseillerID int64, du, au time.Time) (_ []model.Intervention, err error) {
	defer wrap(&err, "ListInterventions %d", conseillerID)
	if au.IsZero() {
		au = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	rows, err := s.q.QueryContext(ctx, `SELECT i.id, i.conseiller_id, i.academie, i.type, i.date_action, i.duree_minutes, i.uai,
			COALESCE(e.nom, ''), i.eleves, i.niveaux, i.professionnels, i.description, COALESCE(i.demande_id, 0),
			COALESCE(i.campus_id, 0), COALESCE(cu.nom, '')
		FROM interventions i LEFT JOIN etablissements e ON e.uai = i.uai LEFT JOIN campus cu ON cu.id = i.campus_id
		WHERE i.conseiller_id = $1 AND i.date_action >= $2 AND i.date_action < $3
		ORDER BY i.date_action DESC, i.id DESC`, conseillerID, utc(du), utc(au.AddDate(0, 0, 1)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Intervention
	for rows.Next() {
		var i model.Intervention
		var typ, niveaux string
		if err := rows.Scan(&i.ID, &i.ConseillerID, &i.Academie, &typ, &i.Date, &i.DureeMinutes, &i.UAI, &i.Etablissement,
			&i.Eleves, &niveaux, &i.Professionnels, &i.Description, &i.DemandeID, &i.CampusID, &i.Campus); err != nil {
			return nil, err
		}
		i.Type, i.Niveaux = model.TypeDemande(typ), splitList(niveaux)
		out = append(out, i)
	}
	return out, rows.Err()
}
