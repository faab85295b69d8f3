package e2e

import (
	"encoding/base64"
	"encoding/csv"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"cee/internal/apptest"
	"cee/internal/workflow"
)

// The pilote's exports: from the list of requests, the CSV behind
// « Exporter (CSV) » opens back with as many requests as the page counts;
// over the threshold, « Exporter (XLSX) » leads to the prepared export's
// page, whose progress ends with a download that opens back; the page of
// exports refuses a period that ends before it starts. axe on each page.
func TestExportJourneyInChromium(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx, logs := browser(t)
	j := journey{t: t, ctx: ctx, srv: srv}
	j.login("pilote@demo.example")

	j.step("liste des demandes", chromedp.Navigate(srv.URL+"/demandes?etat=tous"), chromedp.WaitVisible(`a[href^="/demandes/export?"]`))
	status := run(t, ctx, chromedp.Text(`p[role="status"]`, chromedp.NodeVisible))
	n, err := strconv.Atoi(strings.Fields(status)[0])
	if err != nil || n == 0 {
		t.Fatalf("status %q", status)
	}
	body := run(t, ctx, chromedp.Evaluate[string](`(async () => { const a = [...document.querySelectorAll('a[href^="/demandes/export?"]')].find(a => a.textContent.includes('CSV'));
		const r = await fetch(a.href); return r.status + ' ' + r.headers.get('content-type') + '\n' + await r.text() })()`, chromedp.EvalAwaitPromise))
	head, data, _ := strings.Cut(body, "\n")
	if !strings.HasPrefix(head, "200 text/csv") {
		t.Fatalf("CSV export: %q", head)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(data, "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs)-1 != n {
		t.Errorf("CSV of %d requests, the page counts %d", len(recs)-1, n)
	}

	old := workflow.SeuilExportDirect
	workflow.SeuilExportDirect = 1
	defer func() { workflow.SeuilExportDirect = old }()
	j.step("export préparé", clickNavigate(`a[href^="/demandes/export?"][href$="format=xlsx"]`), chromedp.WaitVisible(`h1`))
	loc := run(t, ctx, chromedp.Evaluate[string](`location.pathname`))
	if !regexp.MustCompile(`^/exports/\d+$`).MatchString(loc) {
		t.Fatalf("after « Exporter (XLSX) » over the threshold: %s", loc)
	}
	checkAxe(t, ctx, loc)
	j.step("fin de la préparation", chromedp.WaitVisible(`a[href$="/fichier"]`))
	checkAxe(t, ctx, loc+" (prêt)")
	b64 := run(t, ctx, chromedp.Evaluate[string](`(async () => { const r = await fetch(document.querySelector('a[href$="/fichier"]').href);
		const b = new Uint8Array(await r.arrayBuffer()); let s = ''; for (const x of b) s += String.fromCharCode(x); return btoa(s) })()`, chromedp.EvalAwaitPromise))
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("prepared XLSX: %v", err)
	}
	rows, _ := f.GetRows("Demandes")
	f.Close()
	if len(rows)-1 != n {
		t.Errorf("prepared XLSX of %d requests, the page counts %d", len(rows)-1, n)
	}

	j.step("page des exports", chromedp.Navigate(srv.URL+"/exports"), chromedp.WaitVisible(`a[href="`+loc+`/fichier"]`))
	checkAxe(t, ctx, "/exports")
	j.step("période contradictoire",
		chromedp.SetValue("#export-sollicitations-du", "2026-05-10"),
		chromedp.SetValue("#export-sollicitations-au", "2026-05-01"),
		clickNavigate(`form[action="/sollicitations/export"] button[type=submit]`),
		chromedp.WaitVisible(`#export-sollicitations-au-message-error`))
	if msg := run(t, ctx, chromedp.Text(`#export-sollicitations-au-message-error`)); !strings.Contains(msg, "précède la date de début") {
		t.Errorf("message %q", msg)
	}
	checkAxe(t, ctx, "/sollicitations/export (422)")
	if errs := logs.take(); len(errs) > 0 {
		t.Errorf("erreurs console : %v", errs)
	}
}
