package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// mandatsDemo adds to the demo a candidature in instruction whose
// organisation has no convention (the Chambre d'agriculture) and a CEE of
// an organisation with one whose renewal is proposed, their mandate ending
// in 60 days.
func mandatsDemo(t *testing.T, srv *apptest.Server) (sans, renouv int64, finCourante time.Time) {
	t.Helper()
	ctx := context.Background()
	st := srv.App.Store
	orgs, _ := st.ListOrganisations(ctx, "16")
	var agri, avec model.Organisation
	for _, o := range orgs {
		if strings.HasPrefix(o.Nom, "Chambre d'agriculture") {
			agri = o
		} else if strings.HasPrefix(o.Nom, "CPME") {
			avec = o
		}
	}
	mk := func(nom string, org model.Organisation, d model.Designation) int64 {
		id, _, err := st.SaveConseiller(ctx, model.Conseiller{Academie: "16", Civilite: "Mme", Prenom: "Inès", Nom: nom, Email: strings.ToLower(nom) + "@ferme.example",
			OrganisationID: org.ID, Territoire: []string{"31"}})
		if err != nil {
			t.Fatal(err)
		}
		d.ConseillerID, d.OrganisationID, d.Academie, d.Mission = id, org.ID, "16", "Jurys de CAP agricole"
		if d.ID, err = st.CreateDesignation(ctx, d); err != nil {
			t.Fatal(err)
		}
		if d.Debut != nil {
			if _, err := st.CreateMandat(ctx, model.Mandat{ConseillerID: id, DesignationID: d.ID, Academie: "16", OrganisationID: org.ID, Organisation: org.Nom,
				Mission: d.Mission, NumeroArrete: d.NumeroArrete, DateArrete: *d.DateArrete, Debut: *d.Debut, Fin: *d.Fin}); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	sans = mk("Sansconvention", agri, model.Designation{Etat: model.DesignationEnInstruction})
	finCourante = model.JourDe(time.Now().AddDate(0, 0, 60))
	debut, da := finCourante.AddDate(-3, 0, 1), finCourante.AddDate(-3, 0, -20)
	renouv = mk("Renouvelee", avec, model.Designation{Etat: model.DesignationRenouvellement, NumeroArrete: "ANCIEN-1", DateArrete: &da, Debut: &debut, Fin: &finCourante})
	return sans, renouv, finCourante
}

// TestDesignationSansConventionEtRenouvellement: refused without a
// convention, then overridden with a reason shown on the record; a renewal
// keeps the CEE in mandate and adds a mandate, the first one's arrêté still
// downloadable.
func TestDesignationSansConventionEtRenouvellement(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	sans, renouv, fin := mandatsDemo(t, srv)
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	fiche := "/conseillers/" + itoa(sans)
	form := url.Values{"etat": {"designee"}, "numero": {"2026-AGRI-1"}, "date_arrete": {"2026-11-20"}, "debut": {"2027-01-01"}}
	resp, body := pilote.post(fiche+"/designation", form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "pas de convention signée avec l&#39;académie en vigueur le 1er janvier 2027") ||
		!strings.Contains(body, `id="sans-convention"`) || !strings.Contains(body, "2026-AGRI-1") {
		t.Fatalf("désignation sans convention : %d", resp.StatusCode)
	}
	form.Set("sans_convention", "1")
	if resp, body := pilote.post(fiche+"/designation", form); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "motivez la dérogation") {
		t.Errorf("dérogation sans motif : %d", resp.StatusCode)
	}
	if ms, _ := srv.App.Store.ListMandats(ctx, sans); len(ms) != 0 {
		t.Fatalf("%d mandats écrits malgré les refus", len(ms))
	}
	form.Set("derogation", "Convention en cours de signature")
	if resp, _ := pilote.post(fiche+"/designation", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("dérogation motivée : %d", resp.StatusCode)
	}
	_, body = pilote.get(fiche)
	if !strings.Contains(body, "Historique des mandats") || !strings.Contains(body, "Aucune — dérogation : Convention en cours de signature") {
		t.Errorf("la dérogation n'est pas sur la fiche")
	}
	resp, pdfBody := pilote.get(fiche + "/arrete.pdf")
	if text := pdfText(t, pdfBody); resp.StatusCode != 200 || strings.Contains(text, "Vu la convention") {
		t.Errorf("arrêté sans convention : %d\n%s", resp.StatusCode, text)
	}

	// The renewal: numbered like an arrêté already used, then overlapping,
	// then the day after the running mandate ends.
	fiche = "/conseillers/" + itoa(renouv)
	_, body = pilote.get(fiche)
	lendemain := fin.AddDate(0, 0, 1).Format("2006-01-02")
	if !strings.Contains(body, `value="`+lendemain+`"`) {
		t.Errorf("le début proposé n'est pas le lendemain de la fin (%s)", lendemain)
	}
	form = url.Values{"etat": {"designee"}, "numero": {"2026-AGRI-1"}, "date_arrete": {time.Now().Format("2006-01-02")}, "debut": {lendemain}}
	if resp, body := pilote.post(fiche+"/designation", form); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, html.EscapeString("« 2026-AGRI-1 » est déjà celui de l'arrêté du 20 novembre 2026")) {
		t.Errorf("numéro déjà utilisé : %d", resp.StatusCode)
	}
	form.Set("numero", "2026-RENOUV-1")
	form.Set("debut", fin.Format("2006-01-02"))
	if resp, body := pilote.post(fiche+"/designation", form); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "les deux mandats se chevaucheraient") {
		t.Errorf("chevauchement : %d", resp.StatusCode)
	}
	form.Set("debut", lendemain)
	if resp, _ := pilote.post(fiche+"/designation", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("renouvellement : %d", resp.StatusCode)
	}
	d, _ := srv.App.Store.CurrentDesignation(ctx, renouv)
	if d.Etat != model.DesignationActive {
		t.Errorf("renouvelé : %s, attendu en cours", d.Etat)
	}
	ms, _ := srv.App.Store.ListMandats(ctx, renouv)
	if len(ms) != 2 || ms[0].NumeroArrete != "ANCIEN-1" || ms[1].Convention == nil {
		t.Fatalf("historique : %+v", ms)
	}
	_, body = pilote.get(fiche)
	if !strings.Contains(body, "En cours") || !strings.Contains(body, "À venir") {
		t.Errorf("la fiche ne montre pas le mandat en cours et le suivant")
	}
	resp, pdfBody = pilote.get(fiche + "/mandats/" + itoa(ms[1].ID) + "/arrete.pdf")
	if text := pdfText(t, pdfBody); resp.StatusCode != 200 || !strings.Contains(text, "Vu la convention conclue le") || !strings.Contains(text, "2026-RENOUV-1") {
		t.Errorf("arrêté de renouvellement : %d\n%s", resp.StatusCode, text)
	}
	if resp, _ := pilote.get(fiche + "/mandats/" + itoa(ms[0].ID) + "/arrete.pdf"); resp.StatusCode != 200 {
		t.Errorf("l'arrêté du premier mandat n'est plus téléchargeable : %d", resp.StatusCode)
	}
}

// TestCollectif: the form is reached from the list of mandates; one
// invalid CEE refuses the batch naming the person; the valid batch gives
// one collective arrêté naming them all, and each is told by mail.
func TestCollectif(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	sans, renouv, fin := mandatsDemo(t, srv)
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if _, body := pilote.get("/mandats"); !strings.Contains(body, `href="/mandats/collectif"`) {
		t.Error("pas de bouton vers l'arrêté collectif sur la liste des mandats")
	}
	_, body := pilote.get("/mandats/collectif")
	if !strings.Contains(body, `value="`+itoa(renouv)+`"`) || !strings.Contains(body, `value="`+itoa(sans)+`"`) {
		t.Fatalf("le formulaire collectif ne propose pas les deux conseillers")
	}
	form := url.Values{"conseillers": {itoa(renouv), itoa(sans)}, "numero": {"2026-COLL-1"}, "date_arrete": {time.Now().Format("2006-01-02")},
		"debut": {fin.AddDate(0, 0, 1).Format("2006-01-02")}}
	resp, body := pilote.post("/mandats/collectif", form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Inès Sansconvention") || !strings.Contains(body, "pas de convention signée") {
		t.Fatalf("lot avec un conseiller sans convention : %d", resp.StatusCode)
	}
	if ms, _ := srv.App.Store.MandatsOfArrete(context.Background(), "16", "2026-COLL-1"); len(ms) != 0 {
		t.Fatalf("%d mandats écrits malgré le refus du lot", len(ms))
	}
	form.Set("sans_convention", "1")
	form.Set("derogation", "Convention agricole en préparation")
	// First the numbers, nothing written; then the arrêté, for the number
	// confirmed only.
	resp, body = pilote.post("/mandats/collectif", form)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Il nommera 2 personne(s) : 1 désignation(s) et 1 renouvellement(s)") ||
		!strings.Contains(body, `name="confirmer" value="2"`) {
		t.Fatalf("lot valide, étape de confirmation : %d", resp.StatusCode)
	}
	if ms, _ := srv.App.Store.MandatsOfArrete(context.Background(), "16", "2026-COLL-1"); len(ms) != 0 {
		t.Fatalf("%d mandats écrits avant la confirmation", len(ms))
	}
	form.Set("confirmer", "1")
	if resp, body = pilote.post("/mandats/collectif", form); resp.StatusCode != http.StatusConflict || !strings.Contains(body, `name="confirmer" value="2"`) {
		t.Fatalf("confirmé pour 1 personne, l'arrêté en nomme 2 : %d", resp.StatusCode)
	}
	form.Set("confirmer", "2")
	resp, _ = pilote.post("/mandats/collectif", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("lot valide confirmé : %d", resp.StatusCode)
	}
	_, body = pilote.get(resp.Header.Get("Location"))
	if !strings.Contains(body, "Arrêté collectif n° 2026-COLL-1 : 2 personnes") || !strings.Contains(body, "Il nomme 2 personne(s), dont 1 renouvellement(s).") {
		t.Errorf("confirmation sans le nombre de personnes")
	}
	resp, pdfBody := pilote.get("/mandats/arrete-collectif.pdf?numero=2026-COLL-1")
	text := pdfText(t, pdfBody)
	if resp.StatusCode != 200 || !strings.Contains(text, "Sansconvention") || !strings.Contains(text, "Renouvelee") || !strings.Contains(text, "2026-COLL-1") {
		t.Errorf("arrêté collectif : %d\n%s", resp.StatusCode, text)
	}
	for _, who := range []string{"sansconvention@ferme.example", "renouvelee@ferme.example"} {
		if _, ok := lastMail(t, srv, who); !ok {
			t.Errorf("%s n'a pas reçu de courriel", who)
		}
	}
	entries, _, _ := srv.App.Store.ListJournal(context.Background(), store.JournalFilter{Scope: model.Scope{Academie: "16"}, Action: store.AuditDesignation, Limit: 5})
	if len(entries) == 0 || !strings.Contains(entries[0].Detail+entries[1].Detail, "dérogation : Convention agricole en préparation") {
		t.Errorf("dérogation absente du journal : %+v", entries)
	}
}
