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
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/workflow"
)

// check ticks a checkbox or a radio button (DSFR hides the native input
// under its label).
func check(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[any](`document.querySelector('`+sel+`').checked = true`)(ctx, tg)
		return chromedp.Void{}, err
	}
}

// Issue 16 in a browser: a school types a public holiday and is warned
// before sending; a request with two dates at choice is accepted for one,
// the only date of the invitation; a request filled by hand stops the
// reminders of the people still solicited.
func TestDemandeCycleInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	st := srv.App.Store
	national := store.DemandeFilter{Scope: model.Scope{National: true}}

	var ferie refdata.JourFerie
	from := time.Now().UTC().AddDate(0, 0, 2)
	for y := from.Year(); ferie.Date.IsZero(); y++ {
		for _, f := range refdata.JoursFeriesDepartement(y, "31") {
			if f.Date.After(from) && ferie.Date.IsZero() {
				ferie = f
			}
		}
	}
	un := jourOuvre(time.Now().AddDate(0, 0, 9))
	deux := jourOuvre(un.AddDate(0, 0, 7))

	j.login("etablissement@demo.example")
	j.step("formulaire", chromedp.Navigate(srv.URL+"/demandes/nouvelle"), chromedp.WaitVisible("#demande-titre"))
	j.step("date fériée",
		chromedp.SetValue("#demande-type", "intervention"),
		chromedp.SendKeys("#demande-titre", "Atelier des métiers"),
		chromedp.SetValue("#demande-date1", ferie.Date.Format("2006-01-02")),
		chromedp.SetValue("#demande-moment1", "AM"),
		chromedp.SetValue("#demande-personnes", "1"),
		clickNavigate(`button[name=action][value=soumettre]`),
		chromedp.WaitVisible("#dates-alertes .fr-alert"))
	if txt := run(t, ctx, chromedp.Text("#dates-alertes")); !strings.Contains(txt, "jour férié ("+ferie.Nom+")") {
		t.Fatalf("no warning of the public holiday: %q", txt)
	}
	checkAxe(t, ctx, "/demandes (dates à vérifier)")
	// The school corrects: two dates at choice, both working days.
	j.step("deux dates au choix",
		chromedp.SetValue("#demande-date1", un.Format("2006-01-02")),
		chromedp.SetValue("#demande-date2", deux.Format("2006-01-02")),
		chromedp.SetValue("#demande-moment2", "PM"),
		check(`#demande-choix-1`),
		clickNavigate(`button[name=action][value=soumettre]`),
		chromedp.WaitVisible(".fr-alert--success"))
	path := run(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	var id int64
	fmt.Sscan(strings.TrimPrefix(path, "/demandes/"), &id)
	d, err := st.GetDemande(context.Background(), id, national)
	if err != nil || !d.DatesAuChoix || len(d.Creneaux) != 2 {
		t.Fatalf("request with alternatives: %+v %v", d, err)
	}
	j.logout()

	// The pilote solicits two CEE; the first accepts and chooses the second date.
	j.login("pilote@demo.example")
	j.step("sollicitation", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible("#candidats"),
		func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[any](`document.querySelectorAll('input[name=candidat][value^="c-"]').forEach((b, i) => { if (i < 2) b.checked = true })`)(ctx, tg)
			return chromedp.Void{}, err
		},
		clickNavigate(`form[action$="/sollicitations"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	sols, _ := st.ListSollicitations(context.Background(), id)
	if len(sols) != 2 {
		t.Fatalf("%d solicitations", len(sols))
	}
	var link string
	for i := 0; i < 50 && link == ""; i++ {
		if m, ok := newestMailTo(srv, sols[0].Email, "besoin de vous"); ok {
			link = reponseLinks.FindAllString(m, -1)[0]
		}
		time.Sleep(100 * time.Millisecond)
	}
	j.step("choix de la date", chromedp.Navigate(link), chromedp.WaitVisible(`#reponse-creneau-2`))
	checkAxe(t, ctx, "/reponse/… (dates au choix)")
	j.step("acceptation", check(`#reponse-creneau-2`), clickNavigate(`main form button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	if txt := run(t, ctx, chromedp.Text(".fr-alert")); !strings.Contains(txt, "participation est enregistrée") {
		t.Fatalf("acceptance: %q", txt)
	}
	d, _ = st.GetDemande(context.Background(), id, national)
	if d.Retenu == nil || !d.Retenu.Jour.Equal(deux) || d.Etat != model.DemandePourvue {
		t.Fatalf("date retained: %+v, state %s", d.Retenu, d.Etat)
	}
	// The mail (and its invitation: TestDatesAuChoix) names the date chosen only.
	var m string
	for i := 0; i < 50 && m == ""; i++ { // the mail goes out through the job queue
		m, _ = newestMailTo(srv, sols[0].Email, "participez")
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(m, model.Creneau{Jour: deux, Moment: "PM"}.Label()) || strings.Contains(m, model.Creneau{Jour: un, Moment: "AM"}.Label()) {
		t.Errorf("the acceptance mail is not for the date chosen only:\n%s", m)
	}

	// A second request, filled by hand: the people solicited are told, and
	// not reminded.
	d2 := model.Demande{Academie: "16", UAI: d.UAI, Departement: d.Departement, CodeCommune: d.CodeCommune, AuteurID: d.AuteurID,
		Type: model.TypeIntervention, Titre: "Forum pourvu à la main", Personnes: 1, ContactEmail: d.ContactEmail,
		Creneaux: []model.Creneau{{Jour: un, Moment: "AM"}}}
	ecole, _ := st.GetCompteByEmail(context.Background(), "etablissement@demo.example")
	hs, _ := st.ListHabilitations(context.Background(), ecole.ID)
	id2, err := workflow.EnregistrerDemande(context.Background(), st, workflow.Actor{Compte: ecole, P: model.Principal{CompteID: ecole.ID, H: hs[0]}}, srv.URL, d2, true)
	if err != nil {
		t.Fatal(err)
	}
	path2 := fmt.Sprintf("/demandes/%d", id2)
	j.step("sollicitation 2", chromedp.Navigate(srv.URL+path2), chromedp.WaitVisible("#candidats"),
		func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[any](`document.querySelectorAll('input[name=candidat][value^="c-"]').forEach((b, i) => { if (i < 2) b.checked = true })`)(ctx, tg)
			return chromedp.Void{}, err
		},
		clickNavigate(`form[action$="/sollicitations"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	j.step("pourvue à la main", chromedp.Navigate(srv.URL+path2), chromedp.WaitVisible(`input[name=etat][value=pourvue]`),
		check(`input[name=etat][value=pourvue]`),
		clickNavigate(`form[action$="/etat"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	checkAxe(t, ctx, path2+" (pourvue)")
	if txt := strings.ToLower(run(t, ctx, chromedp.Text("main"))); !strings.Contains(txt, "plus nécessaire") {
		t.Errorf("solicitations not closed:\n%s", txt)
	}
	if err := workflow.SuivreDemandes(context.Background(), st, srv.URL, time.Now().Add(4*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	sols2, _ := st.ListSollicitations(context.Background(), id2)
	for _, so := range sols2 {
		if so.Etat != model.SollicitationAnnulee || so.Relances != 0 {
			t.Errorf("%s: %s, %d reminder(s)", so.Email, so.Etat, so.Relances)
		}
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}
