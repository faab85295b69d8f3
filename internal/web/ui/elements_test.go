package ui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

func TestTable(t *testing.T) {
	doc := MustParse(t, Table(galleryTable()))
	wrap := byClass(doc, "fr-table")[0]
	if !hasClass(wrap, "fr-table--bordered") || attr(wrap, "id") != "galerie-tableau-component" {
		t.Errorf("wrapper %v", wrap.Attr)
	}
	for _, class := range []string{"fr-table__wrapper", "fr-table__container", "fr-table__content"} {
		if len(byClass(doc, class)) != 1 {
			t.Errorf("no %s", class)
		}
	}
	if c := byTag(doc, "caption"); len(c) != 1 || !strings.HasPrefix(text(c[0]), "Établissements") {
		t.Error("no caption")
	}
	head := byTag(byTag(doc, "thead")[0], "th")
	if len(head) != 5 {
		t.Fatalf("%d column headers", len(head))
	}
	for _, th := range head {
		if attr(th, "scope") != "col" {
			t.Errorf("column header %q without scope=col", text(th))
		}
	}
	rows := byTag(byTag(doc, "tbody")[0], "tr")
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	first := rows[0]
	rowHeader := byTag(first, "th")
	if len(rowHeader) != 1 || attr(rowHeader[0], "scope") != "row" {
		t.Fatal("first cell is not a row header")
	}
	if a := byTag(rowHeader[0], "a"); len(a) != 1 || attr(a[0], "href") != "/etablissements/0690026D" || text(a[0]) != "Lycée Ampère" {
		t.Error("link cell not rendered as a link")
	}
	cells := byTag(first, "td")
	if !hasClass(cells[2], "fr-cell--right") || text(cells[2]) != "3" {
		t.Errorf("numeric cell %v %q", cells[2].Attr, text(cells[2]))
	}
	if len(byClass(cells[3], "fr-badge")) != 1 {
		t.Error("component cell not rendered")
	}

	doc = MustParse(t, Table(TableParams{Caption: "Sollicitations", CaptionHidden: true, Headers: []string{"A", "B", "C"}, Empty: "Aucune sollicitation."}))
	td := byTag(byTag(doc, "tbody")[0], "td")
	if len(td) != 1 || attr(td[0], "colspan") != "3" || text(td[0]) != "Aucune sollicitation." {
		t.Error("empty message not in one full-width cell")
	}
	if !hasClass(byClass(doc, "fr-table")[0], "fr-table--no-caption") {
		t.Error("hidden caption without fr-table--no-caption")
	}
	if byID(doc, "-component") != nil || hasAttr(byTag(doc, "table")[0], "id") {
		t.Error("ids rendered without an ID")
	}
}

func TestPageItems(t *testing.T) {
	tests := []struct {
		current, total int
		want           string // pages, 0 for a gap, * for those shown on small screens
	}{
		{1, 2, "1* 2*"},
		{1, 5, "1* 2 0 5*"},
		{3, 5, "1* 2 3* 4 5*"},
		{3, 12, "1* 2 3* 4 0 12*"},
		{6, 12, "1* 0 5 6* 7 0 12*"},
		{12, 12, "1* 0 11 12*"},
		{4, 7, "1* 0 3 4* 5 0 7*"},
	}
	for _, tt := range tests {
		var got []string
		for _, it := range pageItems(tt.current, tt.total) {
			s := fmt.Sprint(it.Page)
			if !it.Wide {
				s += "*"
			}
			if it.Page == 0 {
				s = "0"
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("pageItems(%d, %d) = %s, want %s", tt.current, tt.total, g, tt.want)
		}
	}
}

func TestPagination(t *testing.T) {
	href := func(p int) string { return fmt.Sprintf("/etablissements?academie=10&page=%d", p) }
	links := func(doc *html.Node) map[string]*html.Node {
		m := map[string]*html.Node{}
		for _, a := range byClass(doc, "fr-pagination__link") {
			m[text(a)] = a
		}
		return m
	}
	enabled := func(a *html.Node) bool { return hasAttr(a, "href") && !hasAttr(a, "aria-disabled") }

	// First page: first and previous disabled, next and last lead on.
	doc := MustParse(t, Pagination(PaginationParams{Current: 1, Total: 4, Href: href}))
	nav := byTag(doc, "nav")[0]
	if attr(nav, "aria-label") != "Pagination" || !hasClass(nav, "fr-pagination") {
		t.Errorf("nav %v", nav.Attr)
	}
	l := links(doc)
	for _, label := range []string{"Première page", "Page précédente"} {
		if enabled(l[label]) || attr(l[label], "aria-disabled") != "true" || attr(l[label], "role") != "link" {
			t.Errorf("page 1: %q should be disabled: %v", label, l[label].Attr)
		}
	}
	if attr(l["Page suivante"], "href") != href(2) || attr(l["Dernière page"], "href") != href(4) {
		t.Error("page 1: next or last link wrong")
	}
	if attr(l["1"], "aria-current") != "page" || hasAttr(l["1"], "href") {
		t.Errorf("current page link %v", l["1"].Attr)
	}
	if attr(l["2"], "href") != href(2) || hasAttr(l["2"], "aria-current") {
		t.Errorf("page 2 link %v", l["2"].Attr)
	}

	// Last page: the reverse.
	l = links(MustParse(t, Pagination(PaginationParams{Current: 4, Total: 4, Href: href, Label: "Pagination des résultats"})))
	for _, label := range []string{"Page suivante", "Dernière page"} {
		if enabled(l[label]) {
			t.Errorf("last page: %q should be disabled", label)
		}
	}
	if attr(l["Première page"], "href") != href(1) || attr(l["Page précédente"], "href") != href(3) {
		t.Error("last page: first or previous link wrong")
	}
	if attr(l["4"], "aria-current") != "page" {
		t.Error("page 4 not current")
	}

	// Middle page: all four lead somewhere; one current page only.
	doc = MustParse(t, Pagination(PaginationParams{Current: 6, Total: 12, Href: href}))
	l = links(doc)
	for label, page := range map[string]int{"Première page": 1, "Page précédente": 5, "Page suivante": 7, "Dernière page": 12} {
		if attr(l[label], "href") != href(page) {
			t.Errorf("page 6: %q = %q", label, attr(l[label], "href"))
		}
	}
	current := findAll(doc, func(n *html.Node) bool { return attr(n, "aria-current") == "page" })
	if len(current) != 1 || text(current[0]) != "6" {
		t.Error("want one current page, 6")
	}
	if l["…"] == nil {
		t.Error("no ellipsis for the gaps")
	}

	if out := MustRender(t, Pagination(PaginationParams{Current: 1, Total: 1, Href: href})); out != "" {
		t.Errorf("single page renders %q", out)
	}
}

func TestAlertBadgeTagClasses(t *testing.T) {
	tests := []struct {
		name  string
		c     templ.Component
		tag   string
		class string
		text  string
	}{
		{"alert success", Alert(AlertParams{Kind: KindSuccess, Title: "Envoyé", Message: "Merci."}), "div", "fr-alert fr-alert--success", "Envoyé Merci."},
		{"alert error", Alert(AlertParams{Kind: KindError, Title: "Erreur", Message: "Corrigez."}), "div", "fr-alert fr-alert--error", "Erreur Corrigez."},
		{"alert warning", Alert(AlertParams{Kind: KindWarning, Title: "Attention"}), "div", "fr-alert fr-alert--warning", "Attention"},
		{"alert small", Alert(AlertParams{Kind: KindInfo, Title: "ignoré", Message: "Mis à jour chaque nuit.", Small: true}), "div", "fr-alert fr-alert--info fr-alert--sm", "Mis à jour chaque nuit."},
		{"alert unknown kind", Alert(AlertParams{Kind: "danger", Message: "x"}), "div", "fr-alert", "x"},
		{"badge", Badge(BadgeParams{Label: "Brouillon"}), "p", "fr-badge", "Brouillon"},
		{"badge new", Badge(BadgeParams{Label: "Nouvelle", Kind: KindNew}), "p", "fr-badge fr-badge--new", "Nouvelle"},
		{"badge no icon", Badge(BadgeParams{Label: "Acceptée", Kind: KindSuccess, NoIcon: true, Small: true}), "p", "fr-badge fr-badge--success fr-badge--sm fr-badge--no-icon", "Acceptée"},
		{"tag", Tag(TagParams{Label: "Industrie"}), "p", "fr-tag", "Industrie"},
		{"tag link", Tag(TagParams{Label: "Santé", Href: "/?secteur=sante", Small: true}), "a", "fr-tag fr-tag--sm", "Santé"},
		{"button", Button(ButtonParams{Label: "Envoyer", Type: "submit"}), "button", "fr-btn", "Envoyer"},
		{"button secondary icon", Button(ButtonParams{Label: "Suivant", Kind: ButtonSecondary, Icon: "fr-icon-arrow-right-line", IconRight: true}), "button", "fr-btn fr-btn--secondary fr-icon-arrow-right-line fr-btn--icon-right", "Suivant"},
		{"button link", Button(ButtonParams{Label: "Exporter", Kind: ButtonTertiary, Href: "/export.csv", Small: true}), "a", "fr-btn fr-btn--tertiary fr-btn--sm", "Exporter"},
	}
	for _, tt := range tests {
		doc := MustParse(t, tt.c)
		body := byTag(doc, "body")[0]
		el := body.FirstChild
		if el == nil || el.Data != tt.tag || attr(el, "class") != tt.class || text(el) != tt.text {
			t.Errorf("%s: got <%s class=%q> %q", tt.name, el.Data, attr(el, "class"), text(el))
		}
	}
	// Alert titles are headings at the requested level.
	doc := MustParse(t, Alert(AlertParams{Kind: KindInfo, Title: "Titre", HeadingLevel: 2}))
	if h := byTag(doc, "h2"); len(h) != 1 || !hasClass(h[0], "fr-alert__title") {
		t.Error("no h2 title")
	}
	if len(byTag(MustParse(t, Alert(AlertParams{Title: "Titre"})), "h3")) != 1 {
		t.Error("default title level is not h3")
	}
	// A button's default type does not submit its form.
	b := byTag(MustParse(t, Button(ButtonParams{Label: "Ouvrir"})), "button")[0]
	if attr(b, "type") != "button" {
		t.Errorf("default button type %q", attr(b, "type"))
	}
	a := byTag(MustParse(t, Button(ButtonParams{Label: "Exporter", Href: "/x", Disabled: true})), "a")[0]
	if hasAttr(a, "href") || attr(a, "aria-disabled") != "true" {
		t.Errorf("disabled link button %v", a.Attr)
	}
}

func TestButtonGroup(t *testing.T) {
	doc := MustParse(t, ButtonGroup([]ButtonParams{
		{Label: "Précédent", Icon: "fr-icon-arrow-left-line", Small: true},
		{Label: "Valider", Small: true, Type: "submit"},
	}))
	ul := byTag(doc, "ul")[0]
	if attr(ul, "class") != "fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left" {
		t.Errorf("group class %q", attr(ul, "class"))
	}
	if n := len(byTag(ul, "li")); n != 2 {
		t.Errorf("%d items", n)
	}
}

func TestModal(t *testing.T) {
	c := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		body := templ.Raw(`<p id="corps">Le lycée sera prévenu.</p>`)
		return Modal(ModalParams{ID: "decliner", Title: "Décliner la sollicitation", OpenLabel: "Décliner…", Footer: galleryModalFooter()}).Render(templ.WithChildren(ctx, body), w)
	})
	doc := MustParse(t, c)
	open := byTag(doc, "button")[0]
	if attr(open, "aria-controls") != "decliner" || attr(open, "data-fr-opened") != "false" || text(open) != "Décliner…" {
		t.Errorf("opening button %v", open.Attr)
	}
	dialog := byTag(doc, "dialog")
	if len(dialog) != 1 || attr(dialog[0], "id") != "decliner" || !hasClass(dialog[0], "fr-modal") {
		t.Fatal("no dialog.fr-modal#decliner")
	}
	title := byID(doc, attr(dialog[0], "aria-labelledby"))
	if title == nil || title.Data != "h2" || text(title) != "Décliner la sollicitation" {
		t.Error("dialog not labelled by its h2 title")
	}
	closeBtn := byClass(dialog[0], "fr-btn--close")
	if len(closeBtn) != 1 || attr(closeBtn[0], "aria-controls") != "decliner" {
		t.Error("no close button controlling the dialog")
	}
	if p := byID(doc, "corps"); p == nil || ancestor(p, "fr-modal__content") == nil {
		t.Error("children not in the modal's content")
	}
	if f := byClass(dialog[0], "fr-modal__footer"); len(f) != 1 || len(byTag(f[0], "button")) != 2 {
		t.Error("footer buttons missing")
	}
}

func TestStepper(t *testing.T) {
	titles := []string{"Établissement", "Besoin", "Disponibilités"}
	doc := MustParse(t, Stepper(StepperParams{Current: 2, Titles: titles}))
	steps := byClass(doc, "fr-stepper__steps")[0]
	if attr(steps, "data-fr-current-step") != "2" || attr(steps, "data-fr-steps") != "3" {
		t.Errorf("steps %v", steps.Attr)
	}
	h := byTag(doc, "h2")
	if len(h) != 1 || text(h[0]) != "Besoin Étape 2 sur 3" {
		t.Errorf("title %q", text(h[0]))
	}
	if d := byClass(doc, "fr-stepper__details"); len(d) != 1 || text(d[0]) != "Étape suivante : Disponibilités" {
		t.Error("next step not announced")
	}
	doc = MustParse(t, Stepper(StepperParams{Current: 3, Titles: titles, HeadingLevel: 3}))
	if len(byClass(doc, "fr-stepper__details")) != 0 {
		t.Error("next step shown on the last step")
	}
	if len(byTag(doc, "h3")) != 1 {
		t.Error("heading level not applied")
	}
}

func TestBreadcrumb(t *testing.T) {
	doc := MustParse(t, Breadcrumb([]BreadcrumbItem{{Label: "Accueil", Href: "/"}, {Label: "Établissements", Href: "/etablissements"}, {Label: "Lycée Ampère", Href: "/ignoré"}}))
	nav := byTag(doc, "nav")[0]
	if !hasClass(nav, "fr-breadcrumb") || attr(nav, "aria-label") == "" {
		t.Errorf("nav %v", nav.Attr)
	}
	btn := byClass(doc, "fr-breadcrumb__button")[0]
	if byID(doc, attr(btn, "aria-controls")) == nil || attr(btn, "aria-expanded") != "false" {
		t.Error("collapse button broken")
	}
	links := byClass(doc, "fr-breadcrumb__link")
	var current []string
	for _, a := range links {
		if attr(a, "aria-current") == "page" {
			current = append(current, text(a))
			if hasAttr(a, "href") {
				t.Error("current crumb has a link")
			}
		} else if attr(a, "href") == "" {
			t.Errorf("crumb %q has no link", text(a))
		}
	}
	if strings.Join(current, ",") != "Lycée Ampère" {
		t.Errorf("current crumbs %v", current)
	}
}
