package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/oauth2-proxy/mockoidc"

	"cee/internal/apptest"
	"cee/internal/store"
)

// TestRattachementProConnectInChromium: the pilote lets the DDFPT of the
// académie's schools onboard through ProConnect; a DDFPT logs in through
// the test identity provider, whose identity carries their school (UAI)
// and function, and lands on their school without any invitation.
func TestRattachementProConnectInChromium(t *testing.T) {
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Shutdown()
	srv := apptest.Start(t, apptest.Options{Demo: true, Configure: apptest.WithOIDC(m)})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}

	pilote, err := srv.App.Store.GetCompteByEmail(context.Background(), "pilote@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	ecoles, _, err := srv.App.Store.ListEtablissements(context.Background(), store.EtablissementFilter{Academie: pilote.Habilitations[0].Academie, Limit: 1})
	if err != nil || len(ecoles) == 0 {
		t.Fatalf("no school in the demo académie: %v", err)
	}
	e := ecoles[0]

	j.login("pilote@demo.example")
	j.step("règles de rattachement", chromedp.Navigate(srv.URL+"/comptes/rattachement"), chromedp.WaitVisible("#rattachement-fonction"))
	checkAxe(t, ctx, "/comptes/rattachement")
	j.step("règle DDFPT", chromedp.SendKeys("#rattachement-fonction", "DDFPT"), chromedp.Click(`label[for="rattachement-approbation-2"]`),
		clickNavigate(`form[action="/comptes/rattachement/regles"] button[type=submit]`), chromedp.WaitVisible(".fr-alert--success"))
	if regles := run(t, ctx, chromedp.Text("#regles-rattachement")); !strings.Contains(regles, "DDFPT") || !strings.Contains(regles, "dès la connexion") {
		t.Errorf("rules after saving: %q", regles)
	}
	j.logout()

	m.QueueUser(apptest.AgentEN{MockUser: &mockoidc.MockUser{Subject: "agent-ddfpt", Email: "ddfpt@lycee-rattache.example", EmailVerified: true}, UAI: e.UAI, Fonction: "ddfpt"})
	j.step("connexion ProConnect", chromedp.Navigate(srv.URL+"/connexion"), chromedp.WaitVisible(`a[href^="/connexion/proconnect"]`),
		clickNavigate(`a[href^="/connexion/proconnect"]`), chromedp.WaitVisible(`.fr-header__tools-links a[href="/compte"]`))
	j.step("son établissement", chromedp.Navigate(srv.URL+"/compte"), chromedp.WaitVisible("main"))
	if body := run(t, ctx, chromedp.Text("main")); !strings.Contains(body, e.UAI) {
		t.Errorf("the agent's account is not on their school %s", e.UAI)
	}
	j.step("équipe", chromedp.Navigate(srv.URL+"/etablissements/"+e.UAI+"/equipe"), chromedp.WaitVisible("main"))
	if body := run(t, ctx, chromedp.Text("main")); !strings.Contains(body, "ddfpt@lycee-rattache.example") {
		t.Error("the agent is not in their school's team")
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}
