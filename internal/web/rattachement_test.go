package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth2-proxy/mockoidc"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// proconnect logs in through the test provider m as the user queued, and
// returns the client and the callback's answer.
func proconnect(t *testing.T, srv *apptest.Server, m *mockoidc.MockOIDC, u mockoidc.User) (*client, *http.Response, string) {
	t.Helper()
	c := newClient(t, srv)
	m.QueueUser(u)
	resp, _ := c.get("/connexion/proconnect")
	pr, err := c.http.Get(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	pr.Body.Close()
	cb, _ := url.Parse(pr.Header.Get("Location"))
	resp, body := c.get(cb.RequestURI())
	return c, resp, body
}

// Schools onboard themselves (issue 19): the académie's rules say which
// functions get the school's role through ProConnect, at once or after the
// pilote's approval.
func TestRattachementProConnect(t *testing.T) {
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Shutdown()
	srv := apptest.Start(t, apptest.Options{Demo: true, Configure: apptest.WithOIDC(m)})
	ctx := context.Background()
	st := srv.App.Store
	pilote := newClient(t, srv)
	acad := pilote.loginAs(demoEmail("pilote")).Habilitations[0].Academie
	list, _, err := st.ListEtablissements(ctx, store.EtablissementFilter{Academie: acad, Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no school in the demo académie: %v", err)
	}
	uai := list[0].UAI
	agent := func(email, fonction string) apptest.AgentEN {
		return apptest.AgentEN{MockUser: &mockoidc.MockUser{Subject: "agent-" + email, Email: email, EmailVerified: true}, UAI: uai, Fonction: fonction}
	}

	// No rule: the agent is unknown, as before.
	if _, resp, _ := proconnect(t, srv, m, agent("ddfpt@lycee.example", "DDFPT")); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("agent without a rule: %d, want 403", resp.StatusCode)
	}
	// The pilote lets DDFPT in at once, heads after approval.
	for _, r := range []url.Values{{"fonction": {"DDFPT"}, "approbation": {"non"}}, {"fonction": {"Chef d'établissement"}, "approbation": {"oui"}}} {
		if resp, _ := pilote.post("/comptes/rattachement/regles", r); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("rule %v: %d", r, resp.StatusCode)
		}
	}
	if resp, body := pilote.post("/comptes/rattachement/regles", url.Values{"fonction": {"  "}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Indiquez la fonction") {
		t.Errorf("empty function: %d", resp.StatusCode)
	}

	// DDFPT (any case, any accents): the role at once, the session on the school.
	c, resp, _ := proconnect(t, srv, m, agent("ddfpt@lycee.example", "ddfpt"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("DDFPT: %d", resp.StatusCode)
	}
	if _, body := c.get("/compte"); !strings.Contains(body, uai) {
		t.Error("the DDFPT's session is not on their school")
	}
	compte, err := st.GetCompteByEmail(ctx, "ddfpt@lycee.example")
	if err != nil || len(compte.Habilitations) != 1 || compte.Habilitations[0].Role != model.RoleEtablissement || compte.Habilitations[0].Ref != uai {
		t.Errorf("DDFPT's account: %+v %v", compte, err)
	}
	// A function not in the rules stays outside; a school that does not exist too.
	if _, resp, _ := proconnect(t, srv, m, agent("cpe@lycee.example", "CPE")); resp.StatusCode != http.StatusForbidden {
		t.Errorf("CPE: %d, want 403", resp.StatusCode)
	}
	bad := agent("ddfpt2@lycee.example", "DDFPT")
	bad.UAI = "0000000A"
	if _, resp, _ := proconnect(t, srv, m, bad); resp.StatusCode != http.StatusForbidden {
		t.Errorf("unknown school: %d, want 403", resp.StatusCode)
	}

	// The head waits for the pilote.
	_, resp, body := proconnect(t, srv, m, agent("principal@lycee.example", "CHEF D'ETABLISSEMENT"))
	if resp.StatusCode != http.StatusAccepted || !strings.Contains(body, "attend l'approbation") {
		t.Fatalf("head: %d", resp.StatusCode)
	}
	_, body = pilote.get("/comptes/rattachement")
	if !strings.Contains(body, "principal@lycee.example") {
		t.Fatal("the pilote does not see the head's request")
	}
	ds, _ := st.ListDemandesRattachement(ctx, acad)
	if len(ds) != 1 {
		t.Fatalf("%d requests, want 1", len(ds))
	}
	if resp, _ := pilote.post("/comptes/rattachement/demandes/"+itoa(ds[0].ID), url.Values{"decision": {"approuver"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approval: %d", resp.StatusCode)
	}
	// The head is told, with the way in.
	if m, ok := mailAbout(t, srv, "principal@lycee.example", "accès au service est ouvert"); !ok || !strings.Contains(m.Text, srv.URL+"/connexion") || !strings.Contains(m.Text, uai) {
		t.Errorf("approval mail: %v\n%s", ok, m.Text)
	}
	c, resp, _ = proconnect(t, srv, m, agent("principal@lycee.example", "Chef d'établissement"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("head after approval: %d", resp.StatusCode)
	}
	if _, body := c.get("/compte"); !strings.Contains(body, uai) {
		t.Error("the head's session is not on their school")
	}
}
