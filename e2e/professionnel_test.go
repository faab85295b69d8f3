package e2e

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/store"
)

// The professional status in a browser: a CEE invites a professional with
// their status chosen in the select; the demo professional corrects theirs
// on « Mon accord »; another gives theirs with their availability for the
// coming juries. Each form passes axe-core.
func TestStatutProfessionnelInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	st := srv.App.Store
	check := func(sel string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[any](`document.querySelector('`+sel+`').checked = true`)(ctx, tg)
			return chromedp.Void{}, err
		}
	}

	j.login("conseiller@demo.example")
	j.step("formulaire d'invitation", chromedp.Navigate(srv.URL+"/professionnels/inviter"), chromedp.WaitVisible("#pro-statut"))
	checkAxe(t, ctx, "/professionnels/inviter")
	j.step("invitation",
		chromedp.SendKeys("#pro-prenom", "Inès"),
		chromedp.SendKeys("#pro-nom", "Ferronnier"),
		chromedp.SendKeys("#pro-email", "ines@ferronnerie.example"),
		chromedp.SetValue("#pro-statut", "artisan"),
		check(`input[name=objet][value=jurys]`),
		clickNavigate(`form[action="/professionnels/inviter"] button[type=submit]`),
		chromedp.WaitVisible(".fr-alert"))
	if p, err := st.GetProfessionnelByEmail(context.Background(), "ines@ferronnerie.example"); err != nil || p.StatutPro != model.StatutArtisan {
		t.Errorf("invited: status %q (%v), want artisan", p.StatutPro, err)
	}
	j.logout()

	pro, err := st.GetCompteByEmail(context.Background(), "professionnel@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	j.login(pro.Email)
	j.step("mon accord", chromedp.Navigate(srv.URL+"/mon-accord"), chromedp.WaitVisible("#accord-statut"))
	checkAxe(t, ctx, "/mon-accord")
	j.step("statut corrigé", chromedp.SetValue("#accord-statut", "employeur"),
		clickNavigate(`form[action="/mon-accord"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	p, err := st.GetProfessionnel(context.Background(), mustRef(t, pro))
	if err != nil || p.StatutPro != model.StatutEmployeur {
		t.Errorf("own page: status %q (%v), want employeur", p.StatutPro, err)
	}
	// The availability page of a campaign, for a professional of the demo's
	// coming session: the status is asked there too.
	sessions, err := st.ListSessionsExamen(context.Background(), pro.Habilitations[0].Academie)
	if err != nil || len(sessions) == 0 {
		t.Fatalf("sessions: %v", err)
	}
	dispos, err := st.ListDisponibilites(context.Background(), sessions[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(dispos, func(d model.DisponibiliteJury) bool { return d.ProfessionnelID != 0 })
	if i < 0 {
		t.Fatal("no professional asked in the demo campaign")
	}
	tok, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(struct{ Disponibilite int64 }{dispos[i].ID})
	if err := st.CreateJeton(context.Background(), store.Jeton{Hash: hash, Kind: store.JetonDisponibilite, Payload: payload, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	j.logout()
	j.step("disponibilités", chromedp.Navigate(srv.URL+"/disponibilites/"+tok), chromedp.WaitVisible("#dispo-statut"))
	checkAxe(t, ctx, "/disponibilites/…")
	j.step("réponse", chromedp.SetValue("#dispo-statut", "artisan"), check(`input[name=demi_journees]`), check(`input[name=specialites]`),
		clickNavigate(`main form button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	if d, err := st.GetDisponibilite(context.Background(), dispos[i].ID); err != nil || d.College != model.CollegeEmployeur || !d.StatutConnu {
		t.Errorf("availability after the answer: %+v (%v)", d, err)
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}

func mustRef(t *testing.T, c model.Compte) int64 {
	t.Helper()
	for _, h := range c.Habilitations {
		if h.Role == model.RoleProfessionnel {
			id, err := strconv.ParseInt(h.Ref, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
	}
	t.Fatalf("%s: not a professional", c.Email)
	return 0
}
