package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"cee/internal/model"
	"cee/internal/workflow"
)

func (s *Server) handleOIDCStart(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return withStatus(http.StatusNotFound, errors.New("ProConnect n'est pas configuré"))
	}
	st, err := s.oidc.Start()
	if err != nil {
		return err
	}
	e := workflow.EtatOIDC{Nonce: st.Nonce, Verifier: st.Verifier, Retour: safeReturn(r.URL.Query().Get("retour"))}
	if err := workflow.CommencerOIDC(r.Context(), s.store, st.State, e, time.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, st.URL, http.StatusSeeOther)
	return nil
}

// handleOIDCCallback matches the agent to an invited or active account by
// e-mail, or onboards a school's agent by the académie's rules
// (workflow.ConnexionProConnect). An agent without an account is told whom
// to ask; one waiting for the pilote's approval is told so.
func (s *Server) handleOIDCCallback(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return withStatus(http.StatusNotFound, errors.New("ProConnect n'est pas configuré"))
	}
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return withStatus(http.StatusBadRequest, errors.New("ProConnect a refusé la connexion : "+e))
	}
	st, err := workflow.ReprendreOIDC(r.Context(), s.store, q.Get("state"), time.Now())
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	id, err := s.oidc.Finish(r.Context(), q.Get("code"), st.Verifier, st.Nonce)
	if err != nil {
		return withStatus(http.StatusBadGateway, err)
	}
	email, err := model.NormalizeEmail(id.Email)
	if err != nil {
		return withStatus(http.StatusBadGateway, err)
	}
	ag := workflow.AgentProConnect{Email: email, Nom: strings.TrimSpace(id.GivenName + " " + id.FamilyName), UAI: id.UAI, Fonction: id.Fonction, IDToken: id.IDToken}
	cx, err := workflow.ConnexionProConnect(r.Context(), s.store, s.reglesSession(), s.navigateur(r), ag)
	if errors.Is(err, workflow.ErrAgentInconnu) {
		return render(w, r, http.StatusForbidden, unknownAgentPage(s.layout(r, "Accès non ouvert"), email))
	}
	if errors.Is(err, workflow.ErrRattachementEnAttente) {
		return render(w, r, http.StatusAccepted, rattachementAttentePage(s.layout(r, "Accès en attente d'approbation"), email, id.UAI))
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(w, cx.Session)
	http.Redirect(w, r, safeReturn(st.Retour), http.StatusSeeOther)
	return nil
}
