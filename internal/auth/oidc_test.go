package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
	"golang.org/x/oauth2"
)

// testRedirectURL is cee's callback in tests. The test client does not
// follow redirects, so nothing ever listens there.
const testRedirectURL = "http://127.0.0.1:9/auth/proconnect/callback"

// testScopes are those mockoidc accepts (it refuses ProConnect's
// given_name and usual_name scopes).
var testScopes = []string{"openid", "email", "profile"}

// testProvider is mockoidc on loopback, with a middleware that can make it
// behave like ProConnect: an end_session_endpoint in discovery, userinfo as
// a signed JWT, and tampering hooks to test that Finish refuses bad tokens.
type testProvider struct {
	m *mockoidc.MockOIDC

	endSession bool // set before NewOIDC reads discovery

	mu sync.Mutex
	// userinfoJWT serves userinfo as application/jwt instead of JSON.
	userinfoJWT bool
	// userinfoSigner signs the userinfo JWT; nil means the provider's key.
	userinfoSigner *mockoidc.Keypair
	// userinfoClaims and idTokenClaims, when set, change the claims before
	// signing.
	userinfoClaims func(jwt.MapClaims)
	idTokenClaims  func(jwt.MapClaims)
	idTokenSigner  *mockoidc.Keypair
	// jwtServed counts userinfo answers served as JWT, to prove that path ran.
	jwtServed atomic.Int32
}

func startProvider(t *testing.T, endSession bool) *testProvider {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &testProvider{m: m, endSession: endSession}
	if err := m.AddMiddleware(p.middleware); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	return p
}

func (p *testProvider) set(f func(p *testProvider)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}

func (p *testProvider) config() OIDCConfig {
	return OIDCConfig{
		Issuer:       p.m.Issuer(),
		ClientID:     p.m.ClientID,
		ClientSecret: p.m.ClientSecret,
		RedirectURL:  testRedirectURL,
		Scopes:       testScopes,
	}
}

func (p *testProvider) logoutEndpoint() string {
	return p.m.Addr() + "/oidc/logout?ui_locales=fr"
}

func (p *testProvider) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		p.mu.Lock()
		defer p.mu.Unlock()
		var body []byte
		var contentType string
		var err error
		switch {
		case r.URL.Path == mockoidc.DiscoveryEndpoint && p.endSession && rec.Code == http.StatusOK:
			body, err = p.addEndSession(rec.Body.Bytes())
			contentType = "application/json"
		case r.URL.Path == mockoidc.TokenEndpoint && rec.Code == http.StatusOK &&
			(p.idTokenClaims != nil || p.idTokenSigner != nil):
			body, err = p.tamperIDToken(rec.Body.Bytes())
			contentType = "application/json"
		case r.URL.Path == mockoidc.UserinfoEndpoint && p.userinfoJWT && rec.Code == http.StatusOK:
			body, err = p.signUserinfo(rec.Body.Bytes())
			// ProConnect adds a charset parameter: the media type must still
			// be recognised.
			contentType = "application/jwt; charset=utf-8"
			p.jwtServed.Add(1)
		default:
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	})
}

func (p *testProvider) addEndSession(doc []byte) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		return nil, err
	}
	m["end_session_endpoint"] = p.logoutEndpoint()
	return json.Marshal(m)
}

func (p *testProvider) signUserinfo(info []byte) ([]byte, error) {
	claims := jwt.MapClaims{}
	if err := json.Unmarshal(info, &claims); err != nil {
		return nil, err
	}
	// A signed userinfo names its issuer and audience, as ProConnect's does.
	claims["iss"] = p.m.Issuer()
	claims["aud"] = p.m.ClientID
	if p.userinfoClaims != nil {
		p.userinfoClaims(claims)
	}
	signer := p.m.Keypair
	if p.userinfoSigner != nil {
		signer = p.userinfoSigner
	}
	s, err := signer.SignJWT(claims)
	return []byte(s), err
}

func (p *testProvider) tamperIDToken(resp []byte) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(resp, &m); err != nil {
		return nil, err
	}
	raw, _ := m["id_token"].(string)
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, errors.New("no id_token to tamper with")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	claims := jwt.MapClaims{}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, err
	}
	if p.idTokenClaims != nil {
		p.idTokenClaims(claims)
	}
	signer := p.m.Keypair
	if p.idTokenSigner != nil {
		signer = p.idTokenSigner
	}
	if m["id_token"], err = signer.SignJWT(claims); err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

// foreignKey returns a key that is not the provider's but claims its key ID,
// so that only the signature check can catch it.
func foreignKey(t *testing.T, p *testProvider) *mockoidc.Keypair {
	t.Helper()
	k, err := mockoidc.RandomKeypair(2048)
	if err != nil {
		t.Fatal(err)
	}
	if k.Kid, err = p.m.Keypair.KeyID(); err != nil {
		t.Fatal(err)
	}
	return k
}

// proConnectUser mimics ProConnect: the ID token carries only the subject
// (and nonce), the identity is in userinfo, the family name is usual_name.
type proConnectUser struct {
	sub, email, givenName, usualName string
	userinfoSub                      string // when set, userinfo lies about the subject
	// userinfoEmailVerified, when set, is sent as userinfo's email_verified.
	userinfoEmailVerified any
	// idEmail and idEmailVerified, when set, go into the ID token, as
	// providers other than ProConnect do.
	idEmail         string
	idEmailVerified bool
}

func (u proConnectUser) ID() string { return u.sub }

func (u proConnectUser) Userinfo([]string) ([]byte, error) {
	sub := u.sub
	if u.userinfoSub != "" {
		sub = u.userinfoSub
	}
	m := map[string]any{"sub": sub, "given_name": u.givenName, "usual_name": u.usualName}
	if u.email != "" {
		m["email"] = u.email
	}
	if u.userinfoEmailVerified != nil {
		m["email_verified"] = u.userinfoEmailVerified
	}
	return json.Marshal(m)
}

func (u proConnectUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return &struct {
		*mockoidc.IDTokenClaims
		Email         string `json:"email,omitempty"`
		EmailVerified bool   `json:"email_verified,omitempty"`
	}{base, u.idEmail, u.idEmailVerified}, nil
}

// noRedirect is the browser of the tests: it stops at the provider's
// redirect, to read the code and state meant for cee's callback.
var noRedirect = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// authorize runs Start and the provider's authorization step, returning
// what the callback would receive.
func authorize(t *testing.T, o *OIDC) (OIDCStart, string) {
	t.Helper()
	st, err := o.Start()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := noRedirect.Get(st.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorization endpoint answered %s, want a 302 redirect", resp.Status)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if cb, _ := url.Parse(testRedirectURL); loc.Scheme != cb.Scheme || loc.Host != cb.Host || loc.Path != cb.Path {
		t.Fatalf("redirected to %s, want the callback %s", loc, testRedirectURL)
	}
	if got := loc.Query().Get("state"); got != st.State {
		t.Fatalf("callback state %q, want Start's %q", got, st.State)
	}
	code := loc.Query().Get("code")
	if code == "" {
		t.Fatalf("no code in %s", loc)
	}
	return st, code
}

func newTestOIDC(t *testing.T, p *testProvider) *OIDC {
	t.Helper()
	o, err := NewOIDC(context.Background(), p.config())
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestOIDCFlowJSONUserinfo(t *testing.T) {
	p := startProvider(t, false)
	o := newTestOIDC(t, p)
	p.m.QueueUser(&mockoidc.MockUser{
		Subject:       "agent-4242",
		Email:         "  Claire.Martin@AC-Toulouse.fr ",
		EmailVerified: true,
	})
	st, code := authorize(t, o)
	id, err := o.Finish(context.Background(), code, st.Verifier, st.Nonce)
	if err != nil {
		t.Fatalf("Finish: %v", err)
	}
	want := OIDCIdentity{Subject: "agent-4242", Email: "claire.martin@ac-toulouse.fr", EmailVerified: true}
	got := id
	got.IDToken = ""
	if got != want {
		t.Errorf("identity = %+v, want %+v", got, want)
	}
	if strings.Count(id.IDToken, ".") != 2 {
		t.Errorf("IDToken %q is not a compact JWT", id.IDToken)
	}
	if n := p.jwtServed.Load(); n != 0 {
		t.Errorf("%d JWT userinfo served in the JSON test", n)
	}
}

func TestOIDCFlowJWTUserinfo(t *testing.T) {
	p := startProvider(t, false)
	p.set(func(p *testProvider) { p.userinfoJWT = true })
	o := newTestOIDC(t, p)
	p.m.QueueUser(proConnectUser{
		sub: "b2c1e0f4-proconnect", email: "Jean.Dupont@Education.Gouv.FR ",
		givenName: "Jean", usualName: "Dupont",
	})
	st, code := authorize(t, o)
	id, err := o.Finish(context.Background(), code, st.Verifier, st.Nonce)
	if err != nil {
		t.Fatalf("Finish: %v", err)
	}
	if p.jwtServed.Load() != 1 {
		t.Fatalf("userinfo was served as JWT %d times, want 1", p.jwtServed.Load())
	}
	// The ID token has no e-mail nor names: all of this came from the
	// signed userinfo.
	want := OIDCIdentity{
		Subject: "b2c1e0f4-proconnect", Email: "jean.dupont@education.gouv.fr",
		GivenName: "Jean", FamilyName: "Dupont",
	}
	got := id
	got.IDToken = ""
	if got != want {
		t.Errorf("identity = %+v, want %+v", got, want)
	}
}

// TestOIDCEmailVerified checks how email_verified is merged: userinfo's
// wins when present, and the ID token's only counts for the same address.
func TestOIDCEmailVerified(t *testing.T) {
	tests := []struct {
		name string
		user proConnectUser
		want bool
	}{
		{"ID token verified, same address in userinfo",
			proConnectUser{sub: "s", idEmail: "a@b.fr", idEmailVerified: true, email: "A@B.fr"}, true},
		{"ID token verified, other address in userinfo",
			proConnectUser{sub: "s", idEmail: "a@b.fr", idEmailVerified: true, email: "c@d.fr"}, false},
		{"userinfo says false",
			proConnectUser{sub: "s", idEmail: "a@b.fr", idEmailVerified: true, email: "a@b.fr", userinfoEmailVerified: false}, false},
		{"userinfo says \"true\" as a string",
			proConnectUser{sub: "s", email: "a@b.fr", userinfoEmailVerified: "true"}, true},
		{"nobody says", proConnectUser{sub: "s", email: "a@b.fr"}, false},
	}
	p := startProvider(t, false)
	p.set(func(p *testProvider) { p.userinfoJWT = true })
	o := newTestOIDC(t, p)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.m.QueueUser(tt.user)
			st, code := authorize(t, o)
			id, err := o.Finish(context.Background(), code, st.Verifier, st.Nonce)
			if err != nil {
				t.Fatalf("Finish: %v", err)
			}
			if id.EmailVerified != tt.want {
				t.Errorf("EmailVerified = %v, want %v (identity %+v)", id.EmailVerified, tt.want, id)
			}
			if want := strings.ToLower(tt.user.email); id.Email != want {
				t.Errorf("Email = %q, want userinfo's %q", id.Email, want)
			}
		})
	}
}

func TestOIDCFinishRejects(t *testing.T) {
	tests := []struct {
		name  string
		user  mockoidc.User
		setup func(t *testing.T, p *testProvider)
		// finish calls Finish as the case needs, after a normal authorization.
		finish func(o *OIDC, st OIDCStart, code string) error
		check  func(err error) bool
	}{
		{
			name: "wrong nonce",
			finish: func(o *OIDC, st OIDCStart, code string) error {
				_, err := o.Finish(context.Background(), code, st.Verifier, "nonce-d-une-autre-session")
				return err
			},
			check: func(err error) bool { return errors.Is(err, errOIDCNonce) },
		},
		{
			// mockoidc checks PKCE: the token endpoint refuses a verifier
			// whose S256 hash is not the challenge sent by Start.
			name: "wrong PKCE verifier",
			finish: func(o *OIDC, st OIDCStart, code string) error {
				_, err := o.Finish(context.Background(), code, oauth2.GenerateVerifier(), st.Nonce)
				return err
			},
			check: isInvalidGrant,
		},
		{
			name: "code used twice",
			finish: func(o *OIDC, st OIDCStart, code string) error {
				if _, err := o.Finish(context.Background(), code, st.Verifier, st.Nonce); err != nil {
					return errors.New("first use failed: " + err.Error())
				}
				_, err := o.Finish(context.Background(), code, st.Verifier, st.Nonce)
				return err
			},
			check: isInvalidGrant,
		},
		{
			name: "unknown code",
			finish: func(o *OIDC, st OIDCStart, code string) error {
				_, err := o.Finish(context.Background(), "code-inventé", st.Verifier, st.Nonce)
				return err
			},
			check: isInvalidGrant,
		},
		{
			name: "empty nonce",
			finish: func(o *OIDC, st OIDCStart, code string) error {
				_, err := o.Finish(context.Background(), code, st.Verifier, "")
				return err
			},
			check: func(err error) bool { return strings.Contains(fmt.Sprint(err), "nonce requis") },
		},
		{
			name: "ID token signed by another key",
			setup: func(t *testing.T, p *testProvider) {
				k := foreignKey(t, p)
				p.set(func(p *testProvider) { p.idTokenSigner = k })
			},
			check: func(err error) bool { return strings.Contains(fmt.Sprint(err), "failed to verify signature") },
		},
		{
			name: "ID token for another client",
			setup: func(t *testing.T, p *testProvider) {
				p.set(func(p *testProvider) { p.idTokenClaims = func(c jwt.MapClaims) { c["aud"] = "autre-client" } })
			},
			check: func(err error) bool { return strings.Contains(fmt.Sprint(err), "expected audience") },
		},
		{
			name: "ID token from another issuer",
			setup: func(t *testing.T, p *testProvider) {
				p.set(func(p *testProvider) {
					p.idTokenClaims = func(c jwt.MapClaims) { c["iss"] = "https://faux.example.fr" }
				})
			},
			check: func(err error) bool { return strings.Contains(fmt.Sprint(err), "issued by a different provider") },
		},
		{
			name: "expired ID token",
			setup: func(t *testing.T, p *testProvider) {
				// Tokens issued two hours ago with mockoidc's 10-minute TTL.
				p.m.FastForward(-2 * time.Hour)
			},
			check: func(err error) bool { return strings.Contains(fmt.Sprint(err), "token is expired") },
		},
		{
			name: "userinfo JWT signed by another key",
			user: proConnectUser{sub: "s1", email: "a@b.fr"},
			setup: func(t *testing.T, p *testProvider) {
				k := foreignKey(t, p)
				p.set(func(p *testProvider) { p.userinfoJWT, p.userinfoSigner = true, k })
			},
			check: func(err error) bool { return strings.Contains(fmt.Sprint(err), "invalid userinfo jwt signature") },
		},
		{
			name: "userinfo JWT for another client",
			user: proConnectUser{sub: "s1", email: "a@b.fr"},
			setup: func(t *testing.T, p *testProvider) {
				p.set(func(p *testProvider) {
					p.userinfoJWT = true
					p.userinfoClaims = func(c jwt.MapClaims) { c["aud"] = []string{"autre-client"} }
				})
			},
			check: func(err error) bool { return strings.Contains(fmt.Sprint(err), "audience mismatch") },
		},
		{
			name: "userinfo JWT from another issuer",
			user: proConnectUser{sub: "s1", email: "a@b.fr"},
			setup: func(t *testing.T, p *testProvider) {
				p.set(func(p *testProvider) {
					p.userinfoJWT = true
					p.userinfoClaims = func(c jwt.MapClaims) { c["iss"] = "https://faux.example.fr" }
				})
			},
			check: func(err error) bool { return strings.Contains(fmt.Sprint(err), "issuer mismatch") },
		},
		{
			name:  "userinfo about another subject",
			user:  proConnectUser{sub: "s1", email: "a@b.fr", userinfoSub: "s2"},
			setup: func(t *testing.T, p *testProvider) { p.set(func(p *testProvider) { p.userinfoJWT = true }) },
			check: func(err error) bool { return errors.Is(err, errOIDCSubject) },
		},
		{
			name:  "no e-mail",
			user:  proConnectUser{sub: "s1", givenName: "Sans", usualName: "Courriel"},
			setup: func(t *testing.T, p *testProvider) { p.set(func(p *testProvider) { p.userinfoJWT = true }) },
			check: func(err error) bool { return errors.Is(err, errOIDCNoEmail) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startProvider(t, false)
			o := newTestOIDC(t, p)
			if tt.user != nil {
				p.m.QueueUser(tt.user)
			}
			if tt.setup != nil {
				tt.setup(t, p)
			}
			st, code := authorize(t, o)
			finish := tt.finish
			if finish == nil {
				finish = func(o *OIDC, st OIDCStart, code string) error {
					_, err := o.Finish(context.Background(), code, st.Verifier, st.Nonce)
					return err
				}
			}
			err := finish(o, st, code)
			if err == nil {
				t.Fatal("Finish succeeded, want an error")
			}
			if !tt.check(err) {
				t.Errorf("Finish failed for another reason than expected: %v", err)
			}
		})
	}
}

func isInvalidGrant(err error) bool {
	var re *oauth2.RetrieveError
	return errors.As(err, &re) && re.ErrorCode == "invalid_grant"
}

func TestOIDCStart(t *testing.T) {
	p := startProvider(t, false)
	o := newTestOIDC(t, p)
	seen := map[string]bool{}
	for range 20 {
		st, err := o.Start()
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{st.State, st.Nonce, st.Verifier} {
			if len(v) < 43 {
				t.Errorf("value %q shorter than 256 bits in base64url", v)
			}
			if seen[v] {
				t.Fatalf("value %q came out twice: state, nonce and verifier must be random per Start", v)
			}
			seen[v] = true
		}
		u, err := url.Parse(st.URL)
		if err != nil {
			t.Fatal(err)
		}
		if got := u.Scheme + "://" + u.Host + u.Path; got != p.m.AuthorizationEndpoint() {
			t.Errorf("authorization URL %s, want the provider's %s", got, p.m.AuthorizationEndpoint())
		}
		q := u.Query()
		want := map[string]string{
			"response_type":         "code",
			"client_id":             p.m.ClientID,
			"redirect_uri":          testRedirectURL,
			"scope":                 "openid email profile",
			"state":                 st.State,
			"nonce":                 st.Nonce,
			"code_challenge_method": "S256",
			"code_challenge":        oauth2.S256ChallengeFromVerifier(st.Verifier),
		}
		for k, v := range want {
			if q.Get(k) != v {
				t.Errorf("%s = %q, want %q", k, q.Get(k), v)
			}
		}
		if q.Has("code_verifier") || strings.Contains(st.URL, st.Verifier) {
			t.Error("the PKCE verifier leaked into the authorization URL")
		}
	}
}

func TestOIDCScopes(t *testing.T) {
	p := startProvider(t, false)
	tests := []struct {
		scopes []string
		want   string
	}{
		{nil, "openid email given_name usual_name"},
		{[]string{"email", "given_name"}, "openid email given_name"},
		{[]string{"email", "openid"}, "email openid"},
	}
	for _, tt := range tests {
		c := p.config()
		c.Scopes = tt.scopes
		o, err := NewOIDC(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		st, err := o.Start()
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(st.URL)
		if got := u.Query().Get("scope"); got != tt.want {
			t.Errorf("scopes %q: scope = %q, want %q", tt.scopes, got, tt.want)
		}
	}
	if DefaultOIDCScopes[0] != "openid" || len(DefaultOIDCScopes) != 4 {
		t.Errorf("DefaultOIDCScopes = %q", DefaultOIDCScopes)
	}
}

func TestOIDCLogoutURL(t *testing.T) {
	t.Run("with end_session_endpoint", func(t *testing.T) {
		p := startProvider(t, true)
		o := newTestOIDC(t, p)
		got, ok := o.LogoutURL("eyJ.id.token", "https://cee.example.fr/deconnecte", "etat-123")
		if !ok {
			t.Fatal("LogoutURL not available although discovery has end_session_endpoint")
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		if base := u.Scheme + "://" + u.Host + u.Path; base != p.m.Addr()+"/oidc/logout" {
			t.Errorf("logout URL %s, want the end_session_endpoint", base)
		}
		want := url.Values{
			"ui_locales":               {"fr"}, // kept from the endpoint itself
			"client_id":                {p.m.ClientID},
			"id_token_hint":            {"eyJ.id.token"},
			"post_logout_redirect_uri": {"https://cee.example.fr/deconnecte"},
			"state":                    {"etat-123"},
		}
		if q := u.Query(); q.Encode() != want.Encode() {
			t.Errorf("logout query %s, want %s", q.Encode(), want.Encode())
		}
	})
	t.Run("without end_session_endpoint", func(t *testing.T) {
		p := startProvider(t, false)
		o := newTestOIDC(t, p)
		if got, ok := o.LogoutURL("eyJ.id.token", "https://cee.example.fr/", "s"); ok || got != "" {
			t.Errorf("LogoutURL = %q, %v; want \"\", false", got, ok)
		}
	})
}

func TestNewOIDCErrors(t *testing.T) {
	p := startProvider(t, false)
	// A loopback port nobody listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()

	with := func(f func(c *OIDCConfig)) OIDCConfig {
		c := p.config()
		f(&c)
		return c
	}
	tests := []struct {
		name string
		c    OIDCConfig
		want []string // all in the message
	}{
		{"unreachable issuer", with(func(c *OIDCConfig) { c.Issuer = closed + "/oidc" }),
			[]string{"document de découverte OIDC illisible", closed + "/oidc/.well-known/openid-configuration", "vérifiez l'URL de l'issuer", "check the issuer URL"}},
		{"no discovery document there", with(func(c *OIDCConfig) { c.Issuer = p.m.Addr() + "/ailleurs" }),
			[]string{"document de découverte OIDC illisible", "404"}},
		{"issuer with a trailing slash", with(func(c *OIDCConfig) { c.Issuer += "/" }),
			[]string{"diffère de celui annoncé", p.m.Issuer(), "issuer mismatch"}},
		{"missing fields", OIDCConfig{Issuer: p.m.Issuer()},
			[]string{"manque client_id, client_secret, redirect_url", "missing client_id"}},
		{"http issuer off loopback", with(func(c *OIDCConfig) { c.Issuer = "http://proconnect.example.fr" }),
			[]string{"adresse https attendue", "expected an https URL"}},
		{"http callback off loopback", with(func(c *OIDCConfig) { c.RedirectURL = "http://cee.example.fr/callback" }),
			[]string{"redirect_url", "adresse https attendue"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := NewOIDC(context.Background(), tt.c)
			if err == nil {
				t.Fatalf("NewOIDC succeeded (%v), want an error", o)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestSecureURL(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"https://auth.example.gouv.fr/api/v2", true},
		{"http://127.0.0.1:8080/cb", true},
		{"http://127.3.4.5/cb", true},
		{"http://localhost:8080/cb", true},
		{"http://[::1]:8080/cb", true},
		{"http://cee.example.fr/cb", false},
		{"http://127.0.0.1.example.fr/cb", false},
		{"ftp://127.0.0.1/cb", false},
		{"https://", false},
		{"/relative/cb", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := secureURL(tt.url); got != tt.want {
			t.Errorf("secureURL(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
}

func TestAuthStyle(t *testing.T) {
	tests := []struct {
		methods []string
		want    oauth2.AuthStyle
	}{
		{nil, oauth2.AuthStyleInHeader},
		{[]string{"client_secret_basic"}, oauth2.AuthStyleInHeader},
		{[]string{"client_secret_basic", "client_secret_post"}, oauth2.AuthStyleInParams},
		{[]string{"private_key_jwt", "client_secret_post"}, oauth2.AuthStyleInParams},
		{[]string{"private_key_jwt"}, oauth2.AuthStyleAutoDetect},
	}
	for _, tt := range tests {
		if got := authStyle(tt.methods); got != tt.want {
			t.Errorf("authStyle(%q) = %v, want %v", tt.methods, got, tt.want)
		}
	}
}

func TestEmailVerifiedClaim(t *testing.T) {
	tests := []struct {
		raw                    string
		wantVerified, wantPres bool
	}{
		{``, false, false},
		{`null`, false, false},
		{`true`, true, true},
		{`false`, false, true},
		{`"true"`, true, true},
		{`"TRUE"`, true, true},
		{`"false"`, false, true},
		{`1`, false, true},
	}
	for _, tt := range tests {
		c := oidcClaims{EmailVerified: json.RawMessage(tt.raw)}
		v, pres := c.emailVerified()
		if v != tt.wantVerified || pres != tt.wantPres {
			t.Errorf("email_verified %s: %v, %v; want %v, %v", tt.raw, v, pres, tt.wantVerified, tt.wantPres)
		}
	}
}
