package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

func TestProposeAndDesignate(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	org := newClient(t, srv)
	org.loginAs(demoEmail("organisation"))
	// Invalid proposal: 422, input kept, French errors.
	resp, body := org.post("/conseillers/proposer", url.Values{"prenom": {"Élodie"}, "email": {"pas-une-adresse"}, "naf": {"99.99Z"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Élodie") || !strings.Contains(body, "Indiquez le nom") || !strings.Contains(body, "« 99.99Z » : activité inconnue") {
		t.Fatalf("invalid proposal: %d", resp.StatusCode)
	}
	resp, _ = org.post("/conseillers/proposer", url.Values{"civilite": {"Mme"}, "prenom": {"Élodie"}, "nom": {"Électricienne"},
		"email": {"elodie@sparky.example"}, "employeur": {"Électricité Garonne"}, "statut": {"artisan"}, "naf": {"43.21A"},
		"commune": {"31555"}, "mission": {"Jurys de CAP électricien"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("proposal: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	id := strings.TrimPrefix(loc, "/conseillers/")
	if m, ok := lastMail(t, srv, "elodie@sparky.example"); !ok || !strings.Contains(m.Subject, "candidature") {
		t.Errorf("candidate not told of the proposal: %v %q", ok, m.Subject)
	}
	if m, ok := mailAbout(t, srv, demoEmail("pilote"), "À instruire"); !ok || !strings.Contains(m.Subject, "À instruire : Élodie Électricienne") || !strings.Contains(m.Text, "vous pilotez") {
		t.Errorf("pilote not told of the proposal: %v %q", ok, m.Subject)
	}
	// Proposed twice: refused.
	resp, body = org.post("/conseillers/proposer", url.Values{"prenom": {"Élodie"}, "nom": {"E"}, "email": {"elodie@sparky.example"}, "mission": {"x"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "déjà une désignation") {
		t.Errorf("second proposal: %d", resp.StatusCode)
	}
	// The organisation cannot designate.
	resp, body = org.post(loc+"/designation", url.Values{"etat": {"en_instruction"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "impossible pour ce rôle") {
		t.Errorf("organisation instructs: %d", resp.StatusCode)
	}

	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if resp, _ := pilote.post(loc+"/designation", url.Values{"etat": {"en_instruction"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("instruct: %d", resp.StatusCode)
	}
	resp, body = pilote.post(loc+"/designation", url.Values{"etat": {"designee"}, "numero": {"2026-117"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Indiquez la date de l&#39;arrêté") {
		t.Errorf("designation without dates: %d", resp.StatusCode)
	}
	resp, _ = pilote.post(loc+"/designation", url.Values{"etat": {"designee"}, "numero": {"2026-117"}, "date_arrete": {"2026-11-20"}, "debut": {"2027-01-01"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("designate: %d", resp.StatusCode)
	}
	_, body = pilote.get(loc)
	for _, want := range []string{"Désignée", "n° 2026-117 du 20 novembre 2026", "du 1er janvier 2027 au 31 décembre 2029", "Électricité Garonne"} {
		if !strings.Contains(body, want) {
			t.Errorf("profile lacks %q", want)
		}
	}
	resp, pdfBody := pilote.get(loc + "/arrete.pdf")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("arrêté: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if text := pdfText(t, pdfBody); !strings.Contains(text, "Électricienne") || !strings.Contains(text, "2026-117") || !strings.Contains(text, "31 décembre 2029") {
		t.Errorf("arrêté text:\n%s", text)
	}
	resp, pdfBody = pilote.get("/mandats/arrete-collectif.pdf?numero=2026-117")
	if resp.StatusCode != 200 || !strings.Contains(pdfText(t, pdfBody), "Électricienne") {
		t.Errorf("collective arrêté: %d", resp.StatusCode)
	}
	if m, ok := mailAbout(t, srv, demoEmail("organisation"), "Électricienne"); !ok || !strings.Contains(m.Subject, "Élodie Électricienne : désignée") || !strings.Contains(m.Text, "référent") {
		t.Errorf("organisation not told of the designation: %v %q", ok, m.Subject)
	}
	if m, ok := lastMail(t, srv, "elodie@sparky.example"); !ok || !strings.Contains(m.Text, "31 décembre 2029") {
		t.Errorf("designation mail: %q", m.Text)
	}
	entries, _, _ := srv.App.Store.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{Academie: "16"}, Action: store.AuditDesignation})
	if len(entries) < 3 || entries[0].ObjetID != id {
		t.Errorf("designation steps not journaled: %+v", entries)
	}

	// Designated, the CEE has an account: a login link, then their profile.
	cee := newClient(t, srv)
	link := requestLink(t, cee, "elodie@sparky.example")
	cee.post(link, nil)
	_, body = cee.get("/")
	if !strings.Contains(body, "Ma fiche") {
		t.Fatal("the CEE's home page has no link to their profile")
	}
	resp, body = cee.post(loc+"/profil", url.Values{"territoire": {"31, 69"}, "specialites": {"123"}, "employeur": {"Électricité Garonne SAS"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "hors de l&#39;académie") || !strings.Contains(body, "Électricité Garonne SAS") {
		t.Errorf("invalid profile: %d", resp.StatusCode)
	}
	resp, body = cee.post(loc+"/profil", url.Values{"territoire": {"31"}, "indispo_debut": {"2027-02-14"}, "indispo_fin": {"2027-02-01"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "La fin précède le début") {
		t.Errorf("reversed period: %d", resp.StatusCode)
	}
	resp, _ = cee.post(loc+"/profil", url.Values{"territoire": {"31, 81"}, "employeur": {"Électricité Garonne SAS"}, "naf": {"43.21a"}, "commune": {"31555"},
		"jours": {"1", "3"}, "max": {"2"}, "indispo_debut": {"2027-02-01", "", "03/03/2027"}, "indispo_fin": {"2027-02-14", "", ""}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile save: %d", resp.StatusCode)
	}
	_, body = cee.get(loc)
	if !strings.Contains(body, "Électricité Garonne SAS") || !strings.Contains(body, "Toulouse (31)") {
		t.Error("profile not saved")
	}
	for _, want := range []string{"le lundi, mercredi", "2 sollicitation(s) par mois au plus", "indisponible du 1er février 2027 au 14 février 2027", "du 3 mars 2027 au 3 mars 2027"} {
		if !strings.Contains(body, want) {
			t.Errorf("availability lacks %q", want)
		}
	}
	others, _, _ := srv.App.Store.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: "16"}, Limit: 1})
	if resp, _ := cee.post("/conseillers/"+itoa(others[0].ID)+"/profil", url.Values{"employeur": {"pirate"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a CEE edits another's profile: %d", resp.StatusCode)
	}
}

func TestDirectoryScopeAndSearch(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	// A CEE of another académie, with an accented employer.
	lyonOrg, _ := st.CreateOrganisation(ctx, model.Organisation{Nom: "CMA Lyon", Type: model.OrgChambre, Academies: []string{"10"}})
	lyonID, _, _ := st.SaveConseiller(ctx, model.Conseiller{Academie: "10", Nom: "Lyonnais", Prenom: "Zoé", Email: "zoe@lyon.example",
		Employeur: "Électricité Rhône", OrganisationID: lyonOrg})
	toulouseID, _, _ := st.SaveConseiller(ctx, model.Conseiller{Academie: "16", Nom: "Toulousain", Prenom: "Zoé", Email: "zoe@toulouse.example",
		Employeur: "Électricité Garonne"})

	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	_, body := pilote.get("/conseillers?q=" + url.QueryEscape("zoe electricite"))
	if !strings.Contains(body, "Toulousain") || strings.Contains(body, "Lyonnais") {
		t.Error("accent-free search in the pilote's académie: wrong results")
	}
	// htmx asks for the results only.
	req, _ := http.NewRequest("GET", srv.URL+"/conseillers?q=zoe", nil)
	req.Header.Set("HX-Request", "true")
	resp, err := pilote.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("htmx partial: %d", resp.StatusCode)
	}
	if resp, _ := pilote.get("/conseillers/" + itoa(lyonID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("Toulouse pilote opens a Lyon CEE: %d", resp.StatusCode)
	}
	if resp, body := pilote.get("/conseillers/" + itoa(toulouseID)); resp.StatusCode != 200 || !strings.Contains(body, "zoe@toulouse.example") {
		t.Errorf("profile: %d", resp.StatusCode)
	}
	resp2, csv := pilote.get("/conseillers/export.csv?q=zoe")
	if resp2.StatusCode != 200 || !strings.Contains(csv, "zoe@toulouse.example") || strings.Contains(csv, "lyon.example") {
		t.Errorf("export: %d %q", resp2.StatusCode, csv)
	}
	entries, _, _ := st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{Academie: "16"}})
	var sawView, sawExport bool
	for _, e := range entries {
		sawView = sawView || (e.Action == store.AuditConsultation && e.ObjetType == "conseiller" && e.ObjetID == itoa(toulouseID))
		sawExport = sawExport || (e.Action == store.AuditExport && e.ObjetType == "conseillers")
	}
	if !sawView || !sawExport {
		t.Errorf("journal: view %v, export %v", sawView, sawExport)
	}
	// The organisation référent sees its own organisation's CEE only.
	org := newClient(t, srv)
	org.loginAs(demoEmail("organisation"))
	if resp, _ := org.get("/conseillers/" + itoa(toulouseID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("organisation opens a CEE of no organisation of theirs: %d", resp.StatusCode)
	}
	_, body = org.get("/conseillers")
	n := regexp.MustCompile(`(\d+) conseiller\(s\)`).FindStringSubmatch(body)
	if n == nil || n[1] == "0" || n[1] == "150" {
		t.Errorf("organisation directory count %v", n)
	}
}

// pdfText extracts a PDF's text with poppler's pdftotext, which
// scripts/test installs.
func pdfText(t *testing.T, b string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext manquant : apt-get install poppler-utils")
		}
		t.Skip("pdftotext manquant : installez poppler-utils")
	}
	cmd := exec.Command(bin, "-layout", "-", "-")
	cmd.Stdin = strings.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestOrganisations(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	resp, body := pilote.post("/organisations", url.Values{"nom": {"CPME Tarn"}, "idcc": {"99999"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "CPME Tarn") || !strings.Contains(body, "IDCC") {
		t.Errorf("invalid organisation: %d", resp.StatusCode)
	}
	if !strings.Contains(body, "« 99999 » : convention collective inconnue") || !strings.Contains(body, `data-suggestions="/suggestions/convention"`) {
		t.Errorf("unknown IDCC: no message, or no suggestions on the field")
	}
	// The label the suggestions write, or the number.
	resp, _ = pilote.post("/organisations", url.Values{"nom": {"UIMM Tarn"}, "type": {"branche"}, "niveau": {"departemental"}, "idcc": {"Métallurgie (IDCC 3248)"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create with a convention's label: %d", resp.StatusCode)
	}
	resp, _ = pilote.post("/organisations", url.Values{"nom": {"CPME Tarn"}, "type": {"interpro_employeurs"}, "niveau": {"departemental"}, "idcc": {"1486"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	list, _ := srv.App.Store.ListOrganisations(context.Background(), "16")
	uimm := false
	for _, o := range list {
		if o.Nom != "UIMM Tarn" {
			continue
		}
		uimm = true
		if _, body := pilote.get("/organisations/" + strconv.FormatInt(o.ID, 10)); o.IDCC != "3248" || !strings.Contains(body, "Métallurgie (IDCC 3248)") {
			t.Errorf("UIMM Tarn: IDCC %q, or its page does not name its convention", o.IDCC)
		}
	}
	if !uimm {
		t.Error("UIMM Tarn not created")
	}
	found := false
	for _, o := range list {
		found = found || (o.Nom == "CPME Tarn" && o.IDCC == "1486")
	}
	if !found {
		t.Error("organisation not created in the pilote's académie")
	}
}

func TestImportInTheInterface(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	registre := "Nom;Prénom;Courriel;Entreprise;Date de désignation\n" +
		"Importée;Anne;anne.importee@exemple.fr;Boulangerie Anne;01/09/2025\n" +
		"Sans;Adresse;;;\n"
	upload := func(name, content string) (*http.Response, string) {
		body, ctype := multipartFile(t, "fichier", name, content)
		return pilote.do("POST", "/import/conseillers", body, ctype)
	}
	resp, body := upload("faux.xlsx", "\x89PNG pas un tableur")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "n&#39;a pas pu être lu") {
		t.Errorf("non-spreadsheet: %d", resp.StatusCode)
	}
	resp, body = upload("registre.csv", registre)
	if resp.StatusCode != 200 || !strings.Contains(body, "importés: 1, mis à jour: 0, inchangés: 0, rejetés: 1") || !strings.Contains(body, "Lignes rejetées") {
		t.Fatalf("preview: %d", resp.StatusCode)
	}
	action := regexp.MustCompile(`action="(/import/conseillers/\d+)"`).FindStringSubmatch(body)
	if action == nil {
		t.Fatal("no confirmation form")
	}
	if _, n, _ := srv.App.Store.SearchConseillers(context.Background(), store.ConseillerFilter{Scope: model.Scope{National: true}, Q: "importee"}); n != 0 {
		t.Fatal("the preview wrote data")
	}
	resp, _ = pilote.post(action[1], url.Values{"ignorer": {"oui"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	if _, n, _ := srv.App.Store.SearchConseillers(context.Background(), store.ConseillerFilter{Scope: model.Scope{National: true}, Q: "importee"}); n != 1 {
		t.Error("confirmed import not written")
	}
	if resp, _ := pilote.post(action[1], url.Values{"ignorer": {"oui"}}); resp.StatusCode != http.StatusGone {
		t.Errorf("second confirmation: %d", resp.StatusCode)
	}
	// Someone else cannot confirm another person's upload.
	_, body = upload("registre.csv", registre)
	action = regexp.MustCompile(`action="(/import/conseillers/\d+)"`).FindStringSubmatch(body)
	admin := newClient(t, srv)
	admin.loginAs(demoEmail("admin"))
	if resp, _ := admin.post(action[1], nil); resp.StatusCode != http.StatusGone {
		t.Errorf("confirmation by another account: %d", resp.StatusCode)
	}
	// The directory as a spreadsheet.
	resp, xlsx := pilote.get("/conseillers/export.xlsx?q=importee")
	if resp.StatusCode != 200 || !strings.HasPrefix(xlsx, "PK") {
		t.Errorf("XLSX export: %d", resp.StatusCode)
	}
}

func TestConventions(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	orgs, _ := srv.App.Store.ListOrganisations(ctx, "16")
	var agri, avec model.Organisation
	for _, o := range orgs {
		if strings.HasPrefix(o.Nom, "Chambre d'agriculture") {
			agri = o
		} else if avec.ID == 0 {
			avec = o
		}
	}
	// The demo's organisation without a convention is listed.
	_, body := pilote.get("/conventions")
	if !strings.Contains(body, "Organisations sans convention en vigueur") || !strings.Contains(body, html.EscapeString(agri.Nom)) {
		t.Errorf("la liste des organisations sans convention ne nomme pas %s", agri.Nom)
	}
	resp, body := pilote.post("/conventions", url.Values{"organisation": {itoa(agri.ID)}, "debut": {"demain"}, "part_employeurs": {"140"},
		"reference": {strings.Repeat("r", model.LongueurLibelle+1)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Date de début invalide") || !strings.Contains(body, "pourcentage, de 0 à 100") ||
		!strings.Contains(body, "La référence ne doit pas dépasser 200 caractères.") {
		t.Errorf("invalid convention: %d", resp.StatusCode)
	}
	// Overlapping the demo's convention of another organisation: refused, named.
	resp, body = pilote.post("/conventions", url.Values{"organisation": {itoa(avec.ID)}, "debut": {time.Now().Format("2006-01-02")}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "chevaucherait") || !strings.Contains(body, html.EscapeString(avec.Nom)) {
		t.Errorf("overlapping convention: %d", resp.StatusCode)
	}
	resp, _ = pilote.post("/conventions", url.Values{"organisation": {itoa(agri.ID)}, "debut": {"2026-09-01"}, "reference": {"CONV-AGRI"},
		"objectif_cee": {"5"}, "part_employeurs": {"60"}, "objectif_secteurs": {"Agriculture"}, "objectifs": {"Jurys et découverte des métiers"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	list, _ := srv.App.Store.ConventionsOfOrganisation(ctx, "16", agri.ID)
	if len(list) != 1 || list[0].Etat != model.ConventionBrouillon || model.Date(list[0].Fin()) != "31 août 2029" || list[0].ObjectifCEE != 5 || list[0].PartEmployeurs != 60 {
		t.Fatalf("conventions: %+v", list)
	}
	id := itoa(list[0].ID)
	resp, pdfBody := pilote.get("/conventions/" + id + "/projet.pdf")
	if text := pdfText(t, pdfBody); resp.StatusCode != 200 || !strings.Contains(text, "60 % d'employeurs") || !strings.Contains(text, "Agriculture") {
		t.Errorf("projet de convention : %d\n%s", resp.StatusCode, text)
	}
	fake, ctype := multipartFile(t, "fichier", "convention.pdf", "pas un PDF")
	resp, body = pilote.do("POST", "/conventions/"+id+"/signee", fake, ctype)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "date de signature") {
		t.Errorf("no signature date: %d", resp.StatusCode)
	}
	resp, body = pilote.postFile("/conventions/"+id+"/signee", url.Values{"signee_le": {"2026-07-01"}}, "fichier", "convention.pdf", "pas un PDF")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "pas un PDF") {
		t.Errorf("fake PDF: %d", resp.StatusCode)
	}
	if resp, _ := pilote.postFile("/conventions/"+id+"/signee", url.Values{"signee_le": {"2026-07-01"}}, "fichier", "convention-signee.pdf", "%PDF-1.4 convention signée"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign: %d", resp.StatusCode)
	}
	if c, _ := srv.App.Store.GetConvention(ctx, list[0].ID, "16"); c.SigneeLe == nil || model.Date(*c.SigneeLe) != "1er juillet 2026" {
		t.Errorf("date de signature : %v", c.SigneeLe)
	}
	resp, pdf := pilote.get("/conventions/" + id + "/convention.pdf")
	if resp.StatusCode != 200 || !strings.HasPrefix(pdf, "%PDF-1.4 convention") {
		t.Errorf("signed file: %d", resp.StatusCode)
	}
	if resp, body := pilote.get("/conventions/" + id); resp.StatusCode != 200 || !strings.Contains(body, "Objectifs et réalisations par année scolaire") {
		t.Errorf("suivi de la convention : %d", resp.StatusCode)
	}
	lilleID, _ := srv.App.Store.CreateCompte(ctx, model.Compte{Email: "pilote@ac-lille.fr", Nom: "Lille"})
	srv.App.Store.AddHabilitation(ctx, model.Habilitation{CompteID: lilleID, Role: model.RolePilote, Academie: "09"})
	lille := newClient(t, srv)
	lille.loginAs("pilote@ac-lille.fr")
	if resp, _ := lille.get("/conventions/" + id + "/convention.pdf"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("Lille downloads a Toulouse convention: %d", resp.StatusCode)
	}
	if resp, _ := lille.get("/conventions/" + id); resp.StatusCode != http.StatusNotFound {
		t.Errorf("Lille reads a Toulouse convention: %d", resp.StatusCode)
	}
	// The organisation's référent sees its own conventions and figures.
	org := newClient(t, srv)
	compte := org.loginAs(demoEmail("organisation"))
	mine, _ := strconv.ParseInt(compte.Habilitations[0].Ref, 10, 64)
	own, _ := srv.App.Store.ConventionsOfOrganisation(ctx, "16", mine)
	resp, body = org.get("/mes-conventions")
	if resp.StatusCode != 200 || len(own) == 0 || !strings.Contains(body, own[0].Reference) || !strings.Contains(body, "CEE en mandat") || strings.Contains(body, "CONV-AGRI") {
		t.Errorf("vue de l'organisation : %d, %d conventions", resp.StatusCode, len(own))
	}
}

func TestProfessionnelsConsent(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	cee := newClient(t, srv)
	cee.loginAs(demoEmail("conseiller"))
	resp, body := cee.post("/professionnels/inviter", url.Values{"prenom": {"Luc"}, "nom": {"Fournil"}, "email": {"luc@fournil.example"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "au moins un motif") {
		t.Errorf("invitation without purpose: %d", resp.StatusCode)
	}
	resp, _ = cee.post("/professionnels/inviter", url.Values{"prenom": {"Luc"}, "nom": {"Fournil"}, "email": {"luc@fournil.example"},
		"entreprise": {"Boulangerie du Capitole"}, "naf": {"10.71C"}, "objet": {"interventions", "stages"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", resp.StatusCode)
	}
	_, body = cee.get("/professionnels")
	if !strings.Contains(body, "Fournil") || !strings.Contains(body, "en attente de réponse") {
		t.Error("the CEE does not see their pending invitation")
	}
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if _, body := pilote.get("/professionnels"); strings.Contains(body, "Fournil") {
		t.Error("a professional without consent is listed to the pilote")
	}
	m, ok := lastMail(t, srv, "luc@fournil.example")
	if !ok {
		t.Fatal("no consent mail")
	}
	link := regexp.MustCompile(`http://\S+(/consentement/\S+)`).FindStringSubmatch(m.Text)
	if link == nil {
		t.Fatalf("no link in %q", m.Text)
	}
	anon := newClient(t, srv)
	if resp, _ := anon.get(link[1]); resp.StatusCode != 200 {
		t.Fatalf("consent page: %d", resp.StatusCode)
	}
	resp, body = anon.post(link[1], url.Values{"objet": {"interventions", "jurys"}})
	if resp.StatusCode != 200 || !strings.Contains(body, "interventions en classe, jurys d&#39;examen") {
		t.Fatalf("consent: %d", resp.StatusCode)
	}
	if resp, _ := anon.post(link[1], url.Values{}); resp.StatusCode != http.StatusGone {
		t.Errorf("consent link used twice: %d", resp.StatusCode)
	}
	_, body = pilote.get("/professionnels?q=capitole")
	if !strings.Contains(body, "Fournil") || !strings.Contains(body, "interventions en classe, jurys d&#39;examen") {
		t.Error("consenting professional not listed with what they agreed to")
	}
	id := regexp.MustCompile(`/professionnels/(\d+)`).FindStringSubmatch(body)
	if resp, body := pilote.get("/professionnels/" + id[1]); resp.StatusCode != 200 || !strings.Contains(body, "luc@fournil.example") {
		t.Errorf("profile: %d", resp.StatusCode)
	}
	entries, _, _ := srv.App.Store.ListJournal(context.Background(), store.JournalFilter{Scope: model.Scope{Academie: "16"}, Action: store.AuditConsultation})
	if len(entries) == 0 || entries[0].ObjetType != "professionnel" {
		t.Error("contact view of a professional not journaled")
	}
}

func TestDirectoryFamilleFilter(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	st := srv.App.Store
	fams := refdata.FamillesMetiers()
	st.SaveConseiller(context.Background(), model.Conseiller{Academie: "16", Nom: "Famille", Prenom: "Avec", Email: "avec@famille.example",
		Specialites: []string{fams[0].Specialites[0]}})
	st.SaveConseiller(context.Background(), model.Conseiller{Academie: "16", Nom: "Famille", Prenom: "Sans", Email: "sans@famille.example",
		Specialites: []string{"99999999"}})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	_, body := pilote.get("/conseillers?q=famille&famille=" + fams[0].Code)
	if !strings.Contains(body, "Avec") || strings.Contains(body, "Sans") {
		t.Error("famille de métiers filter")
	}
	if resp, _ := pilote.get("/conseillers?famille=inconnue"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown famille: %d", resp.StatusCode)
	}
}

// The forms check lengths through the entities' validation, as the API and
// the importers do (issue 20): 422, the message naming the field and its
// limit, in characters.
func TestFormulairesLongueurs(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	org := newClient(t, srv)
	org.loginAs(demoEmail("organisation"))
	resp, body := org.post("/conseillers/proposer", url.Values{"civilite": {"Mme"}, "prenom": {"Élodie"}, "nom": {strings.Repeat("É", 101)},
		"email": {"elodie@sparky.example"}, "employeur": {"Électricité Garonne"}, "statut": {"artisan"}, "naf": {"43.21A"},
		"commune": {"31555"}, "mission": {"Jurys de CAP électricien"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Le nom ne doit pas dépasser 100 caractères.") {
		t.Errorf("long name: %d", resp.StatusCode)
	}
	ecole := newClient(t, srv)
	ecole.loginAs(demoEmail("etablissement"))
	resp, body = ecole.post("/demandes", url.Values{"action": {"brouillon"}, "type": {"intervention"}, "titre": {strings.Repeat("é", 151)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Le titre ne doit pas dépasser 150 caractères.") {
		t.Errorf("long title: %d", resp.StatusCode)
	}
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	resp, _ = pilote.post("/organisations", url.Values{"nom": {strings.Repeat("x", 9<<20)}, "type": {"branche"}, "niveau": {"departemental"}})
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("9 Mo organisation name: %d, want 413 (over the form's body limit)", resp.StatusCode)
	}
	resp, body = pilote.post("/organisations", url.Values{"nom": {strings.Repeat("é", 201)}, "type": {"branche"}, "niveau": {"departemental"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Le nom de l&#39;organisation ne doit pas dépasser 200 caractères.") {
		t.Errorf("long organisation name: %d", resp.StatusCode)
	}
	cee := newClient(t, srv)
	cee.loginAs(demoEmail("conseiller"))
	resp, body = cee.post("/professionnels/inviter", url.Values{"prenom": {"Zoé"}, "nom": {"Maçon"}, "email": {"zoe@chantier.example"},
		"entreprise": {strings.Repeat("é", 201)}, "objet": {"visites"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Le nom de l&#39;entreprise ne doit pas dépasser 200 caractères.") {
		t.Errorf("long company of a professional: %d", resp.StatusCode)
	}
	resp, body = pilote.post("/comptes/inviter", url.Values{"email": {"long@demo.example"}, "nom": {strings.Repeat("é", 101)}, "role": {"etablissement"}, "ref": {"0310001A"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Le nom ne doit pas dépasser 100 caractères.") {
		t.Errorf("long name of an invited account: %d", resp.StatusCode)
	}
}
