package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"cee/internal/apptest"
	"cee/internal/workflow"
)

// sansJS switches the page's scripts off, or back on.
func sansJS(off bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	})
}

// lienMenu returns the target of the one « Menu » skip link displayed when
// its target exists and is visible, else what is wrong.
const lienMenu = `(() => {
	const liens = [...document.querySelectorAll('.fr-skiplinks a')].filter(a => a.textContent.trim() === 'Menu' && a.getClientRects().length > 0);
	if (liens.length !== 1) return liens.length + ' lien(s) « Menu » affiché(s)';
	const href = liens[0].getAttribute('href');
	const cible = document.querySelector(href);
	if (!cible) return href + ' : cible absente';
	const r = cible.getBoundingClientRect();
	if (r.width === 0 || r.height === 0 || getComputedStyle(cible).visibility !== 'visible') return href + ' : cible invisible';
	return href;
})()`

// Without JavaScript the header's menu is a plain list of links under a
// visible heading, the « Menu » skip link leads to it, and the account
// links stay visible, at 1366 and at 390 px; with it, DSFR's menu is back,
// the skip link leads there and the plain list is not in the page (issue
// 18 item 3).
func TestMenuSansJavaScriptInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, _ := browser(t)
	j := journey{t, ctx, srv}
	j.login("pilote@demo.example")
	for _, w := range []int64{largeurBureau, largeurTelephone} {
		j.step(fmt.Sprintf("accueil sans JavaScript à %d px", w), viewport(w), sansJS(true),
			chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("#navigation-sans-js"))
		liens := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#navigation-sans-js a').length`))
		visibles := run(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('#navigation-sans-js a')].filter(a => a.getBoundingClientRect().width > 0 && getComputedStyle(a).visibility === 'visible').length`))
		if liens < 5 || visibles != liens {
			t.Errorf("%d px without JavaScript: %d of %d menu links visible", w, visibles, liens)
		}
		if d := run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.getElementById('bouton-menu')).display`)); d != "none" {
			t.Errorf("%d px without JavaScript: the menu button that needs it is shown (display %s)", w, d)
		}
		if !run(t, ctx, chromedp.Evaluate[bool](`document.querySelector('.fr-header__tools-links a[href="/compte"]').getBoundingClientRect().width > 0`)) {
			t.Errorf("%d px without JavaScript: no link to the account", w)
		}
		if titre := run(t, ctx, chromedp.Evaluate[string](`(() => {
			const nav = document.getElementById('navigation-sans-js');
			const h = document.getElementById(nav.getAttribute('aria-labelledby'));
			return h && h.getBoundingClientRect().height > 0 ? h.textContent.trim() : '';
		})()`)); titre != "Menu principal" {
			t.Errorf("%d px without JavaScript: the plain menu's visible heading is %q", w, titre)
		}
		if cible := run(t, ctx, chromedp.Evaluate[string](lienMenu)); cible != "#navigation-sans-js" {
			t.Errorf("%d px without JavaScript: the « Menu » skip link: %s", w, cible)
		}
		screenshot(t, ctx, fmt.Sprintf("menu-sans-js-%d", w))
	}
	j.step("accueil avec JavaScript à 390 px", sansJS(false), chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("#bouton-menu"))
	if run(t, ctx, chromedp.Evaluate[bool](`document.getElementById('navigation-sans-js') !== null`)) {
		t.Error("with JavaScript, the plain menu is in the page")
	}
	checkAxe(t, ctx, "/ (390 px)")
	// With the script, the skip link leads to DSFR's menu, shown on a
	// large screen.
	j.step("accueil avec JavaScript à 1366 px", viewport(largeurBureau), chromedp.Navigate(srv.URL+"/"), chromedp.WaitReady("#navigation"))
	if cible := run(t, ctx, chromedp.Evaluate[string](lienMenu)); cible != "#navigation" {
		t.Errorf("with JavaScript, the « Menu » skip link: %s", cible)
	}
}

// The widest tables fit a 1366 px screen, the page never scrolling
// sideways; every table is a focusable region, labelled, that the arrow
// keys scroll where it is wider than the screen, on a phone (RGAA 12.13,
// issue 18 item 3).
func TestTableauxA1366InChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, _ := browser(t)
	j := journey{t, ctx, srv}
	var session int64
	if err := srv.App.Store.DB().QueryRowContext(context.Background(), `SELECT MIN(id) FROM sessions_examen WHERE etat = 'publiee'`).Scan(&session); err != nil {
		t.Fatal(err)
	}
	type mesure struct {
		ID       string `json:"id"`
		Label    string `json:"label"`
		Role     string `json:"role"`
		Tabindex string `json:"tabindex"`
		Deborde  bool   `json:"deborde"`
	}
	for _, p := range []struct{ compte, path string }{
		{"examens", fmt.Sprintf("/jurys/%d", session)},
		{"pilote", "/conseillers"},
		{"pilote", "/conventions"},
		{"pilote", "/journal"},
		{"pilote", "/animation/evenements"},
	} {
		j.login(p.compte + "@demo.example")
		j.step(p.path+" à 1366 px", viewport(largeurBureau), chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(".fr-table"))
		if over := run(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`)); over > 0 {
			t.Errorf("%s at 1366 px: the page scrolls sideways by %d px", p.path, over)
		}
		tables := run(t, ctx, chromedp.Evaluate[[]mesure](`[...document.querySelectorAll('.fr-table__container')].map(c => ({
			id: c.closest('.fr-table').id, label: c.getAttribute('aria-label') || '', role: c.getAttribute('role') || '',
			tabindex: c.getAttribute('tabindex') || '', deborde: c.scrollWidth > c.clientWidth}))`))
		if len(tables) == 0 {
			t.Errorf("%s: no table measured", p.path)
		}
		for _, m := range tables {
			if m.Role != "region" || m.Tabindex != "0" || m.Label == "" {
				t.Errorf("%s, table %q: role %q, tabindex %q, label %q: want a labelled, focusable region", p.path, m.ID, m.Role, m.Tabindex, m.Label)
			}
			if m.Deborde {
				t.Errorf("%s, table %q: wider than its column at 1366 px", p.path, m.ID)
			}
		}
		screenshot(t, ctx, "tableaux-1366"+strings.NewReplacer("/", "-").Replace(p.path))
		if p.path == "/conseillers" {
			// On a phone the directory is wider than the screen: its
			// region scrolls with the arrow keys once focused.
			const premier = `document.querySelector('.fr-table__container')`
			j.step("/conseillers à 390 px, défilement au clavier", viewport(largeurTelephone), chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(".fr-table"),
				chromedp.Evaluate[chromedp.Void](premier+`.focus()`), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight))
			if !run(t, ctx, chromedp.Evaluate[bool](premier+`.scrollWidth > `+premier+`.clientWidth`)) {
				t.Error("/conseillers at 390 px: the table fits, the keyboard check measures nothing")
			} else {
				// The scroll is smooth: it takes a few frames.
				left := 0.0
				for range 30 {
					if left = run(t, ctx, chromedp.Evaluate[float64](premier+`.scrollLeft`)); left > 0 {
						break
					}
					time.Sleep(100 * time.Millisecond)
				}
				if left <= 0 {
					t.Error("/conseillers at 390 px: the arrow keys do not scroll the table")
				}
			}
			j.step("écran de bureau", viewport(largeurBureau))
		}
		j.logout()
	}
}

// The invitation's record field suggests, as one types, the records of the
// role chosen above it (issue 18 item 2, « no codes to type »): the script
// sends the form's role with what is typed.
func TestInvitationSuggestionsInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, _ := browser(t)
	j := journey{t, ctx, srv}
	bg := context.Background()
	pilote, err := srv.App.Store.GetCompteByEmail(bg, "pilote@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := srv.App.Store.ListOrganisations(bg, pilote.Habilitations[0].Academie)
	if err != nil || len(orgs) == 0 {
		t.Fatalf("demo organisations: %v", err)
	}
	org := orgs[0]
	j.login(pilote.Email)
	j.step("suggestions des organisations", chromedp.Navigate(srv.URL+"/comptes/inviter"), chromedp.WaitVisible("#inv-ref"),
		chromedp.SetValue("#inv-role", "organisation"), chromedp.SendKeys("#inv-ref", strings.Fields(org.Nom)[0]),
		chromedp.WaitVisible("#inv-ref-suggestions [role=option]"))
	options := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#inv-ref-suggestions [role=option]')].map(o => o.textContent.trim())`))
	want := workflow.LibelleFiche(org.Nom, org.ID)
	if !slices.Contains(options, want) {
		t.Errorf("suggestions %q lack %q", options, want)
	}
	checkAxe(t, ctx, "/comptes/inviter (suggestions)")
	// The role changes what is suggested: départements now.
	j.step("suggestions des départements", chromedp.SetValue("#inv-role", "departement"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#inv-ref').value = ''`),
		chromedp.SendKeys("#inv-ref", "garonne"))
	// The list of organisations is still shown until the new answer comes.
	for range 50 {
		options = run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#inv-ref-suggestions [role=option]')].map(o => o.textContent.trim())`))
		if slices.Contains(options, "Haute-Garonne (31)") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !slices.Contains(options, "Haute-Garonne (31)") {
		t.Errorf("département suggestions: %q", options)
	}
}
