package workflow

import (
	"context"
	"time"

	"cee/internal/store"
)

// Export is the journal line of a document the actor downloads: what it is
// about (objet type and id, 0 for none), its académie and a description.
type Export struct {
	ObjetType string
	ID        int64
	Academie  string
	Detail    string
}

// JournaliserExport journals the download of a document built from data
// the actor has just read (an arrêté, an attestation, a jury list, a
// dashboard): every export of personal data is traceable. The handler
// calls it once the document is built, and sends nothing if it fails.
func JournaliserExport(ctx context.Context, s *store.Store, a Actor, e Export) error {
	return journaliser(ctx, s, a, store.AuditExport, e.ObjetType, e.ID, e.Academie, e.Detail)
}

// ExporterDonnees reads everything held about person p for a download
// (format json or pdf) and journals it on the person's record: the export
// is itself data about them, and an export by a pilote must be traceable.
func ExporterDonnees(ctx context.Context, s *store.Store, a Actor, p store.Personne, detail, format string) ([]store.Section, error) {
	secs, err := s.DonneesPersonne(ctx, p)
	if err != nil {
		return nil, err
	}
	objet, id := "compte", p.CompteID
	switch {
	case p.ConseillerID != 0:
		objet, id = "conseiller", p.ConseillerID
	case p.ProfessionnelID != 0:
		objet, id = "professionnel", p.ProfessionnelID
	}
	return secs, journaliser(ctx, s, a, store.AuditExport, objet, id, p.Academie, detail+" ("+format+")")
}

// EnvoyerLienDonnees mails to address the link, valid for ttl, where a
// person reads and downloads their data; payload names the person.
func EnvoyerLienDonnees(ctx context.Context, s *store.Store, baseURL string, payload []byte, ttl time.Duration, address string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		return envoyerLien(ctx, tx, baseURL, store.Jeton{Kind: store.JetonDonnees, Payload: payload}, ttl, "donnees", address, "/mes-donnees/")
	})
}
