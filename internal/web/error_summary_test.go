package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"cee/internal/apptest"
)

// summaryLinks reads the error summary at the top of a page: the fields it
// links to, in order, and whether it comes before the page's h1.
func summaryLinks(t *testing.T, body string) (hrefs []string, first bool) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	in, seenH1 := false, false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		enter := false
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case a.Key == "id" && a.Val == "erreurs-formulaire":
					in, enter, first = true, true, !seenH1
				case a.Key == "href" && in:
					hrefs = append(hrefs, a.Val)
				}
			}
			if n.Data == "h1" {
				seenH1 = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if enter {
			in = false
		}
	}
	walk(doc)
	return hrefs, first
}

// A refused form starts with the summary of its errors, each a link to its
// field, on real handlers of two roles (the summary is built by the layout
// from the fields, so a handler cannot forget it).
func TestRefusedFormsStartWithTheirErrors(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})

	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	resp, body := pilote.post("/conseillers/proposer", url.Values{"email": {"pas-une-adresse"}})
	hrefs, first := summaryLinks(t, body)
	if resp.StatusCode != http.StatusUnprocessableEntity || !first ||
		!containsAll(hrefs, "#prop-prenom", "#prop-nom", "#prop-email") {
		t.Fatalf("refused proposal: %d, summary first %v, links %v", resp.StatusCode, first, hrefs)
	}
	for _, h := range hrefs {
		if !strings.Contains(body, `id="`+strings.TrimPrefix(h, "#")+`"`) {
			t.Errorf("summary link %s leads to no element", h)
		}
	}

	cee := newClient(t, srv)
	compte := cee.loginAs(demoEmail("conseiller"))
	resp, body = cee.post("/conseillers/"+compte.Habilitations[0].Ref+"/profil", url.Values{"statut": {"patron"}})
	if hrefs, first := summaryLinks(t, body); resp.StatusCode != http.StatusUnprocessableEntity || !first || !containsAll(hrefs, "#prop-statut") {
		t.Fatalf("refused CEE profile: %d, summary first %v, links %v", resp.StatusCode, first, hrefs)
	}

	// A form shown without errors has no summary.
	if _, body := pilote.get("/conseillers/proposer"); strings.Contains(body, "erreurs-formulaire") {
		t.Error("error summary on a blank form")
	}
}

func containsAll(list []string, want ...string) bool {
	for _, w := range want {
		if !slices.Contains(list, w) {
			return false
		}
	}
	return true
}
