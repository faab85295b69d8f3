package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

func propositionsBody(t *testing.T, mission, name, content string) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("mission", mission)
	f, err := w.CreateFormFile("fichier", name)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, content)
	w.Close()
	return &b, w.FormDataContentType()
}

// TestPropositionsFichier: an organisation's référent proposes several
// candidates with one spreadsheet. A file with a bad address and a
// candidate already in mandate is rejected whole, each line named;
// corrected, every candidate is proposed for the organisation.
func TestPropositionsFichier(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	st := srv.App.Store
	ctx := context.Background()
	c := newClient(t, srv)
	org := c.loginAs(demoEmail("organisation"))
	h := org.Habilitations[0]
	ours, _, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: h.Academie, Organisation: h.Ref}, Etat: model.DesignationActive, Limit: 1})
	if err != nil || len(ours) == 0 {
		t.Fatalf("demo organisation without CEE in mandate: %v", err)
	}
	count := func(email string) int {
		n, err := st.CountConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Email: email})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	const entete = "Civilité;Nom;Prénom;Courriel;Entreprise\n"
	bad := entete + "Mme;Roux;Claire;claire.roux@example.org;Boulangerie Roux\n" +
		"M.;Petit;Marc;pas-une-adresse;Garage Petit\n" +
		ours[0].Civilite + ";" + ours[0].Nom + ";" + ours[0].Prenom + ";" + ours[0].Email + ";X\n"
	body, ctype := propositionsBody(t, "Découverte des métiers", "candidats.csv", bad)
	resp, page := c.do("POST", "/reseau/propositions", body, ctype)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("file with rejected lines: %d", resp.StatusCode)
	}
	for _, want := range []string{"Rien n&#39;a été proposé", "pas-une-adresse", "a déjà une désignation", ">3<", ">4<"} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if n := count("claire.roux@example.org"); n != 0 {
		t.Errorf("a valid line was written although others were rejected (%d)", n)
	}

	good := entete + "Mme;Roux;Claire;claire.roux@example.org;Boulangerie Roux\n" + "M.;Petit;Marc;marc.petit@example.org;Garage Petit\n"
	body, ctype = propositionsBody(t, "Découverte des métiers", "candidats.csv", good)
	resp, _ = c.do("POST", "/reseau/propositions", body, ctype)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("valid file: %d", resp.StatusCode)
	}
	for _, email := range []string{"claire.roux@example.org", "marc.petit@example.org"} {
		list, _, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Email: email, Limit: 1})
		if err != nil || len(list) != 1 {
			t.Fatalf("%s: %v", email, err)
		}
		if list[0].Etat != model.DesignationProposee || strconv.FormatInt(list[0].OrganisationID, 10) != h.Ref || list[0].Academie != h.Academie {
			t.Errorf("%s: %s, organisation %d, académie %s", email, list[0].Etat, list[0].OrganisationID, list[0].Academie)
		}
	}
	// Nobody else may post a file.
	p := newClient(t, srv)
	p.loginAs(demoEmail("pilote"))
	body, ctype = propositionsBody(t, "x", "c.csv", good)
	if resp, _ := p.do("POST", "/reseau/propositions", body, ctype); resp.StatusCode != http.StatusForbidden {
		t.Errorf("pilote: %d, want 403", resp.StatusCode)
	}
}

// TestReferents: an organisation's référent invites a colleague as
// référent of the same organisation, sees them listed, removes them; their
// own role cannot be removed by themselves, nor can they reach another
// organisation's référents.
func TestReferents(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	st := srv.App.Store
	ctx := context.Background()
	c := newClient(t, srv)
	me := c.loginAs(demoEmail("organisation"))
	h := me.Habilitations[0]
	resp, _ := c.post("/reseau/referents", map[string][]string{"nom": {"Julie Garnier"}, "email": {"pas-une-adresse"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad address: %d", resp.StatusCode)
	}
	if resp, _ := c.post("/reseau/referents", map[string][]string{"nom": {"Julie Garnier"}, "email": {"julie.garnier@example.org"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", resp.StatusCode)
	}
	julie, err := st.GetCompteByEmail(ctx, "julie.garnier@example.org")
	if err != nil || len(julie.Habilitations) != 1 || julie.Habilitations[0].Role != model.RoleOrganisation ||
		julie.Habilitations[0].Ref != h.Ref || julie.Habilitations[0].Academie != h.Academie {
		t.Fatalf("invited account: %+v (%v)", julie, err)
	}
	if _, page := c.get("/reseau/referents"); !strings.Contains(page, "julie.garnier@example.org") || !strings.Contains(page, me.Email) {
		t.Error("the référents page lacks the invited person or oneself")
	}
	// Oneself: refused, role kept.
	c.post("/reseau/referents/"+itoa(me.ID)+"/retirer", nil)
	if again, _ := st.GetCompteByEmail(ctx, me.Email); len(again.Habilitations) == 0 {
		t.Error("the référent removed their own role")
	}
	if resp, _ := c.post("/reseau/referents/"+itoa(julie.ID)+"/retirer", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", resp.StatusCode)
	}
	if after, _ := st.GetCompteByEmail(ctx, julie.Email); len(after.Habilitations) != 0 {
		t.Errorf("after removal: %+v", after.Habilitations)
	}
	// An account that is no référent of this organisation: 404.
	pilote, _ := st.GetCompteByEmail(ctx, demoEmail("pilote"))
	if resp, _ := c.post("/reseau/referents/"+itoa(pilote.ID)+"/retirer", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("removing the pilote's role: %d, want 404", resp.StatusCode)
	}
}
