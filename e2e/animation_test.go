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
)

var evenementLinks = regexp.MustCompile(`http://\S+/evenement/[A-Za-z0-9_-]+`)

// The journey of a network training: the pilote builds a segment (the
// count follows the criteria), creates a training and invites the segment;
// a CEE registers from the e-mail link; the pilote records attendance on
// the tablet page and downloads the sign-in sheet.
func TestAnimationJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	st := srv.App.Store
	bg := context.Background()

	compte, err := st.GetCompteByEmail(bg, "conseiller@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	var ceeID int64
	fmt.Sscan(compte.Habilitations[0].Ref, &ceeID)
	cee, err := st.GetConseillerInScope(bg, ceeID, model.Scope{National: true})
	if err != nil {
		t.Fatal(err)
	}

	j.login("pilote@demo.example")
	j.step("segments", chromedp.Navigate(srv.URL+"/animation/segments"), chromedp.WaitVisible("#segment-nom"))
	checkAxe(t, ctx, "/animation/segments")
	before := run(t, ctx, chromedp.Text("#segment-compte"))
	j.step("critère département", chromedp.SendKeys("#segment-departement", cee.Departement))
	after := before
	for deadline := time.Now().Add(stepTimeout); after == before && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		after = run(t, ctx, chromedp.Text("#segment-compte"))
	}
	if after == before || !strings.Contains(after, "personne(s)") {
		t.Fatalf("the live count did not follow the criteria: %q then %q", before, after)
	}
	j.step("enregistrement du segment", chromedp.SendKeys("#segment-nom", "CEE du département "+cee.Departement),
		clickNavigate(`form[action="/animation/segments"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	segs, err := st.ListSegments(bg, model.Scope{Academie: cee.Academie})
	if err != nil || len(segs) == 0 || !strings.HasPrefix(segs[0].Nom, "CEE du département") {
		t.Fatalf("segment not saved: %v %v", segs, err)
	}

	j.step("formulaire d'événement", chromedp.Navigate(srv.URL+"/animation/evenements/nouveau"), chromedp.WaitVisible("#evenement-titre"))
	checkAxe(t, ctx, "/animation/evenements/nouveau")
	day := time.Now().AddDate(0, 0, 12).Format("2006-01-02")
	j.step("création de la formation",
		chromedp.SetValue("#evenement-type", "formation"),
		chromedp.SendKeys("#evenement-titre", "Formation des nouveaux conseillers"),
		chromedp.SetValue("#evenement-debut", day+"T09:00"),
		chromedp.SetValue("#evenement-fin", day+"T12:00"),
		chromedp.SendKeys("#evenement-lieu", "Rectorat, salle 204"),
		chromedp.SendKeys("#evenement-capacite", "25"),
		clickNavigate(`form[action="/animation/evenements"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	path := run(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	if !strings.HasPrefix(path, "/animation/evenements/") {
		t.Fatalf("after creating: %s", path)
	}
	checkAxe(t, ctx, path)
	j.step("invitation du segment", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible("#invitation-segment"), chromedp.SetValue("#invitation-segment", fmt.Sprint(segs[0].ID)),
		clickNavigate(`form[action$="/invitations"] button[type=submit]`), chromedp.WaitVisible("#invitation-confirmation"))
	checkAxe(t, ctx, path+" (confirmation de l'invitation)")
	j.step("invitation confirmée", clickNavigate(`#invitation-confirmation button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	if txt := run(t, ctx, chromedp.Text(".fr-alert")); !strings.Contains(txt, "invitée") {
		t.Errorf("invitation alert: %q", txt)
	}
	j.logout()

	var links []string
	for deadline := time.Now().Add(stepTimeout); len(links) == 0 && time.Now().Before(deadline); {
		if m, ok := newestMailTo(srv, cee.Email, "Invitation : Formation des nouveaux conseillers"); ok {
			links = evenementLinks.FindAllString(m, -1)
		} else {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if len(links) != 2 {
		t.Fatalf("invitation mail to %s: links %v", cee.Email, links)
	}
	j.step("lien d'inscription", chromedp.Navigate(links[0]), chromedp.WaitVisible(`main form button[type=submit]`))
	checkAxe(t, ctx, "/evenement/…")
	j.step("inscription", clickNavigate(`main form button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	if txt := run(t, ctx, chromedp.Text(".fr-alert")); !strings.Contains(txt, "Inscription confirmée") {
		t.Errorf("registration page: %q", txt)
	}

	var eid int64
	fmt.Sscan(strings.TrimPrefix(path, "/animation/evenements/"), &eid)
	p, err := st.ParticipationOf(bg, eid, cee.ID)
	if err != nil || p.Etat != model.ParticipationInscrit {
		t.Fatalf("participation: %+v %v", p, err)
	}

	j.login("pilote@demo.example")
	j.step("page des présences", chromedp.Navigate(srv.URL+path+"/presences"), chromedp.WaitVisible("#presences"))
	checkAxe(t, ctx, path+"/presences")
	j.step("présence cochée", chromedp.Navigate(srv.URL+path+"/presences"), chromedp.WaitVisible("#presences"),
		chromedp.Click(fmt.Sprintf(`label[for=%q]`, run(t, ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector('input[name=present][value="%d"]').id`, p.ID))))),
		clickNavigate(`form[action$="/presences"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	checkAxe(t, ctx, path+"/presences (enregistrées)")
	if p, _ := st.GetParticipation(bg, p.ID); !p.Present {
		t.Errorf("attendance not recorded")
	}
	j.step("fiche de l'événement", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(`a[href$="/emargement.pdf"]`))
	ctype := run(t, ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="/emargement.pdf"]').href).then(r => r.headers.get('content-type') + ' ' + r.status)`, chromedp.EvalAwaitPromise))
	if ctype != "application/pdf 200" {
		t.Errorf("sign-in sheet: %q", ctype)
	}
	// The other pages of the section, for accessibility: the list, an
	// announcement written and sent to the segment, the resources.
	j.step("liste des événements", chromedp.Navigate(srv.URL+"/animation/evenements"), chromedp.WaitVisible("#evenements"))
	checkAxe(t, ctx, "/animation/evenements")
	j.step("nouvelle annonce", chromedp.Navigate(srv.URL+"/animation/annonces/nouvelle"), chromedp.WaitVisible("#annonce-titre"))
	checkAxe(t, ctx, "/animation/annonces/nouvelle")
	j.step("envoi de l'annonce", chromedp.SetValue("#annonce-segment", fmt.Sprint(segs[0].ID)),
		chromedp.SendKeys("#annonce-titre", "Lettre du réseau"),
		chromedp.SendKeys("#annonce-corps", "Bonjour,\n\nLa formation des nouveaux conseillers est ouverte."),
		clickNavigate(`form[action="/animation/annonces"] button[type=submit]`), chromedp.WaitVisible("#annonce-confirmation"))
	checkAxe(t, ctx, "/animation/annonces (confirmation de l'envoi)")
	j.step("envoi confirmé", clickNavigate(`#annonce-confirmation button[type=submit]`), chromedp.WaitVisible("#envois"))
	checkAxe(t, ctx, "/animation/annonces/…")
	j.step("ressources", chromedp.Navigate(srv.URL+"/animation/ressources"), chromedp.WaitVisible("#ressource-titre"))
	checkAxe(t, ctx, "/animation/ressources")
	j.logout()
	j.login("conseiller@demo.example")
	j.step("l'événement vu par le CEE", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(`form[action$="/inscription"]`))
	checkAxe(t, ctx, path+" (conseiller)")
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}
