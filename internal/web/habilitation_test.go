package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// Issue 20: the demo is Toulouse's (16); a Paris (01) pilote and records of
// Toulouse.
type crossAcademie struct {
	srv       *apptest.Server
	paris     *client // signed in as the Paris pilote
	orgRef    string  // the demo organisation (Toulouse)
	campusRef string  // the demo CMQ (Toulouse)
	cee       model.Conseiller
}

func newCrossAcademie(t *testing.T) crossAcademie {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	org, _ := st.GetCompteByEmail(ctx, demoEmail("organisation"))
	part, _ := st.GetCompteByEmail(ctx, demoEmail("partenaire"))
	x := crossAcademie{srv: srv, orgRef: org.Habilitations[0].Ref, campusRef: part.Habilitations[0].Ref}
	cees, _, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: "16", Organisation: x.orgRef},
		Etat: model.DesignationActive, Limit: 1})
	if err != nil || len(cees) != 1 {
		t.Fatalf("an active CEE of the demo organisation: %v %d", err, len(cees))
	}
	x.cee = cees[0]
	id, err := st.CreateCompte(ctx, model.Compte{Email: "pilote@ac-paris.fr", Nom: "Paula Paris", Statut: model.CompteActif})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddHabilitation(ctx, model.Habilitation{CompteID: id, Role: model.RolePilote, Academie: "01"}); err != nil {
		t.Fatal(err)
	}
	x.paris = newClient(t, srv)
	x.paris.loginAs("pilote@ac-paris.fr")
	return x
}

// A pilote cannot grant a role on another académie's organisation or
// campus, nor on a record that does not exist: 422, a French message, no
// account and no role written.
func TestGrantOfAnotherAcademieRecordRefused(t *testing.T) {
	x := newCrossAcademie(t)
	ctx := context.Background()
	for _, c := range []struct {
		role, ref, want string
	}{
		{"organisation", x.orgRef, "n'appartient pas à l'académie de Paris"},
		{"partenaire", x.campusRef, "n'appartient pas à l'académie de Paris"},
		{"organisation", "999999", "Aucune organisation n° 999999"},
		{"partenaire", "999999", "Aucun campus, pôle de stage ni lycée des métiers n° 999999"},
		// A name is looked up in the pilote's académie only: the Toulouse
		// MEDEF is not found from Paris.
		{"organisation", "medef", "Aucune organisation « medef » dans l'académie"},
	} {
		email := "voleur-" + c.role + "@ac-paris.fr"
		resp, body := x.paris.post("/comptes/inviter", url.Values{"email": {email}, "role": {c.role}, "ref": {c.ref}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(body), c.want) {
			t.Errorf("%s %s: %d, want 422 with %q", c.role, c.ref, resp.StatusCode, c.want)
		}
		if _, err := x.srv.App.Store.GetCompteByEmail(ctx, email); err == nil {
			t.Errorf("%s %s: account created anyway", c.role, c.ref)
		}
	}
	// The same through the file of a bulk invitation.
	body, ctype := multipartFile(t, "fichier", "invitations.csv",
		"email;nom;role;academie;uai_ou_fiche\nvoleur@ac-paris.fr;V;organisation;;"+x.orgRef+"\n")
	resp, page := x.paris.do("POST", "/comptes/inviter/fichier", body, ctype)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(page), "n'appartient pas à l'académie de Paris") {
		t.Errorf("bulk line with a Toulouse organisation: %d", resp.StatusCode)
	}
	if _, err := x.srv.App.Store.GetCompteByEmail(ctx, "voleur@ac-paris.fr"); err == nil {
		t.Error("bulk: account created anyway")
	}
	// The Toulouse pilote still grants it in Toulouse.
	toulouse := newClient(t, x.srv)
	toulouse.loginAs(demoEmail("pilote"))
	if resp, _ := toulouse.post("/comptes/inviter", url.Values{"email": {"referent2@medef.fr"}, "role": {"organisation"}, "ref": {x.orgRef}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("Toulouse pilote granting its own organisation: %d", resp.StatusCode)
	}
}

// A cross-académie grant already in the database (written before the
// check) reaches nothing of the other académie: directory, exports, a CEE's
// record, the end of a mandate, the campus page.
func TestStaleCrossAcademieGrant(t *testing.T) {
	x := newCrossAcademie(t)
	ctx := context.Background()
	st := x.srv.App.Store
	id, _ := st.CreateCompte(ctx, model.Compte{Email: "vieux@ac-paris.fr", Nom: "Vieux Rôle", Statut: model.CompteActif})
	for _, h := range []model.Habilitation{
		{CompteID: id, Role: model.RoleOrganisation, Academie: "01", Ref: x.orgRef},
		{CompteID: id, Role: model.RolePartenaire, Academie: "01", Ref: x.campusRef},
	} {
		if _, err := st.AddHabilitation(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	c := newClient(t, x.srv)
	me := c.loginAs("vieux@ac-paris.fr")
	c.post("/compte/role", url.Values{"habilitation": {itoa(me.Habilitations[0].ID)}})
	if _, body := c.get("/"); !strings.Contains(html.UnescapeString(body), "Référent d'organisation professionnelle") {
		t.Fatal("the stale organisation role is not the active one")
	}
	if resp, body := c.get("/conseillers"); resp.StatusCode != 200 || strings.Contains(body, x.cee.Nom) {
		t.Errorf("directory: %d, shows the Toulouse CEE %s: %v", resp.StatusCode, x.cee.Nom, strings.Contains(body, x.cee.Nom))
	}
	if resp, body := c.get("/conseillers/export.csv"); resp.StatusCode != 200 || strings.Contains(body, x.cee.Email) {
		t.Errorf("export: %d, holds the Toulouse CEE: %v", resp.StatusCode, strings.Contains(body, x.cee.Email))
	}
	if resp, _ := c.get("/conseillers/" + itoa(x.cee.ID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("Toulouse CEE's record: %d, want 404", resp.StatusCode)
	}
	if resp, _ := c.post("/conseillers/"+itoa(x.cee.ID)+"/designation", url.Values{"etat": {string(model.DesignationTerminee)}, "motif": {string(model.FinRetrait)}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("ending the Toulouse mandate: %d, want 404", resp.StatusCode)
	}
	if d, _ := st.CurrentDesignation(ctx, x.cee.ID); d.Etat != model.DesignationActive {
		t.Errorf("the Toulouse mandate moved to %s", d.Etat)
	}
	c.post("/compte/role", url.Values{"habilitation": {itoa(me.Habilitations[1].ID)}})
	if resp, _ := c.get("/campus/" + x.campusRef); resp.StatusCode != http.StatusNotFound {
		t.Errorf("Toulouse campus page through a Paris partenaire role: %d, want 404", resp.StatusCode)
	}
}

// A role for an existing account of another académie is offered, not
// attached: the inviter sees it pending, the holder accepts it with the
// invitation link, then holds it; both steps are journaled.
func TestRoleOfferedToAccountOfAnotherAcademie(t *testing.T) {
	x := newCrossAcademie(t)
	ctx := context.Background()
	st := x.srv.App.Store
	target, _ := st.GetCompteByEmail(ctx, demoEmail("ien")) // Toulouse inspection and exam division
	before := len(target.Habilitations)
	resp, _ := x.paris.post("/comptes/inviter", url.Values{"email": {target.Email}, "role": {"inspecteur"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invitation: %d", resp.StatusCode)
	}
	if c, _ := st.GetCompte(ctx, target.ID); len(c.Habilitations) != before {
		t.Fatalf("the role was attached at once: %+v", c.Habilitations)
	}
	if resp, _ := x.paris.get("/comptes/" + itoa(target.ID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the Paris pilote reaches the Toulouse account before its acceptance: %d", resp.StatusCode)
	}
	if _, body := x.paris.get("/comptes"); !strings.Contains(html.UnescapeString(body), "en attente d'acceptation") || !strings.Contains(body, target.Email) {
		t.Error("the inviter does not see the pending role")
	}
	m, ok := lastMail(t, x.srv, target.Email)
	if !ok {
		t.Fatal("no invitation mail")
	}
	holder := newClient(t, x.srv)
	link := pathOf(t, m)
	holder.get(link)
	if resp, _ := holder.post(link, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accepting: %d", resp.StatusCode)
	}
	c, _ := st.GetCompte(ctx, target.ID)
	found := false
	for _, h := range c.Habilitations {
		found = found || (h.Role == model.RoleInspecteur && h.Academie == "01")
	}
	if !found || len(c.Habilitations) != before+1 {
		t.Fatalf("after acceptance: %+v", c.Habilitations)
	}
	if resp, _ := x.paris.get("/comptes/" + itoa(target.ID)); resp.StatusCode != 200 {
		t.Errorf("the Paris pilote does not reach the account after acceptance: %d", resp.StatusCode)
	}
	if _, body := x.paris.get("/comptes"); strings.Contains(html.UnescapeString(body), "en attente d'acceptation") {
		t.Error("the accepted role is still listed as pending")
	}
	for _, action := range []string{store.AuditInvitation, store.AuditAcceptation} {
		lines, _, err := st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{Academie: "01"}, Action: action, Limit: 10})
		if err != nil || len(lines) != 1 || !strings.Contains(lines[0].Detail, target.Email) {
			t.Errorf("journal %s in Paris: %v %+v", action, err, lines)
		}
	}
}
