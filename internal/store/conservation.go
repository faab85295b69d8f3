package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"cee/internal/model"
)

// Kinds of person the retention rule reaches.
const (
	PersonneConseiller    = "conseiller"
	PersonneProfessionnel = "professionnel"
)

// Inactif is a person the retention rule reaches: nothing of theirs since
// the cutoff.
type Inactif struct {
	Personne string // PersonneConseiller or PersonneProfessionnel
	ID       int64
	Academie string
	Email    string
}

// inactifsSQL select the people with no activity since $1, not anonymised
// yet. A CEE is active while a designation is under way (proposed,
// instructed, designated, running or being renewed) and until the end of
// their last one; a login keeps them too. A professional's activity is
// what they did: consenting (again), answering a solicitation or an
// availability request, registering to an event, logging in.
var inactifsSQL = map[string]string{
	PersonneConseiller: `SELECT c.id, c.academie, c.email FROM conseillers c
		WHERE c.anonymise_le IS NULL AND c.created_at < $1
		AND NOT EXISTS (SELECT 1 FROM designations d WHERE d.conseiller_id = c.id
			AND (d.etat IN ('proposee', 'en_instruction', 'designee', 'active', 'renouvellement_propose') OR COALESCE(d.fin, d.updated_at) >= $1))
		AND NOT EXISTS (SELECT 1 FROM habilitations h JOIN comptes k ON k.id = h.compte_id
			WHERE h.role = 'conseiller' AND h.ref = CAST(c.id AS TEXT) AND k.derniere_connexion >= $1)`,
	PersonneProfessionnel: `SELECT p.id, p.academie, p.email FROM professionnels p
		WHERE p.anonymise_le IS NULL AND p.created_at < $1 AND (p.consent_le IS NULL OR p.consent_le < $1)
		AND NOT EXISTS (SELECT 1 FROM sollicitations s WHERE s.professionnel_id = p.id AND s.repondue_le >= $1)
		AND NOT EXISTS (SELECT 1 FROM disponibilites_jury j WHERE j.professionnel_id = p.id AND j.repondu_le >= $1)
		AND NOT EXISTS (SELECT 1 FROM participations x WHERE x.professionnel_id = p.id AND x.inscrit_le >= $1)
		AND NOT EXISTS (SELECT 1 FROM habilitations h JOIN comptes k ON k.id = h.compte_id
			WHERE h.role = 'professionnel' AND h.ref = CAST(p.id AS TEXT) AND k.derniere_connexion >= $1)`,
}

// AcademiesFiltre narrows ListInactifs to one académie (Seule), or to all
// but some (Sauf): those with periods of their own are read apart.
type AcademiesFiltre struct {
	Seule string
	Sauf  []string
}

// ListInactifs returns up to limit people of a kind inactive since cutoff
// who have not been warned yet (no warning waiting).
func (s *Store) ListInactifs(ctx context.Context, personne string, cutoff time.Time, f AcademiesFiltre, limit int) (_ []Inactif, err error) {
	defer wrap(&err, "ListInactifs %s", personne)
	alias := "c"
	if personne == PersonneProfessionnel {
		alias = "p"
	}
	// $1, $2 and $3 are named in the text; the académies follow.
	c := conds{args: []any{utc(cutoff), personne, limit}}
	if f.Seule != "" {
		c.add(alias+".academie = ?", f.Seule)
	}
	for _, a := range f.Sauf {
		c.add(alias+".academie <> ?", a)
	}
	where, args := c.sql()
	rows, err := s.q.QueryContext(ctx, inactifsSQL[personne]+` AND `+where+`
		AND NOT EXISTS (SELECT 1 FROM avertissements_conservation a WHERE a.personne = $2 AND a.personne_id = `+alias+`.id AND a.etat = 'averti')
		ORDER BY `+alias+`.id LIMIT $3`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Inactif
	for rows.Next() {
		x := Inactif{Personne: personne}
		if err := rows.Scan(&x.ID, &x.Academie, &x.Email); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// InactifDepuis tells whether one person has still done nothing since
// cutoff (the date they were warned).
func (s *Store) InactifDepuis(ctx context.Context, personne string, id int64, cutoff time.Time) (_ bool, err error) {
	defer wrap(&err, "InactifDepuis %s", personne)
	alias := "c"
	if personne == PersonneProfessionnel {
		alias = "p"
	}
	var got int64
	err = s.q.QueryRowContext(ctx, inactifsSQL[personne]+` AND `+alias+`.id = $2`, utc(cutoff), id).Scan(&got, new(string), new(string))
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Avertissement is a retention warning: the person was told on AvertiLe
// that they would be anonymised on Echeance.
type Avertissement struct {
	ID         int64
	Personne   string
	PersonneID int64
	Academie   string
	AvertiLe   time.Time
	Echeance   time.Time
}

// CreateAvertissement records a warning sent.
func (s *Store) CreateAvertissement(ctx context.Context, a Avertissement) (_ int64, err error) {
	defer wrap(&err, "CreateAvertissement")
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO avertissements_conservation (personne, personne_id, academie, averti_le, echeance, etat)
		VALUES ($1, $2, $3, $4, $5, 'averti') RETURNING id`, a.Personne, a.PersonneID, a.Academie, utc(a.AvertiLe), utc(a.Echeance)).Scan(&id)
	return id, err
}

// AvertissementsEchus returns the warnings still open whose date has come.
func (s *Store) AvertissementsEchus(ctx context.Context, now time.Time, limit int) (_ []Avertissement, err error) {
	defer wrap(&err, "AvertissementsEchus")
	rows, err := s.q.QueryContext(ctx, `SELECT id, personne, personne_id, academie, averti_le, echeance FROM avertissements_conservation
		WHERE etat = 'averti' AND echeance <= $1 ORDER BY id LIMIT $2`, utc(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Avertissement
	for rows.Next() {
		var a Avertissement
		if err := rows.Scan(&a.ID, &a.Personne, &a.PersonneID, &a.Academie, &a.AvertiLe, &a.Echeance); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CloreAvertissement closes an open warning: 'annule' when the person
// acted, 'anonymise' when they were anonymised. It reports false when the
// warning was no longer open (another instance ran the job).
func (s *Store) CloreAvertissement(ctx context.Context, id int64, etat string, now time.Time) (_ bool, err error) {
	defer wrap(&err, "CloreAvertissement %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE avertissements_conservation SET etat = $2, clos_le = $3 WHERE id = $1 AND etat = 'averti'`, id, etat, utc(now))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// GetConservation returns an académie's retention periods: the national
// ones unless its pilote set others.
func (s *Store) GetConservation(ctx context.Context, academie string) (_ model.Conservation, err error) {
	defer wrap(&err, "GetConservation %s", academie)
	all, err := s.ConservationsAcademies(ctx)
	if c, ok := all[academie]; ok {
		return c, err
	}
	return model.ConservationNationale(), err
}

// ConservationsAcademies returns the académies that set periods of their
// own, with them.
func (s *Store) ConservationsAcademies(ctx context.Context) (_ map[string]model.Conservation, err error) {
	defer wrap(&err, "ConservationsAcademies")
	rows, err := s.q.QueryContext(ctx, `SELECT academie, conservation_cee_ans, conservation_pro_ans FROM parametres_academie
		WHERE conservation_cee_ans IS NOT NULL OR conservation_pro_ans IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]model.Conservation{}
	for rows.Next() {
		var a string
		var cee, pro sql.NullInt64
		if err := rows.Scan(&a, &cee, &pro); err != nil {
			return nil, err
		}
		c := model.ConservationNationale()
		if cee.Valid {
			c.CEEAns = int(cee.Int64)
		}
		if pro.Valid {
			c.ProfessionnelAns = int(pro.Int64)
		}
		out[a] = c
	}
	return out, rows.Err()
}

// SaveConservation sets an académie's retention periods; the national
// values are stored as NULL, so that a later change of the national
// periods reaches the académies that kept them.
func (s *Store) SaveConservation(ctx context.Context, academie string, c model.Conservation) (err error) {
	defer wrap(&err, "SaveConservation %s", academie)
	n := model.ConservationNationale()
	var cee, pro any
	if c.CEEAns != n.CEEAns {
		cee = c.CEEAns
	}
	if c.ProfessionnelAns != n.ProfessionnelAns {
		pro = c.ProfessionnelAns
	}
	_, err = s.q.ExecContext(ctx, `INSERT INTO parametres_academie (academie, conservation_cee_ans, conservation_pro_ans, updated_at)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (academie) DO UPDATE SET conservation_cee_ans = excluded.conservation_cee_ans,
			conservation_pro_ans = excluded.conservation_pro_ans, updated_at = excluded.updated_at`,
		academie, cee, pro, utc(time.Now()))
	return err
}
