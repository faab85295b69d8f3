package e2e

import (
	"context"
	"strings"
	"testing"

	"cee/internal/apptest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// weight is what Chromium transferred for the current page (Resource
// Timing): transferSize counts the bytes on the wire, 0 for a cache hit.
type weight struct {
	Total, HTML, HTMLDecoded, Fonts, Static float64
	Files                                   int
	Fetched                                 []string
}

const weightJS = `document.fonts.ready.then(() => new Promise(r => setTimeout(r, 300))).then(() => {
	const nav = performance.getEntriesByType("navigation")[0];
	const res = performance.getEntriesByType("resource");
	const sum = (f) => res.filter(f).reduce((s, e) => s + e.transferSize, 0);
	return {Total: nav.transferSize + sum(() => true), HTML: nav.transferSize, HTMLDecoded: nav.decodedBodySize,
		Fonts: sum(e => /\.woff2?$/.test(e.name)), Static: sum(e => e.name.includes("/static/")), Files: res.length,
		Fetched: res.filter(e => e.name.includes("/static/") && e.transferSize > 0).map(e => e.name.replace(/.*\/static\/[^/]+\//, "") + " " + e.transferSize)};
})`

// Pages go out compressed, and the static files (fingerprinted, cached
// for a year) are fetched once per visit: the next page takes them from the
// cache, only the icons it uses for the first time come (issue 18, item 7). The cold weight is logged for
// docs/benchmarks.md.
func TestPageWeightInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, _ := browser(t)
	fetched := map[string]string{} // static file → the page that fetched it
	for i, page := range []string{"/", "/etablissements", "/statistiques"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page), chromedp.WaitVisible("header.fr-header")); err != nil {
			t.Fatal(err)
		}
		w := run(t, ctx, chromedp.Evaluate[weight](weightJS, chromedp.EvalAwaitPromise))
		t.Logf("%s : %.0f octets transférés (%d fichiers ; polices %.0f, fichiers statiques %.0f), HTML %.0f pour %.0f décompressés",
			page, w.Total, w.Files, w.Fonts, w.Static, w.HTML, w.HTMLDecoded)
		if w.HTML >= w.HTMLDecoded {
			t.Errorf("%s: the HTML went out uncompressed (%.0f bytes for %.0f)", page, w.HTML, w.HTMLDecoded)
		}
		if i == 0 && w.Static == 0 {
			t.Fatalf("%s: no static file transferred with an empty cache: the measure is broken", page)
		}
		for _, f := range w.Fetched {
			name, _, _ := strings.Cut(f, " ")
			if first, ok := fetched[name]; ok {
				t.Errorf("%s: %s fetched again (first on %s), want it from the cache", page, f, first)
			}
			fetched[name] = page
		}
	}
}

// poidsFroid is the budget of a cold page (empty cache): its HTML and
// every file it loads, compressed as they travel. The target is 250 KB;
// 175 KB of a page are the three weights of Marianne it uses, which only
// subsetting the fonts brings under it (docs/benchmarks.md): until that is
// decided, the budget holds what the page weighs now, against a
// regression.
const poidsFroid = 340_000

// A cold page — the public home, and a CEE's home as they open it from a
// mail on their phone — weighs its HTML and every file it loads, as
// Chromium transferred them with an empty cache (issue 18, item 7; the
// figures go to docs/benchmarks.md).
func TestPoidsPageFroideInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	for _, tc := range []struct{ name, compte string }{{"/ (anonyme)", ""}, {"/ (conseiller)", "conseiller@demo.example"}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, _ := browser(t)
			j := journey{t: t, ctx: ctx, srv: srv}
			if tc.compte != "" {
				j.step("écran de bureau pour la connexion", viewport(largeurBureau))
				j.login(tc.compte)
			}
			j.step("cache vidé", viewport(largeurTelephone), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, network.ClearBrowserCache, cdp.Empty{})
				return err
			}), chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("header.fr-header"))
			w := run(t, ctx, chromedp.Evaluate[weight](weightJS, chromedp.EvalAwaitPromise))
			t.Logf("%s : %.0f octets transférés (%d fichiers ; polices %.0f, fichiers statiques %.0f), HTML %.0f pour %.0f décompressés ; %v",
				tc.name, w.Total, w.Files, w.Fonts, w.Static, w.HTML, w.HTMLDecoded, w.Fetched)
			if w.Static == 0 {
				t.Fatal("no static file transferred with an empty cache: the measure is broken")
			}
			if w.Total > poidsFroid {
				t.Errorf("%s: %.0f bytes transferred cold, budget %d", tc.name, w.Total, poidsFroid)
			}
		})
	}
}
