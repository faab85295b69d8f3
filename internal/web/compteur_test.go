package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

var (
	attenteLien = regexp.MustCompile(`<li><a href="([^"]+)">(\d+) ([^<]+)</a></li>`)
	totalListe  = regexp.MustCompile(`<p role="status">(\d+) (?:demande|conseiller|personne)\(s\)</p>`)
)

// lignesTableau counts the rows of the first table body of a page.
func lignesTableau(t *testing.T, body string) int {
	t.Helper()
	i := strings.Index(body, "<tbody")
	if i < 0 {
		return 0
	}
	j := strings.Index(body[i:], "</tbody>")
	return strings.Count(body[i:i+j], "<tr")
}

// TestCompteursEgaux: on the demo data, every number of « À traiter » is
// the number of lines of the list it links to (the total the list shows,
// and its rows when they fit one page), for the pilote, an inspector and a
// CEE; and the dashboard's « mandats arrivant à échéance » is the number
// of lines of /mandats.
func TestCompteursEgaux(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	// The jobs run at start expire the demo's overdue solicitations: a
	// count read before and its list read after would differ.
	srv.SettlePeriodic(t)
	for _, role := range []string{"pilote", "inspecteur", "conseiller"} {
		t.Run(role, func(t *testing.T) {
			c := newClient(t, srv)
			c.loginAs(demoEmail(role))
			_, body := c.get("/notifications")
			liens := attenteLien.FindAllStringSubmatch(body, -1)
			if want := map[string]int{"pilote": 3, "inspecteur": 1}[role]; len(liens) < want {
				t.Fatalf("the demo should give the %s at least %d queue(s), got %d:\n%s", role, want, len(liens), body)
			}
			for _, l := range liens {
				href, n := strings.ReplaceAll(l[1], "&amp;", "&"), l[2]
				resp, list := c.get(href)
				if resp.StatusCode != 200 {
					t.Errorf("%s: %d", href, resp.StatusCode)
					continue
				}
				m := totalListe.FindStringSubmatch(list)
				if m == nil {
					t.Errorf("%s: no total on the list", href)
					continue
				}
				if m[1] != n {
					t.Errorf("« %s %s » leads to %s (%s) with %s line(s)", n, l[3], href, role, m[1])
				}
				if k, _ := strconv.Atoi(n); k <= 25 {
					if rows := lignesTableau(t, list); strconv.Itoa(rows) != n {
						t.Errorf("« %s %s »: %d rows on %s", n, l[3], rows, href)
					}
				}
			}
		})
	}
	t.Run("mandats", func(t *testing.T) {
		c := newClient(t, srv)
		c.loginAs(demoEmail("pilote"))
		now := time.Now()
		ind, err := srv.App.Store.IndicateursCEE(context.Background(), store.IndicateurFilter{Annee: model.AnneeScolaireOf(now), Now: now, Academie: "16"})
		if err != nil {
			t.Fatal(err)
		}
		if ind.FinProche == 0 {
			t.Fatal("the demo should have mandates ending within 90 days")
		}
		_, body := c.get("/mandats")
		if rows := lignesTableau(t, body); rows != ind.FinProche {
			t.Errorf("dashboard: %d mandats arrivant à échéance; /mandats lists %d", ind.FinProche, rows)
		}
	})
}

// TestSansAvisVisible: on the designation step of a candidature in
// instruction, the pilote reads that no inspector gave an opinion; once
// one does, the warning goes.
func TestSansAvisVisible(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	st := srv.App.Store
	ctx := context.Background()
	list, _, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: "16"}, File: store.FileAAviser, Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("the demo should have a candidature in instruction without opinion: %v", err)
	}
	path := "/conseillers/" + itoa(list[0].ID)
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if _, body := pilote.get(path); !strings.Contains(body, "Aucun avis de l&#39;inspection") {
		t.Fatal("the pilote is not told that no opinion was given")
	}
	insp := newClient(t, srv)
	insp.loginAs(demoEmail("inspecteur"))
	if resp, _ := insp.post(path+"/avis", url.Values{"avis": {"favorable"}}); resp.StatusCode != 303 {
		t.Fatalf("opinion: %d", resp.StatusCode)
	}
	if _, body := pilote.get(path); strings.Contains(body, "Aucun avis de l&#39;inspection") || !strings.Contains(body, "Favorable") {
		t.Error("after the opinion, the page still says none was given")
	}
}
