package e2e

import (
	"strings"
	"testing"

	"cee/internal/apptest"

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
