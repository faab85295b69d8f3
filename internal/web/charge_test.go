package web_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/config"
)

// Under overload a request waits at most CEE_ATTENTE_MAX, then gets a 503
// page in French with Retry-After; the load balancer's probes still answer.
func TestOverloadIsShedFast(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Configure: func(c *config.Config) {
		c.RequetesSimultanees = 1
		c.AttenteMax = 50 * time.Millisecond
	}})
	// A slow upload holds the only place: its handler waits for the body.
	pr, pw := io.Pipe()
	held := make(chan *http.Response, 1)
	go func() {
		req, _ := http.NewRequest("POST", srv.URL+"/reponse/jeton-de-test", pr)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			held <- nil
			return
		}
		resp.Body.Close()
		held <- resp
	}()
	pw.Write([]byte("motif="))

	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	// The slow request may take its place a moment after it is sent.
	deadline := time.Now().Add(10 * time.Second)
	var resp *http.Response
	var body string
	for {
		resp, body = get("/accessibilite")
		if resp.StatusCode == http.StatusServiceUnavailable || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("with the only place taken: %d, want 503", resp.StatusCode)
	}
	if resp.Header.Get("Retry-After") != "5" || !strings.Contains(body, "réessayez dans quelques secondes") ||
		resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("503 page: Retry-After %q, CSP %q, body has no French advice:\n%s", resp.Header.Get("Retry-After"), resp.Header.Get("Content-Security-Policy"), body)
	}
	// The probes and the login page have no place to wait for.
	for _, probe := range []string{"/healthz", "/readyz", "/connexion"} {
		if resp, _ := get(probe); resp.StatusCode != http.StatusOK {
			t.Errorf("%s while overloaded: %d, want 200", probe, resp.StatusCode)
		}
	}
	if resp, _ := get("/api/v1/etablissements"); resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("API while overloaded: %d %s, want a 503 problem", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The place freed, pages answer again.
	pw.Write([]byte("Autre"))
	pw.Close()
	if r := <-held; r == nil || r.StatusCode == http.StatusServiceUnavailable {
		t.Fatalf("the request holding the place: %v", r)
	}
	if resp, _ := get("/accessibilite"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the overload: %d, want 200", resp.StatusCode)
	}
}

// Pages go out gzip-compressed to a client that accepts it, as they are to
// one that does not.
func TestPagesAreCompressed(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	fetch := func(path, accept string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept) // set by hand: the transport then leaves the body as sent
		}
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	for _, path := range []string{"/", "/statistiques", "/api/v1/openapi.json"} {
		plain, body := fetch(path, "")
		if plain.StatusCode != http.StatusOK || plain.Header.Get("Content-Encoding") != "" {
			t.Fatalf("%s without Accept-Encoding: %d, encoding %q", path, plain.StatusCode, plain.Header.Get("Content-Encoding"))
		}
		gz, zbody := fetch(path, "gzip, deflate, br")
		if gz.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(gz.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("%s: encoding %q, vary %q, want gzip", path, gz.Header.Get("Content-Encoding"), gz.Header.Get("Vary"))
		}
		zr, err := gzip.NewReader(strings.NewReader(string(zbody)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		unz, err := io.ReadAll(zr)
		if err != nil || string(unz) != string(body) {
			t.Errorf("%s: the gzip body does not give the page back (%v)", path, err)
		}
		if len(zbody)*2 > len(body) {
			t.Errorf("%s: %d bytes compressed for %d, want less than half", path, len(zbody), len(body))
		}
		if refused, _ := fetch(path, "gzip;q=0"); refused.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: compressed although gzip;q=0", path)
		}
	}
	// Short answers go out as they are.
	if resp, _ := fetch("/healthz", "gzip"); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("/healthz (3 bytes) compressed")
	}
}
