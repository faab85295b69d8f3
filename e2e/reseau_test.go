package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// asseoirAuJury seats a CEE, marked present, in a jury of a session held
// ten days ago (two half-days), and returns the jury's diploma as people
// read it.
func asseoirAuJury(t *testing.T, srv *apptest.Server, cee int64) string {
	t.Helper()
	ctx := context.Background()
	db := srv.App.Store.DB()
	now := time.Now().UTC()
	jour := now.AddDate(0, 0, -10)
	ins := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := db.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	sess := ins(`INSERT INTO sessions_examen (academie, nom, debut, fin, etat, created_at, updated_at) VALUES ('16', 'Session témoin', $1, $2, 'publiee', $3, $3)`,
		jour.AddDate(0, 0, -1), jour.AddDate(0, 0, 1), now)
	dj := jour.Format("2006-01-02")
	jury := ins(`INSERT INTO jurys (session_id, code, specialite, uai, demi_journees, sieges) VALUES ($1, 'T1', '50022137', '0310024H', $2, 2)`, sess, dj+"AM|"+dj+"PM")
	d := ins(`INSERT INTO disponibilites_jury (session_id, conseiller_id, created_at) VALUES ($1, $2, $3)`, sess, cee, now)
	ins(`INSERT INTO jury_membres (jury_id, disponibilite_id, statut, present) VALUES ($1, $2, 'confirme', TRUE)`, jury, d)
	return "CAP Boulanger"
}

// A CEE who sat in a jury finds it in their activity, next to their
// actions, and downloads the attestation d'engagement that lists it; axe on
// the page.
func TestAttestationJurysInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	me, err := srv.App.Store.GetCompteByEmail(context.Background(), "conseiller@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	id, err := strconv.ParseInt(me.Habilitations[0].Ref, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	code := asseoirAuJury(t, srv, id)

	j.login("conseiller@demo.example")
	path := "/conseillers/" + me.Habilitations[0].Ref + "/actions"
	j.step("mes actions", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible("h1"))
	checkAxe(t, ctx, path)
	txt := run(t, ctx, chromedp.Text("main"))
	for _, want := range []string{"Jurys d'examen, événements du réseau et avis d'expertise", "Jury " + code + " — Session témoin", "Jurys d'examen : 1 (7 h)"} {
		if !strings.Contains(txt, want) {
			t.Errorf("activity page lacks %q:\n%s", want, txt)
		}
	}
	// The attestation's form, as the person submits it: its period holds
	// the sitting; the answer is the PDF.
	du := time.Now().AddDate(0, 0, -30).Format("2006-01-02")
	j.step("période", chromedp.SetValue("#attestation-du", du))
	status := run(t, ctx, chromedp.Evaluate[string](`(async () => {
		const f = document.querySelector('form[action$="/attestation.pdf"]');
		const r = await fetch(f.action + '?' + new URLSearchParams(new FormData(f)));
		return r.status + ' ' + r.headers.get('Content-Type');
	})()`, chromedp.EvalAwaitPromise))
	if status != "200 application/pdf" {
		t.Errorf("attestation: %s", status)
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// An organisation's référent opens « Service de nos conseillers » from the
// home page: each of its CEE with their actions, jury sittings and events,
// the year's detail; a CEE of another organisation is not there. Axe on
// the page.
func TestServiceOrganisationInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	st := srv.App.Store
	org, err := st.GetCompteByEmail(context.Background(), "organisation@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	h := org.Habilitations[0]
	ours, _, err := st.SearchConseillers(context.Background(), store.ConseillerFilter{Scope: model.Scope{Academie: h.Academie, Organisation: h.Ref},
		Etat: model.DesignationActive, Limit: 1})
	if err != nil || len(ours) == 0 {
		t.Fatalf("the demo organisation has no CEE in mandate: %v", err)
	}
	code := asseoirAuJury(t, srv, ours[0].ID)
	all, _, _ := st.SearchConseillers(context.Background(), store.ConseillerFilter{Scope: model.Scope{Academie: h.Academie}, Etat: model.DesignationActive, Limit: 200})
	var other model.Conseiller
	for _, c := range all {
		if strconv.FormatInt(c.OrganisationID, 10) != h.Ref {
			other = c
			break
		}
	}

	j.login("organisation@demo.example")
	j.step("service", clickNavigate(`a[href="/reseau/service"]`), chromedp.WaitVisible(`p[role="status"]`))
	checkAxe(t, ctx, "/reseau/service")
	txt := run(t, ctx, chromedp.Text("main"))
	for _, want := range []string{"Service de nos conseillers", ours[0].Prenom + " " + ours[0].Nom, "Jury " + code + " — Session témoin", "Jurys d'examen : 1 (7 h)"} {
		if !strings.Contains(txt, want) {
			t.Errorf("service page lacks %q:\n%s", want, txt)
		}
	}
	if other.ID != 0 && strings.Contains(txt, other.Prenom+" "+other.Nom) {
		t.Errorf("another organisation's CEE %s is shown", other.NomComplet())
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// An organisation's référent opens « Conventions de mon organisation » from
// the home page: each convention with its objectives and, per school year,
// what its CEE did against them (the jury sitting of this year counted).
// Then the tête de réseau the organisation belongs to opens « Conventions
// de notre réseau »: its members' conventions in both académies, and the
// service of their CEE, read-only. Axe on each page.
func TestObjectifsOrganisationInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	st := srv.App.Store
	bg := context.Background()
	org, err := st.GetCompteByEmail(bg, "organisation@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	h := org.Habilitations[0]
	orgID, _ := strconv.ParseInt(h.Ref, 10, 64)
	convs, err := st.ConventionsOfOrganisation(bg, h.Academie, orgID)
	if err != nil || len(convs) == 0 {
		t.Fatalf("the demo organisation has no convention: %v", err)
	}
	ours, _, err := st.SearchConseillers(bg, store.ConseillerFilter{Scope: model.Scope{Academie: h.Academie, Organisation: h.Ref}, Etat: model.DesignationActive, Limit: 1})
	if err != nil || len(ours) == 0 {
		t.Fatalf("the demo organisation has no CEE in mandate: %v", err)
	}
	asseoirAuJury(t, srv, ours[0].ID)
	annee := model.AnneeScolaireOf(time.Now()).Label()

	j.login("organisation@demo.example")
	j.step("conventions", chromedp.Navigate(srv.URL+"/"), clickNavigate(`a[href="/mes-conventions"]`), chromedp.WaitReady(`table tbody tr`))
	checkAxe(t, ctx, "/mes-conventions")
	txt := run(t, ctx, chromedp.Text("main"))
	for _, want := range []string{"Conventions de mon organisation", "Objectifs et réalisations par année scolaire", "Objectif CEE", annee} {
		if !strings.Contains(txt, want) {
			t.Errorf("conventions page lacks %q:\n%s", want, txt)
		}
	}
	for _, c := range convs {
		if !strings.Contains(txt, c.Reference) {
			t.Errorf("conventions page lacks the convention %s", c.Reference)
		}
	}
	// The row of this school year of the convention in force: its jury
	// sittings (column « Jurys ») count the one just held.
	jurys := run(t, ctx, chromedp.Evaluate[string](`(() => {
		for (const tr of document.querySelectorAll("table tbody tr")) {
			const td = tr.querySelectorAll("th, td");
			if (td[0].textContent.trim() === `+strconv.Quote(annee)+`) return td[7].textContent.trim();
		}
		return "";
	})()`))
	if n, err := strconv.Atoi(jurys); err != nil || n < 1 {
		t.Errorf("jurys of %s in the follow-up: %q, want at least the one held", annee, jurys)
	}

	j.logout()
	tete, err := st.GetCompteByEmail(bg, "tete-reseau@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	teteID, _ := strconv.ParseInt(tete.Habilitations[0].Ref, 10, 64)
	reseau, err := st.ConventionsOfReseau(bg, teteID)
	if err != nil {
		t.Fatal(err)
	}
	academies := map[string]bool{}
	for _, c := range reseau {
		academies[c.Academie] = true
	}
	if len(academies) < 2 {
		t.Fatalf("the demo network's conventions are in %v, want two académies", academies)
	}
	j.login("tete-reseau@demo.example")
	j.step("conventions du réseau", chromedp.Navigate(srv.URL+"/"), clickNavigate(`a[href="/mes-conventions"]`), chromedp.WaitReady(`table tbody tr`))
	checkAxe(t, ctx, "/mes-conventions (tête de réseau)")
	txt = run(t, ctx, chromedp.Text("main"))
	if !strings.Contains(txt, "Conventions de notre réseau") {
		t.Errorf("network's conventions page:\n%s", txt)
	}
	for _, c := range reseau {
		if !strings.Contains(txt, c.Reference) {
			t.Errorf("network's conventions page lacks %s (%s)", c.Reference, c.Organisation)
		}
	}
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("main form[method=post]").length`)); n != 0 {
		t.Errorf("%d forms on a read-only page", n)
	}
	j.step("service du réseau", chromedp.Navigate(srv.URL+"/"), clickNavigate(`a[href="/reseau/service"]`), chromedp.WaitVisible(`p[role="status"]`))
	checkAxe(t, ctx, "/reseau/service (tête de réseau)")
	txt = run(t, ctx, chromedp.Text("main"))
	for _, want := range []string{"proposés par les organisations du réseau", "CFDT Bordeaux", ours[0].Prenom + " " + ours[0].Nom} {
		if !strings.Contains(txt, want) {
			t.Errorf("network's service page lacks %q:\n%s", want, txt)
		}
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
