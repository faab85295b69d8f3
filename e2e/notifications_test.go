package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
)

// Issue 16, item 6 in a browser: a request sent by a school is an unread
// notification of the pilote; the header's counter is the unread feed's
// total; opening the notification leads to the request and marks it read.
func TestNotificationsInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	const lien = `.fr-header__tools-links a[href="/notifications"]`

	j.login("pilote@demo.example")
	// The jobs run at start notify the pilotes too (an expired
	// solicitation of the demo): let them finish before counting.
	srv.SettlePeriodic(t)
	j.step("tout marquer comme lu", chromedp.Navigate(srv.URL+"/notifications"),
		clickNavigate(`form[action="/notifications/lues"] button[type=submit]`), chromedp.WaitVisible(".fr-alert--success"))
	if txt := strings.TrimSpace(run(t, ctx, chromedp.Text(lien))); txt != "Notifications" {
		t.Fatalf("after « tout marquer comme lu », the header shows %q", txt)
	}
	j.logout()

	j.login("etablissement@demo.example")
	j.step("demande", chromedp.Navigate(srv.URL+"/demandes/nouvelle"), chromedp.WaitVisible("#demande-titre"),
		chromedp.SetValue("#demande-type", "intervention"),
		chromedp.SendKeys("#demande-titre", "Forum des métiers du bâtiment"),
		chromedp.SetValue("#demande-date1", jourOuvre(time.Now().AddDate(0, 0, 10)).Format("2006-01-02")),
		chromedp.SetValue("#demande-moment1", "AM"),
		chromedp.SetValue("#demande-personnes", "1"),
		clickNavigate(`button[name=action][value=soumettre]`),
		chromedp.WaitVisible(".fr-alert--success"))
	demande := run(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	j.logout()

	j.login("pilote@demo.example")
	if txt := strings.TrimSpace(run(t, ctx, chromedp.Text(lien))); txt != "Notifications (1 non lues)" {
		t.Fatalf("the header shows %q, want one unread", txt)
	}
	j.step("non lues", clickNavigate(lien), chromedp.WaitVisible("#notifications-total"),
		clickNavigate(`a[href="/notifications?lues=non"]`), chromedp.WaitVisible(`.cee-notification`))
	if txt := run(t, ctx, chromedp.Text("#notifications-total")); !strings.Contains(txt, "1 notification(s) non lue(s)") {
		t.Fatalf("the unread feed says %q, the header 1", txt)
	}
	if txt := run(t, ctx, chromedp.Text(".cee-notification")); !strings.Contains(txt, "Forum des métiers du bâtiment") || !strings.Contains(strings.ToLower(txt), "non lue") {
		t.Fatalf("the notification: %q", txt)
	}
	checkAxe(t, ctx, "/notifications?lues=non")
	j.step("ouvrir", clickNavigate(`.cee-notification button[type=submit]`), chromedp.WaitVisible("h1"))
	if p := run(t, ctx, chromedp.Evaluate[string](`location.pathname`)); p != demande {
		t.Errorf("opening the notification led to %s, want %s", p, demande)
	}
	if txt := strings.TrimSpace(run(t, ctx, chromedp.Text(lien))); txt != "Notifications" {
		t.Errorf("read, yet the header shows %q", txt)
	}
	j.step("historique", chromedp.Navigate(srv.URL+"/notifications"), chromedp.WaitVisible(".cee-notification"))
	if txt := run(t, ctx, chromedp.Text(".cee-notifications")); !strings.Contains(txt, "Forum des métiers du bâtiment") {
		t.Errorf("the history should keep the read notification: %q", txt)
	}
	checkAxe(t, ctx, "/notifications")
	j.step("compte", chromedp.Navigate(srv.URL+"/compte"), chromedp.WaitVisible("#resume"))
	checkAxe(t, ctx, "/compte (résumé des notifications)")
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}
