package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"cee/internal/apptest"
	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/store"
)

// field is what a page shows of one form field: the select's chosen value
// (or the input's value), its label and its error message.
type field struct {
	Found                bool
	Value, Label, Erreur string
}

// fieldOf reads the field with this id from a page.
func fieldOf(t *testing.T, body, id string) field {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	text := func(n *html.Node) string {
		var b strings.Builder
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.TextNode {
				b.WriteString(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(n)
		return strings.Join(strings.Fields(b.String()), " ")
	}
	var f field
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			v, _ := attr(n, "id")
			switch {
			case v == id && n.Data == "select":
				f.Found = true
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if _, sel := attr(o, "selected"); o.Type == html.ElementNode && sel {
						f.Value, _ = attr(o, "value")
					}
				}
			case v == id && n.Data == "input":
				f.Found = true
				f.Value, _ = attr(n, "value")
			case n.Data == "label":
				if forID, _ := attr(n, "for"); forID == id {
					f.Label = text(n)
				}
			case v == id+"-message-error":
				f.Erreur = text(n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return f
}

// The professional status of the wider network: the CEE may give it when
// inviting, the professional gives or corrects it when consenting and on
// « Mon accord ». A value outside the CEE's list (which the CEE's own
// profile now checks too) is refused with the field's error, the other
// inputs kept, and the link still usable.
func TestStatutProfessionnel(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	cee := newClient(t, srv)
	ceeCompte := cee.loginAs(demoEmail("conseiller"))

	// The CEE's own profile checks against the same list.
	resp, body := cee.post("/conseillers/"+ceeCompte.Habilitations[0].Ref+"/profil", url.Values{"statut": {"patron"}, "telephone": {"05 61 00 00 00"}})
	if f := fieldOf(t, body, "prop-statut"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(f.Erreur, "statut « patron » inconnu") {
		t.Fatalf("CEE profile with a bad status: %d, field %+v", resp.StatusCode, f)
	}

	_, body = cee.get("/professionnels/inviter")
	if f := fieldOf(t, body, "pro-statut"); !f.Found || !strings.HasPrefix(f.Label, "Statut professionnel") || f.Value != "" {
		t.Fatalf("invitation form: status field %+v", f)
	}
	invite := url.Values{"prenom": {"Yann"}, "nom": {"Forgeron"}, "email": {"yann@forge.example"}, "objet": {"jurys"}}
	bad := url.Values{"statut": {"patron"}}
	for k, v := range invite {
		bad[k] = v
	}
	resp, body = cee.post("/professionnels/inviter", bad)
	if f := fieldOf(t, body, "pro-statut"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(f.Erreur, "statut « patron » inconnu") {
		t.Fatalf("bad status: %d, field %+v", resp.StatusCode, f)
	}
	if f := fieldOf(t, body, "pro-nom"); f.Value != "Forgeron" {
		t.Errorf("bad status: name not kept, %+v", f)
	}
	if _, err := st.GetProfessionnelByEmail(ctx, "yann@forge.example"); err == nil {
		t.Fatal("professional recorded despite the bad status")
	}
	// Another field wrong: the chosen status stays chosen.
	resp, body = cee.post("/professionnels/inviter", url.Values{"prenom": {"Yann"}, "email": {"yann@forge.example"}, "objet": {"jurys"}, "statut": {"artisan"}})
	if f := fieldOf(t, body, "pro-statut"); resp.StatusCode != http.StatusUnprocessableEntity || f.Value != "artisan" || f.Erreur != "" {
		t.Fatalf("missing name: %d, status field %+v", resp.StatusCode, f)
	}
	ok := url.Values{"statut": {"employeur"}}
	for k, v := range invite {
		ok[k] = v
	}
	if resp, _ := cee.post("/professionnels/inviter", ok); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", resp.StatusCode)
	}
	p, err := st.GetProfessionnelByEmail(ctx, "yann@forge.example")
	if err != nil || p.StatutPro != model.StatutEmployeur {
		t.Fatalf("invited: status %q (%v), want employeur", p.StatutPro, err)
	}
	if _, body := cee.get("/professionnels/" + itoa(p.ID)); !strings.Contains(body, "<dt>Statut professionnel</dt><dd>Employeur</dd>") {
		t.Error("professional's page: status not shown")
	}

	// The consent page starts from what the CEE entered.
	m, _ := lastMail(t, srv, "yann@forge.example")
	link := pathOf(t, m)
	anon := newClient(t, srv)
	_, body = anon.get(link)
	if f := fieldOf(t, body, "consent-statut"); f.Value != "employeur" {
		t.Errorf("consent page: status %+v, want employeur chosen", f)
	}
	resp, body = anon.post(link, url.Values{"objet": {"jurys"}, "statut": {"chef"}})
	if f := fieldOf(t, body, "consent-statut"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(f.Erreur, "statut « chef » inconnu") ||
		!strings.Contains(body, `value="jurys" checked`) {
		t.Fatalf("consent with a bad status: %d, field %+v", resp.StatusCode, f)
	}
	if resp, body := anon.post(link, url.Values{"objet": {"jurys"}, "statut": {"artisan"}}); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Merci de votre engagement") {
		t.Fatalf("consent after the error (link still usable): %d", resp.StatusCode)
	}
	if p, _ = st.GetProfessionnel(ctx, p.ID); p.StatutPro != model.StatutArtisan || !p.Consent.Jurys {
		t.Errorf("after consent: status %q, consent %+v", p.StatutPro, p.Consent)
	}

	// « Mon accord »: the demo professional corrects their status.
	pro := newClient(t, srv)
	me := pro.loginAs(demoEmail("professionnel"))
	id := mustID(t, me.Habilitations[0].Ref)
	resp, body = pro.post("/mon-accord", url.Values{"objet": {"visites"}, "statut": {"gerant"}})
	if f := fieldOf(t, body, "accord-statut"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(f.Erreur, "statut « gerant » inconnu") ||
		!strings.Contains(body, `value="visites" checked`) {
		t.Fatalf("own page, bad status: %d, field %+v", resp.StatusCode, f)
	}
	if resp, _ := pro.post("/mon-accord", url.Values{"objet": {"visites"}, "statut": {"autre"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("own page: %d", resp.StatusCode)
	}
	if p, _ := st.GetProfessionnel(ctx, id); p.StatutPro != model.StatutAutre || !p.Consent.Visites || p.Consent.Jurys {
		t.Errorf("own page: status %q, consent %+v", p.StatutPro, p.Consent)
	}
	// The select left on its empty, disabled option sends nothing: no change.
	if resp, _ := pro.post("/mon-accord", url.Values{"objet": {"visites"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("own page without the field: %d", resp.StatusCode)
	}
	if _, body := pro.get("/mon-accord"); fieldOf(t, body, "accord-statut").Value != "autre" {
		t.Error("own page: status not shown back")
	}
}

// A professional answering an availability campaign gives their status on
// the same page (a CEE does not: theirs is on their profile); the exam
// division then sees their college, no longer « statut inconnu ».
func TestStatutDisponibilite(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	sessions, err := st.ListSessionsExamen(ctx, "16")
	if err != nil || len(sessions) == 0 || sessions[0].Etat != model.SessionCampagne {
		t.Fatalf("demo sessions: %v %+v", err, sessions)
	}
	dispos, err := st.ListDisponibilites(ctx, sessions[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	lien := func(d model.DisponibiliteJury) string {
		tok, hash, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		payload, _ := json.Marshal(struct{ Disponibilite int64 }{d.ID})
		if err := st.CreateJeton(ctx, store.Jeton{Hash: hash, Kind: store.JetonDisponibilite, Payload: payload, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		return "/disponibilites/" + tok
	}
	var pro, cee model.DisponibiliteJury
	for _, d := range dispos {
		if d.ProfessionnelID != 0 && pro.ID == 0 {
			pro = d
		}
		if d.ConseillerID != 0 && cee.ID == 0 {
			cee = d
		}
	}
	if pro.ID == 0 || cee.ID == 0 {
		t.Fatal("the demo campaign asks no professional or no CEE")
	}
	// Start from an unknown status.
	if err := st.SetStatutPro(ctx, pro.ProfessionnelID, ""); err != nil {
		t.Fatal(err)
	}
	anon := newClient(t, srv)
	if _, body := anon.get(lien(cee)); !fieldOf(t, body, "dispo-km").Found || fieldOf(t, body, "dispo-statut").Found {
		t.Error("a CEE's availability page asks for the status")
	}
	link := lien(pro)
	_, body := anon.get(link)
	if f := fieldOf(t, body, "dispo-statut"); !f.Found || f.Value != "" || !strings.HasPrefix(f.Label, "Statut professionnel") {
		t.Fatalf("professional's availability page: status field %+v", f)
	}
	answer := url.Values{"demi_journees": {}, "max_demi_journees": {"2"}, "max_km": {"60"}, "statut": {"cadre"}}
	resp, body := anon.post(link, answer)
	if f := fieldOf(t, body, "dispo-statut"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(f.Erreur, "statut « cadre » inconnu") ||
		fieldOf(t, body, "dispo-km").Value != "60" {
		t.Fatalf("bad status: %d, field %+v", resp.StatusCode, f)
	}
	answer.Set("statut", "employeur")
	if resp, _ := anon.post(link, answer); resp.StatusCode != http.StatusOK {
		t.Fatalf("answer: %d", resp.StatusCode)
	}
	d, err := st.GetDisponibilite(ctx, pro.ID)
	if err != nil || d.College != model.CollegeEmployeur || !d.StatutConnu || d.MaxKm != 60 {
		t.Errorf("after the answer: %+v (%v)", d, err)
	}

	// Last June's session: a professional seated without a status shows as
	// « statut inconnu » to the exam division; once known, as their college.
	past := sessions[len(sessions)-1]
	jurys, err := st.ListJurys(ctx, past.ID)
	if err != nil {
		t.Fatal(err)
	}
	var seated model.DisponibiliteJury
	for _, j := range jurys {
		for _, m := range j.Membres {
			if seated.ID == 0 {
				if dm, err := st.GetDisponibilite(ctx, m.DisponibiliteID); err == nil && dm.ProfessionnelID != 0 {
					seated = dm
				}
			}
		}
	}
	if seated.ID == 0 {
		t.Fatal("no professional seated in last June's session")
	}
	examens := newClient(t, srv)
	examens.loginAs(demoEmail("examens"))
	cell := func() string {
		_, body := examens.get("/jurys/" + itoa(past.ID))
		i := strings.Index(body, ">"+seated.Nom+"<")
		if i < 0 {
			t.Fatalf("%s not on the session page", seated.Nom)
		}
		rest := body[i:]
		rest = rest[strings.Index(rest, "<td")+1:]
		rest = rest[strings.Index(rest, ">")+1:]
		return rest[:strings.Index(rest, "<")]
	}
	for _, tc := range []struct {
		statut model.StatutPro
		want   string
	}{{"", "Salarié (statut inconnu)"}, {model.StatutArtisan, "Employeur"}, {model.StatutSalarie, "Salarié"}} {
		if err := st.SetStatutPro(ctx, seated.ProfessionnelID, tc.statut); err != nil {
			t.Fatal(err)
		}
		if got := cell(); got != tc.want {
			t.Errorf("status %q: college cell %q, want %q", tc.statut, got, tc.want)
		}
	}
}
