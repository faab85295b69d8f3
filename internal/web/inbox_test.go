package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// ceeDemo is the demo CEE signed in, and their conseiller id.
func ceeDemo(t *testing.T, srv *apptest.Server) (*client, model.Compte, int64) {
	t.Helper()
	c := newClient(t, srv)
	compte := c.loginAs(demoEmail("conseiller"))
	for _, h := range compte.Habilitations {
		if h.Role == model.RoleConseiller {
			return c, compte, mustID(t, h.Ref)
		}
	}
	t.Fatal("the demo CEE has no CEE role")
	return nil, compte, 0
}

// TestInboxConvocationInvitation: a jury convocation and an event
// invitation are on the CEE's home with their two answers; one tap
// confirms the convocation (every seat, the calendar feed holds the
// half-day) and declines the invitation, back on the home with the
// outcome. Another CEE's convocation cannot be answered (404).
func TestInboxConvocationInvitation(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	cee, _, ceeID := ceeDemo(t, srv)
	// Another CEE of the académie, seated in the same jury.
	others, _, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: "16"}, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	var other int64
	for _, o := range others {
		if o.ID != ceeID {
			other = o.ID
			break
		}
	}
	if other == 0 {
		t.Fatal("no other CEE in the demo")
	}
	dispos := apptest.Convoquer(t, srv, ceeID, other)
	e := apptest.Inviter(t, srv, ceeID)

	_, body := cee.get("/")
	inbox := body[strings.Index(body, `id="accueil-a-repondre"`):]
	inbox = inbox[:strings.Index(inbox, "</section>")]
	conv := fmt.Sprintf(`action="/convocations/%d/reponse"`, dispos[0])
	insc := fmt.Sprintf(`action="/animation/evenements/%d/inscription"`, e.ID)
	for _, want := range []string{conv, "Je confirme ma présence", "Je suis empêché(e)", insc, "Je m&#39;inscris", "Je décline", "Convocation : jury J77"} {
		if !strings.Contains(inbox, want) {
			t.Errorf("the inbox lacks %q", want)
		}
	}
	if strings.Contains(inbox, fmt.Sprintf(`action="/convocations/%d/reponse"`, dispos[1])) {
		t.Error("another CEE's convocation on the home")
	}
	// The most urgent first: the event (10 days) before the jury (21).
	if i, j := strings.Index(inbox, insc), strings.Index(inbox, conv); i < 0 || j < 0 || i > j {
		t.Errorf("the invitation (in 10 days) comes after the convocation (in 21 days): %d, %d", i, j)
	}

	// Someone else's convocation: 404, and nothing changed.
	if resp, _ := cee.post(fmt.Sprintf("/convocations/%d/reponse", dispos[1]), url.Values{"reponse": {"empeche"}, "retour": {"/"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("answering another CEE's convocation: %d, want 404", resp.StatusCode)
	}
	if resp, _ := cee.post("/convocations/999999/reponse", url.Values{"reponse": {"confirmer"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown convocation: %d, want 404", resp.StatusCode)
	}
	jurys, _ := st.ListJurys(ctx, mustSession(t, st, dispos[1]))
	for _, m := range jurys[0].Membres {
		if m.Statut != "convoque" {
			t.Errorf("seat of %s: %q after the refused answers", m.Nom, m.Statut)
		}
	}

	// One tap: confirmed, back on the home with the outcome.
	resp, _ := cee.post(fmt.Sprintf("/convocations/%d/reponse", dispos[0]), url.Values{"reponse": {"confirmer"}, "retour": {"/"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("one-tap confirmation: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = cee.get("/")
	if !strings.Contains(body, "votre présence est confirmée pour le jury J77") {
		t.Error("no outcome on the home after the confirmation")
	}
	if strings.Contains(body, conv) {
		t.Error("the convocation is still to answer after the confirmation")
	}
	jurys, _ = st.ListJurys(ctx, mustSession(t, st, dispos[0]))
	for _, m := range jurys[0].Membres {
		if want := map[int64]string{dispos[0]: "confirme", dispos[1]: "convoque"}[m.DisponibiliteID]; m.Statut != want {
			t.Errorf("seat of %s: %q, want %q", m.Nom, m.Statut, want)
		}
	}

	// The invitation declined in one tap.
	resp, _ = cee.post(fmt.Sprintf("/animation/evenements/%d/inscription", e.ID), url.Values{"action": {"decliner"}, "retour": {"/"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("one-tap decline: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if p, err := st.ParticipationOf(ctx, e.ID, ceeID); err != nil || p.Etat != model.ParticipationDecline {
		t.Errorf("participation after the decline: %q %v", p.Etat, err)
	}
	_, body = cee.get("/")
	if !strings.Contains(body, "vous ne participerez pas") || strings.Contains(body, insc) {
		t.Error("the home after the decline: no outcome, or the invitation still to answer")
	}
}

func mustSession(t *testing.T, st *store.Store, dispo int64) int64 {
	t.Helper()
	d, err := st.GetDisponibilite(context.Background(), dispo)
	if err != nil {
		t.Fatal(err)
	}
	return d.SessionID
}

var convocationLinkPattern = regexp.MustCompile(`https?://[^\s]+/convocation/[A-Za-z0-9_-]+`)

// TestLiensReutilises: a convocation's or an invitation's mail link used
// once and opened again answers 410 with what was answered and when —
// « vous avez déjà confirmé / accepté / décliné » — never the login link's
// « Demander un nouveau lien ».
func TestLiensReutilises(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	_, _, ceeID := ceeDemo(t, srv)
	anon := newClient(t, srv)
	d, err := srv.App.Store.GetDisponibilite(context.Background(), apptest.Convoquer(t, srv, ceeID)[0])
	if err != nil {
		t.Fatal(err)
	}
	apptest.Inviter(t, srv, ceeID)
	quand := regexp.MustCompile(`le \d+(er)? [a-zéû]+ \d{4} à \d+ h \d\d`)

	check := func(name, link, want string) {
		t.Helper()
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		path := u.Path
		if resp, body := anon.post(path, nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: first use %d\n%s", name, resp.StatusCode, body)
		}
		for _, method := range []string{"POST", "GET"} {
			var resp *http.Response
			var body string
			if method == "POST" {
				resp, body = anon.post(path, nil)
			} else {
				resp, body = anon.get(path)
			}
			text := html.UnescapeString(body)
			if resp.StatusCode != http.StatusGone || !strings.Contains(text, want) || !quand.MatchString(text) {
				t.Errorf("%s reused (%s): %d, want 410 with %q and when", name, method, resp.StatusCode, want)
			}
			if strings.Contains(text, "Demander un nouveau lien") || strings.Contains(text, "Ce lien ne fonctionne plus") {
				t.Errorf("%s reused (%s): the login link's message", name, method)
			}
		}
	}

	m, ok := mailAbout(t, srv, d.Email, "Convocation")
	if !ok {
		t.Fatal("no convocation mail")
	}
	links := convocationLinkPattern.FindAllString(m.Text, -1)
	if len(links) < 2 {
		t.Fatalf("convocation links: %v", links)
	}
	// The text has « prevented » first, then the button « I confirm ».
	check("convocation", links[len(links)-1], "Vous avez déjà confirmé votre présence pour le jury J77")

	m, ok = mailAbout(t, srv, d.Email, "Invitation")
	if !ok {
		t.Fatal("no invitation mail")
	}
	var inscrire, decliner string
	for _, l := range evenementLinkPattern.FindAllString(m.Text, -1) {
		_, body := anon.get(l[strings.Index(l, "/evenement/"):])
		if strings.Contains(body, "vous vous inscrivez") {
			inscrire = l
		} else {
			decliner = l
		}
	}
	if inscrire == "" || decliner == "" {
		t.Fatalf("invitation links: %q %q", inscrire, decliner)
	}
	check("invitation acceptée", inscrire, "Vous avez déjà accepté cette invitation")
	check("invitation déclinée", decliner, "Vous avez déjà décliné cette invitation")
}
