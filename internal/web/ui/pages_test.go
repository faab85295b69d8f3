package ui

import (
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
)

func TestErrorPage(t *testing.T) {
	titles := map[int]string{
		400: "Demande incorrecte",
		403: "Accès refusé",
		404: "Page non trouvée",
		422: "Informations non valides",
		429: "Trop de demandes",
		500: "Erreur inattendue",
		503: "Service indisponible",
		418: "Demande non traitée",
		502: "Erreur inattendue",
	}
	for status, want := range titles {
		l := testLayout(t)
		l.Title = "Erreur Not Found" // what a caller may pass: replaced
		doc := MustParse(t, ErrorPage(l, status))
		h1 := byTag(doc, "h1")
		if len(h1) != 1 || text(h1[0]) != want {
			t.Errorf("%d: h1 %v, want %q", status, h1, want)
			continue
		}
		main := byTag(doc, "main")[0]
		body := text(main)
		if !strings.Contains(body, "Erreur "+strconv.Itoa(status)) {
			t.Errorf("%d: code not shown", status)
		}
		e := errorTextFor(status)
		if e.Lead == "" || e.Advice == "" || !strings.Contains(body, e.Advice) {
			t.Errorf("%d: no advice", status)
		}
		home := false
		for _, a := range byClass(main, "fr-btn") {
			home = home || attr(a, "href") == "/"
		}
		if !home {
			t.Errorf("%d: no button back home", status)
		}
		if got := text(byTag(doc, "title")[0]); !strings.HasPrefix(got, want+" (erreur "+strconv.Itoa(status)+")") {
			t.Errorf("%d: title %q", status, got)
		}
	}
}

func TestLegalPages(t *testing.T) {
	l := testLayout(t)
	tests := []struct {
		name  string
		page  *pageCheck
		texts []string
	}{
		{"accessibilite", &pageCheck{AccessibilitePage(l, "accessibilite@exemple.fr"), "Déclaration d’accessibilité"}, []string{
			"non conforme", "RGAA", "article 47 de la loi n° 2005-102", "Défenseur des droits", "Libre réponse 71120",
			"documents PDF produits par le service", "ne sont pas balisés", "accessibilite@exemple.fr", "WCAG 2.2",
		}},
		{"mentions-legales", &pageCheck{MentionsLegalesPage(l), "Mentions légales"}, []string{
			"ministère de l’Éducation nationale", "110 rue de Grenelle", "Hébergement", "licence etalab-2.0",
		}},
	}
	for _, tt := range tests {
		doc := MustParse(t, tt.page.c)
		if h1 := byTag(doc, "h1"); len(h1) != 1 || text(h1[0]) != tt.page.h1 {
			t.Errorf("%s: h1 %q", tt.name, text(h1[0]))
		}
		if got := text(byTag(doc, "title")[0]); got != tt.page.h1+" - "+ServiceName {
			t.Errorf("%s: title %q", tt.name, got)
		}
		body := text(byTag(doc, "main")[0])
		for _, s := range tt.texts {
			if !strings.Contains(body, s) {
				t.Errorf("%s: missing %q", tt.name, s)
			}
		}
		for _, placeholder := range []string{"[", "À MODIFIER", "TODO", "XXX", "Lorem"} {
			if strings.Contains(body, placeholder) {
				t.Errorf("%s: placeholder %q left in the text", tt.name, placeholder)
			}
		}
		// Links opening a new window say so (RGAA 13.2).
		for _, a := range byTag(doc, "a") {
			if attr(a, "target") == "_blank" && !strings.Contains(attr(a, "title"), "nouvelle fenêtre") {
				t.Errorf("%s: link %q opens a window without saying so", tt.name, text(a))
			}
		}
	}
}

type pageCheck struct {
	c interface {
		Render(ctx context.Context, w io.Writer) error
	}
	h1 string
}

func TestGalleryShowsEveryComponent(t *testing.T) {
	doc := MustParse(t, GalleryPage(testLayout(t)))
	for _, class := range []string{
		"fr-input-group--error", "fr-select-group", "fr-radio-group", "fr-checkbox-group", "fr-fieldset--error",
		"fr-table", "fr-pagination", "fr-alert--success", "fr-alert--sm", "fr-badge--new", "fr-tag",
		"fr-modal", "fr-stepper", "fr-breadcrumb", "fr-btn--secondary", "fr-btns-group",
	} {
		if len(byClass(doc, class)) == 0 {
			t.Errorf("the gallery shows no %s", class)
		}
	}
	if len(byTag(doc, "textarea")) == 0 {
		t.Error("the gallery shows no textarea")
	}
}
