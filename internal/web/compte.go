package web

import (
	"cee/internal/auth"
	"errors"
	"net/http"
	"strconv"
	"time"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

type accountData struct {
	Compte      model.Compte
	Active      int64
	Sessions    int
	PasswordErr string
	TOTPNeeded  bool
	// Agenda is the CEE's calendar feed address ("" before they ask for
	// one); AgendaOK: the role has a feed.
	Agenda   string
	AgendaOK bool
	// ResumeErr is the error of the digest's choice.
	ResumeErr string
	// ResumeRemplace: the digest replaces a mail per event (a pilote).
	ResumeRemplace bool
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) error {
	return s.accountForm(w, r, http.StatusOK, accountData{})
}

// accountForm renders the account page with d's errors, the rest read
// from the signed-in account.
func (s *Server) accountForm(w http.ResponseWriter, r *http.Request, status int, d accountData) error {
	u := currentUser(r)
	n, err := s.store.CountSessionsOf(r.Context(), u.Compte.ID, time.Now())
	if err != nil {
		return err
	}
	d.Compte, d.Active, d.Sessions, d.TOTPNeeded = u.Compte, u.P.H.ID, n, policy.ExigeSecondFacteur(u.Compte, s.cfg.TOTPRoles)
	d.ResumeRemplace = policy.ResumeRemplaceCourriels(u.P)
	if _, d.AgendaOK = policy.ConseillerDe(u.P); d.AgendaOK {
		jeton, err := s.store.CalendrierJeton(r.Context(), u.Compte.ID)
		if err != nil {
			return err
		}
		d.Agenda = s.calendrierURL(jeton)
	}
	return render(w, r, status, accountPage(s.layout(r, "Mon compte"), d))
}

// handleRoleSwitch makes another of the account's roles the active one.
func (s *Server) handleRoleSwitch(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	id, err := strconv.ParseInt(r.PostFormValue("habilitation"), 10, 64)
	if err != nil {
		return withStatus(http.StatusBadRequest, errors.New("rôle manquant"))
	}
	var h model.Habilitation
	for _, x := range u.Compte.Habilitations {
		if x.ID == id {
			h = x
		}
	}
	if h.ID == 0 {
		return withStatus(http.StatusForbidden, errors.New("ce rôle n'est pas le vôtre"))
	}
	err = workflow.ChangerRole(r.Context(), s.store, s.actor(r), u.Session.IDHash, h, habilitationLabel(h))
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Rôle actif : "+h.Role.Label(), habilitationLabel(h))
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *Server) handlePasswordSet(w http.ResponseWriter, r *http.Request) error {
	pw := r.PostFormValue("password")
	fail := func(msg string) error {
		return s.accountForm(w, r, http.StatusUnprocessableEntity, accountData{PasswordErr: msg})
	}
	if err := auth.ValidatePassword(pw); err != nil {
		return fail(err.Error())
	}
	if pw != r.PostFormValue("confirmation") {
		return fail("Les deux saisies diffèrent : tapez le même mot de passe deux fois.")
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	err = workflow.DefinirMotDePasse(r.Context(), s.store, s.actor(r), hash)
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Mot de passe enregistré", "Vous pouvez désormais vous connecter avec votre adresse et ce mot de passe.")
	http.Redirect(w, r, "/compte", http.StatusSeeOther)
	return nil
}

func (s *Server) handleLogoutEverywhere(w http.ResponseWriter, r *http.Request) error {
	err := workflow.FermerSessions(r.Context(), s.store, s.actor(r))

	if err != nil {
		return err
	}
	s.clearCookie(w)
	setFlash(w, ui.KindSuccess, "Toutes vos sessions sont fermées", "Reconnectez-vous sur chaque appareil.")
	http.Redirect(w, r, "/connexion", http.StatusSeeOther)
	return nil
}

// habilitationLabel names a role with its scope: « Pilote académique —
// académie de Toulouse ».
func habilitationLabel(h model.Habilitation) string { return workflow.LibelleHabilitation(h) }

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
