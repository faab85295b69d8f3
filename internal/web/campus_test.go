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

func TestCampusPages(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	demoCampus, err := st.ListCampus(ctx, "16")
	if err != nil || len(demoCampus) != 3 {
		t.Fatalf("demo campus: %v %+v", err, demoCampus)
	}
	partenaire, _ := st.GetCompteByEmail(ctx, demoEmail("partenaire"))
	var cmq, pole, ldm model.Campus
	for _, c := range demoCampus {
		switch c.Type {
		case model.CampusCMQ:
			cmq = c
		case model.CampusPoleStage:
			pole = c
		case model.CampusLyceeMetiers:
			ldm = c
		}
	}
	if ldm.NbMembres != 1 {
		t.Errorf("the demo lycée des métiers: %+v, want one member school", ldm)
	}
	if partenaire.Habilitations[0].Ref != itoa(cmq.ID) {
		t.Fatalf("the demo animator points at %q, the demo CMQ is %d", partenaire.Habilitations[0].Ref, cmq.ID)
	}

	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if resp, body := pilote.get("/campus"); resp.StatusCode != 200 || !strings.Contains(body, cmq.Nom) || !strings.Contains(body, pole.Nom) {
		t.Fatalf("list: %d", resp.StatusCode)
	}
	// Creation: field errors with the input kept, then created.
	resp, body := pilote.post("/campus", url.Values{"nom": {"CMQ Numérique et cybersécurité"}, "type": {"lycee"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choisissez le type") ||
		!strings.Contains(body, `value="CMQ Numérique et cybersécurité"`) || !strings.Contains(body, "fr-select-group--error") {
		t.Fatalf("bad kind: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := pilote.post("/campus", url.Values{"nom": {"  "}, "type": {"cmq"}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Indiquez le nom") {
		t.Errorf("no name: %d", resp.StatusCode)
	}
	resp, _ = pilote.post("/campus", url.Values{"nom": {"CMQ Numérique et cybersécurité"}, "type": {"cmq"}, "academie": {"04"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/campus/") {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	path := resp.Header.Get("Location")
	list, _ := st.ListCampus(ctx, "16")
	if len(list) != 4 {
		t.Fatalf("campus of académie 16: %+v (a pilote creates in their own académie, whatever the form says)", list)
	}

	// Members: an invalid UAI, an unknown one, a school of another
	// académie, then a lycée of the académie, added once only, and removed.
	lycees, _, _ := st.ListEtablissements(ctx, store.EtablissementFilter{Academie: "16", Type: model.Lycee, Limit: 1})
	lycee := lycees[0]
	if err := st.UpsertEtablissement(ctx, model.Etablissement{UAI: "0301326D", Nom: "Collège André Chamson", Type: model.College, Statut: "public",
		CodeCommune: "30350", NomCommune: "Le Vigan", Departement: "30", Academie: "11"}); err != nil {
		t.Fatal(err)
	}
	for uai, want := range map[string]string{"123": "Aucun établissement « 123 »", "0750654D": "Aucun établissement connu", "0301326d": "relève de l&#39;académie de Montpellier"} {
		resp, body := pilote.post(path+"/etablissements", url.Values{"uai": {uai}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, want) || !strings.Contains(body, `value="`+uai+`"`) {
			t.Errorf("UAI %s: %d, want 422 with %q and the input kept", uai, resp.StatusCode, want)
		}
	}
	if resp, _ := pilote.post(path+"/etablissements", url.Values{"uai": {" " + strings.ToLower(lycee.UAI)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add member: %d", resp.StatusCode)
	}
	if resp, body := pilote.post(path+"/etablissements", url.Values{"uai": {lycee.UAI}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "déjà membre") {
		t.Errorf("member twice: %d", resp.StatusCode)
	}
	_, body = pilote.get(path)
	if !strings.Contains(body, `href="/etablissements/`+lycee.UAI+`"`) || !strings.Contains(body, "CMQ Numérique et cybersécurité") || !strings.Contains(body, `href="/comptes/inviter"`) {
		t.Errorf("campus page lacks the member link or the invitation hint:\n%s", body)
	}
	if resp, _ := pilote.post(path+"/etablissements/"+lycee.UAI+"/retirer", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", resp.StatusCode)
	}
	if resp, _ := pilote.post(path+"/etablissements/"+lycee.UAI+"/retirer", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("remove twice: %d, want 404", resp.StatusCode)
	}
	if _, body := pilote.get(path); strings.Contains(body, `href="/etablissements/`+lycee.UAI+`"`) {
		t.Error("member still listed after removal")
	}
	entries, _, _ := st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditCampus, Limit: 10})
	if len(entries) != 3 {
		t.Errorf("journal: %d campus lines, want 3 (creation, member added, member removed): %+v", len(entries), entries)
	}

	// The animator reads their own campus, without the forms; another
	// campus is 404; they change nothing.
	anim := newClient(t, srv)
	anim.loginAs(demoEmail("partenaire"))
	resp, body = anim.get("/campus/" + itoa(cmq.ID))
	if resp.StatusCode != 200 || !strings.Contains(body, cmq.Nom) || !strings.Contains(body, demoEmail("partenaire")) || strings.Contains(body, "Ajouter l&#39;établissement") {
		t.Errorf("animator's own campus: %d", resp.StatusCode)
	}
	for _, p := range []string{"/campus/" + itoa(pole.ID), path, "/campus/999999"} {
		if resp, _ := anim.get(p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("animator on %s: %d, want 404", p, resp.StatusCode)
		}
	}
	if resp, _ := anim.post("/campus/"+itoa(cmq.ID)+"/etablissements", url.Values{"uai": {lycee.UAI}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("animator adds a member: %d, want 403", resp.StatusCode)
	}
	// Another role signed in: 404 on any campus.
	cee := newClient(t, srv)
	cee.loginAs(demoEmail("conseiller"))
	if resp, _ := cee.get("/campus/" + itoa(cmq.ID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("CEE on a campus: %d, want 404", resp.StatusCode)
	}

	// An admin creates a campus elsewhere; Toulouse's pilote does not see it.
	admin := newClient(t, srv)
	admin.loginAs(demoEmail("admin"))
	if resp, body := admin.post("/campus", url.Values{"nom": {"Pôle de stage Gironde"}, "type": {"pole_stage"}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choisissez une académie") {
		t.Errorf("admin without académie: %d", resp.StatusCode)
	}
	resp, _ = admin.post("/campus", url.Values{"nom": {"Pôle de stage Gironde"}, "type": {"pole_stage"}, "academie": {"04"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin create: %d", resp.StatusCode)
	}
	bordeaux := resp.Header.Get("Location")
	if _, body := admin.get("/campus"); !strings.Contains(body, "Pôle de stage Gironde") || !strings.Contains(body, cmq.Nom) {
		t.Error("the admin's list lacks a campus")
	}
	if _, body := pilote.get("/campus"); strings.Contains(body, "Pôle de stage Gironde") {
		t.Error("Toulouse's pilote lists Bordeaux's campus")
	}
	if resp, _ := pilote.get(bordeaux); resp.StatusCode != http.StatusNotFound {
		t.Errorf("Toulouse's pilote on Bordeaux's campus: %d, want 404", resp.StatusCode)
	}
	if resp, _ := pilote.post(bordeaux+"/etablissements", url.Values{"uai": {lycee.UAI}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("Toulouse's pilote adds to Bordeaux's campus: %d, want 404", resp.StatusCode)
	}
	// And a pilote of Bordeaux does not see Toulouse's.
	id, _ := st.CreateCompte(ctx, model.Compte{Email: "pilote@ac-bordeaux.fr", Nom: "Bordeaux"})
	st.AddHabilitation(ctx, model.Habilitation{CompteID: id, Role: model.RolePilote, Academie: "04"})
	other := newClient(t, srv)
	other.loginAs("pilote@ac-bordeaux.fr")
	if resp, _ := other.get("/campus/" + itoa(cmq.ID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("Bordeaux's pilote on Toulouse's campus: %d, want 404", resp.StatusCode)
	}
	if resp, body := other.get(bordeaux); resp.StatusCode != 200 || !strings.Contains(body, "Pôle de stage Gironde") {
		t.Errorf("Bordeaux's pilote on their campus: %d", resp.StatusCode)
	}
}
