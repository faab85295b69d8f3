package store

import (
	"context"
	"database/sql"

	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"cee/internal/model"
	"cee/internal/refdata"
)

const conseillerColumns = `c.id, c.academie, c.civilite, c.nom, c.prenom, c.email, c.telephone, c.employeur, c.siret, c.statut_pro,
	c.code_naf, c.secteur, c.code_commune, c.nom_commune, c.departement, c.territoire, c.specialites,
	COALESCE(c.organisation_id, 0), COALESCE(o.nom, ''), COALESCE(d.etat, ''), d.fin, c.updated_at,
	c.jours, c.max_sollicitations, c.indisponibilites, c.familles, c.metiers, c.langues, c.telephone_masque, c.en_pause, COALESCE(c.distance_max_km, 0)`

const conseillerFrom = `conseillers c
	LEFT JOIN organisations o ON o.id = c.organisation_id
	LEFT JOIN designations d ON d.conseiller_id = c.id AND d.courante`

// searchText is what the directory searches: names, employer, sector and
// its NAF label, commune, specialities, organisation — folded.
func searchText(c model.Conseiller) string {
	parts := []string{c.Nom, c.Prenom, c.Employeur, c.Secteur, c.CodeNAF, c.NomCommune, c.Organisation}
	for _, m := range c.Metiers {
		parts = append(parts, m, refdata.LibelleMetier(m))
	}
	if n, ok := refdata.NAFByCode(c.CodeNAF); ok {
		parts = append(parts, n.Libelle)
	}
	for _, sp := range c.Specialites {
		parts = append(parts, sp, refdata.LibelleDiplome(sp))
	}
	return model.Fold(strings.Join(parts, " "))
}

// motsCherches adds the words of a directory search to w, all required:
// each is a substring of the folded text recherche of table (alias in the
// query), as a LIKE '%mot%' finds it. In a wide scope (large: France, a
// région, a network) a word of three characters or more, which both
// indexes need, is read from the table's full-text index (migration 0037:
// FTS5 trigrams on SQLite, the words' suffixes in a GIN index on
// PostgreSQL). Within an académie the LIKE stays: its rows are read by the
// académie's index (150 CEE, 1,650 professionals on the national demo),
// which costs less than the word's rows of France that the full-text index
// gives (SQLite, « boulangerie » in an académie's wider network: 1.1 ms by
// LIKE, 10 ms through FTS5; nationally 13.5 and 9.8 ms, and for the CEE
// « electricite » 4.4 and 1.4 ms).
func motsCherches(w *conds, d Dialect, table, alias, q string, large bool) {
	var mots []string
	for _, mot := range strings.Fields(model.Fold(q)) {
		if !large || utf8.RuneCountInString(mot) < 3 {
			w.add(alias+".recherche LIKE ?", "%"+mot+"%")
			continue
		}
		mots = append(mots, mot)
	}
	if len(mots) == 0 {
		return
	}
	termes := make([]string, len(mots))
	if d == Postgres {
		// A quoted lexeme as a prefix: the tsquery syntax, no parser.
		for i, m := range mots {
			termes[i] = "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(m) + "':*"
		}
		w.add(alias+".id IN (SELECT id FROM "+table+" WHERE recherche_suffixes(recherche) @@ CAST(? AS tsquery))",
			strings.Join(termes, " & "))
		return
	}
	// FTS5: phrases in double quotes, all required.
	for i, m := range mots {
		termes[i] = `"` + strings.ReplaceAll(m, `"`, `""`) + `"`
	}
	w.add(alias+".id IN (SELECT rowid FROM "+table+"_fts WHERE "+table+"_fts MATCH ?)", strings.Join(termes, " "))
}

func nafOf(code string) (string, bool) {
	n, ok := refdata.NAFByCode(code)
	return n.Libelle, ok
}

func nafSection(code string) string {
	if n, ok := refdata.NAFByCode(code); ok {
		return n.Section
	}
	return ""
}

// SaveConseiller creates a profile, or updates the one with the same
// e-mail address; it reports whether it created one.
func (s *Store) SaveConseiller(ctx context.Context, c model.Conseiller) (_ int64, _ bool, err error) {
	defer wrap(&err, "SaveConseiller")
	now := utc(time.Now())
	if c.Organisation == "" && c.OrganisationID != 0 {
		if o, err := s.GetOrganisation(ctx, c.OrganisationID); err == nil {
			c.Organisation = o.Nom
		}
	}
	var org any
	if c.OrganisationID != 0 {
		org = c.OrganisationID
	}
	args := []any{c.Academie, c.Civilite, c.Nom, c.Prenom, c.Email, c.Telephone, c.Employeur, c.SIRET, string(c.StatutPro),
		c.CodeNAF, nafSection(c.CodeNAF), c.Secteur, c.CodeCommune, c.NomCommune, c.Departement,
		strings.Join(c.Territoire, "|"), strings.Join(c.Specialites, "|"), org, searchText(c), now,
		joursText(c.Dispo.Jours), c.Dispo.MaxParMois, periodesText(c.Dispo.Indisponibilites),
		strings.Join(c.Familles, "|"), strings.Join(c.Metiers, "|"), strings.Join(c.Langues, "|"), c.TelephoneMasque, c.EnPause,
		nullInt(c.Dispo.DistanceMaxKm)}
	var id int64
	var created bool
	err = s.q.QueryRowContext(ctx, `INSERT INTO conseillers (academie, civilite, nom, prenom, email, telephone, employeur, siret,
			statut_pro, code_naf, naf_section, secteur, code_commune, nom_commune, departement, territoire, specialites,
			organisation_id, recherche, created_at, updated_at, jours, max_sollicitations, indisponibilites,
			familles, metiers, langues, telephone_masque, en_pause, distance_max_km)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21, $22, $23,
			$24, $25, $26, $27, $28, $29)
		ON CONFLICT (email) DO UPDATE SET academie = excluded.academie, civilite = excluded.civilite, nom = excluded.nom,
			prenom = excluded.prenom, telephone = excluded.telephone, employeur = excluded.employeur, siret = excluded.siret,
			statut_pro = excluded.statut_pro, code_naf = excluded.code_naf, naf_section = excluded.naf_section,
			secteur = excluded.secteur, code_commune = excluded.code_commune, nom_commune = excluded.nom_commune,
			departement = excluded.departement, territoire = excluded.territoire, specialites = excluded.specialites,
			organisation_id = COALESCE(excluded.organisation_id, conseillers.organisation_id),
			recherche = excluded.recherche, updated_at = excluded.updated_at, jours = excluded.jours,
			max_sollicitations = excluded.max_sollicitations, indisponibilites = excluded.indisponibilites,
			familles = excluded.familles, metiers = excluded.metiers, langues = excluded.langues,
			telephone_masque = excluded.telephone_masque, en_pause = excluded.en_pause, distance_max_km = excluded.distance_max_km
		RETURNING id, created_at = updated_at`, args...).Scan(&id, &created)
	if err != nil {
		return 0, false, fmt.Errorf("conseiller %s : %w", c.Email, err)
	}
	// The periods as rows too: the directory's « available between » filter
	// is a NOT EXISTS on them.
	if _, err := s.q.ExecContext(ctx, `DELETE FROM indisponibilites WHERE conseiller_id = $1`, id); err != nil {
		return 0, false, err
	}
	for _, p := range c.Dispo.Indisponibilites {
		if _, err := s.q.ExecContext(ctx, `INSERT INTO indisponibilites (conseiller_id, debut, fin) VALUES ($1, $2, $3)`,
			id, utc(p.Debut), utc(p.Fin)); err != nil {
			return 0, false, err
		}
	}
	return id, created, nil
}

// GetConseillerInScope returns a profile only within the scope: outside it,
// ErrNotFound, as for an id that does not exist.
func (s *Store) GetConseillerInScope(ctx context.Context, id int64, sc model.Scope) (_ model.Conseiller, err error) {
	defer wrap(&err, "GetConseillerInScope %d", id)
	var w conds
	w.add("c.id = ?", id)
	conseillerScope(&w, sc)
	cond, args := w.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+conseillerColumns+` FROM `+conseillerFrom+` WHERE `+cond, args...)
	if err != nil {
		return model.Conseiller{}, err
	}
	list, err := scanConseillers(rows)
	if err != nil {
		return model.Conseiller{}, err
	}
	if len(list) == 0 {
		return model.Conseiller{}, ErrNotFound
	}
	return list[0], nil
}

func conseillerScope(w *conds, sc model.Scope) {
	// A record-scoped role reaches its record's CEE in its own académie
	// only: the académie is checked with the record (issue 20), so that a
	// role granted on another académie's organisation or CEE reaches
	// nothing, and an organisation active in several académies shows each
	// référent the CEE of theirs.
	switch {
	case sc.National:
	case sc.Organisation != "":
		id, err := organisationIDOf(sc.Organisation)
		if err != nil || sc.Academie == "" {
			w.add("1 = 0")
			return
		}
		w.add("c.organisation_id = ? AND c.academie = ?", id, sc.Academie)
	case sc.TeteReseau != "":
		id, err := organisationIDOf(sc.TeteReseau)
		if err != nil {
			w.add("1 = 0")
			return
		}
		w.add(reseauCond, id, id)
	case sc.Conseiller != "":
		var id int64
		fmt.Sscan(sc.Conseiller, &id)
		if sc.Academie == "" {
			w.add("1 = 0")
			return
		}
		w.add("c.id = ? AND c.academie = ?", id, sc.Academie)
	case sc.UAI != "":
		w.add("1 = 0")
	case sc.Departement != "":
		// A département's reader: the CEE living and working there (their
		// département, as the directory's filter reads it).
		w.add("c.departement = ?", sc.Departement)
	case sc.Region != "":
		in(w, "c.academie", refdata.AcademiesOfRegion(sc.Region))
	case sc.Academie != "":
		w.add("c.academie = ?", sc.Academie)
	default:
		w.add("1 = 0")
	}
}

// ConseillerFilter is a directory query.
type ConseillerFilter struct {
	Scope          model.Scope
	Q              string // words, all required, accent- and case-insensitive
	Academie       string
	Departement    string
	SectionNAF     string
	Etat           model.EtatDesignation
	File           File      // a queue (conds.go): FileAInstruire, FileAAviser, FileFinMandat
	Now            time.Time // FileFinMandat's reference day
	OrganisationID int64
	Specialite     string
	Specialites    []string // any of these diploma codes (a famille de métiers)
	StatutPro      model.StatutPro
	// DisponibleDu / DisponibleAu: only CEE not paused and without an
	// unavailable period overlapping these days (both set or neither).
	DisponibleDu, DisponibleAu time.Time
	Email                      string // exact, normalised address
	Tri                        TriAnnuaire
	Limit, Offset              int
}

// TriAnnuaire is the order of a directory page.
type TriAnnuaire string

// Directory orders; the zero value sorts by name.
const (
	TriNom     TriAnnuaire = ""
	TriCommune TriAnnuaire = "commune"
	TriFin     TriAnnuaire = "fin"    // mandates ending first
	TriRecent  TriAnnuaire = "recent" // profiles changed last first
)

var triConseillers = map[TriAnnuaire]string{
	TriNom:     "c.nom, c.prenom, c.id",
	TriCommune: "c.nom_commune, c.nom, c.prenom, c.id",
	TriFin:     "CASE WHEN d.fin IS NULL THEN 1 ELSE 0 END, d.fin, c.nom, c.id",
	TriRecent:  "c.updated_at DESC, c.id DESC",
}

// ValidTri tells whether t is one of the directory orders.
func ValidTri(t TriAnnuaire) bool {
	_, ok := triConseillers[t]
	return ok
}

// conseillerWhere adds the conditions of a directory query to w.
func conseillerWhere(w *conds, d Dialect, f ConseillerFilter) {
	conseillerScope(w, f.Scope)
	sc := f.Scope
	motsCherches(w, d, "conseillers", "c", f.Q, f.Academie == "" && f.Departement == "" && sc.Academie == "" &&
		sc.Departement == "" && sc.Conseiller == "" && sc.Organisation == "" && sc.UAI == "")
	if f.Academie != "" {
		w.add("c.academie = ?", f.Academie)
	}
	if f.Departement != "" {
		w.add("c.departement = ?", f.Departement)
	}
	if f.SectionNAF != "" {
		w.add("c.naf_section = ?", f.SectionNAF)
	}
	if f.Etat != "" {
		w.add("d.etat = ?", string(f.Etat))
	}
	fileConds(w, f.File, f.Now, 0)
	if f.OrganisationID != 0 {
		w.add("c.organisation_id = ?", f.OrganisationID)
	}
	if len(f.Specialites) > 0 {
		var or []string
		for _, sp := range f.Specialites {
			or = append(or, "('|' || c.specialites || '|') LIKE "+w.arg("%|"+sp+"|%"))
		}
		w.add("(" + strings.Join(or, " OR ") + ")")
	}
	if f.Email != "" {
		w.add("c.email = ?", f.Email)
	}
	if f.Specialite != "" {
		w.add("('|' || c.specialites || '|') LIKE ?", "%|"+f.Specialite+"|%")
	}
	if f.StatutPro != "" {
		w.add("c.statut_pro = ?", string(f.StatutPro))
	}
	if !f.DisponibleDu.IsZero() && !f.DisponibleAu.IsZero() {
		w.add(`NOT c.en_pause AND NOT EXISTS (SELECT 1 FROM indisponibilites i
			WHERE i.conseiller_id = c.id AND i.debut <= ? AND i.fin >= ?)`, utc(f.DisponibleAu), utc(f.DisponibleDu))
	}
}

// CountConseillers is the total of a directory query: the number its
// list shows, and the counters of « À traiter » (AttentesPilote).
func (s *Store) CountConseillers(ctx context.Context, f ConseillerFilter) (_ int, err error) {
	defer wrap(&err, "CountConseillers")
	var c conds
	conseillerWhere(&c, s.dialect, f)
	w, args := c.sql()
	var total int
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+conseillerFrom+` WHERE `+w, args...).Scan(&total)
	return total, err
}

// SearchConseillers returns one page of the directory and the total.
func (s *Store) SearchConseillers(ctx context.Context, f ConseillerFilter) (_ []model.Conseiller, _ int, err error) {
	defer wrap(&err, "SearchConseillers")
	total, err := s.CountConseillers(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var c conds
	conseillerWhere(&c, s.dialect, f)
	w, _ := c.sql()
	if f.Limit <= 0 {
		f.Limit = 25
	}
	order, ok := triConseillers[f.Tri]
	if !ok {
		return nil, 0, fmt.Errorf("tri %q inconnu", f.Tri)
	}
	lim, args := c.page(f.Limit, f.Offset)
	rows, err := s.q.QueryContext(ctx, `SELECT `+conseillerColumns+` FROM `+conseillerFrom+` WHERE `+w+` ORDER BY `+order+lim, args...)
	if err != nil {
		return nil, 0, err
	}
	list, err := scanConseillers(rows)
	return list, total, err
}

func scanConseillers(rows *sql.Rows) ([]model.Conseiller, error) {
	defer rows.Close()
	var out []model.Conseiller
	for rows.Next() {
		var c model.Conseiller
		var statut, territoire, specialites, etat, jours, indispo, familles, metiers, langues string
		var fin sql.NullTime
		if err := rows.Scan(&c.ID, &c.Academie, &c.Civilite, &c.Nom, &c.Prenom, &c.Email, &c.Telephone, &c.Employeur, &c.SIRET,
			&statut, &c.CodeNAF, &c.Secteur, &c.CodeCommune, &c.NomCommune, &c.Departement, &territoire, &specialites,
			&c.OrganisationID, &c.Organisation, &etat, &fin, &c.UpdatedAt, &jours, &c.Dispo.MaxParMois, &indispo,
			&familles, &metiers, &langues, &c.TelephoneMasque, &c.EnPause, &c.Dispo.DistanceMaxKm); err != nil {
			return nil, err
		}
		c.Familles, c.Metiers, c.Langues = splitList(familles), splitList(metiers), splitList(langues)
		c.Dispo.Jours, c.Dispo.Indisponibilites = parseJours(jours), parsePeriodes(indispo)
		c.StatutPro, c.Etat = model.StatutPro(statut), model.EtatDesignation(etat)
		c.Territoire, c.Specialites = splitList(territoire), splitList(specialites)
		if fin.Valid {
			t := fin.Time
			c.FinMandat = &t
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func joursText(js []time.Weekday) string {
	var out []string
	for _, j := range js {
		out = append(out, strconv.Itoa(int(j)))
	}
	return strings.Join(out, "|")
}

func parseJours(s string) []time.Weekday {
	var out []time.Weekday
	for _, x := range splitList(s) {
		if n, err := strconv.Atoi(x); err == nil && n >= 0 && n <= 6 {
			out = append(out, time.Weekday(n))
		}
	}
	return out
}

func periodesText(ps []model.Periode) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Debut.Format("2006-01-02")+"/"+p.Fin.Format("2006-01-02"))
	}
	return strings.Join(out, "|")
}

func parsePeriodes(s string) []model.Periode {
	var out []model.Periode
	for _, x := range splitList(s) {
		a, b, _ := strings.Cut(x, "/")
		d, err1 := time.Parse("2006-01-02", a)
		f, err2 := time.Parse("2006-01-02", b)
		if err1 == nil && err2 == nil {
			out = append(out, model.Periode{Debut: d, Fin: f})
		}
	}
	return out
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

const designationColumns = `id, conseiller_id, COALESCE(organisation_id, 0), academie, etat, mission, numero_arrete, date_arrete, debut, fin,
	motif_fin, updated_at, avis, avis_commentaire, avis_auteur, avis_le`

// CreateDesignation records a proposal (or, for imports and demo data, a
// designation in any state); it becomes the CEE's current one.
func (s *Store) CreateDesignation(ctx context.Context, d model.Designation) (_ int64, err error) {
	defer wrap(&err, "CreateDesignation")
	now := utc(time.Now())
	var id int64
	err = s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.q.ExecContext(ctx, `UPDATE designations SET courante = FALSE WHERE conseiller_id = $1`, d.ConseillerID); err != nil {
			return err
		}
		var org any
		if d.OrganisationID != 0 {
			org = d.OrganisationID
		}
		return tx.q.QueryRowContext(ctx, `INSERT INTO designations (conseiller_id, organisation_id, academie, etat, mission, numero_arrete,
				date_arrete, debut, fin, motif_fin, courante, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, TRUE, $11, $11) RETURNING id`,
			d.ConseillerID, org, d.Academie, string(d.Etat), d.Mission, d.NumeroArrete, utcPtr(d.DateArrete), utcPtr(d.Debut),
			utcPtr(d.Fin), string(d.MotifFin), now).Scan(&id)
	})
	return id, err
}

// CurrentDesignation returns the current designation of a CEE.
func (s *Store) CurrentDesignation(ctx context.Context, conseillerID int64) (_ model.Designation, err error) {
	defer wrap(&err, "CurrentDesignation %d", conseillerID)
	rows, err := s.q.QueryContext(ctx, `SELECT `+designationColumns+` FROM designations WHERE conseiller_id = $1 AND courante`, conseillerID)
	if err != nil {
		return model.Designation{}, err
	}
	list, err := scanDesignations(rows)
	if err != nil {
		return model.Designation{}, err
	}
	if len(list) == 0 {
		return model.Designation{}, ErrNotFound
	}
	return list[0], nil
}

// UpdateDesignation writes a designation after a transition, if nobody
// changed it meanwhile (its state is still from): ErrConflict otherwise.
func (s *Store) UpdateDesignation(ctx context.Context, d model.Designation, from model.EtatDesignation) (err error) {
	defer wrap(&err, "UpdateDesignation")
	res, err := s.q.ExecContext(ctx, `UPDATE designations SET etat = $2, numero_arrete = $3, date_arrete = $4, debut = $5, fin = $6,
			motif_fin = $7, updated_at = $8 WHERE id = $1 AND etat = $9`,
		d.ID, string(d.Etat), d.NumeroArrete, utcPtr(d.DateArrete), utcPtr(d.Debut), utcPtr(d.Fin), string(d.MotifFin), utc(time.Now()), string(from))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("désignation %d : %w (modifiée entre-temps)", d.ID, ErrConflict)
	}
	return nil
}

// SetAvis records an inspector's opinion on a designation still being
// instructed: ErrConflict if it left that state meanwhile.
func (s *Store) SetAvis(ctx context.Context, designationID int64, a model.Avis) (err error) {
	defer wrap(&err, "SetAvis %d", designationID)
	res, err := s.q.ExecContext(ctx, `UPDATE designations SET avis = $2, avis_commentaire = $3, avis_auteur = $4, avis_le = $5
		WHERE id = $1 AND etat = $6`, designationID, string(a.Sens), a.Commentaire, a.Auteur, utcPtr(a.Le), string(model.DesignationEnInstruction))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("désignation %d : %w (elle n'est plus en instruction)", designationID, ErrConflict)
	}
	return nil
}

// DesignationsEnding lists the current designations of a scope that end
// before a date, in states where a mandate runs, by end date.
func (s *Store) DesignationsEnding(ctx context.Context, academie string, before time.Time) (_ []model.Designation, err error) {
	defer wrap(&err, "DesignationsEnding %s", academie)
	rows, err := s.q.QueryContext(ctx, `SELECT `+designationColumns+` FROM designations
		WHERE courante AND etat IN ('designee', 'active', 'renouvellement_propose') AND fin < $2 AND ($1 = '' OR academie = $1)
		ORDER BY fin, id`, academie, utc(before))
	if err != nil {
		return nil, err
	}
	return scanDesignations(rows)
}

// DesignationsStarting lists the current designations whose mandate starts
// on or before now and that are not active yet.
func (s *Store) DesignationsStarting(ctx context.Context, now time.Time) (_ []model.Designation, err error) {
	defer wrap(&err, "DesignationsStarting")
	rows, err := s.q.QueryContext(ctx, `SELECT `+designationColumns+` FROM designations
		WHERE courante AND etat = 'designee' AND debut <= $1 ORDER BY debut, id`, utc(now))
	if err != nil {
		return nil, err
	}
	return scanDesignations(rows)
}

// DesignationsOfArrete lists the current designations of an académie
// pronounced by arrêtés of one date (the collective arrêté).
func (s *Store) DesignationsOfArrete(ctx context.Context, academie string, date time.Time) (_ []model.Designation, err error) {
	defer wrap(&err, "DesignationsOfArrete %s", academie)
	day := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	rows, err := s.q.QueryContext(ctx, `SELECT `+designationColumns+` FROM designations
		WHERE courante AND academie = $1 AND date_arrete >= $2 AND date_arrete < $3
			AND etat IN ('designee', 'active', 'renouvellement_propose') ORDER BY numero_arrete, id`, academie, day, day.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	return scanDesignations(rows)
}

func scanDesignations(rows *sql.Rows) ([]model.Designation, error) {
	defer rows.Close()
	var out []model.Designation
	for rows.Next() {
		var d model.Designation
		var etat, motif string
		var da, debut, fin, avisLe sql.NullTime
		var avis string
		if err := rows.Scan(&d.ID, &d.ConseillerID, &d.OrganisationID, &d.Academie, &etat, &d.Mission, &d.NumeroArrete,
			&da, &debut, &fin, &motif, &d.UpdatedAt, &avis, &d.Avis.Commentaire, &d.Avis.Auteur, &avisLe); err != nil {
			return nil, err
		}
		d.Avis.Sens, d.Avis.Le = model.SensAvis(avis), timePtr(avisLe)
		d.Etat, d.MotifFin = model.EtatDesignation(etat), model.MotifFin(motif)
		d.DateArrete, d.Debut, d.Fin = timePtr(da), timePtr(debut), timePtr(fin)
		out = append(out, d)
	}
	return out, rows.Err()
}

func utcPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return utc(*t)
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}
