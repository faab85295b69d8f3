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

const compteColumns = `id, email, nom, statut, password_hash, totp_secret, totp_actif, totp_step, derniere_connexion, created_at, resume`

// CreateCompte creates an account; the e-mail must be normalised already.
// ErrConflict when the address is taken.
func (s *Store) CreateCompte(ctx context.Context, c model.Compte) (_ int64, err error) {
	defer wrap(&err, "CreateCompte")
	now := utc(time.Now())
	if c.Statut == "" {
		c.Statut = model.CompteInvite
	}
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO comptes (email, nom, statut, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4) RETURNING id`, c.Email, c.Nom, string(c.Statut), now).Scan(&id)
	if isUniqueViolation(err) {
		return 0, fmt.Errorf("compte %s : %w", c.Email, ErrConflict)
	}
	return id, err
}

// GetCompte returns an account with its habilitations.
func (s *Store) GetCompte(ctx context.Context, id int64) (_ model.Compte, err error) {
	defer wrap(&err, "GetCompte %d", id)
	return s.getCompte(ctx, `id = $1`, id)
}

// GetCompteByEmail finds an account by its (normalised) address.
func (s *Store) GetCompteByEmail(ctx context.Context, email string) (_ model.Compte, err error) {
	defer wrap(&err, "GetCompteByEmail %s", email)
	return s.getCompte(ctx, `email = $1`, email)
}

func (s *Store) getCompte(ctx context.Context, where string, arg any) (model.Compte, error) {
	c, err := scanCompte(s.q.QueryRowContext(ctx, `SELECT `+compteColumns+` FROM comptes WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, err
	}
	c.Habilitations, err = s.ListHabilitations(ctx, c.ID)
	return c, err
}

// GetCompteInScope returns an account only if one of its roles lies in the
// scope: a pilote asking for an account of another académie gets
// ErrNotFound, exactly as for an id that does not exist.
func (s *Store) GetCompteInScope(ctx context.Context, id int64, sc model.Scope) (_ model.Compte, err error) {
	defer wrap(&err, "GetCompteInScope %d", id)
	var w conds
	w.add("c.id = ?", id)
	scopeCondition(&w, sc)
	cond, args := w.sql()
	var n int
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM comptes c WHERE `+cond, args...).Scan(&n)
	if err != nil {
		return model.Compte{}, err
	}
	if n == 0 {
		return model.Compte{}, ErrNotFound
	}
	return s.GetCompte(ctx, id)
}

// scopeCondition limits comptes c to those holding a role in the scope.
func scopeCondition(w *conds, sc model.Scope) {
	switch {
	case sc.National:
	case sc.UAI != "":
		w.add(`EXISTS (SELECT 1 FROM habilitations h WHERE h.compte_id = c.id AND h.role = 'etablissement' AND h.ref = ?)`, sc.UAI)
	case sc.Academie != "":
		w.add(`EXISTS (SELECT 1 FROM habilitations h WHERE h.compte_id = c.id AND h.academie = ?)`, sc.Academie)
	default:
		w.add("1 = 0")
	}
}

// CompteFilter narrows a list of accounts.
type CompteFilter struct {
	Scope  model.Scope
	Role   model.Role
	Ref    string // with Role: the habilitation's record (an organisation's id…)
	Statut model.StatutCompte
	Q      string // part of the name or address
	Limit  int
	Offset int
}

// ListComptes returns one page of the accounts in scope and the total.
func (s *Store) ListComptes(ctx context.Context, f CompteFilter) (_ []model.Compte, _ int, err error) {
	defer wrap(&err, "ListComptes")
	var c conds
	scopeCondition(&c, f.Scope)
	switch {
	case f.Role != "" && f.Ref != "" && f.Scope.National:
		c.add(`EXISTS (SELECT 1 FROM habilitations r WHERE r.compte_id = c.id AND r.role = ? AND r.ref = ?)`, string(f.Role), f.Ref)
	case f.Role != "" && f.Ref != "":
		// The holders of a record-scoped role in the scope's académie
		// only (issue 20): the référents of an organisation active in
		// two académies, the animators of a campus.
		c.add(`EXISTS (SELECT 1 FROM habilitations r WHERE r.compte_id = c.id AND r.role = ? AND r.ref = ? AND r.academie = ?)`,
			string(f.Role), f.Ref, f.Scope.Academie)
	case f.Role != "":
		c.add(`EXISTS (SELECT 1 FROM habilitations r WHERE r.compte_id = c.id AND r.role = ?)`, string(f.Role))
	}
	if f.Statut != "" {
		c.add(`c.statut = ?`, string(f.Statut))
	}
	if f.Q != "" {
		q := c.arg("%" + strings.ToLower(f.Q) + "%")
		c.add(`(LOWER(c.nom) LIKE ` + q + ` OR c.email LIKE ` + q + `)`)
	}
	w, args := c.sql()
	var total int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM comptes c WHERE `+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	lim, args := c.page(f.Limit, f.Offset)
	rows, err := s.q.QueryContext(ctx, `SELECT c.`+strings.ReplaceAll(compteColumns, ", ", ", c.")+` FROM comptes c WHERE `+w+
		` ORDER BY c.nom, c.email`+lim, args...)
	if err != nil {
		return nil, 0, err
	}
	var out []model.Compte
	for rows.Next() {
		c, err := scanCompte(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if err := s.attachHabilitations(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// attachHabilitations loads the roles of a page of accounts in one query.
func (s *Store) attachHabilitations(ctx context.Context, cs []model.Compte) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]string, len(cs))
	index := map[int64]int{}
	for i, c := range cs {
		ids[i] = fmt.Sprint(c.ID) // integers from our own rows: safe to inline
		index[c.ID] = i
	}
	rows, err := s.q.QueryContext(ctx, `SELECT id, compte_id, role, academie, ref FROM habilitations
		WHERE compte_id IN (`+strings.Join(ids, ",")+`) ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		h, err := scanHabilitation(rows)
		if err != nil {
			return err
		}
		i := index[h.CompteID]
		cs[i].Habilitations = append(cs[i].Habilitations, h)
	}
	return rows.Err()
}

// AddHabilitation gives an account a role; adding one it already has is a
// no-op that returns the existing id.
func (s *Store) AddHabilitation(ctx context.Context, h model.Habilitation) (_ int64, err error) {
	defer wrap(&err, "AddHabilitation")
	if err := h.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO habilitations (compte_id, role, academie, ref, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (compte_id, role, academie, ref) DO UPDATE SET role = excluded.role
		RETURNING id`, h.CompteID, string(h.Role), h.Academie, h.Ref, utc(time.Now())).Scan(&id)
	return id, err
}

// GrantRole gives the account of this address a role, creating the
// account when there is none (a designated CEE, a professional who asks
// for one); it returns the account's id.
func (s *Store) GrantRole(ctx context.Context, email, nom string, h model.Habilitation) (_ int64, err error) {
	defer wrap(&err, "GrantRole %s", email)
	c, err := s.GetCompteByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		c.ID, err = s.CreateCompte(ctx, model.Compte{Email: email, Nom: nom})
	}
	if err != nil {
		return 0, err
	}
	h.CompteID = c.ID
	_, err = s.AddHabilitation(ctx, h)
	return c.ID, err
}

// RemoveHabilitation takes one role from an account; ErrNotFound when the
// account does not hold it.
func (s *Store) RemoveHabilitation(ctx context.Context, h model.Habilitation) (err error) {
	defer wrap(&err, "RemoveHabilitation %d", h.CompteID)
	res, err := s.q.ExecContext(ctx, `DELETE FROM habilitations WHERE compte_id = $1 AND role = $2 AND academie = $3 AND ref = $4`,
		h.CompteID, string(h.Role), h.Academie, h.Ref)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}

// ListHabilitations returns the roles of an account.
func (s *Store) ListHabilitations(ctx context.Context, compteID int64) (_ []model.Habilitation, err error) {
	defer wrap(&err, "ListHabilitations %d", compteID)
	rows, err := s.q.QueryContext(ctx, `SELECT id, compte_id, role, academie, ref FROM habilitations WHERE compte_id = $1 ORDER BY id`, compteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Habilitation
	for rows.Next() {
		h, err := scanHabilitation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// SetCompteStatut changes the state of an account.
func (s *Store) SetCompteStatut(ctx context.Context, id int64, st model.StatutCompte) (err error) {
	defer wrap(&err, "SetCompteStatut %d", id)
	return s.updateCompte(ctx, id, `statut = $2`, string(st))
}

// SetResume records how often the person wants the digest of their unread
// notifications.
func (s *Store) SetResume(ctx context.Context, id int64, f model.FrequenceResume) (err error) {
	defer wrap(&err, "SetResume %d", id)
	return s.updateCompte(ctx, id, "resume = $2", string(f))
}

// SetPassword stores an argon2id hash ("" removes the password).
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) (err error) {
	defer wrap(&err, "SetPassword %d", id)
	return s.updateCompte(ctx, id, `password_hash = $2`, hash)
}

// RehashPassword replaces the hash old by its upgrade new (same password,
// current parameters) after a successful login, unless the password changed
// in between: the login checked old outside any transaction, and a
// password set since must not be overwritten by the previous one.
func (s *Store) RehashPassword(ctx context.Context, id int64, old, new string) error {
	_, err := s.q.ExecContext(ctx, `UPDATE comptes SET password_hash = $3, updated_at = $4 WHERE id = $1 AND password_hash = $2`,
		id, old, new, utc(time.Now()))
	if err != nil {
		return fmt.Errorf("store: mise à jour de l'empreinte du compte %d : %w", id, err)
	}
	return nil
}

// SetTOTP stores the TOTP secret and whether it is confirmed.
func (s *Store) SetTOTP(ctx context.Context, id int64, secret string, actif bool, step int64) (err error) {
	defer wrap(&err, "SetTOTP %d", id)
	return s.updateCompte(ctx, id, `totp_secret = $2, totp_actif = $3, totp_step = $4`, secret, actif, step)
}

// UseTOTPStep records the last accepted TOTP step, refusing a step already
// used (a code replayed within its 30 seconds): false when refused.
func (s *Store) UseTOTPStep(ctx context.Context, id, step int64) (_ bool, err error) {
	defer wrap(&err, "UseTOTPStep %d", id)
	res, err := s.q.ExecContext(ctx, `UPDATE comptes SET totp_step = $2, updated_at = $3 WHERE id = $1 AND totp_step < $2`, id, step, utc(time.Now()))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkLogin records a successful login; an invited account becomes active.
func (s *Store) MarkLogin(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "MarkLogin %d", id)
	now := utc(time.Now())
	_, err = s.q.ExecContext(ctx, `UPDATE comptes SET derniere_connexion = $2, updated_at = $2,
		statut = CASE WHEN statut = 'invite' THEN 'actif' ELSE statut END WHERE id = $1`, id, now)
	return err
}

func (s *Store) updateCompte(ctx context.Context, id int64, set string, args ...any) error {
	all := append([]any{id}, args...)
	all = append(all, utc(time.Now()))
	res, err := s.q.ExecContext(ctx, fmt.Sprintf(`UPDATE comptes SET %s, updated_at = $%d WHERE id = $1`, set, len(all)), all...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

func scanCompte(r scanner) (model.Compte, error) {
	var c model.Compte
	var statut, resume string
	var last sql.NullTime
	err := r.Scan(&c.ID, &c.Email, &c.Nom, &statut, &c.PasswordHash, &c.TOTPSecret, &c.TOTPActif, &c.TOTPStep, &last, &c.CreatedAt, &resume)
	c.Statut, c.Resume = model.StatutCompte(statut), model.FrequenceResume(resume)
	if last.Valid {
		t := last.Time
		c.DerniereConnexion = &t
	}
	return c, err
}

func scanHabilitation(r scanner) (model.Habilitation, error) {
	var h model.Habilitation
	var role string
	err := r.Scan(&h.ID, &h.CompteID, &role, &h.Academie, &h.Ref)
	h.Role = model.Role(role)
	return h, err
}

// SetCalendrierJeton sets the secret of the person's calendar feed ("" to
// stop it): the previous address stops working.
func (s *Store) SetCalendrierJeton(ctx context.Context, id int64, jeton string) (err error) {
	defer wrap(&err, "SetCalendrierJeton %d", id)
	return s.updateCompte(ctx, id, `calendrier_jeton = $2`, jeton)
}

// CalendrierJeton is the secret of the person's calendar feed, "" when
// they have none.
func (s *Store) CalendrierJeton(ctx context.Context, id int64) (_ string, err error) {
	defer wrap(&err, "CalendrierJeton %d", id)
	var j string
	err = s.q.QueryRowContext(ctx, `SELECT calendrier_jeton FROM comptes WHERE id = $1`, id).Scan(&j)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return j, err
}

// CompteByCalendrierJeton returns the active account whose calendar feed
// has this secret: ErrNotFound for an unknown, renewed or empty one.
func (s *Store) CompteByCalendrierJeton(ctx context.Context, jeton string) (_ model.Compte, err error) {
	defer wrap(&err, "CompteByCalendrierJeton")
	var id int64
	err = s.q.QueryRowContext(ctx, `SELECT id FROM comptes WHERE calendrier_jeton = $1 AND calendrier_jeton <> '' AND statut = 'actif'`, jeton).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return model.Compte{}, ErrNotFound
	}
	if err != nil {
		return model.Compte{}, err
	}
	return s.GetCompte(ctx, id)
}
