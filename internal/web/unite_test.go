package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// demoUnites reads the demo's three units by kind, their members and the
// schools of the académie that belong to none of them.
func demoUnites(t *testing.T, st *store.Store) (cmq, pole, ldm model.Campus, horsUnite string) {
	t.Helper()
	ctx := context.Background()
	list, err := st.ListCampus(ctx, "16")
	if err != nil {
		t.Fatal(err)
	}
	membres := map[string]bool{}
	for _, c := range list {
		c, err = st.GetCampus(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range c.Membres {
			membres[m] = true
		}
		switch c.Type {
		case model.CampusCMQ:
			cmq = c
		case model.CampusPoleStage:
			pole = c
		case model.CampusLyceeMetiers:
			ldm = c
		}
	}
	lycees, _, _ := st.ListEtablissements(ctx, store.EtablissementFilter{Academie: "16", Type: model.Lycee, Limit: 100})
	for _, e := range lycees {
		if !membres[e.UAI] {
			horsUnite = e.UAI
			break
		}
	}
	if cmq.ID == 0 || pole.ID == 0 || ldm.ID == 0 || horsUnite == "" {
		t.Fatalf("demo units: %+v %+v %+v, school outside: %q", cmq, pole, ldm, horsUnite)
	}
	return cmq, pole, ldm, horsUnite
}

// A unit's animator posts a request for one of its schools and follows the
// unit's requests; the forms of requests, actions and events attach a
// record to a unit only when the school is a member, in the académie; the
// unit's page shows its figures and requests.
func TestUnites(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	cmq, pole, ldm, horsUnite := demoUnites(t, st)
	membre := cmq.Membres[0]
	var cmqSeul string // a member of the CMQ alone
	for _, m := range cmq.Membres {
		if !pole.Contient(m) {
			cmqSeul = m
		}
	}

	anim := newClient(t, srv)
	anim.loginAs(demoEmail("partenaire"))
	resp, body := anim.get("/demandes/nouvelle")
	if resp.StatusCode != 200 || !strings.Contains(body, "Pour "+cmq.Nom) || !strings.Contains(body, `value="`+membre+`"`) ||
		strings.Contains(body, `value="`+horsUnite+`"`) || strings.Contains(body, `name="campus"`) {
		t.Fatalf("the animator's form: %d, want their unit fixed and its member schools only", resp.StatusCode)
	}
	brouillon := url.Values{"type": {"visite"}, "titre": {"Visite de l'usine"}, "personnes": {"1"}}
	form := func(v url.Values, kv ...string) url.Values {
		out := url.Values{}
		for k, x := range v {
			out[k] = x
		}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	if resp, body := anim.post("/demandes", form(brouillon, "uai", horsUnite)); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "n&#39;est pas membre de "+escape(cmq.Nom)) {
		t.Errorf("the animator for a school outside their unit: %d, want 422 with the reason", resp.StatusCode)
	}
	// Whatever unit the form names, theirs.
	resp, _ = anim.post("/demandes", form(brouillon, "uai", membre, "campus", itoa(pole.ID)))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the animator's request: %d", resp.StatusCode)
	}
	sienne := resp.Header.Get("Location")
	if _, body := anim.get(sienne); !strings.Contains(body, "<dt>Unité</dt>") || !strings.Contains(body, escape(cmq.Nom)) {
		t.Error("the request's page does not show its unit")
	}
	if _, body := anim.get(sienne + "/modifier"); !strings.Contains(body, `value="`+membre+`" selected`) {
		t.Error("the draft's form lost its school")
	}

	// The pilote attaches requests: a unit of the school, else refused.
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if _, body := pilote.get("/demandes/nouvelle"); !strings.Contains(body, `name="campus"`) || !strings.Contains(body, escape(ldm.Nom)) {
		t.Error("the pilote's form offers no unit")
	}
	if resp, body := pilote.post("/demandes", form(brouillon, "uai", cmqSeul, "campus", itoa(pole.ID))); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "n&#39;est pas membre") {
		t.Errorf("a unit the school is not a member of: %d", resp.StatusCode)
	}
	bordeaux, err := st.CreateCampus(ctx, model.Campus{Type: model.CampusCMQ, Nom: "CMQ de Bordeaux", Academie: "04"})
	if err != nil {
		t.Fatal(err)
	}
	if resp, body := pilote.post("/demandes", form(brouillon, "uai", membre, "campus", itoa(bordeaux))); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "relève de l&#39;académie de Bordeaux") {
		t.Errorf("another académie's unit: %d", resp.StatusCode)
	}
	if resp, body := pilote.post("/demandes", form(brouillon, "uai", membre, "campus", "x")); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choisissez une unité") {
		t.Errorf("an unreadable unit: %d", resp.StatusCode)
	}
	// A request of the unit sent by someone else (the school's staff).
	e, _ := st.GetEtablissement(ctx, membre)
	rid, err := st.CreateDemande(ctx, model.Demande{Academie: "16", UAI: membre, Departement: e.Departement, CodeCommune: e.CodeCommune,
		Type: model.TypeForum, Titre: "Forum du campus", Personnes: 1, Etat: model.DemandeEnRecherche, CampusID: cmq.ID})
	if err != nil {
		t.Fatal(err)
	}
	duPilote := "/demandes/" + itoa(rid)
	// The animator follows it, though they did not write it; the unit's
	// page lists it.
	if resp, body := anim.get(duPilote); resp.StatusCode != 200 || !strings.Contains(body, "Forum du campus") {
		t.Errorf("the animator on their unit's request: %d", resp.StatusCode)
	}
	if _, body := anim.get("/demandes?etat=tous"); !strings.Contains(body, "Forum du campus") {
		t.Error("the animator's list lacks their unit's request")
	}
	resp, body = anim.get("/campus/" + itoa(cmq.ID))
	if resp.StatusCode != 200 || !strings.Contains(body, "Tableau de bord") || !strings.Contains(body, "Forum du campus") ||
		!strings.Contains(body, "Conseillers engagés") || !strings.Contains(body, `href="/demandes/nouvelle"`) {
		t.Errorf("the unit's page: %d", resp.StatusCode)
	}
	if resp, body := anim.get("/campus/" + itoa(cmq.ID) + "?du=2025-13-40"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "illisible") {
		t.Errorf("a bad date: %d", resp.StatusCode)
	}
	if resp, body := pilote.get("/campus/" + itoa(cmq.ID) + "?du=2020-09-01&au=2020-09-02"); resp.StatusCode != 200 || !strings.Contains(body, "du 1er septembre 2020") {
		t.Errorf("another period: %d", resp.StatusCode)
	}

	// A lycée des métiers has one member school.
	if resp, body := pilote.post("/campus/"+itoa(ldm.ID)+"/etablissements", url.Values{"uai": {horsUnite}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "un seul établissement membre") {
		t.Errorf("a second member of a lycée des métiers: %d", resp.StatusCode)
	}

	// An action for a unit: the school must be a member.
	cee := newClient(t, srv)
	comp := cee.loginAs(demoEmail("conseiller"))
	actions := "/conseillers/" + comp.Habilitations[0].Ref + "/actions"
	action := url.Values{"type": {"intervention"}, "date": {time.Now().AddDate(0, 0, -1).Format("2006-01-02")}, "duree": {"2"}, "campus": {itoa(cmq.ID)}}
	if resp, body := cee.post(actions, form(action, "uai", horsUnite)); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "n&#39;est pas membre") {
		t.Errorf("an action for a unit at a school outside it: %d", resp.StatusCode)
	}
	if resp, _ := cee.post(actions, form(action, "uai", membre)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("an action for the unit: %d", resp.StatusCode)
	}
	id, _ := strconv.ParseInt(comp.Habilitations[0].Ref, 10, 64)
	list, _ := st.ListInterventions(ctx, id, time.Now().AddDate(0, 0, -2), time.Time{})
	if len(list) == 0 || list[0].CampusID != cmq.ID || list[0].Campus != cmq.Nom {
		t.Errorf("the action's unit: %+v", list)
	}

	// An event for a unit of the académie.
	debut := time.Now().AddDate(0, 1, 0).Format("2006-01-02") + "T14:00"
	fin := time.Now().AddDate(0, 1, 0).Format("2006-01-02") + "T16:00"
	ev := url.Values{"type": {"forum"}, "titre": {"Forum du lycée des métiers"}, "debut": {debut}, "fin": {fin}, "lieu": {"Atelier du lycée"}}
	if resp, body := pilote.post("/animation/evenements", form(ev, "campus", itoa(bordeaux))); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "relève de l&#39;académie de Bordeaux") {
		t.Errorf("an event for another académie's unit: %d", resp.StatusCode)
	}
	resp, _ = pilote.post("/animation/evenements", form(ev, "campus", itoa(ldm.ID)))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("an event for the unit: %d", resp.StatusCode)
	}
	if _, body := pilote.get(resp.Header.Get("Location")); !strings.Contains(body, "<dt>Unité</dt>") || !strings.Contains(body, escape(ldm.Nom)) {
		t.Error("the event's page does not show its unit")
	}
}

// escape is how the templates write s in HTML.
func escape(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }
