// Package ui holds the DSFR interface's building blocks: the page layout, one
// templ component per DSFR element, the pages that do not depend on data
// (errors, legal notices), and the embedded static files with their
// content-hashed URLs.
package ui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ContentSecurityPolicy is the policy the server should send with every page.
//
// It needs no 'unsafe-inline': the pages have no inline script, style
// element or style attribute; DSFR's JavaScript only changes styles through
// the CSSOM (element.style.setProperty), which CSP does not restrict; htmx's
// injected <style> is turned off by the layout's htmx-config meta element.
// data: images are needed because DSFR's CSS draws its checkboxes, toggles
// and Marianne logo with data: SVG URLs. connect-src stays 'self' for the
// SVGs that DSFR fetches to inline them, and for htmx requests.
const ContentSecurityPolicy = "default-src 'self'; " +
	"img-src 'self' data:; " +
	"style-src 'self'; " +
	"script-src 'self'; " +
	"font-src 'self'; " +
	"connect-src 'self'; " +
	"manifest-src 'self'; " +
	"frame-ancestors 'none'; " +
	"base-uri 'self'; " +
	"form-action 'self'; " +
	"object-src 'none'"

//go:embed static
var staticFiles embed.FS

// Cache lifetimes of static files: a year (the longest browsers honour) when
// the URL carries the current hash, since the content can then never change;
// a minute otherwise, for a page rendered by another version of the server
// during a deployment, whose URLs carry another hash.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheShort     = "public, max-age=60"
)

// contentTypes is written out rather than taken from the mime package, whose
// table depends on the machine's /etc/mime.types (.webmanifest, .ico and
// .woff2 vary). A file with another extension fails NewAssets, so a stray file
// copied by the update script is noticed.
var contentTypes = map[string]string{
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/vnd.microsoft.icon",
	".webmanifest": "application/manifest+json",
}

// GzipMinSize is the size under which compressing is not worth a second
// round of work: the SVG icons are a few hundred bytes.
const GzipMinSize = 1024

// Assets serves the embedded static files under URLs that carry a hash of the
// whole tree (/static/<hash>/dsfr/dsfr.min.css), so browsers may cache them
// for ever. One hash for all files, rather than one per file, keeps the
// relative URLs inside the CSS (fonts, icons) working unchanged.
type Assets struct {
	hash  string
	files map[string]*asset
}

type asset struct {
	body        []byte
	contentType string

	// gz is the gzip encoding of body, made on the first request that accepts
	// it rather than at start-up, which stays a hash of the files only.
	gzOnce sync.Once
	gz     []byte
}

// NewAssets reads the embedded files and computes their hash. It takes a few
// milliseconds for the ~4 MB of files (see BenchmarkNewAssets).
func NewAssets() (*Assets, error) {
	root, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, err
	}
	a := &Assets{files: make(map[string]*asset)}
	h := sha256.New()
	var size [8]byte
	// WalkDir visits names in lexical order, so the hash does not depend on
	// the map's order.
	err = fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ct, ok := contentTypes[path.Ext(name)]
		if !ok {
			return fmt.Errorf("ui: static file %s: no content type for its extension", name)
		}
		body, err := fs.ReadFile(root, name)
		if err != nil {
			return err
		}
		// Name and length go into the hash too, so that moving bytes from one
		// file to the next, or renaming a file, changes it.
		h.Write([]byte(name))
		binary.BigEndian.PutUint64(size[:], uint64(len(body)))
		h.Write(size[:])
		h.Write(body)
		a.files[name] = &asset{body: body, contentType: ct}
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.hash = hex.EncodeToString(h.Sum(nil))[:8]
	return a, nil
}

// URL returns the path under which the static file name (relative to the
// static folder, e.g. "dsfr/dsfr.min.css") is served. It panics on a name
// that is not embedded: a typo then fails every test that renders the page,
// instead of shipping a page without its style sheet.
func (a *Assets) URL(name string) string {
	if a == nil {
		panic("ui: Assets is nil; build it with NewAssets")
	}
	if _, ok := a.files[name]; !ok {
		panic(fmt.Sprintf("ui: no static file %q", name))
	}
	return "/static/" + a.hash + "/" + name
}

// Handler serves /static/<hash>/<name>, to be mounted at /static/. Any hash
// is accepted, since a page may come from an older or newer version of the
// server during a deployment, but only the current one is cached for ever.
func (a *Assets) Handler() http.Handler {
	return http.HandlerFunc(a.serve)
}

func (a *Assets) serve(w http.ResponseWriter, r *http.Request) {
	rest, _ := strings.CutPrefix(r.URL.Path, "/static/")
	hash, name, ok := strings.Cut(rest, "/")
	f := a.files[name]
	if !ok || f == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	etag := `"` + a.hash
	if hash == a.hash {
		h.Set("Cache-Control", cacheImmutable)
	} else {
		h.Set("Cache-Control", cacheShort)
	}
	body := f.body
	if len(f.body) >= GzipMinSize && Compressible(f.contentType) {
		h.Add("Vary", "Accept-Encoding")
		if AcceptsGzip(r.Header.Get("Accept-Encoding")) {
			body = f.gzipped()
			h.Set("Content-Encoding", "gzip")
			etag += "-gz"
		}
	}
	// The ETag names the tree, so revalidation of a short-cached file costs a
	// 304 while the server has not changed.
	h.Set("ETag", etag+`"`)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}

// Compressible reports whether a response of this type gains from gzip:
// text (HTML, CSS, JavaScript, CSV), SVG and JSON, not images or fonts,
// which are compressed already.
func Compressible(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.TrimSpace(mt)
	return strings.HasPrefix(mt, "text/") || mt == "image/svg+xml" ||
		mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func (f *asset) gzipped() []byte {
	f.gzOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(f.body)
		zw.Close()
		f.gz = b.Bytes()
	})
	return f.gz
}

// AcceptsGzip reads an Accept-Encoding header: gzip, or else *, listed
// with a non-zero quality.
func AcceptsGzip(header string) bool {
	gzipQ, anyQ := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		q := 1.0
		for param := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(param), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip", "x-gzip":
			gzipQ = q
		case "*":
			anyQ = q
		}
	}
	// An explicit "gzip;q=0" wins over a "*" that would allow it.
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return anyQ > 0
}
