package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"time"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

type loginData struct {
	Retour      string
	Email       string
	EmailErr    string
	PasswordErr string
	OIDC        bool
	Demo        bool
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	if signedIn(currentUser(r)) {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	d := loginData{Retour: safeReturn(r.URL.Query().Get("retour")), OIDC: s.oidc != nil, Demo: s.devPages()}
	return render(w, r, http.StatusOK, loginPage(s.layout(r, "Connexion"), d))
}

// handleMagicLinkRequest queues a login-link request. The answer, and the
// work done before it, are the same whether the address has an account or
// not, so that nobody learns who is registered.
func (s *Server) handleMagicLinkRequest(w http.ResponseWriter, r *http.Request) error {
	raw := r.PostFormValue("email")
	email, err := model.NormalizeEmail(raw)
	if err != nil {
		d := loginData{Retour: safeReturn(r.PostFormValue("retour")), Email: raw, EmailErr: err.Error(), OIDC: s.oidc != nil, Demo: s.devPages()}
		return render(w, r, http.StatusUnprocessableEntity, loginPage(s.layout(r, "Connexion"), d))
	}
	if err := s.allowEmail("lien", email); err != nil {
		return err
	}
	// The same work for every address (issue 20): the account is looked up
	// by the job, out of the request.
	if err := workflow.DemanderLien(r.Context(), s.store, workflow.DemandeLien{Email: email, Retour: safeReturn(r.PostFormValue("retour")), At: time.Now()}); err != nil {
		return err
	}
	http.Redirect(w, r, "/connexion/lien-envoye", http.StatusSeeOther)
	return nil
}

func (s *Server) handleMagicLinkSent(w http.ResponseWriter, r *http.Request) error {
	return render(w, r, http.StatusOK, magicLinkSentPage(s.layout(r, "Lien envoyé"), s.devPages()))
}

// handleMagicLinkShow shows a button rather than logging in at once: mail
// scanners that open links would otherwise use them up.
func (s *Server) handleMagicLinkShow(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.PeekJeton(r.Context(), auth.HashToken(r.PathValue("jeton")), store.JetonLien, time.Now()); err != nil {
		return s.invalidLink(w, r, err)
	}
	return render(w, r, http.StatusOK, confirmLinkPage(s.layout(r, "Connexion"), "Se connecter",
		"Votre lien est valide. Confirmez pour ouvrir votre session.", r.URL.Path))
}

func (s *Server) invalidLink(w http.ResponseWriter, r *http.Request, err error) error {
	if !errors.Is(err, store.ErrJetonInvalide) {
		return err
	}
	return render(w, r, http.StatusGone, invalidLinkPage(s.layout(r, "Lien invalide")))
}

func (s *Server) handleMagicLinkUse(w http.ResponseWriter, r *http.Request) error {
	return s.loginWithToken(w, r, store.JetonLien)
}

// loginWithToken uses a single-use link (login or invitation) and opens the
// session of its account; an invitation's account becomes active there.
func (s *Server) loginWithToken(w http.ResponseWriter, r *http.Request, kind string) error {
	next := "/"
	err := s.store.InTx(r.Context(), func(tx *store.Store) error {
		j, err := tx.ConsumeJeton(r.Context(), auth.HashToken(r.PathValue("jeton")), kind, time.Now())
		if err != nil {
			return err
		}
		var p struct{ Retour string }
		json.Unmarshal(j.Payload, &p)
		c, err := tx.GetCompte(r.Context(), j.CompteID)
		if err != nil {
			return err
		}
		if c.Statut == model.CompteSuspendu {
			return store.ErrJetonInvalide
		}
		if kind == store.JetonInvitation {
			if c, err = s.acceptOfferedRoles(r, tx, c, j.Hash); err != nil {
				return err
			}
		}
		next, err = s.completeLogin(w, r, tx, c, kind, safeReturn(p.Retour))
		return err
	})
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// completeLogin opens the session after a password or a link: a full one,
// or one waiting for the second factor when the account's roles need it.
func (s *Server) completeLogin(w http.ResponseWriter, r *http.Request, tx *store.Store, c model.Compte, methode, next string) (string, error) {
	pending := s.needsTOTP(c)
	if err := s.signIn(w, r, tx, c, methode, pending, ""); err != nil {
		return "", err
	}
	if pending {
		return "/connexion/totp?retour=" + url.QueryEscape(next), nil
	}
	return next, nil
}

// handlePasswordLogin checks a password (issue 20, finding 2). The hash
// slot is taken first, before any database access: a burst of attempts
// waits in a bounded line holding no connection, and beyond the line is
// refused at once (429). The account is read without a transaction, the
// hash computed outside any, and only the outcome is written in a short
// transaction: the failed-login journal line, or the session (and the
// rehash when the parameters changed).
func (s *Server) handlePasswordLogin(w http.ResponseWriter, r *http.Request) error {
	raw := r.PostFormValue("email")
	retour := safeReturn(r.PostFormValue("retour"))
	email, err := model.NormalizeEmail(raw)
	fail := func(status int, emailErr, pwErr string) error {
		d := loginData{Retour: retour, Email: raw, EmailErr: emailErr, PasswordErr: pwErr, OIDC: s.oidc != nil, Demo: s.devPages()}
		return render(w, r, status, loginPage(s.layout(r, "Connexion"), d))
	}
	if err != nil {
		return fail(http.StatusUnprocessableEntity, err.Error(), "")
	}
	if err := s.allowEmail("mot-de-passe", email); err != nil {
		return err
	}
	pw := r.PostFormValue("password")
	c, ok, rehash, err := s.checkPassword(r, email, pw)
	if err != nil {
		return err
	}
	if !ok {
		if c.ID != 0 {
			// Committed on its own: the journal keeps every failure.
			if err := s.store.Audit(r.Context(), store.Entree{CompteID: c.ID, Email: c.Email, IP: clientIP(r), Action: store.AuditEchecConnexion,
				ObjetType: "compte", ObjetID: itoa64(c.ID), Detail: "mot de passe"}); err != nil {
				return err
			}
		}
		return fail(http.StatusUnauthorized, "", "Adresse ou mot de passe incorrect. Vérifiez-les, ou recevez un lien de connexion par courriel.")
	}
	next := ""
	err = s.store.InTx(r.Context(), func(tx *store.Store) error {
		// The account may have changed while the hash was computed.
		now, err := tx.GetCompte(r.Context(), c.ID)
		if err != nil {
			return err
		}
		if now.PasswordHash != c.PasswordHash || now.Statut == model.CompteSuspendu {
			return errBadCredentials
		}
		if rehash != "" {
			if err := tx.RehashPassword(r.Context(), c.ID, c.PasswordHash, rehash); err != nil {
				return err
			}
		}
		next, err = s.completeLogin(w, r, tx, now, "mot de passe", retour)
		return err
	})
	if errors.Is(err, errBadCredentials) {
		return fail(http.StatusUnauthorized, "", "Adresse ou mot de passe incorrect. Vérifiez-les, ou recevez un lien de connexion par courriel.")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// checkPassword checks pw for the account of email in a hash slot, holding
// no database connection while it waits or hashes. ok is false for an
// unknown address (c is then zero), a wrong password, no password, or a
// suspended account; all cost one hash. rehash is the password hashed
// with the current parameters when the stored hash has older ones
// (auth.NeedsRehash), to store at this successful login.
func (s *Server) checkPassword(r *http.Request, email, pw string) (c model.Compte, ok bool, rehash string, err error) {
	slot, err := auth.AcquireHashSlot(r.Context())
	if errors.Is(err, auth.ErrBusy) {
		return c, false, "", withStatus(http.StatusTooManyRequests, errLoginBusy)
	}
	if err != nil {
		return c, false, "", err
	}
	defer slot.Release()
	c, err = s.store.GetCompteByEmail(r.Context(), email)
	if errors.Is(err, store.ErrNotFound) {
		c, err = model.Compte{}, nil
	}
	if err != nil {
		return c, false, "", err
	}
	if ok, err = slot.CheckPassword(c.PasswordHash, pw); err != nil {
		return c, false, "", err
	}
	if !ok || c.Statut == model.CompteSuspendu {
		return c, false, "", nil
	}
	if auth.NeedsRehash(c.PasswordHash) {
		if rehash, err = slot.HashPassword(pw); err != nil {
			return c, false, "", err
		}
	}
	return c, true, rehash, nil
}

var errBadCredentials = errors.New("identifiants incorrects")

// errLoginBusy: every hash slot is taken and the line is full (429); the
// page says messageLoginBusy.
var errLoginBusy = errors.New("file des vérifications de mot de passe pleine")

const messageLoginBusy = "Beaucoup de connexions par mot de passe sont en cours. Réessayez dans quelques secondes, ou recevez un lien de connexion par courriel."

type totpData struct {
	Retour  string
	Enroll  bool // no second factor yet: set it up now
	Secret  string
	URI     string
	CodeErr string
}

func (s *Server) handleTOTPShow(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	d := totpData{Retour: safeReturn(r.URL.Query().Get("retour")), Enroll: !u.Compte.TOTPActif}
	if d.Enroll {
		secret := u.Compte.TOTPSecret
		if secret == "" {
			var err error
			if secret, err = auth.NewTOTPSecret(); err != nil {
				return err
			}
			if err := s.store.SetTOTP(r.Context(), u.Compte.ID, secret, false, 0); err != nil {
				return err
			}
		}
		d.Secret, d.URI = secret, auth.TOTPURI(secret, u.Compte.Email, "CEE")
	}
	return render(w, r, http.StatusOK, totpPage(s.layout(r, "Vérification en deux étapes"), d))
}

// handleTOTPCheck verifies the code, then replaces the waiting session by a
// full one with a new id.
func (s *Server) handleTOTPCheck(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	if err := s.allowEmail("totp", u.Compte.Email); err != nil {
		return err
	}
	retour := safeReturn(r.PostFormValue("retour"))
	code := r.PostFormValue("code")
	step, ok := auth.VerifyTOTP(u.Compte.TOTPSecret, code, time.Now(), u.Compte.TOTPStep)
	err := s.store.InTx(r.Context(), func(tx *store.Store) error {
		if ok {
			var err error
			if ok, err = tx.UseTOTPStep(r.Context(), u.Compte.ID, step); err != nil {
				return err
			}
		}
		if !ok {
			return errBadCredentials
		}
		if !u.Compte.TOTPActif {
			if err := tx.SetTOTP(r.Context(), u.Compte.ID, u.Compte.TOTPSecret, true, step); err != nil {
				return err
			}
			if err := s.audit(r, tx, u.Compte, store.AuditSecurite, "compte", u.Compte.ID, "", "second facteur activé"); err != nil {
				return err
			}
		}
		return s.signIn(w, r, tx, u.Compte, u.Session.Methode+" + TOTP", false, "")
	})
	if errors.Is(err, errBadCredentials) {
		d := totpData{Retour: retour, Enroll: !u.Compte.TOTPActif, CodeErr: "Code incorrect ou déjà utilisé : saisissez le code à 6 chiffres affiché maintenant par votre application."}
		if d.Enroll {
			d.Secret, d.URI = u.Compte.TOTPSecret, auth.TOTPURI(u.Compte.TOTPSecret, u.Compte.Email, "CEE")
		}
		return render(w, r, http.StatusUnprocessableEntity, totpPage(s.layout(r, "Vérification en deux étapes"), d))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, retour, http.StatusSeeOther)
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	if u != nil {
		err := s.store.InTx(r.Context(), func(tx *store.Store) error {
			if err := tx.DeleteSession(r.Context(), u.Session.IDHash); err != nil {
				return err
			}
			return s.audit(r, tx, u.Compte, store.AuditDeconnexion, "compte", u.Compte.ID, "", "")
		})
		if err != nil {
			return err
		}
	}
	s.clearCookie(w)
	setFlash(w, ui.KindSuccess, "Vous êtes déconnecté", "")
	http.Redirect(w, r, "/connexion", http.StatusSeeOther)
	return nil
}

// acceptOfferedRoles grants account c the roles offered with invitation
// token hash (an account of another académie accepts them by opening the
// link: issue 20), journals each acceptance in the role's académie, and
// returns the account with its new roles.
func (s *Server) acceptOfferedRoles(r *http.Request, tx *store.Store, c model.Compte, hash string) (model.Compte, error) {
	hs, err := tx.AccepterHabilitationsEnAttente(r.Context(), hash, c.ID)
	if err != nil || len(hs) == 0 {
		return c, err
	}
	for _, h := range hs {
		if err := s.audit(r, tx, c, store.AuditAcceptation, "compte", c.ID, h.Academie, c.Email+" : "+habilitationLabel(h)); err != nil {
			return c, err
		}
	}
	return tx.GetCompte(r.Context(), c.ID)
}
