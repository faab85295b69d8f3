package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// DefaultOIDCScopes are the scopes asked of ProConnect: its identity claims
// are scopes of their own, and "usual_name" is its family name.
var DefaultOIDCScopes = []string{oidc.ScopeOpenID, "email", "given_name", "usual_name"}

// oidcHTTPTimeout bounds every call to the provider (discovery, keys, token,
// userinfo), so that a provider outage fails logins instead of piling up
// stuck requests.
const oidcHTTPTimeout = 15 * time.Second

// OIDCConfig configures the client of one OpenID Connect provider.
type OIDCConfig struct {
	// Issuer is the provider's issuer, exactly as its discovery document
	// states it: discovery is read at Issuer + "/.well-known/openid-configuration".
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is cee's callback, registered with the provider.
	RedirectURL string
	// Scopes defaults to DefaultOIDCScopes; "openid" is added if missing.
	Scopes []string
	// ClaimUAI and ClaimFonction name the claims carrying the agent's
	// school and function (OIDCIdentity.UAI, .Fonction); empty: not read.
	ClaimUAI, ClaimFonction string
}

// OIDC is a client of one OpenID Connect provider (ProConnect), built once
// at start-up by NewOIDC and safe for concurrent use.
type OIDC struct {
	issuer     string
	provider   *oidc.Provider
	oauth2     oauth2.Config
	verifier   *oidc.IDTokenVerifier
	client     *http.Client
	endSession string
	// claimUAI, claimFonction: OIDCConfig's.
	claimUAI, claimFonction string
}

// OIDCStart is the beginning of one login: redirect the browser to URL, and
// keep State, Nonce and Verifier server-side (or in a signed, HttpOnly
// cookie) until the callback. State must then equal the callback's "state"
// parameter; Nonce and Verifier go to Finish.
type OIDCStart struct {
	URL      string
	State    string
	Nonce    string
	Verifier string
}

// OIDCIdentity is who logged in, as the provider vouches for it.
type OIDCIdentity struct {
	// Subject is the provider's stable identifier for the person: match
	// accounts on it once known, since e-mail addresses change.
	Subject string
	// Email is lower-cased and trimmed.
	Email      string
	GivenName  string
	FamilyName string
	// EmailVerified is what the provider states; ProConnect only federates
	// administrations' own identity providers and may leave it out.
	EmailVerified bool
	// IDToken is the raw ID token, kept for the id_token_hint of LogoutURL.
	IDToken string
	// UAI and Fonction are the agent's school and function, when the
	// provider states them (OIDCConfig.ClaimUAI, ClaimFonction), trimmed:
	// a school's agent onboards themselves with them.
	UAI, Fonction string
}

// Errors of Finish that the web layer may want to tell apart in its logs.
var (
	errOIDCNonce   = errors.New("auth: nonce du jeton d'identité différent de celui de la session / ID token nonce mismatch")
	errOIDCSubject = errors.New("auth: sujet de userinfo différent de celui du jeton d'identité / userinfo subject mismatch")
	errOIDCNoEmail = errors.New("auth: le fournisseur d'identité n'a transmis aucune adresse électronique (scope « email » demandé ?) / no e-mail from the identity provider")
)

// NewOIDC reads the provider's discovery document and prepares the client.
// Its errors say what to fix in the configuration, in French and English,
// since they end start-up.
func NewOIDC(ctx context.Context, c OIDCConfig) (*OIDC, error) {
	if err := checkOIDCConfig(c); err != nil {
		return nil, err
	}
	client := &http.Client{Timeout: oidcHTTPTimeout}
	// go-oidc and oauth2 take their HTTP client from the context; the
	// provider also keeps this one for fetching its keys later.
	ctx = oidc.ClientContext(ctx, client)
	provider, err := oidc.NewProvider(ctx, c.Issuer)
	if err != nil {
		var mismatch *oidc.IssuerMismatchError
		if errors.As(err, &mismatch) {
			return nil, fmt.Errorf("auth: l'issuer OIDC configuré %q diffère de celui annoncé par le fournisseur %q : copiez exactement la valeur « issuer » du document de découverte / issuer mismatch: use the discovery document's issuer verbatim: %w",
				mismatch.Provided, mismatch.Discovered, err)
		}
		return nil, fmt.Errorf("auth: document de découverte OIDC illisible à %s/.well-known/openid-configuration : vérifiez l'URL de l'issuer et que ce serveur peut joindre le fournisseur (pare-feu, proxy) / cannot read the OIDC discovery document: check the issuer URL and outbound access: %w",
			strings.TrimSuffix(c.Issuer, "/"), err)
	}

	var meta struct {
		EndSession  string   `json:"end_session_endpoint"`
		AuthMethods []string `json:"token_endpoint_auth_methods_supported"`
	}
	if err := provider.Claims(&meta); err != nil {
		return nil, fmt.Errorf("auth: document de découverte OIDC illisible / unreadable discovery document: %w", err)
	}
	if meta.EndSession != "" {
		if _, err := url.Parse(meta.EndSession); err != nil {
			return nil, fmt.Errorf("auth: end_session_endpoint %q invalide / invalid end_session_endpoint: %w", meta.EndSession, err)
		}
	}

	scopes := c.Scopes
	if len(scopes) == 0 {
		scopes = DefaultOIDCScopes
	}
	if !slices.Contains(scopes, oidc.ScopeOpenID) {
		scopes = append([]string{oidc.ScopeOpenID}, scopes...)
	}
	endpoint := provider.Endpoint()
	endpoint.AuthStyle = authStyle(meta.AuthMethods)

	return &OIDC{
		issuer:        c.Issuer,
		claimUAI:      c.ClaimUAI,
		claimFonction: c.ClaimFonction,
		provider:      provider,
		oauth2: oauth2.Config{
			ClientID:     c.ClientID,
			ClientSecret: c.ClientSecret,
			Endpoint:     endpoint,
			RedirectURL:  c.RedirectURL,
			Scopes:       slices.Clone(scopes),
		},
		// The verifier checks signature (with the algorithms the discovery
		// document announces), issuer, audience and expiry; the nonce is
		// checked by Finish.
		verifier:   provider.Verifier(&oidc.Config{ClientID: c.ClientID}),
		client:     client,
		endSession: meta.EndSession,
	}, nil
}

func checkOIDCConfig(c OIDCConfig) error {
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"issuer", c.Issuer}, {"client_id", c.ClientID},
		{"client_secret", c.ClientSecret}, {"redirect_url", c.RedirectURL},
	} {
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("auth: configuration OIDC incomplète, manque %s / incomplete OIDC configuration, missing %s",
			strings.Join(missing, ", "), strings.Join(missing, ", "))
	}
	for _, f := range []struct{ name, value string }{{"issuer", c.Issuer}, {"redirect_url", c.RedirectURL}} {
		if !secureURL(f.value) {
			return fmt.Errorf("auth: OIDC %s %q : adresse https attendue (http seulement pour 127.0.0.1 ou localhost) / expected an https URL (http only on loopback)",
				f.name, f.value)
		}
	}
	return nil
}

// secureURL accepts https, and http on loopback only (tests, development):
// codes and tokens over plain http elsewhere could be read on the way.
func secureURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		host := u.Hostname()
		if host == "localhost" {
			return true
		}
		ip := net.ParseIP(host)
		return ip != nil && ip.IsLoopback()
	}
	return false
}

// authStyle picks how the client secret is sent to the token endpoint.
// client_secret_post comes first: ProConnect documents it, and it avoids the
// form-encoding ambiguity of secrets with special characters in HTTP Basic.
// Without a list, the spec's default is client_secret_basic.
func authStyle(methods []string) oauth2.AuthStyle {
	switch {
	case slices.Contains(methods, "client_secret_post"):
		return oauth2.AuthStyleInParams
	case len(methods) == 0 || slices.Contains(methods, "client_secret_basic"):
		return oauth2.AuthStyleInHeader
	}
	return oauth2.AuthStyleAutoDetect
}

// randomString returns 32 random bytes in base64url: unguessable values for
// state and nonce.
func randomString() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: aléa / randomness: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Start begins an authorization code flow with PKCE (S256) and a nonce:
// state ties the callback to this browser (CSRF), the nonce ties the ID
// token to this login (replay), and the PKCE verifier makes a stolen code
// useless without it.
func (o *OIDC) Start() (OIDCStart, error) {
	state, err := randomString()
	if err != nil {
		return OIDCStart{}, err
	}
	nonce, err := randomString()
	if err != nil {
		return OIDCStart{}, err
	}
	verifier := oauth2.GenerateVerifier()
	u := o.oauth2.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
	return OIDCStart{URL: u, State: state, Nonce: nonce, Verifier: verifier}, nil
}

// oidcClaims are the identity claims read from the ID token and userinfo.
// ProConnect names the family name usual_name; family_name is the standard.
type oidcClaims struct {
	Subject       string          `json:"sub"`
	Issuer        string          `json:"iss"`
	Audience      json.RawMessage `json:"aud"`
	Email         string          `json:"email"`
	EmailVerified json.RawMessage `json:"email_verified"`
	GivenName     string          `json:"given_name"`
	UsualName     string          `json:"usual_name"`
	FamilyName    string          `json:"family_name"`
}

func (c oidcClaims) familyName() string {
	if c.UsualName != "" {
		return c.UsualName
	}
	return c.FamilyName
}

// emailVerified reads email_verified, which some providers send as the
// string "true"; present says whether the claim was there at all.
func (c oidcClaims) emailVerified() (verified, present bool) {
	if len(c.EmailVerified) == 0 || string(c.EmailVerified) == "null" {
		return false, false
	}
	var b bool
	if json.Unmarshal(c.EmailVerified, &b) == nil {
		return b, true
	}
	var s string
	if json.Unmarshal(c.EmailVerified, &s) == nil {
		return strings.EqualFold(s, "true"), true
	}
	return false, true
}

// audienceContains reads aud, a string or an array of strings.
func audienceContains(raw json.RawMessage, clientID string) bool {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return one == clientID
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		return slices.Contains(many, clientID)
	}
	return false
}

// Finish ends the flow at the callback, once the caller has checked the
// callback's state against OIDCStart.State: it exchanges the code with the
// PKCE verifier, verifies the ID token (signature, issuer, audience,
// expiry, nonce), then reads userinfo, which is where ProConnect puts the
// identity, as a JWT signed with the provider's keys (application/jwt) or,
// for other providers, as JSON.
func (o *OIDC) Finish(ctx context.Context, code, verifier, nonce string) (OIDCIdentity, error) {
	if code == "" || verifier == "" || nonce == "" {
		return OIDCIdentity{}, errors.New("auth: code, vérificateur PKCE et nonce requis / code, PKCE verifier and nonce required")
	}
	ctx = oidc.ClientContext(ctx, o.client)
	tok, err := o.oauth2.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return OIDCIdentity{}, fmt.Errorf("auth: échange du code OIDC refusé / OIDC code exchange failed: %w", err)
	}
	rawID, _ := tok.Extra("id_token").(string)
	if rawID == "" {
		return OIDCIdentity{}, errors.New("auth: réponse du fournisseur sans jeton d'identité / no id_token in the token response")
	}
	idt, err := o.verifier.Verify(ctx, rawID)
	if err != nil {
		return OIDCIdentity{}, fmt.Errorf("auth: jeton d'identité invalide / invalid ID token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return OIDCIdentity{}, errOIDCNonce
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return OIDCIdentity{}, fmt.Errorf("auth: at_hash invalide / access token hash mismatch: %w", err)
		}
	}
	var fromID oidcClaims
	if err := idt.Claims(&fromID); err != nil {
		return OIDCIdentity{}, fmt.Errorf("auth: jeton d'identité illisible / unreadable ID token: %w", err)
	}
	id := OIDCIdentity{
		Subject:    idt.Subject,
		Email:      fromID.Email,
		GivenName:  fromID.GivenName,
		FamilyName: fromID.familyName(),
		IDToken:    rawID,
	}
	id.EmailVerified, _ = fromID.emailVerified()
	var extraID map[string]any
	if err := idt.Claims(&extraID); err != nil {
		return OIDCIdentity{}, fmt.Errorf("auth: jeton d'identité illisible / unreadable ID token: %w", err)
	}
	id.UAI, id.Fonction = claimString(extraID, o.claimUAI), claimString(extraID, o.claimFonction)

	if o.provider.UserInfoEndpoint() != "" {
		// go-oidc verifies an application/jwt answer's signature against the
		// provider's key set before decoding it.
		ui, err := o.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return OIDCIdentity{}, fmt.Errorf("auth: userinfo OIDC / OIDC userinfo: %w", err)
		}
		var fromUI oidcClaims
		if err := ui.Claims(&fromUI); err != nil {
			return OIDCIdentity{}, fmt.Errorf("auth: userinfo illisible / unreadable userinfo: %w", err)
		}
		// OIDC Core §5.3.2: userinfo must be about the ID token's subject, or
		// a token substitution could log someone in as another person.
		if fromUI.Subject != idt.Subject {
			return OIDCIdentity{}, errOIDCSubject
		}
		// A signed userinfo names its issuer and audience (OIDC Core §5.3.2):
		// check them when present, so that a JWT signed by the same keys for
		// another client is not taken for ours.
		if fromUI.Issuer != "" && fromUI.Issuer != o.issuer {
			return OIDCIdentity{}, fmt.Errorf("auth: userinfo émis par %q, attendu %q / userinfo issuer mismatch", fromUI.Issuer, o.issuer)
		}
		if len(fromUI.Audience) > 0 && !audienceContains(fromUI.Audience, o.oauth2.ClientID) {
			return OIDCIdentity{}, errors.New("auth: userinfo destiné à un autre client / userinfo audience mismatch")
		}
		if fromUI.Email != "" {
			verified, present := fromUI.emailVerified()
			switch {
			case present:
				id.EmailVerified = verified
			case !strings.EqualFold(strings.TrimSpace(fromUI.Email), strings.TrimSpace(id.Email)):
				// The ID token's email_verified was about another address.
				id.EmailVerified = false
			}
			id.Email = fromUI.Email
		}
		var extraUI map[string]any
		if err := ui.Claims(&extraUI); err != nil {
			return OIDCIdentity{}, fmt.Errorf("auth: userinfo illisible / unreadable userinfo: %w", err)
		}
		if v := claimString(extraUI, o.claimUAI); v != "" {
			id.UAI = v
		}
		if v := claimString(extraUI, o.claimFonction); v != "" {
			id.Fonction = v
		}
		if fromUI.GivenName != "" {
			id.GivenName = fromUI.GivenName
		}
		if f := fromUI.familyName(); f != "" {
			id.FamilyName = f
		}
	}

	id.Email = strings.ToLower(strings.TrimSpace(id.Email))
	id.GivenName = strings.TrimSpace(id.GivenName)
	id.FamilyName = strings.TrimSpace(id.FamilyName)
	// Agents are matched to their accounts by e-mail on first login.
	if id.Email == "" {
		return OIDCIdentity{}, errOIDCNoEmail
	}
	return id, nil
}

// claimString reads the claim name of claims as a trimmed string (a
// number is written as such); "" when absent or of another kind.
func claimString(claims map[string]any, name string) string {
	if name == "" {
		return ""
	}
	switch v := claims[name].(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// LogoutURL returns the provider's logout address (RP-initiated logout),
// to which the browser is sent after cee's own session is closed, so that
// the next login asks for credentials again. ok is false when the provider
// announces no end_session_endpoint. postLogoutRedirect must be registered
// with the provider; state comes back on it, to be checked like Start's.
func (o *OIDC) LogoutURL(idToken, postLogoutRedirect, state string) (string, bool) {
	if o.endSession == "" {
		return "", false
	}
	u, err := url.Parse(o.endSession)
	if err != nil {
		return "", false
	}
	q := u.Query()
	q.Set("client_id", o.oauth2.ClientID)
	if idToken != "" {
		q.Set("id_token_hint", idToken)
	}
	if postLogoutRedirect != "" {
		q.Set("post_logout_redirect_uri", postLogoutRedirect)
	}
	if state != "" {
		q.Set("state", state)
	}
	u.RawQuery = q.Encode()
	return u.String(), true
}
