package web_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"cee/internal/apptest"
)

var (
	navLinkPattern    = regexp.MustCompile(`class="fr-nav__link" href="([^"]+)"`)
	menuSansJSPattern = regexp.MustCompile(`(?s)<noscript><nav [^>]*id="navigation-sans-js".*?</nav></noscript>`)
	hrefPattern       = regexp.MustCompile(`href="([^"]+)"`)
)

// TestMenuByRole walks the header menu of every demo role, and of a
// visitor: each entry leads to a page of that role (200), and the plain
// list shown without JavaScript has exactly the same entries (issue 18
// item 3: menus that degrade to plain links).
func TestMenuByRole(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true, Dev: true})
	roles := []string{"", "admin", "lecteur", "pilote", "organisation", "conseiller", "professionnel", "etablissement", "inspecteur",
		"examens", "partenaire", "ien", "departement", "region", "tete-reseau"}
	for _, role := range roles {
		name := role
		if name == "" {
			name = "visiteur"
		}
		t.Run(name, func(t *testing.T) {
			c := newClient(t, srv)
			if role != "" {
				c.loginAs(demoEmail(role))
			}
			resp, body := c.get("/")
			if resp.StatusCode != 200 {
				t.Fatalf("home: %d", resp.StatusCode)
			}
			var menu []string
			for _, m := range navLinkPattern.FindAllStringSubmatch(body, -1) {
				menu = append(menu, html.UnescapeString(m[1]))
			}
			if len(menu) < 3 {
				t.Fatalf("%d menu entries: %v", len(menu), menu)
			}
			plain := menuSansJSPattern.FindString(body)
			if plain == "" {
				t.Fatal("no plain menu for browsers without JavaScript")
			}
			var sansJS []string
			for _, m := range hrefPattern.FindAllStringSubmatch(plain, -1) {
				sansJS = append(sansJS, html.UnescapeString(m[1]))
			}
			if strings.Join(sansJS, " ") != strings.Join(menu, " ") {
				t.Errorf("the menu without JavaScript differs:\n%v\nwant\n%v", sansJS, menu)
			}
			for _, href := range menu {
				if resp, _ := c.get(href); resp.StatusCode != 200 {
					t.Errorf("menu entry %s: %d", href, resp.StatusCode)
				}
			}
		})
	}
}
