package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
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
// candidates with one spreadsheet. The upload writes nothing: it states
// how many candidatures will be proposed and lists the refused lines (a bad
// address, a candidate already in mandate); the confirmation proposes the
// valid lines for the organisation, refused when its count is stale (409)
// or used twice (410) (issue 18 item 3).
func TestPropositionsFichier(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: u})
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
		const mission = "Découverte des métiers"
		const entete = "Civilité;Nom;Prénom;Courriel;Entreprise\n"
		mixte := entete + "Mme;Roux;Claire;claire.roux@example.org;Boulangerie Roux\n" +
			"M.;Petit;Marc;pas-une-adresse;Garage Petit\n" +
			ours[0].Civilite + ";" + ours[0].Nom + ";" + ours[0].Prenom + ";" + ours[0].Email + ";Entreprise du fichier\n"
		body, ctype := propositionsBody(t, mission, "candidats.csv", mixte)
		resp, page := c.do("POST", "/reseau/propositions", body, ctype)
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "1 candidature(s) seront proposées") || !strings.Contains(page, "2 ligne(s) refusée(s)") || confirmedCount(t, page) != "1" {
			t.Fatalf("file with refused lines: %d, want the confirmation of 1 candidature", resp.StatusCode)
		}
		for _, want := range []string{"Lignes refusées", "pas-une-adresse", "a déjà une désignation", ">3<", ">4<"} {
			if !strings.Contains(page, want) {
				t.Errorf("report lacks %q", want)
			}
		}
		if n := count("claire.roux@example.org"); n != 0 {
			t.Fatalf("a candidate was written before the confirmation (%d)", n)
		}
		televersement := regexp.MustCompile(`name="televersement" value="(\d+)"`)
		tid := televersement.FindStringSubmatch(page)
		if tid == nil {
			t.Fatal("the confirmation does not carry the file")
		}
		// A stale count: 409 with the new numbers, nothing written, the file
		// kept anew.
		resp, page = c.post("/reseau/propositions", url.Values{"televersement": {tid[1]}, "mission": {mission}, "confirmer": {"2"}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(page, "1 au lieu de 2") || confirmedCount(t, page) != "1" {
			t.Fatalf("stale confirmation: %d", resp.StatusCode)
		}
		if n := count("claire.roux@example.org"); n != 0 {
			t.Fatalf("a candidate was written on a stale confirmation (%d)", n)
		}
		if tid = televersement.FindStringSubmatch(page); tid == nil {
			t.Fatal("the stale confirmation does not keep the file anew")
		}
		confirmation := url.Values{"televersement": {tid[1]}, "mission": {mission}, "confirmer": {"1"}}
		if resp, _ = c.post("/reseau/propositions", confirmation); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirmation: %d", resp.StatusCode)
		}
		list, _, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Email: "claire.roux@example.org", Limit: 1})
		if err != nil || len(list) != 1 {
			t.Fatalf("claire.roux@example.org: %v", err)
		}
		if list[0].Etat != model.DesignationProposee || strconv.FormatInt(list[0].OrganisationID, 10) != h.Ref || list[0].Academie != h.Academie {
			t.Errorf("claire.roux@example.org: %s, organisation %d, académie %s", list[0].Etat, list[0].OrganisationID, list[0].Academie)
		}
		// The refused line of a CEE in mandate left their profile as it was.
		if again, err := st.GetConseillerInScope(ctx, ours[0].ID, model.Scope{National: true}); err != nil || again.Employeur != ours[0].Employeur {
			t.Errorf("the refused line changed the CEE's profile: %q, was %q (%v)", again.Employeur, ours[0].Employeur, err)
		}
		if resp, _ := c.post("/reseau/propositions", confirmation); resp.StatusCode != http.StatusGone {
			t.Errorf("the same confirmation twice: %d, want 410", resp.StatusCode)
		}
		if n := count("claire.roux@example.org"); n != 1 {
			t.Errorf("claire.roux@example.org written %d times", n)
		}
		// A file without a valid line is refused at once.
		body, ctype = propositionsBody(t, mission, "candidats.csv", entete+"M.;Petit;Marc;pas-une-adresse;Garage Petit\n")
		if resp, page := c.do("POST", "/reseau/propositions", body, ctype); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Aucune ligne valide") {
			t.Errorf("file without a valid line: %d", resp.StatusCode)
		}
		// Nobody else may post a file.
		p := newClient(t, srv)
		p.loginAs(demoEmail("pilote"))
		body, ctype = propositionsBody(t, "x", "c.csv", mixte)
		if resp, _ := p.do("POST", "/reseau/propositions", body, ctype); resp.StatusCode != http.StatusForbidden {
			t.Errorf("pilote: %d, want 403", resp.StatusCode)
		}
	})
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
