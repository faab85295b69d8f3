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
	var args []any
	where := []string{"1 = 1"}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if c.Academie != "" {
		add("c.academie = $%d", c.Academie)
	}
	if c.Departement != "" {
		add("c.departement = $%d", c.Departement)
	}
	if c.OrganisationID != 0 {
		add("c.organisation_id = $%d", c.OrganisationID)
	}
	if c.SectionNAF != "" {
		add("c.naf_section = $%d", c.SectionNAF)
	}
	if c.Famille != "" {
		add("('|' || c.familles || '|') LIKE $%d", "%|"+c.Famille+"|%")
	}
	if c.EtatMandat != "" {
		add("d.etat = $%d", c.EtatMandat)
	}
	if depuis := c.Depuis(now); !depuis.IsZero() {
		add("COALESCE(d.debut, d.date_arrete) >= $%d", utc(depuis))
	}
	return strings.Join(where, " AND "), args
}

// criteresProfessionnels is the condition on professionals (with consent)
// of a segment; ok is false when the criteria exclude them.
func criteresProfessionnels(c model.Criteres) (string, []any, bool) {
	if !c.Professionnels || c.OrganisationID != 0 || c.Famille != "" || c.EtatMandat != "" || c.DesignesDepuisMois > 0 {
		return "", nil, false
	}
	var args []any
	where := []string{"p.consent_le IS NOT NULL"}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if c.Academie != "" {
		add("p.academie = $%d", c.Academie)
	}
	if c.Departement != "" {
		add("p.departement = $%d", c.Departement)
	}
	if c.SectionNAF != "" {
		var in []string
		for _, div := range refdata.NAFDivisions(c.SectionNAF) {
			args = append(args, div)
			in = append(in, fmt.Sprintf("$%d", len(args)))
		}
		if len(in) == 0 {
			where = append(where, "1 = 0")
		} else {
			where = append(where, "substr(p.code_naf, 1, 2) IN ("+strings.Join(in, ", ")+")")
		}
	}
	return strings.Join(where, " AND "), args, true
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
func segmentScope(alias string, sc model.Scope, args []any) (string, []any) {
	switch {
	case sc.National:
		return "1 = 1", args
	case sc.Organisation != "":
		// The organisation's records of the référent's académie only
		// (issue 20: a role on another académie's organisation reaches
		// nothing).
		if sc.Academie == "" {
			return "1 = 0", args
		}
		var id int64
		fmt.Sscan(sc.Organisation, &id)
		args = append(args, id, sc.Academie)
		return fmt.Sprintf("%s.organisation_id = $%d AND %s.academie = $%d", alias, len(args)-1, alias, len(args)), args
	case sc.Academie != "" && sc.Conseiller == "" && sc.UAI == "":
		args = append(args, sc.Academie)
		return fmt.Sprintf("%s.academie = $%d", alias, len(args)), args
	}
	return "1 = 0", args
}

// ListSegments returns the segments of a territory, newest first.
func (s *Store) ListSegments(ctx context.Context, sc model.Scope) (_ []model.Segment, err error) {
	defer wrap(&err, "ListSegments")
	w, args := segmentScope("g", sc, nil)
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
