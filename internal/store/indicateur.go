package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/refdata"
)

// IndicateurFilter narrows every indicator: a school year and a territory
// (académie, département), the CEE of an organisation or a NAF section,
// one CEE's own activity, or one school's requests. The handler fills it
// from the person's scope first (a pilote's académie cannot be widened),
// then from the form.
type IndicateurFilter struct {
	Annee          model.AnneeScolaire
	Now            time.Time // the date stock indicators are read at (see AnneeScolaire.Reference)
	Academie       string
	Academies      []string // without Academie, not nil: a région académique's académies (empty: nothing)
	Departement    string
	OrganisationID int64
	// Reseau: the CEE of a tête de réseau (the head organisation's id) and
	// of its members, in every académie unless Academie says one.
	Reseau       int64
	SectionNAF   string
	ConseillerID int64
	UAI          string
	// Du and Au, when set, replace the school year's bounds: the year's
	// counts (actions, requests, coverage) run from Du included to Au
	// excluded, and the stock indicators (CEE in mandate) are read at the
	// period's end, as for a past year. The coverage is asked over any
	// period, not only a school year (issue 19).
	Du, Au time.Time
}

func (f IndicateurFilter) debut() time.Time {
	if !f.Du.IsZero() {
		return utc(f.Du)
	}
	return utc(f.Annee.Debut())
}

func (f IndicateurFilter) fin() time.Time {
	if !f.Au.IsZero() {
		return utc(f.Au)
	}
	return utc(f.Annee.Fin())
}

func (f IndicateurFilter) ref() time.Time {
	now := refNow(f)
	if !f.Au.IsZero() {
		if now.Before(f.Au) {
			return utc(now)
		}
		return utc(f.Au.Add(-time.Second))
	}
	return utc(f.Annee.Reference(now))
}

// parCEE tells whether the filter selects CEE: then requests and schools
// count only through those CEE.
func (f IndicateurFilter) parCEE() bool {
	return f.OrganisationID != 0 || f.Reseau != 0 || f.SectionNAF != "" || f.ConseillerID != 0
}

// where builds a conjunction with numbered placeholders shared by one query.
type where struct {
	parts []string
	args  []any
}

// arg adds a value and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// add appends a condition; each "?" in expr takes the next value.
func (w *where) add(expr string, vals ...any) {
	for _, v := range vals {
		expr = strings.Replace(expr, "?", w.arg(v), 1)
	}
	w.parts = append(w.parts, expr)
}

// academie is the condition "col is in f's académie, or among its
// académies" (nothing when f has no académie): " = $n", " IN ($n, …)", or
// " IN (NULL)" (no row) for an empty non-nil list, to append to a column.
func (w *where) academie(f IndicateurFilter) string {
	switch {
	case f.Academie != "":
		return " = " + w.arg(f.Academie)
	case f.Academies != nil:
		ph := make([]string, len(f.Academies))
		for i, a := range f.Academies {
			ph[i] = w.arg(a)
		}
		if len(ph) == 0 {
			ph = []string{"NULL"}
		}
		return " IN (" + strings.Join(ph, ", ") + ")"
	}
	return ""
}

// parAcademie tells whether f is limited to one or more académies.
func (f IndicateurFilter) parAcademie() bool { return f.Academie != "" || f.Academies != nil }

// addAcademie appends "col is in f's académies" when f has some.
func (w *where) addAcademie(col string, f IndicateurFilter) {
	if f.parAcademie() {
		w.parts = append(w.parts, col+w.academie(f))
	}
}

func (w *where) sql() string {
	if len(w.parts) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.parts, " AND ")
}

// conseillerConds narrows the CEE aliased c.
func (w *where) conseillerConds(f IndicateurFilter, withTerritory bool) {
	if withTerritory {
		w.addAcademie("c.academie", f)
	}
	if withTerritory && f.Departement != "" {
		w.add("c.departement = ?", f.Departement)
	}
	if f.OrganisationID != 0 {
		w.add("c.organisation_id = ?", f.OrganisationID)
	}
	if f.Reseau != 0 {
		w.add(reseauCond, f.Reseau, f.Reseau)
	}
	if f.SectionNAF != "" {
		w.add("c.naf_section = ?", f.SectionNAF)
	}
	if f.ConseillerID != 0 {
		w.add("c.id = ?", f.ConseillerID)
	}
}

// enMandat is the condition « CEE c in mandate at the reference date »: a
// designation in force that day (ended since counts, for a past year).
func (w *where) enMandat(ref time.Time) string {
	p := w.arg(ref)
	return `EXISTS (SELECT 1 FROM designations dm WHERE dm.conseiller_id = c.id
		AND dm.etat IN ('active', 'renouvellement_propose', 'terminee') AND dm.debut <= ` + p + ` AND (dm.fin IS NULL OR dm.fin >= ` + p + `))`
}

// Ligne is one bar of a chart: a key (a code), its label and a count.
type Ligne struct {
	Cle     string
	Libelle string
	N       int
}

// CEEActifs are the CEE in mandate at the reference date and their
// breakdowns; the labels of sections, départements and statuses are the
// web layer's.
type CEEActifs struct {
	Total          int
	ParSecteur     []Ligne // Cle: NAF section, "" when unknown
	ParDepartement []Ligne
	ParStatut      []Ligne
	ParOrg         []Ligne // Cle: organisation id; Libelle: its name
	FinProche      int     // mandates ending within model.JoursFinMandat days
	Objectif       int     // the académie's target (sum of targets for a national view)
}

func (s *Store) indicateursCEE(ctx context.Context, f IndicateurFilter) (CEEActifs, error) {
	var out CEEActifs
	w := &where{}
	w.conseillerConds(f, true)
	w.parts = append(w.parts, w.enMandat(f.ref()))
	rows, err := s.q.QueryContext(ctx, `SELECT c.naf_section, c.departement, c.statut_pro, COALESCE(c.organisation_id, 0), COALESCE(o.nom, ''), COUNT(*)
		FROM conseillers c LEFT JOIN organisations o ON o.id = c.organisation_id
		WHERE `+w.sql()+` GROUP BY c.naf_section, c.departement, c.statut_pro, c.organisation_id, o.nom`, w.args...)
	if err != nil {
		return out, fmt.Errorf("indicateurs des CEE : %w", err)
	}
	defer rows.Close()
	sect, dep, stat, org := counter{}, counter{}, counter{}, counter{}
	for rows.Next() {
		var sec, d, st, nom string
		var orgID int64
		var n int
		if err := rows.Scan(&sec, &d, &st, &orgID, &nom, &n); err != nil {
			return out, err
		}
		out.Total += n
		sect.add(sec, "", n)
		dep.add(d, "", n)
		stat.add(st, "", n)
		if orgID == 0 {
			org.add("", "Sans organisation", n)
		} else {
			org.add(strconv.FormatInt(orgID, 10), nom, n)
		}
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	out.ParSecteur, out.ParDepartement, out.ParStatut, out.ParOrg = sect.byKey(), dep.byKey(), stat.byKey(), org.byCount()

	w = &where{}
	w.conseillerConds(f, true)
	// The page /mandats lists these very CEE (the same condition).
	fileConds(w, FileFinMandat, f.ref(), 0)
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(DISTINCT c.id) FROM designations d JOIN conseillers c ON c.id = d.conseiller_id
		WHERE `+w.sql(), w.args...).Scan(&out.FinProche); err != nil {
		return out, fmt.Errorf("mandats arrivant à échéance : %w", err)
	}
	out.Objectif, err = s.ObjectifCEE(ctx, f)
	return out, err
}

// ObjectifCEE is the target of CEE in mandate of f's académies (the sum of
// their targets for several or all).
func (s *Store) ObjectifCEE(ctx context.Context, f IndicateurFilter) (int, error) {
	w := &where{}
	w.addAcademie("academie", f)
	var n int
	if err := s.q.QueryRowContext(ctx, `SELECT COALESCE(SUM(objectif_cee), 0) FROM parametres_academie WHERE `+w.sql(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("objectif de CEE : %w", err)
	}
	return n, nil
}

// SetObjectifCEE records an académie's target of CEE in mandate.
func (s *Store) SetObjectifCEE(ctx context.Context, academie string, n int) (err error) {
	defer wrap(&err, "SetObjectifCEE %s", academie)
	now := utc(time.Now())
	_, err = s.q.ExecContext(ctx, `INSERT INTO parametres_academie (academie, objectif_cee, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (academie) DO UPDATE SET objectif_cee = $2, updated_at = $3`, academie, n, now)
	return err
}

// counter sums counts by key, keeping the first label seen.
type counter map[string]*Ligne

func (c counter) add(key, label string, n int) {
	if l, ok := c[key]; ok {
		l.N += n
		return
	}
	c[key] = &Ligne{Cle: key, Libelle: label, N: n}
}

func (c counter) byKey() []Ligne {
	out := make([]Ligne, 0, len(c))
	for _, l := range c {
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b Ligne) int { return strings.Compare(a.Cle, b.Cle) })
	return out
}

func (c counter) byCount() []Ligne {
	out := c.byKey()
	slices.SortStableFunc(out, func(a, b Ligne) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Libelle, b.Libelle)
	})
	return out
}

// demandeConds narrows the requests aliased d to the period and territory;
// with CEE filters, to the requests one of those CEE was solicited for.
func (w *where) demandeConds(f IndicateurFilter) {
	// Requests created before soumise_le existed (imports, the demo) were
	// sent when created; the same expression is indexed (migration 0016).
	w.add(envoi+" >= ?", f.debut())
	w.add(envoi+" < ?", f.fin())
	w.parts = append(w.parts, "d.etat <> 'brouillon'")
	w.addAcademie("d.academie", f)
	if f.Departement != "" {
		w.add("d.departement = ?", f.Departement)
	}
	if f.UAI != "" {
		w.add("d.uai = ?", f.UAI)
	}
	if f.parCEE() {
		// The requests the CEE were solicited for, a set read once from
		// their solicitations by index: asked per request (EXISTS), a CEE's
		// dashboard probed every request of the year in France. CROSS JOIN
		// keeps SQLite's join order (the CEE first): it otherwise read every
		// accepted solicitation of France (7 s for an organisation).
		sub := &where{args: w.args}
		sub.conseillerConds(f, false)
		w.args = sub.args
		w.parts = append(w.parts, `d.id IN (SELECT sc.demande_id FROM conseillers c CROSS JOIN sollicitations sc
			WHERE sc.conseiller_id = c.id AND `+sub.sql()+`)`)
	}
}

// envoi is when a request was sent.
const envoi = "COALESCE(d.soumise_le, d.created_at)"

// Demandes are the requests sent in the year, their outcome and rating.
type Demandes struct {
	Total       int
	ParEtat     []Ligne // Cle: model.EtatDemande
	ParType     []Ligne // Cle: model.TypeDemande
	Notes       int     // requests rated
	SommeNotes  int
	DelaiMedian float64 // days; -1 without any answer
	Repondues   int     // requests with at least one answer (the median's base)
}

// NoteMoyenne is model.IndNoteMoyenne; 0 without ratings.
func (d Demandes) NoteMoyenne() float64 {
	if d.Notes == 0 {
		return 0
	}
	return float64(d.SommeNotes) / float64(d.Notes)
}

func (d Demandes) etat(e ...model.EtatDemande) int {
	n := 0
	for _, l := range d.ParEtat {
		if slices.Contains(e, model.EtatDemande(l.Cle)) {
			n += l.N
		}
	}
	return n
}

// TauxPourvues is model.IndTauxPourvues, in [0, 1]; -1 when no request ended its search.
func (d Demandes) TauxPourvues() float64 {
	ok := d.etat(model.DemandePourvue, model.DemandeRealisee, model.DemandeCloturee)
	ko := d.etat(model.DemandeExpiree)
	if ok+ko == 0 {
		return -1
	}
	return float64(ok) / float64(ok+ko)
}

// TauxExpirees is model.IndTauxExpirees, in [0, 1]; -1 without requests.
func (d Demandes) TauxExpirees() float64 {
	base := d.Total - d.etat(model.DemandeAnnulee)
	if base <= 0 {
		return -1
	}
	return float64(d.etat(model.DemandeExpiree)) / float64(base)
}

func (s *Store) indicateursDemandes(ctx context.Context, f IndicateurFilter) (Demandes, error) {
	out, err := s.indicateursEtatsDemandes(ctx, f)
	if err != nil {
		return out, err
	}
	out.DelaiMedian, out.Repondues, err = s.indicateursDelai(ctx, f)
	return out, err
}

// indicateursEtatsDemandes counts the requests by state and type, with
// their ratings; DelaiMedian is indicateursDelai's.
func (s *Store) indicateursEtatsDemandes(ctx context.Context, f IndicateurFilter) (Demandes, error) {
	var out Demandes
	w := &where{}
	w.demandeConds(f)
	rows, err := s.q.QueryContext(ctx, `SELECT d.etat, d.type, COUNT(*), COUNT(d.note), COALESCE(SUM(d.note), 0)
		FROM demandes d WHERE `+w.sql()+` GROUP BY d.etat, d.type`, w.args...)
	if err != nil {
		return out, fmt.Errorf("indicateurs des demandes : %w", err)
	}
	defer rows.Close()
	etats, types := counter{}, counter{}
	for rows.Next() {
		var e, t string
		var n, notes, somme int
		if err := rows.Scan(&e, &t, &n, &notes, &somme); err != nil {
			return out, err
		}
		out.Total += n
		out.Notes += notes
		out.SommeNotes += somme
		etats.add(e, model.EtatDemande(e).Label(), n)
		types.add(t, model.TypeDemande(t).Label(), n)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	// Lifecycle and form order rather than alphabetical.
	for _, e := range model.EtatsDemande() {
		if l, ok := etats[string(e)]; ok {
			out.ParEtat = append(out.ParEtat, *l)
		}
	}
	for _, t := range model.TypesDemande() {
		if l, ok := types[string(t)]; ok {
			out.ParType = append(out.ParType, *l)
		}
	}
	return out, nil
}

// indicateursDelai is model.IndDelaiReponse: the median, and its base.
func (s *Store) indicateursDelai(ctx context.Context, f IndicateurFilter) (float64, int, error) {
	// Days from sending to the first answer, the median computed here. The
	// query's shape depends on the scope, for speed: nationally, from the
	// answered solicitations since the year began; for an académie, a
	// school or some CEE (their requests, a small set), from its requests (on SQLite each with a subquery by index,
	// whose NULLs are skipped here — filtering them in SQL would run the
	// subquery twice; PostgreSQL prefers a hash join).
	diff := func(premiere, envoi string) string {
		if s.dialect == Postgres {
			return `EXTRACT(EPOCH FROM (` + premiere + ` - ` + envoi + `)) / 86400.0`
		}
		return `julianday(` + premiere + `) - julianday(` + envoi + `)`
	}
	w := &where{}
	w.demandeConds(f)
	var q string
	switch {
	case f.Academie == "" && f.UAI == "" && !f.parCEE():
		// National: from the answered solicitations since the year began
		// (an index range), grouped by request, then each request by key.
		q = `SELECT ` + diff("x.premiere", envoi) + ` FROM (SELECT s.demande_id, MIN(s.repondue_le) AS premiere FROM sollicitations s
				WHERE s.etat IN ('acceptee', 'declinee') AND s.repondue_le IS NOT NULL AND s.created_at >= ` + w.arg(f.debut()) + ` GROUP BY s.demande_id) x
			JOIN demandes d ON d.id = x.demande_id WHERE ` + w.sql()
	case s.dialect == Postgres:
		q = `SELECT ` + diff("MIN(s.repondue_le)", envoi) + ` FROM demandes d JOIN sollicitations s ON s.demande_id = d.id
			WHERE s.etat IN ('acceptee', 'declinee') AND s.repondue_le IS NOT NULL AND ` + w.sql() + ` GROUP BY d.id, d.soumise_le, d.created_at`
	default:
		// An académie's or a school's requests, each with its first answer by index.
		q = `SELECT ` + diff("x.premiere", "x.envoi") + ` FROM (SELECT ` + envoi + ` AS envoi,
				(SELECT MIN(s.repondue_le) FROM sollicitations s WHERE s.demande_id = d.id AND s.etat IN ('acceptee', 'declinee') AND s.repondue_le IS NOT NULL) AS premiere
			FROM demandes d WHERE ` + w.sql() + `) x`
	}
	rows, err := s.q.QueryContext(ctx, q, w.args...)
	if err != nil {
		return 0, 0, fmt.Errorf("délai de première réponse : %w", err)
	}
	defer rows.Close()
	var delais []float64
	for rows.Next() {
		var x sql.NullFloat64
		if err := rows.Scan(&x); err != nil {
			return 0, 0, err
		}
		if x.Valid {
			delais = append(delais, x.Float64)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	return median(delais), len(delais), nil
}

// median of xs; -1 when empty.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return -1
	}
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}

// ActiviteCEE is what the CEE did in the year: actions, their hours and
// pupils, and the solicitations they answered.
type ActiviteCEE struct {
	Actions   int
	Minutes   int
	Eleves    int
	Reponses  int // solicitations received in the year and answered
	Acceptees int
}

// Heures is model.IndHeures.
func (a ActiviteCEE) Heures() float64 { return float64(a.Minutes) / 60 }

func (s *Store) indicateursActivite(ctx context.Context, f IndicateurFilter) (ActiviteCEE, error) {
	var a ActiviteCEE
	w := &where{}
	w.add("i.date_action >= ?", f.debut())
	w.add("i.date_action < ?", f.fin())
	w.addAcademie("i.academie", f)
	if f.Departement != "" {
		w.add("e.departement = ?", f.Departement)
	}
	if f.UAI != "" {
		w.add("i.uai = ?", f.UAI)
	}
	w.conseillerConds(f, false)
	// The filter's CEE first, then their actions by index (CROSS JOIN keeps
	// that order on SQLite, see demandeConds).
	from := "interventions i"
	if f.parCEE() {
		from = "conseillers c CROSS JOIN interventions i"
		w.parts = append(w.parts, "i.conseiller_id = c.id")
	}
	if f.Departement != "" {
		from += " JOIN etablissements e ON e.uai = i.uai"
	}
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(i.duree_minutes), 0), COALESCE(SUM(i.eleves), 0)
		FROM `+from+` WHERE `+w.sql(), w.args...).Scan(&a.Actions, &a.Minutes, &a.Eleves); err != nil {
		return a, fmt.Errorf("activité des CEE : %w", err)
	}
	// Answers: the territory is the request's, the CEE filters the answerer's.
	// The territory's requests are a set the year's answers are checked
	// against (IN), not a join: SQLite would otherwise read each answer's
	// request row, 52,000 of them for one académie (240 ms against 23 ms).
	w = &where{}
	w.add("s.created_at >= ?", f.debut())
	w.add("s.created_at < ?", f.fin())
	from = "sollicitations s"
	if f.UAI != "" {
		// A school's few requests first, then their answers by index: as a
		// set (below), SQLite read the year's answers of France and checked
		// each (140 ms of CPU per school dashboard on the national demo).
		// CROSS JOIN keeps that order on SQLite (see demandeConds).
		from = "demandes d CROSS JOIN sollicitations s"
		w.parts = append(w.parts, "s.demande_id = d.id")
		w.add("d.uai = ?", f.UAI)
		w.addAcademie("d.academie", f)
		if f.Departement != "" {
			w.add("d.departement = ?", f.Departement)
		}
	} else if f.parAcademie() || f.Departement != "" {
		d := &where{args: w.args}
		d.addAcademie("d.academie", f)
		if f.Departement != "" {
			d.add("d.departement = ?", f.Departement)
		}
		w.args = d.args
		w.parts = append(w.parts, "s.demande_id IN (SELECT d.id FROM demandes d WHERE "+d.sql()+")")
	}
	w.conseillerConds(f, false)
	if f.parCEE() {
		if f.UAI != "" {
			from += " JOIN conseillers c ON c.id = s.conseiller_id"
		} else {
			from = "conseillers c CROSS JOIN " + from
			w.parts = append(w.parts, "s.conseiller_id = c.id")
		}
	}
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN s.etat = 'acceptee' THEN 1 ELSE 0 END), 0)
		FROM `+from+`
		WHERE s.conseiller_id IS NOT NULL AND s.repondue_le IS NOT NULL AND s.etat IN ('acceptee', 'declinee') AND `+w.sql(), w.args...).Scan(&a.Reponses, &a.Acceptees); err != nil {
		return a, fmt.Errorf("sollicitations répondues : %w", err)
	}
	return a, nil
}

// atteint is the condition « school e was reached in the year »: an action
// at its UAI, or a request of it done (realisee or cloturee), by the
// filter's CEE when there are CEE filters.
func (w *where) atteint(f IndicateurFilter) string {
	debut, fin := w.arg(f.debut()), w.arg(f.fin())
	jour := `COALESCE(d.premier_jour, d.soumise_le, d.created_at)`
	if f.parCEE() {
		// From the filter's CEE: the schools of their actions and of the
		// requests they accepted, each set read once from the CEE's rows by
		// index. Asked per school (EXISTS), the requests' branch read every
		// accepted solicitation of France for each request of each school: a
		// CEE's or an organisation's dashboard did not answer within 200 s
		// on the national demo. CROSS JOIN keeps the CEE first on SQLite
		// (see demandeConds).
		ci := &where{args: w.args}
		ci.conseillerConds(f, false)
		cd := &where{args: ci.args}
		cd.conseillerConds(f, false)
		w.args = cd.args
		return `(e.uai IN (SELECT i.uai FROM conseillers c CROSS JOIN interventions i
				WHERE i.conseiller_id = c.id AND i.uai IS NOT NULL AND i.date_action >= ` + debut + ` AND i.date_action < ` + fin + ` AND ` + ci.sql() + `)
			OR e.uai IN (SELECT d.uai FROM conseillers c CROSS JOIN sollicitations sc JOIN demandes d ON d.id = sc.demande_id
				WHERE sc.conseiller_id = c.id AND ` + cd.sql() + ` AND sc.etat = 'acceptee' AND d.uai IS NOT NULL AND d.etat IN ('realisee', 'cloturee')
				AND ` + jour + ` >= ` + debut + ` AND ` + jour + ` < ` + fin + `))`
	}
	actions := `EXISTS (SELECT 1 FROM interventions i WHERE i.uai = e.uai AND i.date_action >= ` + debut + ` AND i.date_action < ` + fin + `)`
	demandes := `EXISTS (SELECT 1 FROM demandes d WHERE d.uai = e.uai AND d.etat IN ('realisee', 'cloturee')
		AND ` + jour + ` >= ` + debut + ` AND ` + jour + ` < ` + fin + `)`
	return "(" + actions + " OR " + demandes + ")"
}

func (w *where) etablissementConds(f IndicateurFilter) {
	w.parts = append(w.parts, "NOT e.ferme", "e.type IN ('college', 'lycee', 'erea')")
	w.addAcademie("e.academie", f)
	if f.Departement != "" {
		w.add("e.departement = ?", f.Departement)
	}
	if f.UAI != "" {
		w.add("e.uai = ?", f.UAI)
	}
}

// Couverture counts the open schools of the territory and those reached.
type Couverture struct {
	Total, Atteints int
	ParType         []CouvertureLigne // Cle: model.TypeEtablissement
	ParEP           []CouvertureLigne // Cle: "REP+", "REP" or "" (outside éducation prioritaire)
	ParDepartement  []CouvertureLigne // Cle: the schools' département code, sorted (the maps)
	ParAcademie     []CouvertureLigne // Cle: académie code, sorted
	NonAtteints     []NonAtteint      // by département and name
}

// CouvertureLigne is one group of schools.
type CouvertureLigne struct {
	Cle             string
	Total, Atteints int
}

// Taux is the share reached, in [0, 1]; -1 without schools.
func (c CouvertureLigne) Taux() float64 {
	if c.Total == 0 {
		return -1
	}
	return float64(c.Atteints) / float64(c.Total)
}

// Taux is model.IndCouverture, in [0, 1]; -1 without schools.
func (c Couverture) Taux() float64 {
	return CouvertureLigne{Total: c.Total, Atteints: c.Atteints}.Taux()
}

func (s *Store) indicateursCouverture(ctx context.Context, f IndicateurFilter) (Couverture, error) {
	var out Couverture
	w := &where{}
	reached := w.atteint(f)
	w.etablissementConds(f)
	rows, err := s.q.QueryContext(ctx, `SELECT e.uai, e.nom, e.type, e.nom_commune, e.departement, e.academie, e.education_prioritaire,
			CASE WHEN `+reached+` THEN 1 ELSE 0 END
		FROM etablissements e WHERE `+w.sql()+` ORDER BY e.departement, e.nom, e.uai`, w.args...)
	if err != nil {
		return out, fmt.Errorf("couverture des établissements : %w", err)
	}
	defer rows.Close()
	types, eps, deps, acads := map[string]*CouvertureLigne{}, map[string]*CouvertureLigne{}, map[string]*CouvertureLigne{}, map[string]*CouvertureLigne{}
	for rows.Next() {
		var n NonAtteint
		var a int
		var acad string
		if err := rows.Scan(&n.UAI, &n.Nom, &n.Type, &n.Commune, &n.Departement, &acad, &n.EducationPrioritaire, &a); err != nil {
			return out, err
		}
		out.Total++
		out.Atteints += a
		if a == 0 {
			out.NonAtteints = append(out.NonAtteints, n)
		}
		for _, g := range []struct {
			m   map[string]*CouvertureLigne
			key string
		}{{types, n.Type}, {eps, n.EducationPrioritaire}, {deps, n.Departement}, {acads, acad}} {
			if g.m[g.key] == nil {
				g.m[g.key] = &CouvertureLigne{Cle: g.key}
			}
			g.m[g.key].Total++
			g.m[g.key].Atteints += a
		}
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	for _, t := range []string{"college", "lycee", "erea"} {
		if l := types[t]; l != nil {
			out.ParType = append(out.ParType, *l)
		}
	}
	for _, ep := range []string{"REP+", "REP", ""} {
		if l := eps[ep]; l != nil {
			out.ParEP = append(out.ParEP, *l)
		}
	}
	out.ParDepartement, out.ParAcademie = parCle(deps), parCle(acads)
	return out, nil
}

// parCle lists groups by key.
func parCle(m map[string]*CouvertureLigne) []CouvertureLigne {
	out := make([]CouvertureLigne, 0, len(m))
	for _, l := range m {
		out = append(out, *l)
	}
	slices.SortFunc(out, func(a, b CouvertureLigne) int { return strings.Compare(a.Cle, b.Cle) })
	return out
}

// NonAtteint is a school of the territory never reached in the year.
type NonAtteint struct {
	UAI, Nom, Type, Commune, Departement, EducationPrioritaire string
}

// ListNonAtteints lists model.IndNonAtteints, by département and name.
func (s *Store) ListNonAtteints(ctx context.Context, f IndicateurFilter, limit int) (out []NonAtteint, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.listNonAtteints(ctx, f, limit); return err })
	return out, err
}

func (s *Store) listNonAtteints(ctx context.Context, f IndicateurFilter, limit int) ([]NonAtteint, error) {
	w := &where{}
	reached := w.atteint(f)
	w.etablissementConds(f)
	q := `SELECT e.uai, e.nom, e.type, e.nom_commune, e.departement, e.education_prioritaire FROM etablissements e
		WHERE ` + w.sql() + ` AND NOT ` + reached + ` ORDER BY e.departement, e.nom, e.uai`
	if limit > 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	rows, err := s.q.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("établissements non atteints : %w", err)
	}
	defer rows.Close()
	var out []NonAtteint
	for rows.Next() {
		var n NonAtteint
		if err := rows.Scan(&n.UAI, &n.Nom, &n.Type, &n.Commune, &n.Departement, &n.EducationPrioritaire); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ChargeCEE is one CEE in mandate and their load in the year.
type ChargeCEE struct {
	ID           int64
	Nom, Prenom  string
	Acceptees    int  // solicitations accepted in the year
	MaxParMois   int  // their cap; 0: none
	Actif12Mois  bool // a service (serviceExists) or an accepted solicitation in the last 12 months
	Surcharge    bool // more accepted than cap × months elapsed
	ActionsAnnee int
	MinutesAnnee int
	ElevesAnnee  int
	// JurysAnnee and EvenementsAnnee count the jury sittings and the
	// network events attended in the year (model.Service).
	JurysAnnee      int
	EvenementsAnnee int
	// ExpertisesAnnee counts the opinions given in the year.
	ExpertisesAnnee int
	Departement     string
	Organisation    string
	SectionNAF      string
	StatutPro       string
	FinMandat       *time.Time
}

// Charge sums the load of the CEE in mandate.
type Charge struct {
	CEE          []ChargeCEE
	Distribution []Ligne // model.IndChargeCEE
	Surcharges   int     // model.IndCEESurcharges
	Inactifs     int     // model.IndCEEInactifs
}

// Buckets of model.IndChargeCEE.
var tranchesCharge = []struct {
	cle, libelle string
	max          int
}{{"0", "Aucune", 0}, {"1-2", "1 à 2", 2}, {"3-5", "3 à 5", 5}, {"6-10", "6 à 10", 10}, {"11+", "Plus de 10", 1 << 30}}

func (s *Store) indicateursCharge(ctx context.Context, f IndicateurFilter) (Charge, error) {
	var out Charge
	ref := f.ref()
	w := &where{}
	debut, fin := w.arg(f.debut()), w.arg(f.fin())
	depuis, jusqua := w.arg(ref.AddDate(0, -model.MoisInactivite, 0)), w.arg(ref)
	w.conseillerConds(f, true)
	w.parts = append(w.parts, w.enMandat(ref))
	// The counts in one pass over each table, grouped by CEE; whether a CEE
	// acted in the last 12 months is asked per CEE of the index of their
	// actions, which stops at the first one (counting them all took a fifth
	// of the national time on SQLite).
	acts, sols := "", ""
	if f.parAcademie() {
		p := w.academie(f)
		acts = " AND i.academie" + p
		sols = " AND s.conseiller_id IN (SELECT cc.id FROM conseillers cc WHERE cc.academie" + p + ")"
	}
	solsFrom, actsFrom := "sollicitations s", "interventions i"
	if f.parCEE() {
		// The filter's CEE (one, an organisation's), then their rows by
		// index, not the year's of the académie grouped: an organisation's
		// dashboard spent 33 ms of CPU here on the national SQLite demo.
		// CROSS JOIN keeps the CEE first on SQLite (see demandeConds).
		sub := &where{args: w.args}
		sub.conseillerConds(f, false)
		w.args = sub.args
		solsFrom, actsFrom = "conseillers c CROSS JOIN sollicitations s", "conseillers c CROSS JOIN interventions i"
		sols += " AND s.conseiller_id = c.id AND " + sub.sql()
		acts += " AND i.conseiller_id = c.id AND " + sub.sql()
	}
	// Active: a service of any kind (action, jury sitting, event attended)
	// in the 12 months up to the reference day included, or an accepted
	// solicitation (serviceExists, the one definition of a service).
	actif := w.serviceExists("c.id", ref.AddDate(0, -model.MoisInactivite, 0), ref.Add(time.Nanosecond))
	jurys := w.serviceCounts(model.ServiceJury, f.debut(), f.fin())
	evenements := w.serviceCounts(model.ServiceEvenement, f.debut(), f.fin())
	expertises := w.serviceCounts(model.ServiceExpertise, f.debut(), f.fin())
	rows, err := s.q.QueryContext(ctx, `SELECT c.id, c.nom, c.prenom, c.max_sollicitations, c.departement, COALESCE(o.nom, ''), c.naf_section, c.statut_pro,
			COALESCE(sa.n, 0), COALESCE(ia.n, 0), COALESCE(ia.minutes, 0), COALESCE(ia.eleves, 0), COALESCE(ja.n, 0), COALESCE(ea.n, 0), COALESCE(xa.n, 0),
			CASE WHEN sr.n > 0 OR `+actif+` THEN 1 ELSE 0 END, df.fin
		FROM conseillers c LEFT JOIN organisations o ON o.id = c.organisation_id
			LEFT JOIN designations df ON df.conseiller_id = c.id AND df.courante
			LEFT JOIN `+jurys+` ja ON ja.conseiller_id = c.id
			LEFT JOIN `+evenements+` ea ON ea.conseiller_id = c.id
			LEFT JOIN `+expertises+` xa ON xa.conseiller_id = c.id
			LEFT JOIN (SELECT s.conseiller_id, COUNT(*) AS n FROM `+solsFrom+` WHERE s.etat = 'acceptee' AND s.created_at >= `+debut+` AND s.created_at < `+fin+sols+`
				GROUP BY s.conseiller_id) sa ON sa.conseiller_id = c.id
			LEFT JOIN (SELECT i.conseiller_id, COUNT(*) AS n, SUM(i.duree_minutes) AS minutes, SUM(i.eleves) AS eleves FROM `+actsFrom+`
				WHERE i.date_action >= `+debut+` AND i.date_action < `+fin+acts+` GROUP BY i.conseiller_id) ia ON ia.conseiller_id = c.id
			LEFT JOIN (SELECT s.conseiller_id, COUNT(*) AS n FROM `+solsFrom+` WHERE s.etat = 'acceptee' AND s.created_at >= `+depuis+` AND s.created_at <= `+jusqua+sols+`
				GROUP BY s.conseiller_id) sr ON sr.conseiller_id = c.id
		WHERE `+w.sql()+` ORDER BY c.nom, c.prenom, c.id`, w.args...)
	if err != nil {
		return out, fmt.Errorf("charge des CEE : %w", err)
	}
	defer rows.Close()
	mois := moisEcoules(f.Annee.Debut(), f.Annee.Reference(refNow(f)))
	counts := make([]int, len(tranchesCharge))
	for rows.Next() {
		var c ChargeCEE
		var recent int
		var finMandat sql.NullTime
		if err := rows.Scan(&c.ID, &c.Nom, &c.Prenom, &c.MaxParMois, &c.Departement, &c.Organisation, &c.SectionNAF, &c.StatutPro,
			&c.Acceptees, &c.ActionsAnnee, &c.MinutesAnnee, &c.ElevesAnnee, &c.JurysAnnee, &c.EvenementsAnnee, &c.ExpertisesAnnee, &recent, &finMandat); err != nil {
			return out, err
		}
		c.FinMandat = timePtr(finMandat)
		c.Actif12Mois = recent > 0
		c.Surcharge = c.MaxParMois > 0 && c.Acceptees > c.MaxParMois*mois
		if c.Surcharge {
			out.Surcharges++
		}
		if !c.Actif12Mois {
			out.Inactifs++
		}
		for i, t := range tranchesCharge {
			if c.Acceptees <= t.max {
				counts[i]++
				break
			}
		}
		out.CEE = append(out.CEE, c)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	for i, t := range tranchesCharge {
		out.Distribution = append(out.Distribution, Ligne{Cle: t.cle, Libelle: t.libelle, N: counts[i]})
	}
	return out, nil
}

func refNow(f IndicateurFilter) time.Time {
	if f.Now.IsZero() {
		return time.Now()
	}
	return f.Now
}

// moisEcoules counts the months begun between from and to, at least 1.
func moisEcoules(from, to time.Time) int {
	to = to.In(from.Location())
	n := (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1
	return max(1, min(n, 12))
}

// StatAcademie is one line of the open statistics: aggregates only.
type StatAcademie struct {
	Academie                       string
	CEE, Demandes, Actions, Eleves int
	Etablissements, Atteints       int
}

// StatistiquesPubliques computes, per académie, the aggregates of the open
// statistics page (no personal data): CEE in mandate, requests sent,
// actions and their pupils, schools reached. Four grouped queries whatever
// the number of académies.
func (s *Store) StatistiquesPubliques(ctx context.Context, annee model.AnneeScolaire, now time.Time) (out []StatAcademie, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.statistiquesPubliques(ctx, annee, now); return err })
	return out, err
}

func (s *Store) statistiquesPubliques(ctx context.Context, annee model.AnneeScolaire, now time.Time) ([]StatAcademie, error) {
	f := IndicateurFilter{Annee: annee, Now: now}
	by := map[string]*StatAcademie{}
	get := func(a string) *StatAcademie {
		if by[a] == nil {
			by[a] = &StatAcademie{Academie: a}
		}
		return by[a]
	}
	scan := func(q string, args []any, set func(st *StatAcademie, a, b int)) error {
		rows, err := s.q.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("statistiques publiques : %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var acad string
			var a, b int
			if err := rows.Scan(&acad, &a, &b); err != nil {
				return err
			}
			set(get(acad), a, b)
		}
		return rows.Err()
	}
	w := &where{}
	w.parts = append(w.parts, w.enMandat(f.ref()))
	if err := scan(`SELECT c.academie, COUNT(*), 0 FROM conseillers c WHERE `+w.sql()+` GROUP BY c.academie`, w.args,
		func(st *StatAcademie, a, _ int) { st.CEE = a }); err != nil {
		return nil, err
	}
	w = &where{}
	w.demandeConds(f)
	if err := scan(`SELECT d.academie, COUNT(*), 0 FROM demandes d WHERE `+w.sql()+` GROUP BY d.academie`, w.args,
		func(st *StatAcademie, a, _ int) { st.Demandes = a }); err != nil {
		return nil, err
	}
	if err := scan(`SELECT i.academie, COUNT(*), COALESCE(SUM(i.eleves), 0) FROM interventions i WHERE i.date_action >= $1 AND i.date_action < $2 GROUP BY i.academie`,
		[]any{f.debut(), f.fin()}, func(st *StatAcademie, a, b int) { st.Actions, st.Eleves = a, b }); err != nil {
		return nil, err
	}
	w = &where{}
	reached := w.atteint(f)
	w.etablissementConds(f)
	if err := scan(`SELECT e.academie, COUNT(*), COALESCE(SUM(CASE WHEN `+reached+` THEN 1 ELSE 0 END), 0) FROM etablissements e WHERE `+w.sql()+` GROUP BY e.academie`, w.args,
		func(st *StatAcademie, a, b int) { st.Etablissements, st.Atteints = a, b }); err != nil {
		return nil, err
	}
	out := make([]StatAcademie, 0, len(by))
	for _, st := range by {
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b StatAcademie) int { return strings.Compare(a.Academie, b.Academie) })
	return out, nil
}

// sansJIT runs the reporting queries of fn with PostgreSQL's JIT compiler
// off, in a read-only transaction: their correlated subqueries have high
// estimated costs that turn it on, and compiling then takes longer than
// the query (400 ms of JIT for 60 ms of work on the national data).
// They are also always planned for their actual values: pgx prepares them
// once per connection, and after five runs PostgreSQL may keep a generic
// plan that ignores how selective the values are — one académie or the
// whole country, a year of dates. The answers of an académie's requests
// then took 345 ms by a nested loop over the year's 52,000 answers,
// against 38 ms by the hash join planned for « académie 25 ».
// SQLite has no JIT nor plan cache of that kind: fn runs as is.
func (s *Store) sansJIT(ctx context.Context, fn func(s *Store) error) error {
	if s.dialect != Postgres || s.inTx {
		return fn(s)
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, set := range []string{`SET LOCAL jit = off`, `SET LOCAL plan_cache_mode = force_custom_plan`} {
		if _, err := tx.ExecContext(ctx, set); err != nil {
			return err
		}
	}
	if err := fn(&Store{db: s.db, q: tx, dialect: s.dialect, inTx: true}); err != nil {
		return err
	}
	return tx.Commit()
}

// IndicateursCEE counts the CEE in mandate (model.IndCEEActifs and its
// breakdowns, model.IndMandatsFin) with the académie's target.
func (s *Store) IndicateursCEE(ctx context.Context, f IndicateurFilter) (out CEEActifs, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.indicateursCEE(ctx, f); return err })
	return out, err
}

// IndicateursDemandes computes model.IndDemandesEtat, IndDemandesType,
// IndDelaiReponse, IndTauxPourvues, IndTauxExpirees and IndNoteMoyenne.
func (s *Store) IndicateursDemandes(ctx context.Context, f IndicateurFilter) (out Demandes, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.indicateursDemandes(ctx, f); return err })
	return out, err
}

// IndicateursEtatsDemandes is IndicateursDemandes without the median time
// to the first answer (DelaiMedian 0): the two are separate queries, which
// CalculerRapport runs side by side.
func (s *Store) IndicateursEtatsDemandes(ctx context.Context, f IndicateurFilter) (out Demandes, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.indicateursEtatsDemandes(ctx, f); return err })
	return out, err
}

// IndicateursDelai computes model.IndDelaiReponse: the median in days (-1
// without any answer) and the number of requests answered.
func (s *Store) IndicateursDelai(ctx context.Context, f IndicateurFilter) (median float64, repondues int, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { median, repondues, err = s.indicateursDelai(ctx, f); return err })
	return median, repondues, err
}

// IndicateursActivite computes model.IndActions, IndHeures, IndEleves and
// IndReponses. The département of an action is its school's.
func (s *Store) IndicateursActivite(ctx context.Context, f IndicateurFilter) (out ActiviteCEE, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.indicateursActivite(ctx, f); return err })
	return out, err
}

// IndicateursCouverture computes model.IndCouverture, IndCouvertureType and
// IndCouvertureEP, and the list model.IndNonAtteints, in one pass over the
// schools of the territory.
func (s *Store) IndicateursCouverture(ctx context.Context, f IndicateurFilter) (out Couverture, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.indicateursCouverture(ctx, f); return err })
	return out, err
}

// IndicateursCharge computes model.IndChargeCEE, IndCEESurcharges and
// IndCEEInactifs, with the list of CEE (for the bilans).
func (s *Store) IndicateursCharge(ctx context.Context, f IndicateurFilter) (out Charge, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.indicateursCharge(ctx, f); return err })
	return out, err
}

// SiegesLigne is one group of exam juries: professionals' seats planned
// and filled.
type SiegesLigne struct {
	Cle, Libelle    string
	Sieges, Pourvus int
}

// Jurys are the exam juries of the sessions beginning in the year: seats
// filled (model.IndSiegesJurys, by session and by diploma) and the
// colleges of their members (model.IndCollegesJurys, IndJurysEquilibres).
type Jurys struct {
	Jurys           int
	Sieges, Pourvus int
	ParSession      []SiegesLigne // Cle: session id; Libelle: its name (and académie, nationally)
	ParDiplome      []SiegesLigne // Cle: diploma type (« CAP »…), "" when the speciality is unknown
	Employeurs      int           // members seated as employers
	Salaries        int           // as employees
	AvecMembres     int           // juries with at least one member (the base of Equilibres)
	Equilibres      int
}

// Taux is model.IndSiegesJurys, in [0, 1]; -1 without seats.
func (j Jurys) Taux() float64 {
	return CouvertureLigne{Total: j.Sieges, Atteints: j.Pourvus}.Taux()
}

func (s *Store) indicateursJurys(ctx context.Context, f IndicateurFilter) (Jurys, error) {
	var out Jurys
	regles, err := s.ListRegles(ctx)
	if err != nil {
		return out, err
	}
	parite := map[string]bool{}
	for _, r := range regles {
		parite[r.Type] = r.Parite
	}
	w := &where{}
	// A member counts when not « empêché » and, with CEE filters, when one
	// of those CEE.
	counted := "m.id IS NOT NULL"
	if f.parCEE() {
		sub := &where{args: w.args}
		sub.conseillerConds(f, false)
		w.args = sub.args
		counted += " AND c.id IS NOT NULL AND " + sub.sql()
	}
	w.add("x.debut >= ?", f.debut())
	w.add("x.debut < ?", f.fin())
	join := ""
	w.addAcademie("x.academie", f)
	if f.Departement != "" {
		join = " JOIN etablissements e ON e.uai = j.uai"
		w.add("e.departement = ?", f.Departement)
	}
	if f.UAI != "" {
		w.add("j.uai = ?", f.UAI)
	}
	// One line per jury and status of its members: the college is
	// model.CollegeOf's, applied here rather than copied into SQL.
	rows, err := s.q.QueryContext(ctx, `SELECT j.id, x.id, x.nom, x.academie, j.specialite, j.sieges, j.employeurs, j.salaries,
			COALESCE(c.statut_pro, p.statut_pro, ''), COUNT(CASE WHEN `+counted+` THEN 1 END)
		FROM jurys j JOIN sessions_examen x ON x.id = j.session_id`+join+`
			LEFT JOIN jury_membres m ON m.jury_id = j.id AND m.statut <> 'empeche'
			LEFT JOIN disponibilites_jury d ON d.id = m.disponibilite_id
			LEFT JOIN conseillers c ON c.id = d.conseiller_id
			LEFT JOIN professionnels p ON p.id = d.professionnel_id
		WHERE `+w.sql()+`
		GROUP BY j.id, x.id, x.nom, x.academie, j.specialite, j.sieges, j.employeurs, j.salaries, c.statut_pro, p.statut_pro
		ORDER BY x.debut, x.id, j.id`, w.args...)
	if err != nil {
		return out, fmt.Errorf("indicateurs des jurys : %w", err)
	}
	defer rows.Close()
	type jury struct {
		session, nom, academie, typ string
		sieges, wantEmp, wantSal    int
		emp, sal                    int
	}
	var order []int64
	jurys := map[int64]*jury{}
	for rows.Next() {
		var id, session int64
		var j jury
		var statut string
		var n int
		if err := rows.Scan(&id, &session, &j.nom, &j.academie, &j.typ, &j.sieges, &j.wantEmp, &j.wantSal, &statut, &n); err != nil {
			return out, err
		}
		if jurys[id] == nil {
			j.session = strconv.FormatInt(session, 10)
			if d, ok := refdata.DiplomeByCode(j.typ); ok {
				j.typ = d.Type
			} else {
				j.typ = ""
			}
			jurys[id] = &j
			order = append(order, id)
		}
		if model.CollegeOf(model.StatutPro(statut)) == model.CollegeEmployeur {
			jurys[id].emp += n
		} else {
			jurys[id].sal += n
		}
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	sessions, diplomes := map[string]*SiegesLigne{}, map[string]*SiegesLigne{}
	var sessionOrder []string
	for _, id := range order {
		j := jurys[id]
		pourvus := min(j.emp+j.sal, j.sieges)
		out.Jurys++
		out.Sieges += j.sieges
		out.Pourvus += pourvus
		out.Employeurs += j.emp
		out.Salaries += j.sal
		if j.emp+j.sal > 0 {
			out.AvecMembres++
			if model.CollegesEquilibres(j.emp, j.sal, j.wantEmp, j.wantSal, parite[j.typ]) {
				out.Equilibres++
			}
		}
		if sessions[j.session] == nil {
			label := j.nom
			if f.Academie == "" {
				if a, ok := refdata.AcademieByCode(j.academie); ok {
					label += " (" + a.Nom + ")"
				}
			}
			sessions[j.session] = &SiegesLigne{Cle: j.session, Libelle: label}
			sessionOrder = append(sessionOrder, j.session)
		}
		if diplomes[j.typ] == nil {
			diplomes[j.typ] = &SiegesLigne{Cle: j.typ}
		}
		for _, l := range []*SiegesLigne{sessions[j.session], diplomes[j.typ]} {
			l.Sieges += j.sieges
			l.Pourvus += pourvus
		}
	}
	for _, k := range sessionOrder {
		out.ParSession = append(out.ParSession, *sessions[k])
	}
	for _, l := range diplomes {
		out.ParDiplome = append(out.ParDiplome, *l)
	}
	slices.SortFunc(out.ParDiplome, func(a, b SiegesLigne) int { return strings.Compare(a.Cle, b.Cle) })
	return out, nil
}

// IndicateursJurys computes model.IndSiegesJurys (with IndSiegesSession and
// IndSiegesDiplome), IndCollegesJurys and IndJurysEquilibres.
func (s *Store) IndicateursJurys(ctx context.Context, f IndicateurFilter) (out Jurys, err error) {
	err = s.sansJIT(ctx, func(s *Store) error { out, err = s.indicateursJurys(ctx, f); return err })
	return out, err
}
