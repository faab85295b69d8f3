package web_test

import (
	"context"
	"fmt"
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

func TestInterventionsAndAttestation(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	cee := newClient(t, srv)
	me := cee.loginAs(demoEmail("conseiller"))
	path := "/conseillers/" + me.Habilitations[0].Ref
	etabs, _, err := st.ListEtablissements(ctx, store.EtablissementFilter{Academie: "16", Limit: 1})
	if err != nil || len(etabs) == 0 {
		t.Fatalf("demo schools: %v", err)
	}
	day := time.Now().AddDate(0, 0, -3).Format("2006-01-02")
	// The demo gives the CEE actions of their own already.
	before, err := st.ListInterventions(ctx, mustID(t, me.Habilitations[0].Ref), time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	minutes := 0
	for _, a := range before {
		minutes += a.DureeMinutes
	}
	total := strings.Replace(strconv.FormatFloat(float64(minutes+240)/60, 'f', -1, 64), ".", ",", 1)
	summary := fmt.Sprintf("%d action(s), %s h au total", len(before)+2, total)

	// Bad input: 422, field errors, input kept.
	resp, body := cee.post(path+"/actions", url.Values{"type": {"forum"}, "date": {"2099-01-01"}, "duree": {"deux heures"},
		"uai": {"0310001B"}, "eleves": {"-4"}, "description": {"Forum à Muret"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad action: %d", resp.StatusCode)
	}
	for _, want := range []string{"est à venir", "Durée en heures", "UAI « 0310001B » invalide", "de 0 à 5000", "Forum à Muret"} {
		if !strings.Contains(body, want) {
			t.Errorf("bad action page lacks %q", want)
		}
	}
	for _, a := range []url.Values{
		{"type": {"intervention"}, "date": {day}, "duree": {"1h30"}, "uai": {strings.ToLower(etabs[0].UAI)}, "eleves": {"28"}, "niveaux": {"3e"}},
		{"type": {"visite"}, "date": {day}, "duree": {"2,5"}},
	} {
		if resp, body := cee.post(path+"/actions", a); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("record %v: %d\n%s", a, resp.StatusCode, body)
		}
	}
	_, body = cee.get(path + "/actions")
	for _, want := range []string{summary, etabs[0].Nom, "1,5 h", "Visite d&#39;entreprise"} {
		if !strings.Contains(body, want) {
			t.Errorf("actions page lacks %q", want)
		}
	}
	if n := journalCount(t, st, store.AuditIntervention); n != 2 {
		t.Errorf("journal: %d action lines, want 2", n)
	}
	// The attestation lists them with their hours.
	du := time.Now().AddDate(0, -1, 0).Format("2006-01-02")
	au := time.Now().Format("2006-01-02")
	resp, pdfBody := cee.get(path + "/attestation.pdf?du=" + du + "&au=" + au)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("attestation: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text := strings.Join(strings.Fields(pdfText(t, pdfBody)), " ")
	// The school's name may wrap in its table cell: its first word is enough.
	// The period may hold demo actions too: count them from the store.
	d0, _ := time.Parse("2006-01-02", du)
	d1, _ := time.Parse("2006-01-02", au)
	inPeriod, _ := st.ListInterventions(ctx, mustID(t, me.Habilitations[0].Ref), d0, d1)
	soit := fmt.Sprintf("Soit %d actions", len(inPeriod))
	for _, want := range []string{me.Nom, "Visite d", "— " + strings.Fields(etabs[0].Nom)[0], soit, "mission école-entreprise"} {
		if !strings.Contains(text, want) {
			t.Errorf("attestation text lacks %q:\n%s", want, text)
		}
	}
	// A period before the actions: none listed.
	resp, pdfBody = cee.get(path + "/attestation.pdf?du=2020-01-01&au=2020-12-31")
	if resp.StatusCode != 200 || strings.Contains(pdfText(t, pdfBody), "Visite d") {
		t.Errorf("attestation of an empty period: %d", resp.StatusCode)
	}
	if resp, body := cee.get(path + "/attestation.pdf?du=2026-02-01&au=2026-01-01"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Période invalide") {
		t.Errorf("reversed period: %d", resp.StatusCode)
	}
	// Another CEE's actions: 404 for this CEE, reachable by the pilote.
	others, _, _ := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: "16"}, Etat: model.DesignationActive, Limit: 5})
	var other int64
	for _, o := range others {
		if itoa(o.ID) != me.Habilitations[0].Ref {
			other = o.ID
			break
		}
	}
	if resp, _ := cee.get("/conseillers/" + itoa(other) + "/actions"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another CEE's actions: %d, want 404", resp.StatusCode)
	}
	if resp, _ := cee.post("/conseillers/"+itoa(other)+"/actions", url.Values{"type": {"visite"}, "date": {day}, "duree": {"1"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("recording for another CEE: %d, want 404", resp.StatusCode)
	}
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if resp, body := pilote.get(path + "/actions"); resp.StatusCode != 200 || !strings.Contains(body, summary) {
		t.Errorf("pilote: %d", resp.StatusCode)
	}
}
