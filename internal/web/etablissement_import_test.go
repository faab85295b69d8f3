package web_test

import (
	"context"
	"encoding/base64"
	"errors"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"cee/internal/apptest"
	"cee/internal/importer"
	"cee/internal/model"
	"cee/internal/store"
)

func init() {
	for k, v := range campusAccessRules {
		accessRules[k] = v
	}
}

// campusAccessRules are the lines of accessRules for the routes of
// routesEtablissementsCampus.
var campusAccessRules = map[string]rule{
	"GET /import/etablissements":                     gestion,
	"POST /import/etablissements":                    gestion,
	"GET /campus":                                    gestion,
	"POST /campus":                                   gestion,
	"GET /campus/{id}":                               member, // others than admin, pilote and the campus's animators: 404
	"POST /campus/{id}/etablissements":               gestion,
	"POST /campus/{id}/etablissements/{uai}/retirer": gestion,
}

// messyAnnuaire is the published Occitanie extract (académies 16 and 11,
// with écoles and other kinds to ignore) and two bad lines at its end: line
// 307, of académie 11, and line 308, of académie 16, each with a wrong UAI
// check letter.
func messyAnnuaire(t *testing.T) (string, importer.Annuaire) {
	t.Helper()
	raw, err := os.ReadFile("../importer/testdata/annuaire-occitanie-extrait.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	var montpellier, toulouse string
	for _, l := range lines {
		if strings.HasPrefix(l, "0301326D;") {
			montpellier = strings.Replace(l, "0301326D;", "0301326E;", 1)
		}
		if strings.HasPrefix(l, "0311131L;") {
			toulouse = strings.Replace(l, "0311131L;", "0311131A;", 1)
		}
	}
	if montpellier == "" || toulouse == "" {
		t.Fatal("sample lines not found in the extract")
	}
	content := strings.Join(append(lines, montpellier, toulouse), "\n") + "\n"
	a, err := importer.LireAnnuaire(strings.NewReader(content))
	if err != nil || a.Lues != 307 || a.Rejetees() != 2 {
		t.Fatalf("messy file: %v, %d lines, %d rejected", err, a.Lues, a.Rejetees())
	}
	return content, a
}

// bilan is the sentence of the counts on the result page.
var bilanRE = regexp.MustCompile(`Importés : (\d+) · Mis à jour : (\d+) · Inchangés : (\d+) · Rejetés : (\d+) · Ignorés : (\d+) \(sur (\d+) lignes lues\)`)

func bilan(t *testing.T, body string) []string {
	t.Helper()
	m := bilanRE.FindStringSubmatch(html.UnescapeString(body))
	if m == nil {
		t.Fatalf("no counts on the page:\n%s", body)
	}
	return m[1:]
}

// upload posts a file to the import page, with the simulation box ticked
// or not.
func upload(c *client, name, content string, simulation bool) (*http.Response, string) {
	fields := url.Values{}
	if simulation {
		fields.Set("simulation", "oui")
	}
	return c.postFile("/import/etablissements", fields, "fichier", name, content)
}

func TestEtablissementImportPilote(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	content, an := messyAnnuaire(t)
	var toulouse []string
	for _, e := range an.Etablissements {
		if e.Academie == "16" {
			toulouse = append(toulouse, e.UAI)
		}
	}
	if len(toulouse) != 45 {
		t.Fatalf("%d lines of académie 16 in the sample, want 45", len(toulouse))
	}
	known, fresh := 0, ""
	for _, uai := range toulouse {
		if _, err := st.GetEtablissement(ctx, uai); err == nil {
			known++
		} else {
			fresh = uai
		}
	}
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if resp, body := pilote.get("/import/etablissements"); resp.StatusCode != 200 || !strings.Contains(body, "Simulation : ne rien écrire") ||
		!strings.Contains(body, "seules les lignes de l&#39;académie de Toulouse") {
		t.Fatalf("form: %d\n%s", resp.StatusCode, body)
	}
	if _, body := pilote.get("/etablissements"); !strings.Contains(body, `href="/import/etablissements"`) || !strings.Contains(body, `href="/campus"`) {
		t.Error("no link to the import and campus pages on the list of schools")
	}

	// A simulation writes nothing and says so.
	resp, body := pilote.post("/import/etablissements", nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choisissez le fichier") {
		t.Errorf("no file: %d", resp.StatusCode)
	}
	resp, body = upload(pilote, "annuaire.csv", content, true)
	if resp.StatusCode != 200 || !strings.Contains(body, "Simulation : rien n&#39;a été écrit") {
		t.Fatalf("simulation: %d\n%s", resp.StatusCode, body)
	}
	// 45 lines of Toulouse, the line 308 rejected, the 261 others ignored
	// (other kinds and other académies: 35 schools of Montpellier, and the
	// bad line 307).
	want := []string{itoa(int64(45 - known)), itoa(int64(known)), "0", "1", "261", "307"}
	if got := bilan(t, body); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("simulation counts %v, want %v", got, want)
	}
	if !strings.Contains(body, ">308</td>") || strings.Contains(body, ">307</td>") {
		t.Errorf("rejected lines: want line 308 only (line numbers of the uploaded file)")
	}
	if _, err := st.GetEtablissement(ctx, fresh); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("simulation wrote a school: %v", err)
	}
	if n := journalImports(t, st); n != 0 {
		t.Errorf("simulation journaled %d import(s)", n)
	}

	// The import writes the schools of Toulouse only.
	resp, body = upload(pilote, "annuaire.csv", content, false)
	if resp.StatusCode != 200 || !strings.Contains(body, "Import terminé") {
		t.Fatalf("import: %d", resp.StatusCode)
	}
	if got := bilan(t, body); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("import counts %v, want %v", got, want)
	}
	for _, uai := range toulouse {
		if e, err := st.GetEtablissement(ctx, uai); err != nil || e.Academie != "16" {
			t.Errorf("%s not imported: %v", uai, err)
		}
	}
	if _, err := st.GetEtablissement(ctx, "0301326D"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a pilote of Toulouse imported a school of Montpellier: %v", err)
	}
	// 184 lines of académie 11 (35 schools kept, écoles and others), the bad
	// line 307 among them.
	if !strings.Contains(body, "184 ligne(s) d'autres académies mises de côté") {
		t.Error("the page does not say that other académies' lines were set aside")
	}
	// The report of the rejected lines, as CSV.
	m := regexp.MustCompile(`href="data:text/csv;charset=utf-8;base64,([^"]+)" download`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no CSV report link")
	}
	report, _ := base64.StdEncoding.DecodeString(m[1])
	if !strings.HasPrefix(string(report), "\uFEFFLigne;Colonne;Motif\n308;") || strings.Count(string(report), "\n") != 2 {
		t.Errorf("CSV report:\n%s", report)
	}
	if n := journalImports(t, st); n != 1 {
		t.Errorf("%d import(s) journaled, want 1", n)
	}
	entries, _, _ := st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditImport, Limit: 10})
	if len(entries) != 1 || entries[0].Academie != "16" || entries[0].ObjetType != "etablissements" {
		t.Errorf("journal: %+v", entries)
	}
	// Again: nothing changes.
	_, body = upload(pilote, "annuaire.csv", content, false)
	if got := bilan(t, body); strings.Join(got, " ") != "0 0 45 1 261 307" {
		t.Errorf("second import counts %v", got)
	}

	// A line of Toulouse whose UAI is a school of Montpellier already known
	// would move it to Toulouse: set aside.
	chamson := model.Etablissement{UAI: "0301326D", Nom: "Collège André Chamson", Type: model.College, Statut: "public",
		CodeCommune: "30350", NomCommune: "Le Vigan", Departement: "030", Academie: "11"}
	if err := st.UpsertEtablissement(ctx, chamson); err != nil {
		t.Fatal(err)
	}
	header, rest, _ := strings.Cut(content, "\n")
	for _, l := range strings.Split(rest, "\n") {
		if strings.HasPrefix(l, "0301326D;") {
			f := strings.Split(l, ";")
			f[1], f[7], f[8], f[9], f[10], f[11] = "Collège déplacé", "31000", "31555", "Toulouse", "031", "16"
			moved := header + "\n" + strings.Join(f, ";") + "\n"
			if a, err := importer.LireAnnuaire(strings.NewReader(moved)); err != nil || len(a.Etablissements) != 1 || a.Etablissements[0].Academie != "16" {
				t.Fatalf("crafted line not valid: %v %+v", err, a.Erreurs)
			}
			_, body := upload(pilote, "annuaire.csv", moved, false)
			if got := bilan(t, body); strings.Join(got, " ") != "0 0 0 0 1 1" {
				t.Errorf("moving line: counts %v, want it ignored", got)
			}
		}
	}
	if e, _ := st.GetEtablissement(ctx, "0301326D"); e.Academie != "11" || e.Nom != chamson.Nom {
		t.Errorf("a pilote of Toulouse moved a school of Montpellier: %+v", e)
	}

	// Not a CSV, not the Annuaire: 422, the form again.
	for name, bad := range map[string]string{"annuaire.pdf": "%PDF-1.4 pas un tableau", "registre.csv": "Nom;Prénom\nRoc;Jeanne\n"} {
		resp, body := upload(pilote, name, bad, false)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Le fichier n&#39;a pas pu être importé") || !strings.Contains(body, `name="fichier"`) {
			t.Errorf("%s: %d\n%s", name, resp.StatusCode, body)
		}
	}
}

func TestEtablissementImportAdmin(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	content, an := messyAnnuaire(t)
	known := 0
	for _, e := range an.Etablissements {
		if _, err := st.GetEtablissement(ctx, e.UAI); err == nil {
			known++
		}
	}
	admin := newClient(t, srv)
	admin.loginAs(demoEmail("admin"))
	resp, body := upload(admin, "annuaire.csv", content, false)
	if resp.StatusCode != 200 {
		t.Fatalf("import: %d", resp.StatusCode)
	}
	// The whole file: 80 schools of both académies, lines 307 and 308
	// rejected, 225 lines of other kinds ignored.
	want := []string{itoa(int64(80 - known)), itoa(int64(known)), "0", "2", "225", "307"}
	if got := bilan(t, body); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("counts %v, want %v", got, want)
	}
	if !strings.Contains(body, ">307</td>") || !strings.Contains(body, ">308</td>") {
		t.Error("rejected lines 307 and 308 not listed")
	}
	if e, err := st.GetEtablissement(ctx, "0301326D"); err != nil || e.Academie != "11" {
		t.Errorf("school of Montpellier: %v", err)
	}
	if n := journalImports(t, st); n != 1 {
		t.Errorf("%d import(s) journaled, want 1", n)
	}
	if resp, body := upload(admin, "annuaire.pdf", "%PDF-1.4", false); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "pas un CSV") {
		t.Errorf("PDF: %d", resp.StatusCode)
	}
	// Too big: 413 from the route's body limit, before the file is read.
	big := strings.Repeat("x", 31<<20)
	if resp, body := upload(admin, "annuaire.csv", big, false); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "31 Mo au plus") {
		t.Errorf("31 Mo: %d", resp.StatusCode)
	}
}

func journalImports(t *testing.T, st *store.Store) int {
	t.Helper()
	entries, _, err := st.ListJournal(context.Background(), store.JournalFilter{Scope: model.Scope{National: true}, Action: store.AuditImport, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.ObjetType == "etablissements" {
			n++
		}
	}
	return n
}

// A file saved again by a spreadsheet: Windows-1252, CRLF, a quoted field
// spanning two lines in a line of another académie. A pilote's import keeps
// the line numbers of the file they uploaded.
func TestEtablissementImportPiloteWindows1252(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	raw, err := os.ReadFile("../importer/testdata/annuaire-ille-et-vilaine-extrait.csv")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimPrefix(string(raw), "\uFEFF")
	if !strings.HasSuffix(text, "\r\n") {
		t.Fatal("the extract should end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	var sample string
	for _, l := range lines {
		if f := strings.Split(l, ";"); len(f) > 12 && f[2] == "Lycée" && f[11] == "14" {
			sample = l
			break
		}
	}
	if sample == "" {
		t.Fatal("no lycée of académie 14 in the extract")
	}
	f := strings.Split(sample, ";")
	other := append([]string(nil), f...)
	other[0], other[1], other[11] = "0311131L", "\"Lycée\r\nsur deux lignes\"", "16"
	bad := append([]string(nil), f...)
	bad[0] = bad[0][:7] + "A"
	if bad[0] == f[0] {
		bad[0] = bad[0][:7] + "B"
	}
	badLine := len(lines) + 3 // after the line on two lines
	utf := text + strings.Join(other, ";") + "\r\n" + strings.Join(bad, ";") + "\r\n"
	content, err := charmap.Windows1252.NewEncoder().String(utf)
	if err != nil {
		t.Fatal(err)
	}
	an, err := importer.LireAnnuaire(strings.NewReader(content))
	if err != nil || an.Rejetees() != 2 || an.Erreurs[len(an.Erreurs)-1].Ligne != badLine {
		t.Fatalf("sample: %v %+v", err, an.Erreurs)
	}
	kept := 0
	for _, e := range an.Etablissements {
		if e.Academie == "14" {
			kept++
		}
	}

	id, _ := st.CreateCompte(ctx, model.Compte{Email: "pilote@ac-rennes.fr", Nom: "Rennes"})
	st.AddHabilitation(ctx, model.Habilitation{CompteID: id, Role: model.RolePilote, Academie: "14"})
	rennes := newClient(t, srv)
	rennes.loginAs("pilote@ac-rennes.fr")
	resp, body := upload(rennes, "annuaire.csv", content, false)
	if resp.StatusCode != 200 {
		t.Fatalf("import: %d", resp.StatusCode)
	}
	lues := an.Lues
	want := []string{itoa(int64(kept)), "0", "0", "1", itoa(int64(lues - kept - 1)), itoa(int64(lues))}
	if got := bilan(t, body); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("counts %v, want %v", got, want)
	}
	if !strings.Contains(body, ">"+itoa(int64(badLine))+"</td>") || strings.Count(body, "</tr>") != 2 {
		t.Errorf("want one rejected line, %d", badLine)
	}
	if e, err := st.GetEtablissement(ctx, f[0]); err != nil || e.Academie != "14" || !strings.Contains(e.Nom, "Lycée") {
		t.Errorf("%s: %+v %v", f[0], e, err)
	}
	if e, err := st.GetEtablissement(ctx, "0311131L"); err == nil && strings.Contains(e.Nom, "deux lignes") {
		t.Errorf("a line of académie 16 was imported by Rennes's pilote: %+v", e)
	}
}
