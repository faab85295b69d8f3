package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// toutVoir is a section's link to its whole list, with the number it
// announces.
var toutVoir = regexp.MustCompile(`href="([^"]+)">\s*Tout voir \((\d+)\)`)

// listTotal reads the total a list page states (« 12 demande(s) »).
var listTotal = regexp.MustCompile(`<p role="status">(\d+) (?:demande|conseiller|personne)\(s\)</p>`)

// TestHomeByRole: each role's home starts with its work, the network's
// presentation is the public home's only, and every « Tout voir (N) » of
// a list of requests or CEE leads to a list of N lines.
func TestHomeByRole(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	anon := newClient(t, srv)
	if _, body := anon.get("/"); !strings.Contains(body, "Mobiliser des professionnels") || !strings.Contains(body, "Les établissements par académie") {
		t.Error("the public home lost the network's presentation")
	}
	for _, tc := range []struct {
		role string
		want []string // in this order on the page
	}{
		{"conseiller", []string{"Ce qu&#39;on vous demande", "Vos prochains rendez-vous", "Raccourcis"}},
		{"etablissement", []string{"Nouvelle demande", "Vos demandes", "Raccourcis"}},
		{"partenaire", []string{"Nouvelle demande", "Vos demandes"}},
		{"pilote", []string{"À traiter", "Échéances", "Demandes en cours", "Raccourcis"}},
		{"examens", []string{"Sessions d&#39;examen", "Raccourcis"}},
		{"organisation", []string{"Vos candidats en attente d&#39;instruction", "Objectifs de votre convention"}},
		{"inspecteur", []string{"Avis à donner", "Raccourcis"}},
		{"departement", []string{"Demandes", "Raccourcis"}},
		{"region", []string{"Raccourcis"}},
		{"admin", []string{"Raccourcis"}},
	} {
		t.Run(tc.role, func(t *testing.T) {
			c := newClient(t, srv)
			c.loginAs(demoEmail(tc.role))
			resp, body := c.get("/")
			if resp.StatusCode != 200 {
				t.Fatalf("home: %d\n%s", resp.StatusCode, body[max(0, strings.Index(body, "<main")):][:min(800, len(body))])
			}
			if strings.Contains(body, "Mobiliser des professionnels") {
				t.Error("the network's presentation on a signed-in home")
			}
			at := 0
			for _, w := range tc.want {
				i := strings.Index(body[at:], w)
				if i < 0 {
					t.Fatalf("%q missing, or out of order", w)
				}
				at += i
			}
			for _, m := range toutVoir.FindAllStringSubmatch(body, -1) {
				href := html.UnescapeString(m[1])
				if !strings.HasPrefix(href, "/demandes") && !strings.HasPrefix(href, "/conseillers") {
					continue
				}
				resp, list := c.get(href)
				got := listTotal.FindStringSubmatch(list)
				if resp.StatusCode != 200 || got == nil {
					t.Errorf("%s: %d, no total", href, resp.StatusCode)
					continue
				}
				if got[1] != m[2] {
					t.Errorf("home says %s for %s, the list says %s", m[2], href, got[1])
				}
			}
		})
	}
}

// TestHomeReponseRapide: the CEE accepts a solicitation from their home in
// one tap and is back on the home with the outcome, the line gone.
func TestHomeReponseRapide(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	cee := newClient(t, srv)
	compte := cee.loginAs(demoEmail("conseiller"))
	ceeID := mustID(t, compte.Habilitations[0].Ref)
	// The pilote asked them for a request being searched, one without
	// dates to choose among.
	list, _, err := st.ListDemandes(ctx, store.DemandeFilter{Scope: model.Scope{Academie: "16"}, Etats: []model.EtatDemande{model.DemandeEnRecherche}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	asked := ""
	for _, d := range list {
		if d.AChoisir() {
			continue
		}
		if _, err := st.CreateSollicitation(ctx, model.Sollicitation{DemandeID: d.ID, ConseillerID: ceeID, ExpireLe: time.Now().AddDate(0, 0, 7)}); err == nil {
			asked = d.Titre
			break
		}
	}
	if asked == "" {
		t.Fatal("no request of the demo to solicit the CEE for")
	}
	_, body := cee.get("/")
	forms := regexp.MustCompile(`action="(/sollicitations/(\d+)/reponse)"><input type="hidden" name="reponse" value="accepter">`).FindAllStringSubmatch(body, -1)
	if len(forms) == 0 || !strings.Contains(html.UnescapeString(body), asked) {
		t.Fatalf("the solicitation is not on the CEE's home")
	}
	before := strings.Count(body, `value="accepter"`)
	resp, _ := cee.post(forms[0][1], map[string][]string{"reponse": {"accepter"}, "retour": {"/"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("one-tap answer: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = cee.get("/")
	if !strings.Contains(body, "Votre participation est enregistrée") && !strings.Contains(body, "votre aide n&#39;est pas nécessaire") {
		t.Error("no outcome on the home after the answer")
	}
	if after := strings.Count(body, `value="accepter"`); after != before-1 {
		t.Errorf("%d answers to give before, %d after", before, after)
	}
}

// TestHomePiloteSuitLesDemandes: the pilote's home is kept in memory
// between views (vuePilote); a request a school sends is counted on it at
// the next view all the same.
func TestHomePiloteSuitLesDemandes(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	enCours := func() string {
		t.Helper()
		_, body := pilote.get("/")
		for _, m := range toutVoir.FindAllStringSubmatch(body, -1) {
			if html.UnescapeString(m[1]) == "/demandes" {
				return m[2]
			}
		}
		t.Fatal("no « Tout voir » of the open requests on the pilote's home")
		return ""
	}
	avant := enCours()
	if again := enCours(); again != avant {
		t.Fatalf("two views without a change: %s then %s", avant, again)
	}
	ecole := newClient(t, srv)
	ecole.loginAs(demoEmail("etablissement"))
	resp, _ := ecole.post("/demandes", url.Values{"action": {"soumettre"}, "type": {"intervention"}, "titre": {"Métiers de la mer"},
		"date1": {nextWeekday().Format("2006-01-02")}, "moment1": {"AM"}, "personnes": {"1"}, "naf": {"F"}, "niveaux": {"3e"}, "eleves": {"24"},
		"contact_nom": {"Nathalie Roux"}, "contact_email": {demoEmail("etablissement")}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("request sent: %d", resp.StatusCode)
	}
	n, _ := strconv.Atoi(avant)
	if apres := enCours(); apres != strconv.Itoa(n+1) {
		t.Errorf("open requests on the pilote's home: %s before the school's request, %s after (want %d)", avant, apres, n+1)
	}
}
