package apptest

import (
	"encoding/json"

	"github.com/oauth2-proxy/mockoidc"

	"cee/internal/config"
)

// AgentEN is an agent of a school as the test identity provider (mockoidc)
// states it: its userinfo carries the school (UAI) and the function under
// the claim names of the default configuration (config.Defaults), as the
// ministry's identity provider would through ProConnect.
type AgentEN struct {
	*mockoidc.MockUser
	UAI, Fonction string
}

// Userinfo adds the school and the function to the mock's claims.
func (a AgentEN) Userinfo(scope []string) ([]byte, error) {
	b, err := a.MockUser.Userinfo(scope)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	d := config.Defaults()
	m[d.OIDCClaimUAI], m[d.OIDCClaimFonction] = a.UAI, a.Fonction
	return json.Marshal(m)
}

// WithOIDC configures the application for the test provider m (the
// scopes the mock accepts, not ProConnect's own).
func WithOIDC(m *mockoidc.MockOIDC) func(*config.Config) {
	return func(c *config.Config) {
		cfg := m.Config()
		c.OIDCIssuer, c.OIDCClientID, c.OIDCClientSecret = cfg.Issuer, cfg.ClientID, cfg.ClientSecret
		c.OIDCScopes = []string{"openid", "email", "profile"}
	}
}
