package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

var tropLoin = regexp.MustCompile(`trop loin (\d+)`)

// After sending, the pilote and the request's author change its maximum
// distance on its page: out of range (0, 10,000 km, not a number) is
// refused with a French message and the value kept, nothing written; a
// valid one is saved and the candidates are ranked with it (more of them
// « trop loin »); once the request is closed it no longer changes.
func TestDemandeDistanceApresEnvoi(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ecole := newClient(t, srv)
	ecole.loginAs(demoEmail("etablissement"))
	resp, _ := ecole.post("/demandes", url.Values{"action": {"soumettre"}, "type": {"intervention"}, "titre": {"Métiers de l'énergie"},
		"date1": {nextWeekday().Format("2006-01-02")}, "moment1": {"AM"}, "personnes": {"1"}, "naf": {"D"}, "niveaux": {"3e"}, "eleves": {"24"},
		"contact_email": {demoEmail("etablissement")}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	id := mustID(t, strings.TrimPrefix(loc, "/demandes/"))
	distance := func() int {
		d, err := srv.App.Store.GetDemande(context.Background(), id, store.DemandeFilter{Scope: model.Scope{National: true}})
		if err != nil {
			t.Fatal(err)
		}
		return d.DistanceMaxKm
	}
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	// The pilote validates it if the académie asks for it.
	pilote.post(loc+"/etat", url.Values{"etat": {"en_recherche"}})
	_, avant := pilote.get(loc)
	if !strings.Contains(avant, `action="`+loc+`/distance"`) {
		t.Fatalf("no distance form on the pilote's page")
	}

	for _, bad := range []string{"0", "10000", "loin", "-5"} {
		resp, body := pilote.post(loc+"/distance", url.Values{"distance_max_km": {bad}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "de 1 à 500 km") || !strings.Contains(body, `value="`+bad+`"`) {
			t.Errorf("%q: %d, want 422 with the range and the value kept", bad, resp.StatusCode)
		}
		if distance() != 0 {
			t.Fatalf("%q was written", bad)
		}
	}

	exclus := func(body string) int {
		m := tropLoin.FindStringSubmatch(body)
		if m == nil {
			return 0
		}
		return int(mustID(t, m[1]))
	}
	if resp, _ := pilote.post(loc+"/distance", url.Values{"distance_max_km": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("1 km: %d", resp.StatusCode)
	}
	if distance() != 1 {
		t.Fatalf("distance %d, want 1", distance())
	}
	_, apres := pilote.get(loc)
	if !strings.Contains(apres, "1 km") || exclus(apres) <= exclus(avant) {
		t.Errorf("ranked with 1 km: %d « trop loin » (before: %d)", exclus(apres), exclus(avant))
	}
	lignes, _, err := srv.App.Store.ListJournal(context.Background(), store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditDemande, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	journal := false
	for _, l := range lignes {
		journal = journal || (l.ObjetID == strings.TrimPrefix(loc, "/demandes/") && strings.Contains(l.Detail, "distance maximale : valeur de l'académie → 1 km"))
	}
	if !journal {
		t.Error("the change of distance is not in the journal")
	}
	// The author puts the académie's value back.
	if resp, _ := ecole.post(loc+"/distance", url.Values{"distance_max_km": {""}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("author, empty: %d", resp.StatusCode)
	}
	if distance() != 0 {
		t.Errorf("distance %d, want 0 (the académie's)", distance())
	}
	if resp, _ := pilote.post(loc+"/etat", url.Values{"etat": {"annulee"}, "motif": {"Sortie reportée"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancellation: %d", resp.StatusCode)
	}
	resp, body := pilote.post(loc+"/distance", url.Values{"distance_max_km": {"80"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "ne sert plus") || distance() != 0 {
		t.Errorf("cancelled request: %d, distance %d", resp.StatusCode, distance())
	}
}
