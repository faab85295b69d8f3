package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
)

// PropositionsResult is what a spreadsheet of candidates gave: how many
// candidates are (or, before the confirmation, would be) proposed, and
// every rejected line.
type PropositionsResult struct {
	Proposes int
	Erreurs  []importer.Erreur
	Ecrit    bool
}

// VerifierPropositions checks every line of a spreadsheet of candidates as
// ProposerFichier would propose them, and writes nothing: the person reads
// how many candidatures will leave and which lines are refused before
// confirming that count (issue 18 item 3).
func VerifierPropositions(ctx context.Context, s *store.Store, a Actor, baseURL string, rap importer.Rapport, mission string) (PropositionsResult, error) {
	return propositions(ctx, s, a, baseURL, rap, mission, func(int) error { return errRollback })
}

// ProposerFichier proposes to the recteur every valid candidate of a
// spreadsheet (read by importer.Lire, the register import's reader: same
// columns, same line-by-line report) for the actor's organisation, with
// one mission, in one transaction. Each line stands alone: a line rejected
// by the reader or by the rules (a candidate whose designation is under
// way, an invalid field) is reported with its number and the others are
// proposed. confirme is the count the person read (VerifierPropositions):
// when the file now gives another, nothing is written and the error is
// ErrDecompte, the result carrying the new numbers.
func ProposerFichier(ctx context.Context, s *store.Store, a Actor, baseURL string, rap importer.Rapport, mission string, confirme int) (PropositionsResult, error) {
	return propositions(ctx, s, a, baseURL, rap, mission, func(n int) error { return Decompte("candidatures", confirme, n) })
}

// propositions proposes the valid lines of rap in one transaction, kept
// when fin, given their count, returns nil.
func propositions(ctx context.Context, s *store.Store, a Actor, baseURL string, rap importer.Rapport, mission string, fin func(int) error) (PropositionsResult, error) {
	res := PropositionsResult{Erreurs: rap.Erreurs}
	orgID, ok := policy.OrganisationDe(a.P)
	if !ok {
		return res, model.Refus("seul le référent d'une organisation propose des candidats par fichier")
	}
	mission = strings.TrimSpace(mission)
	if mission == "" {
		return res, model.Invalide("mission", "Décrivez la mission proposée (D.331-67).")
	}
	errs := map[string]string{}
	model.VerifierLongueurs(errs, model.Longueur{Cle: "mission", Libelle: "La mission", Valeur: mission, Max: model.LongueurTexte})
	if msg := errs["mission"]; msg != "" {
		return res, model.Invalide("mission", msg)
	}
	if len(rap.Lignes) == 0 && len(rap.Erreurs) == 0 {
		return res, model.Invalide("fichier", "Le fichier ne contient aucun candidat.")
	}
	err := s.InTx(ctx, func(tx *store.Store) error {
		for _, l := range rap.Lignes {
			c := conseillerOf(l, a.P.H.Academie)
			c.OrganisationID = orgID
			for champ, msg := range c.Errors() {
				res.Erreurs = append(res.Erreurs, importer.Erreur{Ligne: l.Numero, Colonne: rap.Colonnes[strings.ToUpper(champ[:1])+champ[1:]], Message: msg})
			}
			if len(c.Errors()) > 0 {
				continue
			}
			// proposer refuses before writing: a refused line leaves
			// nothing behind while the others are kept.
			if _, err := proposer(ctx, tx, a, baseURL, c, mission); err != nil {
				var e *model.Erreur
				if !errors.As(err, &e) {
					return err
				}
				res.Erreurs = append(res.Erreurs, importer.Erreur{Ligne: l.Numero, Message: fmt.Sprintf("%s %s : %s", c.Prenom, c.Nom, e.Message)})
				continue
			}
			res.Proposes++
		}
		slices.SortStableFunc(res.Erreurs, func(x, y importer.Erreur) int { return x.Ligne - y.Ligne })
		return fin(res.Proposes)
	})
	if errors.Is(err, errRollback) {
		return res, nil
	}
	res.Ecrit = err == nil
	return res, err
}
