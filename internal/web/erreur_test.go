package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/storetest"
)

// driverTexts are fragments of database drivers' errors: none may reach a
// page (SQLite: « constraint failed … (1811) », PostgreSQL: « ERROR: …
// (SQLSTATE P0001) »), nor the injected failure's own words.
var driverTexts = []string{"SQLITE", "constraint", "SQLSTATE", "ERROR:", "pq:", storetest.PanneMessage}

// checkServerError checks a failure of the database is a 500 page giving
// the request id, without the driver's text, and one log line with the id,
// the route, and the error wrapped with the store operation op.
func checkServerError(t *testing.T, log *apptest.LogBuffer, what string, resp *http.Response, body, pattern, op string) {
	t.Helper()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("%s: %d, want 500", what, resp.StatusCode)
	}
	id := resp.Header.Get("X-Request-Id")
	if id == "" || !strings.Contains(body, id) || !strings.Contains(body, "Une erreur inattendue s’est produite") {
		t.Errorf("%s: the page does not give the request id %q", what, id)
	}
	for _, s := range driverTexts {
		if strings.Contains(body, s) {
			t.Errorf("%s: the page shows the driver's text %q", what, s)
		}
	}
	var line string
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, "erreur serveur") && strings.Contains(l, "request_id="+id) {
			line = l
		}
	}
	for _, want := range []string{"level=ERROR", "pattern=\"" + pattern + "\"", op, storetest.PanneMessage} {
		if !strings.Contains(line, want) {
			t.Errorf("%s: log line lacks %q:\n%s", what, want, line)
		}
	}
}

// A user's mistake is said with its French message (4xx); a failure of the
// database is a 500 with a request id, logged with the store operation,
// and its text is never shown: on « Solliciter », a designation and a jury
// rule, on both databases.
func TestErreursUtilisateurEtServeur(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		log := &apptest.LogBuffer{}
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: u, Log: log})
		st := srv.App.Store
		ecole := newClient(t, srv)
		ecole.loginAs(demoEmail("etablissement"))
		pilote := newClient(t, srv)
		pilote.loginAs(demoEmail("pilote"))
		org := newClient(t, srv)
		org.loginAs(demoEmail("organisation"))
		admin := newClient(t, srv)
		admin.loginAs(demoEmail("admin"))

		resp, _ := ecole.post("/demandes", url.Values{"action": {"soumettre"}, "type": {"visite"}, "titre": {"Visite d'un chantier"},
			"date1": {nextWeekday().Format("2006-01-02")}, "personnes": {"2"}, "naf": {"F"}, "contact_email": {demoEmail("etablissement")}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("request: %d", resp.StatusCode)
		}
		demande := resp.Header.Get("Location")
		resp, _ = org.post("/conseillers/proposer", url.Values{"civilite": {"Mme"}, "prenom": {"Élodie"}, "nom": {"Électricienne"},
			"email": {"elodie@sparky.example"}, "employeur": {"Électricité Garonne"}, "statut": {"artisan"}, "naf": {"43.21A"},
			"commune": {"31555"}, "mission": {"Jurys de CAP électricien"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("proposal: %d", resp.StatusCode)
		}
		conseiller := resp.Header.Get("Location")

		// User errors: the rules' refusal, in French, 422.
		resp, body := pilote.post(demande+"/etat", url.Values{"etat": {"annulee"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "indiquez pourquoi la demande est annulée") {
			t.Errorf("refusal by the rules: %d, want 422 with its message", resp.StatusCode)
		}
		resp, body = org.post(conseiller+"/designation", url.Values{"etat": {"en_instruction"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "impossible pour ce rôle") {
			t.Errorf("refused transition: %d, want 422 with its message", resp.StatusCode)
		}
		resp, body = admin.post("/jurys/regles", url.Values{"type": {"CAP"}, "part_num": {"3"}, "part_den": {"2"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "part de professionnels invalide") {
			t.Errorf("invalid rule: %d, want 422 with its message", resp.StatusCode)
		}

		// The database fails.
		storetest.Panne(t, st, "sollicitations")
		resp, body = pilote.post(demande+"/sollicitations", url.Values{"top": {"2"}})
		checkServerError(t, log, "solliciter", resp, body, "POST /demandes/{id}/sollicitations", "CreateSollicitation")

		storetest.Panne(t, st, "regles_diplome")
		resp, body = admin.post("/jurys/regles", url.Values{"type": {"CAP"}, "part_num": {"1"}, "part_den": {"3"}})
		checkServerError(t, log, "jury rule", resp, body, "POST /jurys/regles", "SaveRegle CAP")

		storetest.Panne(t, st, "journal")
		resp, body = pilote.post(conseiller+"/designation", url.Values{"etat": {"en_instruction"}})
		checkServerError(t, log, "designation", resp, body, "POST /conseillers/{id}/designation", "Audit")
		if strings.Contains(log.String(), "level=ERROR") && strings.Count(log.String(), "level=ERROR") != 3 {
			t.Errorf("%d error lines, want 3 (4xx are not errors):\n%s", strings.Count(log.String(), "level=ERROR"), log.String())
		}
	})
}
