package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/storetest"
)

// multipartFiles lists the temporary files of mime/multipart left in dir.
func multipartFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "multipart-") {
			left = append(left, e.Name())
		}
	}
	return left
}

// noMultipartFilesLeft waits, up to a deadline, for dir to hold no
// multipart temporary file: net/http removes them after the response is
// flushed, so they may outlive the answer by a moment, never longer.
func noMultipartFilesLeft(t *testing.T, dir string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := multipartFiles(t, dir)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("temporary files left in %s: %v", dir, left)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// uploadTempDir points mime/multipart (os.TempDir) at a folder of the
// test's own, before the application parses anything.
func uploadTempDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "uploads")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	t.Setenv("TMPDIR", dir)
	return dir
}

// Issue 20, finding 4: a signed-in person's upload is parsed on the
// request the handler received, and its temporary file must go when the
// request ends.
func TestUploadLeavesNoTemporaryFile(t *testing.T) {
	dir := uploadTempDir(t)
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	// 3 Mo: more than the memory the resource form parses in, so the file
	// goes to disk.
	content := "%PDF-1.4 " + strings.Repeat("x", 3<<20)
	resp, _ := pilote.postFile("/animation/ressources", url.Values{"titre": {"Guide lourd"}}, "fichier", "guide.pdf", content)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	noMultipartFilesLeft(t, dir)
}

// Issue 20, finding 4: the metrics count a signed-in person's request by
// the pattern of the route the mux chose.
func TestMetricsPatternWhenSignedIn(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if resp, _ := pilote.postFile("/animation/ressources", url.Values{"titre": {"Guide"}}, "fichier", "guide.pdf", "%PDF-1.4 guide"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	if resp, _ := pilote.get("/animation/ressources"); resp.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", resp.StatusCode)
	}
	_, body := pilote.get("/metrics")
	for _, want := range []string{
		`cee_http_requests_total{pattern="GET /animation/ressources",status="200"} 1`,
		`cee_http_requests_total{pattern="POST /animation/ressources",status="303"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, `pattern="(aucune)"`) {
		t.Errorf("a signed-in request counted without its pattern")
	}
}

// slowBody is a request body that sends a few bytes, then nothing for ten
// seconds, then fails: a server that reads it before answering answers
// nothing in time.
func slowBody(t *testing.T, head string) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		io.WriteString(pw, head)
	}()
	stop := time.AfterFunc(10*time.Second, func() { pw.CloseWithError(io.ErrUnexpectedEOF) })
	t.Cleanup(func() { stop.Stop(); pw.CloseWithError(io.ErrUnexpectedEOF) })
	return pr
}

// sendRaw posts body with its announced length; the answers expected here
// come before the body is read.
func sendRaw(t *testing.T, srv *apptest.Server, path string, body io.Reader, length int64, contentType string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = length
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v (the server read the body before answering)", path, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// Issue 20, finding 7: every route has a body limit applied before any
// parsing (a small one for forms, the documented size for uploads), and
// the rate limits run before the body is read.
func TestBodyLimits(t *testing.T) {
	dir := uploadTempDir(t)
	srv := apptest.Start(t, apptest.Options{Demo: true})
	const boundary = "frontiere"
	multipartType := "multipart/form-data; boundary=" + boundary
	head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"x.bin\"\r\n\r\n"

	t.Run("announced too large: refused unread", func(t *testing.T) {
		resp := sendRaw(t, srv, "/connexion/lien", slowBody(t, head), 1<<30, multipartType)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("1 Gio announced to /connexion/lien: %d, want 413", resp.StatusCode)
		}
	})
	t.Run("form cut at its limit", func(t *testing.T) {
		// No length announced: the body is read until the limit cuts it.
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		w.WriteField("email", "pilote@"+"demo.example")
		f, _ := w.CreateFormFile("fichier", "x.bin")
		f.Write(bytes.Repeat([]byte("x"), 40<<20))
		w.Close()
		resp := sendRaw(t, srv, "/connexion/lien", io.MultiReader(&b), -1, w.FormDataContentType())
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("40 Mo to /connexion/lien: %d, want 413", resp.StatusCode)
		}
		noMultipartFilesLeft(t, dir)
	})
	t.Run("urlencoded form cut at its limit", func(t *testing.T) {
		// ParseMultipartForm drops the error of a urlencoded body: seen from
		// outside as a 422 « adresse manquante » instead of a 413.
		body := io.MultiReader(strings.NewReader("email=pilote%40demo.example&x="), strings.NewReader(strings.Repeat("x", 40<<20)))
		resp := sendRaw(t, srv, "/connexion/lien", body, -1, "application/x-www-form-urlencoded")
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("40 Mo urlencoded to /connexion/lien: %d, want 413", resp.StatusCode)
		}
	})
	t.Run("upload over its documented size", func(t *testing.T) {
		pilote := newClient(t, srv)
		pilote.loginAs(demoEmail("pilote"))
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		w.WriteField("titre", "Trop gros")
		f, _ := w.CreateFormFile("fichier", "gros.pdf")
		f.Write([]byte("%PDF-1.4 "))
		f.Write(bytes.Repeat([]byte("x"), model.RessourceMaxOctets+2<<20))
		w.Close()
		resp, body := pilote.do("POST", "/animation/ressources", &b, w.FormDataContentType())
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "11 Mo au plus") {
			t.Errorf("12 Mo resource: %d, want 413 saying the limit", resp.StatusCode)
		}
		// The documented size still goes through.
		resp, _ = pilote.postFile("/animation/ressources", url.Values{"titre": {"Juste"}}, "fichier", "juste.pdf", "%PDF-1.4 "+strings.Repeat("x", model.RessourceMaxOctets-20))
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("10 Mo resource: %d, want 303", resp.StatusCode)
		}
		noMultipartFilesLeft(t, dir)
	})
	t.Run("rate limit before the body", func(t *testing.T) {
		c := newClient(t, srv)
		limited := false
		for i := 0; i < 40 && !limited; i++ {
			resp, _ := c.post("/connexion/lien", url.Values{"email": {fmt.Sprintf("inconnu%d@exemple.fr", i)}})
			limited = resp.StatusCode == http.StatusTooManyRequests
		}
		if !limited {
			t.Fatal("no 429 after 40 link requests")
		}
		// A body that does not come: only an answer given before reading it
		// comes back. It is announced large (512 kio, within the form's
		// limit) because net/http itself reads a small unread body before
		// sending the answer.
		resp := sendRaw(t, srv, "/connexion/lien", slowBody(t, "email=x"), 512<<10, "application/x-www-form-urlencoded")
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Errorf("limited address: %d, want 429 before the body is read", resp.StatusCode)
		}
	})
}

// Issue 20, low finding: a resource's file is served under a name whose
// extension is that of its content, whatever name it was uploaded with.
func TestRessourceNameFollowsContent(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	resp, _ := pilote.postFile("/animation/ressources", url.Values{"titre": {"Polyglotte"}}, "fichier", "evil.html", "%PDF-1.4 <html><script>alert(1)</script></html>")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	list, err := srv.App.Store.ListRessources(context.Background(), model.Principal{H: model.Habilitation{Role: model.RoleAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		if r.Titre != "Polyglotte" {
			continue
		}
		if r.FichierNom != "evil.pdf" {
			t.Errorf("stored name %q, want evil.pdf", r.FichierNom)
		}
		resp, _ := pilote.get("/animation/ressources/" + itoa(r.ID))
		if got := resp.Header.Get("Content-Disposition"); got != `attachment; filename=evil.pdf` {
			t.Errorf("Content-Disposition %q", got)
		}
		if resp.Header.Get("Content-Type") != "application/pdf" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("headers %v", resp.Header)
		}
		return
	}
	t.Fatal("resource not stored")
}

// Issue 20, low finding: when the database does not answer, the pages say
// so with 503 and Retry-After, not an unexpected error.
func TestDatabaseOutage(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: u})
		pilote := newClient(t, srv)
		pilote.loginAs(demoEmail("pilote"))
		srv.App.Store.Close()
		for _, c := range []*client{pilote, newClient(t, srv)} {
			resp, body := c.get("/etablissements")
			if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
				!strings.Contains(body, "momentanément indisponible") {
				t.Errorf("closed database: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
			}
		}
	})
}

// proxy forwards TCP connections to target until stopped, when it cuts
// them all: a database server gone from the network.
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			d, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, d)
			p.mu.Unlock()
			go func() { io.Copy(d, c); d.Close() }()
			go func() { io.Copy(c, d); c.Close() }()
		}
	}()
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// A PostgreSQL server that stops answering (connections cut, new ones
// refused) gives 503 with Retry-After.
func TestPostgresOutage(t *testing.T) {
	u, err := url.Parse(storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := startProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: u.String()})
	c := newClient(t, srv)
	c.loginAs(demoEmail("pilote"))
	if resp, _ := c.get("/etablissements"); resp.StatusCode != http.StatusOK {
		t.Fatalf("before the outage: %d", resp.StatusCode)
	}
	p.stop()
	resp, _ := c.get("/etablissements")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("database gone: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}
