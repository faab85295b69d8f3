package store

import (
	"context"
	"database/sql"
	"time"

	"cee/internal/model"
)

const notificationColumns = `id, compte_id, sujet, texte, lien, created_at, lue_le`

// NotificationFilter selects a person's notifications. The header's counter
// (CountNotifications with NonLues) and the feed's « non lues » list read
// the same condition, so the number on the bell is the length of that list.
type NotificationFilter struct {
	CompteID int64
	NonLues  bool      // unread only
	Depuis   time.Time // created at or after, when set (the digests)
	Limit    int
	Offset   int
}

func (f NotificationFilter) conds() conds {
	var c conds
	c.add(`compte_id = ?`, f.CompteID)
	if f.NonLues {
		// notifications_non_lues is a partial index on exactly this.
		c.add(`lue_le IS NULL`)
	}
	if !f.Depuis.IsZero() {
		c.add(`created_at >= ?`, utc(f.Depuis))
	}
	return c
}

// AddNotification writes n for the account whose address is email, if
// there is one (a contact without an account is only mailed); call it in
// the transaction of the change it tells of.
func (s *Store) AddNotification(ctx context.Context, email string, n model.Notification) (err error) {
	defer wrap(&err, "AddNotification %s", email)
	if n.CreatedAt.IsZero() {
		n.CreatedAt = time.Now()
	}
	_, err = s.q.ExecContext(ctx, `INSERT INTO notifications (compte_id, sujet, texte, lien, created_at)
		SELECT id, $2, $3, $4, $5 FROM comptes WHERE email = $1 AND statut <> $6`,
		email, string(n.Sujet), n.Texte, n.Lien, utc(n.CreatedAt), string(model.CompteSuspendu))
	return err
}

// CountNotifications counts the notifications f selects: with NonLues, the
// header's counter (one count on an index).
func (s *Store) CountNotifications(ctx context.Context, f NotificationFilter) (n int, err error) {
	defer wrap(&err, "CountNotifications %d", f.CompteID)
	c := f.conds()
	where, args := c.sql()
	err = s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE `+where, args...).Scan(&n)
	return n, err
}

// ListNotifications returns one page of the notifications f selects, the
// newest first, and their total.
func (s *Store) ListNotifications(ctx context.Context, f NotificationFilter) (_ []model.Notification, total int, err error) {
	defer wrap(&err, "ListNotifications %d", f.CompteID)
	if total, err = s.CountNotifications(ctx, f); err != nil || total == 0 {
		return nil, total, err
	}
	c := f.conds()
	where, _ := c.sql()
	page, args := c.page(f.Limit, f.Offset)
	rows, err := s.q.QueryContext(ctx, `SELECT `+notificationColumns+` FROM notifications WHERE `+where+
		` ORDER BY created_at DESC, id DESC`+page, args...)
	if err != nil {
		return nil, 0, err
	}
	list, err := collect(rows, scanNotification)
	return list, total, err
}

// GetNotification returns one of a person's notifications; another's is
// ErrNotFound.
func (s *Store) GetNotification(ctx context.Context, compteID, id int64) (_ model.Notification, err error) {
	defer wrap(&err, "GetNotification %d/%d", compteID, id)
	rows, err := s.q.QueryContext(ctx, `SELECT `+notificationColumns+` FROM notifications WHERE id = $1 AND compte_id = $2`, id, compteID)
	if err != nil {
		return model.Notification{}, err
	}
	list, err := collect(rows, scanNotification)
	if err == nil && len(list) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return model.Notification{}, err
	}
	return list[0], nil
}

// MarkNotificationsLues marks read the person's unread notifications: one
// (id) or, with id 0, all of them. It returns how many it marked.
func (s *Store) MarkNotificationsLues(ctx context.Context, compteID, id int64, now time.Time) (n int64, err error) {
	defer wrap(&err, "MarkNotificationsLues %d/%d", compteID, id)
	c := NotificationFilter{CompteID: compteID, NonLues: true}.conds()
	if id != 0 {
		c.add(`id = ?`, id)
	}
	set := c.arg(utc(now))
	where, args := c.sql()
	res, err := s.q.ExecContext(ctx, `UPDATE notifications SET lue_le = `+set+` WHERE `+where, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// ListComptesResume returns the active accounts that chose a digest.
func (s *Store) ListComptesResume(ctx context.Context) (_ []model.Compte, err error) {
	defer wrap(&err, "ListComptesResume")
	rows, err := s.q.QueryContext(ctx, `SELECT `+compteColumns+` FROM comptes WHERE resume <> '' AND statut = $1 ORDER BY id`, string(model.CompteActif))
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r *sql.Rows) (model.Compte, error) { return scanCompte(r) })
}

func scanNotification(rows *sql.Rows) (model.Notification, error) {
	var n model.Notification
	var sujet string
	var lue sql.NullTime
	err := rows.Scan(&n.ID, &n.CompteID, &sujet, &n.Texte, &n.Lien, &n.CreatedAt, &lue)
	n.Sujet = model.SujetNotification(sujet)
	if lue.Valid {
		t := lue.Time
		n.LueLe = &t
	}
	return n, err
}
