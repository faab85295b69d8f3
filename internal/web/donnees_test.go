package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

func init() {
	for k, v := range donneesAccessRules {
		accessRules[k] = v
	}
}

// donneesAccessRules are the lines of accessRules for routesDonnees: a
// person's own data for anyone signed in, the link pages for everyone
// (the link is the credential: 410 without a valid one), the requests'
// list and a professional's export for admin and pilote.
var donneesAccessRules = map[string]rule{
	"GET /compte/donnees":                   member,
	"GET /compte/donnees.json":              member,
	"GET /compte/donnees.pdf":               member,
	"POST /compte/effacement":               member,
	"GET /mes-donnees":                      open,
	"POST /mes-donnees":                     open,
	"GET /mes-donnees/{jeton}":              open,
	"GET /mes-donnees/{jeton}/donnees.json": open,
	"GET /mes-donnees/{jeton}/donnees.pdf":  open,
	"POST /mes-donnees/{jeton}/effacement":  open,
	"GET /effacements":                      gestion,
	"POST /effacements/{id}/confirmation":   gestion,
	"POST /effacements/{id}/refus":          gestion,
	"GET /professionnels/{id}/donnees.json": gestion,
	"GET /professionnels/{id}/donnees.pdf":  gestion,
	"POST /parametres/conservation":         gestion,
}

// The public page is rendered from model.Traitements: every processing,
// its legal basis and the retention periods the retention job applies.
func TestDonneesPersonnellesPage(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	resp, body := newClient(t, srv).get("/donnees-personnelles")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	body = html.UnescapeString(body)
	want := []string{"Responsable du traitement", "article 6.1.e", "article 6.1.a", "D.331-65", "D.331-67", "D.337-93",
		fmt.Sprintf("%d ans après la fin du dernier mandat", model.ConservationCEEAns),
		fmt.Sprintf("%d ans après sa dernière activité", model.ConservationProfessionnelAns),
		"rectification", "effacement", "opposition", "CNIL", `href="/compte/donnees"`, `href="/mes-donnees"`}
	for _, tr := range model.Traitements() {
		want = append(want, tr.Nom, tr.Finalite)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

var donneesLink = regexp.MustCompile(`https?://[^\s]+(/mes-donnees/[A-Za-z0-9_-]+)`)

// A CEE downloads their data and asks for erasure, a pilote confirms; a
// professional's request is refused with a reason they receive; a
// professional without an account reaches their data by a link.
func TestEffacementParcours(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true, Dev: true})
	ctx := context.Background()
	st := srv.App.Store

	cee := newClient(t, srv)
	me := cee.loginAs(demoEmail("conseiller"))
	conseillerID := mustID(t, me.Habilitations[0].Ref)
	fiche, err := st.GetConseillerInScope(ctx, conseillerID, model.Scope{National: true})
	if err != nil {
		t.Fatal(err)
	}
	others, _, _ := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: fiche.Academie}, Limit: 5})
	var other model.Conseiller
	for _, o := range others {
		if o.ID != conseillerID {
			other = o
		}
	}

	if resp, body := cee.get("/compte/donnees"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Fiche de conseiller") {
		t.Fatalf("own data page: %d", resp.StatusCode)
	}
	resp, body := cee.get("/compte/donnees.json")
	var export struct {
		Adresses []string `json:"adresses"`
		Sections []struct {
			Code   string              `json:"code"`
			Lignes []map[string]string `json:"lignes"`
		} `json:"sections"`
	}
	if err := json.Unmarshal([]byte(body), &export); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("JSON export: %d %v", resp.StatusCode, err)
	}
	var profil map[string]string
	for _, s := range export.Sections {
		if s.Code == "conseiller" {
			profil = s.Lignes[0]
		}
	}
	if profil["email"] != fiche.Email || profil["nom"] != fiche.Nom {
		t.Errorf("export's profile: %v", profil)
	}
	if other.ID == 0 || strings.Contains(body, other.Email) {
		t.Errorf("export holds another CEE's address %q", other.Email)
	}
	resp, body = cee.get("/compte/donnees.pdf")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF") {
		t.Fatalf("PDF export: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if lines, _, _ := st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditExport}); len(lines) < 2 ||
		!strings.Contains(lines[0].Detail, "données personnelles") {
		t.Errorf("exports not journaled: %+v", lines)
	}

	if resp, body := cee.post("/compte/effacement", url.Values{}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "définitif") {
		t.Fatalf("unconfirmed request: %d", resp.StatusCode)
	}
	for range 2 {
		if resp, _ := cee.post("/compte/effacement", url.Values{"confirmation": {"oui"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("request: %d", resp.StatusCode)
		}
	}
	if _, body := cee.get("/compte/donnees"); !strings.Contains(html.UnescapeString(body), "Demande d'effacement en cours") {
		t.Error("the request is not shown to the person")
	}
	list, _ := st.ListDemandesEffacement(ctx, model.Scope{National: true})
	if len(list) != 1 || list[0].ConseillerID != conseillerID || list[0].Etat != model.EffacementDemandee {
		t.Fatalf("requests: %+v", list)
	}
	req := list[0]
	if _, ok := mailAbout(t, srv, demoEmail("pilote"), "effacement"); !ok {
		t.Error("the pilotes are not told")
	}

	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if resp, body := pilote.get("/effacements"); resp.StatusCode != http.StatusOK || !strings.Contains(body, fiche.Nom) {
		t.Fatalf("list: %d", resp.StatusCode)
	}
	path := "/effacements/" + itoa(req.ID)
	if resp, _ := pilote.post(path+"/confirmation", url.Values{}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unconfirmed: %d", resp.StatusCode)
	}
	if resp, _ := pilote.post(path+"/confirmation", url.Values{"confirmation": {"oui"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	if resp, _ := pilote.post(path+"/refus", url.Values{"motif": {"trop tard"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("second decision: %d", resp.StatusCode)
	}
	after, _ := st.GetConseillerInScope(ctx, conseillerID, model.Scope{National: true})
	if after.Nom != "Anonyme" || after.Email == fiche.Email || after.Telephone != "" {
		t.Errorf("CEE after erasure: %+v", after)
	}
	if c, _ := st.GetCompte(ctx, me.ID); c.Statut != model.CompteSuspendu || c.Email == me.Email {
		t.Errorf("account after erasure: %+v", c)
	}
	if resp, _ := cee.get("/compte"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the erased person's session still works: %d", resp.StatusCode)
	}
	lines, _, _ := st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Limit: 1000})
	var done bool
	for _, l := range lines {
		if l.Action == store.AuditEffacement && strings.Contains(l.Detail, "anonymisation effectuée") {
			done = true
		}
		if strings.Contains(l.Detail, fiche.Nom) || strings.Contains(l.Detail, fiche.Email) || l.Email == fiche.Email {
			t.Errorf("journal still names the person: %+v", l)
		}
	}
	if !done {
		t.Error("the erasure is not journaled")
	}

	// A refusal: the reason is required and mailed.
	pro := newClient(t, srv)
	proCompte := pro.loginAs(demoEmail("professionnel"))
	if resp, _ := pro.post("/compte/effacement", url.Values{"confirmation": {"oui"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("professional's request: %d", resp.StatusCode)
	}
	list, _ = st.ListDemandesEffacement(ctx, model.Scope{National: true})
	path = "/effacements/" + itoa(list[0].ID)
	if resp, body := pilote.post(path+"/refus", url.Values{"motif": {"  "}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "raison") {
		t.Fatalf("refusal without reason: %d", resp.StatusCode)
	}
	if resp, _ := pilote.post(path+"/refus", url.Values{"motif": {"Un jury que vous présidez n'a pas encore délibéré."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("refusal: %d", resp.StatusCode)
	}
	if m, ok := mailAbout(t, srv, proCompte.Email, "effacement"); !ok || !strings.Contains(m.Text, "pas encore délibéré") {
		t.Errorf("refusal mail: %v %q", ok, m.Text)
	}
	if c, _ := st.GetCompte(ctx, proCompte.ID); c.Statut == model.CompteSuspendu {
		t.Error("refused, yet erased")
	}

	// Without an account: the same answer for any address, a link to the
	// known one, the data behind it, and a request by that link.
	pros, _, _ := st.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: model.Scope{Academie: fiche.Academie}, Limit: 20})
	var target model.Professionnel
	for _, p := range pros {
		if _, err := st.GetCompteByEmail(ctx, p.Email); err != nil {
			target = p
			break
		}
	}
	if target.ID == 0 {
		t.Fatal("no professional without an account in the demo")
	}
	anon := newClient(t, srv)
	_, known := anon.post("/mes-donnees", url.Values{"email": {strings.ToUpper(target.Email)}})
	_, unknown := anon.post("/mes-donnees", url.Values{"email": {"personne@inconnu.example"}})
	if known != unknown || !strings.Contains(known, "Si cette adresse") {
		t.Error("the answer tells whether the address is known")
	}
	if _, ok := lastMail(t, srv, "personne@inconnu.example"); ok {
		t.Error("mail sent to an unknown address")
	}
	m, ok := mailAbout(t, srv, target.Email, "données")
	if !ok {
		t.Fatal("no link mailed")
	}
	link := donneesLink.FindStringSubmatch(m.Text)
	if link == nil {
		t.Fatalf("no link in %q", m.Text)
	}
	if resp, body := anon.get(link[1]); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Fiche de professionnel") {
		t.Fatalf("link page: %d", resp.StatusCode)
	}
	if resp, body := anon.get(link[1] + "/donnees.json"); resp.StatusCode != http.StatusOK || !strings.Contains(body, target.Email) || strings.Contains(body, other.Email) {
		t.Errorf("export by link: %d", resp.StatusCode)
	}
	if resp, _ := anon.post(link[1]+"/effacement", url.Values{"confirmation": {"oui"}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("request by link: %d", resp.StatusCode)
	}
	if resp, _ := anon.get("/mes-donnees/inconnu"); resp.StatusCode != http.StatusGone {
		t.Errorf("unknown link: %d", resp.StatusCode)
	}
	list, _ = st.ListDemandesEffacement(ctx, model.Scope{National: true})
	if list[0].ProfessionnelID != target.ID || list[0].Origine != model.OrigineLien {
		t.Errorf("request by link: %+v", list[0])
	}

	// The pilote downloads a professional's data for them, from their page.
	if _, body := pilote.get("/professionnels/" + itoa(target.ID)); !strings.Contains(body, "/professionnels/"+itoa(target.ID)+"/donnees.pdf") {
		t.Error("no download on the professional's page")
	}
	resp, body = pilote.get("/professionnels/" + itoa(target.ID) + "/donnees.json")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, target.Email) {
		t.Errorf("pilote's export: %d", resp.StatusCode)
	}
	lines, _, _ = st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditExport, Limit: 1})
	if len(lines) != 1 || lines[0].ObjetType != "professionnel" || lines[0].ObjetID != itoa(target.ID) {
		t.Errorf("pilote's export not journaled: %+v", lines)
	}
}

// A pilote sets the académie's retention periods; the public page lists
// them under the national ones, and the job reads the same values.
func TestConservationParametres(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true, Dev: true})
	ctx := context.Background()
	pilote := newClient(t, srv)
	me := pilote.loginAs(demoEmail("pilote"))
	acad := me.Habilitations[0].Academie
	if _, body := pilote.get("/parametres"); !strings.Contains(body, fmt.Sprintf(`name="conservation_cee" value="%d"`, model.ConservationCEEAns)) {
		t.Error("national period not shown in the settings")
	}
	resp, body := pilote.post("/parametres/conservation", url.Values{"conservation_cee": {"7"}, "conservation_pro": {"9"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "de 1 à 5") {
		t.Fatalf("invalid period: %d", resp.StatusCode)
	}
	if resp, _ := pilote.post("/parametres/conservation", url.Values{"conservation_cee": {"7"}, "conservation_pro": {"2"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	c, err := srv.App.Store.GetConservation(ctx, acad)
	if err != nil || c.CEEAns != 7 || c.ProfessionnelAns != 2 {
		t.Fatalf("saved %+v %v", c, err)
	}
	// A mistake in the other form of the page keeps the saved periods shown.
	resp, body = pilote.post("/parametres", url.Values{"academie": {acad}, "duree_mandat": {"1"}, "duree_convention": {"36"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `name="conservation_cee" value="7"`) {
		t.Errorf("settings error page: %d, retention periods not shown", resp.StatusCode)
	}
	_, body = newClient(t, srv).get("/donnees-personnelles")
	if !strings.Contains(body, "Toulouse</td>") || !strings.Contains(body, ">7</td>") || !strings.Contains(body, ">2</td>") {
		t.Error("the public page does not show the académie's periods")
	}
	lines, _, _ := srv.App.Store.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditParametres, Limit: 1})
	if len(lines) != 1 || !strings.Contains(lines[0].Detail, "CEE 7 ans") {
		t.Errorf("not journaled: %+v", lines)
	}
}
