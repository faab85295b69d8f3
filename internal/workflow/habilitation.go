package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// ErreurHabilitation is a role that may not be granted as asked: its
// message, in French, says what to change.
type ErreurHabilitation struct{ Message string }

func (e ErreurHabilitation) Error() string { return e.Message }

// VerifierHabilitation checks, before any grant, that the record a role is
// scoped to exists and lies in the role's académie (issue 20: a pilote of
// one académie granted « organisation » on another académie's organisation
// and reached its CEE). Every entry that grants a role calls it: the
// invitation form and file, and `cee admin create`. The caller has already
// checked that the granter may give a role in h.Academie (policy.CanGrant).
// It returns h with its Ref normalised (an UAI in capitals).
func VerifierHabilitation(ctx context.Context, s *store.Store, h model.Habilitation) (model.Habilitation, error) {
	if h.Role.Scope() != model.ScopeRef && h.Role.Scope() != model.ScopeUAI {
		return h, nil
	}
	if h.Ref == "" {
		return h, ErreurHabilitation{"Indiquez la fiche du rôle " + h.Role.Label() + " (son identifiant, ou l'UAI d'un établissement)."}
	}
	acad := academieNom(h.Academie)
	ailleurs := func(what, nom, chez string) error {
		return ErreurHabilitation{fmt.Sprintf("%s « %s » n'appartient pas à l'académie de %s (fiche de %s) : choisissez une fiche de l'académie de %s.",
			what, nom, acad, chez, acad)}
	}
	if h.Role.Scope() == model.ScopeUAI {
		uai, ok := refdata.NormalizeUAI(h.Ref)
		if !ok {
			return h, ErreurHabilitation{"UAI invalide : 7 chiffres et une lettre de contrôle, par exemple 0310036W."}
		}
		h.Ref = uai
		e, err := s.GetEtablissement(ctx, uai)
		if errors.Is(err, store.ErrNotFound) {
			return h, ErreurHabilitation{"Aucun établissement connu avec l'UAI " + uai + " : importez l'Annuaire de l'éducation, ou vérifiez le code."}
		} else if err != nil {
			return h, err
		}
		if e.Academie != h.Academie {
			return h, ailleurs("L'établissement", e.Nom, "l'académie de "+academieNom(e.Academie))
		}
		return h, nil
	}
	id, err := strconv.ParseInt(h.Ref, 10, 64)
	if err != nil || id <= 0 {
		return h, ErreurHabilitation{fmt.Sprintf("Fiche %q illisible : indiquez le numéro de la fiche (organisation, campus, conseiller ou professionnel).", h.Ref)}
	}
	h.Ref = strconv.FormatInt(id, 10)
	introuvable := func(aucun string) error {
		return ErreurHabilitation{fmt.Sprintf("%s n° %d : vérifiez le numéro de la fiche.", aucun, id)}
	}
	switch h.Role {
	case model.RoleOrganisation:
		o, err := s.GetOrganisation(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return h, introuvable("Aucune organisation")
		} else if err != nil {
			return h, err
		}
		// An organisation may be active in several académies: its référent
		// in one sees its CEE of that académie only (store.conseillerScope).
		if !slices.Contains(o.Academies, h.Academie) {
			return h, ailleurs("L'organisation", o.Nom, academiesNoms(o.Academies))
		}
	case model.RolePartenaire:
		c, err := s.GetCampus(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return h, introuvable("Aucun campus ni pôle de stage")
		} else if err != nil {
			return h, err
		}
		if c.Academie != h.Academie {
			return h, ailleurs("Le campus", c.Nom, "l'académie de "+academieNom(c.Academie))
		}
	case model.RoleConseiller:
		c, err := s.GetConseillerInScope(ctx, id, model.Scope{National: true})
		if errors.Is(err, store.ErrNotFound) {
			return h, introuvable("Aucun conseiller")
		} else if err != nil {
			return h, err
		}
		if c.Academie != h.Academie {
			return h, ailleurs("Le conseiller", c.NomComplet(), "l'académie de "+academieNom(c.Academie))
		}
	case model.RoleProfessionnel:
		p, err := s.GetProfessionnel(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return h, introuvable("Aucun professionnel")
		} else if err != nil {
			return h, err
		}
		if p.Academie != h.Academie {
			return h, ailleurs("Le professionnel", p.Prenom+" "+p.Nom, "l'académie de "+academieNom(p.Academie))
		}
	default:
		return h, ErreurHabilitation{"Le rôle " + h.Role.Label() + " ne se donne pas sur une fiche."}
	}
	return h, nil
}

func academiesNoms(codes []string) string {
	if len(codes) == 0 {
		return "d'aucune académie"
	}
	out := ""
	for i, c := range codes {
		if i > 0 {
			out += ", "
		}
		out += "l'académie de " + academieNom(c)
	}
	return out
}

// AcceptationRequise tells whether a role granted by p to the existing
// account c must wait for the account holder's acceptance (issue 20): when
// c holds a role outside p's académie (another académie's, or a national
// one). Attaching it at once would bring the whole account into p's scope
// (its page, its suspension). An admin, who reaches every account, grants at
// once; so does anyone to an account without any role or whose roles all
// lie in their académie.
func AcceptationRequise(p model.Principal, c model.Compte) bool {
	if p.H.Role.Scope() == model.ScopeNational {
		return false
	}
	for _, h := range c.Habilitations {
		if h.Academie != p.H.Academie {
			return true
		}
	}
	return false
}
