package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// Issue 19, item 2 in a browser: a school asks for four internship places;
// two people accept through their mail's link, offering three and two; the
// search stops on the places, not the people; the school confirms the
// places host by host (more than offered is refused on its field) and the
// pupils placed.
func TestPlacesStageInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, _ := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	st := srv.App.Store
	national := store.DemandeFilter{Scope: model.Scope{National: true}}
	jour := jourOuvre(time.Now().AddDate(0, 0, 12))

	j.login("etablissement@demo.example")
	j.step("formulaire", chromedp.Navigate(srv.URL+"/demandes/nouvelle"), chromedp.WaitVisible("#demande-places"),
		chromedp.SetValue("#demande-type", "stage"),
		chromedp.SendKeys("#demande-titre", "PFMP des terminales"),
		chromedp.SetValue("#demande-date1", jour.Format("2006-01-02")),
		chromedp.SetValue("#demande-personnes", "2"),
		chromedp.SetValue("#demande-places", "4"),
		clickNavigate(`button[name=action][value=soumettre]`),
		chromedp.WaitVisible(".fr-alert--success"))
	path := run(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	var id int64
	fmt.Sscan(strings.TrimPrefix(path, "/demandes/"), &id)
	d, err := st.GetDemande(context.Background(), id, national)
	if err != nil || d.Places != 4 || d.Type != model.TypeStage {
		t.Fatalf("stage request: %+v %v", d, err)
	}
	j.logout()

	j.login("pilote@demo.example")
	j.step("sollicitation", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible("#candidats"),
		func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[any](`document.querySelectorAll('input[name=candidat][value^="c-"]').forEach((b, i) => { if (i < 2) b.checked = true })`)(ctx, tg)
			return chromedp.Void{}, err
		},
		clickNavigate(`form[action$="/sollicitations"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	j.logout()
	sols, _ := st.ListSollicitations(context.Background(), id)
	if len(sols) != 2 {
		t.Fatalf("%d solicitations", len(sols))
	}
	accepte := func(so model.Sollicitation, places string) {
		t.Helper()
		var link string
		for i := 0; i < 50 && link == ""; i++ { // the mail goes out through the job queue
			if m, ok := newestMailTo(srv, so.Email, "besoin de vous"); ok {
				link = reponseLinks.FindAllString(m, -1)[0]
			}
			time.Sleep(100 * time.Millisecond)
		}
		j.step("acceptation "+so.Nom, chromedp.Navigate(link), chromedp.WaitVisible(`#reponse-places`),
			chromedp.SetValue(`#reponse-places`, places), clickNavigate(`main form button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
		if txt := run(t, ctx, chromedp.Text(".fr-alert")); !strings.Contains(txt, "participation est enregistrée") {
			t.Fatalf("acceptance of %s: %q", so.Nom, txt)
		}
	}
	// Without places, the link's page asks again, on its field.
	var link string
	for i := 0; i < 50 && link == ""; i++ {
		if m, ok := newestMailTo(srv, sols[0].Email, "besoin de vous"); ok {
			link = reponseLinks.FindAllString(m, -1)[0]
		}
		time.Sleep(100 * time.Millisecond)
	}
	j.step("sans places", chromedp.Navigate(link), chromedp.WaitVisible(`#reponse-places`), clickNavigate(`main form button[type=submit]`),
		chromedp.WaitVisible(`#reponse-places-message-error`))
	checkAxe(t, ctx, "/reponse/… (places de stage)")
	accepte(sols[0], "3")
	if d, _ = st.GetDemande(context.Background(), id, national); d.Etat != model.DemandeEnRecherche {
		t.Fatalf("3 places of 4 offered: the request is %s, want still searching", d.Etat)
	}
	accepte(sols[1], "2")
	if d, _ = st.GetDemande(context.Background(), id, national); d.Etat != model.DemandePourvue {
		t.Fatalf("5 places of 4 offered: the request is %s, want filled", d.Etat)
	}

	// The school confirms, host by host.
	j.login("etablissement@demo.example")
	j.step("page de la demande", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible("#places"))
	if txt := run(t, ctx, chromedp.Text("main")); !strings.Contains(txt, "5 places proposées pour 4 recherchées") || !strings.Contains(txt, "5 proposée(s)") {
		t.Fatalf("the page does not show the places offered and the warning:\n%s", txt)
	}
	checkAxe(t, ctx, path+" (places de stage)")
	confirme := func(so model.Sollicitation, places, eleves, attendu string) {
		t.Helper()
		sid := fmt.Sprint(so.ID)
		j.step("confirmation "+so.Nom+" "+places, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible("#places-confirmees-"+sid),
			chromedp.SetValue("#places-confirmees-"+sid, places), chromedp.SetValue("#eleves-places-"+sid, eleves),
			clickNavigate(`form[action$="/places/`+sid+`"] button[type=submit]`), chromedp.WaitVisible(attendu))
	}
	confirme(sols[1], "3", "3", fmt.Sprintf("#places-confirmees-%d-message-error", sols[1].ID)) // 3 confirmed of 2 offered: refused on the field
	if txt := run(t, ctx, chromedp.Text(fmt.Sprintf("#places-confirmees-%d-message-error", sols[1].ID))); !strings.Contains(txt, "de 0 à 2") {
		t.Fatalf("confirming more than offered: %q", txt)
	}
	checkAxe(t, ctx, path+" (places refusées)")
	confirme(sols[0], "3", "3", ".fr-alert--success")
	confirme(sols[1], "1", "1", ".fr-alert--success")
	if txt := run(t, ctx, chromedp.Text("main")); !strings.Contains(txt, "4 confirmée(s)") || !strings.Contains(txt, "4 élève(s) placé(s)") {
		t.Fatalf("the page does not sum the places confirmed and the pupils placed:\n%s", txt)
	}
	sols, _ = st.ListSollicitations(context.Background(), id)
	if p := model.SommePlaces(sols); p != (model.Places{Offertes: 5, Confirmees: 4, ElevesPlaces: 4}) {
		t.Fatalf("places recorded: %+v", p)
	}
}
