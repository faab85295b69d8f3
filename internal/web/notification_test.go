package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/model"
)

var (
	compteurEntete   = regexp.MustCompile(`Notifications \((\d+) non lues\)`)
	totalNonLues     = regexp.MustCompile(`(?s)id="notifications-total"[^>]*>\s*(\d+) notification\(s\) non lue\(s\)`)
	notificationForm = regexp.MustCompile(`action="/notifications/(\d+)"`)
)

// nonLuesEntete is the header's counter on a page, 0 when it shows none.
func nonLuesEntete(body string) string {
	if m := compteurEntete.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return "0"
}

// A request sent by a school is a notification of the pilote, in the same
// transaction; the header's counter is the total of the « non lues »
// list; opening one marks it read and leads to the request; « Tout
// marquer comme lu » empties the counter; another's notification is not
// found.
func TestNotificationsCentre(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	// Start from nothing unread, whatever the demo and the jobs run at
	// start (expired solicitations notify the pilotes) wrote.
	srv.SettlePeriodic(t)
	if resp, _ := pilote.post("/notifications/lues", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("tout marquer comme lu : %d", resp.StatusCode)
	}
	if _, body := pilote.get("/"); nonLuesEntete(body) != "0" {
		t.Fatalf("after « tout marquer comme lu », the header shows %s unread", nonLuesEntete(body))
	}

	ecole := newClient(t, srv)
	ecole.loginAs(demoEmail("etablissement"))
	resp, _ := ecole.post("/demandes", url.Values{"action": {"soumettre"}, "type": {"visite"}, "titre": {"Visite d'une scierie"},
		"date1": {nextWeekday().Format("2006-01-02")}, "personnes": {"1"}, "naf": {"C"}, "contact_email": {demoEmail("etablissement")}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")

	_, home := pilote.get("/")
	_, feed := pilote.get("/notifications?lues=non")
	m := totalNonLues.FindStringSubmatch(feed)
	if m == nil {
		t.Fatalf("no total on the unread feed:\n%s", feed)
	}
	if nonLuesEntete(home) != "1" || m[1] != "1" {
		t.Fatalf("header %s, feed %s: want 1 and 1", nonLuesEntete(home), m[1])
	}
	if !strings.Contains(feed, "Visite d&#39;une scierie") && !strings.Contains(feed, "Visite d'une scierie") {
		t.Errorf("the notification does not name the request:\n%s", feed)
	}
	ids := notificationForm.FindAllStringSubmatch(feed, -1)
	if len(ids) != 1 {
		t.Fatalf("%d notification forms on the unread feed, want 1", len(ids))
	}

	// Another person cannot read it.
	if resp, _ := ecole.post("/notifications/"+ids[0][1], url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another's notification: %d, want 404", resp.StatusCode)
	}
	resp, _ = pilote.post("/notifications/"+ids[0][1], url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != loc {
		t.Fatalf("opening: %d → %q, want 303 → %s", resp.StatusCode, resp.Header.Get("Location"), loc)
	}
	if _, body := pilote.get("/"); nonLuesEntete(body) != "0" {
		t.Errorf("read, yet the header shows %s unread", nonLuesEntete(body))
	}
	_, all := pilote.get("/notifications")
	if !strings.Contains(all, "scierie") || strings.Contains(all, ">Non lue<") {
		t.Errorf("the history should keep the read notification, without « Non lue »")
	}
}

// Each person chooses their digest on their account page; a value not
// offered is refused with the form.
func TestResumeChoix(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	for _, role := range []string{"conseiller", "etablissement", "pilote"} {
		t.Run(role, func(t *testing.T) {
			c := newClient(t, srv)
			c.loginAs(demoEmail(role))
			_, body := c.get("/compte")
			if !strings.Contains(body, "Un résumé chaque lundi matin") {
				t.Fatal("no digest choice on the account page")
			}
			if resp, _ := c.post("/compte/resume", url.Values{"resume": {"hebdomadaire"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("choice: %d", resp.StatusCode)
			}
			compte, _ := srv.App.Store.GetCompteByEmail(context.Background(), demoEmail(role))
			if compte.Resume != model.ResumeHebdomadaire {
				t.Errorf("saved %q, want hebdomadaire", compte.Resume)
			}
			resp, body := c.post("/compte/resume", url.Values{"resume": {"mensuel"}})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "chaque lundi matin") || !strings.Contains(body, "fr-fieldset--error") {
				t.Errorf("bad choice: %d", resp.StatusCode)
			}
			if compte, _ = srv.App.Store.GetCompteByEmail(context.Background(), demoEmail(role)); compte.Resume != model.ResumeHebdomadaire {
				t.Errorf("a refused choice changed the digest to %q", compte.Resume)
			}
			if resp, _ := c.post("/compte/resume", url.Values{"resume": {""}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("turning it off: %d", resp.StatusCode)
			}
			if compte, _ = srv.App.Store.GetCompteByEmail(context.Background(), demoEmail(role)); compte.Resume != model.ResumeAucun {
				t.Errorf("turned off, yet %q", compte.Resume)
			}
		})
	}
}
