package ui

import (
	"bytes"
	"context"
	"html"
	"io"

	"github.com/a-h/templ"
)

// ServiceName is the service's title in the header, the page titles and the
// legal pages.
const ServiceName = "Réseau des conseillers entreprises pour l'École"

// ServiceTagline is the line under the service's title in the header.
const ServiceTagline = "Mobiliser les professionnels au service des élèves"

// Kinds of alerts, flashes and badges, as DSFR names their modifiers.
const (
	KindSuccess = "success"
	KindInfo    = "info"
	KindWarning = "warning"
	KindError   = "error"
	KindNew     = "new" // badges only
)

// NavItem is an entry of the header's main navigation: a link, or a
// DSFR sub-menu (a button that opens Items) when Items is not empty.
type NavItem struct {
	Label, Href string
	// Active marks the section of the current page (aria-current="page");
	// on a sub-menu, that one of its links is.
	Active bool
	Items  []NavItem
}

// Menu groups items under label; a group of one is just that link, so
// that no one opens a menu to find a single entry.
func Menu(label string, items ...NavItem) []NavItem {
	if len(items) < 2 {
		return items
	}
	return []NavItem{{Label: label, Items: items}}
}

// Flash is a message carried over a redirect and shown once, at the top of
// the next page's content.
type Flash struct {
	Kind           string // KindSuccess, KindInfo, KindWarning or KindError
	Title, Message string
}

// BreadcrumbItem is a step of the breadcrumb. The last item is the current
// page: its Href is not used.
type BreadcrumbItem struct {
	Label, Href string
}

// Layout is the data of the frame around every page.
type Layout struct {
	// Title names the page; the browser's title adds the service's name.
	Title string
	// NonLues is the number of unread notifications of the signed-in
	// person (the header's link to the notification centre).
	NonLues int
	// ErrorDetail, on an error page, says what exactly was wrong with the
	// request (a filter's value…), in French, so the person can fix it.
	ErrorDetail string
	// RequestID, on a 500 page, is the request's id, for the person to
	// quote to the support: the log line of the error carries it.
	RequestID string
	Assets    *Assets
	// Nav is the main navigation, chosen by the caller from the user's role.
	Nav   []NavItem
	Flash *Flash
	// Dev shows a badge next to the service's title, so a development
	// server is not taken for the real one.
	Dev bool
	// AccountName is the signed-in user's name; empty when nobody is.
	AccountName string
	// AccountRole is the label of the active role, shown next to the name.
	AccountRole string
	Breadcrumb  []BreadcrumbItem
}

// pageTitle follows RGAA 8.6: the page's own title first, then the site's.
// A page whose form was refused starts with « Erreur : », so that a screen
// reader says it first (RGAA 11.10).
func pageTitle(l Layout, refused bool) string {
	t := ServiceName
	if l.Title != "" {
		t = l.Title + " - " + ServiceName
	}
	if refused {
		t = "Erreur : " + t
	}
	return t
}

// htmxConfig keeps htmx within the CSP: no injected <style> (app.css has the
// indicator rules) and no eval, which script-src 'self' would refuse anyway,
// so hx-on and js: values fail with a clear htmx:evalDisallowedError.
const htmxConfig = `{"includeIndicatorStyles":false,"allowEval":false}`

// Element ids used by the skip links.
const (
	idContent    = "contenu"
	idNavigation = "navigation"
	// idNavigationSansJS is the menu's plain list when JavaScript does not
	// run (navSansJS).
	idNavigationSansJS = "navigation-sans-js"
	idFooter           = "pied-de-page"
)

func validKind(kind string) bool {
	switch kind {
	case KindSuccess, KindInfo, KindWarning, KindError:
		return true
	}
	return false
}

// htmxKey is the context key of the page's htmx detector.
type htmxKey struct{}

// htmxDetector watches what a page writes for an htmx attribute (hx-get,
// hx-trigger…): the layout, whose scripts come after the content, loads
// htmx (17 KB compressed) only on the pages that use it.
type htmxDetector struct {
	w    io.Writer
	seen bool
	tail []byte // the last bytes written, for an attribute split across writes
}

var hxAttr = []byte(" hx-")

func (d *htmxDetector) Write(p []byte) (int, error) {
	if !d.seen {
		// The attribute within p, or across the previous write and p.
		edge := append(d.tail, p[:min(len(p), len(hxAttr)-1)]...)
		d.seen = bytes.Contains(p, hxAttr) || bytes.Contains(edge, hxAttr)
		d.tail = append(d.tail[:0], edge[max(0, len(edge)-len(hxAttr)+1):]...)
		if len(p) >= len(hxAttr)-1 {
			d.tail = append(d.tail[:0], p[len(p)-len(hxAttr)+1:]...)
		}
	}
	return d.w.Write(p)
}

// WithHTMXDetection returns the context and writer to render a page with:
// its layout then loads htmx only if the content used an hx- attribute.
// A page rendered without it loads htmx, to be safe.
func WithHTMXDetection(ctx context.Context, w io.Writer) (context.Context, io.Writer) {
	d := &htmxDetector{w: w}
	return context.WithValue(ctx, htmxKey{}, d), d
}

// htmxScript is htmx's script element when the page used htmx. It flushes
// templ's buffer first, so that the detector has seen all the content.
func htmxScript(src string) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		if f, ok := w.(interface{ Flush() error }); ok {
			if err := f.Flush(); err != nil {
				return err
			}
		}
		if d, ok := ctx.Value(htmxKey{}).(*htmxDetector); ok && !d.seen {
			return nil
		}
		_, err := io.WriteString(w, `<script src="`+html.EscapeString(src)+`"></script>`)
		return err
	})
}
