package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
	"context"
)

// TestExpertiseAvis: an inspector asks two CEE for an opinion; the CEE is
// mailed, reads the request and gives a written opinion with a PDF; the
// inspector is told, downloads the signed-off PDF; the opinion counts as
// service on the CEE's activity page and attestation. A school of the
// académie that did not ask does not see the request; a second answer is
// refused and the first kept; a form refused keeps what was typed.
func TestExpertiseAvis(t *testing.T) {
	log := &apptest.LogBuffer{}
	srv := apptest.Start(t, apptest.Options{Demo: true, Log: log})
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(log.String())
		}
	})
	ctx := context.Background()
	insp := newClient(t, srv)
	insp.loginAs(demoEmail("inspecteur"))
	cee := newClient(t, srv)
	me := cee.loginAs(demoEmail("conseiller"))
	ceeID := me.Habilitations[0].Ref

	// A second CEE in mandate of the académie, other than the demo one.
	others, _, err := srv.App.Store.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: me.Habilitations[0].Academie},
		Etat: model.DesignationActive, Limit: 5})
	if err != nil || len(others) < 2 {
		t.Fatalf("demo CEE in mandate: %v, %d", err, len(others))
	}
	other := others[0].ID
	if itoa(other) == ceeID {
		other = others[1].ID
	}

	resp, body := insp.get("/expertises/nouvelle")
	if resp.StatusCode != 200 || !strings.Contains(body, `value="`+ceeID+`"`) {
		t.Fatalf("form: %d, the demo CEE is not offered", resp.StatusCode)
	}
	// Refused: no CEE, a past deadline; what was typed is kept.
	echeance := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	form := url.Values{"sujet": {"ouverture"}, "objet": {"Ouverture d'un bac pro MELEC"}, "question": {"Le bassin d'emploi\nporte-t-il cette ouverture ?"},
		"echeance": {time.Now().AddDate(0, 0, -1).Format("2006-01-02")}}
	resp, body = insp.post("/expertises", form)
	if resp.StatusCode != 422 {
		t.Fatalf("invalid request: %d, want 422", resp.StatusCode)
	}
	for _, want := range []string{"Choisissez au moins un conseiller", "est passée", "Ouverture d&#39;un bac pro MELEC"} {
		if !strings.Contains(body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	form.Set("echeance", echeance)
	form.Set("conseiller1", ceeID)
	form.Set("conseiller2", itoa(other))
	resp, _ = insp.post("/expertises", form)
	if resp.StatusCode != 303 {
		t.Fatalf("request: %d, want 303", resp.StatusCode)
	}
	path := resp.Header.Get("Location")
	if !regexp.MustCompile(`^/expertises/\d+$`).MatchString(path) {
		t.Fatalf("redirect to %q", path)
	}
	rec, err := srv.App.Store.GetConseillerInScope(ctx, mustID(t, ceeID), model.Scope{National: true})
	if err != nil {
		t.Fatal(err)
	}
	m, ok := mailAbout(t, srv, rec.Email, "Demande d'avis")
	if !ok || !strings.Contains(m.Text, path) || !strings.Contains(m.Text, "Ouverture d'un bac pro MELEC") {
		t.Fatalf("the CEE was not mailed with the link: %v\n%s", ok, m.Text)
	}

	// The record behind the role: a school that did not ask gets 404.
	school := newClient(t, srv)
	school.loginAs(demoEmail("etablissement"))
	if resp, _ := school.get(path); resp.StatusCode != 404 {
		t.Errorf("another school opens the request: %d, want 404", resp.StatusCode)
	}
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if resp, _ := pilote.get(path); resp.StatusCode != 200 {
		t.Errorf("the pilote of the académie: %d, want 200", resp.StatusCode)
	}

	resp, body = cee.get("/expertises")
	if resp.StatusCode != 200 || !strings.Contains(body, "Ouverture d&#39;un bac pro MELEC") {
		t.Fatalf("the CEE's list: %d, lacks the request", resp.StatusCode)
	}
	_, body = cee.get(path)
	if !strings.Contains(body, "Votre réponse") {
		t.Fatal("the CEE has no answer form")
	}
	// An opinion without its text nor time: 422, nothing recorded.
	resp, body = cee.postFile(path+"/reponse", url.Values{"decision": {"rendu"}, "heures": {"2,5"}}, "fichier", "", "")
	if resp.StatusCode != 422 || !strings.Contains(body, "Rédigez votre avis") {
		t.Fatalf("empty opinion: %d", resp.StatusCode)
	}
	resp, body = cee.postFile(path+"/reponse", url.Values{"decision": {"rendu"}, "heures": {"2,5"}, "texte": {"Avis favorable.\nTrois entreprises du bassin recrutent."}},
		"fichier", "annexe.txt", "pas un pdf")
	if resp.StatusCode != 422 || !strings.Contains(body, "pas un PDF") || !strings.Contains(body, "Trois entreprises du bassin recrutent.") {
		t.Fatalf("a text file as annex: %d, want 422 with the text kept", resp.StatusCode)
	}
	resp, _ = cee.postFile(path+"/reponse", url.Values{"decision": {"rendu"}, "heures": {"2,5"}, "texte": {"Avis favorable.\nTrois entreprises du bassin recrutent."}},
		"fichier", "annexe.pdf", "%PDF-1.4 annexe")
	if resp.StatusCode != 303 {
		t.Fatalf("opinion: %d, want 303", resp.StatusCode)
	}
	resp, body = cee.postFile(path+"/reponse", url.Values{"decision": {"decline"}, "texte": {"Finalement non."}}, "fichier", "", "")
	if resp.StatusCode != 409 || !strings.Contains(body, "déjà répondu") {
		t.Fatalf("second answer: %d, want 409", resp.StatusCode)
	}

	if m, ok := mailAbout(t, srv, demoEmail("inspecteur"), "Avis rendu"); !ok || !strings.Contains(m.Text, path) {
		t.Errorf("the inspector was not told: %v", ok)
	}
	_, body = insp.get(path)
	for _, want := range []string{"Trois entreprises du bassin recrutent.", "2,5 h", "avis.pdf", "annexe.pdf", "Attendu"} {
		if !strings.Contains(body, want) {
			t.Errorf("request page lacks %q", want)
		}
	}
	link := regexp.MustCompile(`/expertises/\d+/avis/\d+/avis\.pdf`).FindString(body)
	resp, pdfBody := insp.get(link)
	if resp.StatusCode != 200 {
		t.Fatalf("PDF: %d", resp.StatusCode)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdfBody)), " ")
	for _, want := range []string{"Avis d'expertise", "Ouverture d'un bac pro MELEC", "Trois entreprises du bassin recrutent.", "2,5 heures"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q:\n%s", want, text)
		}
	}
	if resp, piece := insp.get(strings.TrimSuffix(link, "avis.pdf") + "piece"); resp.StatusCode != 200 || piece != "%PDF-1.4 annexe" {
		t.Errorf("annex: %d %q", resp.StatusCode, piece)
	}

	// Service: the activity page and the attestation count the opinion.
	_, body = cee.get("/conseillers/" + ceeID + "/actions")
	if !strings.Contains(body, "Ouverture d&#39;une formation — Ouverture d&#39;un bac pro MELEC") {
		t.Error("the activity page does not list the opinion")
	}
	day := time.Now().Format("2006-01-02")
	resp, pdfBody = cee.get("/conseillers/" + ceeID + "/attestation.pdf?du=" + time.Now().AddDate(0, 0, -1).Format("2006-01-02") + "&au=" + day)
	if resp.StatusCode != 200 {
		t.Fatalf("attestation: %d", resp.StatusCode)
	}
	if text := strings.Join(strings.Fields(pdfText(t, pdfBody)), " "); !strings.Contains(text, "un avis d'expertise (2,5 heures)") {
		t.Errorf("attestation lacks the opinion:\n%s", text)
	}
}
