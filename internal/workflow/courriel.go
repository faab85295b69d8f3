package workflow

import (
	"context"
	"time"

	"cee/internal/auth"
	"cee/internal/job"
	"cee/internal/mail"
	"cee/internal/store"
)

// envoyerCourriel renders a message and queues it in tx (job.Mail, the one
// way to build a mail job): the mail goes out only if the change that
// causes it commits.
func envoyerCourriel(ctx context.Context, tx *store.Store, template, to string, data any, priority int) error {
	m, err := mail.Render(template, []string{to}, data)
	if err != nil {
		return err
	}
	_, err = tx.EnqueueJob(ctx, job.Mail(m, priority))
	return err
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
	return envoyerCourriel(ctx, tx, template, to, mail.LienData{URL: baseURL + path + tok, ExpiresAt: j.ExpiresAt}, store.PriorityInteractive)
}
