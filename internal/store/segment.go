package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/refdata"
)

// criteresConseillers is the condition on CEE of a segment.
func criteresConseillers(c model.Criteres, now time.Time) (string, []any) {
	var w conds
	if c.Academie != "" {
		w.add("c.academie = ?", c.Academie)
	}
	if c.Departement != "" {
		w.add("c.departement = ?", c.Departement)
	}
	if c.OrganisationID != 0 {
		w.add("c.organisation_id = ?", c.OrganisationID)
	}
	if c.SectionNAF != "" {
		w.add("c.naf_section = ?", c.SectionNAF)
	}
	if c.Famille != "" {
		w.add("('|' || c.familles || '|') LIKE ?", "%|"+c.Famille+"|%")
	}
	if c.EtatMandat != "" {
		w.add("d.etat = ?", c.EtatMandat)
	}
	if depuis := c.Depuis(now); !depuis.IsZero() {
		w.add("COALESCE(d.debut, d.date_arrete) >= ?", utc(depuis))
	}
	return w.sql()
}

// criteresProfessionnels is the condition on professionals (with consent)
// of a segment; ok is false when the criteria exclude them.
func criteresProfessionnels(c model.Criteres) (string, []any, bool) {
	if !c.Professionnels || c.OrganisationID != 0 || c.Famille != "" || c.EtatMandat != "" || c.DesignesDepuisMois > 0 {
		return "", nil, false
	}
	var w conds
	w.add("p.consent_le IS NOT NULL")
	if c.Academie != "" {
		w.add("p.academie = ?", c.Academie)
	}
	if c.Departement != "" {
		w.add("p.departement = ?", c.Departement)
	}
	if c.SectionNAF != "" {
		in(&w, "substr(p.code_naf, 1, 2)", refdata.NAFDivisions(c.SectionNAF))
	}
	cond, args := w.sql()
	return cond, args, true
}

const segmentConseillersFrom = `conseillers c LEFT JOIN designations d ON d.conseiller_id = c.id AND d.courante`

// CountCriteres counts the people criteria reach, in SQL: the live count
// shown while a segment is built. The caller bounds the criteria to the
// reader's territory first (model.Criteres.Borner).
func (s *Store) CountCriteres(ctx context.Context, c model.Criteres, now time.Time) (conseillers, professionnels int, err error) {
	if c.Conseillers {
		w, args := criteresConseillers(c, now)
		if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+segmentConseillersFrom+` WHERE `+w, args...).Scan(&conseillers); err != nil {
			return 0, 0, err
		}
	}
	if w, args, ok := criteresProfessionnels(c); ok {
		if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM professionnels p WHERE `+w, args...).Scan(&professionnels); err != nil {
			return 0, 0, err
		}
	}
	return conseillers, professionnels, nil
}

// Destinataires lists the people criteria reach, one per address.
func (s *Store) Destinataires(ctx context.Context, c model.Criteres, now time.Time) (_ []model.Destinataire, err error) {
	defer wrap(&err, "Destinataires")
	var out []model.Destinataire
	seen := map[string]bool{}
	scan := func(rows *sql.Rows, pro bool) error {
		defer rows.Close()
		for rows.Next() {
			var d model.Destinataire
			var id int64
			var prenom, nom string
			if err := rows.Scan(&id, &prenom, &nom, &d.Email); err != nil {
				return err
			}
			if pro {
				d.ProfessionnelID = id
			} else {
				d.ConseillerID = id
			}
			d.Nom = strings.TrimSpace(prenom + " " + nom)
			if d.Email == "" || seen[d.Email] {
				continue
			}
			seen[d.Email] = true
			out = append(out, d)
		}
		return rows.Err()
	}
	if c.Conseillers {
		w, args := criteresConseillers(c, now)
		rows, err := s.q.QueryContext(ctx, `SELECT c.id, c.prenom, c.nom, c.email FROM `+segmentConseillersFrom+` WHERE `+w+` ORDER BY c.nom, c.prenom, c.id`, args...)
		if err != nil {
			return nil, err
		}
		if err := scan(rows, false); err != nil {
			return nil, err
		}
	}
	if w, args, ok := criteresProfessionnels(c); ok {
		rows, err := s.q.QueryContext(ctx, `SELECT p.id, p.prenom, p.nom, p.email FROM professionnels p WHERE `+w+` ORDER BY p.nom, p.prenom, p.id`, args...)
		if err != nil {
			return nil, err
		}
		if err := scan(rows, true); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CreateSegment records a segment.
func (s *Store) CreateSegment(ctx context.Context, sg model.Segment) (_ int64, err error) {
	defer wrap(&err, "CreateSegment")
	crit, err := json.Marshal(sg.Criteres)
	if err != nil {
		return 0, err
	}
	now := utc(time.Now())
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO segments (academie, organisation_id, nom, criteres, auteur_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, sg.Academie, nullID(sg.OrganisationID), sg.Nom, string(crit), nullID(sg.AuteurID), now).Scan(&id)
	return id, err
}

// segmentScope is the condition on table alias t (académie,
// organisation_id) of a principal's territory.
func segmentScope(w *conds, alias string, sc model.Scope) {
	switch {
	case sc.National:
	case sc.Organisation != "":
		// The organisation's records of the référent's académie only
		// (issue 20: a role on another académie's organisation reaches
		// nothing).
		if sc.Academie == "" {
			w.add("1 = 0")
			return
		}
		var id int64
		fmt.Sscan(sc.Organisation, &id)
		w.add(alias+".organisation_id = ? AND "+alias+".academie = ?", id, sc.Academie)
	case sc.Academie != "" && sc.Conseiller == "" && sc.UAI == "":
		w.add(alias+".academie = ?", sc.Academie)
	default:
		w.add("1 = 0")
	}
}

// ListSegments returns the segments of a territory, newest first.
func (s *Store) ListSegments(ctx context.Context, sc model.Scope) (_ []model.Segment, err error) {
	defer wrap(&err, "ListSegments")
	var c conds
	segmentScope(&c, "g", sc)
	w, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT g.id, g.academie, COALESCE(g.organisation_id, 0), g.nom, g.criteres, COALESCE(g.auteur_id, 0), g.created_at
		FROM segments g WHERE `+w+` ORDER BY g.created_at DESC, g.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Segment
	for rows.Next() {
		var sg model.Segment
		var crit string
		if err := rows.Scan(&sg.ID, &sg.Academie, &sg.OrganisationID, &sg.Nom, &crit, &sg.AuteurID, &sg.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(crit), &sg.Criteres); err != nil {
			return nil, fmt.Errorf("segment %d : critères illisibles : %w", sg.ID, err)
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

// GetSegment returns a segment of a territory: ErrNotFound outside it.
func (s *Store) GetSegment(ctx context.Context, id int64, sc model.Scope) (_ model.Segment, err error) {
	defer wrap(&err, "GetSegment %d", id)
	list, err := s.ListSegments(ctx, sc)
	if err != nil {
		return model.Segment{}, err
	}
	for _, sg := range list {
		if sg.ID == id {
			return sg, nil
		}
	}
	return model.Segment{}, ErrNotFound
}
