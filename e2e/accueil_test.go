package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// Viewports of the screenshots and checks: a laptop, and a phone held
// upright (the CEE reads their mail between two meetings).
const (
	largeurBureau    = 1366
	largeurTelephone = 390
)

// screenshot writes a full-page capture to CEE_SCREENSHOTS, or to
// $TMPDIR/cee-captures, kept after the test for the developer to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := run(t, ctx, chromedp.FullScreenshot(100))
	dir := os.Getenv("CEE_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "cee-captures")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("capture : %s (%d octets)", path, len(png))
}

// viewport sizes the page as a screen width wide.
func viewport(width int64) chromedp.Action[chromedp.Void] {
	height := int64(900)
	if width <= largeurTelephone {
		return chromedp.EmulateViewport(width, 844, chromedp.EmulateMobile)
	}
	return chromedp.EmulateViewport(width, height)
}

// Each role's home at 1366 and 390 px: its work first, screenshots for
// the developer, axe-core clean at both widths.
func TestAccueilParRoleInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	for _, role := range []string{"conseiller", "etablissement", "pilote", "examens", "organisation", "inspecteur", "partenaire", "departement", "region", "admin", "lecteur", "professionnel"} {
		t.Run(role, func(t *testing.T) {
			ctx, logs := browser(t)
			j := journey{t: t, ctx: ctx, srv: srv}
			j.step("écran de bureau", viewport(largeurBureau))
			j.login(role + "@demo.example")
			for _, w := range []int64{largeurBureau, largeurTelephone} {
				j.step(fmt.Sprintf("accueil à %d px", w), viewport(w), chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("main h1"))
				if txt := run(t, ctx, chromedp.Text("main")); strings.Contains(txt, "Mobiliser des professionnels") || !strings.Contains(txt, "Raccourcis") {
					t.Errorf("%d px: the home is not the role's:\n%.400s", w, txt)
				}
				screenshot(t, ctx, fmt.Sprintf("accueil-%s-%d", role, w))
				checkAxe(t, ctx, fmt.Sprintf("/ (%s, %d px)", role, w))
			}
			if errs := logs.take(); len(errs) > 0 {
				t.Errorf("erreurs console : %v", errs)
			}
		})
	}
}

// A CEE's day on a phone (390 px): they accept a solicitation from their
// home in one tap, subscribe to their calendar (the feed holds the action
// they accepted), and after the action write its report with one field to
// type, the rest prefilled.
func TestJourneeCEETelephoneInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	st := srv.App.Store
	bg := context.Background()

	compte, err := st.GetCompteByEmail(bg, "conseiller@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	var cee int64
	for _, h := range compte.Habilitations {
		if h.Role == model.RoleConseiller {
			fmt.Sscan(h.Ref, &cee)
		}
	}
	// The pilote asked them for a request being searched, on a fixed day.
	list, _, err := st.ListDemandes(bg, store.DemandeFilter{Scope: model.Scope{Academie: "16"}, Etats: []model.EtatDemande{model.DemandeEnRecherche}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var d model.Demande
	for _, x := range list {
		if x.AChoisir() || x.PremierJour().IsZero() {
			continue
		}
		if _, err := st.CreateSollicitation(bg, model.Sollicitation{DemandeID: x.ID, ConseillerID: cee, ExpireLe: time.Now().AddDate(0, 0, 7)}); err == nil {
			d = x
			break
		}
	}
	if d.ID == 0 {
		t.Fatal("no request of the demo to solicit the CEE for")
	}

	// The exam division convened them to a jury; the académie invited
	// them to a meeting.
	convocation := apptest.Convoquer(t, srv, cee)[0]
	reunion := apptest.Inviter(t, srv, cee)

	j.step("écran de bureau pour la connexion", viewport(largeurBureau))
	j.login("conseiller@demo.example")
	j.step("accueil sur téléphone", viewport(largeurTelephone), chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("#accueil-a-repondre"))
	checkAxe(t, ctx, "/ (390 px)")
	screenshot(t, ctx, "cee-390-boite")
	// Each answer in one tap, back on the inbox with its outcome.
	for _, a := range []struct{ name, button, want string }{
		{"j'accepte la sollicitation", fmt.Sprintf(`form[action="/sollicitations/%d/reponse"] button`, soID(t, st, d.ID, cee)), "participation est enregistrée|pas nécessaire"},
		{"je confirme ma convocation", fmt.Sprintf(`form[action="/convocations/%d/reponse"] input[value=confirmer] ~ button`, convocation), "présence est confirmée pour le jury J77"},
		{"je m'inscris à la réunion", fmt.Sprintf(`form[action="/animation/evenements/%d/inscription"] input[value=inscrire] ~ button`, reunion.ID), "Inscription confirmée"},
	} {
		j.step(a.name, clickNavigate(a.button), chromedp.WaitVisible(".fr-alert"))
		if txt := run(t, ctx, chromedp.Text(".fr-alert")); !regexp.MustCompile(a.want).MatchString(txt) {
			t.Fatalf("%s: %q", a.name, txt)
		}
		if loc := run(t, ctx, chromedp.Evaluate[string](`location.pathname`)); loc != "/" {
			t.Errorf("%s: the CEE is on %s, not back on their inbox", a.name, loc)
		}
	}
	if txt := run(t, ctx, chromedp.Text(`section[aria-labelledby="accueil-a-repondre"]`)); strings.Contains(txt, "Convocation : jury J77") || strings.Contains(txt, reunion.Titre) {
		t.Errorf("answered, still in the inbox: %q", txt)
	}
	screenshot(t, ctx, "cee-390-apres-reponse")

	j.step("mon agenda", chromedp.Navigate(srv.URL+"/compte#agenda"), chromedp.WaitVisible("#agenda"),
		clickNavigate(`form[action="/compte/calendrier"] button`), chromedp.WaitVisible("#agenda ~ p code.cee-secret"))
	checkAxe(t, ctx, "/compte (390 px)")
	feed := run(t, ctx, chromedp.Text("#agenda ~ p code.cee-secret"))
	if href := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('a[href^="webcal:"]').getAttribute("href")`)); !strings.HasPrefix(href, "webcal://") {
		t.Errorf("no webcal link to subscribe: %q", href)
	}
	// The calendar application fetches the address, without the session.
	resp, err := http.Get(feed)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	ics := strings.ReplaceAll(string(b), "\r\n ", "") // unfolded
	if resp.StatusCode != 200 || !strings.Contains(ics, "BEGIN:VCALENDAR") || !strings.Contains(ics, "SUMMARY:"+d.Titre) {
		t.Fatalf("feed %d without the accepted action %q:\n%s", resp.StatusCode, d.Titre, ics)
	}

	// After the day: the report, from the home's « Comptes rendus à écrire ».
	if _, err := st.DB().ExecContext(bg, `UPDATE demandes SET etat = 'realisee' WHERE id = $1`, d.ID); err != nil {
		t.Fatal(err)
	}
	passer(t, st, d.ID)
	j.step("compte rendu à écrire", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("#accueil-comptes-rendus"),
		clickNavigate(fmt.Sprintf(`#accueil-comptes-rendus ~ ul a[href="/demandes/%d#compte-rendu"]`, d.ID)), chromedp.WaitVisible("#cr-duree"))
	checkAxe(t, ctx, "/demandes/… (390 px)")
	// Three fields; the date (the request's day) and the pupils prefilled.
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('form[action$="/compte-rendu"] :is(input:not([type=hidden]), textarea, select)').length`)); n != 3 {
		t.Errorf("the report has %d fields, want 3", n)
	}
	fait, err := st.GetDemande(bg, d.ID, store.DemandeFilter{Scope: model.Scope{National: true}})
	if err != nil {
		t.Fatal(err)
	}
	if v := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('#cr-date').value`)); v != fait.PremierJour().Format("2006-01-02") {
		t.Errorf("date sent: %q, want the request's day %s", v, fait.PremierJour().Format("2006-01-02"))
	}
	if v := run(t, ctx, chromedp.Value("#cr-eleves")); v == "" {
		t.Error("pupils not prefilled")
	}
	screenshot(t, ctx, "cee-390-compte-rendu-formulaire")
	j.step("un seul champ à saisir", chromedp.SendKeys("#cr-duree", "2"),
		clickNavigate(`form[action$="/compte-rendu"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	if txt := run(t, ctx, chromedp.Text(".fr-alert")); !strings.Contains(txt, "Compte rendu enregistré") {
		t.Errorf("report: %q", txt)
	}
	screenshot(t, ctx, "cee-390-compte-rendu")
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}

// soID is the CEE's solicitation for a request.
func soID(t *testing.T, st *store.Store, demande, cee int64) int64 {
	t.Helper()
	sols, err := st.ListSollicitations(context.Background(), demande)
	if err != nil {
		t.Fatal(err)
	}
	for _, so := range sols {
		if so.ConseillerID == cee {
			return so.ID
		}
	}
	t.Fatalf("no solicitation of CEE %d for request %d", cee, demande)
	return 0
}
