package web_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cee/internal/apptest"
	"cee/internal/demo"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

func readXLSX(t *testing.T, body, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("XLSX unreadable: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %q: %v", sheet, err)
	}
	return rows
}

func column(rows [][]string, i int) []string {
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[i])
	}
	return out
}

// TestExports takes the lists out as a pilote and an admin, opens the files
// back and checks them against the lists, the role's scope, the journal,
// bad filters, and an export prepared by a job.
func TestExports(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: u})
		ctx := context.Background()
		st := srv.App.Store
		// A request of another académie: the pilote of Toulouse must not
		// export it, the admin must.
		ailleurs, err := st.CreateDemande(ctx, model.Demande{Academie: "01", Departement: "75", Type: model.TypeForum, Titre: "Forum à Paris",
			Etat: model.DemandeEnRecherche, Personnes: 1, Echeance: time.Now().AddDate(0, 1, 0)})
		if err != nil {
			t.Fatal(err)
		}

		pilote := newClient(t, srv)
		pc := pilote.loginAs(demoEmail("pilote"))
		want, _, err := st.ListDemandes(ctx, store.DemandeFilter{Scope: model.Scope{Academie: demo.SmallAcademie}, CompteID: pc.ID, Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) < 5 {
			t.Fatalf("demo has %d requests in Toulouse: too few to check anything", len(want))
		}
		var wantIDs []string
		for _, d := range want {
			wantIDs = append(wantIDs, strconv.FormatInt(d.ID, 10))
		}

		t.Run("CSV as the list", func(t *testing.T) {
			resp, body := pilote.get("/demandes/export?etat=tous&format=csv")
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
				t.Fatalf("status %d, type %q: %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			if !strings.HasPrefix(body, "\ufeff") {
				t.Errorf("no byte-order mark: %.40q", body)
			}
			recs := readCSV(t, body)
			if recs[0][0] != "N°" || recs[0][1] != "Titre" {
				t.Errorf("header %q", recs[0])
			}
			if got := column(recs, 0); !slices.Equal(got, wantIDs) {
				t.Errorf("exported ids %v, list has %v", got, wantIDs)
			}
			if slices.Contains(column(recs, 0), strconv.FormatInt(ailleurs, 10)) {
				t.Error("the pilote of Toulouse exported a request of Paris")
			}
			if recs[1][1] != want[0].Titre || recs[1][3] != want[0].Etat.Label() {
				t.Errorf("first row %q, want title %q and state %q", recs[1], want[0].Titre, want[0].Etat.Label())
			}
		})

		t.Run("the list's default", func(t *testing.T) {
			// Without a state, a pilote's list shows the open requests: so
			// does its « Exporter » link.
			var ouvertes []string
			for _, d := range want {
				if d.Etat == model.DemandeAValider || d.Etat == model.DemandeEnRecherche || d.Etat == model.DemandePourvue {
					ouvertes = append(ouvertes, strconv.FormatInt(d.ID, 10))
				}
			}
			_, page := pilote.get("/demandes")
			if !strings.Contains(page, strconv.Itoa(len(ouvertes))+" demande(s)") || !strings.Contains(page, `href="/demandes/export?format=csv"`) {
				t.Fatalf("the list does not show %d open requests with its export link", len(ouvertes))
			}
			_, body := pilote.get("/demandes/export?format=csv")
			if got := column(readCSV(t, body), 0); len(ouvertes) == 0 || len(ouvertes) == len(wantIDs) || !slices.Equal(got, ouvertes) {
				t.Errorf("exported %d requests, the list shows %d open ones (of %d)", len(got), len(ouvertes), len(wantIDs))
			}
		})

		t.Run("XLSX with the list's filter", func(t *testing.T) {
			resp, body := pilote.get("/demandes/export?etat=en_recherche&format=xlsx")
			if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), ".xlsx") {
				t.Fatalf("status %d, disposition %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
			}
			rows := readXLSX(t, body, "Demandes")
			var ids []string
			for _, d := range want {
				if d.Etat == model.DemandeEnRecherche {
					ids = append(ids, strconv.FormatInt(d.ID, 10))
				}
			}
			if got := column(rows, 0); len(ids) == 0 || !slices.Equal(got, ids) {
				t.Errorf("exported ids %v, want the searching ones %v", got, ids)
			}
		})

		t.Run("journal line", func(t *testing.T) {
			lines, _, err := st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditExport, Email: pc.Email})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, l := range lines {
				if l.ObjetType == "export" && strings.HasPrefix(l.Detail, "demandes : ") && strings.Contains(l.Detail, strconv.Itoa(len(wantIDs))+" ligne(s), CSV") {
					found = true
				}
			}
			if !found {
				t.Errorf("no journal line for the CSV export of %d requests: %+v", len(wantIDs), lines)
			}
		})

		t.Run("admin sees every académie", func(t *testing.T) {
			admin := newClient(t, srv)
			admin.loginAs(demoEmail("admin"))
			_, body := admin.get("/demandes/export?etat=tous")
			if !slices.Contains(column(readCSV(t, body), 0), strconv.FormatInt(ailleurs, 10)) {
				t.Error("the admin's export lacks the request of Paris")
			}
		})

		t.Run("other lists open back", func(t *testing.T) {
			for _, c := range []struct{ path, first string }{
				{"/sollicitations/export", "N° de demande"},
				{"/actions/export", "Date"},
				{"/professionnels/export", "Civilité"},
				{"/journal/export", "Date et heure (UTC)"},
			} {
				resp, body := pilote.get(c.path + "?format=xlsx")
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s: status %d", c.path, resp.StatusCode)
					continue
				}
				f, err := excelize.OpenReader(strings.NewReader(body))
				if err != nil {
					t.Errorf("%s: %v", c.path, err)
					continue
				}
				rows, _ := f.GetRows(f.GetSheetName(0))
				f.Close()
				if len(rows) < 2 || rows[0][0] != c.first {
					t.Errorf("%s: %d rows, header %q", c.path, len(rows), rows[0])
				}
			}
		})

		t.Run("actions of one CEE, from their page", func(t *testing.T) {
			var cee int64
			err := st.EachIntervention(ctx, store.InterventionFilter{Scope: model.Scope{Academie: demo.SmallAcademie}, Limit: 1}, func(i store.InterventionLigne) error {
				cee = i.ConseillerID
				return nil
			})
			if err != nil || cee == 0 {
				t.Fatalf("no action in the demo: %v", err)
			}
			want, err := st.ListInterventions(ctx, cee, time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			_, page := pilote.get("/conseillers/" + strconv.FormatInt(cee, 10) + "/actions")
			href := "/actions/export?conseiller=" + strconv.FormatInt(cee, 10) + "&amp;format=csv"
			if !strings.Contains(page, href) {
				t.Fatalf("the CEE's actions page has no « Exporter » link %q", href)
			}
			_, body := pilote.get(strings.ReplaceAll(href, "&amp;", "&"))
			recs := readCSV(t, body)
			if len(recs)-1 != len(want) {
				t.Errorf("%d actions exported, the page lists %d", len(recs)-1, len(want))
			}
			for _, r := range recs[1:] {
				if r[1] != recs[1][1] {
					t.Errorf("an action of %q among those of %q", r[1], recs[1][1])
				}
			}
		})

		t.Run("contradictory filters", func(t *testing.T) {
			resp, body := pilote.get("/sollicitations/export?du=2026-05-10&au=2026-05-01")
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "La date de fin (01/05/2026) précède la date de début (10/05/2026)") {
				t.Errorf("status %d: %s", resp.StatusCode, body)
			}
			if !strings.Contains(body, `value="2026-05-10"`) {
				t.Error("the form lost the dates typed")
			}
			resp, body = pilote.get("/demandes/export?etat=pourvue&etat_demande=annulee")
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Deux états différents sont demandés") {
				t.Errorf("status %d: %s", resp.StatusCode, body)
			}
		})

		t.Run("prepared by a job", func(t *testing.T) {
			old := workflow.SeuilExportDirect
			workflow.SeuilExportDirect = 2
			defer func() { workflow.SeuilExportDirect = old }()
			resp, _ := pilote.get("/demandes/export?etat=tous&format=xlsx")
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/exports/\d+$`).MatchString(loc) {
				t.Fatalf("status %d, location %q: want a prepared export", resp.StatusCode, loc)
			}
			_, page := pilote.get(loc)
			if !strings.Contains(page, strconv.Itoa(len(wantIDs))+" ligne(s) à écrire") {
				t.Errorf("the page does not say how many rows: %s", page)
			}
			deadline := time.Now().Add(30 * time.Second)
			for !strings.Contains(page, "Télécharger") {
				if time.Now().After(deadline) {
					t.Fatalf("not ready after 30 s: %s", page)
				}
				time.Sleep(200 * time.Millisecond)
				_, page = pilote.get(loc)
			}
			resp, body := pilote.get(loc + "/fichier")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("download: %d", resp.StatusCode)
			}
			if got := column(readXLSX(t, body, "Demandes"), 0); !slices.Equal(got, wantIDs) {
				t.Errorf("prepared file ids %v, want %v", got, wantIDs)
			}
			other := newClient(t, srv)
			other.loginAs(demoEmail("admin"))
			if resp, _ := other.get(loc + "/fichier"); resp.StatusCode != http.StatusNotFound {
				t.Errorf("another person's download: %d, want 404", resp.StatusCode)
			}
			_, list := pilote.get("/exports")
			if !strings.Contains(list, loc+"/fichier") {
				t.Error("the page of exports does not offer the prepared file")
			}
		})
	})
}
