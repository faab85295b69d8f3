package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// The mapping step of a register import (issue 15, item 8): the pilote
// uploads a file whose e-mail column is not recognised, sees how each column
// was understood, gives the column its field, chooses to create the unknown
// organisation, and imports; axe-core checks each page.
func TestImportCorrespondanceInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	file := filepath.Join(t.TempDir(), "registre.csv")
	if err := os.WriteFile(file, []byte("Nom;Prénom;Contact;Remarques;Organisation;Code postal;Commune\n"+
		"Dupré;Hélène;helene.dupre@exemple.fr;RAS;Fédération du paysage;34000;Montpellier\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	j.login("pilote@demo.example")
	j.step("formulaire d'import", chromedp.Navigate(srv.URL+"/import/conseillers"), chromedp.WaitVisible("#import-fichier"))
	checkAxe(t, ctx, "/import/conseillers")
	j.step("téléversement", chromedp.SetUploadFiles("#import-fichier", []string{file}),
		clickNavigate(`form[action="/import/conseillers"] button[type=submit]`), chromedp.WaitVisible("#correspondance"))
	waitText(t, ctx, "#correspondance", "2 colonne(s) non reconnue(s)")
	checkAxe(t, ctx, "/import/conseillers (correspondance)")

	j.step("la colonne Contact est le courriel", chromedp.SetValue("#colonne-2", "Email"),
		clickNavigate(`button[value=apercu]`), chromedp.WaitVisible("#org-0"))
	waitText(t, ctx, "main", "importés: 1")
	waitText(t, ctx, "main", "hors de l'académie de Toulouse")
	checkAxe(t, ctx, "/import/conseillers (organisations inconnues)")

	j.step("création de l'organisation et import", chromedp.SetValue("#org-0", "creer"),
		chromedp.Click(`button[value=importer]`))
	waitText(t, ctx, "main", "Registre importé")
	list, n, err := srv.App.Store.SearchConseillers(context.Background(), store.ConseillerFilter{Scope: model.Scope{National: true}, Email: "helene.dupre@exemple.fr", Limit: 1})
	if err != nil || n != 1 || list[0].Organisation != "Fédération du paysage" {
		t.Errorf("CEE importé : %d %+v %v", n, list, err)
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}
