package e2e

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/model"
)

// js runs a statement in the page.
func js(expr string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[any](expr)(ctx, tg)
		return chromedp.Void{}, err
	}
}

// pdfTextOf extracts a PDF's text with poppler's pdftotext.
func pdfTextOf(t *testing.T, b []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext manquant : apt-get install poppler-utils")
		}
		t.Skip("pdftotext manquant : installez poppler-utils")
	}
	cmd := exec.Command(bin, "-layout", "-", "-")
	cmd.Stdin = strings.NewReader(string(b))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext : %v", err)
	}
	return string(out)
}

// mandatsDemo adds to the demo a candidature in instruction whose
// organisation has no convention, and two CEE of an organisation with one
// whose mandate ends in 60 days, one with its renewal proposed.
func mandatsDemo(t *testing.T, srv *apptest.Server) (sans, renouv, collectif int64, fin time.Time) {
	t.Helper()
	ctx := context.Background()
	st := srv.App.Store
	orgs, _ := st.ListOrganisations(ctx, "16")
	var agri, avec model.Organisation
	for _, o := range orgs {
		if strings.HasPrefix(o.Nom, "Chambre d'agriculture") {
			agri = o
		} else if strings.HasPrefix(o.Nom, "CPME") {
			avec = o
		}
	}
	fin = model.JourDe(time.Now().AddDate(0, 0, 60))
	mk := func(nom string, org model.Organisation, etat model.EtatDesignation) int64 {
		id, _, err := st.SaveConseiller(ctx, model.Conseiller{Academie: "16", Civilite: "Mme", Prenom: "Inès", Nom: nom, Email: strings.ToLower(nom) + "@ferme.example",
			OrganisationID: org.ID, Territoire: []string{"31"}})
		if err != nil {
			t.Fatal(err)
		}
		d := model.Designation{ConseillerID: id, OrganisationID: org.ID, Academie: "16", Mission: "Jurys de CAP", Etat: etat}
		if etat != model.DesignationEnInstruction {
			debut, da := fin.AddDate(-3, 0, 1), fin.AddDate(-3, 0, -20)
			d.NumeroArrete, d.DateArrete, d.Debut, d.Fin = "ANCIEN-"+nom, &da, &debut, &fin
		}
		if d.ID, err = st.CreateDesignation(ctx, d); err != nil {
			t.Fatal(err)
		}
		if d.Debut != nil {
			if _, err := st.CreateMandat(ctx, model.Mandat{ConseillerID: id, DesignationID: d.ID, Academie: "16", OrganisationID: org.ID, Organisation: org.Nom,
				Mission: d.Mission, NumeroArrete: d.NumeroArrete, DateArrete: *d.DateArrete, Debut: *d.Debut, Fin: *d.Fin}); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	return mk("Sansconvention", agri, model.DesignationEnInstruction), mk("Renouvelee", avec, model.DesignationRenouvellement),
		mk("Collective", avec, model.DesignationActive), fin
}

// TestMandatsJourneyInChromium: a designation refused then overridden
// without a convention; a renewal keeping the CEE in mandate; a collective
// renewal reached from the list of mandates, with its PDF.
func TestMandatsJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, _ := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	sans, renouv, collectif, fin := mandatsDemo(t, srv)
	j.login("pilote@demo.example")
	choose := func(etat string) chromedp.Action[chromedp.Void] {
		return js(`document.querySelector('input[name=etat][value=` + etat + `]').checked = true`)
	}
	text := func() string {
		return run(t, ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
	}

	// 1. Without a convention: refused, then overridden with a reason.
	fiche := srv.URL + "/conseillers/" + itoaE(sans)
	j.step("désignation sans convention", chromedp.Navigate(fiche), chromedp.WaitVisible(`input[name=etat]`),
		chromedp.SetValue("#arrete-numero", "2026-E2E-1"), chromedp.SetValue("#arrete-date", "2026-11-20"),
		chromedp.SetValue("#mandat-debut", "2027-01-01"), choose("designee"),
		clickNavigate(`form[action$="/designation"] button[type=submit]`), chromedp.WaitVisible("#sans-convention"))
	if got := text(); !strings.Contains(got, "n'a pas de convention signée avec l'académie en vigueur le 1er janvier 2027") {
		t.Errorf("refus sans message précis :\n%s", got)
	}
	checkAxe(t, ctx, "/conseillers/{id} (refus sans convention)")
	j.step("dérogation", js(`document.querySelector('#sans-convention').checked = true`), chromedp.SetValue("#derogation", "Convention en cours de signature"),
		choose("designee"), clickNavigate(`form[action$="/designation"] button[type=submit]`), chromedp.WaitVisible("#mandats"))
	if got := text(); !strings.Contains(got, "dérogation : Convention en cours de signature") {
		t.Errorf("la dérogation n'est pas sur la fiche :\n%s", got)
	}

	// 2. The renewal: the CEE stays in mandate, a second mandate follows.
	fiche = srv.URL + "/conseillers/" + itoaE(renouv)
	j.step("renouvellement", chromedp.Navigate(fiche), chromedp.WaitVisible(`input[name=etat]`),
		chromedp.SetValue("#arrete-numero", "2026-E2E-2"), chromedp.SetValue("#arrete-date", time.Now().Format("2006-01-02")), choose("designee"),
		clickNavigate(`form[action$="/designation"] button[type=submit]`), chromedp.WaitVisible(".fr-alert--success"))
	got := text()
	for _, want := range []string{"En cours", "À venir", "2026-E2E-2", "du " + model.Date(fin.AddDate(0, 0, 1))} {
		if !strings.Contains(got, want) {
			t.Errorf("la fiche renouvelée ne montre pas %q :\n%s", want, got)
		}
	}
	checkAxe(t, ctx, "/conseillers/{id} (renouvelé)")

	// 3. The collective renewal, from the list of mandates ending.
	j.step("liste des mandats", chromedp.Navigate(srv.URL+"/mandats"), chromedp.WaitVisible(`a[href="/mandats/collectif"]`),
		clickNavigate(`a[href="/mandats/collectif"]`), chromedp.WaitVisible("#collectif-numero"))
	checkAxe(t, ctx, "/mandats/collectif")
	j.step("arrêté collectif", js(`document.querySelector('input[name=conseillers][value="`+itoaE(collectif)+`"]').checked = true`),
		chromedp.SetValue("#collectif-numero", "2026-E2E-COLL"), chromedp.SetValue("#collectif-date", time.Now().Format("2006-01-02")),
		chromedp.SetValue("#collectif-debut", fin.AddDate(0, 0, 1).Format("2006-01-02")),
		clickNavigate(`form[action="/mandats/collectif"] button[type=submit]`), chromedp.WaitVisible("#confirmer-collectif"))
	if got := text(); !strings.Contains(got, "Il nommera 1 personne(s)") {
		t.Errorf("étape de confirmation sans le nombre de personnes :\n%s", got)
	}
	checkAxe(t, ctx, "/mandats/collectif (confirmation)")
	j.step("arrêté collectif confirmé", clickNavigate(`#confirmer-collectif button[type=submit]`), chromedp.WaitVisible("#arrete-collectif"))
	if got := text(); !strings.Contains(got, "Arrêté collectif n° 2026-E2E-COLL : 1 personne") {
		t.Errorf("confirmation sans le nombre de personnes :\n%s", got)
	}
	checkAxe(t, ctx, "/mandats/collectif (prononcé)")
	b64 := run(t, ctx, chromedp.Evaluate[string](`fetch(document.querySelector('#arrete-collectif').href).then(r => r.arrayBuffer()).then(b => {
		let s = ''; new Uint8Array(b).forEach(x => s += String.fromCharCode(x)); return btoa(s) })`, chromedp.EvalAwaitPromise))
	pdf, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	if pdfTxt := pdfTextOf(t, pdf); !strings.Contains(pdfTxt, "2026-E2E-COLL") || !strings.Contains(pdfTxt, "Collective") || !strings.Contains(pdfTxt, "Vu la convention conclue le") {
		t.Errorf("arrêté collectif :\n%s", pdfTxt)
	}
}

func itoaE(n int64) string { return strconv.FormatInt(n, 10) }
