package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/demo"
	"cee/internal/model"
	"cee/internal/store"
)

// client is a browser without JavaScript: cookies kept, redirects not
// followed, so that tests see each 303 and its Location.
type client struct {
	t    *testing.T
	srv  *apptest.Server
	http *http.Client
}

func newClient(t *testing.T, srv *apptest.Server) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, srv: srv, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

func (c *client) do(method, path string, body io.Reader, contentType string) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.srv.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (c *client) get(path string) (*http.Response, string) { return c.do("GET", path, nil, "") }

func (c *client) post(path string, form url.Values) (*http.Response, string) {
	return c.do("POST", path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

func (c *client) cookie() string {
	u, _ := url.Parse(c.srv.URL)
	for _, k := range c.http.Jar.Cookies(u) {
		if k.Name == "cee_session" {
			return k.Value
		}
	}
	return ""
}

// loginAs opens a session through the demo login page.
func (c *client) loginAs(email string) model.Compte {
	c.t.Helper()
	comp, err := c.srv.App.Store.GetCompteByEmail(context.Background(), email)
	if err != nil {
		c.t.Fatalf("compte %s : %v", email, err)
	}
	resp, _ := c.post("/dev/connexion/"+itoa(comp.ID), nil)
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("demo login as %s: %d", email, resp.StatusCode)
	}
	return comp
}

func demoEmail(local string) string { return local + "@" + demo.DomaineDemo }

// lastMail runs the queued jobs and returns the newest message of the dev
// mailbox sent to addr.
func lastMail(t *testing.T, srv *apptest.Server, addr string) (store.Mail, bool) {
	t.Helper()
	ctx := context.Background()
	if _, err := srv.App.Pool.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	mails, _, err := srv.App.Store.ListMails(ctx, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mails {
		for _, to := range m.Recipients {
			if to == addr {
				return m, true
			}
		}
	}
	return store.Mail{}, false
}

// mailAbout is lastMail among the messages whose subject contains word:
// the scheduler's reminders may arrive in between.
func mailAbout(t *testing.T, srv *apptest.Server, addr, word string) (store.Mail, bool) {
	t.Helper()
	lastMail(t, srv, addr) // runs the queued jobs
	mails, _, err := srv.App.Store.ListMails(context.Background(), 200, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mails {
		if len(m.Recipients) > 0 && m.Recipients[0] == addr && strings.Contains(m.Subject, word) {
			return m, true
		}
	}
	return store.Mail{}, false
}

var linkPattern = regexp.MustCompile(`https?://[^\s]+/(connexion/lien|invitation|consentement|retrait)/[A-Za-z0-9_-]+`)

// pathOf extracts the local path of the first single-use link of a mail.
func pathOf(t *testing.T, m store.Mail) string {
	t.Helper()
	link := linkPattern.FindString(m.Text)
	if link == "" {
		t.Fatalf("no link in mail:\n%s", m.Text)
	}
	u, _ := url.Parse(link)
	return u.Path
}

// postFile posts a multipart form: the fields, and one file.
func (c *client) postFile(path string, fields url.Values, field, name, content string) (*http.Response, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	f, err := w.CreateFormFile(field, name)
	if err != nil {
		c.t.Fatal(err)
	}
	io.WriteString(f, content)
	w.Close()
	return c.do("POST", path, &b, w.FormDataContentType())
}
