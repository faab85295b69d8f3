package e2e

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/model"
)

// The journey of an exam session (issue 17): the exam division saves its
// export layout and expenses procedure, imports the exam service's file of
// juries through the mapping step, launches the composition, swaps a
// member, publishes after confirming despite an empty seat; a convened CEE
// opens the convocation in the demo mailbox and confirms from its link;
// the exam division exports the composition in its saved layout and
// records who sat; the sitting is on the CEE's attestation d'engagement.
func TestJuryJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	st := srv.App.Store

	j.login("examens@demo.example")
	// The académie's settings: the expenses procedure and the layout.
	j.step("paramètres des jurys", chromedp.Navigate(srv.URL+"/jurys/parametres"), chromedp.WaitVisible("#parametres-frais"))
	checkAxe(t, ctx, "/jurys/parametres")
	// Only the columns set below: the others are emptied.
	run(t, ctx, chromedp.Evaluate[any](`document.querySelectorAll('input[name^="pos_"]').forEach(e => e.value = '')`))
	j.step("mise en page", chromedp.SetValue("#parametres-frais", "Saisissez vos frais dans Imag'In sous un mois."),
		chromedp.SetValue("#pos-nom", "1"), chromedp.SetValue("#pos-prenom", "2"), chromedp.SetValue("#pos-email", "3"), chromedp.SetValue("#pos-jury", "4"),
		chromedp.SetValue("#pos-dates", "5"), chromedp.Click(`form[action="/jurys/parametres"][method="post"] button[type=submit]`))
	waitText(t, ctx, "main", "Paramètres enregistrés")
	j.step("sessions", chromedp.Navigate(srv.URL+"/jurys"), chromedp.WaitVisible("#session-nom"))
	checkAxe(t, ctx, "/jurys")
	j.step("ouverture de la session", chromedp.SendKeys("#session-nom", "Session de juin 2027"),
		chromedp.SetValue("#session-debut", "2027-06-14"), chromedp.SetValue("#session-fin", "2027-06-18"),
		clickNavigate(`form[action="/jurys"] button[type=submit]`), chromedp.WaitVisible("#jurys-fichier"))
	path := run(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	checkAxe(t, ctx, path)
	file := filepath.Join(t.TempDir(), "jurys.csv")
	if err := os.WriteFile(file, []byte(apptest.FichierJurys(t, st)), 0o600); err != nil {
		t.Fatal(err)
	}
	// The exam division's export: the preview says how each column was
	// understood (« Remarques » not read) and what would be created.
	j.step("aperçu de l'import des jurys", chromedp.SetUploadFiles("#jurys-fichier", []string{file}),
		clickNavigate(`form[action$="/import"] button[type=submit]`), chromedp.WaitVisible("#correspondance"))
	if txt := run(t, ctx, chromedp.Text("main")); !strings.Contains(txt, "jurys créés : 3") || !strings.Contains(txt, "« Remarques »") {
		t.Errorf("preview of the import:\n%s", txt)
	}
	checkAxe(t, ctx, path+"/import (correspondance des colonnes)")
	j.step("import des jurys", chromedp.Click(`button[name=action][value=importer]`))
	// The page before had a success message too: wait for this one.
	waitText(t, ctx, "main", "Jurys importés")
	j.step("demande des disponibilités", chromedp.SetValue("#campagne-echeance", time.Now().AddDate(0, 0, 20).Format("2006-01-02")),
		clickNavigate(`form[action$="/campagne"] button[type=submit]`), chromedp.WaitVisible("#campagne-confirmation"))
	checkAxe(t, ctx, path+" (confirmation de la demande des disponibilités)")
	j.step("demande confirmée", chromedp.Click(`#campagne-confirmation button[type=submit]`))
	// Wait for the next page, not the one clicked (both have an h1).
	waitText(t, ctx, "main", "Disponibilités demandées")
	var id int64
	fmt.Sscan(strings.TrimPrefix(path, "/jurys/"), &id)
	jurys, err := st.ListJurys(context.Background(), id)
	if err != nil || len(jurys) != 3 {
		t.Fatalf("%d juries (%v)", len(jurys), err)
	}
	apptest.RepondreDisponibilites(t, st, id, jurys[0].Specialite)

	// The job runs in the background; the page polls its progress and
	// reloads when it is done.
	j.step("composition", clickNavigate(`form[action$="/composition"] button[type=submit]`), chromedp.WaitVisible("main h1"))
	waitText(t, ctx, "main", "Où en est la composition")
	checkAxe(t, ctx, path+" (composition)")
	// Swap: the first member whose select offers someone.
	sel := run(t, ctx, chromedp.Evaluate[string](`(() => { for (const s of document.querySelectorAll('select[name=personne]')) { if (s.options.length > 1) { s.value = s.options[1].value; return '#' + s.id } } return '' })()`))
	if sel == "" {
		t.Fatal("no replacement offered")
	}
	j.step("remplacement", chromedp.Click(`form:has(`+sel+`) button[type=submit]`))
	waitText(t, ctx, "main", "laisse sa place")
	// A seat left empty: publishing asks first, saying how many people
	// will be convened.
	jurys, _ = st.ListJurys(context.Background(), id)
	last := jurys[len(jurys)-1]
	if err := st.RemoveMembre(context.Background(), last.Membres[len(last.Membres)-1].ID); err != nil {
		t.Fatal(err)
	}
	j.step("publication", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(`form[action$="/publication"] button[type=submit]`),
		clickNavigate(`form[action$="/publication"] button[type=submit]`), chromedp.WaitVisible("#confirmer-publication"))
	if txt := run(t, ctx, chromedp.Text("#confirmer-publication")); !strings.Contains(txt, "convocation(s) partiront") {
		t.Errorf("confirmation: %q", txt)
	}
	checkAxe(t, ctx, path+" (confirmation de la publication)")
	j.step("publication confirmée", chromedp.Click(`#confirmer-publication button[type=submit]`))
	waitText(t, ctx, "main", "Session publiée")
	// A convened CEE (not a professional): their sitting goes on their
	// attestation.
	jurys, _ = st.ListJurys(context.Background(), id)
	var seated model.MembreJury
	var seatedJury string
	var cee int64
	for _, jr := range jurys {
		for _, m := range jr.Membres {
			if d, err := st.GetDisponibilite(context.Background(), m.DisponibiliteID); err == nil && d.ConseillerID != 0 && cee == 0 {
				seated, seatedJury, cee = m, jr.Code, d.ConseillerID
			}
		}
	}
	if cee == 0 {
		t.Fatal("no CEE convened")
	}
	j.logout()

	// The convened person reads the mail in the demo mailbox and confirms.
	var mailID int64
	for deadline := time.Now().Add(stepTimeout); mailID == 0 && time.Now().Before(deadline); {
		mails, _, _ := st.ListMails(context.Background(), 200, 0)
		for _, m := range mails {
			if len(m.Recipients) > 0 && m.Recipients[0] == seated.Email && strings.Contains(m.Subject, "Convocation") {
				mailID = m.ID
				break
			}
		}
		if mailID == 0 {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if mailID == 0 {
		t.Fatal("no convocation in the mailbox")
	}
	j.step("courriel de convocation", chromedp.Navigate(fmt.Sprintf("%s/dev/courriels/%d", srv.URL, mailID)), chromedp.WaitVisible("pre"))
	text := run(t, ctx, chromedp.Text("pre"))
	links := regexp.MustCompile(`http://\S+/convocation/[A-Za-z0-9_-]+`).FindAllString(text, -1)
	if len(links) < 2 {
		t.Fatalf("links in the convocation: %v", links)
	}
	if body := run(t, ctx, chromedp.Text("main")); !strings.Contains(body, "convocation.pdf") {
		t.Errorf("the PDF is not attached:\n%s", body)
	}
	j.step("confirmation", chromedp.Navigate(links[len(links)-1]), chromedp.WaitVisible(`main form button[type=submit]`))
	if txt := run(t, ctx, chromedp.Text("main")); !strings.Contains(txt, "vous confirmez votre présence") || !strings.Contains(txt, "(n° "+seatedJury+")") {
		t.Errorf("the confirmation page does not say what is confirmed:\n%s", txt)
	}
	checkAxe(t, ctx, "/convocation/…")
	j.step("confirmer", clickNavigate(`main form button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	if txt := run(t, ctx, chromedp.Text(".fr-alert")); !strings.Contains(txt, "présence est confirmée") {
		t.Errorf("confirmation: %q", txt)
	}
	if m, _ := st.GetMembre(context.Background(), seated.ID); m.Statut != "confirme" {
		t.Errorf("member status %q", m.Statut)
	}

	// The exam division exports the composition in its saved layout.
	j.login("examens@demo.example")
	j.step("session publiée", chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(`a[href$="/export.csv"]`))
	csv := run(t, ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="/export.csv"]').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if lines := strings.Split(strings.TrimPrefix(csv, "\ufeff"), "\r\n"); lines[0] != "Nom;Prénom;Courriel;Jury;Dates" || !strings.Contains(csv, seated.Email) {
		t.Errorf("export in the saved layout:\n%s", csv)
	}

	// After the exam, the exam division records that the CEE sat.
	j.step("présence", chromedp.Click(fmt.Sprintf(`form[action$="/membres/%d/presence"]:has(input[value="1"]) button`, seated.ID)))
	for deadline := time.Now().Add(stepTimeout); time.Now().Before(deadline); {
		if m, _ := st.GetMembre(context.Background(), seated.ID); m.Present != nil && *m.Present {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	j.logout()

	// The pilote opens the CEE's activity and their attestation for June
	// 2027: the sitting is there.
	j.login("pilote@demo.example")
	actions := fmt.Sprintf("/conseillers/%d/actions", cee)
	j.step("activité du CEE", chromedp.Navigate(srv.URL+actions), chromedp.WaitVisible("#attestation-du"))
	if txt := run(t, ctx, chromedp.Text("main")); !strings.Contains(txt, "Session de juin 2027") {
		t.Errorf("the sitting is not in the CEE's activity:\n%s", txt)
	}
	j.step("période de l'attestation", chromedp.SetValue("#attestation-du", "2027-06-01"), chromedp.SetValue("#attestation-au", "2027-06-30"))
	b64 := run(t, ctx, chromedp.Evaluate[string](`(async () => {
		const f = document.querySelector('form[action$="/attestation.pdf"]');
		const r = await fetch(f.action + '?' + new URLSearchParams(new FormData(f)));
		if (r.headers.get('Content-Type') !== 'application/pdf') return '';
		let s = ''; new Uint8Array(await r.arrayBuffer()).forEach(x => s += String.fromCharCode(x)); return btoa(s);
	})()`, chromedp.EvalAwaitPromise))
	pdf, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(pdf) == 0 {
		t.Fatalf("attestation: %v (%d bytes)", err, len(pdf))
	}
	// The jury's line (« Jury BTS … — Session de juin 2027 — centre ») wraps
	// in its column, so its words may come apart in the extracted text.
	if txt := strings.Join(strings.Fields(pdfTextOf(t, pdf)), " "); !strings.Contains(txt, "Jurys d'examen") || !strings.Contains(txt, "Session de") ||
		!strings.Contains(txt, "juin 2027 —") || !strings.Contains(txt, "un jury d'examen") {
		t.Errorf("the attestation does not show the sitting:\n%s", txt)
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}

// waitText waits up to stepTimeout for text to appear in the element.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	var txt string
	for deadline := time.Now().Add(stepTimeout); time.Now().Before(deadline); {
		var err error
		txt, err = chromedp.Run(ctx, chromedp.Text(sel))
		if err == nil && strings.Contains(txt, want) {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%q never showed in %s:\n%s", want, sel, txt)
}
