package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/storetest"
)

// The API gives a user error's message in detail; a failure of the
// database is a 500 whose detail gives the request id and no text of the
// error, logged with the id, the route and the store operation.
func TestProblemeSansTexteDuPilote(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		log := &apptest.LogBuffer{}
		f := setupOptions(t, apptest.Options{Demo: true, DatabaseURL: u, Log: log})
		nouvelle := `{"titre":"Présenter le métier de boulanger"}`

		// A refusal by the rules: 409 with its French message.
		created := f.call(t, "etablissement", "POST", "/api/v1/demandes", nouvelle)
		if created.Status != http.StatusCreated {
			t.Fatalf("creation: %d %s", created.Status, created.Body)
		}
		loc := "/api/v1/demandes/" + strings.TrimPrefix(created.Header.Get("Location"), "/api/v1/demandes/")
		etag := created.Header.Get("ETag")
		a := f.call(t, "etablissement", "POST", loc+"/transitions", `{"etat":"annulee"}`, "If-Match", etag)
		if a.Status != http.StatusConflict || !strings.Contains(fmt.Sprint(field(a.JSON, "detail")), "Indiquez pourquoi la demande est annulée") {
			t.Errorf("refusal: %d %s", a.Status, a.Body)
		}

		storetest.Panne(t, f.st, "demandes")
		a = f.call(t, "etablissement", "POST", "/api/v1/demandes", nouvelle)
		if a.Status != http.StatusInternalServerError {
			t.Fatalf("failure: %d, want 500\n%s", a.Status, a.Body)
		}
		id := a.Header.Get("X-Request-Id")
		if detail := fmt.Sprint(field(a.JSON, "detail")); id == "" || !strings.Contains(detail, id) {
			t.Errorf("detail %q lacks the request id %q", detail, id)
		}
		for _, s := range []string{"SQLITE", "constraint", "SQLSTATE", "ERROR:", storetest.PanneMessage} {
			if strings.Contains(string(a.Body), s) {
				t.Errorf("the problem shows the driver's text %q: %s", s, a.Body)
			}
		}
		var line string
		for _, l := range strings.Split(log.String(), "\n") {
			if strings.Contains(l, "level=ERROR") && strings.Contains(l, "request_id="+id) {
				line = l
			}
		}
		for _, want := range []string{`pattern="POST /api/v1/demandes"`, "CreateDemande", storetest.PanneMessage} {
			if !strings.Contains(line, want) {
				t.Errorf("log line lacks %q:\n%s", want, line)
			}
		}
	})
}
