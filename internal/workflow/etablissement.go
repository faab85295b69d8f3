package workflow

import (
	"context"
	"fmt"
	"io"

	"cee/internal/importer"
	"cee/internal/store"
)

// ImportEtablissementsOptions drive an import of the Annuaire de
// l'éducation.
type ImportEtablissementsOptions struct {
	DryRun bool // count only, write nothing
	Actor  Actor
	// Progress, when set, is called as the schools are written.
	Progress func(done, total int)
	// Garder, when set, keeps only some lines (a pilote's académie); the
	// others are counted in Ecartes.
	Garder importer.Garder
}

// ImportEtablissementsResult counts what an import of the Annuaire did (or
// would do, for a dry run). Its String is the one of every import:
// « importés: N, mis à jour: M, inchangés: U, rejetés: R ».
type ImportEtablissementsResult struct {
	ImportResult
	// Lues counts the data lines of the file; Ignores those of kinds the
	// network does not serve (écoles, services, médico-social…), which are
	// neither imported nor rejected.
	Lues, Ignores int
	// Ecartes counts the lines set aside by Garder, part of Lues.
	Ecartes int
	// Encodage is the encoding the file was read in.
	Encodage importer.Encodage
}

// ImportEtablissements reads a file of the Annuaire de l'éducation from r
// and writes its valid lines in one transaction. Unlike the register of CEE,
// the valid lines are written even when others are rejected: the national
// open data always holds a few bad lines that the académie cannot fix, and
// holding back 70,000 schools for them would help no one. The rejected lines
// are in the result, with their line, column and reason.
//
// The command line and the upload page both call it, so a file gives the
// same result either way. A problem of the whole file is an
// importer.ErreurFichier.
func ImportEtablissements(ctx context.Context, s *store.Store, r io.Reader, o ImportEtablissementsOptions) (ImportEtablissementsResult, error) {
	var res ImportEtablissementsResult
	an, err := importer.LireAnnuaireFiltre(r, o.Garder)
	if err != nil {
		return res, err
	}
	res.Lues, res.Ignores, res.Ecartes, res.Encodage = an.Lues, an.Ignorees, an.Ecartees, an.Encodage
	res.Rejetes, res.Erreurs = an.Rejetees(), an.Erreurs
	err = s.InTx(ctx, func(tx *store.Store) error {
		b, err := tx.ImportEtablissements(ctx, an.Etablissements, store.ImportEtablissementsOptions{DryRun: o.DryRun, Progress: o.Progress})
		if err != nil {
			return err
		}
		res.Importes, res.MisAJour, res.Inchanges = b.Nouveaux, b.Modifies, b.Inchanges
		if o.DryRun {
			return nil
		}
		academie := ""
		for i, e := range an.Etablissements {
			if i == 0 {
				academie = e.Academie
			} else if e.Academie != academie {
				academie = "" // several académies: a national import
				break
			}
		}
		return tx.Audit(ctx, store.Entree{CompteID: o.Actor.Compte.ID, Email: o.Actor.Compte.Email, Role: string(o.Actor.P.H.Role),
			IP: o.Actor.IP, Action: store.AuditImport, ObjetType: "etablissements", Academie: academie,
			Detail: fmt.Sprintf("%s, ignorés: %d", res.String(), res.Ignores)})
	})
	if err != nil {
		res.Importes, res.MisAJour, res.Inchanges = 0, 0, 0
		return res, err
	}
	res.Ecrit = !o.DryRun
	// The national Annuaire is 70,000 schools: the planner's statistics at
	// once rather than at autovacuum's next pass (see store.Analyze).
	if res.Ecrit && res.Importes+res.MisAJour > 1000 {
		if err := s.Analyze(ctx, "etablissements"); err != nil {
			return res, err
		}
	}
	return res, nil
}
