package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/job"
	"cee/internal/mail"
	"cee/internal/store"
	"cee/internal/storetest"
)

type mode int

const (
	plain mode = iota // production: no dev pages
	demoMode
	devMode
)

// Every route, in every mode, with the status it must answer. A route added
// to routes.go without a line here fails TestEveryRouteIsCovered.
var routeTable = []struct {
	method, path string
	want         map[mode]int
	contains     string
}{
	{"GET", "/", map[mode]int{plain: 200, demoMode: 200, devMode: 200}, "<h1>Réseau des conseillers entreprises pour l'École</h1>"},
	{"GET", "/healthz", map[mode]int{plain: 200, demoMode: 200, devMode: 200}, "ok"},
	{"GET", "/readyz", map[mode]int{plain: 200, demoMode: 200, devMode: 200}, "prêt"},
	{"GET", "/metrics", map[mode]int{plain: 200, demoMode: 200, devMode: 200}, "cee_http_requests_total"},
	{"GET", "/etablissements", map[mode]int{plain: 200, demoMode: 200, devMode: 200}, "<h1>Établissements</h1>"},
	{"GET", "/etablissements?academie=99", map[mode]int{plain: 422, demoMode: 422, devMode: 422}, "Académie inconnue"},
	{"GET", "/etablissements?page=zéro", map[mode]int{plain: 400, demoMode: 400, devMode: 400}, "Erreur"},
	{"GET", "/etablissements?page=999", map[mode]int{plain: 404, demoMode: 404, devMode: 404}, "404"},
	{"GET", "/etablissements/0750654D", map[mode]int{plain: 404, demoMode: 404, devMode: 404}, "404"},
	{"GET", "/etablissements/pas-un-uai", map[mode]int{plain: 404, demoMode: 404, devMode: 404}, "404"},
	{"GET", "/accessibilite", map[mode]int{plain: 200, demoMode: 200, devMode: 200}, "accessibilité"},
	{"GET", "/mentions-legales", map[mode]int{plain: 200, demoMode: 200, devMode: 200}, "Mentions légales"},
	{"GET", "/donnees-personnelles", map[mode]int{plain: 200, demoMode: 200, devMode: 200}, "Données personnelles"},
	{"GET", "/dev/courriels", map[mode]int{plain: 404, demoMode: 200, devMode: 200}, "Boîte aux lettres"},
	{"GET", "/dev/courriels/999", map[mode]int{plain: 404, demoMode: 404, devMode: 404}, "404"},
	{"GET", "/dev/courriels/999/html", map[mode]int{plain: 404, demoMode: 404, devMode: 404}, "404"},
	{"GET", "/dev/taches", map[mode]int{plain: 404, demoMode: 200, devMode: 200}, "<h1>Tâches</h1>"},
	{"GET", "/dev/taches?etat=bidon", map[mode]int{plain: 404, demoMode: 400, devMode: 400}, "Erreur"},
	{"POST", "/dev/taches/999/relancer", map[mode]int{plain: 404, demoMode: 404, devMode: 404}, "404"},
	{"GET", "/dev/composants", map[mode]int{plain: 404, demoMode: 404, devMode: 200}, "<h1"},
	// The one-click demo login exists in demo and dev modes only.
	{"GET", "/dev/connexion", map[mode]int{plain: 404, demoMode: 200, devMode: 200}, "Connexion de démonstration"},
	{"POST", "/dev/connexion/1", map[mode]int{plain: 404, demoMode: 200, devMode: 404}, ""}, // 303 to the home page, followed
	{"GET", "/connexion", map[mode]int{plain: 200, demoMode: 200, devMode: 200}, "Recevoir un lien"},
	{"GET", "/nulle-part", map[mode]int{plain: 404, demoMode: 404, devMode: 404}, "Page non trouvée"},
}

func start(t *testing.T, m mode) *apptest.Server {
	return apptest.Start(t, apptest.Options{Demo: m == demoMode, Dev: m == devMode})
}

func do(t *testing.T, method, u string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestRoutes(t *testing.T) {
	for _, m := range []mode{plain, demoMode, devMode} {
		srv := start(t, m)
		for _, rt := range routeTable {
			t.Run(rt.method+" "+rt.path+" mode "+string(rune('0'+m)), func(t *testing.T) {
				resp, body := do(t, rt.method, srv.URL+rt.path, nil)
				if resp.StatusCode != rt.want[m] {
					t.Fatalf("status %d, want %d", resp.StatusCode, rt.want[m])
				}
				if !strings.Contains(body, rt.contains) && !(rt.want[m] == 404 && strings.Contains(body, "Page non trouvée")) {
					t.Errorf("body does not contain %q", rt.contains)
				}
				h := resp.Header
				if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
					h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
					t.Errorf("security headers missing: %v", h)
				}
				if h.Get("Strict-Transport-Security") != "" {
					t.Error("HSTS sent although the service is published over plain HTTP")
				}
				if h.Get("X-Request-Id") == "" {
					t.Error("no X-Request-Id")
				}
			})
		}
	}
}

func TestHSTSOverHTTPS(t *testing.T) {
	// The handler decides from the configured public address, as behind a
	// TLS-terminating load balancer.
	srv := apptest.Start(t, apptest.Options{BaseURL: "https://cee.example.gouv.fr"})
	resp, _ := do(t, "GET", srv.URL+"/", nil)
	if !strings.Contains(resp.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("no HSTS with an https base URL: %v", resp.Header)
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	srv := start(t, devMode)
	resp, body := do(t, "POST", srv.URL+"/dev/taches/1/relancer", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "403") {
		t.Errorf("cross-site POST: %d", resp.StatusCode)
	}
}

func TestRequestIDIsKeptFromLoadBalancer(t *testing.T) {
	srv := start(t, plain)
	resp, _ := do(t, "GET", srv.URL+"/healthz", http.Header{"X-Request-Id": {"lb-0123456789"}})
	if resp.Header.Get("X-Request-Id") != "lb-0123456789" {
		t.Errorf("request id %q", resp.Header.Get("X-Request-Id"))
	}
	resp, _ = do(t, "GET", srv.URL+"/healthz", http.Header{"X-Request-Id": {"<script>"}})
	if resp.Header.Get("X-Request-Id") == "<script>" {
		t.Error("malformed request id echoed")
	}
}

func TestMetricsCountByPattern(t *testing.T) {
	srv := start(t, plain)
	do(t, "GET", srv.URL+"/etablissements/0310036W", nil)
	_, body := do(t, "GET", srv.URL+"/metrics", nil)
	for _, want := range []string{
		`cee_http_requests_total{pattern="GET /etablissements/{uai}",status="404"} 1`,
		`cee_http_request_duration_seconds_bucket{pattern="GET /etablissements/{uai}"`,
		`go_sql_open_connections`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// A mail enqueued as a job in demo mode reaches the dev mailbox, where a
// person trying the demo reads it; a failing job shows as failed and can be
// retried from the jobs page.
func TestDemoMailboxAndJobs(t *testing.T) {
	srv := start(t, demoMode)
	ctx := context.Background()
	s := srv.App.Store
	m, err := mail.Render("test", []string{"pilote@ac-toulouse.fr"}, mail.TestData{BaseURL: srv.URL, SentAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnqueueJob(ctx, store.NewJob{Kind: job.KindEnvoyerEmail, Payload: m}); err != nil {
		t.Fatal(err)
	}
	s.EnqueueJob(ctx, store.NewJob{Kind: "inconnue", MaxAttempts: 1})
	if _, err := srv.App.Pool.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	_, body := do(t, "GET", srv.URL+"/dev/courriels", nil)
	if !strings.Contains(body, "pilote@ac-toulouse.fr") || !strings.Contains(body, m.Subject) {
		t.Fatalf("mailbox does not list the mail:\n%s", body)
	}
	mails, _, _ := s.ListMails(ctx, 1, 0)
	_, body = do(t, "GET", srv.URL+"/dev/courriels/"+itoa(mails[0].ID), nil)
	if !strings.Contains(body, "Version texte") {
		t.Error("mail page without its text part")
	}
	resp, body := do(t, "GET", srv.URL+"/dev/courriels/"+itoa(mails[0].ID)+"/html", nil)
	if !strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "sandbox") || !strings.Contains(body, "<html") {
		t.Errorf("HTML part not served sandboxed: %v", resp.Header)
	}

	_, body = do(t, "GET", srv.URL+"/dev/taches?etat=failed", nil)
	if !strings.Contains(body, "aucun traitement") || !strings.Contains(body, "Relancer") {
		t.Fatalf("failed job not visible:\n%s", body)
	}
	failed, _ := s.ListJobs(ctx, store.JobFailed, 10)
	resp, _ = postForm(t, srv.URL+"/dev/taches/"+itoa(failed[0].ID)+"/relancer")
	if resp.StatusCode != http.StatusOK || !strings.HasSuffix(resp.Request.URL.String(), "etat=pending") {
		t.Errorf("retry: %d %s", resp.StatusCode, resp.Request.URL)
	}
	if j, _ := s.GetJob(ctx, failed[0].ID); j.State != store.JobPending {
		t.Errorf("retried job is %s", j.State)
	}
}

func TestEtablissementPages(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: u})
		_, body := do(t, "GET", srv.URL+"/etablissements?type=lycee", nil)
		uai := regexp.MustCompile(`href="/etablissements/([0-9]{7}[A-Z])"`).FindStringSubmatch(body)
		if uai == nil {
			t.Fatalf("no school link in the list:\n%s", body)
		}
		if regexp.MustCompile(`<td[^>]*>\s*Collège\s*</td>`).MatchString(body) {
			t.Error("type filter let a collège through")
		}
		resp, body := do(t, "GET", srv.URL+"/etablissements/"+strings.ToLower(uai[1]), nil)
		if resp.StatusCode != 200 || !strings.Contains(body, uai[1]) || !strings.Contains(body, "Toulouse") {
			t.Errorf("school page: %d", resp.StatusCode)
		}
		_, body = do(t, "GET", srv.URL+"/etablissements?page=2", nil)
		if !strings.Contains(body, `aria-current="page"`) {
			t.Error("page 2 without pagination")
		}
		_, body = do(t, "GET", srv.URL+"/etablissements?q="+url.QueryEscape("zzzz introuvable"), nil)
		if !strings.Contains(body, "Aucun établissement") {
			t.Error("empty result without a message")
		}
	})
}

func postForm(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := http.PostForm(u, url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// The header groups the network and the administration in DSFR menus; a
// group of one stays a plain link, and the open section is marked on its
// menu's button.
func TestNavigationMenus(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	_, body := pilote.get("/conseillers")
	reseau := regexp.MustCompile(`<button type="button" class="fr-nav__btn" aria-expanded="false" aria-controls="(menu-\d+)"( aria-current="true")?>Réseau</button>`).FindStringSubmatch(body)
	if reseau == nil || reseau[2] == "" {
		t.Fatalf("no « Réseau » menu marked current on the directory")
	}
	menu := body[strings.Index(body, `id="`+reseau[1]+`"`):]
	menu = menu[:strings.Index(menu, "</ul>")]
	for _, want := range []string{`href="/conseillers" aria-current="page"`, `href="/professionnels"`, `href="/animation/evenements"`} {
		if !strings.Contains(menu, want) {
			t.Errorf("« Réseau » menu lacks %s", want)
		}
	}
	// An établissement has no network pages: no empty menu, no button.
	ecole := newClient(t, srv)
	ecole.loginAs(demoEmail("etablissement"))
	if _, body := ecole.get("/"); strings.Contains(body, ">Réseau</button>") || strings.Contains(body, ">Administration</button>") {
		t.Error("menus shown to a school")
	}
}
