package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
)

// TestCouvertureJourneyInChromium: the pilote finds, on the coverage page,
// a school never reached, opens its first contact with the CEE nearest to
// it, and invites its head, who accepts the link and lands on the school.
func TestCouvertureJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}

	j.login("pilote@demo.example")
	j.step("couverture", chromedp.Navigate(srv.URL+"/couverture"), chromedp.WaitVisible("#carte-couverture"))
	checkAxe(t, ctx, "/couverture")
	j.step("période", chromedp.SetValue("#couverture-du", "2001-01-01"), chromedp.SetValue("#couverture-au", "2001-12-31"),
		clickNavigate(`form[action="/couverture"] button[type=submit]`), chromedp.WaitVisible("#carte-couverture"))
	if lead := run(t, ctx, chromedp.Text(".fr-text--lead")); !strings.Contains(lead, "du 1er janvier 2001 au 31 décembre 2001") {
		t.Errorf("period not applied: %q", lead)
	}
	j.step("premier contact", clickNavigate(`#non-atteints a[href^="/couverture/"]`), chromedp.WaitVisible("#premier-contact-emails"))
	checkAxe(t, ctx, "/couverture/{uai}")
	uai := strings.TrimPrefix(run(t, ctx, chromedp.Evaluate[string](`location.pathname`)), "/couverture/")
	cee := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#suggestions tbody th a')].map(a => a.textContent.trim())`))
	if len(cee) == 0 || len(cee) > 3 {
		t.Fatalf("%d CEE suggested, want 1 to 3", len(cee))
	}
	j.step("inviter l'équipe", chromedp.SendKeys("#premier-contact-emails", "principal@college-jamais.example"),
		clickNavigate(`form[action^="/couverture/"] button[type=submit]`), chromedp.WaitVisible(".fr-alert--success"))
	if alert := run(t, ctx, chromedp.Text(".fr-alert--success")); !strings.Contains(alert, cee[0]) {
		t.Errorf("confirmation does not name the nearest CEE %s: %q", cee[0], alert)
	}
	// The schools of a département without an account, invited at once
	// after a confirmation that says how many (issue 19 item 7).
	j.step("invitations par département", chromedp.Navigate(srv.URL+"/couverture"), chromedp.WaitVisible("#carte-couverture"),
		clickNavigate(`a[href="/couverture/invitations"]`), chromedp.WaitVisible("#invitations-departement"))
	dep := run(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#invitations-departement option')].map(o => o.value).find(v => v !== '') || ''`))
	j.step("département", chromedp.SetValue("#invitations-departement", dep),
		clickNavigate(`form[action="/couverture/invitations"][method="get"] button[type=submit]`), chromedp.WaitVisible("#invitations-resume"))
	checkAxe(t, ctx, "/couverture/invitations")
	j.step("préparer", chromedp.SendKeys("#invitations-modele", "ce.{uai}@ac-toulouse.fr"),
		clickNavigate(`#invitations-envoi button[type=submit]`), chromedp.WaitVisible("#invitations-confirmation"))
	checkAxe(t, ctx, "/couverture/invitations (confirmation)")
	j.step("confirmer", clickNavigate(`#invitations-envoi button[type=submit]`), chromedp.WaitVisible(".fr-alert--success"))
	if txt := run(t, ctx, chromedp.Text("#invitations-resume")); !strings.Contains(txt, " 0 sans compte") {
		t.Errorf("after the bulk invitation: %q", txt)
	}
	j.logout()

	var link string
	for deadline := time.Now().Add(stepTimeout); link == "" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if m, ok := newestMailTo(srv, "principal@college-jamais.example", "Invitation"); ok {
			for _, c := range cee {
				if !strings.Contains(m, c) {
					t.Errorf("invitation does not name %s", c)
				}
			}
			link = regexp.MustCompile(`http://\S+/invitation/\S+`).FindString(m)
		}
	}
	if link == "" {
		t.Fatal("no invitation for the school")
	}
	j.step("accepter l'invitation", chromedp.Navigate(link), chromedp.WaitVisible(`main form button[type=submit]`),
		clickNavigate(`main form button[type=submit]`), chromedp.WaitVisible(`.fr-header__tools-links a[href="/compte"]`))
	j.step("équipe de l'établissement", chromedp.Navigate(srv.URL+"/etablissements/"+uai+"/equipe"), chromedp.WaitVisible("main"))
	if body := run(t, ctx, chromedp.Text("main")); !strings.Contains(body, "principal@college-jamais.example") {
		t.Errorf("the invited head is not in the school's team")
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}
