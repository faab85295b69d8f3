package web

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"

	"github.com/a-h/templ"
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
	if err := s.allowEmail(r, "lien", email); err != nil {
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
// session of its account (workflow.ConnexionParJeton).
func (s *Server) loginWithToken(w http.ResponseWriter, r *http.Request, kind string) error {
	cx, err := workflow.ConnexionParJeton(r.Context(), s.store, s.reglesSession(), s.navigateur(r), auth.HashToken(r.PathValue("jeton")), kind)
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	s.setSessionCookie(w, cx.Session)
	http.Redirect(w, r, afterLogin(cx), http.StatusSeeOther)
	return nil
}

// afterLogin is where the browser goes once a link or a password opened a
// session: the second-factor page first when the session waits for it, and
// then only a path of this site.
func afterLogin(cx workflow.Connexion) string {
	next := safeReturn(cx.Retour)
	if cx.SecondFacteur {
		return "/connexion/totp?retour=" + url.QueryEscape(next)
	}
	return next
}

// handlePasswordLogin checks a password and opens the session
// (workflow.ConnexionParMotDePasse: the hash slot first, the outcome
// written in a short transaction). A full line of hash slots is a 429.
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
	if err := s.allowEmail(r, "mot-de-passe", email); err != nil {
		return err
	}
	cx, err := workflow.ConnexionParMotDePasse(r.Context(), s.store, s.reglesSession(), s.navigateur(r), email, r.PostFormValue("password"), retour)
	switch {
	case errors.Is(err, auth.ErrBusy):
		return withStatus(http.StatusTooManyRequests, errLoginBusy)
	case errors.Is(err, workflow.ErrIdentifiants):
		return fail(http.StatusUnauthorized, "", "Adresse ou mot de passe incorrect. Vérifiez-les, ou recevez un lien de connexion par courriel.")
	case err != nil:
		return err
	}
	s.setSessionCookie(w, cx.Session)
	http.Redirect(w, r, afterLogin(cx), http.StatusSeeOther)
	return nil
}

// errLoginBusy: every hash slot is taken and the line is full (429); the
// page says messageLoginBusy.
var errLoginBusy = errors.New("file des vérifications de mot de passe pleine")

const messageLoginBusy = "Beaucoup de connexions par mot de passe sont en cours. Réessayez dans quelques secondes, ou recevez un lien de connexion par courriel."

type totpData struct {
	Retour  string
	Enroll  bool // no second factor yet: set it up now
	Secret  string
	URI     string
	QR      templ.Component // the URI as a QR code, to scan
	CodeErr string
}

// enroll shows secret for enrolment: as text, as an address and as a QR code.
func (d *totpData) enroll(secret, email string) error {
	d.Secret, d.URI = secret, auth.TOTPURI(secret, email, "CEE")
	var err error
	d.QR, err = qrSVG(d.URI, "QR code à scanner avec l'application d'authentification")
	return err
}

func (s *Server) handleTOTPShow(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	d := totpData{Retour: safeReturn(r.URL.Query().Get("retour")), Enroll: !u.Compte.TOTPActif}
	if d.Enroll {
		secret, err := workflow.SecretTOTP(r.Context(), s.store, u.Compte)
		if err != nil {
			return err
		}
		if err := d.enroll(secret, u.Compte.Email); err != nil {
			return err
		}
	}
	return render(w, r, http.StatusOK, totpPage(s.layout(r, "Vérification en deux étapes"), d))
}

// handleTOTPCheck verifies the code, then replaces the waiting session by a
// full one with a new id (workflow.VerifierTOTP).
func (s *Server) handleTOTPCheck(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	if err := s.allowEmail(r, "totp", u.Compte.Email); err != nil {
		return err
	}
	retour := safeReturn(r.PostFormValue("retour"))
	cx, err := workflow.VerifierTOTP(r.Context(), s.store, s.reglesSession(), s.navigateur(r), s.actor(r), u.Session.Methode, r.PostFormValue("code"))
	if errors.Is(err, workflow.ErrCodeTOTP) {
		d := totpData{Retour: retour, Enroll: !u.Compte.TOTPActif, CodeErr: "Code incorrect ou déjà utilisé : saisissez le code à 6 chiffres affiché maintenant par votre application."}
		if d.Enroll {
			if err := d.enroll(u.Compte.TOTPSecret, u.Compte.Email); err != nil {
				return err
			}
		}
		return render(w, r, http.StatusUnprocessableEntity, totpPage(s.layout(r, "Vérification en deux étapes"), d))
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(w, cx.Session)
	http.Redirect(w, r, retour, http.StatusSeeOther)
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if u := currentUser(r); u != nil {
		if err := workflow.FermerSession(r.Context(), s.store, s.actor(r), u.Session.IDHash); err != nil {
			return err
		}
	}
	s.clearCookie(w)
	setFlash(w, ui.KindSuccess, "Vous êtes déconnecté", "")
	http.Redirect(w, r, "/connexion", http.StatusSeeOther)
	return nil
}
