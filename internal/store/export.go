package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cee/internal/model"
)

// collect reads every row with scan into a slice: the pages of a list.
func collect[T any](rows *sql.Rows, scan func(*sql.Rows) (T, error)) ([]T, error) {
	var out []T
	err := each(rows, scan, func(v T) error { out = append(out, v); return nil })
	return out, err
}

// each hands every row to fn as soon as it is read, for exports: memory
// stays that of one row whatever the length of the list.
func each[T any](rows *sql.Rows, scan func(*sql.Rows) (T, error), fn func(T) error) error {
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachDemande calls fn for every request of f, in the list's order (the
// soonest first), as the rows are read.
func (s *Store) EachDemande(ctx context.Context, f DemandeFilter, fn func(model.Demande) error) (err error) {
	defer wrap(&err, "EachDemande")
	var c conds
	demandeWhere(&c, f)
	w, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+demandeColumns+` FROM `+demandeFrom+` WHERE `+w+`
		ORDER BY CASE WHEN d.premier_jour IS NULL THEN 1 ELSE 0 END, d.premier_jour, d.id`, args...)
	if err != nil {
		return err
	}
	return each(rows, scanDemande, fn)
}

// SollicitationFilter is a query of solicitations across requests: those of
// the requests Demandes lets the reader see, narrowed for a CEE to their
// own (and those they passed on) so that nobody reads who else was asked.
type SollicitationFilter struct {
	Demandes     DemandeFilter
	ConseillerID int64
	Etats        []model.EtatSollicitation
	Periode      model.Periode // day sent
	// Limit and Offset make a page of it (the API's); none when Limit is 0.
	Limit, Offset int
}

// SollicitationLigne is a solicitation with what its request is.
type SollicitationLigne struct {
	model.Sollicitation
	Titre, UAI, Etablissement, Academie string
	Type                                model.TypeDemande
}

func sollicitationWhere(c *conds, f SollicitationFilter) {
	c.add("EXISTS (SELECT 1 FROM " + demandeFrom + " WHERE d.id = s.demande_id AND " + sub(c, func(w *conds) { demandeWhere(w, f.Demandes) }) + ")")
	if f.ConseillerID != 0 {
		c.add("(s.conseiller_id = ? OR s.transmis_par = ?)", f.ConseillerID, f.ConseillerID)
	}
	if len(f.Etats) > 0 {
		in(c, "s.etat", f.Etats)
	}
	if !f.Periode.Debut.IsZero() {
		c.add("s.created_at >= ?", utc(f.Periode.Debut))
	}
	if !f.Periode.Fin.IsZero() {
		c.add("s.created_at < ?", utc(f.Periode.Fin.AddDate(0, 0, 1)))
	}
}

// CompterSollicitations counts the solicitations of f.
func (s *Store) CompterSollicitations(ctx context.Context, f SollicitationFilter) (n int, err error) {
	defer wrap(&err, "CompterSollicitations")
	var c conds
	sollicitationWhere(&c, f)
	w, args := c.sql()
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sollicitations s WHERE `+w, args...).Scan(&n)
	return n, err
}

// EachSollicitation calls fn for every solicitation of f, by request then
// in the order sent.
func (s *Store) EachSollicitation(ctx context.Context, f SollicitationFilter, fn func(SollicitationLigne) error) (err error) {
	defer wrap(&err, "EachSollicitation")
	var c conds
	sollicitationWhere(&c, f)
	w, args := c.sql()
	lim := ""
	if f.Limit > 0 {
		lim, args = c.page(f.Limit, f.Offset)
	}
	rows, err := s.q.QueryContext(ctx, `SELECT `+sollicitationColumns+`, dm.titre, dm.uai, COALESCE(em.nom, ''), dm.academie, dm.type
		FROM `+sollicitationFrom+` JOIN demandes dm ON dm.id = s.demande_id LEFT JOIN etablissements em ON em.uai = dm.uai
		WHERE `+w+` ORDER BY s.demande_id, s.created_at, s.id`+lim, args...)
	if err != nil {
		return err
	}
	return each(rows, func(rows *sql.Rows) (SollicitationLigne, error) {
		var l SollicitationLigne
		var typ string
		dest, done := sollicitationScan(&l.Sollicitation)
		err := rows.Scan(append(dest, &l.Titre, &l.UAI, &l.Etablissement, &l.Academie, &typ)...)
		done()
		l.Type = model.TypeDemande(typ)
		return l, err
	}, fn)
}

// InterventionFilter is a query of the actions (comptes rendus) of the CEE
// of a scope: a CEE's own, an organisation's CEE's, an académie's, all.
type InterventionFilter struct {
	Scope        model.Scope
	ConseillerID int64 // one CEE's (within the scope); all when 0
	Type         model.TypeDemande
	Periode      model.Periode
	// Limit and Offset make a page of it (the API's); none when Limit is 0.
	Limit, Offset int
}

// InterventionLigne is an action with its CEE's name.
type InterventionLigne struct {
	model.Intervention
	Conseiller string
}

func interventionWhere(c *conds, f InterventionFilter) {
	switch {
	case f.Scope.National:
	case f.Scope.Conseiller != "":
		var id int64
		fmt.Sscan(f.Scope.Conseiller, &id)
		c.add("i.conseiller_id = ?", id)
	case f.Scope.Organisation != "":
		var id int64
		fmt.Sscan(f.Scope.Organisation, &id)
		c.add("c.organisation_id = ?", id)
		c.add("i.academie = ?", f.Scope.Academie)
	case f.Scope.TeteReseau != "":
		id, err := organisationIDOf(f.Scope.TeteReseau)
		if err != nil {
			c.add("1 = 0")
			break
		}
		c.add(reseauCond, id, id)
	case f.Scope.UAI != "":
		c.add("i.uai = ?", f.Scope.UAI)
	case f.Scope.Academie != "":
		c.add("i.academie = ?", f.Scope.Academie)
	default:
		c.add("1 = 0")
	}
	if f.ConseillerID != 0 {
		c.add("i.conseiller_id = ?", f.ConseillerID)
	}
	if f.Type != "" {
		c.add("i.type = ?", string(f.Type))
	}
	if !f.Periode.Debut.IsZero() {
		c.add("i.date_action >= ?", utc(f.Periode.Debut))
	}
	if !f.Periode.Fin.IsZero() {
		c.add("i.date_action < ?", utc(f.Periode.Fin.AddDate(0, 0, 1)))
	}
}

const interventionFrom = `interventions i JOIN conseillers c ON c.id = i.conseiller_id LEFT JOIN etablissements e ON e.uai = i.uai`

// CountInterventions counts the actions of f.
func (s *Store) CountInterventions(ctx context.Context, f InterventionFilter) (n int, err error) {
	defer wrap(&err, "CountInterventions")
	var c conds
	interventionWhere(&c, f)
	w, args := c.sql()
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+interventionFrom+` WHERE `+w, args...).Scan(&n)
	return n, err
}

// EachIntervention calls fn for every action of f, the latest first.
func (s *Store) EachIntervention(ctx context.Context, f InterventionFilter, fn func(InterventionLigne) error) (err error) {
	defer wrap(&err, "EachIntervention")
	var c conds
	interventionWhere(&c, f)
	w, args := c.sql()
	lim := ""
	if f.Limit > 0 {
		lim, args = c.page(f.Limit, f.Offset)
	}
	rows, err := s.q.QueryContext(ctx, `SELECT i.id, i.conseiller_id, i.academie, i.type, i.date_action, i.duree_minutes, i.uai,
			COALESCE(e.nom, ''), i.eleves, i.niveaux, i.professionnels, i.description, COALESCE(i.demande_id, 0), c.prenom || ' ' || c.nom
		FROM `+interventionFrom+` WHERE `+w+` ORDER BY i.date_action DESC, i.id DESC`+lim, args...)
	if err != nil {
		return err
	}
	return each(rows, func(rows *sql.Rows) (InterventionLigne, error) {
		var i InterventionLigne
		var typ, niveaux string
		err := rows.Scan(&i.ID, &i.ConseillerID, &i.Academie, &typ, &i.Date, &i.DureeMinutes, &i.UAI, &i.Etablissement,
			&i.Eleves, &niveaux, &i.Professionnels, &i.Description, &i.DemandeID, &i.Conseiller)
		i.Type, i.Niveaux = model.TypeDemande(typ), splitList(niveaux)
		return i, err
	}, fn)
}

// CountProfessionnels counts the professionals of f.
func (s *Store) CountProfessionnels(ctx context.Context, f ProfessionnelFilter) (n int, err error) {
	defer wrap(&err, "CountProfessionnels")
	var c conds
	professionnelWhere(&c, s.dialect, f)
	w, args := c.sql()
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM professionnels p WHERE `+w, args...).Scan(&n)
	return n, err
}

// EachProfessionnel calls fn for every professional of f, by name.
func (s *Store) EachProfessionnel(ctx context.Context, f ProfessionnelFilter, fn func(model.Professionnel) error) (err error) {
	defer wrap(&err, "EachProfessionnel")
	var c conds
	professionnelWhere(&c, s.dialect, f)
	w, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+professionnelColumns+` FROM professionnels p WHERE `+w+` ORDER BY p.nom, p.prenom, p.id`, args...)
	if err != nil {
		return err
	}
	return each(rows, scanProfessionnel, fn)
}

// CountJournal counts the journal lines of f.
func (s *Store) CountJournal(ctx context.Context, f JournalFilter) (n int, err error) {
	defer wrap(&err, "CountJournal")
	var c conds
	journalWhere(&c, f)
	w, args := c.sql()
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM journal WHERE `+w, args...).Scan(&n)
	return n, err
}

// EachJournal calls fn for every journal line of f, the newest first.
func (s *Store) EachJournal(ctx context.Context, f JournalFilter, fn func(Entree) error) (err error) {
	defer wrap(&err, "EachJournal")
	var c conds
	journalWhere(&c, f)
	w, args := c.sql()
	rows, err := s.q.QueryContext(ctx, `SELECT `+journalColumns+` FROM journal WHERE `+w+` ORDER BY id DESC`, args...)
	if err != nil {
		return err
	}
	return each(rows, scanEntree, fn)
}

// Export is a list being prepared as a file for the person who asked, by a
// job; Requete is what to export (the workflow's, as JSON).
type Export struct {
	ID        int64
	CompteID  int64
	Liste     model.ListeExport
	Format    string
	Requete   []byte
	Libelle   string
	Academie  string
	Etat      model.EtatExport
	Total     int // rows counted when asked
	Faites    int // rows written so far
	Taille    int64
	Erreur    string
	CreatedAt time.Time
	ExpireLe  time.Time
}

const exportColumns = `id, compte_id, liste, format, requete, libelle, academie, etat, total, faites, taille, erreur, created_at, expire_le`

func scanExport(rows *sql.Rows) (Export, error) {
	var e Export
	var liste, etat, requete string
	err := rows.Scan(&e.ID, &e.CompteID, &liste, &e.Format, &requete, &e.Libelle, &e.Academie, &etat, &e.Total, &e.Faites, &e.Taille,
		&e.Erreur, &e.CreatedAt, &e.ExpireLe)
	e.Liste, e.Etat, e.Requete = model.ListeExport(liste), model.EtatExport(etat), []byte(requete)
	return e, err
}

// CreateExport records an export to prepare; call it inside InTx with its
// job.
func (s *Store) CreateExport(ctx context.Context, e Export) (id int64, err error) {
	defer wrap(&err, "CreateExport")
	now := utc(time.Now())
	err = s.q.QueryRowContext(ctx, `INSERT INTO exports (compte_id, liste, format, requete, libelle, academie, etat, total, created_at, expire_le)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		e.CompteID, string(e.Liste), e.Format, string(e.Requete), e.Libelle, e.Academie, string(model.ExportEnAttente), e.Total, now,
		utc(e.ExpireLe)).Scan(&id)
	return id, err
}

// GetExport reads an export, without its file.
func (s *Store) GetExport(ctx context.Context, id int64) (_ Export, err error) {
	defer wrap(&err, "GetExport %d", id)
	rows, err := s.q.QueryContext(ctx, `SELECT `+exportColumns+` FROM exports WHERE id = $1`, id)
	if err != nil {
		return Export{}, err
	}
	list, err := collect(rows, scanExport)
	if err != nil {
		return Export{}, err
	}
	if len(list) == 0 {
		return Export{}, ErrNotFound
	}
	return list[0], nil
}

// ListExports returns a person's exports still kept, the newest first.
func (s *Store) ListExports(ctx context.Context, compteID int64, now time.Time) (_ []Export, err error) {
	defer wrap(&err, "ListExports %d", compteID)
	rows, err := s.q.QueryContext(ctx, `SELECT `+exportColumns+` FROM exports WHERE compte_id = $1 AND expire_le > $2
		ORDER BY created_at DESC, id DESC LIMIT 20`, compteID, utc(now))
	if err != nil {
		return nil, err
	}
	return collect(rows, scanExport)
}

// DebuterExport marks an export being written again from its start: the
// chunks of an earlier, interrupted attempt are dropped.
func (s *Store) DebuterExport(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "DebuterExport %d", id)
	if _, err := s.q.ExecContext(ctx, `DELETE FROM export_morceaux WHERE export_id = $1`, id); err != nil {
		return err
	}
	_, err = s.q.ExecContext(ctx, `UPDATE exports SET etat = $2, faites = 0, taille = 0, erreur = '' WHERE id = $1`, id, string(model.ExportEnCours))
	return err
}

// AjouterMorceau stores the next chunk of an export's file and how many
// rows are written so far.
func (s *Store) AjouterMorceau(ctx context.Context, id int64, n int, data []byte, faites int) (err error) {
	defer wrap(&err, "AjouterMorceau %d/%d", id, n)
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO export_morceaux (export_id, n, data) VALUES ($1, $2, $3)`, id, n, data); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `UPDATE exports SET faites = $2, taille = taille + $3 WHERE id = $1`, id, faites, len(data))
		return err
	})
}

// TerminerExport records the end of an export: ready, or failed with a
// message for its requester.
func (s *Store) TerminerExport(ctx context.Context, id int64, faites int, erreur string) (err error) {
	defer wrap(&err, "TerminerExport %d", id)
	etat := model.ExportPret
	if erreur != "" {
		etat = model.ExportEchec
	}
	_, err = s.q.ExecContext(ctx, `UPDATE exports SET etat = $2, faites = $3, erreur = $4 WHERE id = $1`, id, string(etat), faites, erreur)
	return err
}

// EachMorceau calls fn with the chunks of an export's file in order, one
// read at a time (each its own query: no chunk waits in memory for the
// next).
func (s *Store) EachMorceau(ctx context.Context, id int64, fn func([]byte) error) (err error) {
	defer wrap(&err, "EachMorceau %d", id)
	for n := 0; ; n++ {
		var data []byte
		err := s.q.QueryRowContext(ctx, `SELECT data FROM export_morceaux WHERE export_id = $1 AND n = $2`, id, n).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(data); err != nil {
			return err
		}
	}
}

// PurgeExports deletes the exports past their keeping time, with their
// files.
func (s *Store) PurgeExports(ctx context.Context, now time.Time) (n int64, err error) {
	defer wrap(&err, "PurgeExports")
	err = s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM export_morceaux WHERE export_id IN (SELECT id FROM exports WHERE expire_le <= $1)`, utc(now)); err != nil {
			return err
		}
		res, err := tx.q.ExecContext(ctx, `DELETE FROM exports WHERE expire_le <= $1`, utc(now))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return n, err
}
