package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
	"cee/internal/workflow"
)

var reponseLinks = regexp.MustCompile(`http://\S+/reponse/[A-Za-z0-9_-]+`)

// jourOuvre is the first day from d out of Toulouse's public and school
// holidays and weekends (the request form would warn of them).
func jourOuvre(d time.Time) time.Time {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || len(workflow.AlertesDates(model.Demande{Academie: "16", Departement: "31",
		Type: model.TypeIntervention, Creneaux: []model.Creneau{{Jour: d}}})) > 0 {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// passer moves a request's date to yesterday, as if the action had taken
// place.
func passer(t *testing.T, st *store.Store, id int64) {
	t.Helper()
	day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)
	if _, err := st.DB().ExecContext(context.Background(), `UPDATE demandes SET creneaux = $1, premier_jour = $2, dernier_jour = $2, creneau_retenu = '' WHERE id = $3`,
		day.Format("2006-01-02")+"AM", day, id); err != nil {
		t.Fatal(err)
	}
}

// The journey of a school's request: the school asks, the pilote solicits
// two ranked candidates, one declines and one accepts from their e-mails,
// the request is filled; after the date the CEE reports and the school
// rates it.
func TestDemandeJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	st := srv.App.Store

	j.login("etablissement@demo.example")
	j.step("formulaire", chromedp.Navigate(srv.URL+"/demandes/nouvelle"), chromedp.WaitVisible("#demande-titre"))
	checkAxe(t, ctx, "/demandes/nouvelle")
	day := jourOuvre(time.Now().AddDate(0, 0, 9))
	j.step("envoi de la demande",
		chromedp.SetValue("#demande-type", "intervention"),
		chromedp.SendKeys("#demande-titre", "Matinée des métiers du bâtiment"),
		chromedp.SetValue("#demande-date1", day.Format("2006-01-02")),
		chromedp.SetValue("#demande-moment1", "AM"),
		chromedp.SetValue("#demande-personnes", "1"),
		chromedp.SendKeys("#demande-naf", "F"),
		clickNavigate(`button[name=action][value=soumettre]`),
		chromedp.WaitVisible(".fr-alert"))
	path := run(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	if !strings.HasPrefix(path, "/demandes/") {
		t.Fatalf("after sending: %s", path)
	}
	checkAxe(t, ctx, path)
	j.logout()

	j.login("pilote@demo.example")
	j.step("demande et candidats", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible("#candidats"))
	checkAxe(t, ctx, path)
	if txt := run(t, ctx, chromedp.Text("main")); !strings.Contains(txt, "Candidats classés") || !strings.Contains(txt, "Secteur") {
		t.Fatalf("no ranked candidates with their reasons:\n%s", txt)
	}
	// Two CEE (professionals are ranked too, but the report below is a CEE's).
	j.step("sollicitation de deux candidats",
		func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[any](`document.querySelectorAll('input[name=candidat][value^="c-"]').forEach((b, i) => { if (i < 2) b.checked = true })`)(ctx, tg)
			return chromedp.Void{}, err
		},
		clickNavigate(`form[action$="/sollicitations"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	id := int64(0)
	fmt.Sscan(strings.TrimPrefix(path, "/demandes/"), &id)
	sols, err := st.ListSollicitations(context.Background(), id)
	if err != nil || len(sols) != 2 {
		t.Fatalf("%d solicitations (%v)", len(sols), err)
	}
	links := func(email string) []string {
		for i := 0; i < 50; i++ {
			if m, ok := newestMailTo(srv, email, "besoin de vous"); ok {
				return reponseLinks.FindAllString(m, -1)
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("no solicitation mail to %s", email)
		return nil
	}
	accepte, decline := links(sols[0].Email), links(sols[1].Email)
	j.step("refus du second", chromedp.Navigate(decline[1]), chromedp.WaitVisible("#refus-motif"),
		chromedp.SetValue("#refus-motif", "Indisponible à ces dates"),
		clickNavigate(`main form button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	j.step("acceptation du premier", chromedp.Navigate(accepte[0]), chromedp.WaitVisible(`main form button[type=submit]`))
	checkAxe(t, ctx, "/reponse/…")
	j.step("confirmation", clickNavigate(`main form button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	if txt := run(t, ctx, chromedp.Text(".fr-alert")); !strings.Contains(txt, "participation est enregistrée") {
		t.Errorf("acceptance page: %q", txt)
	}
	j.step("demande pourvue", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible("main h1"))
	// Badges are upper case by style: compare without case.
	if txt := strings.ToLower(run(t, ctx, chromedp.Text("main"))); !strings.Contains(txt, "pourvue") || !strings.Contains(txt, "déclinée") {
		t.Errorf("request after the answers:\n%s", txt)
	}
	j.logout()

	// After the date (moved to yesterday: the application reads the real
	// clock): the hourly pass marks it done.
	passer(t, st, id)
	if err := workflow.SuivreDemandes(context.Background(), st, srv.URL, day.AddDate(0, 0, 2)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GrantRole(context.Background(), sols[0].Email, sols[0].Nom, model.Habilitation{Role: model.RoleConseiller, Academie: "16",
		Ref: fmt.Sprint(sols[0].ConseillerID)}); err != nil {
		t.Fatal(err)
	}
	c, _ := st.GetCompteByEmail(context.Background(), sols[0].Email)
	st.SetCompteStatut(context.Background(), c.ID, model.CompteActif)
	j.login(sols[0].Email)
	j.step("compte rendu", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible("main h1"))
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#cr-duree').length`)); n != 1 {
		t.Fatalf("no report form for the CEE:\n%s", run(t, ctx, chromedp.Text("main")))
	}
	checkAxe(t, ctx, path+" (conseiller)")
	j.step("saisie du compte rendu", chromedp.SetValue("#cr-date", time.Now().Format("2006-01-02")), chromedp.SendKeys("#cr-duree", "2"),
		clickNavigate(`form[action$="/compte-rendu"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	j.logout()

	j.login("etablissement@demo.example")
	j.step("évaluation", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(`input[name=note]`))
	j.step("note", func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[any](`document.querySelector('input[name=note][value="5"]').checked = true`)(ctx, tg)
		return chromedp.Void{}, err
	}, clickNavigate(`form[action$="/evaluation"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	if txt := strings.ToLower(run(t, ctx, chromedp.Text("main"))); !strings.Contains(txt, "clôturée") || !strings.Contains(txt, "5/5") {
		t.Errorf("closed request:\n%s", txt)
	}
	d, _ := st.GetDemande(context.Background(), id, store.DemandeFilter{Scope: model.Scope{National: true}})
	if d.Etat != model.DemandeCloturee {
		t.Errorf("request state %s", d.Etat)
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}
