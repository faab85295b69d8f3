package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/storetest"
)

// TestLongueursParEntite: campus, segments, resources, announcements and
// API tokens check their texts through their entity's validation
// (model.Campus.Errors…), in characters: a text at the limit in « é » (two
// bytes each) is accepted, one character more is a 422 with the field's
// message, the form kept, and nothing written (no row, no journal line).
func TestLongueursParEntite(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: u})
		pilote := newClient(t, srv)
		pilote.loginAs(demoEmail("pilote"))
		ctx := context.Background()
		count := func(t *testing.T, table string) int {
			t.Helper()
			var n int
			if err := srv.App.Store.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// refused posts form with one field too long and checks the 422, the
		// message, the value kept in the form, and that neither table nor
		// the journal changed.
		refused := func(t *testing.T, table, path string, form url.Values, message string) {
			t.Helper()
			rows, journal := count(t, table), count(t, "journal")
			resp, body := pilote.post(path, form)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, message) {
				t.Errorf("POST %s: %d, want 422 with %q", path, resp.StatusCode, message)
			}
			for k := range form {
				if v := form.Get(k); len(v) > 100 && !strings.Contains(body, v) {
					t.Errorf("POST %s: the form lost field %s", path, k)
				}
			}
			if n := count(t, table); n != rows {
				t.Errorf("POST %s: %d rows in %s, want %d: nothing written", path, n, table, rows)
			}
			if n := count(t, "journal"); n != journal {
				t.Errorf("POST %s: %d journal lines, want %d", path, n, journal)
			}
		}
		accepted := func(t *testing.T, table, path string, form url.Values) {
			t.Helper()
			rows := count(t, table)
			if resp, _ := pilote.post(path, form); resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusCreated {
				t.Errorf("POST %s at the limit in characters: %d, want it accepted", path, resp.StatusCode)
			}
			if n := count(t, table); n != rows+1 {
				t.Errorf("POST %s: %d rows in %s, want %d", path, n, table, rows+1)
			}
		}
		e := func(n int) string { return strings.Repeat("é", n) }

		t.Run("campus", func(t *testing.T) {
			refused(t, "campus", "/campus", url.Values{"nom": {e(201)}, "type": {"cmq"}}, "Le nom ne doit pas dépasser 200 caractères.")
			accepted(t, "campus", "/campus", url.Values{"nom": {e(200)}, "type": {"cmq"}})
		})
		t.Run("segment", func(t *testing.T) {
			refused(t, "segments", "/animation/segments", url.Values{"qui": {"conseillers"}, "nom": {e(201)}}, "Le nom ne doit pas dépasser 200 caractères.")
			accepted(t, "segments", "/animation/segments", url.Values{"qui": {"conseillers"}, "nom": {e(200)}})
		})
		t.Run("ressource", func(t *testing.T) {
			link := url.Values{"titre": {"Guide"}, "url": {"https://eduscol.education.fr/guide"}}
			long := url.Values{"titre": {e(201)}, "url": link["url"]}
			refused(t, "ressources", "/animation/ressources", long, "Le titre ne doit pas dépasser 200 caractères.")
			long = url.Values{"titre": link["titre"], "url": link["url"], "description": {e(4001)}}
			refused(t, "ressources", "/animation/ressources", long, "La description ne doit pas dépasser 4")
			long = url.Values{"titre": link["titre"], "url": link["url"], "categorie": {e(201)}}
			refused(t, "ressources", "/animation/ressources", long, "La catégorie ne doit pas dépasser 200 caractères.")
			accepted(t, "ressources", "/animation/ressources", url.Values{"titre": {e(200)}, "url": link["url"], "description": {e(4000)}})
		})
		t.Run("annonce", func(t *testing.T) {
			var seg string
			if err := srv.App.Store.DB().QueryRowContext(ctx, "SELECT MAX(id) FROM segments WHERE academie = '16'").Scan(&seg); err != nil {
				t.Fatal(err)
			}
			refused(t, "annonces", "/animation/annonces", url.Values{"segment": {seg}, "titre": {e(201)}, "corps": {"Bonjour."}},
				"L&#39;objet ne doit pas dépasser 200 caractères.")
			refused(t, "annonces", "/animation/annonces", url.Values{"segment": {seg}, "titre": {"Lettre"}, "corps": {e(20001)}},
				"Le message ne doit pas dépasser 20")
			form := url.Values{"segment": {seg}, "titre": {e(200)}, "corps": {"Bonjour."}}
			_, body := pilote.post("/animation/annonces", form)
			form.Set("confirmer", confirmedCount(t, body))
			accepted(t, "annonces", "/animation/annonces", form)
		})
		t.Run("annulation", func(t *testing.T) {
			// The reason for cancelling an event goes to every registered
			// person: too long, it is refused, not cut (it was cut at 500
			// bytes, possibly inside a character).
			var id, etat string
			q := "SELECT CAST(id AS TEXT), etat FROM evenements WHERE academie = '16' AND etat <> 'annule' ORDER BY id LIMIT 1"
			if err := srv.App.Store.DB().QueryRowContext(ctx, q).Scan(&id, &etat); err != nil {
				t.Fatal(err)
			}
			refused(t, "journal", "/animation/evenements/"+id+"/annulation", url.Values{"motif": {e(501)}}, "Le motif ne doit pas dépasser 500 caractères.")
			var now string
			srv.App.Store.DB().QueryRowContext(ctx, "SELECT etat FROM evenements WHERE id = "+id).Scan(&now)
			if now != etat {
				t.Errorf("event %s: %s after a refused cancellation, want %s", id, now, etat)
			}
		})
		t.Run("jeton", func(t *testing.T) {
			c, err := srv.App.Store.GetCompteByEmail(ctx, demoEmail("pilote"))
			if err != nil {
				t.Fatal(err)
			}
			form := func(nom string) url.Values {
				return url.Values{"nom": {nom}, "acces": {"lecture"}, "habilitation": {itoa(c.Habilitations[0].ID)},
					"expire": {time.Now().AddDate(0, 1, 0).Format(time.DateOnly)}}
			}
			refused(t, "jetons_api", "/compte/jetons", form(e(101)), "Le nom du jeton ne doit pas dépasser 100 caractères.")
			accepted(t, "jetons_api", "/compte/jetons", form(e(100)))
		})
	})
}
