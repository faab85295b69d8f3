package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/workflow"
)

var candidatBox = regexp.MustCompile(`name="candidat" value="(c-(\d+))"`)

// nextWeekday is a working day at least a week away, out of Toulouse's
// public and school holidays (the request form would warn of them).
func nextWeekday() time.Time {
	d := time.Now().AddDate(0, 0, 8)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || len(workflow.AlertesDates(model.Demande{Academie: "16", Departement: "31",
		Type: model.TypeIntervention, Creneaux: []model.Creneau{{Jour: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)}}})) > 0 {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func TestDemandeParcours(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	ecole := newClient(t, srv)
	ecole.loginAs(demoEmail("etablissement"))
	day := nextWeekday().Format("2006-01-02")

	// Bad input: 422, field errors, everything typed kept.
	resp, body := ecole.post("/demandes", url.Values{"action": {"soumettre"}, "type": {"intervention"}, "titre": {"Métiers de l'électricité"},
		"date1": {"2020-01-06"}, "personnes": {"0"}, "naf": {"12345"}, "description": {"Deux classes de 3e"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad request: %d", resp.StatusCode)
	}
	for _, want := range []string{"Les dates sont passées", "de 1 à 50", "« 12345 » : secteur inconnu", "Deux classes de 3e", "Métiers de l&#39;électricité"} {
		if !strings.Contains(body, want) {
			t.Errorf("bad request page lacks %q", want)
		}
	}
	// A draft, then sent.
	form := url.Values{"action": {"brouillon"}, "type": {"intervention"}, "titre": {"Métiers de l'électricité"}, "date1": {day}, "moment1": {"AM"},
		"personnes": {"1"}, "naf": {"F"}, "niveaux": {"3e"}, "eleves": {"48"}, "contact_nom": {"Nathalie Roux"}, "contact_email": {demoEmail("etablissement")}}
	resp, _ = ecole.post("/demandes", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("draft: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	if _, body := ecole.get(loc); !strings.Contains(body, "Brouillon") || !strings.Contains(body, "Modifier le brouillon") {
		t.Fatal("draft page")
	}
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if resp, _ := pilote.get(loc); resp.StatusCode != http.StatusNotFound {
		t.Errorf("pilote sees another's draft: %d, want 404", resp.StatusCode)
	}
	form.Set("action", "soumettre")
	if resp, body := ecole.post(loc, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d\n%s", resp.StatusCode, body)
	}
	if m, ok := mailAbout(t, srv, demoEmail("pilote"), "Nouvelle demande"); !ok || !strings.Contains(m.Subject, "Métiers de l'électricité") ||
		!strings.Contains(m.Text, "Lycée") {
		t.Errorf("pilote not told of the request: %q\n%s", m.Subject, m.Text)
	}
	// The pilote sees the candidates ranked, with reasons, and solicits two.
	_, body = pilote.get(loc)
	if !strings.Contains(body, "Candidats classés") || !strings.Contains(body, "Secteur") {
		t.Fatalf("no ranked candidates with reasons on the pilote's page")
	}
	boxes := candidatBox.FindAllStringSubmatch(body, -1)
	if len(boxes) < 2 {
		t.Fatalf("%d candidates", len(boxes))
	}
	if resp, _ := pilote.post(loc+"/sollicitations", url.Values{"candidat": {boxes[0][1], boxes[1][1]}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("solicit: %d", resp.StatusCode)
	}
	var cees []model.Conseiller
	for _, b := range boxes[:2] {
		c, err := st.GetConseillerInScope(ctx, mustID(t, b[2]), model.Scope{National: true})
		if err != nil {
			t.Fatal(err)
		}
		cees = append(cees, c)
	}
	// The first accepts from the link of the e-mail.
	m, ok := mailAbout(t, srv, cees[0].Email, "besoin de vous")
	if !ok {
		t.Fatal("no solicitation mail")
	}
	link := regexp.MustCompile(`/reponse/[A-Za-z0-9_-]+`).FindString(m.Text)
	anon := newClient(t, srv)
	if _, body := anon.get(link); !strings.Contains(body, "Confirmer : j&#39;accepte") {
		t.Fatalf("response page:\n%s", body)
	}
	if _, body := anon.post(link, nil); !strings.Contains(body, "Votre participation est enregistrée") {
		t.Fatal("acceptance not confirmed")
	}
	// The same link again (from the mail, days later): it says what was
	// answered, not « invalid link ».
	if resp, body := anon.post(link, nil); resp.StatusCode != http.StatusGone || !strings.Contains(body, "Vous avez déjà accepté") {
		t.Errorf("reused link: %d, want 410 saying it was accepted", resp.StatusCode)
	}
	if _, body := anon.get(link); !strings.Contains(body, "Vous avez déjà accepté") || strings.Contains(body, "Demander un nouveau lien") {
		t.Error("reused link opened again: no « déjà accepté »")
	} else if !regexp.MustCompile(`déjà accepté cette sollicitation le \d+(er)? [a-zéû]+ \d{4} à \d+ h \d\d`).MatchString(body) {
		t.Error("reused link: « déjà accepté » without when")
	}
	if resp, _ := anon.get("/reponse/pas-un-jeton"); resp.StatusCode != http.StatusGone {
		t.Errorf("tampered link: %d, want 410", resp.StatusCode)
	}
	_, body = pilote.get(loc)
	if !strings.Contains(body, "Pourvue") || !strings.Contains(body, "Plus nécessaire") {
		t.Error("request not filled, or the other solicitation not closed")
	}
	// Scope: another school's staff, an inspector who did not write it.
	insp := newClient(t, srv)
	insp.loginAs(demoEmail("inspecteur"))
	if resp, _ := insp.get(loc); resp.StatusCode != http.StatusNotFound {
		t.Errorf("inspector: %d, want 404", resp.StatusCode)
	}
	// The accepted CEE records what happened; the school rates it.
	id := mustID(t, strings.TrimPrefix(loc, "/demandes/"))
	if err := st.SetEtatDemande(ctx, id, model.DemandePourvue, model.DemandeRealisee, ""); err != nil {
		t.Fatal(err)
	}
	ceeAccount, err := st.GrantRole(ctx, cees[0].Email, cees[0].NomComplet(), model.Habilitation{Role: model.RoleConseiller, Academie: "16", Ref: itoa(cees[0].ID)})
	if err != nil {
		t.Fatal(err)
	}
	st.SetCompteStatut(ctx, ceeAccount, model.CompteActif)
	cee := newClient(t, srv)
	cee.loginAs(cees[0].Email)
	// Not before its day: the report would describe what did not happen.
	if resp, body := cee.post(loc+"/compte-rendu", url.Values{"date": {time.Now().Format("2006-01-02")}, "duree": {"2"}, "eleves": {"48"}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "qu&#39;à partir de ce jour") {
		t.Fatalf("report before the day: %d", resp.StatusCode)
	}
	if resp, body := ecole.post(loc+"/evaluation", url.Values{"note": {"5"}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "ni évaluée") {
		t.Fatalf("rating before the day: %d", resp.StatusCode)
	}
	passerDemande(t, st, id)
	// The report in three fields (duration, pupils, what happened), the
	// date and the levels sent as the request has them; the full form is
	// a link away.
	_, body = cee.get(loc)
	crHTML := crForm.FindString(body)
	visible := crVisible.FindAllStringSubmatch(crHTML, -1)
	var names []string
	for _, v := range visible {
		names = append(names, v[1])
	}
	if strings.Join(names, ",") != "duree,eleves,description" {
		t.Errorf("fields of the short report: %v, want duree, eleves, description", names)
	}
	if !strings.Contains(body, "?compte-rendu=complet#compte-rendu") {
		t.Error("no link to the full report")
	}
	if _, full := cee.get(loc + "?compte-rendu=complet"); !strings.Contains(full, `id="cr-pros"`) || !strings.Contains(full, `name="niveaux"`) || !strings.Contains(full, `type="date"`) {
		t.Error("the full report lacks the date, the levels or the professionals")
	}
	sent := url.Values{}
	for _, h := range crHidden.FindAllStringSubmatch(crHTML, -1) {
		sent.Add(h[1], html.UnescapeString(h[2]))
	}
	d, _ := st.GetDemande(ctx, id, store.DemandeFilter{Scope: model.Scope{National: true}})
	if sent.Get("date") != d.PremierJour().Format("2006-01-02") || strings.Join(sent["niveaux"], ",") != strings.Join(d.Niveaux, ",") {
		t.Errorf("prefilled: %v, want the request's day %s and levels %v", sent, d.PremierJour().Format("2006-01-02"), d.Niveaux)
	}
	sent.Set("duree", "2")
	sent.Set("eleves", "48")
	if resp, body := cee.post(loc+"/compte-rendu", sent); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d\n%s", resp.StatusCode, body)
	}
	// A rating out of range is refused with a precise message and the
	// comment kept; the request stays to rate.
	for _, note := range []string{"0", "6", "", "cinq"} {
		resp, body := ecole.post(loc+"/evaluation", url.Values{"note": {note}, "commentaire": {"Très apprécié"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "onnez une note de 1 à 5") || !strings.Contains(body, "Très apprécié") {
			t.Errorf("note %q: %d, want 422 with « note de 1 à 5 » and the comment kept", note, resp.StatusCode)
		}
	}
	if d, _ := st.GetDemande(ctx, id, store.DemandeFilter{Scope: model.Scope{National: true}}); d.Etat != model.DemandeRealisee {
		t.Fatalf("a refused rating moved the request to %s", d.Etat)
	}
	if resp, body := ecole.post(loc+"/evaluation", url.Values{"note": {"5"}, "commentaire": {"Très apprécié"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("rating: %d\n%s", resp.StatusCode, body)
	}
	if _, body := ecole.get(loc); !strings.Contains(body, "Clôturée") || !strings.Contains(body, "5/5") {
		t.Error("closed request page")
	}
	if n := journalCount(t, st, store.AuditDemande); n < 3 {
		t.Errorf("journal: %d request lines", n)
	}
}

// The report's form on a request's page, its visible fields, its hidden
// ones (name, value).
var (
	crForm    = regexp.MustCompile(`(?s)<form method="post" action="/demandes/\d+/compte-rendu">.*?</form>`)
	crVisible = regexp.MustCompile(`<(?:input|textarea) class="fr-(?:input|checkbox)[^>]*? name="([a-z]+)"`)
	crHidden  = regexp.MustCompile(`<input type="hidden"[^>]*? name="([a-z]+)" value="([^"]*)"`)
)

// « Solicit the first N » takes the top of the ranking.
func TestSolliciterLesPremiers(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ecole := newClient(t, srv)
	ecole.loginAs(demoEmail("etablissement"))
	resp, _ := ecole.post("/demandes", url.Values{"action": {"soumettre"}, "type": {"visite"}, "titre": {"Visite d'un chantier"},
		"date1": {nextWeekday().Format("2006-01-02")}, "personnes": {"2"}, "naf": {"F"}, "contact_email": {demoEmail("etablissement")}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if resp, _ := pilote.post(loc+"/sollicitations", url.Values{}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("nobody chosen: %d, want 422", resp.StatusCode)
	}
	if resp, _ := pilote.post(loc+"/sollicitations", url.Values{"top": {"3"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("top 3: %d", resp.StatusCode)
	}
	id := mustID(t, strings.TrimPrefix(loc, "/demandes/"))
	list, _ := srv.App.Store.ListSollicitations(context.Background(), id)
	if len(list) != 3 {
		t.Errorf("%d solicited, want 3", len(list))
	}
}

// A change the rules refuse is said on the request's page (422) and
// changes nothing; the same change done right goes through.
func TestDemandeEtatRefus(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ecole := newClient(t, srv)
	ecole.loginAs(demoEmail("etablissement"))
	form := url.Values{"action": {"soumettre"}, "type": {"intervention"}, "titre": {"Métiers du bois"}, "date1": {nextWeekday().Format("2006-01-02")},
		"moment1": {"AM"}, "personnes": {"1"}, "naf": {"C"}, "niveaux": {"3e"}, "eleves": {"24"}, "contact_nom": {"Nathalie Roux"}, "contact_email": {demoEmail("etablissement")}}
	resp, _ := ecole.post("/demandes", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	resp, body := pilote.post(loc+"/etat", url.Values{"etat": {"annulee"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "indiquez pourquoi la demande est annulée") {
		t.Fatalf("cancellation without a reason: %d", resp.StatusCode)
	}
	id := mustID(t, strings.TrimPrefix(loc, "/demandes/"))
	etat := func() model.EtatDemande {
		d, err := srv.App.Store.GetDemande(context.Background(), id, store.DemandeFilter{Scope: model.Scope{National: true}})
		if err != nil {
			t.Fatal(err)
		}
		return d.Etat
	}
	if etat() == model.DemandeAnnulee {
		t.Fatal("cancelled although refused")
	}
	if resp, _ := pilote.post(loc+"/etat", url.Values{"etat": {"annulee"}, "motif": {"Sortie reportée"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancellation: %d", resp.StatusCode)
	}
	if got := etat(); got != model.DemandeAnnulee {
		t.Errorf("state %s, want annulée", got)
	}
}
