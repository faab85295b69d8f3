package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/workflow"
)

func TestJurysParcours(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	agent := newClient(t, srv)
	agent.loginAs(demoEmail("examens"))
	resp, body := agent.post("/jurys", url.Values{"nom": {"session de juin 2027"}, "debut": {"2027-06-14"}, "fin": {"2027-06-10"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "session de juin 2027") {
		t.Fatalf("bad session: %d", resp.StatusCode)
	}
	resp, _ = agent.post("/jurys", url.Values{"nom": {"session de juin 2027"}, "debut": {"2027-06-14"}, "fin": {"2027-06-18"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("session: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	id := mustID(t, strings.TrimPrefix(loc, "/jurys/"))

	// A file with bad lines: the preview says each problem with its line,
	// the import is refused (422, the step again) and writes nothing.
	bad := apptest.FichierJurys(t, st) + "X1;99999999;Boulangerie moléculaire;Lycée de nulle part;Toulouse;14/06/2027;Matin;4;2;\n" +
		"X2;;CAP Boulanger;Lycée de nulle part;Toulouse;14/06/2027;le soir;0;2;\n"
	resp, body = agent.postFile(loc+"/import", nil, "fichier", "jurys.csv", bad)
	action := reImportJurys.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || action == nil {
		t.Fatalf("preview: %d\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{"lignes rejetées : 2", "Boulangerie moléculaire", "Lycée de nulle part", "demi-journée « le soir » non reconnue", "Remarques"} {
		if !strings.Contains(strings.ReplaceAll(body, "&#39;", "'"), want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	resp, body = agent.post(action[1], url.Values{"action": {"importer"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Rien n&#39;a été importé") {
		t.Errorf("bad file imported: %d", resp.StatusCode)
	}
	// The upload kept for the step again is its author's: the pilote, who
	// may import into the session, neither previews nor imports it.
	if action = reImportJurys.FindStringSubmatch(body); action == nil {
		t.Fatal("no mapping step after the refusal")
	}
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	for _, a := range []string{"apercu", "importer"} {
		if resp, _ := pilote.post(action[1], url.Values{"action": {a}, "ignorer": {"oui"}}); resp.StatusCode != http.StatusGone {
			t.Errorf("another account's upload, %s: %d", a, resp.StatusCode)
		}
	}
	if jurys, _ := st.ListJurys(ctx, id); len(jurys) != 0 {
		t.Fatalf("%d juries written from a file with rejected lines", len(jurys))
	}
	importerJurys(t, agent, loc, apptest.FichierJurys(t, st))
	jurys, _ := st.ListJurys(ctx, id)
	if len(jurys) != 3 {
		t.Fatalf("%d juries", len(jurys))
	}
	// The same file without its last jury: the preview says that J3 is
	// kept, two juries updated.
	court := strings.TrimSuffix(apptest.FichierJurys(t, st), "\n")
	court = court[:strings.LastIndex(court, "\n")+1]
	if _, body := agent.postFile(loc+"/import", nil, "fichier", "jurys.csv", court); !strings.Contains(body, "mis à jour : 2") ||
		!regexp.MustCompile(`id="jurys-absents">[^<]*: J3\.`).MatchString(body) {
		t.Errorf("preview of a shorter file: %s", regexp.MustCompile(`id="jurys-apercu">[^<]*`).FindString(body))
	}
	// The campaign: each person asked gets a link to a form.
	if resp, _ := agent.postConfirmed(loc+"/campagne", url.Values{"echeance": {time.Now().AddDate(0, 0, 20).Format("2006-01-02")}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("campaign: %d", resp.StatusCode)
	}
	dispos, _ := st.ListDisponibilites(ctx, id)
	if len(dispos) < 6 {
		t.Fatalf("%d people asked", len(dispos))
	}
	m, ok := mailAbout(t, srv, dispos[0].Email, "disponibilités")
	if !ok {
		t.Fatal("no availability mail")
	}
	link := regexp.MustCompile(`/disponibilites/[A-Za-z0-9_-]+`).FindString(m.Text)
	anon := newClient(t, srv)
	if _, body := anon.get(link); !strings.Contains(body, "lundi 14 juin 2027, matin") {
		t.Fatal("availability form without the half-days")
	}
	if resp, body := anon.post(link, url.Values{"demi_journees": {"2027-06-14AM"}, "max_demi_journees": {"0"}, "max_km": {"50"}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Cochez au moins une spécialité") || !strings.Contains(body, "de 1 à 40") {
		t.Errorf("bad answer: %d", resp.StatusCode)
	}
	// Everyone answers: available all week, 150 km around.
	apptest.RepondreDisponibilites(t, st, id, jurys[0].Specialite)
	// The composition runs as a job; the page polls its progress.
	if resp, _ := agent.post(loc+"/composition", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("composition: %d", resp.StatusCode)
	}
	if _, body := agent.get(loc); !strings.Contains(body, "Composition en cours") || !strings.Contains(body, `hx-get="`+loc+`/progression"`) {
		t.Error("no progress while composing")
	}
	if _, err := srv.App.Pool.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	x, _ := st.GetSessionExamen(ctx, id, "")
	if x.Etat != model.SessionComposee || x.Progression != 100 {
		t.Fatalf("after the job: %s %d%%", x.Etat, x.Progression)
	}
	_, body = agent.get(loc)
	if !strings.Contains(body, "Où en est la composition") || !strings.Contains(body, "de la meilleure possible") {
		t.Fatal("composition not shown")
	}
	if problems, err := workflow.Verifier(ctx, st, id); err != nil || len(problems) > 0 {
		t.Fatalf("the composition breaks hard constraints: %v", problems)
	}
	// Swap one member for a replacement offered on the page.
	jurys, _ = st.ListJurys(ctx, id)
	var membre model.MembreJury
	var opts []string
	for _, j := range jurys {
		for _, m := range j.Membres {
			o := regexp.MustCompile(fmt.Sprintf(`id="remplacer-%d" name="personne"><option value="">Choisir</option>\s*<option value="(\d+)"`, m.ID)).FindStringSubmatch(body)
			if len(o) == 2 && membre.ID == 0 {
				membre, opts = m, o
			}
		}
	}
	if membre.ID == 0 {
		i := strings.Index(body, "remplacer-")
		t.Fatalf("no replacement offered for any member:\n%s", body[max(0, i-200):min(len(body), i+600)])
	}
	if resp, body := agent.post(fmt.Sprintf("%s/membres/%d/remplacer", loc, membre.ID), url.Values{"personne": {opts[1]}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("swap: %d\n%s", resp.StatusCode, body)
	}
	// A replacement that breaks a constraint (someone seated on the same
	// half-day elsewhere, or not competent) is refused with the reason.
	jurys, _ = st.ListJurys(ctx, id)
	var other model.MembreJury
	for _, m2 := range jurys[1].Membres {
		other = m2
	}
	if other.ID != 0 && len(jurys[0].Membres) > 0 {
		resp, body := agent.post(fmt.Sprintf("%s/membres/%d/remplacer", loc, jurys[0].Membres[0].ID), url.Values{"personne": {itoa(other.DisponibiliteID)}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Remplacement impossible") {
			t.Errorf("constraint-breaking swap: %d", resp.StatusCode)
		}
	}
	// Publication: convocations with the PDF and the calendar, after a
	// confirmation that gives their number.
	if resp, body := agent.postConfirmed(loc+"/publication", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", resp.StatusCode, body)
	}
	jurys, _ = st.ListJurys(ctx, id)
	seated := jurys[0].Membres[0]
	conv, ok := mailAbout(t, srv, seated.Email, "Convocation")
	if !ok {
		t.Fatal("no convocation")
	}
	full, _ := st.GetMail(ctx, conv.ID)
	if len(full.Attachments) < 2 || full.Attachments[0].ContentType != "application/pdf" || !strings.HasPrefix(full.Attachments[1].ContentType, "text/calendar") {
		t.Fatalf("convocation attachments: %d", len(full.Attachments))
	}
	if text := pdfText(t, string(full.Attachments[0].Data)); !strings.Contains(text, "Convocation") || !strings.Contains(text, jurys[0].Code) {
		t.Errorf("convocation PDF:\n%s", text)
	}
	confirm := regexp.MustCompile(`/convocation/[A-Za-z0-9_-]+`).FindAllString(conv.Text, -1)
	if len(confirm) < 2 {
		t.Fatalf("links: %v", confirm)
	}
	// The text has « prevented » first, then the button « I confirm ». The
	// page says what is confirmed before the click, and after.
	if _, body := anon.get(confirm[len(confirm)-1]); !strings.Contains(body, "vous confirmez votre présence") || !strings.Contains(body, "(n° "+jurys[0].Code+")") ||
		!strings.Contains(body, "de 9 h à 12 h") {
		t.Errorf("confirmation page before the click:\n%s", body)
	}
	if _, body := anon.get(confirm[0]); !strings.Contains(body, "empêché(e)") || !strings.Contains(body, "(n° "+jurys[0].Code+")") {
		t.Errorf("decline page before the click:\n%s", body)
	}
	if _, body := anon.post(confirm[len(confirm)-1], nil); !strings.Contains(body, "présence est confirmée pour le jury "+jurys[0].Code) {
		t.Errorf("confirmation page:\n%s", body)
	}
	if got, _ := st.GetMembre(ctx, seated.ID); got.Statut != "confirme" {
		t.Errorf("member status %q", got.Statut)
	}
	// The CSV for the ministry's tools, in the académie's layout (the
	// demo's: jury first).
	if resp, body := agent.get(loc + "/export.csv"); resp.StatusCode != 200 || !strings.HasPrefix(body, "\ufeffJury;Diplôme;Centre;Dates;Civilité;Nom;Prénom;Courriel") ||
		!strings.Contains(body, seated.Email) {
		t.Errorf("export: %d\n%s", resp.StatusCode, body)
	}
	// After the exam: attendance, and the jury's arrêté lists who sat.
	if resp, _ := agent.post(fmt.Sprintf("%s/membres/%d/presence", loc, seated.ID), url.Values{"present": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("attendance: %d", resp.StatusCode)
	}
	resp, pdfBody := agent.get(loc + "/arrete.pdf?jury=" + jurys[0].Code)
	if resp.StatusCode != 200 {
		t.Fatalf("arrêté: %d", resp.StatusCode)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdfBody)), " ")
	if !strings.Contains(text, seated.Nom) || !strings.Contains(text, "a siégé") {
		t.Errorf("arrêté text:\n%s", text)
	}
	for _, m := range jurys[0].Membres[1:] {
		if strings.Contains(text, m.Nom) {
			t.Errorf("the arrêté lists %s, who was not marked as sitting", m.Nom)
		}
	}
	// Another académie's agent: 404.
	other16, _ := st.CreateSessionExamen(ctx, model.SessionExamen{Academie: "04", Nom: "Bordeaux", Debut: time.Now(), Fin: time.Now()})
	if resp, _ := agent.get("/jurys/" + itoa(other16)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("other académie's session: %d", resp.StatusCode)
	}
	// Nor may it import juries into it, nor confirm an upload there.
	if resp, _ := agent.postFile("/jurys/"+itoa(other16)+"/import", nil, "fichier", "jurys.csv", apptest.FichierJurys(t, st)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("import into another académie's session: %d", resp.StatusCode)
	}
	if resp, _ := agent.post("/jurys/"+itoa(other16)+"/import/1", url.Values{"action": {"importer"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("confirmation in another académie's session: %d", resp.StatusCode)
	}
	if js, _ := st.ListJurys(ctx, other16); len(js) != 0 {
		t.Errorf("%d juries in another académie's session", len(js))
	}
}

var reImportJurys = regexp.MustCompile(`action="(/jurys/\d+/import/\d+)"`)

// importerJurys uploads a juries file to the session at loc, checks the
// preview (mapping step, juries read), and confirms it.
func importerJurys(t *testing.T, agent *client, loc, content string) {
	t.Helper()
	resp, body := agent.postFile(loc+"/import", nil, "fichier", "jurys.csv", content)
	m := reImportJurys.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil || !strings.Contains(body, "Correspondance des colonnes") {
		t.Fatalf("preview: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := agent.post(m[1], url.Values{"action": {"importer"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d\n%s", resp.StatusCode, body)
	}
}
