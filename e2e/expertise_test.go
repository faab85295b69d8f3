package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/model"
)

// Issue 19 item 4 in a browser: an inspector asks the demo CEE for an
// opinion; the CEE gives it; the request shows it, and it counts on the
// CEE's dashboard among the services of the year.
func TestExpertiseJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	c, err := srv.App.Store.GetCompteByEmail(context.Background(), "conseiller@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	var ceeID string
	for _, h := range c.Habilitations {
		if h.Role == model.RoleConseiller {
			ceeID = h.Ref
		}
	}

	j.login("inspecteur@demo.example")
	j.step("formulaire", chromedp.Navigate(srv.URL+"/expertises/nouvelle"), chromedp.WaitVisible("#expertise-objet"))
	checkAxe(t, ctx, "/expertises/nouvelle")
	j.step("demande d'avis", chromedp.SetValue("#expertise-sujet", "ouverture"),
		chromedp.SendKeys("#expertise-objet", "Ouverture d'un CAP Boulanger"),
		chromedp.SendKeys("#expertise-question", "Les boulangeries du bassin prendraient-elles des apprentis ?"),
		chromedp.SetValue("#expertise-echeance", time.Now().AddDate(0, 0, 14).Format("2006-01-02")),
		chromedp.SetValue("#expertise-conseiller1", ceeID),
		clickNavigate(`form[action="/expertises"] button[type=submit]`), chromedp.WaitVisible("h1"))
	path := run(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	if !regexp.MustCompile(`^/expertises/\d+$`).MatchString(path) {
		t.Fatalf("after the request: %s", path)
	}
	j.logout()

	j.login("conseiller@demo.example")
	j.step("la demande", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible("#avis-texte"))
	checkAxe(t, ctx, "/expertises/… (réponse du CEE)")
	j.step("avis", check(`#avis-decision-1`),
		chromedp.SendKeys("#avis-texte", "Avis favorable : quatre boulangeries du bassin recrutent."),
		chromedp.SendKeys("#avis-heures", "1,5"),
		clickNavigate(`form[action$="/reponse"] button[type=submit]`), chromedp.WaitVisible("h1"))
	if txt := run(t, ctx, chromedp.Text("main")); !strings.Contains(txt, "quatre boulangeries du bassin recrutent") || !strings.Contains(txt, "1,5 h") {
		t.Fatalf("the request after the opinion:\n%s", txt)
	}
	j.step("tableau de bord", chromedp.Navigate(srv.URL+"/tableau-de-bord"), chromedp.WaitVisible(".fr-card__title"))
	if txt := run(t, ctx, chromedp.Text("main")); !strings.Contains(txt, "Avis d'expertise rendus") || !strings.Contains(txt, "1 (1,5 h)") {
		t.Errorf("the CEE's dashboard does not count the opinion:\n%s", txt)
	}
	checkAxe(t, ctx, "/tableau-de-bord (avis d'expertise)")
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}
