package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/model"
)

// The erasure journey: a CEE opens their data, downloads nothing but asks
// for erasure; the pilote sees the request and confirms; the CEE's record
// reads « Anonyme ». Each page passes axe-core.
func TestEffacementJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	st := srv.App.Store

	cee, err := st.GetCompteByEmail(context.Background(), "conseiller@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.PersonneOfCompte(context.Background(), cee.ID)
	if err != nil {
		t.Fatal(err)
	}

	j.step("accès sans compte", chromedp.Navigate(srv.URL+"/mes-donnees"), chromedp.WaitVisible("#donnees-email"))
	checkAxe(t, ctx, "/mes-donnees")
	j.step("lien demandé", chromedp.SendKeys("#donnees-email", "personne@inconnu.example"), chromedp.Submit("#donnees-email"), chromedp.WaitNotPresent("#donnees-email"))
	checkAxe(t, ctx, "/mes-donnees (envoyé)")

	j.login("conseiller@demo.example")
	j.step("mon compte", chromedp.Navigate(srv.URL+"/compte"), clickNavigate(`a[href="/compte/donnees"]`), chromedp.WaitVisible(`form[action="/compte/effacement"]`))
	checkAxe(t, ctx, "/compte/donnees")
	j.step("demande sans confirmation", clickNavigate(`form[action="/compte/effacement"] button[type=submit]`), chromedp.WaitVisible(`#effacement-confirmation-messages .fr-message--error, .fr-fieldset--error`))
	checkAxe(t, ctx, "/compte/effacement (erreur)")
	j.step("demande confirmée", chromedp.Click(`label[for="effacement-confirmation-1"]`),
		clickNavigate(`form[action="/compte/effacement"] button[type=submit]`), chromedp.WaitVisible(`.fr-alert--info`))
	if txt := run(t, ctx, chromedp.Text("main", chromedp.NodeVisible)); !strings.Contains(txt, "Demande d'effacement en cours") {
		t.Fatalf("request not shown: %q", txt)
	}
	j.logout()

	list, err := st.ListDemandesEffacement(context.Background(), model.Scope{National: true})
	if err != nil || len(list) != 1 {
		t.Fatalf("requests: %v %v", list, err)
	}
	id := list[0].ID
	j.login("pilote@demo.example")
	j.step("liste des demandes", chromedp.Navigate(srv.URL+"/"), clickNavigate(`a[href="/effacements"]`), chromedp.WaitVisible(fmt.Sprintf("#effacement-%d", id)))
	checkAxe(t, ctx, "/effacements")
	j.step("confirmation", chromedp.Click(fmt.Sprintf(`label[for="confirmation-%d-1"]`, id)),
		clickNavigate(fmt.Sprintf(`form[action="/effacements/%d/confirmation"] button[type=submit]`, id)), chromedp.WaitVisible(`.fr-alert--success`))
	checkAxe(t, ctx, "/effacements (après)")
	j.step("durées de conservation", chromedp.Navigate(srv.URL+"/parametres"), chromedp.WaitVisible("#param-conservation-cee"))
	checkAxe(t, ctx, "/parametres")
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
	c, err := st.GetConseillerInScope(context.Background(), p.ConseillerID, model.Scope{National: true})
	if err != nil || c.Nom != "Anonyme" {
		t.Errorf("CEE after erasure: %q %v", c.Nom, err)
	}
	if d, err := st.GetDemandeEffacement(context.Background(), id, model.Scope{National: true}); err != nil || d.Etat != model.EffacementEffectuee || d.Email != "" {
		t.Errorf("request after erasure: %+v %v", d, err)
	}
}
