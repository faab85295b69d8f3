package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/demo"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/storetest"
)

var (
	hiddenInput  = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`)
	importAction = regexp.MustCompile(`action="/import/conseillers/(\d+)"`)
)

// mappingForm is the mapping step's form as the page holds it (its hidden
// fields, each column's select left as shown), with changes.
func mappingForm(t *testing.T, page string, changes url.Values) (string, url.Values) {
	t.Helper()
	m := importAction.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("pas d'étape de correspondance dans la page :\n%s", page)
	}
	form := url.Values{}
	for _, h := range hiddenInput.FindAllStringSubmatch(page, -1) {
		name, value := h[1], html.UnescapeString(h[2])
		form.Set(name, value)
		if j, ok := strings.CutPrefix(name, "avant-"); ok {
			form.Set("colonne-"+j, value)
		}
	}
	for k, v := range changes {
		form[k] = v
	}
	return "/import/conseillers/" + m[1], form
}

// TestImportCorrespondance: the register's mapping step in the interface.
// A file whose e-mail column is not recognised shows how each column was
// understood (the unknown ones named) instead of refusing the file; the
// pilote gives the column its field; an organisation the académie does not
// have is not created until they choose; a commune of another académie is
// flagged; the choice of columns is remembered for the académie's next file.
func TestImportCorrespondance(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, databaseURL string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: databaseURL})
		ctx := context.Background()
		st := srv.App.Store
		c := newClient(t, srv)
		c.loginAs(demoEmail("pilote"))
		fichier := "Nom;Prénom;Contact;Remarques;Organisation;Code postal;Commune\n" +
			"Dupré;Hélène;helene.dupre@exemple.fr;RAS;Fédération du paysage;34000;Montpellier\n"

		resp, body := c.postFile("/import/conseillers", nil, "fichier", "registre.csv", fichier)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Courriel") {
			t.Fatalf("courriel non reconnu : %d, want 422 with the mapping step", resp.StatusCode)
		}
		for _, want := range []string{"Colonne « Contact »", "Colonne « Remarques »", "2 colonne(s) non reconnue(s)", "« Contact », « Remarques »"} {
			if !strings.Contains(body, want) {
				t.Errorf("étape de correspondance : %q absent", want)
			}
		}

		// The pilote says Contact is the e-mail: the preview is computed again.
		path, form := mappingForm(t, body, url.Values{"colonne-2": {"Email"}, "action": {"apercu"}})
		resp, body = c.post(path, form)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "importés: 1") {
			t.Fatalf("aperçu avec le choix : %d\n%s", resp.StatusCode, body)
		}
		for _, want := range []string{"Organisation « Fédération du paysage » (1 ligne(s))", "Créer l&#39;organisation « Fédération du paysage »",
			"hors de l&#39;académie de Toulouse", "1 colonne(s) non reconnue(s)"} {
			if !strings.Contains(body, want) {
				t.Errorf("aperçu : %q absent", want)
			}
		}

		// Confirmed without choosing for the organisation: nothing written.
		path, form = mappingForm(t, body, url.Values{"action": {"importer"}})
		resp, body = c.post(path, form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choisissez une organisation existante ou sa création") {
			t.Errorf("sans choix d'organisation : %d, want 422 with the field error", resp.StatusCode)
		}
		if _, n, _ := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Email: "helene.dupre@exemple.fr", Limit: 1}); n != 0 {
			t.Errorf("CEE importé sans choix d'organisation")
		}
		orgs, _ := st.ListOrganisations(ctx, demo.SmallAcademie)
		for _, o := range orgs {
			if o.Nom == "Fédération du paysage" {
				t.Fatalf("organisation créée sans choix")
			}
		}

		// The pilote chooses its creation: written, and remembered.
		path, form = mappingForm(t, body, url.Values{"action": {"importer"}, "org-0": {"creer"}})
		if form.Get("colonne-2") != "Email" {
			t.Errorf("le choix de la colonne Contact n'est pas gardé d'une étape à l'autre : %q", form.Get("colonne-2"))
		}
		resp, _ = c.post(path, form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("import confirmé : %d", resp.StatusCode)
		}
		list, n, _ := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Email: "helene.dupre@exemple.fr", Limit: 1})
		if n != 1 || list[0].Organisation != "Fédération du paysage" {
			t.Errorf("CEE importé : %d, %+v", n, list)
		}
		resp, body = c.postFile("/import/conseillers", nil, "fichier", "registre-2.csv", fichier)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Votre choix, mémorisé pour l&#39;académie.") {
			t.Errorf("nouveau fichier de l'académie : %d, le choix de Contact n'est pas mémorisé", resp.StatusCode)
		}
	})
}
