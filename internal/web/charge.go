package web

import (
	"cmp"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"cee/internal/web/ui"
)

// messageSurcharge is the detail of the 503 page of a shed request.
const messageSurcharge = "Le service reçoit en ce moment plus de demandes qu'il ne peut en traiter : réessayez dans quelques secondes. Rien de ce que vous avez déjà enregistré n'est perdu."

// retryAfterSurcharge is the Retry-After of a shed request, in seconds: an
// overload passes in seconds, a person retries about then.
const retryAfterSurcharge = 5

// limitConcurrency sheds load: at most cfg.RequetesSimultanees requests are
// served at once; the next one waits at most cfg.AttenteMax for a place and
// otherwise gets a 503 at once, rather than queueing for tens of seconds
// behind requests the server cannot finish either (issue 21). The probes of
// the load balancer (/healthz, /readyz), the metrics and the static files
// (in memory, a few microseconds) are never shed: a busy instance is not a
// dead one. Nor are the login routes (/connexion…): they have admission
// control of their own (per-address and per-e-mail limits, the password
// hashing line answering 429), and a burst of attempts on them must not
// take the places of the people already signed in.
func (s *Server) limitConcurrency(next http.Handler) http.Handler {
	n := s.cfg.RequetesSimultanees
	if n <= 0 {
		return next
	}
	slots := make(chan struct{}, n)
	wait := s.cfg.AttenteMax
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if neverShed(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case slots <- struct{}{}:
		default:
			t := time.NewTimer(wait)
			select {
			case slots <- struct{}{}:
				t.Stop()
			case <-t.C:
				s.metrics.shed.Inc()
				s.overloaded(w, r)
				return
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		defer func() { <-slots }()
		next.ServeHTTP(w, r)
	})
}

func neverShed(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/metrics" || strings.HasPrefix(path, "/static/") ||
		path == "/connexion" || strings.HasPrefix(path, "/connexion/")
}

// overloaded answers a shed request: the DSFR 503 page, or a problem
// document on the API.
func (s *Server) overloaded(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfterSurcharge))
	if r.URL.Path == "/api/v1" || strings.HasPrefix(r.URL.Path, "/api/v1/") {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": "Service surchargé",
			"status": http.StatusServiceUnavailable, "detail": messageSurcharge})
		return
	}
	// No session is read: the page costs nothing the overload lacks.
	l := s.layout(r, "Service surchargé")
	l.ErrorDetail = messageSurcharge
	s.renderError(w, r, http.StatusServiceUnavailable, l)
}

// gzipWriters are reused: a gzip.Writer holds about 800 KB of tables.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return zw
}}

// compress sends pages, API answers and exports gzip-compressed when the
// client accepts it and the type gains from it (HTML is about a fifth of
// its size compressed). Static files are compressed once by ui.Assets.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Add("Vary", "Accept-Encoding")
		if !ui.AcceptsGzip(r.Header.Get("Accept-Encoding")) {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipResponseWriter{ResponseWriter: w}
		defer gw.finish()
		next.ServeHTTP(gw, r)
	})
}

// gzipResponseWriter holds the first bytes of a response until it knows
// whether compressing is worth it: a compressible type, a status with a
// body, no encoding set by the handler, and at least ui.GzipMinSize bytes
// (or a Flush, for streamed exports).
type gzipResponseWriter struct {
	http.ResponseWriter
	status  int
	buf     []byte
	decided bool
	zw      *gzip.Writer // nil: sent as is
}

func (g *gzipResponseWriter) WriteHeader(code int) {
	if g.status != 0 {
		return
	}
	if code >= 100 && code < 200 {
		g.ResponseWriter.WriteHeader(code)
		return
	}
	g.status = code
	h := g.Header()
	if code == http.StatusNoContent || code == http.StatusNotModified || code == http.StatusPartialContent ||
		h.Get("Content-Encoding") != "" || !ui.Compressible(h.Get("Content-Type")) {
		g.decide(false)
	}
}

func (g *gzipResponseWriter) Write(b []byte) (int, error) {
	if g.status == 0 {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(b))
		}
		g.WriteHeader(http.StatusOK)
	}
	if !g.decided {
		g.buf = append(g.buf, b...)
		if len(g.buf) < ui.GzipMinSize {
			return len(b), nil
		}
		if err := g.decide(true); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	if g.zw != nil {
		return g.zw.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

// decide sends the headers, compressed or not, then what was held.
func (g *gzipResponseWriter) decide(gz bool) error {
	if g.decided {
		return nil
	}
	g.decided = true
	h := g.Header()
	if gz {
		h.Del("Content-Length")
		h.Set("Content-Encoding", "gzip")
		// A strong ETag names the identity bytes, not the gzip ones.
		if e := h.Get("ETag"); e != "" && !strings.HasPrefix(e, "W/") {
			h.Set("ETag", "W/"+e)
		}
		g.zw = gzipWriters.Get().(*gzip.Writer)
		g.zw.Reset(g.ResponseWriter)
	}
	g.ResponseWriter.WriteHeader(cmp.Or(g.status, http.StatusOK))
	if len(g.buf) == 0 {
		return nil
	}
	var err error
	if g.zw != nil {
		_, err = g.zw.Write(g.buf)
	} else {
		_, err = g.ResponseWriter.Write(g.buf)
	}
	g.buf = nil
	return err
}

// Flush sends what is held: a streamed export shows its first lines.
func (g *gzipResponseWriter) Flush() {
	if g.status == 0 {
		g.WriteHeader(http.StatusOK)
	}
	g.decide(len(g.buf) > 0)
	if g.zw != nil {
		g.zw.Flush()
	}
	http.NewResponseController(g.ResponseWriter).Flush()
}

func (g *gzipResponseWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// finish ends the response: a short body goes out as is.
func (g *gzipResponseWriter) finish() {
	if g.status == 0 {
		return // nothing written: net/http sends its empty 200
	}
	g.decide(false)
	if g.zw != nil {
		g.zw.Close()
		g.zw.Reset(nil)
		gzipWriters.Put(g.zw)
	}
}
