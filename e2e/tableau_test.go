package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// The pilote's dashboard: open it, filter on a département, download the
// list of schools never reached, produce the annual bilan and download its
// PDF once the progress bar is done, then see the open statistics' map;
// axe on each page.
func TestTableauJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	pilote, err := srv.App.Store.GetCompteByEmail(context.Background(), "pilote@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	acad := pilote.Habilitations[0].Academie
	dep := refdata.DepartementsOfAcademie(acad)[0]

	j.login("pilote@demo.example")
	j.step("tableau de bord", clickNavigate(`a[href="/tableau-de-bord"]`), chromedp.WaitVisible(`svg[role="img"]`))
	checkAxe(t, ctx, "/tableau-de-bord")
	if txt := run(t, ctx, chromedp.Text("main")); !strings.Contains(txt, "CEE en mandat") || !strings.Contains(txt, "Établissements jamais atteints") {
		t.Fatalf("dashboard without its figures:\n%s", txt)
	}
	// The map of the académie's départements, drawn with a size, one named
	// shape per département, its legend and its data table beside it.
	carte := `svg#carte-couverture-departement`
	j.step("carte", chromedp.WaitVisible(carte))
	shapes := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('`+carte+` path title')].map(e => e.textContent)`))
	deps := refdata.DepartementsOfAcademie(acad)
	if len(shapes) != len(deps) {
		t.Errorf("map: %d shapes, want %d départements: %v", len(shapes), len(deps), shapes)
	}
	for _, d := range deps {
		if !slices.ContainsFunc(shapes, func(s string) bool { return strings.HasPrefix(s, d.Nom+" ("+d.Code+") : ") }) {
			t.Errorf("map: no shape for %s in %v", d.Nom, shapes)
		}
	}
	if h := run(t, ctx, chromedp.Evaluate[float64](`document.querySelector('`+carte+`').getBoundingClientRect().height`)); h < 100 {
		t.Errorf("map drawn %v px high", h)
	}
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#donnees-couverture-departement tbody tr').length`)); n == 0 {
		t.Error("the map's data table is empty")
	}

	// The old page's chart stays visible until the new page commits: mark
	// the old page, and wait for a chart on a page without the mark.
	j.step("filtre sur un département",
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.avantFiltre = "1"`),
		chromedp.SetValue("#filtre-departement", dep.Code),
		clickNavigate(`form[action="/tableau-de-bord"] button[type=submit]`),
		chromedp.WaitVisible(`body:not([data-avant-filtre]) svg[role="img"]`))
	if loc := run(t, ctx, chromedp.Evaluate[string](`location.search`)); !strings.Contains(loc, "departement="+dep.Code) {
		t.Fatalf("after filtering: %q", loc)
	}
	checkAxe(t, ctx, "/tableau-de-bord?departement="+dep.Code)
	// Filtered, the map keeps the académie and shows the other départements without schools in the scope.
	if txt := run(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('`+carte+` path title')].map(e => e.textContent).join('|')`)); !strings.Contains(txt, "aucun établissement dans le périmètre") && len(deps) > 1 {
		t.Errorf("filtered map: %s", txt)
	}
	// The download keeps the filter: every school listed is in the département.
	csv := run(t, ctx, chromedp.Evaluate[string](`(async () => { const r = await fetch(document.querySelector('a[href^="/tableau-de-bord/non-atteints.csv"]').href); return r.status + ' ' + r.headers.get('content-type') + '\n' + await r.text() })()`, chromedp.EvalAwaitPromise))
	head, body, _ := strings.Cut(csv, "\n")
	if !strings.HasPrefix(head, "200 text/csv") {
		t.Fatalf("coverage list download: %q", head)
	}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if len(lines) < 2 {
		t.Fatalf("coverage list: %d lines", len(lines))
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, "("+dep.Code+")") {
			t.Errorf("school outside %s in the list: %s", dep.Code, l)
		}
	}

	j.step("bilans", clickNavigate(`a[href="/tableau-de-bord/bilans"]`), chromedp.WaitVisible(`form[action="/tableau-de-bord/bilans"]`))
	checkAxe(t, ctx, "/tableau-de-bord/bilans")
	j.step("production du bilan", clickNavigate(`form[action="/tableau-de-bord/bilans"] button[type=submit]`), chromedp.WaitVisible(".fr-alert"))
	// The progress bar polls until the files are ready (HX-Refresh reloads the page).
	deadline := time.Now().Add(2 * stepTimeout)
	for {
		if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href$="/bilan.pdf"]').length`)); n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the bilan's PDF link never appeared")
		}
		time.Sleep(300 * time.Millisecond)
	}
	checkAxe(t, ctx, "/tableau-de-bord/bilans (prêt)")
	ctype := run(t, ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href$="/bilan.pdf"]').href).then(async r => r.headers.get('content-type') + ' ' + r.status + ' ' + (await r.text()).slice(0, 5))`, chromedp.EvalAwaitPromise))
	if ctype != "application/pdf 200 %PDF-" {
		t.Errorf("bilan download: %q", ctype)
	}
	list, _ := srv.App.Store.ListBilans(context.Background(), store.BilanFilter{Academie: acad})
	if len(list) != 1 || list[0].Etat != model.BilanPret {
		t.Errorf("bilans: %+v", list)
	}

	// The open statistics: the map of the académies above the table.
	j.step("statistiques", chromedp.Navigate(srv.URL+"/statistiques"), chromedp.WaitVisible(`svg#carte-statistiques`))
	checkAxe(t, ctx, "/statistiques")
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('svg#carte-statistiques path').length`)); n != len(refdata.Academies()) {
		t.Errorf("statistics map: %d shapes, want %d académies", n, len(refdata.Academies()))
	}
	if h := run(t, ctx, chromedp.Evaluate[float64](`document.querySelector('svg#carte-statistiques').getBoundingClientRect().height`)); h < 100 {
		t.Errorf("statistics map drawn %v px high", h)
	}
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
