package charge

import (
	"context"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"cee/internal/model"
)

// user is one virtual user: a session of one role and the records it saw.
type user struct {
	role model.Role
	base string
	c    *http.Client
	rng  *rand.Rand
	// ids are the records the user's lists linked to, by kind.
	ids map[string][]string
}

// action is one thing a user does: a page read or a form sent.
type action struct {
	weight int
	do     func(u *user) (name, method, path string, form url.Values)
}

func get(name, path string) func(*user) (string, string, string, url.Values) {
	return func(*user) (string, string, string, url.Values) { return name, "GET", path, nil }
}

// record opens one of the records of kind the user has seen, or their
// list when they saw none yet.
func record(kind, list string) func(*user) (string, string, string, url.Values) {
	return func(u *user) (string, string, string, url.Values) {
		ids := u.ids[kind]
		if len(ids) == 0 {
			return "GET " + list, "GET", list, nil
		}
		return "GET " + list + "/{id}", "GET", list + "/" + ids[u.rng.IntN(len(ids))], nil
	}
}

var mots = []string{"électricité", "bâtiment", "commerce", "informatique", "industrie", "Martin", "santé", "transport"}

// scenarios: what each role does, and how often.
var scenarios = map[model.Role][]action{
	// Pilotes triage requests (each page ranks its candidates), search the
	// directory and read their dashboard.
	model.RolePilote: {
		{3, get("GET /", "/")},
		{3, get("GET /demandes", "/demandes")},
		{4, record("demande", "/demandes")},
		{2, get("GET /tableau-de-bord", "/tableau-de-bord")},
		{2, func(u *user) (string, string, string, url.Values) {
			return "GET /conseillers?q=…", "GET", "/conseillers?q=" + url.QueryEscape(mots[u.rng.IntN(len(mots))]), nil
		}},
	},
	// CEE read what is asked of them, answer it, and read their figures.
	model.RoleConseiller: {
		{3, get("GET /", "/")},
		{3, get("GET /demandes", "/demandes")},
		{2, record("demande", "/demandes")},
		{1, func(u *user) (string, string, string, url.Values) {
			ids := u.ids["reponse"]
			if len(ids) == 0 {
				return record("demande", "/demandes")(u)
			}
			id := ids[len(ids)-1]
			u.ids["reponse"] = ids[:len(ids)-1]
			return "POST /sollicitations/{id}/reponse", "POST", "/sollicitations/" + id + "/reponse",
				url.Values{"reponse": {"decliner"}, "motif": {model.MotifsRefus[0]}}
		}},
		{1, get("GET /notifications", "/notifications")},
		{1, get("GET /tableau-de-bord", "/tableau-de-bord")},
	},
	// Schools post requests and follow them.
	model.RoleEtablissement: {
		{3, get("GET /", "/")},
		{3, get("GET /demandes", "/demandes")},
		{2, record("demande", "/demandes")},
		{1, get("GET /demandes/nouvelle", "/demandes/nouvelle")},
		{1, func(u *user) (string, string, string, url.Values) {
			day := time.Now().AddDate(0, 0, 21+u.rng.IntN(30))
			for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				day = day.AddDate(0, 0, 1)
			}
			return "POST /demandes", "POST", "/demandes", url.Values{"action": {"soumettre"}, "type": {"visite"},
				"titre": {"Visite d'entreprise (test de charge)"}, "date1": {day.Format("2006-01-02")}, "moment1": {"AM"},
				"personnes": {"1"}, "naf": {"F"}, "niveaux": {"3e"}, "eleves": {"24"}, "contact_nom": {"Nathalie Roux"}, "contact_telephone": {"05 61 00 00 00"}}
		}},
	},
	// Exam divisions follow their sessions and compose juries.
	model.RoleExamens: {
		{2, get("GET /", "/")},
		{3, get("GET /jurys", "/jurys")},
		{3, record("jury", "/jurys")},
		{1, get("GET /tableau-de-bord", "/tableau-de-bord")},
	},
}

// confirmation is the hidden field by which a form is sent again to
// confirm what it warned about.
var confirmation = regexp.MustCompile(`name="(dates_confirmees)" value="([^"]*)"`)

// fieldError is a DSFR field error message of a refused form.
var fieldError = regexp.MustCompile(`fr-(?:error|message--error)[^>]*>([^<]+)<`)

var links = map[string]*regexp.Regexp{
	"demande": regexp.MustCompile(`href="/demandes/(\d+)"`),
	"jury":    regexp.MustCompile(`href="/jurys/(\d+)"`),
	"reponse": regexp.MustCompile(`action="/sollicitations/(\d+)/reponse"`),
}

// login opens the user's session with the one-click demo login.
func (u *user) login(ctx context.Context, compte string) error {
	req, _ := http.NewRequestWithContext(ctx, "POST", u.base+"/dev/connexion/"+compte, nil)
	resp, err := u.c.Do(req)
	if err != nil {
		return fmt.Errorf("charge : connexion %s : %w", u.role, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("charge : connexion de démonstration %s : %d, 303 attendu", u.role.Label(), resp.StatusCode)
	}
	u.ids = map[string][]string{}
	return nil
}

// step does one action of the user's scenario and records it.
func (u *user) step(ctx context.Context, rec *recorder) {
	acts := scenarios[u.role]
	total := 0
	for _, a := range acts {
		total += a.weight
	}
	n := u.rng.IntN(total)
	var act action
	for _, a := range acts {
		if n -= a.weight; n < 0 {
			act = a
			break
		}
	}
	name, method, path, form := act.do(u)
	start := time.Now()
	resp, b, err := u.send(ctx, method, path, form)
	if err == nil && method == "POST" && resp.StatusCode == http.StatusOK {
		// The form warns of a date (school holidays, a bank holiday) and
		// asks to send it again to confirm, as a person would.
		if m := confirmation.FindStringSubmatch(string(b)); m != nil {
			form.Set(m[1], html.UnescapeString(m[2]))
			resp, b, err = u.send(ctx, method, path, form)
		}
	}
	d := time.Since(start)
	if err != nil && ctx.Err() != nil {
		return // the run ended during the request: not counted
	}
	failure := ""
	switch {
	case err != nil:
		failure = err.Error()
	case method == "POST" && strings.HasSuffix(path, "/reponse") && (resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusConflict):
		// The answer's own page says what was recorded (200), or that
		// another virtual user of the same account answered first (200,
		// « déjà répondu ») or filled the last place (409).
	case method == "POST" && resp.StatusCode != http.StatusSeeOther:
		failure = fmt.Sprintf("%d (303 attendu)", resp.StatusCode)
		for _, m := range fieldError.FindAllStringSubmatch(string(b), 3) {
			failure += " ; " + html.UnescapeString(strings.TrimSpace(m[1]))
		}
	case method == "GET" && resp.StatusCode != http.StatusOK:
		// A redirection to /connexion is a lost session: an error too.
		failure = fmt.Sprintf("%d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	rec.add(name, d, failure)
	for kind, re := range links {
		if m := re.FindAllStringSubmatch(string(b), 50); len(m) > 0 {
			var ids []string
			for i := range m {
				if !slices.Contains(ids, m[i][1]) {
					ids = append(ids, m[i][1])
				}
			}
			u.ids[kind] = ids
		}
	}
}

// send makes one request and reads its whole body.
func (u *user) send(ctx context.Context, method, path string, form url.Values) (*http.Response, []byte, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequestWithContext(ctx, method, u.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := u.c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}
