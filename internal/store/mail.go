package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Mail is an e-mail kept in the database instead of being sent: the dev
// mailbox of --dev and --demo, where a person trying the application reads
// every message the system sends.
type Mail struct {
	ID         int64
	Recipients []string
	Subject    string
	Text       string
	HTML       string
	// Attachments are loaded by GetMail only: ListMails leaves them nil,
	// so that a page of the list does not read megabytes of files.
	Attachments []MailAttachment
	CreatedAt   time.Time
}

// MailAttachment is a file attached to a message of the dev mailbox.
type MailAttachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

// InsertMail stores a message in the dev mailbox.
func (s *Store) InsertMail(ctx context.Context, m Mail) (_ int64, err error) {
	defer wrap(&err, "InsertMail")
	to, err := json.Marshal(m.Recipients)
	if err != nil {
		return 0, err
	}
	// '' rather than "null" or "[]" when there is nothing: the column's
	// default, which the messages stored before attachments also hold.
	var atts []byte
	if len(m.Attachments) > 0 {
		if atts, err = json.Marshal(m.Attachments); err != nil {
			return 0, err
		}
	}
	var id int64
	err = s.q.QueryRowContext(ctx, `INSERT INTO mails (recipients, subject, text_body, html_body, attachments, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, string(to), m.Subject, m.Text, m.HTML, string(atts), utc(time.Now())).Scan(&id)
	return id, err
}

// ListMails returns the newest messages first.
func (s *Store) ListMails(ctx context.Context, limit, offset int) (_ []Mail, _ int, err error) {
	defer wrap(&err, "ListMails %d", limit)
	var total int
	if err := s.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM mails`).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.q.QueryContext(ctx, `SELECT id, recipients, subject, text_body, html_body, '', created_at
		FROM mails ORDER BY id DESC LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Mail
	for rows.Next() {
		m, err := scanMail(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

// GetMail returns one message of the dev mailbox.
func (s *Store) GetMail(ctx context.Context, id int64) (_ Mail, err error) {
	defer wrap(&err, "GetMail %d", id)
	rows, err := s.q.QueryContext(ctx, `SELECT id, recipients, subject, text_body, html_body, attachments, created_at
		FROM mails WHERE id = $1`, id)
	if err != nil {
		return Mail{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Mail{}, err
		}
		return Mail{}, ErrNotFound
	}
	return scanMail(rows)
}

// PurgeMails deletes dev-mailbox messages older than cutoff.
func (s *Store) PurgeMails(ctx context.Context, cutoff time.Time) (_ int64, err error) {
	defer wrap(&err, "PurgeMails")
	res, err := s.q.ExecContext(ctx, `DELETE FROM mails WHERE created_at < $1`, utc(cutoff))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

type scanner interface{ Scan(dest ...any) error }

func scanMail(r scanner) (Mail, error) {
	var m Mail
	var to, atts string
	if err := r.Scan(&m.ID, &to, &m.Subject, &m.Text, &m.HTML, &atts, &m.CreatedAt); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(to), &m.Recipients); err != nil {
		return m, err
	}
	if atts != "" {
		if err := json.Unmarshal([]byte(atts), &m.Attachments); err != nil {
			return m, fmt.Errorf("pièces jointes du courriel %d : %w", m.ID, err)
		}
	}
	return m, nil
}
