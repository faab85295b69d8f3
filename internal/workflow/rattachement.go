package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
)

// ErrRattachementEnAttente: the agent's school and function call for the
// pilote's approval, which their request now waits for.
var ErrRattachementEnAttente = errors.New("rattachement en attente de l'approbation du pilote")

// fonctionCle is how functions are compared: folded, single spaces, so
// that « Chef d'établissement » and « CHEF D'ETABLISSEMENT » are one.
func fonctionCle(f string) string { return strings.Join(strings.Fields(model.Fold(f)), " ") }

// rattacherAgent gives the agent ag the role of the school their identity
// names when its académie's rules let their function onboard, within tx:
// c is their account (zero when none: it is created). It returns the
// account with its roles; ErrAgentInconnu when there is neither an account
// nor a rule that applies; ErrRattachementEnAttente when the rule asks for
// the pilote's approval (the request is recorded).
func rattacherAgent(ctx context.Context, tx *store.Store, n Navigateur, c model.Compte, ag AgentProConnect) (model.Compte, error) {
	inconnu := func() (model.Compte, error) {
		if c.ID == 0 {
			return c, ErrAgentInconnu
		}
		return c, nil
	}
	uai, ok := refdata.NormalizeUAI(ag.UAI)
	fonction := fonctionCle(ag.Fonction)
	if !ok || fonction == "" {
		return inconnu()
	}
	if slices.ContainsFunc(c.Habilitations, func(h model.Habilitation) bool { return h.Role == model.RoleEtablissement && h.Ref == uai }) {
		return c, nil // already theirs
	}
	e, err := tx.GetEtablissement(ctx, uai)
	if errors.Is(err, store.ErrNotFound) || (err == nil && e.Ferme) {
		return inconnu()
	} else if err != nil {
		return c, err
	}
	regle, err := tx.GetRegleRattachement(ctx, e.Academie, fonction)
	if errors.Is(err, store.ErrNotFound) {
		return inconnu()
	} else if err != nil {
		return c, err
	}
	if c.ID == 0 {
		id, err := tx.CreateCompte(ctx, model.Compte{Email: ag.Email, Nom: ag.Nom})
		if err != nil {
			return c, err
		}
		c = model.Compte{ID: id, Email: ag.Email, Nom: ag.Nom}
	}
	h := model.Habilitation{CompteID: c.ID, Role: model.RoleEtablissement, Academie: e.Academie, Ref: uai}
	acteur := n.acteur(c)
	if regle.Approbation {
		if err := tx.AddDemandeRattachement(ctx, store.DemandeRattachement{CompteID: c.ID, UAI: uai, Academie: e.Academie, Fonction: regle.Libelle}); err != nil {
			return c, err
		}
		if err := journaliser(ctx, tx, acteur, store.AuditInvitation, "compte", c.ID, e.Academie,
			fmt.Sprintf("ProConnect : %s (%s) demande le rôle %s, en attente du pilote", ag.Email, regle.Libelle, LibelleHabilitation(h))); err != nil {
			return c, err
		}
		return c, ErrRattachementEnAttente
	}
	if _, err := tx.AddHabilitation(ctx, h); err != nil {
		return c, err
	}
	if err := journaliser(ctx, tx, acteur, store.AuditInvitation, "compte", c.ID, e.Academie,
		fmt.Sprintf("ProConnect : %s (%s) rattaché, %s", ag.Email, regle.Libelle, LibelleHabilitation(h))); err != nil {
		return c, err
	}
	// The new role first: the session opens on the school.
	c, err = tx.GetCompte(ctx, c.ID)
	if err != nil {
		return c, err
	}
	i := slices.IndexFunc(c.Habilitations, func(x model.Habilitation) bool { return x.Role == h.Role && x.Ref == h.Ref })
	if i > 0 {
		c.Habilitations[0], c.Habilitations[i] = c.Habilitations[i], c.Habilitations[0]
	}
	return c, nil
}

// DefinirRegleRattachement adds or replaces the rule of a function in the
// académie (the actor's, or the one an admin chose): agents of its schools
// with this function onboard through ProConnect, with the pilote's
// approval or not.
func DefinirRegleRattachement(ctx context.Context, s *store.Store, a Actor, academie, fonction string, approbation bool) error {
	libelle := strings.Join(strings.Fields(fonction), " ")
	cle := fonctionCle(libelle)
	if cle == "" || len(libelle) > model.LongueurLibelle {
		return ErreurHabilitation{fmt.Sprintf("Indiquez la fonction telle que l'annuaire de l'agent l'écrit (%d caractères au plus), par exemple « Chef d'établissement ».", model.LongueurLibelle)}
	}
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetRegleRattachement(ctx, store.RegleRattachement{Academie: academie, Fonction: cle, Libelle: libelle, Approbation: approbation}); err != nil {
			return err
		}
		mode := "rôle donné à la connexion"
		if approbation {
			mode = "après approbation du pilote"
		}
		return journaliser(ctx, tx, a, store.AuditInvitation, "regle_rattachement", 0, academie, "fonction « "+libelle+" » : "+mode)
	})
}

// RetirerRegleRattachement removes the rule of a function (its key).
func RetirerRegleRattachement(ctx context.Context, s *store.Store, a Actor, academie, fonction string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteRegleRattachement(ctx, academie, fonction); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditInvitation, "regle_rattachement", 0, academie, "fonction « "+fonction+" » retirée")
	})
}

// DeciderRattachement approves or refuses an agent's request d, and mails
// them the answer (with the login page, approved): approved,
// their account gets the school's role. The actor must be able to grant
// it (policy.CanGrant): another académie's request is model.ErrIntrouvable.
func DeciderRattachement(ctx context.Context, s *store.Store, a Actor, baseURL string, d store.DemandeRattachement, approuver bool) error {
	h := model.Habilitation{CompteID: d.CompteID, Role: model.RoleEtablissement, Academie: d.Academie, Ref: d.UAI}
	if !policy.CanGrant(a.P, h) {
		return fmt.Errorf("demande de rattachement %d hors de votre académie : %w", d.ID, model.ErrIntrouvable)
	}
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteDemandeRattachement(ctx, d.ID); err != nil {
			return err
		}
		detail := "rattachement refusé : " + d.Email + ", " + LibelleHabilitation(h)
		if approuver {
			if _, err := tx.AddHabilitation(ctx, h); err != nil {
				return err
			}
			detail = "rattachement approuvé : " + d.Email + " (" + d.Fonction + "), " + LibelleHabilitation(h)
		}
		if err := journaliser(ctx, tx, a, store.AuditInvitation, "compte", d.CompteID, d.Academie, detail); err != nil {
			return err
		}
		// The agent waits for the answer: it is mailed either way.
		return envoyerCourriel(ctx, tx, courriel{modele: "rattachement", to: d.Email, priorite: store.PriorityInteractive,
			data: mail.RattachementData{Approuve: approuver, Role: LibelleHabilitation(h), URL: baseURL + "/connexion"}})
	})
}
