package workflow

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/mail"
	"cee/internal/model"
	"cee/internal/store"
)

// ConsulterProfessionnel reads a professional's record for the actor
// (LireProfessionnel) and journals the display: every display of contact
// details is in the journal, on the web page and in the API alike.
func ConsulterProfessionnel(ctx context.Context, s *store.Store, a Actor, id int64) (model.Professionnel, error) {
	p, err := LireProfessionnel(ctx, s, a.P, id)
	if err != nil {
		return p, err
	}
	return p, journaliser(ctx, s, a, store.AuditConsultation, "professionnel", p.ID, p.Academie, a.via(p.Prenom+" "+p.Nom))
}

// InviterProfessionnel records a professional (checked by the caller) and
// mails them the link where they say what they agree to be contacted for
// (asked), valid for ttl; conseiller names the CEE who invites.
// store.ErrConflict when the address is already in the network.
func InviterProfessionnel(ctx context.Context, s *store.Store, a Actor, baseURL string, p model.Professionnel, asked model.Consentement, conseiller string, ttl time.Duration) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		id, err := tx.CreateProfessionnel(ctx, p)
		if err != nil {
			return err
		}
		tok, hash, err := auth.NewToken()
		if err != nil {
			return err
		}
		payload, _ := json.Marshal(struct {
			Professionnel int64
			Demande       model.Consentement
		}{id, asked})
		exp := time.Now().Add(ttl)
		if err := tx.CreateJeton(ctx, store.Jeton{Hash: hash, Kind: store.JetonConsent, Payload: payload, ExpiresAt: exp}); err != nil {
			return err
		}
		if err := journaliser(ctx, tx, a, store.AuditInvitation, "professionnel", id, p.Academie, p.Email); err != nil {
			return err
		}
		return envoyerCourriel(ctx, tx, courriel{modele: "consentement", to: p.Email, data: mail.ConsentementData{Prenom: p.Prenom, Conseiller: conseiller,
			Academie: DeAcademie(p.Academie), Objet: strings.Join(asked.Labels(), ", "), URL: baseURL + "/consentement/" + tok, ExpiresAt: exp},
			priorite: store.PriorityInteractive})
	})
}

// RepondreConsentement records the answer of an invited professional, by
// the link of their invitation (tokenHash, used up here): their consent c,
// their status when statut is not nil and they agree, and with compte an
// account of role professionnel. It tells whether an account was opened.
func RepondreConsentement(ctx context.Context, s *store.Store, ip, tokenHash string, c model.Consentement, statut *model.StatutPro, compte bool) (account bool, err error) {
	err = s.InTx(ctx, func(tx *store.Store) error {
		j, err := tx.ConsumeJeton(ctx, tokenHash, store.JetonConsent, time.Now())
		if err != nil {
			return err
		}
		var p struct{ Professionnel int64 }
		if err := json.Unmarshal(j.Payload, &p); err != nil {
			return err
		}
		if err := tx.SetConsent(ctx, p.Professionnel, c, time.Now()); err != nil {
			return err
		}
		// A refusal keeps nothing new about the person; a form without the
		// field (the select left on « Non renseigné ») changes nothing.
		if statut != nil && c.Any() {
			if err := tx.SetStatutPro(ctx, p.Professionnel, *statut); err != nil {
				return err
			}
		}
		if c.Any() && compte {
			pro, err := tx.GetProfessionnel(ctx, p.Professionnel)
			if err != nil {
				return err
			}
			if _, err := tx.GrantRole(ctx, pro.Email, pro.Prenom+" "+pro.Nom, model.Habilitation{Role: model.RoleProfessionnel,
				Academie: pro.Academie, Ref: strconv.FormatInt(pro.ID, 10)}); err != nil {
				return err
			}
			account = true
		}
		detail := "refus"
		if c.Any() {
			detail = "accord : " + strings.Join(c.Labels(), ", ")
		}
		return tx.Audit(ctx, store.Entree{IP: ip, Action: store.AuditConsentement, ObjetType: "professionnel",
			ObjetID: strconv.FormatInt(p.Professionnel, 10), Detail: detail})
	})
	return account, err
}

// ModifierAccord changes or withdraws the consent of the professional p,
// the actor, and sets their status and the exam specialities they can
// examine (what the juries' campaigns reach them by).
func ModifierAccord(ctx context.Context, s *store.Store, a Actor, p model.Professionnel, c model.Consentement, statut model.StatutPro, specialites []string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := enregistrerAccord(ctx, tx, a, p, c); err != nil {
			return err
		}
		if err := tx.SetSpecialitesProfessionnel(ctx, p.ID, specialites); err != nil {
			return err
		}
		return tx.SetStatutPro(ctx, p.ID, statut)
	})
}

// enregistrerAccord records a professional's new consent and its journal
// line.
func enregistrerAccord(ctx context.Context, tx *store.Store, a Actor, p model.Professionnel, c model.Consentement) error {
	if err := tx.SetConsent(ctx, p.ID, c, time.Now()); err != nil {
		return err
	}
	detail := "retrait de l'accord"
	if c.Any() {
		detail = "accord : " + strings.Join(c.Labels(), ", ")
	}
	return journaliser(ctx, tx, a, store.AuditConsentement, "professionnel", p.ID, p.Academie, detail)
}

// DemanderRetrait mails the professional p the link that confirms the
// withdrawal of their consent, valid for ttl.
func DemanderRetrait(ctx context.Context, s *store.Store, baseURL string, p model.Professionnel, ttl time.Duration) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		payload, _ := json.Marshal(struct{ Professionnel int64 }{p.ID})
		return envoyerLien(ctx, tx, baseURL, store.Jeton{Kind: store.JetonRetrait, Payload: payload}, ttl, "retrait", p.Email, "/retrait/")
	})
}

// ConfirmerRetrait withdraws, by the link of DemanderRetrait (tokenHash,
// used up here), every purpose of a professional's consent at once; a is
// the anonymous visitor (their address in the journal).
func ConfirmerRetrait(ctx context.Context, s *store.Store, a Actor, tokenHash string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		j, err := tx.ConsumeJeton(ctx, tokenHash, store.JetonRetrait, time.Now())
		if err != nil {
			return err
		}
		var ref struct{ Professionnel int64 }
		if err := json.Unmarshal(j.Payload, &ref); err != nil {
			return err
		}
		p, err := tx.GetProfessionnel(ctx, ref.Professionnel)
		if err != nil {
			return err
		}
		return enregistrerAccord(ctx, tx, a, p, model.Consentement{})
	})
}
