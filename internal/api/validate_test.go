package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"cee/internal/api"
)

// validator checks every response the tests receive against the OpenAPI
// document the server itself publishes: the operation is found by its
// path, the status must be documented for it, the body must match the
// schema of that status and the documented headers must be present.
type validator struct {
	t        *testing.T
	doc      api.Document
	mux      *http.ServeMux // pattern → operation, to find which one a request hit
	compiler *jsonschema.Compiler

	mu       sync.Mutex
	schemas  map[string]*jsonschema.Schema
	seen     map[string]bool // operationId → answered at least once
	problems []string
}

const docURL = "https://cee.invalid/openapi.json"

func newValidator(t *testing.T, raw []byte) *validator {
	t.Helper()
	v := &validator{t: t, mux: http.NewServeMux(), schemas: map[string]*jsonschema.Schema{}, seen: map[string]bool{}}
	if err := json.Unmarshal(raw, &v.doc); err != nil {
		t.Fatalf("document OpenAPI illisible : %v", err)
	}
	if v.doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q, want 3.1.0", v.doc.OpenAPI)
	}
	any, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	v.compiler = jsonschema.NewCompiler()
	v.compiler.DefaultDraft(jsonschema.Draft2020)
	v.compiler.AssertFormat()
	if err := v.compiler.AddResource(docURL, any); err != nil {
		t.Fatal(err)
	}
	for path, ops := range v.doc.Paths {
		for method, op := range ops {
			id := op.OperationID
			v.mux.HandleFunc(strings.ToUpper(method)+" "+api.Prefix+path, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Operation", id)
			})
		}
	}
	return v
}

// pointer escapes one JSON-pointer token, for a URL fragment.
func pointer(tok string) string {
	tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
	return url.PathEscape(tok)
}

func (v *validator) schema(loc string) (*jsonschema.Schema, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if s, ok := v.schemas[loc]; ok {
		return s, nil
	}
	s, err := v.compiler.Compile(loc)
	if err == nil {
		v.schemas[loc] = s
	}
	return s, err
}

func (v *validator) fail(format string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

// check validates one response; body is its full content.
func (v *validator) check(req *http.Request, resp *http.Response, body []byte) {
	if !strings.HasPrefix(req.URL.Path, api.Prefix+"/") {
		return
	}
	probe := httptest.NewRecorder()
	r2 := req.Clone(req.Context())
	r2.URL = &url.URL{Path: req.URL.Path}
	h, pattern := v.mux.Handler(r2)
	if pattern == "" {
		// No operation at this path: the API answers 404 or 405 with a
		// problem; only check that it is one.
		if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed {
			v.fail("%s %s : aucune opération documentée, statut %d", req.Method, req.URL.Path, resp.StatusCode)
		}
		return
	}
	h.ServeHTTP(probe, r2)
	id := probe.Header().Get("X-Operation")
	method, path, _ := strings.Cut(pattern, " ")
	path = strings.TrimPrefix(path, api.Prefix)
	op := v.doc.Paths[path][strings.ToLower(method)]
	v.mu.Lock()
	v.seen[id] = true
	v.mu.Unlock()
	status := strconv.Itoa(resp.StatusCode)
	doc, ok := op.Responses[status]
	if !ok {
		v.fail("%s %s (%s) : statut %d non documenté", req.Method, req.URL.Path, id, resp.StatusCode)
		return
	}
	for name, h := range doc.Headers {
		if h.Required && resp.Header.Get(name) == "" {
			v.fail("%s %s (%s) : en-tête %s documenté pour %d mais absent", req.Method, req.URL.Path, id, name, resp.StatusCode)
		}
	}
	if len(doc.Content) == 0 {
		if len(bytes.TrimSpace(body)) > 0 {
			v.fail("%s %s (%s) : corps inattendu pour %d", req.Method, req.URL.Path, id, resp.StatusCode)
		}
		return
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if _, ok := doc.Content[mt]; !ok {
		v.fail("%s %s (%s) : type %q non documenté pour %d", req.Method, req.URL.Path, id, mt, resp.StatusCode)
		return
	}
	loc := docURL + "#/paths/" + pointer(path) + "/" + strings.ToLower(method) + "/responses/" + status + "/content/" + pointer(mt) + "/schema"
	sch, err := v.schema(loc)
	if err != nil {
		v.fail("%s : schéma introuvable : %v", loc, err)
		return
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		v.fail("%s %s (%s) : JSON illisible : %v\n%s", req.Method, req.URL.Path, id, err, body)
		return
	}
	if err := sch.Validate(inst); err != nil {
		v.fail("%s %s (%s) %d : réponse non conforme au document :\n%v\n%s", req.Method, req.URL.Path, id, resp.StatusCode, err, truncate(body))
	}
}

func truncate(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// report fails the test with every problem seen.
func (v *validator) report() {
	v.t.Helper()
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, p := range v.problems {
		v.t.Error(p)
	}
}

// transport validates every response going through it.
type transport struct {
	v    *validator
	base http.RoundTripper
}

func (tr transport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := tr.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	tr.v.check(req, resp, body)
	return resp, nil
}
