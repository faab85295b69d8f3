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

func TestOrganisationPage(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	orgs, err := st.ListOrganisations(ctx, "16")
	if err != nil || len(orgs) < 2 {
		t.Fatalf("demo organisations: %v %d", err, len(orgs))
	}
	parent := orgs[0]
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))

	// A new organisation attached to a parent; an unknown parent is refused
	// with the input kept.
	resp, body := pilote.post("/organisations", url.Values{"nom": {"FFB Ariège"}, "type": {"branche"}, "niveau": {"departemental"}, "parent": {"999999"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "rattachement inconnue") || !strings.Contains(body, "FFB Ariège") {
		t.Fatalf("unknown parent: %d", resp.StatusCode)
	}
	resp, _ = pilote.post("/organisations", url.Values{"nom": {"FFB Ariège"}, "type": {"branche"}, "niveau": {"departemental"}, "parent": {itoa(parent.ID)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	var child model.Organisation
	orgs, _ = st.ListOrganisations(ctx, "16")
	for _, o := range orgs {
		if o.Nom == "FFB Ariège" {
			child = o
		}
	}
	if child.ParentID != parent.ID || child.Parent != parent.Nom {
		t.Fatalf("parent not kept: %+v", child)
	}
	path := "/organisations/" + itoa(child.ID)
	_, body = pilote.get(path)
	for _, want := range []string{"FFB Ariège", "Rattachée à", parent.Nom, "Aucun référent", "Aucun contact enregistré"} {
		if !strings.Contains(body, want) {
			t.Errorf("organisation page lacks %q", want)
		}
	}
	// Contacts: validated, added, listed, removed; each change journaled.
	resp, body = pilote.post(path+"/contacts", url.Values{"nom": {"Jeanne Roc"}, "email": {"pas une adresse"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Adresse électronique invalide") || !strings.Contains(body, "Jeanne Roc") {
		t.Errorf("bad contact: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := pilote.post(path+"/contacts", url.Values{"nom": {"Jeanne Roc"}, "fonction": {"Chargée de mission"}, "email": {"Jeanne.Roc@ffb09.example"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add contact: %d", resp.StatusCode)
	}
	contacts, _ := st.ListContacts(ctx, child.ID)
	if len(contacts) != 1 || contacts[0].Email != "jeanne.roc@ffb09.example" {
		t.Fatalf("contacts: %+v", contacts)
	}
	if _, body := pilote.get(path); !strings.Contains(body, "Chargée de mission") {
		t.Error("contact not listed")
	}
	if resp, _ := pilote.post(path+"/contacts/"+itoa(contacts[0].ID)+"/supprimer", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete contact: %d", resp.StatusCode)
	}
	if contacts, _ := st.ListContacts(ctx, child.ID); len(contacts) != 0 {
		t.Errorf("contact not deleted: %+v", contacts)
	}
	entries, _, _ := st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditOrganisation, Limit: 10})
	if len(entries) < 3 {
		t.Errorf("journal: %d organisation lines, want 3 (creation, contact added, contact removed)", len(entries))
	}
	// The demo référent of an organisation is listed on its page.
	ref, _ := st.GetCompteByEmail(ctx, demoEmail("organisation"))
	if _, body := pilote.get("/organisations/" + ref.Habilitations[0].Ref); !strings.Contains(body, demoEmail("organisation")) {
		t.Error("référent not listed on their organisation's page")
	}

	// Another académie's pilote does not see it: 404, and cannot add a
	// contact to it.
	other, err := st.CreateOrganisation(ctx, model.Organisation{Nom: "CPME Gironde", Type: model.OrgInterproEmployeurs, Niveau: "departemental", Academies: []string{"04"}})
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := pilote.get("/organisations/" + itoa(other)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("other académie's organisation: %d, want 404", resp.StatusCode)
	}
	if resp, _ := pilote.post("/organisations/"+itoa(other)+"/contacts", url.Values{"nom": {"X"}, "telephone": {"0102030405"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("contact on another académie's organisation: %d, want 404", resp.StatusCode)
	}
}
