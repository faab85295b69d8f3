package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/model"
)

// TestUniteJourneyInChromium: a CMQ's animator opens their unit's page
// (its dashboard, axe-clean), posts a request for one of its schools from
// there, and finds it on the unit's page.
func TestUniteJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	anim, err := srv.App.Store.GetCompteByEmail(context.Background(), "partenaire@demo.example")
	if err != nil || anim.Habilitations[0].Role != model.RolePartenaire {
		t.Fatalf("demo animator: %v %+v", err, anim)
	}
	page := "/campus/" + anim.Habilitations[0].Ref
	if _, err := strconv.ParseInt(anim.Habilitations[0].Ref, 10, 64); err != nil {
		t.Fatal(err)
	}

	j.login("partenaire@demo.example")
	j.step("page de l'unité", chromedp.Navigate(srv.URL+page), chromedp.WaitVisible("#unite-du"))
	checkAxe(t, ctx, "/campus/{id}")
	if body := run(t, ctx, chromedp.Text("main")); !strings.Contains(body, "Tableau de bord") || !strings.Contains(body, "Conseillers engagés") {
		t.Errorf("the unit's dashboard is missing:\n%s", body)
	}
	j.step("nouvelle demande", clickNavigate(`main a[href="/demandes/nouvelle"]`), chromedp.WaitVisible("#demande-uai"))
	checkAxe(t, ctx, "/demandes/nouvelle (animateur)")
	uai := run(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#demande-uai option')].map(o => o.value).find(v => v !== '') || ''`))
	if uai == "" {
		t.Fatal("no member school offered")
	}
	j.step("brouillon", chromedp.SetValue("#demande-type", "visite"), chromedp.SendKeys("#demande-titre", "Visite de l'atelier du campus"),
		chromedp.SetValue("#demande-uai", uai), clickNavigate(`main form button[value="brouillon"]`),
		chromedp.WaitVisible(".fr-alert--info"))
	if body := run(t, ctx, chromedp.Text("main")); !strings.Contains(body, "Unité") {
		t.Errorf("the request's page does not name its unit:\n%s", body)
	}
	j.step("retour à l'unité", chromedp.Navigate(srv.URL+page), chromedp.WaitVisible("#unite-du"))
	if body := run(t, ctx, chromedp.Text("main")); !strings.Contains(body, "Visite de l'atelier du campus") {
		t.Errorf("the unit's page does not list the animator's request")
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}
