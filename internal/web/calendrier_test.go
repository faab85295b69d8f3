package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
)

var calendrierURL = regexp.MustCompile(`http://[^<"]*/calendrier/[A-Za-z0-9_-]+\.ics`)

// TestCalendrierFeed: the CEE creates their feed's secret address on the
// account page, a calendar fetches it without a session, and « Renouveler
// le lien » stops the old address.
func TestCalendrierFeed(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	cee := newClient(t, srv)
	compte := cee.loginAs(demoEmail("conseiller"))
	var ceeID int64
	for _, h := range compte.Habilitations {
		if h.Role == model.RoleConseiller {
			ceeID = mustID(t, h.Ref)
		}
	}
	// The CEE registers for the next event of the académie.
	events, err := st.ListEvenements(ctx, model.Scope{Academie: "16"}, time.Now())
	if err != nil || len(events) == 0 || events[0].Debut.Before(time.Now()) || events[0].Etat == model.EvenementAnnule {
		t.Fatalf("no upcoming event in the demo: %v", err)
	}
	ev := events[0]
	if _, _, err := st.AddParticipation(ctx, model.Participation{EvenementID: ev.ID, ConseillerID: ceeID, Nom: compte.Nom, Email: compte.Email}); err != nil {
		t.Fatal(err)
	}
	p, err := st.ParticipationOf(ctx, ev.ID, ceeID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Etat != model.ParticipationInscrit {
		if err := st.SetEtatParticipation(ctx, p.ID, p.Etat, model.ParticipationInscrit); err != nil {
			t.Fatal(err)
		}
	}
	if _, body := cee.get("/compte"); !strings.Contains(body, "Créer mon lien d&#39;agenda") {
		t.Fatal("no feed to create on the account page")
	}
	if resp, _ := cee.post("/compte/calendrier", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	_, body := cee.get("/compte")
	first := calendrierURL.FindString(body)
	if first == "" || !strings.Contains(body, `href="webcal://`) || !strings.Contains(body, "Renouveler le lien") {
		t.Fatalf("account page without the feed's address")
	}
	anon := newClient(t, srv)
	path := first[strings.Index(first, "/calendrier/"):]
	resp, ics := anon.get(path)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") || !strings.HasPrefix(ics, "BEGIN:VCALENDAR") {
		t.Fatalf("feed: %d %s\n%.300s", resp.StatusCode, resp.Header.Get("Content-Type"), ics)
	}
	if !strings.Contains(ics, "SUMMARY:"+ev.Titre) || !strings.Contains(ics, "DTSTART:"+ev.Debut.UTC().Format("20060102T150405Z")) {
		t.Errorf("the event the CEE registered for is not in the feed:\n%s", ics)
	}
	cee.post("/compte/calendrier", nil)
	_, body = cee.get("/compte")
	second := calendrierURL.FindString(body)
	if second == "" || second == first {
		t.Fatal("the address was not renewed")
	}
	if resp, _ := anon.get(path); resp.StatusCode != http.StatusNotFound {
		t.Errorf("old address after renewal: %d, want 404", resp.StatusCode)
	}
	if resp, _ := anon.get(second[strings.Index(second, "/calendrier/"):]); resp.StatusCode != 200 {
		t.Errorf("new address: %d", resp.StatusCode)
	}
	if resp, _ := anon.get("/calendrier/pas-un-jeton.ics"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("made-up address: %d", resp.StatusCode)
	}
	// Another role has no feed to create.
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if resp, _ := pilote.post("/compte/calendrier", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("pilote creates a feed: %d", resp.StatusCode)
	}
}
