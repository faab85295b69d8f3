package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/store"
)

// oidcState is kept server-side (as a single-use token named by the state
// value) between the redirect to the provider and its callback.
type oidcState struct {
	Nonce, Verifier, Retour string
}

func (s *Server) handleOIDCStart(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return withStatus(http.StatusNotFound, errors.New("ProConnect n'est pas configuré"))
	}
	st, err := s.oidc.Start()
	if err != nil {
		return err
	}
	payload, _ := json.Marshal(oidcState{Nonce: st.Nonce, Verifier: st.Verifier, Retour: safeReturn(r.URL.Query().Get("retour"))})
	if err := s.store.CreateJeton(r.Context(), store.Jeton{Hash: auth.HashToken(st.State), Kind: store.JetonOIDC,
		Payload: payload, ExpiresAt: time.Now().Add(10 * time.Minute)}); err != nil {
		return err
	}
	http.Redirect(w, r, st.URL, http.StatusSeeOther)
	return nil
}

// handleOIDCCallback matches the agent to an invited or active account by
// e-mail. An agent without an account is told whom to ask.
func (s *Server) handleOIDCCallback(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return withStatus(http.StatusNotFound, errors.New("ProConnect n'est pas configuré"))
	}
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return withStatus(http.StatusBadRequest, errors.New("ProConnect a refusé la connexion : "+e))
	}
	j, err := s.store.ConsumeJeton(r.Context(), auth.HashToken(q.Get("state")), store.JetonOIDC, time.Now())
	if err != nil {
		return s.invalidLink(w, r, err)
	}
	var st oidcState
	if err := json.Unmarshal(j.Payload, &st); err != nil {
		return err
	}
	id, err := s.oidc.Finish(r.Context(), q.Get("code"), st.Verifier, st.Nonce)
	if err != nil {
		return withStatus(http.StatusBadGateway, err)
	}
	email, err := model.NormalizeEmail(id.Email)
	if err != nil {
		return withStatus(http.StatusBadGateway, err)
	}
	var unknown bool
	err = s.store.InTx(r.Context(), func(tx *store.Store) error {
		c, err := tx.GetCompteByEmail(r.Context(), email)
		if errors.Is(err, store.ErrNotFound) || (err == nil && c.Statut == model.CompteSuspendu) {
			unknown = true
			return tx.Audit(r.Context(), store.Entree{Email: email, IP: clientIP(r), Action: store.AuditEchecConnexion, Detail: "ProConnect : aucun compte"})
		}
		if err != nil {
			return err
		}
		// The identity federation has authenticated the agent strongly:
		// no second factor here.
		return s.signIn(w, r, tx, c, "ProConnect", false, id.IDToken)
	})
	if err != nil {
		return err
	}
	if unknown {
		return render(w, r, http.StatusForbidden, unknownAgentPage(s.layout(r, "Accès non ouvert"), email))
	}
	http.Redirect(w, r, safeReturn(st.Retour), http.StatusSeeOther)
	return nil
}
