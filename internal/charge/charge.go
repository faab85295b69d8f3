// Package charge is the load test of `cee bench charge`: virtual users by
// role drive a running server through its pages, with think times, and
// the run reports each page's latencies, the errors, the throughput and the
// CPU the server (and PostgreSQL) spent per request.
//
// Users log in through /dev/connexion, the one-click login of a server
// started with --demo or --dev: the same session the link login opens,
// without one mail per virtual user (the link request is rate-limited per
// address, as it should be).
package charge

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"cee/internal/model"
)

// Options drive Run.
type Options struct {
	URL      string        // the server, e.g. http://127.0.0.1:8080
	Users    int           // virtual users at once
	Duration time.Duration // of the measured run, after the logins
	Think    time.Duration // mean pause between two pages of a user
	Mix      Mix           // share of each role among the users
	// PID is the server's process: its CPU time is read from
	// /proc/<pid>/stat before and after. 0: not measured.
	PID int
	// Backends lists the database server's processes serving the
	// application (PostgreSQL backends), whose CPU is read likewise; nil:
	// not measured.
	Backends func(ctx context.Context) ([]int, error)
	Seed     uint64
}

// Mix is the weight of each role among the virtual users.
type Mix map[model.Role]int

// DefaultMix: schools and CEE are the many, pilotes and exam divisions
// the few who spend the longest on dashboards and requests.
var DefaultMix = Mix{model.RolePilote: 2, model.RoleConseiller: 4, model.RoleEtablissement: 3, model.RoleExamens: 1}

// ParseMix reads "pilote=2,conseiller=4,etablissement=3,examens=1".
func ParseMix(s string) (Mix, error) {
	m := Mix{}
	for part := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(v)
		r := model.Role(strings.TrimSpace(k))
		if !ok || err != nil || n < 0 || scenarios[r] == nil {
			return nil, fmt.Errorf("--mix : %q attendu sous la forme rôle=poids, rôles : pilote, conseiller, etablissement, examens", part)
		}
		m[r] = n
	}
	return m, nil
}

// Page is what the run measured of one page.
type Page struct {
	Name          string
	N, Errors     int
	P50, P95, P99 time.Duration
}

// Report is the outcome of a run.
type Report struct {
	Users     int
	Elapsed   time.Duration
	Requests  int
	Errors    int
	Pages     []Page
	ServerCPU time.Duration // -1: not measured
	// ServerPeakRSS is the server's peak resident memory since it
	// started, in bytes; 0: not measured.
	ServerPeakRSS int64
	DBCPU         time.Duration // -1: not measured
	// Samples are a few failed requests, to see what went wrong.
	Samples []string
}

// ReqPerSec is the throughput of the run.
func (r Report) ReqPerSec() float64 {
	return float64(r.Requests) / max(r.Elapsed.Seconds(), 1e-9)
}

// CPUPerRequest is cpu divided among the requests, in milliseconds.
func (r Report) CPUPerRequest(cpu time.Duration) float64 {
	return float64(cpu) / float64(time.Millisecond) / float64(max(r.Requests, 1))
}

// Write prints the report as a Markdown table, for docs/benchmarks.md.
func (r Report) Write(w io.Writer) {
	fmt.Fprintf(w, "%d utilisateurs, %s : %d requêtes, %d erreurs, %.1f req/s\n", r.Users, r.Elapsed.Round(time.Second), r.Requests, r.Errors, r.ReqPerSec())
	if r.ServerCPU >= 0 {
		fmt.Fprintf(w, "CPU du serveur : %s, %.2f ms par requête\n", r.ServerCPU.Round(time.Millisecond), r.CPUPerRequest(r.ServerCPU))
	}
	if r.ServerPeakRSS > 0 {
		fmt.Fprintf(w, "Mémoire du serveur (pic depuis son démarrage) : %d Mo\n", r.ServerPeakRSS>>20)
	}
	if r.DBCPU >= 0 {
		fmt.Fprintf(w, "CPU de PostgreSQL (connexions du serveur) : %s, %.2f ms par requête\n", r.DBCPU.Round(time.Millisecond), r.CPUPerRequest(r.DBCPU))
	}
	fmt.Fprintln(w, "\n| page | requêtes | erreurs | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|")
	ms := func(d time.Duration) string {
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
	}
	for _, p := range r.Pages {
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s |\n", p.Name, p.N, p.Errors, ms(p.P50), ms(p.P95), ms(p.P99))
	}
	for _, s := range r.Samples {
		fmt.Fprintln(w, "erreur :", s)
	}
}

// Run logs the users in, then drives them for o.Duration.
func Run(ctx context.Context, o Options) (Report, error) {
	if o.Users < 1 || o.Duration <= 0 {
		return Report{}, errors.New("charge : au moins un utilisateur et une durée")
	}
	o.URL = strings.TrimRight(o.URL, "/")
	mix := o.Mix
	if len(mix) == 0 {
		mix = DefaultMix
	}
	tr := &http.Transport{MaxIdleConns: o.Users * 2, MaxIdleConnsPerHost: o.Users * 2, IdleConnTimeout: 90 * time.Second}
	defer tr.CloseIdleConnections()
	comptes, err := demoAccounts(ctx, &http.Client{Transport: tr, Timeout: 60 * time.Second}, o.URL)
	if err != nil {
		return Report{}, err
	}
	roles := assignRoles(mix, o.Users)
	users := make([]*user, len(roles))
	for i, role := range roles {
		id, ok := comptes[role]
		if !ok {
			return Report{}, fmt.Errorf("charge : aucun compte de démonstration pour le rôle %s sur %s/dev/connexion", role.Label(), o.URL)
		}
		jar, _ := cookiejar.New(nil)
		users[i] = &user{role: role, base: o.URL, rng: rand.New(rand.NewPCG(o.Seed, uint64(i))),
			c: &http.Client{Transport: tr, Jar: jar, Timeout: 60 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		if err := users[i].login(ctx, id); err != nil {
			return Report{}, err
		}
	}
	rec := &recorder{pages: map[string][]time.Duration{}, errors: map[string]int{}}
	cpu0, cpuErr := processCPU(o.PID)
	db0, dbErr := backendsCPU(ctx, o.Backends)
	start := time.Now()
	runCtx, cancel := context.WithDeadline(ctx, start.Add(o.Duration))
	defer cancel()
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Starts spread over one think time: no thundering herd.
			if !pause(runCtx, time.Duration(float64(o.Think)*float64(i)/float64(len(users)))) {
				return
			}
			for {
				u.step(runCtx, rec)
				if !pause(runCtx, time.Duration(float64(o.Think)*(0.5+u.rng.Float64()))) {
					return
				}
			}
		}()
	}
	wg.Wait()
	r := rec.report()
	r.Users, r.Elapsed = len(users), time.Since(start)
	r.ServerCPU, r.DBCPU = -1, -1
	if cpu1, err := processCPU(o.PID); err == nil && cpuErr == nil && o.PID > 0 {
		r.ServerCPU = cpu1 - cpu0
		r.ServerPeakRSS = peakRSS(o.PID)
	}
	if db1, err := backendsCPU(ctx, o.Backends); err == nil && dbErr == nil && o.Backends != nil {
		r.DBCPU = db1.since(db0)
	}
	return r, nil
}

func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// assignRoles gives each of n users a role, in the proportions of mix,
// interleaved so that a short run has every role.
func assignRoles(mix Mix, n int) []model.Role {
	var keys []model.Role
	total := 0
	for r, w := range mix {
		if w > 0 {
			keys = append(keys, r)
			total += w
		}
	}
	slices.Sort(keys)
	out := make([]model.Role, 0, n)
	given := map[model.Role]int{}
	for i := range n {
		// The role furthest below its share so far.
		best, gap := keys[0], math.Inf(-1)
		for _, r := range keys {
			if g := float64(mix[r])*float64(i+1)/float64(total) - float64(given[r]); g > gap {
				best, gap = r, g
			}
		}
		given[best]++
		out = append(out, best)
	}
	return out
}

var demoForm = regexp.MustCompile(`(?s)action="/dev/connexion/(\d+)".*?</form>`)
var tags = regexp.MustCompile(`<[^>]*>`)

// demoAccounts reads the one-click login page: the first single-role
// account of each role.
func demoAccounts(ctx context.Context, c *http.Client, base string) (map[model.Role]string, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/dev/connexion", nil)
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("charge : %s injoignable : %w", base, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("charge : %s/dev/connexion répond %d : lancez le serveur avec --demo ou --dev", base, resp.StatusCode)
	}
	out := map[model.Role]string{}
	for _, m := range demoForm.FindAllStringSubmatch(string(body), -1) {
		label := html.UnescapeString(tags.ReplaceAllString(m[0], " "))
		if strings.Contains(label, "autre rôle") {
			continue
		}
		for r := range scenarios {
			if _, seen := out[r]; !seen && strings.Contains(label, "— "+r.Label()) {
				out[r] = m[1]
			}
		}
	}
	return out, nil
}

type recorder struct {
	mu      sync.Mutex
	pages   map[string][]time.Duration
	errors  map[string]int
	samples []string
}

func (rec *recorder) add(name string, d time.Duration, failure string) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.pages[name] = append(rec.pages[name], d)
	if failure != "" {
		rec.errors[name]++
		if len(rec.samples) < 10 {
			rec.samples = append(rec.samples, name+" : "+failure)
		}
	}
}

func (rec *recorder) report() Report {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var r Report
	for name, ds := range rec.pages {
		slices.Sort(ds)
		p := Page{Name: name, N: len(ds), Errors: rec.errors[name], P50: quantile(ds, 0.50), P95: quantile(ds, 0.95), P99: quantile(ds, 0.99)}
		r.Pages = append(r.Pages, p)
		r.Requests += p.N
		r.Errors += p.Errors
	}
	slices.SortFunc(r.Pages, func(a, b Page) int { return strings.Compare(a.Name, b.Name) })
	r.Samples = rec.samples
	return r
}

// quantile of sorted durations, nearest rank.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[max(0, int(math.Ceil(q*float64(len(sorted))))-1)]
}
