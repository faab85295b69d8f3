package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

func init() {
	for k, v := range jetonAccessRules {
		accessRules[k] = v
	}
}

// jetonAccessRules are the lines of accessRules for routesJetons: every
// signed-in person manages their own tokens (another's is 404); the API's
// reference is public.
var jetonAccessRules = map[string]rule{
	"GET /compte/jetons":                member,
	"POST /compte/jetons":               member,
	"POST /compte/jetons/{id}/revoquer": member,
	"GET /developpeurs/api":             open,
}

var secretPattern = regexp.MustCompile(`value="(cee_[A-Za-z0-9_-]{43})"`)

// apiGet calls the API with a bearer token (or none), and optionally the
// browser's session cookie.
func apiGet(t *testing.T, srv *apptest.Server, path, token, cookie string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestJetons: an account creates a token for one of its roles, sees it
// once, uses it, and revokes it; the session cookie opens nothing in the
// API; the journal records both steps.
func TestJetons(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, databaseURL string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: databaseURL})
		ctx := context.Background()
		c := newClient(t, srv)
		comp := c.loginAs(demoEmail("pilote"))
		h := itoa(comp.Habilitations[0].ID)
		expire := time.Now().AddDate(0, 1, 0).Format("2006-01-02")

		// A session alone does not authenticate the API.
		if st := apiGet(t, srv, "/api/v1/demandes", "", c.cookie()); st != http.StatusUnauthorized {
			t.Fatalf("API avec le seul cookie de session : %d, want 401", st)
		}
		for _, bad := range []url.Values{
			{"nom": {""}, "habilitation": {h}, "acces": {"lecture"}, "expire": {expire}},
			{"nom": {"x"}, "habilitation": {h}, "acces": {"lecture"}, "expire": {time.Now().AddDate(2, 0, 0).Format("2006-01-02")}},
			{"nom": {"x"}, "habilitation": {"999999"}, "acces": {"lecture"}, "expire": {expire}},
			{"nom": {"x"}, "habilitation": {h}, "acces": {"tout"}, "expire": {expire}},
		} {
			if resp, body := c.post("/compte/jetons", bad); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "fr-message--error") {
				t.Errorf("%v : %d, want 422 with a field error", bad, resp.StatusCode)
			}
		}
		resp, body := c.post("/compte/jetons", url.Values{"nom": {"ENT du lycée"}, "habilitation": {h}, "acces": {"ecriture"}, "expire": {expire}})
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("création : %d", resp.StatusCode)
		}
		m := secretPattern.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("le jeton créé n'est pas affiché")
		}
		secret := m[1]
		if st := apiGet(t, srv, "/api/v1/demandes", secret, ""); st != http.StatusOK {
			t.Fatalf("API avec le jeton : %d", st)
		}
		_, body = c.get("/compte/jetons")
		if strings.Contains(body, secret) {
			t.Error("le jeton est encore affiché après sa création")
		}
		for _, want := range []string{"ENT du lycée", "lecture et écriture", "Actif", "Révoquer"} {
			if !strings.Contains(body, want) {
				t.Errorf("la liste ne montre pas %q", want)
			}
		}
		list, err := srv.App.Store.ListJetonsAPI(ctx, comp.ID)
		if err != nil || len(list) != 1 || list[0].DernierUsage == nil {
			t.Fatalf("jetons en base : %+v, %v", list, err)
		}

		// Another account cannot revoke it.
		other := newClient(t, srv)
		other.loginAs(demoEmail("admin"))
		if resp, _ := other.post("/compte/jetons/"+itoa(list[0].ID)+"/revoquer", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("révocation par un autre compte : %d, want 404", resp.StatusCode)
		}
		if st := apiGet(t, srv, "/api/v1/demandes", secret, ""); st != http.StatusOK {
			t.Fatalf("jeton après la tentative d'un autre : %d", st)
		}
		if resp, _ := c.post("/compte/jetons/"+itoa(list[0].ID)+"/revoquer", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("révocation : %d", resp.StatusCode)
		}
		if st := apiGet(t, srv, "/api/v1/demandes", secret, ""); st != http.StatusUnauthorized {
			t.Errorf("API avec un jeton révoqué : %d, want 401", st)
		}
		_, body = c.get("/compte/jetons")
		if !strings.Contains(body, "Révoqué") {
			t.Error("la liste ne dit pas le jeton révoqué")
		}
		entries, _, err := srv.App.Store.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditJetonAPI, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 {
			t.Errorf("%d lignes de journal pour le jeton, want 2 (création, révocation)", len(entries))
		}
	})
}

// TestAPIReference: the public reference page lists every operation of
// the document, with its parameters and schemas.
func TestAPIReference(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	c := newClient(t, srv)
	resp, body := c.get("/developpeurs/api")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, rt := range srv.App.API.Routes() {
		if !strings.Contains(body, `id="op-`+rt.ID+`"`) {
			t.Errorf("opération %s absente de la page", rt.ID)
		}
	}
	for _, want := range []string{"schema-Demande", "schema-Problem", "If-Match", "limite", "curseur"} {
		if !strings.Contains(body, want) {
			t.Errorf("la page ne montre pas %q", want)
		}
	}
}
