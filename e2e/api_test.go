package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
)

// The API's journey in the browser: a pilote creates a token, copies it,
// revokes it; the public reference page reads well. axe on each page.
func TestAPITokenJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	pilote, err := srv.App.Store.GetCompteByEmail(context.Background(), "pilote@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/dev/connexion"), chromedp.WaitVisible("main form"),
		clickNavigate(fmt.Sprintf(`form[action="/dev/connexion/%d"] button`, pilote.ID)), chromedp.WaitVisible(`a[href="/journal"]`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/compte/jetons"), chromedp.WaitVisible("#jeton-nom")); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "/compte/jetons")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys("#jeton-nom", "Outil du pôle de stage"),
		chromedp.Click(`label[for="jeton-acces-2"]`),
		clickNavigate(`form[action="/compte/jetons"] button[type="submit"]`),
		chromedp.WaitVisible("#jeton-nouveau")); err != nil {
		t.Fatal(err)
	}
	secret := run(t, ctx, chromedp.Value("#jeton-nouveau"))
	if !strings.HasPrefix(secret, "cee_") {
		t.Fatalf("jeton affiché %q", secret)
	}
	checkAxe(t, ctx, "/compte/jetons (jeton créé)")
	if err := chromedp.Do(ctx, chromedp.Click(`form[action$="/revoquer"] button`), chromedp.WaitNotPresent("#jeton-nouveau")); err != nil {
		t.Fatal(err)
	}
	if body := run(t, ctx, chromedp.Text("#jetons", chromedp.NodeVisible)); !strings.Contains(body, "Révoqué") || !strings.Contains(body, "lecture et écriture") {
		t.Errorf("liste après révocation : %q", body)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/developpeurs/api"), chromedp.WaitVisible("#op-creerDemande")); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "/developpeurs/api")
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}
