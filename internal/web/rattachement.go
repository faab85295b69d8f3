package web

import (
	"errors"
	"net/http"
	"strconv"

	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/web/ui"
	"cee/internal/workflow"
)

// routesRattachement registers the académie's rules for schools that
// onboard themselves through ProConnect, and the requests waiting for the
// pilote's approval (issue 19).
func (s *Server) routesRattachement() {
	s.handle("GET /comptes/rattachement", can(model.ResComptes, model.ActionGerer), s.handleRattachement)
	s.handle("POST /comptes/rattachement/regles", can(model.ResComptes, model.ActionGerer), s.handleRegleRattachement)
	s.handle("POST /comptes/rattachement/regles/retirer", can(model.ResComptes, model.ActionGerer), s.handleRegleRattachementRetirer)
	s.handle("POST /comptes/rattachement/demandes/{id}", can(model.ResComptes, model.ActionGerer), s.handleDemandeRattachement)
}

type rattachementData struct {
	Academie    string
	Academies   []refdata.Academie // an admin chooses
	Regles      []store.RegleRattachement
	Demandes    []store.DemandeRattachement
	Fonction    string
	Approbation bool
	Err         string
}

// rattachementAcademie is the académie the page is about: the person's, or
// the one an admin chose (Toulouse's by default… the first one).
func rattachementAcademie(r *http.Request) string {
	u := currentUser(r)
	if !policy.ChoisitAcademie(u.P) {
		return u.P.H.Academie
	}
	if a, ok := refdata.AcademieByCode(r.FormValue("academie")); ok {
		return a.Code
	}
	return refdata.Academies()[0].Code
}

func (s *Server) rattachementData(r *http.Request) (rattachementData, error) {
	d := rattachementData{Academie: rattachementAcademie(r), Approbation: true}
	if policy.ChoisitAcademie(currentUser(r).P) {
		d.Academies = refdata.Academies()
	}
	var err error
	if d.Regles, err = s.store.ListReglesRattachement(r.Context(), d.Academie); err != nil {
		return d, err
	}
	d.Demandes, err = s.store.ListDemandesRattachement(r.Context(), d.Academie)
	return d, err
}

func (s *Server) handleRattachement(w http.ResponseWriter, r *http.Request) error {
	d, err := s.rattachementData(r)
	if err != nil {
		return err
	}
	return render(w, r, http.StatusOK, rattachementPage(s.layout(r, "Rattachement des établissements par ProConnect"), d))
}

func rattachementRetour(d string, admin bool) string {
	if admin {
		return "/comptes/rattachement?academie=" + d
	}
	return "/comptes/rattachement"
}

func (s *Server) handleRegleRattachement(w http.ResponseWriter, r *http.Request) error {
	acad := rattachementAcademie(r)
	fonction, approbation := r.PostFormValue("fonction"), r.PostFormValue("approbation") != "non"
	err := workflow.DefinirRegleRattachement(r.Context(), s.store, s.actor(r), acad, fonction, approbation)
	var refus workflow.ErreurHabilitation
	if errors.As(err, &refus) {
		d, err := s.rattachementData(r)
		if err != nil {
			return err
		}
		d.Fonction, d.Approbation, d.Err = fonction, approbation, refus.Message
		return render(w, r, http.StatusUnprocessableEntity, rattachementPage(s.layout(r, "Rattachement des établissements par ProConnect"), d))
	}
	if err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Règle enregistrée", "Les agents de cette fonction se rattachent à leur établissement en se connectant avec ProConnect.")
	http.Redirect(w, r, rattachementRetour(acad, policy.ChoisitAcademie(currentUser(r).P)), http.StatusSeeOther)
	return nil
}

func (s *Server) handleRegleRattachementRetirer(w http.ResponseWriter, r *http.Request) error {
	acad := rattachementAcademie(r)
	if err := workflow.RetirerRegleRattachement(r.Context(), s.store, s.actor(r), acad, r.PostFormValue("fonction")); err != nil {
		return err
	}
	setFlash(w, ui.KindSuccess, "Règle retirée", "Les agents de cette fonction ne se rattachent plus d'eux-mêmes ; les rôles déjà donnés restent.")
	http.Redirect(w, r, rattachementRetour(acad, policy.ChoisitAcademie(currentUser(r).P)), http.StatusSeeOther)
	return nil
}

// handleDemandeRattachement approves (decision=approuver) or refuses an
// agent's request; another académie's is 404.
func (s *Server) handleDemandeRattachement(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	d, err := s.store.GetDemandeRattachement(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return withStatus(http.StatusNotFound, errNotFoundPage)
	}
	if err != nil {
		return err
	}
	approuver := r.PostFormValue("decision") == "approuver"
	if err := workflow.DeciderRattachement(r.Context(), s.store, s.actor(r), s.cfg.BaseURL, d, approuver); err != nil {
		return err
	}
	if approuver {
		setFlash(w, ui.KindSuccess, "Rattachement approuvé", d.Email+" a désormais le rôle Établissement sur "+d.UAI+" : à sa prochaine connexion ProConnect, il arrive sur son établissement.")
	} else {
		setFlash(w, ui.KindInfo, "Rattachement refusé", d.Email+" n'a pas reçu de rôle sur "+d.UAI+".")
	}
	http.Redirect(w, r, rattachementRetour(d.Academie, policy.ChoisitAcademie(currentUser(r).P)), http.StatusSeeOther)
	return nil
}
