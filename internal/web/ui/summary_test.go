package ui

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

// refusedForm is a form as the handlers render it when it is refused: some
// fields with their message, others without.
func refusedForm(withErrors bool) templ.Component {
	msg := func(m string) string {
		if withErrors {
			return m
		}
		return ""
	}
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		if _, err := io.WriteString(w, `<div class="fr-container"><h1>Nouvelle demande</h1><form method="post">`); err != nil {
			return err
		}
		for _, c := range []templ.Component{
			Input(InputParams{ID: "d-titre", Name: "titre", Label: "Titre", Error: msg("Indiquez un titre.")}),
			Input(InputParams{ID: "d-lieu", Name: "lieu", Label: "Lieu"}),
			Select(SelectParams{ID: "d-type", Name: "type", Label: "Type", Options: []Option{{Value: "a", Label: "A"}}, Error: msg("Choisissez un type.")}),
			RadioGroup(RadioGroupParams{ID: "d-public", Name: "public", Legend: "Public", Options: []Option{{Value: "x", Label: "X"}, {Value: "y", Label: "Y"}}, Error: msg("Choisissez le public.")}),
			Upload(UploadParams{ID: "d-fichier", Name: "fichier", Label: "Annexe", Error: msg("Le fichier dépasse 10 Mo.")}),
		} {
			if err := c.Render(ctx, w); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `</form></div>`)
		return err
	})
}

func renderWith(t *testing.T, content templ.Component) *html.Node {
	t.Helper()
	l := testLayout(t)
	l.Title = "Nouvelle demande"
	return MustParse(t, templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return Page(l).Render(templ.WithChildren(ctx, content), w)
	}))
}

func TestRefusedFormStartsWithErrorSummary(t *testing.T) {
	doc := renderWith(t, refusedForm(true))

	summary := byID(doc, "erreurs-formulaire")
	if summary == nil {
		t.Fatal("no error summary on a refused form")
	}
	if got := text(byClass(summary, "fr-alert__title")[0]); got != "Le formulaire contient 4 erreurs" {
		t.Errorf("summary title %q", got)
	}
	if !hasAttr(summary, "autofocus") || attr(summary, "tabindex") != "-1" {
		t.Error("the summary does not take the focus when the page loads")
	}
	// One link per field in error, in the order of the form, to an element
	// that exists and is the field (the first choice for a group).
	want := []struct{ href, text string }{
		{"#d-titre", "Titre : Indiquez un titre."},
		{"#d-type", "Type : Choisissez un type."},
		{"#d-public-1", "Public : Choisissez le public."},
		{"#d-fichier", "Annexe : Le fichier dépasse 10 Mo."},
	}
	links := byTag(summary, "a")
	if len(links) != len(want) {
		t.Fatalf("%d links in the summary, want %d", len(links), len(want))
	}
	for i, w := range want {
		if attr(links[i], "href") != w.href || text(links[i]) != w.text {
			t.Errorf("link %d: %q → %q, want %q → %q", i, text(links[i]), attr(links[i], "href"), w.text, w.href)
		}
		target := byID(doc, strings.TrimPrefix(w.href, "#"))
		if target == nil || (target.Data != "input" && target.Data != "select") {
			t.Errorf("link %s leads to no field", w.href)
		}
	}
	// The summary comes before the page's content, inside <main>.
	main := byTag(doc, "main")[0]
	var order []string
	for _, n := range findAll(main, func(n *html.Node) bool { return attr(n, "id") == "erreurs-formulaire" || n.Data == "h1" }) {
		order = append(order, n.Data)
	}
	if strings.Join(order, ",") != "div,h1" {
		t.Errorf("summary and h1 in order %v, want the summary first", order)
	}
	if got := text(byTag(doc, "title")[0]); got != "Erreur : Nouvelle demande - "+ServiceName {
		t.Errorf("title %q: a refused form's page starts with « Erreur : »", got)
	}
}

func TestFormWithoutErrorsHasNoSummary(t *testing.T) {
	doc := renderWith(t, refusedForm(false))
	if byID(doc, "erreurs-formulaire") != nil {
		t.Error("error summary on a form without errors")
	}
	if got := text(byTag(doc, "title")[0]); got != "Nouvelle demande - "+ServiceName {
		t.Errorf("title %q", got)
	}
	if !strings.Contains(text(byTag(doc, "main")[0]), "Nouvelle demande") {
		t.Error("content not rendered")
	}
}
