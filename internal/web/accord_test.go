package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// A professional with an account changes, then withdraws, their consent;
// one without an account withdraws it by a link sent to their address.
func TestConsentWithdrawal(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	sc := model.Scope{Academie: "16"}
	_, before, _ := st.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: sc})

	pro := newClient(t, srv)
	me := pro.loginAs(demoEmail("professionnel"))
	id := mustID(t, me.Habilitations[0].Ref)
	_, body := pro.get("/mon-accord")
	if !strings.Contains(body, "Accord donné le") {
		t.Fatal("own consent not shown")
	}
	if resp, _ := pro.post("/mon-accord", url.Values{"objet": {"jurys"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	if p, _ := st.GetProfessionnel(ctx, id); !p.Consent.Jurys || p.Consent.Interventions || p.Consent.Visites || p.Consent.Stages {
		t.Errorf("consent after change: %+v", p.Consent)
	}
	if resp, _ := pro.post("/mon-accord", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", resp.StatusCode)
	}
	if p, _ := st.GetProfessionnel(ctx, id); p.Contactable() {
		t.Error("still contactable after withdrawal")
	}
	if _, n, _ := st.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: sc}); n != before-1 {
		t.Errorf("network lists %d, want %d: the withdrawn professional must leave it at once", n, before-1)
	}

	// Without an account: the same answer for a known and an unknown
	// address, a link only to the known one.
	others, _, _ := st.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: sc, Limit: 1})
	target := others[0]
	anon := newClient(t, srv)
	resp, known := anon.post("/retrait", url.Values{"email": {strings.ToUpper(target.Email)}})
	_, unknown := anon.post("/retrait", url.Values{"email": {"personne@inconnu.example"}})
	if resp.StatusCode != 200 || !strings.Contains(known, "Si cette adresse") || !strings.Contains(unknown, "Si cette adresse") {
		t.Fatalf("request: %d", resp.StatusCode)
	}
	if _, ok := lastMail(t, srv, "personne@inconnu.example"); ok {
		t.Error("mail sent to an unknown address")
	}
	m, ok := lastMail(t, srv, target.Email)
	if !ok || !strings.Contains(m.Subject, "Retirer votre accord") {
		t.Fatalf("no withdrawal mail: %v", ok)
	}
	link := pathOf(t, m)
	if _, body := anon.get(link); !strings.Contains(body, "Confirmer le retrait") {
		t.Fatal("confirmation page")
	}
	if p, _ := st.GetProfessionnel(ctx, target.ID); !p.Contactable() {
		t.Fatal("withdrawn before confirmation")
	}
	if resp, _ := anon.post(link, nil); resp.StatusCode != 200 {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	if p, _ := st.GetProfessionnel(ctx, target.ID); p.Contactable() {
		t.Error("still contactable after confirmed withdrawal")
	}
	if resp, _ := anon.post(link, nil); resp.StatusCode != http.StatusGone {
		t.Errorf("link reused: %d, want 410", resp.StatusCode)
	}
	if resp, _ := anon.post("/retrait", url.Values{"email": {"pas une adresse"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad address: %d", resp.StatusCode)
	}
	if n := journalCount(t, st, store.AuditConsentement); n < 3 {
		t.Errorf("journal: %d consent lines, want 3", n)
	}
}

// A professional answering the invitation may ask for an account.
func TestConsentWithAccount(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	cee := newClient(t, srv)
	cee.loginAs(demoEmail("conseiller"))
	if resp, _ := cee.post("/professionnels/inviter", url.Values{"prenom": {"Zoé"}, "nom": {"Maçon"}, "email": {"zoe@chantier.example"},
		"objet": {"visites"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", resp.StatusCode)
	}
	m, _ := lastMail(t, srv, "zoe@chantier.example")
	anon := newClient(t, srv)
	_, body := anon.post(pathOf(t, m), url.Values{"objet": {"visites"}, "compte": {"1"}})
	if !strings.Contains(body, "Votre compte est ouvert") {
		t.Fatal("no account opened")
	}
	c, err := srv.App.Store.GetCompteByEmail(ctx, "zoe@chantier.example")
	if err != nil || len(c.Habilitations) != 1 || c.Habilitations[0].Role != model.RoleProfessionnel {
		t.Fatalf("account: %+v %v", c, err)
	}
	zoe := newClient(t, srv)
	zoe.loginAs("zoe@chantier.example")
	if _, body := zoe.get("/mon-accord"); !strings.Contains(body, "Visites d") {
		t.Error("own consent page")
	}
}

// A professional gives on « Mon accord » the exam specialities they can
// examine: an unknown code is refused with its message, the form kept.
func TestAccordSpecialites(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	pro := newClient(t, srv)
	me := pro.loginAs(demoEmail("professionnel"))
	id := mustID(t, me.Habilitations[0].Ref)
	if _, body := pro.get("/mon-accord"); !strings.Contains(body, `id="accord-specialites"`) {
		t.Fatal("no specialities field")
	}
	resp, body := pro.post("/mon-accord", url.Values{"objet": {"jurys"}, "specialites": {"50022137, 99999999"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "« 99999999 » : spécialité inconnue") || !strings.Contains(body, "50022137, 99999999") {
		t.Fatalf("unknown code: %d", resp.StatusCode)
	}
	if resp, _ := pro.post("/mon-accord", url.Values{"objet": {"jurys"}, "specialites": {"50022137, 50023324"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	if p, _ := srv.App.Store.GetProfessionnel(ctx, id); strings.Join(p.Specialites, ",") != "50022137,50023324" {
		t.Errorf("specialities %q", p.Specialites)
	}
}
