package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"cee/internal/model"
)

// CreateSessionExamen records an exam session.
func (s *Store) CreateSessionExamen(ctx context.Context, x model.SessionExamen) (_ int64, err error) {
	defer wrap(&err, "CreateSessionExamen")
	now := utc(time.Now())
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO sessions_examen (academie, nom, debut, fin, echeance, etat, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, x.Academie, x.Nom, utc(x.Debut), utc(x.Fin), utcPtr(x.Echeance),
		string(model.SessionPreparation), now).Scan(&id)
	return id, err
}

const sessionColumns = `x.id, x.academie, x.nom, x.debut, x.fin, x.echeance, x.etat, x.progression, x.resultat,
	(SELECT COUNT(*) FROM jurys j WHERE j.session_id = x.id)`

// ListSessionsExamen returns an académie's sessions ("" for all), latest first.
func (s *Store) ListSessionsExamen(ctx context.Context, academie string) (_ []model.SessionExamen, err error) {
	defer wrap(&err, "ListSessionsExamen %s", academie)
	rows, err := s.q.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions_examen x WHERE $1 = '' OR x.academie = $1
		ORDER BY x.debut DESC, x.id DESC`, academie)
	if err != nil {
		return nil, err
	}
	return scanSessions(rows)
}

// GetSessionExamen returns a session of an académie ("" for any): ErrNotFound
// outside it.
func (s *Store) GetSessionExamen(ctx context.Context, id int64, academie string) (_ model.SessionExamen, err error) {
	defer wrap(&err, "GetSessionExamen %d", id)
	rows, err := s.q.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions_examen x WHERE x.id = $1 AND ($2 = '' OR x.academie = $2)`, id, academie)
	if err != nil {
		return model.SessionExamen{}, err
	}
	list, err := scanSessions(rows)
	if err != nil {
		return model.SessionExamen{}, err
	}
	if len(list) == 0 {
		return model.SessionExamen{}, ErrNotFound
	}
	return list[0], nil
}

func scanSessions(rows *sql.Rows) ([]model.SessionExamen, error) {
	defer rows.Close()
	var out []model.SessionExamen
	for rows.Next() {
		var x model.SessionExamen
		var etat string
		var echeance sql.NullTime
		if err := rows.Scan(&x.ID, &x.Academie, &x.Nom, &x.Debut, &x.Fin, &echeance, &etat, &x.Progression, &x.Resultat, &x.Jurys); err != nil {
			return nil, err
		}
		x.Etat, x.Echeance = model.EtatSession(etat), timePtr(echeance)
		out = append(out, x)
	}
	return out, rows.Err()
}

// SetSessionEtat moves a session on, from a known state: ErrConflict if it
// moved meanwhile (two agents, or a composition already running).
func (s *Store) SetSessionEtat(ctx context.Context, id int64, from, to model.EtatSession) (err error) {
	defer wrap(&err, "SetSessionEtat %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE sessions_examen SET etat = $2, updated_at = $4 WHERE id = $1 AND etat = $3`,
		id, string(to), string(from), utc(time.Now()))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("session %d : %w (son état a changé)", id, ErrConflict)
	}
	return nil
}

// SetSessionProgression records the composition's progress and, at the
// end, its result.
func (s *Store) SetSessionProgression(ctx context.Context, id int64, pct int, resultat string) (err error) {
	defer wrap(&err, "SetSessionProgression %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE sessions_examen SET progression = $2, resultat = CASE WHEN $3 <> '' THEN $3 ELSE resultat END,
		updated_at = $4 WHERE id = $1`, id, pct, resultat, utc(time.Now()))
	return err
}

// SetEcheanceSession sets the deadline of the availability campaign.
func (s *Store) SetEcheanceSession(ctx context.Context, id int64, t time.Time) (err error) {
	defer wrap(&err, "SetEcheanceSession %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE sessions_examen SET echeance = $2, updated_at = $3 WHERE id = $1`, id, utc(t), utc(time.Now()))
	return err
}

// UpsertJury creates or updates a session's jury by its code; it reports
// whether it created one.
func (s *Store) UpsertJury(ctx context.Context, j model.Jury) (_ bool, err error) {
	defer wrap(&err, "UpsertJury")
	var n int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM jurys WHERE session_id = $1 AND code = $2`, j.SessionID, j.Code).Scan(&n); err != nil {
		return false, err
	}
	_, err = s.q.ExecContext(ctx, `INSERT INTO jurys (session_id, code, specialite, uai, demi_journees, sieges, employeurs, salaries, enseignants, conflits)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (session_id, code) DO UPDATE SET specialite = excluded.specialite, uai = excluded.uai, demi_journees = excluded.demi_journees,
			sieges = excluded.sieges, employeurs = excluded.employeurs, salaries = excluded.salaries, enseignants = excluded.enseignants,
			conflits = excluded.conflits`, j.SessionID, j.Code, j.Specialite, j.UAI, strings.Join(j.DemiJournees, "|"), j.Sieges, j.Employeurs,
		j.Salaries, j.Enseignants, strings.Join(j.Conflits, "|"))
	return n == 0, err
}

// ListJurys returns a session's juries with their members, by code.
func (s *Store) ListJurys(ctx context.Context, sessionID int64) (_ []model.Jury, err error) {
	defer wrap(&err, "ListJurys %d", sessionID)
	rows, err := s.q.QueryContext(ctx, `SELECT j.id, j.session_id, j.code, j.specialite, j.uai, COALESCE(e.nom, ''),
			COALESCE(e.adresse, ''), COALESCE(e.code_postal, ''), COALESCE(e.nom_commune, ''), j.demi_journees, j.sieges,
			j.employeurs, j.salaries, j.enseignants, j.conflits
		FROM jurys j LEFT JOIN etablissements e ON e.uai = j.uai WHERE j.session_id = $1 ORDER BY j.code`, sessionID)
	if err != nil {
		return nil, err
	}
	var out []model.Jury
	index := map[int64]int{}
	func() {
		defer rows.Close()
		for rows.Next() {
			var j model.Jury
			var dj, conflits, adresse, cp, commune string
			if err = rows.Scan(&j.ID, &j.SessionID, &j.Code, &j.Specialite, &j.UAI, &j.Centre, &adresse, &cp, &commune, &dj, &j.Sieges, &j.Employeurs, &j.Salaries,
				&j.Enseignants, &conflits); err != nil {
				return
			}
			j.Adresse = strings.TrimSpace(adresse)
			if ville := strings.TrimSpace(cp + " " + commune); ville != "" && j.Adresse != "" {
				j.Adresse += ", " + ville
			} else if ville != "" {
				j.Adresse = ville
			}
			j.DemiJournees, j.Conflits = splitList(dj), splitList(conflits)
			index[j.ID] = len(out)
			out = append(out, j)
		}
		err = rows.Err()
	}()
	if err != nil {
		return nil, err
	}
	membres, err := s.listMembres(ctx, `j.session_id = $1`, sessionID)
	if err != nil {
		return nil, err
	}
	for _, m := range membres {
		if i, ok := index[m.JuryID]; ok {
			out[i].Membres = append(out[i].Membres, m)
		}
	}
	return out, nil
}

const membreSelect = `SELECT m.id, m.jury_id, m.disponibilite_id, COALESCE(c.prenom || ' ' || c.nom, p.prenom || ' ' || p.nom, ''),
		COALESCE(c.email, p.email, ''), COALESCE(c.statut_pro, p.statut_pro, ''), m.verrou, m.statut, m.distance_km, m.present,
		COALESCE(c.civilite, p.civilite, ''), COALESCE(c.prenom, p.prenom, ''), COALESCE(c.nom, p.nom, ''), COALESCE(c.telephone, p.telephone, ''),
		COALESCE(c.employeur, p.entreprise, ''), COALESCE(c.siret, '')
	FROM jury_membres m JOIN jurys j ON j.id = m.jury_id JOIN disponibilites_jury d ON d.id = m.disponibilite_id
	LEFT JOIN conseillers c ON c.id = d.conseiller_id LEFT JOIN professionnels p ON p.id = d.professionnel_id`

func (s *Store) listMembres(ctx context.Context, cond string, arg any) ([]model.MembreJury, error) {
	rows, err := s.q.QueryContext(ctx, membreSelect+` WHERE `+cond+` ORDER BY m.jury_id, m.id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.MembreJury
	for rows.Next() {
		var m model.MembreJury
		var statut string
		var present sql.NullBool
		if err := rows.Scan(&m.ID, &m.JuryID, &m.DisponibiliteID, &m.Nom, &m.Email, &statut, &m.Verrou, &m.Statut, &m.DistanceKm, &present,
			&m.Civilite, &m.Prenom, &m.NomFamille, &m.Telephone, &m.Employeur, &m.SIRET); err != nil {
			return nil, err
		}
		m.College, m.StatutConnu = model.CollegeOf(model.StatutPro(statut)), statut != ""
		if present.Valid {
			v := present.Bool
			m.Present = &v
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// GetMembre returns one member of a jury.
func (s *Store) GetMembre(ctx context.Context, id int64) (_ model.MembreJury, err error) {
	defer wrap(&err, "GetMembre %d", id)
	list, err := s.listMembres(ctx, `m.id = $1`, id)
	if err != nil {
		return model.MembreJury{}, err
	}
	if len(list) == 0 {
		return model.MembreJury{}, ErrNotFound
	}
	return list[0], nil
}

// ReplaceComposition removes a session's members that are not locked and
// seats the given ones (jury id, availability id, distance).
func (s *Store) ReplaceComposition(ctx context.Context, sessionID int64, seats []MembreNouveau) (err error) {
	defer wrap(&err, "ReplaceComposition %d", sessionID)
	if _, err := s.q.ExecContext(ctx, `DELETE FROM jury_membres WHERE NOT verrou AND jury_id IN (SELECT id FROM jurys WHERE session_id = $1)`, sessionID); err != nil {
		return err
	}
	for _, m := range seats {
		if err := s.AddMembre(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// MembreNouveau is a seat to write.
type MembreNouveau struct {
	JuryID, DisponibiliteID int64
	DistanceKm              float64
	Verrou                  bool
	Statut                  string
}

// AddMembre seats a person in a jury (already seated: nothing changes).
func (s *Store) AddMembre(ctx context.Context, m MembreNouveau) (err error) {
	defer wrap(&err, "AddMembre")
	if m.Statut == "" {
		m.Statut = "propose"
	}
	_, err = s.q.ExecContext(ctx, `INSERT INTO jury_membres (jury_id, disponibilite_id, verrou, statut, distance_km) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (jury_id, disponibilite_id) DO NOTHING`, m.JuryID, m.DisponibiliteID, m.Verrou, m.Statut, m.DistanceKm)
	return err
}

// RemoveMembre takes a person out of a jury.
func (s *Store) RemoveMembre(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "RemoveMembre %d", id)
	res, err := s.q.ExecContext(ctx, `DELETE FROM jury_membres WHERE id = $1`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// SetVerrou locks or unlocks a member.
func (s *Store) SetVerrou(ctx context.Context, id int64, on bool) (err error) {
	defer wrap(&err, "SetVerrou %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE jury_membres SET verrou = $2 WHERE id = $1`, id, on)
	return err
}

// SetPresence records whether a member sat, after the exam.
func (s *Store) SetPresence(ctx context.Context, id int64, present bool) (err error) {
	defer wrap(&err, "SetPresence %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE jury_membres SET present = $2 WHERE id = $1`, id, present)
	return err
}

// SetStatutMembres sets the status of every member of a session (publication).
func (s *Store) SetStatutMembres(ctx context.Context, sessionID int64, statut string) (err error) {
	defer wrap(&err, "SetStatutMembres %d", sessionID)
	_, err = s.q.ExecContext(ctx, `UPDATE jury_membres SET statut = $2 WHERE jury_id IN (SELECT id FROM jurys WHERE session_id = $1)`, sessionID, statut)
	return err
}

// SetStatutMembre records a member's answer to their convocation.
func (s *Store) SetStatutMembre(ctx context.Context, id int64, statut string) (err error) {
	defer wrap(&err, "SetStatutMembre %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE jury_membres SET statut = $2 WHERE id = $1`, id, statut)
	return err
}

// CreateDisponibilite asks a person for their availability in a session.
func (s *Store) CreateDisponibilite(ctx context.Context, d model.DisponibiliteJury) (_ int64, err error) {
	defer wrap(&err, "CreateDisponibilite")
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO disponibilites_jury (session_id, conseiller_id, professionnel_id, created_at)
		VALUES ($1, $2, $3, $4) RETURNING id`, d.SessionID, nullID(d.ConseillerID), nullID(d.ProfessionnelID), utc(time.Now())).Scan(&id)
	return id, err
}

// SaveReponseDisponibilite records a person's answer.
func (s *Store) SaveReponseDisponibilite(ctx context.Context, d model.DisponibiliteJury) (err error) {
	defer wrap(&err, "SaveReponseDisponibilite")
	_, err = s.q.ExecContext(ctx, `UPDATE disponibilites_jury SET demi_journees = $2, max_demi_journees = $3, max_km = $4, liens = $5,
		repondu_le = $6, specialites = $7 WHERE id = $1`, d.ID, strings.Join(d.DemiJournees, "|"), d.MaxDemiJournees, d.MaxKm, strings.Join(d.Liens, "|"),
		utc(time.Now()), strings.Join(d.Specialites, "|"))
	return err
}

const disponibiliteSelect = `SELECT d.id, d.session_id, COALESCE(d.conseiller_id, 0), COALESCE(d.professionnel_id, 0),
		COALESCE(c.prenom || ' ' || c.nom, p.prenom || ' ' || p.nom, ''), COALESCE(c.email, p.email, ''), COALESCE(c.statut_pro, p.statut_pro, ''),
		CASE WHEN d.specialites <> '' THEN d.specialites ELSE COALESCE(c.specialites, '') END, COALESCE(c.code_commune, p.code_commune, ''), d.demi_journees, d.max_demi_journees, d.max_km, d.liens, d.repondu_le, d.relances
	FROM disponibilites_jury d LEFT JOIN conseillers c ON c.id = d.conseiller_id LEFT JOIN professionnels p ON p.id = d.professionnel_id`

// MarkRelanceDisponibilite counts a reminder sent (once per level).
func (s *Store) MarkRelanceDisponibilite(ctx context.Context, id int64, n int) (err error) {
	defer wrap(&err, "MarkRelanceDisponibilite %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE disponibilites_jury SET relances = $2 WHERE id = $1 AND relances < $2`, id, n)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return fmt.Errorf("relance %d : %w", id, ErrConflict)
	}
	return nil
}

// ListDisponibilites returns a session's availability requests and answers.
func (s *Store) ListDisponibilites(ctx context.Context, sessionID int64) (_ []model.DisponibiliteJury, err error) {
	defer wrap(&err, "ListDisponibilites %d", sessionID)
	return s.listDisponibilites(ctx, `d.session_id = $1`, sessionID)
}

// GetDisponibilite returns one availability.
func (s *Store) GetDisponibilite(ctx context.Context, id int64) (_ model.DisponibiliteJury, err error) {
	defer wrap(&err, "GetDisponibilite %d", id)
	list, err := s.listDisponibilites(ctx, `d.id = $1`, id)
	if err != nil {
		return model.DisponibiliteJury{}, err
	}
	if len(list) == 0 {
		return model.DisponibiliteJury{}, ErrNotFound
	}
	return list[0], nil
}

func (s *Store) listDisponibilites(ctx context.Context, cond string, arg any) ([]model.DisponibiliteJury, error) {
	rows, err := s.q.QueryContext(ctx, disponibiliteSelect+` WHERE `+cond+` ORDER BY d.id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.DisponibiliteJury
	for rows.Next() {
		var d model.DisponibiliteJury
		var statut, specialites, dj, liens string
		var repondu sql.NullTime
		if err := rows.Scan(&d.ID, &d.SessionID, &d.ConseillerID, &d.ProfessionnelID, &d.Nom, &d.Email, &statut, &specialites, &d.CodeCommune,
			&dj, &d.MaxDemiJournees, &d.MaxKm, &liens, &repondu, &d.Relances); err != nil {
			return nil, err
		}
		d.College, d.StatutConnu, d.Specialites = model.CollegeOf(model.StatutPro(statut)), statut != "", splitList(specialites)
		d.DemiJournees, d.Liens, d.RepondueLe = splitList(dj), splitList(liens), timePtr(repondu)
		out = append(out, d)
	}
	return out, rows.Err()
}

// ListRegles returns the rules of every kind of diploma.
func (s *Store) ListRegles(ctx context.Context) (_ []model.RegleDiplome, err error) {
	defer wrap(&err, "ListRegles")
	rows, err := s.q.QueryContext(ctx, `SELECT type_diplome, articles, part_num, part_den, parite, presidence FROM regles_diplome ORDER BY type_diplome`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.RegleDiplome
	for rows.Next() {
		var r model.RegleDiplome
		if err := rows.Scan(&r.Type, &r.Articles, &r.PartNum, &r.PartDen, &r.Parite, &r.Presidence); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveRegle writes a diploma's rule.
func (s *Store) SaveRegle(ctx context.Context, r model.RegleDiplome) (err error) {
	defer wrap(&err, "SaveRegle %s", r.Type)
	if r.PartDen <= 0 || r.PartNum < 0 || r.PartNum > r.PartDen {
		return model.Invalide("part_professionnels", "part de professionnels invalide : une fraction entre 0 et 1, par exemple 1/3")
	}
	_, err = s.q.ExecContext(ctx, `INSERT INTO regles_diplome (type_diplome, articles, part_num, part_den, parite, presidence, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (type_diplome) DO UPDATE SET articles = excluded.articles, part_num = excluded.part_num,
			part_den = excluded.part_den, parite = excluded.parite, presidence = excluded.presidence, updated_at = excluded.updated_at`,
		r.Type, r.Articles, r.PartNum, r.PartDen, r.Parite, r.Presidence, utc(time.Now()))
	return err
}

// GetParametresJurys returns an académie's jury settings, or the defaults
// when its exam division has not saved any.
func (s *Store) GetParametresJurys(ctx context.Context, academie string) (_ model.ParametresJurys, err error) {
	defer wrap(&err, "GetParametresJurys %s", academie)
	p := model.ParametresJurysParDefaut(academie)
	var colonnes string
	err = s.q.QueryRowContext(ctx, `SELECT frais, colonnes_export FROM parametres_jurys WHERE academie = $1`, academie).Scan(&p.Frais, &colonnes)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if colonnes != "" {
		p.Colonnes = strings.Split(colonnes, ",")
	}
	return p, err
}

// SaveParametresJurys writes an académie's jury settings (validated by the
// caller: model.ParametresJurys.Errors).
func (s *Store) SaveParametresJurys(ctx context.Context, p model.ParametresJurys) (err error) {
	defer wrap(&err, "SaveParametresJurys %s", p.Academie)
	_, err = s.q.ExecContext(ctx, `INSERT INTO parametres_jurys (academie, frais, colonnes_export, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (academie) DO UPDATE SET frais = excluded.frais, colonnes_export = excluded.colonnes_export, updated_at = excluded.updated_at`,
		p.Academie, p.Frais, strings.Join(p.Colonnes, ","), utc(time.Now()))
	return err
}
