package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/workflow"
)

func TestCouverture(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	pilote := newClient(t, srv)
	comp := pilote.loginAs(demoEmail("pilote"))
	acad := comp.Habilitations[0].Academie

	resp, body := pilote.get("/couverture")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("coverage page: %d", resp.StatusCode)
	}
	for _, want := range []string{`id="carte-couverture"`, "<circle", "Couverture par département", "Établissements jamais atteints", "Inviter l'équipe"} {
		if !strings.Contains(body, want) {
			t.Errorf("coverage page lacks %q", want)
		}
	}

	// The figures are the period's: over the current school year as the
	// dashboard, over a period before any demo activity none is reached.
	annee := store.IndicateurFilter{Annee: workflowAnnee(), Now: time.Now(), Academie: acad}
	c, err := st.IndicateursCouverture(ctx, annee)
	if err != nil {
		t.Fatal(err)
	}
	if c.Atteints == 0 || len(c.NonAtteints) == 0 {
		t.Fatalf("demo coverage %d/%d: the test needs schools reached and not", c.Atteints, c.Total)
	}
	if !strings.Contains(body, strconv.Itoa(c.Atteints)+" sur "+strconv.Itoa(c.Total)) {
		t.Errorf("coverage page does not show %d sur %d", c.Atteints, c.Total)
	}
	_, body = pilote.get("/couverture?du=2001-01-01&au=2001-12-31")
	if !strings.Contains(body, "0 sur "+strconv.Itoa(c.Total)) || !strings.Contains(body, "du 1er janvier 2001 au 31 décembre 2001") {
		t.Error("coverage over 2001 does not show 0 reached over the period")
	}
	resp, body = pilote.get("/couverture?du=2026-05-01&au=2026-04-01")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "la fin de la période précède son début") {
		t.Errorf("inverted period: %d", resp.StatusCode)
	}
	// The dashboard leads there from its list.
	if _, body = pilote.get("/tableau-de-bord"); !strings.Contains(body, `href="/couverture"`) || !strings.Contains(body, `href="/couverture/`+c.NonAtteints[0].UAI+`"`) {
		t.Error("dashboard's never-reached list has no action to the coverage")
	}

	// A school never reached: the nearest CEE available, nearest first.
	uai := c.NonAtteints[0].UAI
	resp, body = pilote.get("/couverture/" + uai)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("first contact page: %d", resp.StatusCode)
	}
	dist := regexp.MustCompile(`(\d+) km`).FindAllStringSubmatch(body[strings.Index(body, `id="suggestions"`):], -1)
	if len(dist) == 0 || len(dist) > workflow.NbSuggestions {
		t.Fatalf("%d CEE suggested, want 1 to %d", len(dist), workflow.NbSuggestions)
	}
	for i := 1; i < len(dist); i++ {
		a, _ := strconv.Atoi(dist[i-1][1])
		b, _ := strconv.Atoi(dist[i][1])
		if b < a {
			t.Errorf("suggestions not nearest first: %v", dist)
		}
	}

	// Inviting: bad addresses keep the form; good ones get the school's
	// role, a single-use link and the CEE's names.
	resp, body = pilote.post("/couverture/"+uai, url.Values{"emails": {"pas-une-adresse"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "pas-une-adresse") {
		t.Errorf("bad address: %d", resp.StatusCode)
	}
	resp, _ = pilote.post("/couverture/"+uai, url.Values{"emails": {"Principal@College.fr\nddfpt@college.fr"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invitation: %d", resp.StatusCode)
	}
	sugg, err := workflow.SuggererCEE(ctx, st, mustEtab(t, st, uai), time.Now())
	if err != nil || len(sugg) == 0 {
		t.Fatalf("suggestions: %v %v", sugg, err)
	}
	m, ok := lastMail(t, srv, "principal@college.fr")
	if !ok {
		t.Fatal("no invitation mailed to the school's head")
	}
	for _, s := range sugg {
		if !strings.Contains(m.Text, s.Nom) {
			t.Errorf("invitation does not name %s:\n%s", s.Nom, m.Text)
		}
	}
	if _, ok := lastMail(t, srv, "ddfpt@college.fr"); !ok {
		t.Error("second address not invited")
	}
	guest := newClient(t, srv)
	link := pathOf(t, m)
	if resp, _ := guest.post(link, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accepting: %d", resp.StatusCode)
	}
	if _, body := guest.get("/compte"); !strings.Contains(body, uai) {
		t.Error("the invited account does not hold the school's role")
	}

	// A school of another académie is not the pilote's to invite.
	autre := model.Etablissement{UAI: "0750654D", Nom: "Lycée de Paris", Type: model.Lycee, Departement: "75", Academie: "01", CodeCommune: "75056", NomCommune: "Paris"}
	if acad == "01" {
		autre.UAI, autre.Departement, autre.Academie, autre.CodeCommune, autre.NomCommune = "0310036W", "31", "16", "31555", "Toulouse"
	}
	if err := st.UpsertEtablissement(ctx, autre); err != nil {
		t.Fatal(err)
	}
	if resp, _ := pilote.get("/couverture/" + autre.UAI); resp.StatusCode != http.StatusNotFound {
		t.Errorf("school of académie %s: %d, want 404", autre.Academie, resp.StatusCode)
	}
	if resp, _ := pilote.post("/couverture/"+autre.UAI, url.Values{"emails": {"x@ailleurs.fr"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("inviting at a school of académie %s: %d, want 404", autre.Academie, resp.StatusCode)
	}
}

func workflowAnnee() model.AnneeScolaire { return model.AnneeScolaireOf(time.Now()) }

func mustEtab(t *testing.T, st *store.Store, uai string) model.Etablissement {
	t.Helper()
	e, err := st.GetEtablissement(context.Background(), uai)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Issue 19 item 7: the schools of a département without an account are
// invited at the address a pattern gives them, after a confirmation that
// says how many; the page then follows their first sign-in.
func TestInvitationsDepartement(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	pilote := newClient(t, srv)
	comp := pilote.loginAs(demoEmail("pilote"))
	acad := comp.Habilitations[0].Academie
	ets, _, err := st.ListEtablissements(ctx, store.EtablissementFilter{Academie: acad, Limit: 1})
	if err != nil || len(ets) == 0 {
		t.Fatalf("demo schools of %s: %v", acad, err)
	}
	dep := ets[0].Departement

	equipes, err := st.EquipesDepartement(ctx, acad, dep)
	if err != nil {
		t.Fatal(err)
	}
	sans := len(workflow.AInviter(equipes))
	if sans == 0 {
		t.Fatalf("département %s: %d schools, %d without account: the test needs some", dep, len(equipes), sans)
	}
	if _, body := pilote.get("/couverture"); !strings.Contains(body, `href="/couverture/invitations"`) {
		t.Error("the coverage page does not lead to the bulk invitation")
	}
	resp, body := pilote.get("/couverture/invitations?departement=" + dep)
	if resp.StatusCode != 200 || !strings.Contains(body, strconv.Itoa(sans)+" sans compte") {
		t.Fatalf("page: %d, does not count %d schools without account", resp.StatusCode, sans)
	}
	// A pattern without {uai}: refused, nothing sent.
	form := url.Values{"departement": {dep}, "modele": {"ce@ac-toulouse.fr"}}
	if resp, body = pilote.post("/couverture/invitations", form); resp.StatusCode != 422 || !strings.Contains(body, "une fois {uai}") {
		t.Fatalf("pattern without {uai}: %d", resp.StatusCode)
	}
	// A valid pattern first asks to confirm, with the number and an example.
	form.Set("modele", "ce.{uai}@ac-toulouse.fr")
	cible := workflow.AInviter(equipes)[0]
	exemple := "ce." + strings.ToLower(cible.UAI) + "@ac-toulouse.fr"
	resp, body = pilote.post("/couverture/invitations", form)
	if resp.StatusCode != 200 || !strings.Contains(body, "Confirmer l&#39;envoi de "+strconv.Itoa(sans)+" invitation(s)") || !strings.Contains(body, exemple) {
		t.Fatalf("confirmation: %d, lacks the count %d or the example %s", resp.StatusCode, sans, exemple)
	}
	if _, err := st.GetCompteByEmail(ctx, exemple); err == nil {
		t.Fatal("an account was created before the confirmation")
	}
	// A confirmation of another count (the list changed): 409, nothing sent.
	form.Set("confirmer", strconv.Itoa(sans+1))
	if resp, _ = pilote.post("/couverture/invitations", form); resp.StatusCode != http.StatusConflict {
		t.Fatalf("stale confirmation: %d, want 409", resp.StatusCode)
	}
	form.Set("confirmer", strconv.Itoa(sans))
	if resp, _ = pilote.post("/couverture/invitations", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed: %d, want 303", resp.StatusCode)
	}
	c, err := st.GetCompteByEmail(ctx, exemple)
	if err != nil || len(c.Habilitations) != 1 || c.Habilitations[0].Role != model.RoleEtablissement || c.Habilitations[0].Ref != cible.UAI {
		t.Fatalf("the invited school's account: %+v %v", c, err)
	}
	if _, ok := mailAbout(t, srv, exemple, "nvitation"); !ok {
		t.Error("no invitation mail to " + exemple)
	}
	equipes, _ = st.EquipesDepartement(ctx, acad, dep)
	if n := len(workflow.AInviter(equipes)); n != 0 {
		t.Errorf("%d schools still without account", n)
	}
	_, body = pilote.get("/couverture/invitations?departement=" + dep)
	if !strings.Contains(body, " 0 sans compte") || !strings.Contains(body, "jamais") {
		t.Error("the page does not follow the invited schools")
	}
	// Another académie's département shows nothing and sends nothing.
	for _, d := range refdata.Departements() {
		if d.Academie != acad {
			if resp, _ := pilote.post("/couverture/invitations", url.Values{"departement": {d.Code}, "modele": {"ce.{uai}@x.fr"}, "confirmer": {"1"}}); resp.StatusCode != 422 {
				t.Errorf("another académie's département %s: %d, want 422", d.Code, resp.StatusCode)
			}
			break
		}
	}
}
