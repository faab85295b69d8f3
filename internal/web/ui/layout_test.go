package ui

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

func renderPage(t *testing.T, l Layout) *html.Node {
	t.Helper()
	return MustParse(t, templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return Page(l).Render(templ.WithChildren(ctx, templ.Raw(`<div class="fr-container"><h1>Établissements</h1></div>`)), w)
	}))
}

func TestPageFrame(t *testing.T) {
	doc := renderPage(t, testLayout(t))

	htmlEl := byTag(doc, "html")[0]
	if attr(htmlEl, "lang") != "fr" || attr(htmlEl, "data-fr-scheme") != "system" {
		t.Errorf("html attributes %v", htmlEl.Attr)
	}
	if got := text(byTag(doc, "title")[0]); got != "Établissements - "+ServiceName {
		t.Errorf("title %q", got)
	}
	if len(findAll(doc, func(n *html.Node) bool { return n.Data == "meta" && attr(n, "name") == "viewport" })) != 1 {
		t.Error("no viewport meta")
	}
	main := byTag(doc, "main")
	if len(main) != 1 || attr(main[0], "id") != "contenu" {
		t.Fatalf("want one <main id=contenu>, got %d", len(main))
	}
	if !strings.Contains(text(main[0]), "Établissements") {
		t.Error("children not rendered inside main")
	}

	header := byClass(doc, "fr-header")
	if len(header) != 1 {
		t.Fatal("no DSFR header")
	}
	if got := text(byClass(header[0], "fr-logo")[0]); got != "République Française" {
		t.Errorf("bloc-marque %q", got)
	}
	if got := text(byClass(header[0], "fr-header__service-title")[0]); got != ServiceName {
		t.Errorf("service title %q", got)
	}
	if got := text(byClass(header[0], "fr-header__service-tagline")[0]); got != ServiceTagline {
		t.Errorf("tagline %q", got)
	}

	// Skip links lead to elements that exist.
	skip := byClass(doc, "fr-skiplinks")
	if len(skip) != 1 {
		t.Fatal("no skip links")
	}
	var labels []string
	for _, a := range byTag(skip[0], "a") {
		labels = append(labels, text(a))
		target := strings.TrimPrefix(attr(a, "href"), "#")
		if byID(doc, target) == nil {
			t.Errorf("skip link %q leads to #%s, which does not exist", text(a), target)
		}
	}
	if strings.Join(labels, ",") != "Contenu,Menu,Pied de page" {
		t.Errorf("skip links %v", labels)
	}

	// Navigation: the active item alone has aria-current.
	nav := byClass(doc, "fr-nav__link")
	if len(nav) != 2 {
		t.Fatalf("%d nav links", len(nav))
	}
	if hasAttr(nav[0], "aria-current") || attr(nav[1], "aria-current") != "page" {
		t.Errorf("aria-current on %q=%q, %q=%q", text(nav[0]), attr(nav[0], "aria-current"), text(nav[1]), attr(nav[1], "aria-current"))
	}
	if attr(byID(doc, "bouton-menu"), "aria-controls") != "menu-principal" || byID(doc, "menu-principal") == nil {
		t.Error("the menu button does not control the menu")
	}

	// Footer links.
	footer := byTag(doc, "footer")
	if len(footer) != 1 || attr(footer[0], "id") != "pied-de-page" || !hasClass(footer[0], "fr-footer") {
		t.Fatal("no fr-footer#pied-de-page")
	}
	links := map[string]string{}
	for _, a := range byClass(footer[0], "fr-footer__bottom-link") {
		links[text(a)] = attr(a, "href")
	}
	for label, href := range map[string]string{
		"Accessibilité : non conforme": "/accessibilite",
		"Mentions légales":             "/mentions-legales",
		"Données personnelles":         "/donnees-personnelles",
	} {
		if links[label] != href {
			t.Errorf("footer link %q = %q, want %q", label, links[label], href)
		}
	}

	// Scripts: DSFR as module and nomodule, nothing inline.
	var module, nomodule bool
	for _, s := range byTag(doc, "script") {
		switch {
		case attr(s, "type") == "module" && strings.HasSuffix(attr(s, "src"), "/dsfr/dsfr.module.min.js"):
			module = true
		case hasAttr(s, "nomodule") && strings.HasSuffix(attr(s, "src"), "/dsfr/dsfr.nomodule.min.js"):
			nomodule = true
		}
	}
	if !module || !nomodule {
		t.Errorf("DSFR scripts: module %v, nomodule %v", module, nomodule)
	}

	// Signed out: a sign-in link, no sign-out form.
	tools := byClass(doc, "fr-header__tools-links")[0]
	if a := byTag(tools, "a"); len(a) != 1 || attr(a[0], "href") != "/connexion" || text(a[0]) != "Se connecter" {
		t.Errorf("signed-out tools: %q", text(tools))
	}
	if len(byTag(tools, "form")) != 0 {
		t.Error("sign-out form shown to a signed-out user")
	}
	if len(byClass(doc, "fr-alert")) != 0 || len(byClass(doc, "fr-breadcrumb")) != 0 || len(byClass(doc, "fr-badge")) != 0 {
		t.Error("flash, breadcrumb or dev badge shown without being asked for")
	}
}

func TestPageSignedInWithFlashAndBreadcrumb(t *testing.T) {
	l := testLayout(t)
	l.AccountName = "Claire Martin"
	l.Flash = &Flash{Kind: KindSuccess, Title: "Demande envoyée", Message: "Le conseiller vous répondra sous huit jours."}
	l.Dev = true
	l.Breadcrumb = []BreadcrumbItem{{Label: "Accueil", Href: "/"}, {Label: "Établissements", Href: "/etablissements"}, {Label: "Lycée Ampère"}}
	doc := renderPage(t, l)

	tools := byClass(doc, "fr-header__tools-links")[0]
	if !strings.Contains(text(tools), "Claire Martin") {
		t.Errorf("account name missing from %q", text(tools))
	}
	forms := byTag(tools, "form")
	if len(forms) != 1 || attr(forms[0], "method") != "post" || attr(forms[0], "action") != "/deconnexion" {
		t.Fatal("want one POST form to /deconnexion")
	}
	if b := byTag(forms[0], "button"); len(b) != 1 || attr(b[0], "type") != "submit" || text(b[0]) != "Se déconnecter" {
		t.Error("the sign-out form has no « Se déconnecter » submit button")
	}
	if a := byTag(tools, "a"); len(a) != 2 || attr(a[0], "href") != "/notifications" || attr(a[1], "href") != "/compte" {
		t.Error("signed-in user: want two links, to /notifications and /compte, and no sign-in link")
	}
	if a := byTag(tools, "a"); len(a) > 0 && text(a[0]) != "Notifications" {
		t.Errorf("notification link with nothing unread: %q", text(a[0]))
	}
	l.NonLues = 3
	if a := byTag(byClass(renderPage(t, l), "fr-header__tools-links")[0], "a"); len(a) == 0 || text(a[0]) != "Notifications (3 non lues)" {
		t.Error("notification link does not show the count")
	}

	alert := byClass(doc, "fr-alert")
	if len(alert) != 1 || !hasClass(alert[0], "fr-alert--success") || byTag(doc, "main")[0] != ancestorTag(alert[0], "main") {
		t.Fatal("flash not rendered as a success alert inside main")
	}
	if got := text(alert[0]); got != "Demande envoyée Le conseiller vous répondra sous huit jours." {
		t.Errorf("flash text %q", got)
	}
	// The flash comes before the page's h1: its title is no heading.
	if len(byTag(alert[0], "h2", "h3", "h4")) != 0 {
		t.Error("flash title is a heading")
	}

	crumbs := byClass(doc, "fr-breadcrumb__link")
	if len(crumbs) != 3 {
		t.Fatalf("%d breadcrumb links", len(crumbs))
	}
	last := crumbs[2]
	if attr(last, "aria-current") != "page" || hasAttr(last, "href") || text(last) != "Lycée Ampère" {
		t.Errorf("last crumb: %v", last.Attr)
	}
	if attr(crumbs[1], "href") != "/etablissements" || hasAttr(crumbs[1], "aria-current") {
		t.Errorf("middle crumb: %v", crumbs[1].Attr)
	}
	if badge := byClass(doc, "fr-badge"); len(badge) != 1 || text(badge[0]) != "Développement" {
		t.Error("no development badge")
	}
}

func TestPageWithoutNavHasNoMenuSkipLink(t *testing.T) {
	l := testLayout(t)
	l.Nav = nil
	doc := renderPage(t, l)
	for _, a := range byTag(byClass(doc, "fr-skiplinks")[0], "a") {
		if byID(doc, strings.TrimPrefix(attr(a, "href"), "#")) == nil {
			t.Errorf("skip link %q leads nowhere", text(a))
		}
	}
}

func TestFlashKinds(t *testing.T) {
	for _, kind := range []string{KindSuccess, KindInfo, KindWarning, KindError} {
		l := testLayout(t)
		l.Flash = &Flash{Kind: kind, Title: "Titre", Message: "Message"}
		if a := byClass(renderPage(t, l), "fr-alert--"+kind); len(a) != 1 {
			t.Errorf("flash %s: no fr-alert--%s", kind, kind)
		}
	}
}

// The CSP is script-src 'self' and style-src 'self': no page may hold an
// inline script, an event handler attribute, a style element or a style
// attribute. Ids must be unique, for labels and ARIA references to work.
func TestPagesRespectCSPAndHaveUniqueIDs(t *testing.T) {
	for name, page := range fullPages(t) {
		doc := MustParse(t, page)
		ids := map[string]bool{}
		for _, n := range findAll(doc, func(*html.Node) bool { return true }) {
			if n.Data == "script" && (attr(n, "src") == "" || n.FirstChild != nil) {
				t.Errorf("%s: inline script", name)
			}
			if n.Data == "style" {
				t.Errorf("%s: <style> element", name)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || strings.HasPrefix(a.Key, "hx-on") {
					t.Errorf("%s: attribute %s on <%s>", name, a.Key, n.Data)
				}
				if (a.Key == "href" || a.Key == "src" || a.Key == "action") && strings.HasPrefix(strings.ToLower(a.Val), "javascript:") {
					t.Errorf("%s: javascript: URL", name)
				}
			}
			if id := attr(n, "id"); id != "" {
				if ids[id] {
					t.Errorf("%s: duplicate id %q", name, id)
				}
				ids[id] = true
			}
		}
		// Every ARIA reference points at an element of the page.
		for _, n := range findAll(doc, func(*html.Node) bool { return true }) {
			for _, key := range []string{"aria-controls", "aria-labelledby", "aria-describedby", "for"} {
				for _, ref := range strings.Fields(attr(n, key)) {
					if !ids[ref] {
						t.Errorf("%s: %s=%q on <%s> refers to no element", name, key, ref, n.Data)
					}
				}
			}
		}
		if h1 := byTag(doc, "h1"); len(h1) != 1 || text(h1[0]) == "" {
			t.Errorf("%s: want exactly one non-empty h1, got %d", name, len(h1))
		}
	}
}

func TestContentSecurityPolicy(t *testing.T) {
	directives := map[string]string{}
	for _, d := range strings.Split(ContentSecurityPolicy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	for name, want := range map[string]string{
		"default-src":     "'self'",
		"script-src":      "'self'",
		"style-src":       "'self'",
		"img-src":         "'self' data:",
		"font-src":        "'self'",
		"frame-ancestors": "'none'",
		"base-uri":        "'self'",
		"form-action":     "'self'",
		"object-src":      "'none'",
	} {
		if directives[name] != want {
			t.Errorf("%s = %q, want %q", name, directives[name], want)
		}
	}
	if strings.Contains(ContentSecurityPolicy, "unsafe") {
		t.Error("the policy allows unsafe-*")
	}
}

func ancestorTag(n *html.Node, tag string) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return p
		}
	}
	return nil
}
