package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cee/internal/apptest"
	"cee/internal/job"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/workflow"
)

func init() {
	for k, v := range tableauAccessRules {
		accessRules[k] = v
	}
}

// tableauAccessRules are the lines of accessRules for the routes of
// routesTableau. Every signed-in person reaches the dashboard page
// (member): what it shows is scoped by role in the handlers, and roles
// without a dashboard get a page saying so. The downloads are for the
// roles with a dashboard (indicateurs), the bilans for those who produce
// them (bilans; another scope's bilan is 404). The académie's target of
// CEE is set by the pilote or the admin (gestion).
var tableauAccessRules = map[string]rule{
	"GET /tableau-de-bord":                         member,
	"GET /tableau-de-bord/definitions":             open,
	"GET /tableau-de-bord/{fichier}":               indicateurs,
	"GET /tableau-de-bord/bilans":                  bilans,
	"POST /tableau-de-bord/bilans":                 bilans,
	"GET /tableau-de-bord/bilans/{id}/progression": bilans,
	"GET /tableau-de-bord/bilans/{id}/{fichier}":   bilans,
	"POST /tableau-de-bord/objectif":               gestion,
	"GET /statistiques":                            open,
	"GET /statistiques/{fichier}":                  open,
}

// readCSV parses one of our CSV files (BOM, « ; »).
func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV illisible : %v\n%s", err, body)
	}
	return rows
}

func TestTableauScope(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	pilote := newClient(t, srv)
	comp := pilote.loginAs(demoEmail("pilote"))
	acad := comp.Habilitations[0].Academie
	a, _ := refdata.AcademieByCode(acad)
	deps := map[string]bool{}
	for _, d := range refdata.DepartementsOfAcademie(acad) {
		deps[d.Code] = true
	}

	resp, body := pilote.get("/tableau-de-bord")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("pilote: status %d", resp.StatusCode)
	}
	for _, want := range []string{a.Nom, `role="img"`, "Établissements jamais atteints", "CEE en mandat par secteur", "/tableau-de-bord/definitions#cee-actifs"} {
		if !strings.Contains(body, want) {
			t.Errorf("pilote's dashboard lacks %q", want)
		}
	}

	// The CEE by département are the académie's only, and the list of
	// schools never reached too.
	resp, body = pilote.get("/tableau-de-bord/cee-departement.csv")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: status %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows := readCSV(t, body)
	if len(rows) < 2 {
		t.Fatalf("CSV of CEE by département: %d rows", len(rows))
	}
	codeIn := regexp.MustCompile(`\(([0-9AB]+)\)$`)
	for _, r := range rows[1:] {
		m := codeIn.FindStringSubmatch(r[0])
		if m == nil || !deps[m[1]] {
			t.Errorf("département %q outside the académie %s", r[0], acad)
		}
	}
	resp, body = pilote.get("/tableau-de-bord/non-atteints.csv")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("non-atteints.csv: status %d", resp.StatusCode)
	}
	rows = readCSV(t, body)
	if len(rows) < 2 {
		t.Fatalf("the demo leaves no school unreached? %d rows", len(rows))
	}
	for _, r := range rows[1:5] {
		e, err := st.GetEtablissement(ctx, r[0])
		if err != nil || e.Academie != acad {
			t.Errorf("school %s (%v) outside the académie %s", r[0], err, acad)
		}
	}
	// The exports are in the journal.
	entries, _, err := st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditExport, Email: demoEmail("pilote"), Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 2 {
		t.Errorf("%d export lines in the journal, want 2", len(entries))
	}

	// A pilote cannot widen their scope: another académie's département is refused,
	// an académie parameter is ignored.
	other := "75"
	if deps[other] {
		other = "31"
	}
	if resp, _ := pilote.get("/tableau-de-bord?departement=" + other); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("pilote filtering on département %s: status %d, want 400", other, resp.StatusCode)
	}
	_, mine := pilote.get("/tableau-de-bord/chiffres.csv")
	_, widened := pilote.get("/tableau-de-bord/chiffres.csv?academie=01")
	if mine != widened {
		t.Errorf("a pilote's académie parameter changed the figures:\n%s\n%s", mine, widened)
	}
	// The national reader filtering on the académie sees the pilote's figures;
	// without filter, at least as many.
	lecteur := newClient(t, srv)
	lecteur.loginAs(demoEmail("lecteur"))
	_, natl := lecteur.get("/tableau-de-bord/chiffres.csv?academie=" + acad)
	if natl != mine {
		t.Errorf("national reader on %s:\n%s\npilote:\n%s", acad, natl, mine)
	}
	if resp, body := lecteur.get("/tableau-de-bord?academie=" + acad + "&departement=" + refdata.DepartementsOfAcademie(acad)[0].Code); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Tous les départements") {
		t.Errorf("national reader filtering on a département: status %d", resp.StatusCode)
	}

	// The pilote sets the académie's target, shown against the CEE in mandate.
	if resp, _ := pilote.post("/tableau-de-bord/objectif", url.Values{"objectif": {"150"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("target: status %d", resp.StatusCode)
	}
	if _, body := pilote.get("/tableau-de-bord/chiffres.csv"); !strings.Contains(body, "/ objectif 150") {
		t.Errorf("target not shown:\n%s", body)
	}
	if _, body := pilote.get("/tableau-de-bord"); !strings.Contains(body, `value="150"`) {
		t.Error("the target's field does not hold 150")
	}

	// A CEE sees their own activity, not the network's breakdowns.
	cee := newClient(t, srv)
	cee.loginAs(demoEmail("conseiller"))
	if resp, body := cee.get("/tableau-de-bord"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Mon activité") || strings.Contains(body, "CEE en mandat par organisation") {
		t.Errorf("CEE's dashboard: status %d, own activity %v", resp.StatusCode, strings.Contains(body, "Mon activité"))
	}
	for _, p := range []string{"/tableau-de-bord/cee-organisation.csv", "/tableau-de-bord/non-atteints.csv"} {
		if resp, _ := cee.get(p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("CEE GET %s: status %d, want 404", p, resp.StatusCode)
		}
	}
	// A school sees its requests.
	school := newClient(t, srv)
	sc := school.loginAs(demoEmail("etablissement"))
	if resp, body := school.get("/tableau-de-bord"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Demandes par état") {
		t.Errorf("school's dashboard: status %d", resp.StatusCode)
	}
	_, body = school.get("/tableau-de-bord/demandes-etat.csv")
	total := 0
	for _, r := range readCSV(t, body)[1:] {
		n, _ := strconv.Atoi(r[1])
		total += n
	}
	cur := model.AnneeScolaireOf(time.Now())
	var want int
	if err := st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM demandes WHERE uai = $1 AND etat <> 'brouillon'
		AND COALESCE(soumise_le, created_at) >= $2 AND COALESCE(soumise_le, created_at) < $3`,
		sc.Habilitations[0].Ref, cur.Debut().UTC(), cur.Fin().UTC()).Scan(&want); err != nil {
		t.Fatal(err)
	}
	if total != want {
		t.Errorf("school's requests this year: %d in the CSV, %d in its list", total, want)
	}
	// Roles without a dashboard are told so.
	insp := newClient(t, srv)
	insp.loginAs(demoEmail("inspecteur"))
	if resp, body := insp.get("/tableau-de-bord"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Pas de tableau de bord") {
		t.Errorf("inspector: status %d", resp.StatusCode)
	}
}

func TestBilanAnnuel(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	pilote := newClient(t, srv)
	comp := pilote.loginAs(demoEmail("pilote"))
	a, _ := refdata.AcademieByCode(comp.Habilitations[0].Academie)
	cur := model.AnneeScolaireOf(time.Now())

	resp, _ := pilote.post("/tableau-de-bord/bilans", url.Values{"annee": {strconv.Itoa(int(cur))}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("launch: status %d", resp.StatusCode)
	}
	list, err := st.ListBilans(ctx, store.BilanFilter{Academie: a.Code})
	if err != nil || len(list) != 1 {
		t.Fatalf("bilans: %v, %v", list, err)
	}
	id := list[0].ID
	deadline := time.Now().Add(60 * time.Second)
	var b store.Bilan
	for {
		b, err = st.GetBilan(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if b.Etat == model.BilanPret || b.Etat == model.BilanEchec || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if b.Etat != model.BilanPret || b.Progression != 100 {
		t.Fatalf("bilan %s at %d %%: %s", b.Etat, b.Progression, b.Erreur)
	}
	if resp, body := pilote.get("/tableau-de-bord/bilans"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "/bilan.pdf") {
		t.Errorf("list: status %d, no PDF link", resp.StatusCode)
	}
	resp, body := pilote.get("/tableau-de-bord/bilans/" + itoa(id) + "/bilan.pdf")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: status %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text := pdfText(t, body)
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Bilan annuel du réseau des conseillers", "Académie de " + a.Nom, "Année scolaire " + cur.Label(),
		"Chiffres clés", "CEE en mandat", "Couverture des établissements", "Établissements jamais atteints", "Définitions",
		"Sièges de jurys pourvus", "Jurys équilibrés employeurs / salariés", "Membres de jurys par collège", "Couverture par département"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	resp, body = pilote.get("/tableau-de-bord/bilans/" + itoa(id) + "/bilan.xlsx")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("XLSX: status %d", resp.StatusCode)
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	sheets := strings.Join(x.GetSheetList(), "|")
	for _, want := range []string{"Chiffres clés", "CEE en mandat par secteur", "Établissements non atteints", "Charge par CEE", "Définitions",
		"Sièges de jurys pourvus par ses", "Sièges de jurys pourvus par dip", "Membres de jurys par collège", "Couverture par département"} {
		if !strings.Contains(sheets, want) {
			t.Errorf("workbook lacks the sheet %q (%s)", want, sheets)
		}
	}
	// Another scope's person does not reach it.
	org := newClient(t, srv)
	org.loginAs(demoEmail("organisation"))
	if resp, _ := org.get("/tableau-de-bord/bilans/" + itoa(id) + "/bilan.pdf"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("organisation GET the académie's bilan: status %d, want 404", resp.StatusCode)
	}
	if resp, _ := org.get("/tableau-de-bord/bilans/" + itoa(id) + "/progression"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("organisation GET the académie's progress: status %d, want 404", resp.StatusCode)
	}
}

func TestStatistiquesPubliques(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	c := newClient(t, srv)
	resp, page := c.get("/statistiques")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	resp, body := c.get("/statistiques/statistiques.csv")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("CSV: status %d", resp.StatusCode)
	}
	rows := readCSV(t, body)
	if len(rows) < 2 || rows[1][0] != "Ensemble des académies" {
		t.Fatalf("CSV rows: %v", rows)
	}
	// No personal data: no e-mail, no CEE's or professional's name.
	cees, _, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Limit: 100000})
	if err != nil || len(cees) == 0 {
		t.Fatalf("%d CEE: %v", len(cees), err)
	}
	content := page
	if i := strings.Index(page, "<main"); i >= 0 {
		content = page[i:]
	}
	for _, text := range []string{content, body} {
		if strings.Contains(text, "@") {
			t.Error("an e-mail address in the open statistics")
		}
		for _, ce := range cees {
			if strings.Contains(text, ce.NomComplet()) || strings.Contains(text, ce.Email) {
				t.Errorf("CEE %s in the open statistics", ce.NomComplet())
			}
		}
	}
	// No count under the threshold: each figure is « < 5 », a rate, « – », or 5 and more.
	check := func(where, cell string) {
		cell = strings.TrimSpace(cell)
		if cell == "< 5" || cell == "–" || strings.HasSuffix(cell, "%") {
			return
		}
		n, err := strconv.Atoi(cell)
		if err != nil || n < model.SeuilStatistiques {
			t.Errorf("%s: cell %q", where, cell)
		}
	}
	for _, r := range rows[1:] {
		for _, cell := range r[1:] {
			check("CSV", cell)
		}
	}
	td := regexp.MustCompile(`<td[^>]*>([^<]*)</td>`)
	cells := td.FindAllStringSubmatch(content, -1)
	if len(cells) < 7 {
		t.Fatalf("%d cells on the page", len(cells))
	}
	for _, m := range cells {
		check("page", strings.ReplaceAll(m[1], "&lt;", "<"))
	}
	// The map of the académies: one shape each; the demo's Toulouse
	// coloured by the table's figures, or in the secret class without any
	// when the table hides them (early in a school year).
	svg := regexp.MustCompile(`(?s)<svg role="img" aria-labelledby="carte-statistiques-svg-titre carte-statistiques-svg-desc".*?</svg>`).FindString(page)
	if n := strings.Count(svg, "<path "); n != len(refdata.Academies()) {
		t.Errorf("map: %d shapes, want the %d académies", n, len(refdata.Academies()))
	}
	var toulouse []string
	for _, r := range rows {
		if r[0] == "Toulouse" {
			toulouse = r
		}
	}
	title := regexp.MustCompile(`fill="([^"]*)"[^>]*><title>Toulouse : ([^<]*)</title>`).FindStringSubmatch(svg)
	switch {
	case toulouse == nil || title == nil:
		t.Fatalf("Toulouse in the CSV %v, on the map %v", toulouse, title)
	case toulouse[7] == "–":
		if title[1] != "#929292" || title[2] != "secret statistique" {
			t.Errorf("Toulouse's figures hidden in the table (%v), on the map: %v", toulouse, title[1:])
		}
	case !strings.HasSuffix(title[2], "("+toulouse[6]+" sur "+toulouse[5]+")") || title[1] == "#929292" || title[1] == "#dddddd":
		t.Errorf("Toulouse: %v in the table, %v on the map", toulouse, title[1:])
	}
	if !strings.Contains(page, "Légende : taux de couverture") || !strings.Contains(page, `id="statistiques"`) {
		t.Error("map without its legend, or page without its table")
	}
}

// TestStatistiquesSecret checks the suppression of small counts on a
// hand-built network: 6 CEE in mandate in Toulouse, 2 in Paris, 7 in
// Aix-Marseille. Paris's 2 is hidden, and Toulouse's 6 with it (the
// smallest other count), so that the national 15 gives neither away.
func TestStatistiquesSecret(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	db := srv.App.Store.DB()
	ctx := context.Background()
	now := time.Now().UTC()
	n := 0
	for acad, count := range map[string]int{"16": 6, "01": 2, "02": 7} {
		for range count {
			n++
			var id int64
			if err := db.QueryRowContext(ctx, `INSERT INTO conseillers (academie, nom, prenom, email, created_at, updated_at)
				VALUES ($1, 'Secret', 'Jeanne', $2, $3, $3) RETURNING id`, acad, "cee"+strconv.Itoa(n)+"@example.org", now).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO designations (conseiller_id, academie, etat, debut, fin, courante, created_at, updated_at)
				VALUES ($1, $2, 'active', $3, $4, TRUE, $3, $3)`, id, acad, now.AddDate(-1, 0, 0), now.AddDate(2, 0, 0)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Two schools in Paris: under the threshold, so Paris is grey on the
	// map and no figure of it is printed.
	for i, digits := range []string{"0751001", "0751002"} {
		letter, _ := refdata.UAICheckLetter(digits)
		if err := srv.App.Store.UpsertEtablissement(ctx, model.Etablissement{UAI: digits + string(letter), Nom: "Collège " + strconv.Itoa(i),
			Type: model.College, Statut: "public", Academie: "01", Departement: "75", CodeCommune: "75056", NomCommune: "Paris"}); err != nil {
			t.Fatal(err)
		}
	}
	_, page := newClient(t, srv).get("/statistiques")
	svg := regexp.MustCompile(`(?s)<svg role="img" aria-labelledby="carte-statistiques-svg-titre.*?</svg>`).FindString(page)
	paris := regexp.MustCompile(`fill="([^"]*)"[^>]*><title>(Paris[^<]*)</title>`).FindStringSubmatch(svg)
	if paris == nil || paris[1] != "#929292" || paris[2] != "Paris : secret statistique" {
		t.Errorf("Paris on the map: %v", paris)
	}
	if n := strings.Count(svg, "<path "); n != len(refdata.Academies()) || !strings.Contains(page, "secret statistique : effectif inférieur à 5") {
		t.Errorf("map: %d shapes, secret class in the legend: %v", n, strings.Contains(page, "secret statistique : effectif"))
	}
	_, body := newClient(t, srv).get("/statistiques/statistiques.csv")
	got := map[string]string{}
	for _, r := range readCSV(t, body)[1:] {
		got[r[0]] = r[1]
	}
	want := map[string]string{"Ensemble des académies": "15", "Toulouse": "< 5", "Paris": "< 5", "Aix-Marseille": "7"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("CEE in mandate, %s: %q, want %q (%v)", k, got[k], v, got)
		}
	}
	if strings.Contains(body, "Secret") || strings.Contains(body, "@") {
		t.Error("a name or an e-mail in the open statistics")
	}
}

// TestTableauCarteEtJurys checks the maps (the pilote's départements, the
// national académies with the overseas insets), their data tables and CSV,
// and the jury indicators on the pilote's and the exam division's
// dashboards.
func TestTableauCarteEtJurys(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	db := srv.App.Store.DB()
	pilote := newClient(t, srv)
	acad := pilote.loginAs(demoEmail("pilote")).Habilitations[0].Academie
	deps := refdata.DepartementsOfAcademie(acad)

	_, body := pilote.get("/tableau-de-bord")
	svg := regexp.MustCompile(`(?s)<svg role="img" aria-labelledby="carte-couverture-departement-svg-titre carte-couverture-departement-svg-desc".*?</svg>`).FindString(body)
	if svg == "" {
		t.Fatal("no map of the départements on the pilote's dashboard")
	}
	if n := strings.Count(svg, "<path "); n != len(deps) {
		t.Errorf("map: %d shapes, want the %d départements of the académie", n, len(deps))
	}
	for _, d := range deps {
		if !strings.Contains(svg, "<title>"+d.Nom+" ("+d.Code+")") {
			t.Errorf("map: no shape named %s", d.Nom)
		}
	}
	if !strings.Contains(svg, "<desc id=") || !strings.Contains(body, "Légende : taux de couverture") || !strings.Contains(body, `id="donnees-couverture-departement"`) {
		t.Error("map without its description, legend or data table")
	}
	_, csvBody := pilote.get("/tableau-de-bord/couverture-departement.csv")
	rows := readCSV(t, csvBody)
	if len(rows) < 2 || rows[0][1] != "Atteints" {
		t.Fatalf("coverage by département CSV: %v", rows)
	}
	for _, r := range rows[1:] {
		if !slices.ContainsFunc(deps, func(d refdata.Departement) bool { return strings.HasSuffix(r[0], "("+d.Code+")") }) {
			t.Errorf("département %q outside the académie", r[0])
		}
	}

	lecteur := newClient(t, srv)
	lecteur.loginAs(demoEmail("lecteur"))
	_, body = lecteur.get("/tableau-de-bord")
	svg = regexp.MustCompile(`(?s)<svg role="img" aria-labelledby="carte-couverture-academie-svg-titre.*?</svg>`).FindString(body)
	if n := strings.Count(svg, "<path "); n != len(refdata.Academies()) {
		t.Errorf("national map: %d shapes, want %d académies", n, len(refdata.Academies()))
	}
	if n := strings.Count(svg, "<rect "); n != 5 || !strings.Contains(svg, ">Mayotte</text>") {
		t.Errorf("national map: %d insets, want the 5 overseas académies", n)
	}
	// Filtering on an académie draws its départements.
	if _, body = lecteur.get("/tableau-de-bord?academie=" + acad); !strings.Contains(body, `id="carte-couverture-departement"`) {
		t.Error("national reader on one académie: no map of its départements")
	}

	// One session of this school year with a jury of 2 seats, nobody seated:
	// 2 more seats, as many filled and balanced juries as before (the demo
	// has sessions of its own, in this school year or not depending on the
	// date).
	figure := func(body, label string) string {
		for _, line := range strings.Split(body, "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimPrefix(line, "\ufeff")), label+";"); ok {
				return v
			}
		}
		t.Fatalf("no %q in the key figures:\n%s", label, body)
		return ""
	}
	// The pilote's dashboard is read from the indicators computed ahead
	// once the job indicateurs.calculer ran at start: wait for it, and
	// compute them again after the change, as the job does every quarter
	// of an hour (otherwise the outcome depended on which came first, the
	// job or these reads).
	srv.SettlePeriodic(t)
	_, before := pilote.get("/tableau-de-bord/chiffres.csv")
	var pourvus, sieges int
	if _, err := fmt.Sscanf(figure(before, "Sièges de jurys pourvus"), "%d / %d", &pourvus, &sieges); err != nil {
		t.Fatalf("seats before: %v", err)
	}
	now := time.Now().UTC()
	var sess int64
	if err := db.QueryRowContext(ctx, `INSERT INTO sessions_examen (academie, nom, debut, fin, etat, created_at, updated_at)
		VALUES ($1, 'Session de test', $2, $2, 'preparation', $2, $2) RETURNING id`, acad, now).Scan(&sess); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO jurys (session_id, code, specialite, uai, demi_journees, sieges) VALUES ($1, 'J1', '50020101', '', '', 2)`, sess); err != nil {
		t.Fatal(err)
	}
	if err := workflow.CalculerInstantanes(ctx, srv.App.Store, time.Now()); err != nil {
		t.Fatal(err)
	}
	_, csvBody = pilote.get("/tableau-de-bord/chiffres.csv")
	const equilibres = "Jurys équilibrés employeurs / salariés"
	if !strings.HasPrefix(figure(csvBody, "Sièges de jurys pourvus"), fmt.Sprintf("%d / %d (", pourvus, sieges+2)) ||
		figure(csvBody, equilibres) != figure(before, equilibres) {
		t.Errorf("jury figures in the key figures, before:\n%s\nafter:\n%s", before, csvBody)
	}
	_, csvBody = pilote.get("/tableau-de-bord/sieges-jurys-session.csv")
	rows = readCSV(t, csvBody)
	if i := slices.IndexFunc(rows, func(r []string) bool { return r[0] == "Session de test" }); i < 0 || rows[i][1] != "0" || rows[i][2] != "2" {
		t.Errorf("seats by session: %v", rows)
	}
	examens := newClient(t, srv)
	examens.loginAs(demoEmail("examens"))
	resp, body := examens.get("/tableau-de-bord")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Sièges de jurys pourvus par diplôme") || !strings.Contains(body, "Membres de jurys par collège") ||
		strings.Contains(body, "Établissements jamais atteints") || strings.Contains(body, "CEE en mandat par secteur") {
		t.Errorf("exam division's dashboard: status %d, jury series %v", resp.StatusCode, strings.Contains(body, "Sièges de jurys pourvus par diplôme"))
	}
	if resp, _ := examens.get("/tableau-de-bord/non-atteints.csv"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("exam division GET non-atteints.csv: status %d, want 404", resp.StatusCode)
	}
}

// The dashboards as they open and the open statistics are read from the
// indicators the job computed ahead, with their date, while fresh; an
// older computation or another filter is computed on view.
func TestTableauInstantane(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	pilote := newClient(t, srv)
	acad := pilote.loginAs(demoEmail("pilote")).Habilitations[0].Academie
	now := time.Now()
	annee := model.AnneeScolaireOf(now)
	// The scheduler computes them at start-up: that run first, so that it
	// does not overwrite this test's.
	for done, deadline := false, time.Now().Add(time.Minute); !done; time.Sleep(50 * time.Millisecond) {
		counts, err := st.CountJobs(ctx)
		if err != nil || time.Now().After(deadline) {
			t.Fatalf("the job %s did not run at start-up (%v)", job.KindIndicateurs, err)
		}
		for _, c := range counts {
			done = done || c.Kind == job.KindIndicateurs && c.State == store.JobDone
		}
	}
	if err := workflow.CalculerInstantanes(ctx, st, now.Add(-10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	// A figure only the computation ahead holds, to tell where the page read.
	mark := func(cle string, edit func(r *workflow.Rapport)) {
		t.Helper()
		i, err := st.GetInstantane(ctx, cle)
		if err != nil {
			t.Fatal(err)
		}
		var r workflow.Rapport
		if err := json.Unmarshal(i.Contenu, &r); err != nil {
			t.Fatal(err)
		}
		edit(&r)
		if i.Contenu, err = json.Marshal(r); err != nil {
			t.Fatal(err)
		}
		if err := st.PutInstantane(ctx, cle, i); err != nil {
			t.Fatal(err)
		}
	}
	cle := fmt.Sprintf("rapport/%d/%s", annee, acad)
	mark(cle, func(r *workflow.Rapport) { r.CEE.Total = 424242 })
	marked := regexp.MustCompile(`424\D{1,8}242`)
	ahead := "Chiffres au " + model.DateHeure(now.Add(-10*time.Minute))

	_, body := pilote.get("/tableau-de-bord")
	if !marked.MatchString(body) || !strings.Contains(body, ahead) {
		t.Errorf("the académie's dashboard does not show the figures computed ahead (%q)", ahead)
	}
	// Another filter: computed on view.
	dep := refdata.DepartementsOfAcademie(acad)[0].Code
	_, body = pilote.get("/tableau-de-bord?departement=" + dep)
	if marked.MatchString(body) || strings.Contains(body, ahead) {
		t.Error("a filtered dashboard shows the figures computed ahead for the whole académie")
	}
	// Too old (the job stopped): computed on view.
	i, err := st.GetInstantane(ctx, cle)
	if err != nil {
		t.Fatal(err)
	}
	i.CalculeLe = now.Add(-3 * time.Hour)
	if err := st.PutInstantane(ctx, cle, i); err != nil {
		t.Fatal(err)
	}
	_, body = pilote.get("/tableau-de-bord")
	if marked.MatchString(body) || !strings.Contains(body, "Chiffres au ") {
		t.Error("a stale computation is shown, or the page has no date")
	}

	// The open statistics likewise.
	c := newClient(t, srv)
	_, body = c.get("/statistiques")
	if !strings.Contains(body, ahead) {
		t.Errorf("the open statistics do not show their date (%q)", ahead)
	}
	_, body = c.get(fmt.Sprintf("/statistiques?annee=%d", annee-2))
	if strings.Contains(body, ahead) || !strings.Contains(body, "Chiffres au ") {
		t.Error("an older year's statistics should be computed on view")
	}
}
