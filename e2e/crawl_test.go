package e2e

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
)

// crawlRoles are the demo accounts whose pages the crawl walks.
var crawlRoles = []string{"admin", "lecteur", "pilote", "organisation", "conseiller", "professionnel",
	"etablissement", "inspecteur", "examens", "partenaire", "departement", "region"}

// crawlPages is how many pages the crawl opens per role: its home, then
// pages of route patterns no role has opened yet, so that the whole test
// stays within about four minutes on a loaded machine (a page and its two
// axe runs took up to 18 s on a 2-core machine shared by eight builds).
// CEE_CRAWL_PAGES raises it for a full crawl.
func crawlPages() int {
	if n, err := strconv.Atoi(os.Getenv("CEE_CRAWL_PAGES")); err == nil && n > 0 {
		return n
	}
	return 4
}

// axeWCAG22AA runs the rules of WCAG 2.0, 2.1 and 2.2, levels A and AA.
const axeWCAG22AA = `{runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}, resultTypes: ["violations"]}`

var (
	segmentNombre = regexp.MustCompile(`^[0-9]+$`)
	segmentUAI    = regexp.MustCompile(`^[0-9]{7}[A-Za-z]$`)
)

// routePattern is a path with its identifiers replaced, so that the crawl
// opens one page of each kind: /conseillers/12 and /conseillers/40 are the
// same page.
func routePattern(path string) string {
	path, _, _ = strings.Cut(path, "?")
	path, _, _ = strings.Cut(path, "#")
	parts := strings.Split(path, "/")
	for i, p := range parts {
		switch {
		case segmentNombre.MatchString(p):
			parts[i] = "{id}"
		case segmentUAI.MatchString(p):
			parts[i] = "{uai}"
		}
	}
	return strings.Join(parts, "/")
}

// crawlable tells whether the crawl follows a link: pages of the
// application, not files, downloads, sign-out nor the developer's tools.
func crawlable(href string) bool {
	if !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") {
		return false
	}
	path, _, _ := strings.Cut(href, "?")
	for _, skip := range []string{"/static/", "/dev/", "/api/", "/suggestions/", "/connexion", "/deconnexion", "/invitation/", "/metrics", "/healthz", "/readyz"} {
		if strings.HasPrefix(path, skip) {
			return false
		}
	}
	for _, ext := range []string{".csv", ".xlsx", ".pdf", ".ics", ".json", ".zip", ".xml"} {
		if strings.HasSuffix(path, ext) {
			return false
		}
	}
	return !strings.Contains(path, "/export") && !strings.Contains(path, "/telecharger")
}

// The crawl: each demo role follows the links of its pages from its home,
// one page per route pattern (a pattern another role opened is skipped, the
// home excepted), and every page passes axe-core's WCAG 2.2 AA
// rules with no serious or critical violation at 1366 and at 390 px wide; no
// page it reaches by a link is an error page.
func TestCrawlAccessibilityInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	max := crawlPages()
	start := time.Now()
	seen := map[string]bool{} // route patterns opened, all roles together
	total := 0
	for _, role := range crawlRoles {
		t.Run(role, func(t *testing.T) {
			ctx, logs := browser(t)
			j := journey{t: t, ctx: ctx, srv: srv}
			j.login(role + "@demo.example")
			queue := []string{"/"}
			var opened []string
			from := map[string]string{"/": "(accueil)"}
			for len(queue) > 0 && len(opened) < max {
				page := queue[0]
				queue = queue[1:]
				pat := routePattern(page)
				if seen[pat] && page != "/" || slices.Contains(opened, pat) {
					continue
				}
				seen[pat] = true
				opened = append(opened, pat)
				total++
				j.step(page, chromedp.EmulateViewport(1366, 900), chromedp.Navigate(srv.URL+page), chromedp.WaitVisible("footer.fr-footer"))
				if h1 := run(t, ctx, chromedp.Evaluate[string](`(document.querySelector("h1") || {}).textContent || ""`)); h1 == "" ||
					strings.Contains(h1, "introuvable") || strings.Contains(h1, "refusé") || strings.Contains(h1, "Erreur") {
					t.Errorf("%s (lien de %s) : page d'erreur ou sans titre, h1 %q", page, from[page], strings.TrimSpace(h1))
				}
				checkAxeWith(t, ctx, page+" à 1366 px", axeWCAG22AA)
				j.step(page+" à 390 px", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
				checkAxeWith(t, ctx, page+" à 390 px", axeWCAG22AA)
				if errs := logs.take(); len(errs) > 0 {
					t.Errorf("%s : erreurs console %v", page, errs)
				}
				links := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href"))`))
				for _, href := range links {
					if crawlable(href) && !seen[routePattern(href)] {
						if _, ok := from[href]; !ok {
							from[href] = page
						}
						queue = append(queue, href)
					}
				}
			}
			t.Logf("%s : %d page(s) vérifiée(s) : %v", role, len(opened), opened)
		})
	}
	t.Logf("%d page(s) × 2 largeurs en %s", total, time.Since(start).Round(time.Second))
}
