package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
)

// sansJS switches the page's scripts off, or back on.
func sansJS(off bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	})
}

// Without JavaScript the header's menu is a plain list of links, and the
// account links stay visible, at 1366 and at 390 px; with it, DSFR's menu
// is back and the plain list is not in the page (issue 18 item 3).
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
		screenshot(t, ctx, fmt.Sprintf("menu-sans-js-%d", w))
	}
	j.step("accueil avec JavaScript à 390 px", sansJS(false), chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("#bouton-menu"))
	if run(t, ctx, chromedp.Evaluate[bool](`document.getElementById('navigation-sans-js') !== null`)) {
		t.Error("with JavaScript, the plain menu is in the page")
	}
	checkAxe(t, ctx, "/ (390 px)")
}
