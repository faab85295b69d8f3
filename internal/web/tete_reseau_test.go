package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/demo"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

// TestTeteReseau: the demo's tête de réseau (a confederation whose
// organisations are in the académie and in a neighbour one) reads exactly
// its members' CEE of both académies — directory, record, export, service
// page, conventions, dashboard and API — and none of another organisation's;
// it writes nothing.
func TestTeteReseau(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, databaseURL string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: databaseURL})
		ctx := context.Background()
		st := srv.App.Store
		compte, err := st.GetCompteByEmail(ctx, demoEmail("tete-reseau"))
		if err != nil {
			t.Fatal(err)
		}
		tete, _ := strconv.ParseInt(compte.Habilitations[0].Ref, 10, 64)
		membres, err := st.MembresReseau(ctx, tete)
		if err != nil {
			t.Fatal(err)
		}
		estMembre, academies := map[int64]bool{}, map[string]bool{}
		for _, o := range membres {
			estMembre[o.ID] = true
			for _, a := range o.Academies {
				academies[a] = true
			}
		}
		if !academies[demo.SmallAcademie] || !academies[demo.AcademieVoisine] {
			t.Fatalf("le réseau de démonstration couvre %v, want les académies %s et %s", academies, demo.SmallAcademie, demo.AcademieVoisine)
		}
		tous, _, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		dedans := map[int64]model.Conseiller{}
		var dehors []int64
		parAcademie := map[string]int{}
		for _, c := range tous {
			if estMembre[c.OrganisationID] {
				dedans[c.ID] = c
				parAcademie[c.Academie]++
			} else {
				dehors = append(dehors, c.ID)
			}
		}
		if parAcademie[demo.SmallAcademie] == 0 || parAcademie[demo.AcademieVoisine] == 0 || len(dehors) == 0 {
			t.Fatalf("données : CEE du réseau par académie %v, %d hors du réseau", parAcademie, len(dehors))
		}

		c := newClient(t, srv)
		c.loginAs(demoEmail("tete-reseau"))

		// The directory, page by page: exactly the network's CEE.
		vus := annuaireVu(t, c)
		for id := range vus {
			if _, ok := dedans[id]; !ok {
				t.Errorf("annuaire : le CEE %d hors du réseau", id)
			}
		}
		if len(vus) != len(dedans) {
			t.Errorf("annuaire : %d CEE vus, want les %d du réseau", len(vus), len(dedans))
		}
		for _, id := range dehors[:min(5, len(dehors))] {
			if resp, _ := c.get("/conseillers/" + itoa(id)); resp.StatusCode != http.StatusNotFound {
				t.Errorf("fiche du CEE %d hors du réseau : %d, want 404", id, resp.StatusCode)
			}
		}
		var voisin model.Conseiller
		for _, x := range dedans {
			if x.Academie == demo.AcademieVoisine {
				voisin = x
			}
		}
		if resp, body := c.get("/conseillers/" + itoa(voisin.ID)); resp.StatusCode != http.StatusOK || !strings.Contains(body, voisin.Nom) {
			t.Errorf("fiche du CEE %d de l'académie voisine : %d", voisin.ID, resp.StatusCode)
		}

		// The export: the network's CEE, each once.
		resp, body := c.get("/conseillers/export.csv")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("export : %d", resp.StatusCode)
		}
		if rows := readCSV(t, body); len(rows)-1 != len(dedans) {
			t.Errorf("export : %d lignes, want les %d CEE du réseau", len(rows)-1, len(dedans))
		}

		// The actions' export: those of the network's CEE only.
		actions := 0
		if err := st.EachIntervention(ctx, store.InterventionFilter{Scope: model.Scope{National: true}}, func(i store.InterventionLigne) error {
			if _, ok := dedans[i.ConseillerID]; ok {
				actions++
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		resp, body = c.get("/actions/export?format=csv")
		if rows := readCSV(t, body); resp.StatusCode != http.StatusOK || actions == 0 || len(rows)-1 != actions {
			t.Errorf("export des actions : %d, %d lignes, want les %d actions des CEE du réseau", resp.StatusCode, len(rows)-1, actions)
		}

		// The service of its CEE in mandate, in both académies, with their
		// organisation; and the conventions of its members, in both.
		resp, body = c.get("/reseau/service")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, voisin.Nom) || !strings.Contains(body, voisin.Organisation) {
			t.Errorf("service du réseau : %d, sans %s (%s)", resp.StatusCode, voisin.NomComplet(), voisin.Organisation)
		}
		resp, body = c.get("/mes-conventions")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Conventions de notre réseau") ||
			!strings.Contains(body, "CONV-"+demo.AcademieVoisine) || !strings.Contains(body, "CONV-"+demo.SmallAcademie) {
			t.Errorf("conventions du réseau : %d, sans celles des deux académies", resp.StatusCode)
		}
		if strings.Contains(body, "Déposer") || strings.Contains(body, `method="post"`) && strings.Contains(body, "/conventions/") {
			t.Error("conventions du réseau : un formulaire d'écriture")
		}

		// The dashboard counts the network's CEE in mandate of both académies.
		if resp, body := c.get("/tableau-de-bord"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "CFDT") {
			t.Errorf("tableau de bord : %d, sans le nom du réseau", resp.StatusCode)
		}
		resp, body = c.get("/tableau-de-bord/" + model.IndCEEOrganisation + ".csv")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("tableau de bord : %d", resp.StatusCode)
		}
		orgs := map[string]bool{}
		for _, r := range readCSV(t, body)[1:] {
			orgs[r[0]] = true
		}
		if !orgs[voisin.Organisation] || len(orgs) < 2 {
			t.Errorf("CEE en mandat par organisation : %v, want les organisations du réseau des deux académies", orgs)
		}
		for o := range orgs {
			if !strings.HasPrefix(o, "CFDT") {
				t.Errorf("CEE en mandat par organisation : %q hors du réseau", o)
			}
		}

		// The API: the same CEE.
		token := apiToken(t, st, demoEmail("tete-reseau"))
		api := apiAll(t, srv, token, "/api/v1/conseillers")
		if len(api) != len(dedans) {
			t.Errorf("API : %d CEE, want les %d du réseau", len(api), len(dedans))
		}

		// Read-only: no designation, no proposal, no référent, no account.
		for _, w := range []struct{ method, path string }{
			{"POST", "/conseillers/" + itoa(voisin.ID) + "/designation"},
			{"GET", "/conseillers/proposer"},
			{"GET", "/reseau/propositions"},
			{"GET", "/reseau/referents"},
			{"GET", "/comptes/inviter"},
			{"GET", "/conseillers/" + itoa(voisin.ID) + "/profil"},
		} {
			var resp *http.Response
			if w.method == "POST" {
				resp, _ = c.post(w.path, url.Values{"etat": {"terminee"}})
			} else {
				resp, _ = c.get(w.path)
			}
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s : %d, want 403", w.method, w.path, resp.StatusCode)
			}
		}
	})
}
