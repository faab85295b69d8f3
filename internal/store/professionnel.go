package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/refdata"
)

const professionnelColumns = `id, academie, COALESCE(conseiller_id, 0), civilite, nom, prenom, email, telephone, entreprise, code_naf,
	code_commune, nom_commune, departement, interventions, visites, stages, jurys, consent_le, statut_pro, specialites,
	COALESCE(max_par_mois, 0), COALESCE(distance_max_km, 0)`

// CreateProfessionnel records a professional invited by a CEE (not
// contactable until they consent). ErrConflict when the address is known.
func (s *Store) CreateProfessionnel(ctx context.Context, p model.Professionnel) (_ int64, err error) {
	defer wrap(&err, "CreateProfessionnel")
	now := utc(time.Now())
	var cee any
	if p.ConseillerID != 0 {
		cee = p.ConseillerID
	}
	text := model.Fold(strings.Join([]string{p.Nom, p.Prenom, p.Entreprise, p.CodeNAF, p.NomCommune}, " "))
	if n, ok := nafOf(p.CodeNAF); ok {
		text += " " + model.Fold(n)
	}
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO professionnels (academie, conseiller_id, civilite, nom, prenom, email, telephone, entreprise,
			code_naf, code_commune, nom_commune, departement, interventions, visites, stages, jurys, consent_le, recherche, created_at, updated_at, statut_pro,
			max_par_mois, distance_max_km)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20, $21, $22) RETURNING id`,
		p.Academie, cee, p.Civilite, p.Nom, p.Prenom, p.Email, p.Telephone, p.Entreprise, p.CodeNAF, p.CodeCommune, p.NomCommune,
		p.Departement, p.Consent.Interventions, p.Consent.Visites, p.Consent.Stages, p.Consent.Jurys, utcPtr(p.ConsentLe), text, now,
		string(p.StatutPro), nullInt(p.Consent.MaxParMois), nullInt(p.Consent.DistanceMaxKm)).Scan(&id)
	if isUniqueViolation(err) {
		return 0, fmt.Errorf("%s : %w", p.Email, ErrConflict)
	}
	return id, err
}

// GetProfessionnel returns a professional.
func (s *Store) GetProfessionnel(ctx context.Context, id int64) (_ model.Professionnel, err error) {
	defer wrap(&err, "GetProfessionnel %d", id)
	return s.getProfessionnel(ctx, "id", id)
}

// GetProfessionnelByEmail returns the professional with this (normalised)
// address.
func (s *Store) GetProfessionnelByEmail(ctx context.Context, email string) (_ model.Professionnel, err error) {
	defer wrap(&err, "GetProfessionnelByEmail %s", email)
	return s.getProfessionnel(ctx, "email", email)
}

func (s *Store) getProfessionnel(ctx context.Context, column string, v any) (model.Professionnel, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT `+professionnelColumns+` FROM professionnels WHERE `+column+` = $1`, v)
	if err != nil {
		return model.Professionnel{}, err
	}
	list, err := scanProfessionnels(rows)
	if err != nil {
		return model.Professionnel{}, err
	}
	if len(list) == 0 {
		return model.Professionnel{}, ErrNotFound
	}
	return list[0], nil
}

// SetConsent records what a professional agreed to, with the date; all
// false withdraws consent, and stops at once every solicitation still
// waiting for them (ArreterSollicitations): whichever page withdraws it.
// Call it inside a transaction.
func (s *Store) SetConsent(ctx context.Context, id int64, c model.Consentement, at time.Time) (err error) {
	defer wrap(&err, "SetConsent %d", id)
	var le any
	if c.Any() {
		le = utc(at)
	}
	res, err := s.q.ExecContext(ctx, `UPDATE professionnels SET interventions = $2, visites = $3, stages = $4, jurys = $5, consent_le = $6,
			updated_at = $7, max_par_mois = $8, distance_max_km = $9 WHERE id = $1`,
		id, c.Interventions, c.Visites, c.Stages, c.Jurys, le, utc(time.Now()), nullInt(c.MaxParMois), nullInt(c.DistanceMaxKm))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if c.Any() {
		return nil
	}
	p, err := s.PersonneOfProfessionnel(ctx, id)
	if err != nil {
		return err
	}
	_, err = s.ArreterSollicitations(ctx, p, at)
	return err
}

// SetStatutPro records a professional's status, as they give it (consent
// page, « Mon accord »): the college they sit in on exam juries. The caller
// validates it (model.ParseStatutPro).
func (s *Store) SetStatutPro(ctx context.Context, id int64, statut model.StatutPro) (err error) {
	defer wrap(&err, "SetStatutPro %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE professionnels SET statut_pro = $2, updated_at = $3 WHERE id = $1`, id, string(statut), utc(time.Now()))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// SetSpecialitesProfessionnel records the exam specialities (CFD codes) a
// professional can examine, as they give them (« Mon accord », an answer
// to an availability campaign): the next campaigns reach them by these.
func (s *Store) SetSpecialitesProfessionnel(ctx context.Context, id int64, specialites []string) (err error) {
	defer wrap(&err, "SetSpecialitesProfessionnel %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE professionnels SET specialites = $2, updated_at = $3 WHERE id = $1`, id, strings.Join(specialites, "|"), utc(time.Now()))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// ProfessionnelFilter is a query of the wider network.
type ProfessionnelFilter struct {
	Scope         model.Scope
	Q             string
	Departement   string
	SectionNAF    string
	Limit, Offset int
}

// professionnelWhere is the condition of a query of the wider network:
// an académie's professionals (only those who consented), or a CEE's own
// invitations (all of them, so they can follow who has not answered yet).
func professionnelWhere(w *conds, d Dialect, f ProfessionnelFilter) {
	switch {
	case f.Scope.Conseiller != "":
		var id int64
		fmt.Sscan(f.Scope.Conseiller, &id)
		w.add("p.conseiller_id = ?", id)
	case f.Scope.National:
		w.add("p.consent_le IS NOT NULL")
	case f.Scope.Academie != "" && f.Scope.UAI == "" && f.Scope.Organisation == "":
		w.add("p.academie = ?", f.Scope.Academie)
		w.add("p.consent_le IS NOT NULL")
	default:
		w.add("1 = 0")
	}
	motsCherches(w, d, "professionnels", "p", f.Q, f.Scope.National && f.Departement == "")
	if f.Departement != "" {
		w.add("p.departement = ?", f.Departement)
	}
	if f.SectionNAF != "" {
		// Professionals keep the NAF code only: its two first digits are
		// the division, and the divisions of a section are known.
		in(w, "SUBSTR(p.code_naf, 1, 2)", refdata.NAFDivisions(f.SectionNAF))
	}
}

// SearchProfessionnels lists one page of the professionals of a scope.
func (s *Store) SearchProfessionnels(ctx context.Context, f ProfessionnelFilter) (_ []model.Professionnel, _ int, err error) {
	defer wrap(&err, "SearchProfessionnels")
	var c conds
	professionnelWhere(&c, s.dialect, f)
	cond, args := c.sql()
	var total int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM professionnels p WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 25
	}
	lim, args := c.page(f.Limit, f.Offset)
	rows, err := s.q.QueryContext(ctx, `SELECT `+professionnelColumns+` FROM professionnels p WHERE `+cond+` ORDER BY p.nom, p.prenom, p.id`+lim, args...)
	if err != nil {
		return nil, 0, err
	}
	list, err := scanProfessionnels(rows)
	return list, total, err
}

// Membre is a line of the combined directory: a CEE or a professional.
type Membre struct {
	Genre        string // "conseiller" or "professionnel"
	ID           int64
	Nom, Prenom  string
	Rattachement string // the CEE's organisation, the professional's company
	Commune      string
	CodeNAF      string
	Etat         model.EtatDesignation // CEE only
}

// SearchReseau lists CEE and consenting professionals together, by name.
// Filters that only CEE have (state, organisation, speciality…) leave the
// professionals out: the caller passes pros=false then.
func (s *Store) SearchReseau(ctx context.Context, cf ConseillerFilter, pf ProfessionnelFilter, pros bool) (_ []Membre, _ int, err error) {
	defer wrap(&err, "SearchReseau")
	// One numbering for both halves of the union: the professionals'
	// conditions are numbered after the CEE's.
	var c conds
	conseillerWhere(&c, s.dialect, cf)
	cw, _ := c.sql()
	q := `SELECT 'conseiller' AS genre, c.id, c.nom, c.prenom, COALESCE(o.nom, '') AS rattachement, c.nom_commune, c.code_naf,
		COALESCE(d.etat, '') AS etat FROM ` + conseillerFrom + ` WHERE ` + cw
	if pros {
		p := conds{args: c.args}
		professionnelWhere(&p, s.dialect, pf)
		pw, _ := p.sql()
		c.args = p.args
		q += ` UNION ALL SELECT 'professionnel', p.id, p.nom, p.prenom, p.entreprise, p.nom_commune, p.code_naf, ''
			FROM professionnels p WHERE ` + pw
	}
	_, args := c.sql()
	var total int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+q+`) t`, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if cf.Limit <= 0 {
		cf.Limit = 25
	}
	lim, args := c.page(cf.Limit, cf.Offset)
	rows, err := s.q.QueryContext(ctx, `SELECT * FROM (`+q+`) t ORDER BY nom, prenom, genre, id`+lim, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Membre
	for rows.Next() {
		var m Membre
		var etat string
		if err := rows.Scan(&m.Genre, &m.ID, &m.Nom, &m.Prenom, &m.Rattachement, &m.Commune, &m.CodeNAF, &etat); err != nil {
			return nil, 0, err
		}
		m.Etat = model.EtatDesignation(etat)
		out = append(out, m)
	}
	return out, total, rows.Err()
}

func scanProfessionnels(rows *sql.Rows) ([]model.Professionnel, error) {
	return collect(rows, scanProfessionnel)
}

// scanProfessionnel reads the current row of professionnelColumns.
func scanProfessionnel(rows *sql.Rows) (model.Professionnel, error) {
	var p model.Professionnel
	var le sql.NullTime
	var specialites string
	err := rows.Scan(&p.ID, &p.Academie, &p.ConseillerID, &p.Civilite, &p.Nom, &p.Prenom, &p.Email, &p.Telephone, &p.Entreprise,
		&p.CodeNAF, &p.CodeCommune, &p.NomCommune, &p.Departement, &p.Consent.Interventions, &p.Consent.Visites, &p.Consent.Stages,
		&p.Consent.Jurys, &le, &p.StatutPro, &specialites, &p.Consent.MaxParMois, &p.Consent.DistanceMaxKm)
	p.ConsentLe, p.Specialites = timePtr(le), splitList(specialites)
	return p, err
}
