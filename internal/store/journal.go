package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"cee/internal/model"
)

// Audit actions.
const (
	AuditConnexion      = "connexion"
	AuditEchecConnexion = "echec_connexion"
	AuditDeconnexion    = "deconnexion"
	AuditChangementRole = "changement_role"
	AuditInvitation     = "invitation"
	AuditAcceptation    = "acceptation_role" // a role offered to an account of another académie, accepted by its holder
	AuditStatut         = "changement_statut"
	AuditConsultation   = "consultation_coordonnees"
	AuditExport         = "export"
	AuditSecurite       = "securite"      // password, second factor
	AuditProfil         = "profil"        // a CEE's profile changed
	AuditOrganisation   = "organisation"  // an organisation added
	AuditImport         = "import"        // a register imported
	AuditConvention     = "convention"    // a convention recorded or signed
	AuditConsentement   = "consentement"  // a professional's answer
	AuditDesignation    = "designation"   // proposal, instruction, designation, end of a CEE's mandate
	AuditAvis           = "avis"          // an inspector's opinion on a candidature
	AuditParametres     = "parametres"    // an académie's settings changed
	AuditIntervention   = "intervention"  // an action recorded by a CEE
	AuditCampus         = "campus"        // a campus or pôle de stage created, a member school added or removed
	AuditDemande        = "demande"       // a school's request created or moved
	AuditSollicitation  = "sollicitation" // candidates solicited, an answer, a request passed on
	AuditJury           = "jury"          // juries imported, campaign, composition, changes, publication, answers
	AuditAnimation      = "animation"     // network events, invitations, attendance, announcements, resources
	AuditExpertise      = "expertise"     // an opinion asked of CEE, given or declined
)

// AuditActionConnue tells whether a is one of the journal's actions (a
// filter of the journal).
func AuditActionConnue(a string) bool {
	switch a {
	case AuditConnexion, AuditEchecConnexion, AuditDeconnexion, AuditChangementRole, AuditInvitation, AuditAcceptation, AuditStatut,
		AuditConsultation, AuditExport, AuditSecurite, AuditProfil, AuditOrganisation, AuditImport, AuditConvention, AuditConsentement,
		AuditDesignation, AuditAvis, AuditParametres, AuditIntervention, AuditCampus, AuditDemande, AuditSollicitation, AuditJury,
		AuditAnimation, AuditExpertise:
		return true
	}
	return false
}

// Entree is one line of the audit log: who, when, from where, what, on
// which record, in which académie.
type Entree struct {
	ID        int64
	At        time.Time
	CompteID  int64
	Email     string
	Role      string
	IP        string
	Action    string
	ObjetType string
	ObjetID   string
	Academie  string
	Detail    string
}

// Audit appends a line to the journal; call it inside the transaction of the
// change it records. There is no update nor delete: the log is append-only
// from the application's point of view.
func (s *Store) Audit(ctx context.Context, e Entree) (err error) {
	defer wrap(&err, "Audit %s %s %s", e.Action, e.ObjetType, e.ObjetID)
	var compte any
	if e.CompteID != 0 {
		compte = e.CompteID
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err = s.q.ExecContext(ctx, `INSERT INTO journal (at, compte_id, email, role, ip, action, objet_type, objet_id, academie, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		utc(e.At), compte, e.Email, e.Role, e.IP, e.Action, e.ObjetType, e.ObjetID, e.Academie, e.Detail)
	if err != nil {
		return fmt.Errorf("journal : %w", err)
	}
	return nil
}

// JournalFilter narrows the log; Scope limits it to an académie.
type JournalFilter struct {
	Scope  model.Scope
	Action string
	Email  string // actor
	Depuis time.Time
	Limit  int
	Offset int
}

func journalWhere(c *conds, f JournalFilter) {
	switch {
	case f.Scope.National:
	case f.Scope.Academie != "":
		c.add("academie = ?", f.Scope.Academie)
	default:
		c.add("1 = 0")
	}
	if f.Action != "" {
		c.add("action = ?", f.Action)
	}
	if f.Email != "" {
		c.add("email LIKE ?", "%"+strings.ToLower(f.Email)+"%")
	}
	if !f.Depuis.IsZero() {
		c.add("at >= ?", utc(f.Depuis))
	}
}

const journalColumns = `id, at, COALESCE(compte_id, 0), email, role, ip, action, objet_type, objet_id, academie, detail`

func scanEntree(rows *sql.Rows) (Entree, error) {
	var e Entree
	err := rows.Scan(&e.ID, &e.At, &e.CompteID, &e.Email, &e.Role, &e.IP, &e.Action, &e.ObjetType, &e.ObjetID, &e.Academie, &e.Detail)
	return e, err
}

// ListJournal returns the newest entries first, and the total.
func (s *Store) ListJournal(ctx context.Context, f JournalFilter) (_ []Entree, _ int, err error) {
	defer wrap(&err, "ListJournal")
	var c conds
	journalWhere(&c, f)
	w, args := c.sql()
	var total int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM journal WHERE `+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	lim, args := c.page(f.Limit, f.Offset)
	rows, err := s.q.QueryContext(ctx, `SELECT `+journalColumns+` FROM journal WHERE `+w+` ORDER BY id DESC`+lim, args...)
	if err != nil {
		return nil, 0, err
	}
	list, err := collect(rows, scanEntree)
	return list, total, err
}
