package ui

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

var (
	assetsOnce   sync.Once
	sharedAssets *Assets
	assetsErr    error
)

// MustAssets returns the embedded assets, read once for the whole test run.
func MustAssets(t testing.TB) *Assets {
	t.Helper()
	assetsOnce.Do(func() { sharedAssets, assetsErr = NewAssets() })
	if assetsErr != nil {
		t.Fatal(assetsErr)
	}
	return sharedAssets
}

// testLayout is a signed-out layout with two navigation items, the second
// active.
func testLayout(t testing.TB) Layout {
	return Layout{
		Title:  "Établissements",
		Assets: MustAssets(t),
		Nav: []NavItem{
			{Label: "Accueil", Href: "/"},
			{Label: "Établissements", Href: "/etablissements", Active: true},
		},
	}
}

// MustRender renders c and fails the test on a render error.
func MustRender(t testing.TB, c templ.Component) string {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatalf("render: %v", err)
	}
	return b.String()
}

// MustParse renders c and parses the result as the body of a document (or
// as a whole document when it is one).
func MustParse(t testing.TB, c templ.Component) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(MustRender(t, c)))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

// findAll returns the elements under n, n included, for which keep is true,
// in document order.
func findAll(n *html.Node, keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && keep(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byTag(n *html.Node, tags ...string) []*html.Node {
	return findAll(n, func(n *html.Node) bool {
		for _, t := range tags {
			if n.Data == t {
				return true
			}
		}
		return false
	})
}

// byClass returns the elements that have class among their classes.
func byClass(n *html.Node, class string) []*html.Node {
	return findAll(n, func(n *html.Node) bool { return hasClass(n, class) })
}

func byID(n *html.Node, id string) *html.Node {
	found := findAll(n, func(n *html.Node) bool { return attr(n, "id") == id })
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasClass(n *html.Node, class string) bool {
	return n.Type == html.ElementNode && containsField(attr(n, "class"), class)
}

func containsField(list, word string) bool {
	for _, f := range strings.Fields(list) {
		if f == word {
			return true
		}
	}
	return false
}

// text is the element's text content with white space collapsed; elements
// are separated by a space, as a block or a <br> would show them.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			b.WriteString(" ")
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// ancestor returns the closest ancestor of n with class, or nil.
func ancestor(n *html.Node, class string) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if hasClass(p, class) {
			return p
		}
	}
	return nil
}
