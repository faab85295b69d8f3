package workflow

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
)

// Prononcer pronounces the arrêté designating one CEE whose candidature is
// instructed, or renewing one whose mandate runs: the designation moves,
// a mandate is added to the CEE's history (never rewritten), with a journal
// line and the e-mails, in one transaction. derogation is the pilote's
// reason to go on without a convention in force ("" for none).
func Prononcer(ctx context.Context, s *store.Store, a Actor, baseURL string, conseillerID int64, arr model.Arrete, derogation string) (model.Designation, error) {
	if errs := arr.Errors(); len(errs) > 0 {
		return model.Designation{}, model.Invalide("", premiereErreur(errs))
	}
	var out model.Designation
	err := s.InTx(ctx, func(tx *store.Store) error {
		c, err := tx.GetConseillerInScope(ctx, conseillerID, policy.ScopeOf(a.P))
		if err != nil {
			return err
		}
		if err := arreteLibre(ctx, tx, c.Academie, arr); err != nil {
			return err
		}
		out, err = prononcer(ctx, tx, a, baseURL, c, arr, derogation, false)
		return err
	})
	return out, err
}

// errApercu ends the transaction of ApercuCollectif: everything was
// checked and counted, nothing is kept.
var errApercu = errors.New("aperçu d'un arrêté collectif")

// ApercuCollectif is what PrononcerCollectif would do now, done in a
// transaction rolled back: the same refusals, and how many people it would
// designate and renew, for the confirmation step (issue 18, item 3).
func ApercuCollectif(ctx context.Context, s *store.Store, a Actor, ids []int64, arr model.Arrete, derogation string) (designes, renouveles int, err error) {
	designes, renouveles, err = collectif(ctx, s, a, "", ids, arr, derogation, func(int) error { return errApercu })
	if errors.Is(err, errApercu) {
		err = nil
	}
	return designes, renouveles, err
}

// PrononcerCollectif pronounces one collective arrêté (common number, date
// and first day) designating or renewing every CEE of ids, with each one's
// e-mails. One CEE that cannot be designated refuses the whole batch with a
// message naming the person, and nothing is written. It returns how many
// were designated and how many renewed.
// confirme is the number of people the pilote confirmed (ApercuCollectif):
// another number now refuses with ErrDecompte, and nothing is pronounced.
func PrononcerCollectif(ctx context.Context, s *store.Store, a Actor, baseURL string, ids []int64, arr model.Arrete, derogation string, confirme int) (designes, renouveles int, err error) {
	return collectif(ctx, s, a, baseURL, ids, arr, derogation, func(n int) error { return Decompte("personnes nommées", confirme, n) })
}

// collectif pronounces the arrêté in a transaction that fin, given the
// number of people named, may refuse before it commits.
func collectif(ctx context.Context, s *store.Store, a Actor, baseURL string, ids []int64, arr model.Arrete, derogation string, fin func(n int) error) (designes, renouveles int, err error) {
	if errs := arr.Errors(); len(errs) > 0 {
		return 0, 0, model.Invalide("", premiereErreur(errs))
	}
	if len(ids) == 0 {
		return 0, 0, model.Invalide("conseillers", "Cochez au moins un conseiller.")
	}
	err = s.InTx(ctx, func(tx *store.Store) error {
		designes, renouveles = 0, 0
		seen := map[int64]bool{}
		academie := ""
		for i, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			c, err := tx.GetConseillerInScope(ctx, id, policy.ScopeOf(a.P))
			if errors.Is(err, store.ErrNotFound) {
				return model.Refus(fmt.Sprintf("Ligne %d : ce conseiller n'existe pas ou n'est pas dans votre périmètre.", i+1))
			}
			if err != nil {
				return err
			}
			switch {
			case academie == "":
				academie = c.Academie
				if err := arreteLibre(ctx, tx, academie, arr); err != nil {
					return err
				}
			case c.Academie != academie:
				return model.Refus(fmt.Sprintf("%s relève d'une autre académie : un arrêté collectif ne vaut que pour une académie.", c.NomComplet()))
			}
			d, err := prononcer(ctx, tx, a, baseURL, c, arr, derogation, true)
			if err != nil {
				return err
			}
			if d.Etat == model.DesignationActive {
				renouveles++
			} else {
				designes++
			}
		}
		return fin(designes + renouveles)
	})
	if err != nil && !errors.Is(err, errApercu) {
		return 0, 0, err
	}
	return designes, renouveles, err
}

// premiereErreur is the first message of a form's errors, in a stable order.
func premiereErreur(errs map[string]string) string {
	for _, k := range []string{"numero", "date_arrete", "debut"} {
		if m := errs[k]; m != "" {
			return m
		}
	}
	for _, m := range errs {
		return m
	}
	return ""
}

// arreteLibre records the arrêté's number in the académie, and refuses a
// number already given to another arrêté: a number names one act (the
// database holds it unique, store.ReserverArrete).
func arreteLibre(ctx context.Context, tx *store.Store, academie string, arr model.Arrete) error {
	date, err := tx.ReserverArrete(ctx, academie, arr.Numero, model.JourDe(arr.Date))
	if errors.Is(err, store.ErrConflict) {
		return model.ArreteDejaUtilise(arr.Numero, date)
	}
	return err
}

// prononcer applies the arrêté to one CEE inside tx.
func prononcer(ctx context.Context, tx *store.Store, a Actor, baseURL string, c model.Conseiller, arr model.Arrete, derogation string, collectif bool) (model.Designation, error) {
	role, ok := a.acteur()
	if !ok {
		return model.Designation{}, model.Refus("votre rôle ne permet pas de désigner un conseiller")
	}
	nom := c.NomComplet()
	d, err := tx.CurrentDesignation(ctx, c.ID)
	if errors.Is(err, store.ErrNotFound) {
		return model.Designation{}, model.Refus(nom + " : aucune candidature n'est en cours.")
	}
	if err != nil {
		return model.Designation{}, err
	}
	rules, err := tx.GetParametres(ctx, c.Academie)
	if err != nil {
		return model.Designation{}, err
	}
	renouvellement := d.Etat == model.DesignationActive || d.Etat == model.DesignationRenouvellement
	var next model.Designation
	if renouvellement {
		courant, err := mandatCourant(ctx, tx, d)
		if err != nil {
			return model.Designation{}, err
		}
		next, err = d.Renouveler(arr, role, courant, nom, rules.Mandat)
		if err != nil {
			return model.Designation{}, err
		}
	} else {
		next, err = d.Apply(model.Transition{To: model.DesignationDesignee, Actor: role, NumeroArrete: arr.Numero, DateArrete: arr.Date, Debut: arr.Debut}, rules.Mandat)
		if err != nil {
			return model.Designation{}, nomme(nom, err)
		}
	}
	conv, derog, err := conventionDuMandat(ctx, tx, c, arr, rules, derogation)
	if err != nil {
		return model.Designation{}, err
	}
	if err := tx.UpdateDesignation(ctx, next, d.Etat); err != nil {
		return model.Designation{}, err
	}
	m := model.Mandat{ConseillerID: c.ID, DesignationID: d.ID, Academie: c.Academie, OrganisationID: c.OrganisationID, Organisation: c.Organisation,
		Mission: d.Mission, Territoire: c.Territoire, NumeroArrete: arr.Numero, DateArrete: model.JourDe(arr.Date), Debut: model.JourDe(arr.Debut),
		Fin: model.JourDe(model.FinMandat(arr.Debut, rules.Mandat)), Renouvellement: renouvellement, Collectif: collectif, Convention: conv, Derogation: derog}
	if m.ID, err = tx.CreateMandat(ctx, m); err != nil {
		return model.Designation{}, err
	}
	what := "désignation"
	if renouvellement {
		what = "renouvellement"
	}
	detail := fmt.Sprintf("%s : arrêté n° %s du %s, mandat du %s au %s", what, m.NumeroArrete, model.Date(m.DateArrete), model.Date(m.Debut), model.Date(m.Fin))
	if conv != nil {
		detail += " ; " + conv.Libelle()
	} else {
		detail += " ; sans convention en vigueur, dérogation : " + derog
	}
	if err := tx.Audit(ctx, store.Entree{CompteID: a.Compte.ID, Email: a.Compte.Email, Role: string(a.P.H.Role), IP: a.IP,
		Action: store.AuditDesignation, ObjetType: "conseiller", ObjetID: strconv.FormatInt(c.ID, 10), Academie: c.Academie, Detail: detail}); err != nil {
		return model.Designation{}, err
	}
	if !renouvellement {
		if err := linkAccount(ctx, tx, c); err != nil {
			return model.Designation{}, err
		}
		return next, notify(ctx, tx, c, next, baseURL)
	}
	return next, notifyRenouvellement(ctx, tx, c, m, baseURL)
}

// nomme puts the person's name before a user error that does not say it,
// so that a refusal in a batch names whom it is about.
func nomme(nom string, err error) error {
	e, ok := model.ErreurUtilisateur(err)
	if !ok || strings.Contains(e.Message, nom) {
		return err
	}
	return &model.Erreur{Genre: e.Genre, Champ: e.Champ, Message: nom + " : " + e.Message, Err: e.Err}
}

// mandatCourant is the last mandate of the CEE's history; a designation
// recorded before the history existed (imports) stands for it.
func mandatCourant(ctx context.Context, tx *store.Store, d model.Designation) (model.Mandat, error) {
	m, err := tx.LastMandat(ctx, d.ConseillerID)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return m, err
	}
	if d.Debut == nil || d.Fin == nil {
		return model.Mandat{}, model.Refus("le mandat en cours n'a pas de dates : corrigez la désignation avant de la renouveler")
	}
	m = model.Mandat{ConseillerID: d.ConseillerID, Academie: d.Academie, NumeroArrete: d.NumeroArrete, Debut: *d.Debut, Fin: *d.Fin}
	if d.DateArrete != nil {
		m.DateArrete = *d.DateArrete
	}
	return m, nil
}

// conventionDuMandat finds the convention in force on the mandate's first
// day between the académie and the CEE's organisation. Without one the
// académie's setting decides: « bloquer » refuses; « avertir » refuses
// unless the pilote gives a reason, which is kept on the mandate.
func conventionDuMandat(ctx context.Context, tx *store.Store, c model.Conseiller, arr model.Arrete, p model.Parametres, derogation string) (*model.Convention, string, error) {
	if c.OrganisationID != 0 {
		conv, ok, err := tx.ConventionEnVigueur(ctx, c.Academie, c.OrganisationID, arr.Debut)
		if err != nil {
			return nil, "", err
		}
		if ok {
			return &conv, "", nil
		}
	}
	org := c.Organisation
	if org == "" {
		org = "son organisation"
	}
	msg := fmt.Sprintf("%s : %s n'a pas de convention signée avec l'académie en vigueur le %s (Code de l'éducation, D.331-66)",
		c.NomComplet(), org, model.Date(arr.Debut))
	if p.SansConvention == model.SansConventionBloquer {
		return nil, "", model.Refus(msg + ". L'académie n'autorise pas de désignation sans convention : faites d'abord signer la convention (page « Conventions »).")
	}
	derogation = strings.TrimSpace(derogation)
	if derogation == "" {
		return nil, "", &model.Erreur{Genre: model.GenreRefus, Champ: "derogation", Err: model.ErrSansConvention,
			Message: msg + ". Pour désigner malgré tout, cochez « Désigner sans convention » et motivez la dérogation : elle sera inscrite au journal et sur la fiche du conseiller."}
	}
	if m := model.TropLong("Le motif de la dérogation", derogation, model.LongueurTexte); m != "" {
		return nil, "", model.Invalide("derogation", m)
	}
	return nil, derogation, nil
}

// notifyRenouvellement tells the CEE, and their organisation's référents,
// that their mandate is renewed and from when.
func notifyRenouvellement(ctx context.Context, tx *store.Store, c model.Conseiller, m model.Mandat, baseURL string) error {
	fiche := baseURL + "/conseillers/" + strconv.FormatInt(c.ID, 10)
	texte := fmt.Sprintf("Le recteur a renouvelé votre mandat de conseiller entreprises pour l'École (arrêté n° %s du %s). "+
		"Votre mandat en cours se poursuit jusqu'à son terme ; le nouveau mandat court du %s au %s.", m.NumeroArrete, model.Date(m.DateArrete),
		model.Date(m.Debut), model.Date(m.Fin))
	if err := envoyerCourriel(ctx, tx, courriel{modele: "designation", to: c.Email, priorite: store.PriorityInteractive,
		notif: avis(model.NotifDesignation, "Votre mandat est renouvelé", "/conseillers/"+strconv.FormatInt(c.ID, 10)),
		data:  mail.DesignationData{Sujet: "Votre mandat est renouvelé", Prenom: c.Prenom, Message: texte, Etat: "Renouvelé", URL: fiche, Fin: model.Date(m.Fin)}}); err != nil {
		return err
	}
	if c.OrganisationID == 0 {
		return nil
	}
	refs, _, err := tx.ListComptes(ctx, store.CompteFilter{Scope: model.Scope{Academie: c.Academie}, Role: model.RoleOrganisation,
		Ref: strconv.FormatInt(c.OrganisationID, 10), Statut: model.CompteActif, Limit: 50})
	if err != nil {
		return err
	}
	return mailComptes(ctx, tx, refs, mail.DesignationData{Sujet: c.NomComplet() + " : mandat renouvelé", Etat: "Renouvelé", URL: fiche,
		Message: fmt.Sprintf("Le mandat de %s, %s par votre organisation, est renouvelé du %s au %s.", c.NomComplet(), model.Accorde(c.Civilite, "proposé", "proposée"),
			model.Date(m.Debut), model.Date(m.Fin)),
		Raison: "Vous recevez ce message parce que vous êtes référent de l'organisation qui a proposé ce conseiller."})
}
