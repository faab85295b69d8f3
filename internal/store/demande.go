package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/refdata"
)

const demandeColumns = `d.id, d.academie, d.uai, COALESCE(e.nom, ''), d.departement, d.code_commune, COALESCE(d.auteur_id, 0),
	COALESCE(a.nom, ''), d.type, d.titre, d.description, d.niveaux, d.eleves, d.naf, d.familles, d.metiers, d.specialites,
	d.creneaux, d.debut, d.fin, d.lieu, d.personnes, d.contact_nom, d.contact_email, d.contact_telephone, d.etat, d.echeance,
	d.motif_annulation, d.created_at, d.updated_at, d.version, d.dates_au_choix, d.creneau_retenu, COALESCE(d.distance_max_km, 0), d.places,
	(SELECT COUNT(*) FROM sollicitations s WHERE s.demande_id = d.id AND s.etat = 'acceptee'), COALESCE(d.campus_id, 0), COALESCE(cu.nom, '')`

const demandeFrom = `demandes d LEFT JOIN etablissements e ON e.uai = d.uai LEFT JOIN comptes a ON a.id = d.auteur_id
	LEFT JOIN campus cu ON cu.id = d.campus_id`

func creneauxText(cs []model.Creneau) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.String())
	}
	return strings.Join(parts, "|")
}

func demandeArgs(d model.Demande) []any {
	var premier any
	if p := d.PremierJour(); !p.IsZero() {
		premier = utc(p)
	}
	var echeance any
	if !d.Echeance.IsZero() {
		echeance = utc(d.Echeance)
	}
	var auteur any
	if d.AuteurID != 0 {
		auteur = d.AuteurID
	}
	return []any{d.Academie, d.UAI, d.Departement, d.CodeCommune, auteur, string(d.Type), d.Titre, d.Description,
		strings.Join(d.Niveaux, "|"), d.Eleves, strings.Join(d.NAF, "|"), strings.Join(d.Familles, "|"), strings.Join(d.Metiers, "|"),
		strings.Join(d.Specialites, "|"), creneauxText(d.Creneaux), utcPtr(d.Debut), utcPtr(d.Fin), d.Lieu, d.Personnes,
		d.ContactNom, d.ContactEmail, d.ContactTelephone, string(d.Etat), echeance, premier,
		d.DatesAuChoix, dernierJour(d), nullInt(d.DistanceMaxKm), d.Places, nullID(d.CampusID)}
}

// dernierJour is the action's last day, as stored for the scheduler.
func dernierJour(d model.Demande) any {
	if l := d.DernierJour(); !l.IsZero() {
		return utc(l)
	}
	return nil
}

// nullInt stores 0 as NULL: « the default ».
func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// CreateDemande records a request (a draft, or one being submitted).
func (s *Store) CreateDemande(ctx context.Context, d model.Demande) (_ int64, err error) {
	defer wrap(&err, "CreateDemande")
	now := utc(time.Now())
	if !d.CreatedAt.IsZero() { // demo data and imports date their requests
		now = utc(d.CreatedAt)
	}
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO demandes (academie, uai, departement, code_commune, auteur_id, type, titre,
			description, niveaux, eleves, naf, familles, metiers, specialites, creneaux, debut, fin, lieu, personnes, contact_nom,
			contact_email, contact_telephone, etat, echeance, premier_jour, dates_au_choix, dernier_jour, distance_max_km, places, campus_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $31)
		RETURNING id`, append(demandeArgs(d), now)...).Scan(&id)
	return id, err
}

// UpdateDemande writes a request's content (not its state) while it is
// still a draft: ErrConflict otherwise.
func (s *Store) UpdateDemande(ctx context.Context, d model.Demande) (err error) {
	defer wrap(&err, "UpdateDemande")
	args := append(demandeArgs(d), utc(time.Now()), d.ID)
	res, err := s.q.ExecContext(ctx, `UPDATE demandes SET academie = $1, uai = $2, departement = $3, code_commune = $4,
			auteur_id = $5, type = $6, titre = $7, description = $8, niveaux = $9, eleves = $10, naf = $11, familles = $12,
			metiers = $13, specialites = $14, creneaux = $15, debut = $16, fin = $17, lieu = $18, personnes = $19,
			contact_nom = $20, contact_email = $21, contact_telephone = $22, echeance = $24, premier_jour = $25, dates_au_choix = $26,
			dernier_jour = $27, distance_max_km = $28, places = $29, campus_id = $30, updated_at = $31, version = version + 1
		WHERE id = $32 AND etat = $23`, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("demande %d : %w (elle n'est plus un brouillon)", d.ID, ErrConflict)
	}
	return nil
}

// SetEtatDemande moves a request from one state to another if nobody moved
// it meanwhile: ErrConflict otherwise.
func (s *Store) SetEtatDemande(ctx context.Context, id int64, from, to model.EtatDemande, motif string) (err error) {
	defer wrap(&err, "SetEtatDemande %d", id)
	now := utc(time.Now())
	res, err := s.q.ExecContext(ctx, `UPDATE demandes SET etat = $2, updated_at = $4, version = version + 1,
			motif_annulation = CASE WHEN $5 <> '' THEN $5 ELSE motif_annulation END,
			soumise_le = CASE WHEN $2 = 'soumise' THEN $4 ELSE soumise_le END
		WHERE id = $1 AND etat = $3`, id, string(to), string(from), now, motif)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("demande %d : %w (son état a changé)", id, ErrConflict)
	}
	return nil
}

// SetRetenu records the date chosen by the first person who accepted a
// request whose dates were alternatives: the only date from then on.
// ErrConflict when a date was already chosen (two acceptances at once).
func (s *Store) SetRetenu(ctx context.Context, id int64, c model.Creneau) (err error) {
	defer wrap(&err, "SetRetenu %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE demandes SET creneau_retenu = $2, dernier_jour = $3, updated_at = $4, version = version + 1
		WHERE id = $1 AND creneau_retenu = ''`, id, c.String(), utc(c.Jour), utc(time.Now()))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("demande %d : %w (date déjà choisie)", id, ErrConflict)
	}
	return nil
}

// SetDistanceMax changes a request's maximum distance (0: its type's
// default).
func (s *Store) SetDistanceMax(ctx context.Context, id int64, km int) (err error) {
	defer wrap(&err, "SetDistanceMax %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE demandes SET distance_max_km = $2, updated_at = $3, version = version + 1 WHERE id = $1`,
		id, nullInt(km), utc(time.Now()))
	return err
}

// SetEcheance moves a request's deadline (a pilote reopening it).
func (s *Store) SetEcheance(ctx context.Context, id int64, echeance time.Time) (err error) {
	defer wrap(&err, "SetEcheance %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE demandes SET echeance = $2, updated_at = $3, version = version + 1 WHERE id = $1`, id, utc(echeance), utc(time.Now()))
	return err
}

// EvaluerDemande records the requester's rating (1–5) and comment.
func (s *Store) EvaluerDemande(ctx context.Context, id int64, note int, commentaire string) (err error) {
	defer wrap(&err, "EvaluerDemande %d", id)
	_, err = s.q.ExecContext(ctx, `UPDATE demandes SET note = $2, commentaire = $3, updated_at = $4, version = version + 1 WHERE id = $1`,
		id, note, commentaire, utc(time.Now()))
	return err
}

// Evaluation is the requester's rating, if given.
func (s *Store) Evaluation(ctx context.Context, id int64) (note int, commentaire string, err error) {
	var n sql.NullInt64
	err = s.q.QueryRowContext(ctx, `SELECT note, commentaire FROM demandes WHERE id = $1`, id).Scan(&n, &commentaire)
	return int(n.Int64), commentaire, err
}

// DemandeFilter is a query of requests. Who sees what: a pilote (or an
// admin) the académie's (national) requests, a school its own, a CEE those
// they were solicited for; anyone else only the requests they wrote.
// Drafts are seen by their author only.
type DemandeFilter struct {
	Scope    model.Scope
	CompteID int64 // the reader: their own drafts, and their requests when AuteurSeul
	// AuteurSeul limits to the requests the reader wrote (inspectors,
	// partners).
	AuteurSeul bool
	// Anime is the unit (campus id) the reader animates, a partner: with
	// AuteurSeul, the unit's requests of AnimeAcademie too, whoever wrote
	// them (issue 20: a role on another académie's unit reaches none).
	Anime         int64
	AnimeAcademie string
	// Campus limits the list to one unit's requests (its page).
	Campus int64
	Etats  []model.EtatDemande
	Type   model.TypeDemande
	// File is a queue of « À traiter » (FileASolliciter, FileRelance, and
	// for a CEE FileARepondre, FileCompteRendu), read at Now.
	File   File
	Now    time.Time
	Limit  int
	Offset int
}

func demandeWhere(w *conds, f DemandeFilter) {
	lecteur := w.arg(f.CompteID)
	w.add("(d.etat <> 'brouillon' OR d.auteur_id = " + lecteur + ")")
	switch {
	case f.AuteurSeul && f.Anime != 0:
		w.add("(d.auteur_id = "+lecteur+" OR (d.campus_id = ? AND d.academie = ?))", f.Anime, f.AnimeAcademie)
	case f.AuteurSeul:
		w.add("d.auteur_id = " + lecteur)
	case f.parTerritoire():
		demandeTerritoire(w, f.Scope)
	case f.Scope.UAI != "":
		w.add("d.uai = ?", f.Scope.UAI)
	default: // a CEE's
		var id int64
		fmt.Sscan(f.Scope.Conseiller, &id)
		// The CEE's requests, read from their solicitations by index: asked
		// per request (EXISTS), a CEE's home page probed every request of
		// France (1.4 s of CPU on the national demo).
		w.add("d.id IN (SELECT s.demande_id FROM sollicitations s WHERE s.conseiller_id = ?)", id)
	}
	if f.Campus != 0 {
		w.add("d.campus_id = ?", f.Campus)
	}
	demandeEtatType(w, f)
	if f.File != FileAucune {
		var cee int64
		fmt.Sscan(f.Scope.Conseiller, &cee)
		fileConds(w, f.File, f.Now, cee)
	}
}

// parTerritoire reports whether f reaches requests by a territory (France,
// a région, an académie, a département), not by their author, school or
// CEE: the scopes that compteurs_demandes can count.
func (f DemandeFilter) parTerritoire() bool {
	return !f.AuteurSeul && (f.Scope.National || (f.Scope.UAI == "" && f.Scope.Conseiller == ""))
}

// demandeTerritoire limits to a territory; an organisation alone reaches
// nothing.
func demandeTerritoire(w *conds, sc model.Scope) {
	switch {
	case sc.National:
	case sc.Departement != "":
		w.add("d.departement = ?", sc.Departement)
	case sc.Region != "":
		in(w, "d.academie", refdata.AcademiesOfRegion(sc.Region))
	case sc.Academie != "" && sc.Organisation == "":
		w.add("d.academie = ?", sc.Academie)
	default:
		w.add("1 = 0")
	}
}

func demandeEtatType(w *conds, f DemandeFilter) {
	if len(f.Etats) > 0 {
		in(w, "d.etat", f.Etats)
	}
	if f.Type != "" {
		w.add("d.type = ?", string(f.Type))
	}
}

// CountDemandes is the total of a list of requests: the number the list
// shows, and the counters of « À traiter » (Attentes…). Over a territory,
// states and a type only, it sums the counters kept by triggers
// (compteurs_demandes, migration 0040) and adds the reader's own drafts.
func (s *Store) CountDemandes(ctx context.Context, f DemandeFilter) (_ int, err error) {
	defer wrap(&err, "CountDemandes")
	if f.parTerritoire() && f.Campus == 0 && f.File == FileAucune {
		return s.countDemandesParTerritoire(ctx, f)
	}
	var c conds
	demandeWhere(&c, f)
	w, args := c.sql()
	var total int
	// From the requests alone: the filter reads no other table, and the
	// school's and author's rows joined for the page would be read for
	// every request counted.
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM demandes d WHERE `+w, args...).Scan(&total)
	return total, err
}

func (s *Store) countDemandesParTerritoire(ctx context.Context, f DemandeFilter) (int, error) {
	var c conds
	c.add("d.etat <> 'brouillon'")
	demandeTerritoire(&c, f.Scope)
	demandeEtatType(&c, f)
	w, args := c.sql()
	var total int
	if err := s.q.QueryRowContext(ctx, `SELECT COALESCE(SUM(d.n), 0) FROM compteurs_demandes d WHERE `+w, args...).Scan(&total); err != nil {
		return 0, err
	}
	if f.CompteID == 0 || (len(f.Etats) > 0 && !slices.Contains(f.Etats, model.DemandeBrouillon)) {
		return total, nil
	}
	// The reader's drafts, by the index of their author.
	var b conds
	b.add("d.etat = 'brouillon'")
	b.add("d.auteur_id = ?", f.CompteID)
	demandeTerritoire(&b, f.Scope)
	demandeEtatType(&b, f)
	w, args = b.sql()
	var drafts int
	err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM demandes d WHERE `+w, args...).Scan(&drafts)
	return total + drafts, err
}

// ListDemandes returns one page of requests, the soonest first, and the
// total.
func (s *Store) ListDemandes(ctx context.Context, f DemandeFilter) (_ []model.Demande, _ int, err error) {
	defer wrap(&err, "ListDemandes")
	total, err := s.CountDemandes(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var c conds
	demandeWhere(&c, f)
	w, _ := c.sql()
	if f.Limit <= 0 {
		f.Limit = 25
	}
	lim, args := c.page(f.Limit, f.Offset)
	// Undated last, then the soonest. Every state: in the order of the
	// index demandes_liste, which the page stops reading at its rows. Some
	// states (the open ones, by default): that index's scan crossed every
	// past request before the first open one (2.6 ms of CPU for a pilote's
	// home on the national demo); the page's ids are chosen first from the
	// index by state (demandes_etats, covering) and sorted — the same order
	// written so that it is not demandes_liste's —, then only their rows
	// and joins are read.
	q := `SELECT ` + demandeColumns + ` FROM ` + demandeFrom + ` WHERE ` + w +
		` ORDER BY CASE WHEN d.premier_jour IS NULL THEN 1 ELSE 0 END, d.premier_jour, d.id` + lim
	if len(f.Etats) > 0 {
		const order = ` ORDER BY d.premier_jour IS NULL, d.premier_jour, d.id`
		q = `SELECT ` + demandeColumns + ` FROM ` + demandeFrom + ` WHERE d.id IN (SELECT d.id FROM demandes d WHERE ` + w + order + lim + `)` + order
	}
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	list, err := scanDemandes(rows)
	return list, total, err
}

// GetDemande returns a request within the reader's filter (scope, drafts):
// ErrNotFound outside it, as for an id that does not exist.
func (s *Store) GetDemande(ctx context.Context, id int64, f DemandeFilter) (_ model.Demande, err error) {
	defer wrap(&err, "GetDemande %d", id)
	var c conds
	demandeWhere(&c, f)
	c.add("d.id = ?", id)
	w, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+demandeColumns+` FROM `+demandeFrom+` WHERE `+w, args...)
	if err != nil {
		return model.Demande{}, err
	}
	list, err := scanDemandes(rows)
	if err != nil {
		return model.Demande{}, err
	}
	if len(list) == 0 {
		return model.Demande{}, ErrNotFound
	}
	return list[0], nil
}

// DemandesDues lists requests in a state whose date has come: search ended
// (state en_recherche, deadline passed) or action over (pourvue, last day
// passed), for the scheduler.
func (s *Store) DemandesDues(ctx context.Context, etat model.EtatDemande, before time.Time) (_ []model.Demande, err error) {
	defer wrap(&err, "DemandesDues")
	col := "d.echeance"
	if etat == model.DemandePourvue {
		col = "COALESCE(d.dernier_jour, d.fin, d.premier_jour)"
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+demandeColumns+` FROM `+demandeFrom+`
		WHERE d.etat = $1 AND `+col+` < $2 ORDER BY d.id`, string(etat), utc(before))
	if err != nil {
		return nil, err
	}
	return scanDemandes(rows)
}

func scanDemandes(rows *sql.Rows) ([]model.Demande, error) {
	return collect(rows, scanDemande)
}

// scanDemande reads the current row of demandeColumns.
func scanDemande(rows *sql.Rows) (model.Demande, error) {
	var d model.Demande
	var typ, niveaux, naf, familles, metiers, specialites, creneaux, etat, retenu string
	var debut, fin, echeance sql.NullTime
	if err := rows.Scan(&d.ID, &d.Academie, &d.UAI, &d.Etablissement, &d.Departement, &d.CodeCommune, &d.AuteurID, &d.Auteur,
		&typ, &d.Titre, &d.Description, &niveaux, &d.Eleves, &naf, &familles, &metiers, &specialites, &creneaux, &debut, &fin,
		&d.Lieu, &d.Personnes, &d.ContactNom, &d.ContactEmail, &d.ContactTelephone, &etat, &echeance, &d.MotifAnnulation,
		&d.CreatedAt, &d.UpdatedAt, &d.Version, &d.DatesAuChoix, &retenu, &d.DistanceMaxKm, &d.Places, &d.Acceptees, &d.CampusID, &d.Campus); err != nil {
		return d, err
	}
	d.Type, d.Etat = model.TypeDemande(typ), model.EtatDemande(etat)
	d.Niveaux, d.NAF, d.Familles, d.Metiers, d.Specialites = splitList(niveaux), splitList(naf), splitList(familles), splitList(metiers), splitList(specialites)
	for _, c := range splitList(creneaux) {
		if cr, err := model.ParseCreneau(c); err == nil {
			d.Creneaux = append(d.Creneaux, cr)
		}
	}
	if retenu != "" {
		if cr, err := model.ParseCreneau(retenu); err == nil {
			d.Retenu = &cr
		}
	}
	d.Debut, d.Fin = timePtr(debut), timePtr(fin)
	if echeance.Valid {
		d.Echeance = echeance.Time
	}
	return d, nil
}
