package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/policy"
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
// It returns h with its Ref normalised (an UAI in capitals, a département's
// INSEE code, the name of the académie's région académique).
func VerifierHabilitation(ctx context.Context, s *store.Store, h model.Habilitation) (model.Habilitation, error) {
	switch h.Role.Scope() {
	case model.ScopeDepartement, model.ScopeRegion:
		return verifierTerritoire(h)
	case model.ScopeRef, model.ScopeUAI:
	default:
		return h, nil
	}
	if h.Ref == "" {
		return h, ErreurHabilitation{"Indiquez la fiche du rôle " + h.Role.Label() + " (son identifiant, ou l'UAI d'un établissement)."}
	}
	acad := refdata.LibelleAcademie(h.Academie)
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
			return h, ailleurs("L'établissement", e.Nom, "l'académie "+DeAcademie(e.Academie))
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
	case model.RoleTeteReseau:
		// The head of a network spans académies: any organisation that
		// exists, the académie being where the role is filed.
		if _, err := s.GetOrganisation(ctx, id); errors.Is(err, store.ErrNotFound) {
			return h, introuvable("Aucune organisation")
		} else if err != nil {
			return h, err
		}
	case model.RolePartenaire:
		c, err := s.GetCampus(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return h, introuvable("Aucun campus, pôle de stage ni lycée des métiers")
		} else if err != nil {
			return h, err
		}
		if c.Academie != h.Academie {
			return h, ailleurs("L'unité", c.Nom, "l'académie "+DeAcademie(c.Academie))
		}
	case model.RoleConseiller:
		c, err := s.GetConseillerInScope(ctx, id, model.Scope{National: true})
		if errors.Is(err, store.ErrNotFound) {
			return h, introuvable("Aucun conseiller")
		} else if err != nil {
			return h, err
		}
		if c.Academie != h.Academie {
			return h, ailleurs("Le conseiller", c.NomComplet(), "l'académie "+DeAcademie(c.Academie))
		}
	case model.RoleProfessionnel:
		p, err := s.GetProfessionnel(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return h, introuvable("Aucun professionnel")
		} else if err != nil {
			return h, err
		}
		if p.Academie != h.Academie {
			return h, ailleurs("Le professionnel", p.Prenom+" "+p.Nom, "l'académie "+DeAcademie(p.Academie))
		}
	default:
		return h, ErreurHabilitation{"Le rôle " + h.Role.Label() + " ne se donne pas sur une fiche."}
	}
	return h, nil
}

// verifierTerritoire checks the territory of a département's or a région
// académique's reader: a département of the role's académie (« 31 », « 031 »
// read as 31), or the région académique of that académie, which is filled
// in when it is not given.
func verifierTerritoire(h model.Habilitation) (model.Habilitation, error) {
	a, ok := refdata.AcademieByCode(h.Academie)
	if !ok {
		return h, ErreurHabilitation{fmt.Sprintf("Académie %q inconnue : choisissez l'académie du rôle %s.", h.Academie, h.Role.Label())}
	}
	if h.Role.Scope() == model.ScopeRegion {
		if h.Ref != "" && h.Ref != a.RegionAcademique {
			return h, ErreurHabilitation{fmt.Sprintf("L'académie de %s est dans la région académique %s, pas %s : laissez la région vide ou choisissez une de ses académies.",
				a.Nom, a.RegionAcademique, h.Ref)}
		}
		h.Ref = a.RegionAcademique
		return h, nil
	}
	if h.Ref == "" {
		return h, ErreurHabilitation{"Indiquez le département du rôle " + h.Role.Label() + " (son code, par exemple 31)."}
	}
	d, ok := refdata.DepartementByCode(h.Ref)
	if !ok {
		return h, ErreurHabilitation{fmt.Sprintf("Département %q inconnu : indiquez son code INSEE, par exemple 31 ou 2A.", h.Ref)}
	}
	if d.Academie != a.Code {
		return h, ErreurHabilitation{fmt.Sprintf("Le département %s (%s) n'appartient pas à l'académie de %s (il est de l'académie de %s) : choisissez un département de l'académie de %s.",
			d.Nom, d.Code, a.Nom, refdata.LibelleAcademie(d.Academie), a.Nom)}
	}
	h.Ref = d.Code
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
		out += "l'académie " + DeAcademie(c)
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

// LibelleHabilitation names a role with its scope: « Pilote académique —
// académie de Toulouse ».
func LibelleHabilitation(h model.Habilitation) string {
	switch h.Role.Scope() {
	case model.ScopeNational:
		return h.Role.Label() + " — national"
	case model.ScopeAcademie:
		return h.Role.Label() + " — académie " + DeAcademie(h.Academie)
	case model.ScopeUAI:
		return h.Role.Label() + " — " + h.Ref + " (académie " + DeAcademie(h.Academie) + ")"
	case model.ScopeDepartement:
		return h.Role.Label() + " — " + LibelleDepartement(h.Ref)
	case model.ScopeRegion:
		return h.Role.Label() + " — " + h.Ref
	}
	return h.Role.Label() + " — " + h.Ref + " (académie " + DeAcademie(h.Academie) + ")"
}

// InviterCompte gives the role h to the account of email, created when missing
// (named nom), and mails it the invitation link, valid for ttl; it tells
// whether the role waits for the person's acceptance.
//
// The role's record must exist in the role's académie (VerifierHabilitation:
// an ErreurHabilitation otherwise). An existing account holding a role
// outside the inviter's académie does not get the role at once: it is
// offered, and the invitation link accepts it (AcceptationRequise).
func InviterCompte(ctx context.Context, s *store.Store, a Actor, baseURL, email, nom string, h model.Habilitation, ttl time.Duration) (enAttente bool, err error) {
	err = s.InTx(ctx, func(tx *store.Store) error {
		enAttente, err = inviterCompte(ctx, tx, a, baseURL, email, nom, h, ttl, nil)
		return err
	})
	return enAttente, err
}

// inviterCompte is InviterCompte within the caller's transaction tx; the
// message names suggestions, the CEE offered for a first action, when
// there are some (InviterEquipe).
func inviterCompte(ctx context.Context, tx *store.Store, a Actor, baseURL, email, nom string, h model.Habilitation, ttl time.Duration, suggestions []string) (enAttente bool, err error) {
	if h, err = VerifierHabilitation(ctx, tx, h); err != nil {
		return false, err
	}
	c, err := tx.GetCompteByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		id, err := tx.CreateCompte(ctx, model.Compte{Email: email, Nom: strings.TrimSpace(nom)})
		if err != nil {
			return false, err
		}
		c = model.Compte{ID: id, Email: email}
	} else if err != nil {
		return false, err
	}
	h.CompteID = c.ID
	enAttente = AcceptationRequise(a.P, c)
	tok, hash, err := auth.NewToken()
	if err != nil {
		return false, err
	}
	exp := time.Now().Add(ttl)
	if err := tx.CreateJeton(ctx, store.Jeton{Hash: hash, Kind: store.JetonInvitation, CompteID: c.ID, ExpiresAt: exp}); err != nil {
		return false, err
	}
	detail := email + " : " + LibelleHabilitation(h)
	if enAttente {
		if _, err := tx.AddHabilitationEnAttente(ctx, store.HabilitationEnAttente{H: h, InviteurID: a.Compte.ID, JetonHash: hash, ExpiresAt: exp}); err != nil {
			return false, err
		}
		detail += " (compte d'une autre académie : en attente de son acceptation)"
	} else if _, err := tx.AddHabilitation(ctx, h); err != nil {
		return false, err
	}
	inviteur := a.Compte.Nom
	if inviteur == "" {
		inviteur = a.Compte.Email
	}
	if len(suggestions) > 0 {
		detail += " ; CEE proposés : " + strings.Join(suggestions, ", ")
	}
	if err := journaliser(ctx, tx, a, store.AuditInvitation, "compte", c.ID, h.Academie, detail); err != nil {
		return false, err
	}
	return enAttente, envoyerCourriel(ctx, tx, courriel{modele: "invitation", to: email, data: mail.InvitationData{URL: baseURL + "/invitation/" + tok,
		Inviteur: inviteur, Role: LibelleHabilitation(h), ExpiresAt: exp, Suggestions: suggestions}, priorite: store.PriorityInteractive})
}

// RetirerReferent takes the role of référent of the actor's organisation
// from the account compteID (not the actor's own), with a journal line:
// an organisation manages its own référents.
func RetirerReferent(ctx context.Context, s *store.Store, a Actor, compteID int64) error {
	orgID, ok := policy.OrganisationDe(a.P)
	if !ok {
		return model.Refus("seul un référent d'organisation retire un référent de son organisation")
	}
	if compteID == a.Compte.ID {
		return model.Refus("vous ne pouvez pas retirer votre propre rôle : demandez-le à un autre référent ou à la mission école-entreprise")
	}
	h := model.Habilitation{CompteID: compteID, Role: model.RoleOrganisation, Academie: a.P.H.Academie, Ref: strconv.FormatInt(orgID, 10)}
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.RemoveHabilitation(ctx, h); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditInvitation, "compte", compteID, h.Academie, "rôle retiré : "+LibelleHabilitation(h))
	})
}

// ChangerStatutCompte suspends or reactivates the account c (not the
// actor's own: checked by the caller); a suspension also ends its
// sessions. academie is the académie of the journal line.
func ChangerStatutCompte(ctx context.Context, s *store.Store, a Actor, c model.Compte, st model.StatutCompte, academie string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetCompteStatut(ctx, c.ID, st); err != nil {
			return err
		}
		if st == model.CompteSuspendu {
			if _, err := tx.DeleteSessionsOf(ctx, c.ID); err != nil {
				return err
			}
		}
		return journaliser(ctx, tx, a, store.AuditStatut, "compte", c.ID, academie, string(st))
	})
}

// ConsulterCompte journals the display of account c with its contact
// details; academie is the académie of the journal line.
func ConsulterCompte(ctx context.Context, s *store.Store, a Actor, c model.Compte, academie string) error {
	return journaliser(ctx, s, a, store.AuditConsultation, "compte", c.ID, academie, c.Email)
}

// ExporterComptes reads the accounts of filter f for a spreadsheet and
// journals the export (it carries contact details).
func ExporterComptes(ctx context.Context, s *store.Store, a Actor, f store.CompteFilter) ([]model.Compte, error) {
	items, _, err := s.ListComptes(ctx, f)
	if err != nil {
		return nil, err
	}
	return items, journaliser(ctx, s, a, store.AuditExport, "comptes", 0, a.P.H.Academie, fmt.Sprintf("%d comptes", len(items)))
}
