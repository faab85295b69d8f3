package ui

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

func get(t *testing.T, h http.Handler, url string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestNewAssets(t *testing.T) {
	a := MustAssets(t)
	if !regexp.MustCompile(`^[0-9a-f]{8}$`).MatchString(a.hash) {
		t.Errorf("hash %q, want 8 hex digits", a.hash)
	}
	// The minimum set the layout and the CSS need; a bad run of the update
	// script that drops a folder fails here.
	for _, name := range []string{
		"dsfr/dsfr.min.css", "dsfr/dsfr.module.min.js", "dsfr/dsfr.nomodule.min.js",
		"dsfr/utility/icones.min.css", "dsfr/fonts/Marianne-Regular.woff2",
		"dsfr/icons/system/check-line.svg", "dsfr/favicon/favicon.svg", "dsfr/favicon/manifest.webmanifest",
		"dsfr/artwork/pictograms/system/technical-error.svg", "htmx/htmx.min.js", "app.css",
	} {
		if a.files[name] == nil {
			t.Errorf("%s is not embedded", name)
		}
	}
	// The version the package documents is the one embedded.
	if css := string(a.files["dsfr/dsfr.min.css"].body); !strings.Contains(css[:200], "DSFR v1.15.3") {
		t.Errorf("dsfr.min.css is not DSFR 1.15.3: %q", css[:120])
	}
	again, err := NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	if again.hash != a.hash {
		t.Errorf("hash not stable: %s then %s", a.hash, again.hash)
	}
}

func TestAssetsURLPanicsOnUnknownName(t *testing.T) {
	a := MustAssets(t)
	if got, want := a.URL("dsfr/dsfr.min.css"), "/static/"+a.hash+"/dsfr/dsfr.min.css"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	for _, name := range []string{"dsfr/dsfr.css", "/dsfr/dsfr.min.css", "dsfr", ""} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("URL(%q) did not panic", name)
				}
			}()
			a.URL(name)
		}()
	}
}

// staticURLs lists the /static/ URLs a rendered page refers to, without
// their #fragment (the artwork <use> elements point into SVG files).
func staticURLs(doc *html.Node) []string {
	var urls []string
	for _, n := range findAll(doc, func(*html.Node) bool { return true }) {
		for _, key := range []string{"href", "src"} {
			if v := attr(n, key); strings.HasPrefix(v, "/static/") {
				v, _, _ = strings.Cut(v, "#")
				urls = append(urls, v)
			}
		}
	}
	return urls
}

// Every static URL of every page is served, cached for ever, with its type.
func TestPageAssetsAreServedImmutable(t *testing.T) {
	a := MustAssets(t)
	h := a.Handler()
	seen := map[string]bool{}
	for name, page := range fullPages(t) {
		urls := staticURLs(MustParse(t, page))
		if len(urls) < 10 {
			t.Errorf("%s: only %d static URLs: %v", name, len(urls), urls)
		}
		for _, u := range urls {
			if seen[u] {
				continue
			}
			seen[u] = true
			rec := get(t, h, u)
			if rec.Code != http.StatusOK {
				t.Errorf("%s: GET %s = %d", name, u, rec.Code)
				continue
			}
			if got := rec.Header().Get("Cache-Control"); got != cacheImmutable {
				t.Errorf("GET %s: Cache-Control %q", u, got)
			}
			if want := contentTypes[path.Ext(u)]; rec.Header().Get("Content-Type") != want || want == "" {
				t.Errorf("GET %s: Content-Type %q, want %q", u, rec.Header().Get("Content-Type"), want)
			}
		}
	}
	for _, must := range []string{"dsfr/dsfr.min.css", "dsfr/dsfr.module.min.js", "dsfr/dsfr.nomodule.min.js", "htmx/htmx.min.js", "dsfr/favicon/favicon.ico"} {
		if !seen[a.URL(must)] {
			t.Errorf("no page loads %s", must)
		}
	}
}

func TestAssetsHandler(t *testing.T) {
	a := MustAssets(t)
	h := a.Handler()
	tests := []struct {
		url          string
		status       int
		contentType  string
		cacheControl string
	}{
		{"/static/" + a.hash + "/dsfr/fonts/Marianne-Regular.woff2", 200, "font/woff2", cacheImmutable},
		{"/static/" + a.hash + "/dsfr/fonts/Marianne-Bold.woff", 200, "font/woff", cacheImmutable},
		{"/static/" + a.hash + "/dsfr/dsfr.min.css", 200, "text/css; charset=utf-8", cacheImmutable},
		{"/static/" + a.hash + "/dsfr/dsfr.module.min.js", 200, "text/javascript; charset=utf-8", cacheImmutable},
		{"/static/" + a.hash + "/dsfr/icons/system/check-line.svg", 200, "image/svg+xml", cacheImmutable},
		{"/static/" + a.hash + "/dsfr/favicon/apple-touch-icon.png", 200, "image/png", cacheImmutable},
		{"/static/" + a.hash + "/dsfr/favicon/favicon.ico", 200, "image/vnd.microsoft.icon", cacheImmutable},
		{"/static/" + a.hash + "/dsfr/favicon/manifest.webmanifest", 200, "application/manifest+json", cacheImmutable},
		// Another version's hash: served, but not cached for ever.
		{"/static/0badc0de/dsfr/dsfr.min.css", 200, "text/css; charset=utf-8", cacheShort},
		{"/static/" + a.hash + "/dsfr/nothing.css", 404, "", ""},
		{"/static/" + a.hash + "/dsfr", 404, "", ""},
		{"/static/" + a.hash + "/dsfr/", 404, "", ""},
		{"/static/" + a.hash + "/../static/app.css", 404, "", ""},
		{"/static/dsfr/dsfr.min.css", 404, "", ""},
		{"/static/", 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			rec := get(t, h, tt.url)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if tt.status != 200 {
				return
			}
			if got := rec.Header().Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type %q, want %q", got, tt.contentType)
			}
			if got := rec.Header().Get("Cache-Control"); got != tt.cacheControl {
				t.Errorf("Cache-Control %q, want %q", got, tt.cacheControl)
			}
			if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			name := strings.SplitN(tt.url, "/", 4)[3]
			if !bytes.Equal(rec.Body.Bytes(), a.files[name].body) {
				t.Errorf("body differs from the embedded file")
			}
		})
	}
}

func TestAssetsGzipAndRevalidation(t *testing.T) {
	a := MustAssets(t)
	h := a.Handler()
	u := a.URL("dsfr/dsfr.min.css")

	rec := get(t, h, u, "Accept-Encoding", "gzip, deflate, br")
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("Content-Encoding %q, Vary %q", rec.Header().Get("Content-Encoding"), rec.Header().Get("Vary"))
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plain, a.files["dsfr/dsfr.min.css"].body) {
		t.Error("gunzipped body differs from the file")
	}
	if n := rec.Body.Len(); n != 0 {
		t.Errorf("%d bytes left after the gzip stream", n)
	}

	rec = get(t, h, u, "Accept-Encoding", "gzip;q=0, *")
	if rec.Header().Get("Content-Encoding") != "" {
		t.Error("gzip sent although refused with q=0")
	}
	// Icons are too small to be worth compressing.
	rec = get(t, h, a.URL("dsfr/icons/system/check-line.svg"), "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "" {
		t.Error("small SVG compressed")
	}

	rec = get(t, h, u)
	etag := rec.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if rec = get(t, h, u, "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", rec.Code)
	}
	gzETag := get(t, h, u, "Accept-Encoding", "gzip").Header().Get("ETag")
	if gzETag == etag {
		t.Error("the gzip and identity encodings share an ETag")
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := map[string]bool{
		"":                             false,
		"gzip":                         true,
		"GZIP":                         true,
		"deflate, gzip;q=1.0, *;q=0.5": true,
		"br":                           false,
		"*":                            true,
		"gzip;q=0":                     false,
		"gzip; q=0.000":                false,
		"gzip;q=0.1":                   true,
		"*;q=0":                        false,
		"gzip;q=0, *":                  false,
		"identity, x-gzip":             true,
	}
	for header, want := range tests {
		if got := AcceptsGzip(header); got != want {
			t.Errorf("AcceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

var cssURL = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)`)

// The CSS files find fonts and icons by relative URL: each one must be in the
// embedded tree at the same relative place, or the update script copied
// badly.
func TestCSSRelativeURLsExist(t *testing.T) {
	a := MustAssets(t)
	for _, css := range []string{"dsfr/dsfr.min.css", "dsfr/utility/icones.min.css", "app.css"} {
		refs := 0
		for _, m := range cssURL.FindAllStringSubmatch(string(a.files[css].body), -1) {
			ref := m[1] + m[2] + m[3]
			if strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "#") {
				continue
			}
			if strings.Contains(ref, "://") || strings.HasPrefix(ref, "/") {
				t.Errorf("%s refers to %s, outside the hashed tree", css, ref)
				continue
			}
			ref, _, _ = strings.Cut(ref, "?")
			ref, _, _ = strings.Cut(ref, "#")
			target := path.Join(path.Dir(css), ref)
			if a.files[target] == nil {
				t.Errorf("%s refers to %s (%s), not embedded", css, ref, target)
			}
			refs++
		}
		t.Logf("%s: %d relative URLs, all embedded", css, refs)
		if css == "dsfr/dsfr.min.css" && refs < 20 || css == "dsfr/utility/icones.min.css" && refs < 20 {
			t.Errorf("%s: only %d relative URLs found; the pattern no longer matches", css, refs)
		}
	}
	// The manifest names its icons relative to itself too.
	manifest := string(a.files["dsfr/favicon/manifest.webmanifest"].body)
	for _, m := range regexp.MustCompile(`"src":\s*"([^"]+)"`).FindAllStringSubmatch(manifest, -1) {
		if a.files[path.Join("dsfr/favicon", m[1])] == nil {
			t.Errorf("manifest icon %s not embedded", m[1])
		}
	}
}

// fullPages are the pages of the package, rendered with a layout that shows
// every part of the frame.
func fullPages(t testing.TB) map[string]templ.Component {
	l := testLayout(t)
	l.AccountName = "Claire Martin"
	l.Flash = &Flash{Kind: KindSuccess, Title: "Demande envoyée", Message: "Merci."}
	l.Dev = true
	l.Breadcrumb = []BreadcrumbItem{{Label: "Accueil", Href: "/"}, {Label: "Établissements"}}
	pages := map[string]templ.Component{
		"galerie":          GalleryPage(l),
		"accessibilite":    AccessibilitePage(l, "accessibilite@exemple.fr"),
		"mentions-legales": MentionsLegalesPage(l),
	}
	for _, status := range []int{400, 403, 404, 422, 429, 500, 503} {
		pages["erreur-"+http.StatusText(status)] = ErrorPage(l, status)
	}
	return pages
}

func BenchmarkNewAssets(b *testing.B) {
	for b.Loop() {
		if _, err := NewAssets(); err != nil {
			b.Fatal(err)
		}
	}
}
