package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"cee/internal/auth"
	"cee/internal/web/ui"
)

type ctxKey int

const stateKey ctxKey = iota

// requestState is what the middleware learns about a request. It sits in
// the request's context by pointer and the middleware fills it in place,
// rather than each layer passing on a copy made by r.WithContext: net/http
// removes the multipart temporary files of the request it created only,
// and ServeMux sets the route pattern on the request it dispatches only,
// so a copy made below observe would be parsed and labelled where nobody
// looks (issue 20, finding 4).
type requestState struct {
	id   string // on the 500 page and in every log line of the request
	log  *slog.Logger
	user *user
	// clientIP is read once, from the trusted proxies' X-Forwarded-For
	// entries (issue 20, finding 6).
	clientIP string
	// req is the request the route's handler received: the one whose form
	// was parsed and whose Pattern the mux set.
	req *http.Request
}

func stateOf(ctx context.Context) *requestState {
	st, _ := ctx.Value(stateKey).(*requestState)
	return st
}

// requestID is the id observe gave the request: on the 500 page and in
// every log line of the request, so a person's report finds the log.
func requestID(r *http.Request) string {
	if st := stateOf(r.Context()); st != nil {
		return st.id
	}
	return ""
}

// logger returns the request's logger (with its request id) or base.
func logger(ctx context.Context, base *slog.Logger) *slog.Logger {
	if st := stateOf(ctx); st != nil && st.log != nil {
		return st.log
	}
	return base
}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// statusRecorder keeps the status written, for logs and metrics.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe gives each request an id (kept from a load balancer's
// X-Request-Id when well-formed), logs it and counts it by route pattern.
// It makes the only copy of the request; when the handler is done it
// removes the temporary files of the form the handler parsed, which
// net/http would not see on a copy.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !requestIDPattern.MatchString(id) {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		l := s.log.With("request_id", id)
		st := &requestState{id: id, log: l, clientIP: auth.ClientIP(r, s.cfg.TrustedProxies)}
		r = r.WithContext(context.WithValue(r.Context(), stateKey, st))
		defer removeFormFiles(r, st)
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		d := time.Since(start)
		handled := r
		if st.req != nil {
			handled = st.req
		}
		pattern := handled.Pattern
		if pattern == "" {
			pattern = "(aucune)"
		}
		s.metrics.requests.WithLabelValues(pattern, strconv.Itoa(rec.status)).Inc()
		s.metrics.duration.WithLabelValues(pattern).Observe(d.Seconds())
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			return
		}
		l.Info("requête", "method", r.Method, "path", r.URL.Path, "pattern", pattern, "status", rec.status, "duration_ms", d.Milliseconds())
	})
}

// removeFormFiles deletes the temporary files of the multipart forms
// parsed on the request observe passed on and on the one the handler
// received, if another layer copied it.
func removeFormFiles(r *http.Request, st *requestState) {
	for _, req := range []*http.Request{r, st.req} {
		if req != nil && req.MultipartForm != nil {
			req.MultipartForm.RemoveAll()
		}
	}
}

// recoverPanics turns a panic into a 500 page instead of a dropped
// connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.fail(w, r, fmt.Errorf("panique : %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets the headers every response carries. HSTS only when
// the service is published over HTTPS: sending it on plain HTTP is ignored by
// browsers and would mislead.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	hsts := strings.HasPrefix(s.cfg.BaseURL, "https://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ui.ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}
