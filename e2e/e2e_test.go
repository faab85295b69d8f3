// Package e2e drives the application in a real headless Chromium: one
// journey per role. Every page visited is checked with axe-core for serious
// or critical accessibility violations.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
)

// browser starts a headless Chromium for the test. Without CEE_CHROMIUM it
// skips, except in CI where it fails.
func browser(t *testing.T) (context.Context, *consoleLog) {
	t.Helper()
	bin := os.Getenv("CEE_CHROMIUM")
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CEE_CHROMIUM manquante alors que CI est définie : scripts/test l'installe et la définit")
		}
		t.Skip("CEE_CHROMIUM non définie : tests navigateur sautés (lancez scripts/test)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	logs := &consoleLog{}
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				logs.add("console.error: " + strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			logs.add(fmt.Sprintf("exception: %s %v", e.ExceptionDetails.Text, e.ExceptionDetails.Exception))
		}
	}))
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("démarrage de Chromium : %v", err)
	}
	return ctx, logs
}

type consoleLog struct {
	mu   sync.Mutex
	errs []string
}

func (c *consoleLog) add(s string) { c.mu.Lock(); c.errs = append(c.errs, s); c.mu.Unlock() }
func (c *consoleLog) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.errs
	c.errs = nil
	return e
}

// checkAxe injects axe-core and fails on serious or critical violations.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	checkAxeWith(t, ctx, page, "{resultTypes: [\"violations\"]}")
}

// checkAxeWith runs axe-core with the options given (a JavaScript object).
func checkAxeWith(t *testing.T, ctx context.Context, page, options string) {
	t.Helper()
	path := os.Getenv("CEE_AXE_JS")
	if path == "" {
		t.Fatal("CEE_AXE_JS manquante : scripts/test installe axe-core et la définit")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type violation struct {
		ID, Impact, Help string
		Nodes            []struct{ Target []any }
	}
	type result struct{ Violations []violation }
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(src))); err != nil {
		t.Fatalf("injection d'axe sur %s : %v", page, err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[result](`axe.run(document, `+options+`).then(r => ({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({target: n.target}))}))}))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe sur %s : %v", page, err)
	}
	for _, v := range res.Violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			b, _ := json.Marshal(v.Nodes)
			t.Errorf("axe %s sur %s : %s (%s) %s", v.Impact, page, v.ID, v.Help, b)
		}
	}
}

func TestHomePageInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("header.fr-header")); err != nil {
		t.Fatal(err)
	}
	// DSFR styles applied: the header's computed family starts with Marianne.
	font := run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".fr-header")).fontFamily`))
	// And the font file itself loaded, not only the CSS declaring it.
	loaded := run(t, ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => document.fonts.check("16px Marianne"))`, chromedp.EvalAwaitPromise))
	title := run(t, ctx, chromedp.Title())
	h1 := run(t, ctx, chromedp.Text("h1", chromedp.NodeVisible))
	png := run(t, ctx, chromedp.FullScreenshot(100))
	if !loaded {
		t.Error("la police Marianne n'est pas chargée")
	}
	if !strings.HasPrefix(strings.Trim(font, `"' `), "Marianne") {
		t.Errorf("police de l'en-tête %q, Marianne attendue : les styles DSFR ne sont pas appliqués", font)
	}
	if !strings.Contains(title, "conseillers entreprises pour l'École") {
		t.Errorf("titre %q", title)
	}
	if h1 == "" {
		t.Error("pas de titre h1 visible")
	}
	shot := filepath.Join(t.TempDir(), "accueil.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CEE_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "accueil.png"), png, 0o644)
	}
	t.Logf("capture : %s (%d octets)", shot, len(png))
	checkAxe(t, ctx, "/")
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console sur / : %v", errs)
	}
}

// Every public page renders in Chromium without console errors (a CSP
// that blocks DSFR would show here) and passes axe.
func TestPublicPagesInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true, Dev: true})
	ctx, logs := browser(t)
	pages := []string{"/etablissements", "/etablissements?academie=16&type=lycee", "/accessibilite", "/mentions-legales",
		"/donnees-personnelles", "/dev/courriels", "/dev/taches", "/dev/composants", "/page-inexistante"}
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p), chromedp.WaitVisible("footer.fr-footer")); err != nil {
				t.Fatal(err)
			}
			h1 := run(t, ctx, chromedp.Text("h1", chromedp.NodeVisible))
			if h1 == "" {
				t.Error("pas de h1")
			}
			checkAxe(t, ctx, p)
			if errs := logs.take(); len(errs) > 0 {
				t.Errorf("erreurs console : %v", errs)
			}
		})
	}
	// Follow the first school of the list to its page.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/etablissements")); err != nil {
		t.Fatal(err)
	}
	href := run(t, ctx, chromedp.AttributeValue(`table a[href^="/etablissements/"]`, "href")).Value
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+href)); err != nil {
		t.Fatal(err)
	}
	h1 := run(t, ctx, chromedp.Text("h1", chromedp.NodeVisible))
	if h1 == "" {
		t.Errorf("page %s sans titre", href)
	}
	checkAxe(t, ctx, href)
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The journey of a person of the network: ask for a login link, open it
// from the demo mailbox, land on the role's home page, switch role, log out.
func TestLoginJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	email := "ien@demo.example" // inspector and exam division: two roles
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s : %v", name, err)
		}
	}
	step("page de connexion", chromedp.Navigate(srv.URL+"/connexion"), chromedp.WaitVisible("#lien-email"))
	checkAxe(t, ctx, "/connexion")
	step("demande du lien",
		chromedp.SendKeys("#lien-email", email),
		clickNavigate(`form[action="/connexion/lien"] button[type=submit]`),
		chromedp.WaitVisible(`main a[href="/dev/courriels"]`))
	if h1 := run(t, ctx, chromedp.Text("h1")); !strings.Contains(h1, "messagerie") {
		t.Errorf("after the request: %q", h1)
	}
	// The mail job runs in the background pool; wait for it in the mailbox.
	var found bool
	for deadline := time.Now().Add(stepTimeout); !found && time.Now().Before(deadline); {
		step("boîte aux lettres", chromedp.Navigate(srv.URL+"/dev/courriels"), chromedp.WaitVisible("footer.fr-footer"))
		// Other mails (reminders to the pilote) may be there too.
		found = run(t, ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('table a[href^="/dev/courriels/"]')].some(a => a.textContent.includes('Votre lien de connexion'))`))
		if !found {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !found {
		t.Fatal("the login mail never reached the demo mailbox")
	}
	checkAxe(t, ctx, "/dev/courriels")
	href := run(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('table a[href^="/dev/courriels/"]')].find(a => a.textContent.includes('Votre lien de connexion')).getAttribute('href')`))
	step("ouverture du courriel", chromedp.Navigate(srv.URL+href), chromedp.WaitVisible("pre"))
	text := run(t, ctx, chromedp.Text("pre"))
	link := regexp.MustCompile(`http://\S+/connexion/lien/\S+`).FindString(text)
	if link == "" {
		t.Fatalf("no link in the mail: %q", text)
	}
	step("ouverture du lien", chromedp.Navigate(link), chromedp.WaitVisible(`main form button[type=submit]`))
	checkAxe(t, ctx, "/connexion/lien/…")
	step("connexion", clickNavigate(`main form button[type=submit]`), chromedp.WaitVisible("#role-actif"))
	if h1 := run(t, ctx, chromedp.Text("h1")); h1 != "Bonjour Hélène Dupré" {
		t.Errorf("home page title %q", h1)
	}
	if lead := run(t, ctx, chromedp.Text("p.fr-text--lead")); !strings.HasPrefix(lead, "Inspection") {
		t.Errorf("active role %q, want Inspection", lead)
	}
	checkAxe(t, ctx, "/ (connecté)")
	png := run(t, ctx, chromedp.FullScreenshot(100))
	os.WriteFile(filepath.Join(t.TempDir(), "accueil-connecte.png"), png, 0o644)
	if dir := os.Getenv("CEE_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "accueil-connecte.png"), png, 0o644)
	}
	other := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('#role-actif option:not(:checked):not([disabled])').value`))
	step("choix du rôle", chromedp.SetValue("#role-actif", other))
	// The flash message appears on the page the switch redirects to.
	step("changement de rôle", clickNavigate(`form[action="/compte/role"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	if h1 := run(t, ctx, chromedp.Text("h1")); h1 != "Bonjour Hélène Dupré" {
		t.Fatalf("after the switch, page %q instead of the home page", h1)
	}
	if lead := run(t, ctx, chromedp.Text("p.fr-text--lead")); !strings.HasPrefix(lead, "Division des examens") {
		t.Errorf("after the switch, active role %q", lead)
	}
	// DSFR copies the header's tool links into the mobile menu: take the
	// visible, desktop one.
	step("déconnexion", clickNavigate(`.fr-header__tools-links form[action="/deconnexion"] button[type=submit]`), chromedp.WaitVisible("#lien-email"))
	if alert := run(t, ctx, chromedp.Text(".fr-alert")); !strings.Contains(alert, "déconnecté") {
		t.Errorf("after logout: %q", alert)
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}

// The pages of the accounts' management pass axe too, signed in as the
// académie's pilote through the demo login page.
func TestManagementPagesInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/dev/connexion"), chromedp.WaitVisible("main form")); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "/dev/connexion")
	pilote, err := srv.App.Store.GetCompteByEmail(context.Background(), "pilote@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, clickNavigate(fmt.Sprintf(`form[action="/dev/connexion/%d"] button`, pilote.ID)), chromedp.WaitVisible(`a[href="/journal"]`)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/comptes", "/comptes/inviter", fmt.Sprintf("/comptes/%d", pilote.ID), "/journal", "/compte"} {
		t.Run(p, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p), chromedp.WaitVisible("footer.fr-footer")); err != nil {
				t.Fatal(err)
			}
			if h1 := run(t, ctx, chromedp.Text("h1", chromedp.NodeVisible)); h1 == "" || strings.Contains(h1, "Erreur") {
				t.Errorf("h1 %q", h1)
			}
			checkAxe(t, ctx, p)
			if errs := logs.take(); len(errs) > 0 {
				t.Errorf("erreurs console : %v", errs)
			}
		})
	}
	// A refused form: the error summary comes first, has the focus, and its
	// link leads to the field (issue 18, item 3).
	t.Run("formulaire refusé", func(t *testing.T) {
		j := journey{t: t, ctx: ctx, srv: srv}
		j.step("invitation sans adresse", chromedp.Navigate(srv.URL+"/comptes/inviter"),
			clickNavigate(`form[action="/comptes/inviter"] button[type=submit]`), chromedp.WaitVisible("#erreurs-formulaire"))
		focus := run(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`))
		href := run(t, ctx, chromedp.Evaluate[string](`document.querySelector("#erreurs-formulaire a").getAttribute("href")`))
		if focus != "erreurs-formulaire" || href != "#inv-email" {
			t.Errorf("focus on %q, first link %q: want the summary focused and a link to #inv-email", focus, href)
		}
		checkAxe(t, ctx, "/comptes/inviter (refusé)")
	})
}

// The network's journey: an organisation référent proposes a candidate; the
// pilote instructs and designates; the arrêté PDF downloads; the CEE logs in
// by magic link and completes their profile; the directory finds them by a
// query without accents.
func TestNetworkJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	step, demoLogin, logout := j.step, j.login, j.logout

	demoLogin("organisation@demo.example")
	step("formulaire de proposition", chromedp.Navigate(srv.URL+"/conseillers/proposer"), chromedp.WaitVisible("#prop-nom"))
	checkAxe(t, ctx, "/conseillers/proposer")
	step("proposition",
		chromedp.SendKeys("#prop-prenom", "Élodie"),
		chromedp.SendKeys("#prop-nom", "Voltaire"),
		chromedp.SendKeys("#prop-email", "elodie.voltaire@sparky.example"),
		chromedp.SendKeys("#prop-employeur", "Électricité Garonne"),
		chromedp.SendKeys("#prop-naf", "43.21A"),
		chromedp.SendKeys("#prop-commune", "31555"),
		chromedp.SendKeys("#prop-mission", "Jurys de CAP électricien et découverte des métiers en collège"),
		clickNavigate(`form[action="/conseillers/proposer"] button[type=submit]`),
		chromedp.WaitVisible(".fr-alert"))
	ceePath := run(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	if !strings.HasPrefix(ceePath, "/conseillers/") {
		t.Fatalf("after the proposal: %s", ceePath)
	}
	logout()

	demoLogin("pilote@demo.example")
	choose := func(etat string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[any](fmt.Sprintf(`document.querySelector('input[name=etat][value=%s]').checked = true`, etat))(ctx, tg)
			return chromedp.Void{}, err
		}
	}
	step("instruction", chromedp.Navigate(srv.URL+ceePath), chromedp.WaitVisible(`input[name=etat]`),
		choose("en_instruction"), clickNavigate(`form[action$="/designation"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	checkAxe(t, ctx, ceePath)
	step("désignation", chromedp.SetValue("#arrete-numero", "2026-301"), chromedp.SetValue("#arrete-date", "2026-11-20"),
		chromedp.SetValue("#mandat-debut", "2027-01-01"), choose("designee"),
		clickNavigate(`form[action$="/designation"] button[type=submit]`), chromedp.WaitVisible(`a[href$="/arrete.pdf"]`))
	// The download: the link answers a PDF.
	ctype := run(t, ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="/arrete.pdf"]').href).then(r => r.headers.get('content-type') + ' ' + r.status)`, chromedp.EvalAwaitPromise))
	if ctype != "application/pdf 200" {
		t.Errorf("arrêté download: %q", ctype)
	}
	logout()

	step("lien de connexion du conseiller", chromedp.SendKeys("#lien-email", "elodie.voltaire@sparky.example"),
		clickNavigate(`form[action="/connexion/lien"] button[type=submit]`), chromedp.WaitVisible(`main a[href="/dev/courriels"]`))
	var link string
	for deadline := time.Now().Add(stepTimeout); link == "" && time.Now().Before(deadline); {
		if m, ok := newestMailTo(srv, "elodie.voltaire@sparky.example", "connexion"); ok {
			link = regexp.MustCompile(`http://\S+/connexion/lien/\S+`).FindString(m)
		} else {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if link == "" {
		t.Fatal("no login link for the CEE")
	}
	step("connexion du conseiller", chromedp.Navigate(link), chromedp.WaitVisible(`main form button[type=submit]`),
		clickNavigate(`main form button[type=submit]`), chromedp.WaitVisible(`a[href="`+ceePath+`"]`))
	step("fiche", chromedp.Navigate(srv.URL+ceePath+"/profil"), chromedp.WaitVisible("#profil-territoire"))
	checkAxe(t, ctx, ceePath+"/profil")
	step("compléter la fiche", chromedp.SetValue("#profil-territoire", "31, 81"), chromedp.SetValue("#profil-telephone", "05 61 00 00 00"),
		clickNavigate(`form[action$="/profil"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	if body := run(t, ctx, chromedp.Text("main")); !strings.Contains(body, "05 61 00 00 00") {
		t.Error("profile not saved")
	}
	logout()

	demoLogin("pilote@demo.example")
	step("annuaire", chromedp.Navigate(srv.URL+"/conseillers?q=electricite+voltaire"), chromedp.WaitVisible("#resultats"))
	checkAxe(t, ctx, "/conseillers")
	if res := run(t, ctx, chromedp.Text("#resultats")); !strings.Contains(res, "Voltaire") || !strings.Contains(res, "1 conseiller") {
		t.Errorf("directory search « electricite voltaire »: %q", res)
	}
	// Search as you type: htmx replaces the results.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector('#filtre-cee-q').value = ''`)); err != nil {
		t.Fatal(err)
	}
	// A query nobody matches: the count must change without submitting.
	step("recherche instantanée", chromedp.SendKeys("#filtre-cee-q", "introuvablexyz"))
	// One script reads both the count and the address, so that a swap by
	// htmx between two reads cannot detach the node being read; the wait is
	// bounded by stepTimeout, not by a count of tries, so that a loaded
	// machine only makes it slower.
	var typed, u string
	for deadline := time.Now().Add(stepTimeout); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		st, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[(document.querySelector('#resultats p[role=status]') || {}).textContent || '', location.search]`))
		if err != nil {
			t.Fatal(err)
		}
		typed, u = strings.TrimSpace(st[0]), st[1]
		if strings.HasPrefix(typed, "0 conseiller") && strings.Contains(u, "introuvablexyz") {
			break
		}
	}
	if !strings.HasPrefix(typed, "0 conseiller") {
		t.Errorf("search as you type: %q", typed)
	}
	if !strings.Contains(u, "introuvablexyz") {
		t.Errorf("the address bar does not follow the search: %q", u)
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}

// stepTimeout bounds one browser step. It only decides how long a broken
// step takes to fail: on a loaded 2-core machine a page behind a background
// job (a bilan, a mail) took more than 20 s, so the bound is generous and no
// step relies on being fast.
const stepTimeout = 90 * time.Second

// journey drives one browser through steps, each with its own timeout.
type journey struct {
	t   *testing.T
	ctx context.Context
	srv *apptest.Server
}

func (j journey) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	j.t.Helper()
	sctx, cancel := context.WithTimeout(j.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		j.t.Fatalf("%s : %v", name, err)
	}
}

// login signs in as an account from the demo login page; signed in, the
// header links to the account page.
func (j journey) login(email string) {
	j.t.Helper()
	c, err := j.srv.App.Store.GetCompteByEmail(context.Background(), email)
	if err != nil {
		j.t.Fatal(err)
	}
	j.step("connexion de démonstration "+email, chromedp.Navigate(j.srv.URL+"/dev/connexion"),
		clickNavigate(fmt.Sprintf(`form[action="/dev/connexion/%d"] button`, c.ID)), chromedp.WaitVisible(`.fr-header__tools-links a[href="/compte"]`))
}

// clickNavigate clicks sel and returns once the page it leads to has loaded.
// Click returns before the next page exists, and a selector the two pages
// share (h1, an alert, the header) would then be read on the old one: a mark
// set on the old document tells them apart. Reads during the navigation may
// fail (the old document is gone); they are retried until the step's
// timeout.
func clickNavigate(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := chromedp.Evaluate[bool](`window.ceeAvantClic = true`)(ctx, t); err != nil {
			return err
		}
		if _, err := chromedp.Click(sel)(ctx, t); err != nil {
			return err
		}
		for {
			st, err := chromedp.Evaluate[string](`(window.ceeAvantClic ? "ancienne " : "nouvelle ") + document.readyState`)(ctx, t)
			if err == nil && st == "nouvelle complete" {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("après un clic sur %s, la page suivante n'a pas chargé : %w", sel, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

func (j journey) logout() {
	j.t.Helper()
	j.step("déconnexion", clickNavigate(`.fr-header__tools-links form[action="/deconnexion"] button[type=submit]`), chromedp.WaitVisible("#lien-email"))
}

// newestMailTo returns the text of the newest mail to addr whose subject
// contains word.
func newestMailTo(srv *apptest.Server, addr, word string) (string, bool) {
	mails, _, err := srv.App.Store.ListMails(context.Background(), 50, 0)
	if err != nil {
		return "", false
	}
	for _, m := range mails {
		if len(m.Recipients) > 0 && m.Recipients[0] == addr && strings.Contains(m.Subject, word) {
			return m.Text, true
		}
	}
	return "", false
}
