package workflow

import (
	"context"
	"time"

	"cee/internal/auth"
	"cee/internal/job"
	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
)

// courriel is one mail to queue: its template and data, one recipient, its
// priority (store.PriorityInteractive for a mail a person waits for or
// acts on, store.PriorityNormal for reminders and digests), its
// attachments, and a deduplication key when a periodic job may queue it
// twice.
type courriel struct {
	modele   string
	to       string
	data     any
	priorite int
	pieces   []mail.Attachment
	dedup    string
	// notif, when set, is also written to the recipient's notification
	// centre (if the address is an account's), in the same transaction.
	notif *model.Notification
}

// envoyerCourriel renders a mail and queues it in tx: the one place the
// workflow queues a mail, always through job.Mail (ordering per recipient,
// one Message-ID across retries). The mail goes out only if the change that
// causes it commits.
func envoyerCourriel(ctx context.Context, tx *store.Store, c courriel) error {
	m, err := mail.Render(c.modele, []string{c.to}, c.data)
	if err != nil {
		return err
	}
	m.Attachments = c.pieces
	j := job.Mail(m, c.priorite)
	if c.dedup != "" {
		j = withDedup(j, c.dedup)
	}
	if _, err = tx.EnqueueJob(ctx, j); err != nil {
		return err
	}
	if c.notif != nil {
		return tx.AddNotification(ctx, c.to, *c.notif)
	}
	return nil
}

// envoyerLien creates a single-use link (j with its hash and expiry set
// here) and queues the mail that carries it, in tx: the link and its mail
// exist together or not at all.
func envoyerLien(ctx context.Context, tx *store.Store, baseURL string, j store.Jeton, ttl time.Duration, template, to, path string) error {
	tok, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	j.Hash, j.ExpiresAt = hash, time.Now().Add(ttl)
	if err := tx.CreateJeton(ctx, j); err != nil {
		return err
	}
	return envoyerCourriel(ctx, tx, courriel{modele: template, to: to, data: mail.LienData{URL: baseURL + path + tok, ExpiresAt: j.ExpiresAt},
		priorite: store.PriorityInteractive})
}
