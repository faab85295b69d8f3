package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

// proposeAndInstruct has the demo organisation propose a candidate and the
// pilote put it in instruction; it returns the profile's path.
func proposeAndInstruct(t *testing.T, srv *apptest.Server, email string) (string, *client) {
	t.Helper()
	org := newClient(t, srv)
	org.loginAs(demoEmail("organisation"))
	resp, _ := org.post("/conseillers/proposer", url.Values{"prenom": {"Inès"}, "nom": {"Candidate"}, "email": {email},
		"statut": {"salarie"}, "mission": {"Interventions en collège"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("proposal: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if resp, _ := pilote.post(loc+"/designation", url.Values{"etat": {"en_instruction"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("instruct: %d", resp.StatusCode)
	}
	return loc, pilote
}

func TestAvisInspection(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	org := newClient(t, srv)
	org.loginAs(demoEmail("organisation"))
	resp, _ := org.post("/conseillers/proposer", url.Values{"prenom": {"Inès"}, "nom": {"Proposée"}, "email": {"ines.p@example.org"}, "mission": {"x"}})
	early := resp.Header.Get("Location")
	insp := newClient(t, srv)
	insp.loginAs(demoEmail("inspecteur"))
	// Not yet in instruction: no form, and a post is refused.
	if _, body := insp.get(early); strings.Contains(body, "Donner mon avis") {
		t.Error("opinion form shown before instruction")
	}
	if resp, _ := insp.post(early+"/avis", url.Values{"avis": {"favorable"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("opinion on a proposal: %d, want 409", resp.StatusCode)
	}

	loc, pilote := proposeAndInstruct(t, srv, "ines.candidate@example.org")
	_, body := insp.get(loc)
	if !strings.Contains(body, "Donner mon avis") {
		t.Fatal("inspector sees no opinion form on a candidature in instruction")
	}
	// A reserved opinion needs a comment; the input is kept.
	resp, body = insp.post(loc+"/avis", url.Values{"avis": {"reserve"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "motivez") {
		t.Errorf("reserved opinion without comment: %d", resp.StatusCode)
	}
	if resp, _ := insp.post(loc+"/avis", url.Values{"avis": {"reserve"}, "commentaire": {"Peu d'expérience des jurys"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("opinion: %d", resp.StatusCode)
	}
	_, body = pilote.get(loc)
	for _, want := range []string{"Avis de l'inspection", "Favorable avec réserves", "Marc Lefèvre", "Peu d&#39;expérience des jurys"} {
		if !strings.Contains(body, want) {
			t.Errorf("pilote's view lacks %q", want)
		}
	}
	if m, ok := mailAbout(t, srv, demoEmail("pilote"), "Avis de l'inspection"); !ok || !strings.Contains(m.Text, "réserves") {
		t.Errorf("pilote not told of the opinion: %v", ok)
	}
	if n := journalCount(t, srv.App.Store, store.AuditAvis); n != 1 {
		t.Errorf("journal: %d opinion lines, want 1", n)
	}
	// The pilote cannot give an inspector's opinion (403 from the gate).
	if resp, _ := pilote.post(loc+"/avis", url.Values{"avis": {"favorable"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("pilote gives an opinion: %d, want 403", resp.StatusCode)
	}
	_ = ctx
}

func journalCount(t *testing.T, st *store.Store, action string) int {
	t.Helper()
	_, n, err := st.ListJournal(context.Background(), store.JournalFilter{Scope: model.Scope{National: true}, Action: action, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestParametresMandat(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	_, body := pilote.get("/parametres")
	if !strings.Contains(body, `value="36"`) {
		t.Fatal("default mandate length not shown")
	}
	resp, body := pilote.post("/parametres", url.Values{"duree_mandat": {"3"}, "duree_convention": {"36"}, "collectif": {"2028-08-31"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "entre 6 et 120") || !strings.Contains(body, "2028-08-31") {
		t.Errorf("bad length: %d", resp.StatusCode)
	}
	if resp, _ := pilote.post("/parametres", url.Values{"duree_mandat": {"60"}, "duree_convention": {"48"}, "collectif": {"2028-08-31"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	p, err := srv.App.Store.GetParametres(context.Background(), "16")
	if err != nil || p.Mandat.DureeMois != 60 || p.DureeConventionMois != 48 || p.Mandat.RenouvellementCollectif == nil {
		t.Fatalf("saved settings: %+v %v", p, err)
	}
	// A designation starting mid-term ends at the collective renewal date.
	loc, _ := proposeAndInstruct(t, srv, "mid.term@example.org")
	if resp, _ := pilote.post(loc+"/designation", url.Values{"etat": {"designee"}, "numero": {"2027-3"}, "date_arrete": {"2027-01-04"}, "debut": {"2027-01-04"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("designate: %d", resp.StatusCode)
	}
	if _, body := pilote.get(loc); !strings.Contains(body, "du 4 janvier 2027 au 31 août 2028") {
		t.Error("mandate does not end at the collective renewal date")
	}
	// Without a collective date, the académie's length applies: 60 months.
	if resp, _ := pilote.post("/parametres", url.Values{"duree_mandat": {"60"}, "duree_convention": {"48"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	loc2, _ := proposeAndInstruct(t, srv, "full.term@example.org")
	pilote.post(loc2+"/designation", url.Values{"etat": {"designee"}, "numero": {"2027-4"}, "date_arrete": {"2027-01-04"}, "debut": {"2027-01-04"}})
	if _, body := pilote.get(loc2); !strings.Contains(body, "du 4 janvier 2027 au 3 janvier 2032") {
		t.Error("mandate length setting not applied")
	}
	// An admin chooses the académie; another académie's settings stay default.
	admin := newClient(t, srv)
	admin.loginAs(demoEmail("admin"))
	if _, body := admin.get("/parametres?academie=04"); !strings.Contains(body, `value="36"`) {
		t.Error("admin: other académie not at defaults")
	}
	if resp, _ := admin.post("/parametres", url.Values{"duree_mandat": {"36"}, "duree_convention": {"36"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("admin without académie: %d, want 422", resp.StatusCode)
	}
}

func TestProfilComplet(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	cee := newClient(t, srv)
	me := cee.loginAs(demoEmail("conseiller"))
	path := "/conseillers/" + me.Habilitations[0].Ref
	resp, body := cee.post(path+"/profil", url.Values{"siret": {"732 829 320 00075"}, "langues": {"breton"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "clé de contrôle") || !strings.Contains(body, "breton") {
		t.Errorf("bad SIRET: %d", resp.StatusCode)
	}
	resp, _ = cee.post(path+"/profil", url.Values{"siret": {"732 829 320 00074"}, "telephone": {"06 11 22 33 44"}, "familles": {"40020006", "inconnue"},
		"metiers": {"électricien, chef de chantier ; électricien"}, "langues": {"anglais, occitan"},
		"visibilite": {"telephone_masque", "en_pause"}, "indispo_debut": {"2027-03-01"}, "indispo_fin": {"2027-03-15"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	c, err := srv.App.Store.GetConseillerInScope(ctx, mustID(t, me.Habilitations[0].Ref), model.Scope{National: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.SIRET != "73282932000074" || strings.Join(c.Metiers, "|") != "électricien|chef de chantier" || strings.Join(c.Langues, "|") != "anglais|occitan" ||
		!c.TelephoneMasque || !c.EnPause || len(c.Familles) != 1 {
		t.Fatalf("profile: metiers %q langues %q masque %v pause %v familles %q", c.Metiers, c.Langues, c.TelephoneMasque, c.EnPause, c.Familles)
	}
	// The search finds occupations.
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if _, body := pilote.get("/conseillers?q=chef+de+chantier"); !strings.Contains(body, c.Nom) {
		t.Error("occupation not searchable")
	}
	// The pilote sees the hidden phone; the inspector does not.
	if _, body := pilote.get(path); !strings.Contains(body, "06 11 22 33 44") || !strings.Contains(body, "Ne souhaite pas être sollicité") {
		t.Error("pilote: phone or pause not shown")
	}
	insp := newClient(t, srv)
	insp.loginAs(demoEmail("inspecteur"))
	if _, body := insp.get(path); strings.Contains(body, "06 11 22 33 44") {
		t.Error("inspector sees a hidden phone number")
	}
	if _, body := insp.get("/conseillers/export.csv?q=" + url.QueryEscape(c.Nom)); strings.Contains(body, "06 11 22 33 44") {
		t.Error("inspector's export holds a hidden phone number")
	}
	// Availability filter: paused or unavailable CEE are left out.
	_, body = pilote.get("/conseillers?q=" + url.QueryEscape(c.Nom+" "+c.Prenom) + "&dispo_du=2027-03-10&dispo_au=2027-03-11")
	if strings.Contains(body, path+`"`) {
		t.Error("paused CEE listed as available")
	}
	cee.post(path+"/profil", url.Values{"indispo_debut": {"2027-03-01"}, "indispo_fin": {"2027-03-15"}})
	_, body = pilote.get("/conseillers?q=" + url.QueryEscape(c.Nom+" "+c.Prenom) + "&dispo_du=2027-03-10&dispo_au=2027-03-11")
	if strings.Contains(body, path+`"`) {
		t.Error("CEE unavailable on those days listed as available")
	}
	_, body = pilote.get("/conseillers?q=" + url.QueryEscape(c.Nom+" "+c.Prenom) + "&dispo_du=2027-03-16&dispo_au=2027-03-20")
	if !strings.Contains(body, path+`"`) {
		t.Error("CEE available after their period not listed")
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var id int64
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("not an id: %q", s)
		}
		id = id*10 + int64(r-'0')
	}
	return id
}

func TestDirectoryFiltersAndCombinedView(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	sc := model.Scope{Academie: "16"}
	// Status filter: every line has the status.
	artisans, n, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: sc, StatutPro: model.StatutArtisan, Limit: 500})
	if err != nil || n == 0 {
		t.Fatalf("artisans: %d %v", n, err)
	}
	for _, c := range artisans {
		if c.StatutPro != model.StatutArtisan {
			t.Fatalf("status filter let %q through", c.StatutPro)
		}
	}
	_, body := pilote.get("/conseillers?statut=artisan")
	if !strings.Contains(body, strings.TrimSpace(itoaInt(n))+" conseiller(s)") {
		t.Errorf("page count differs from store count %d", n)
	}
	// Speciality by exact title or code.
	withSp, _, _ := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: sc, Limit: 500})
	var code string
	for _, c := range withSp {
		if len(c.Specialites) > 0 {
			code = c.Specialites[0]
			break
		}
	}
	if code == "" {
		t.Fatal("no demo CEE with a speciality")
	}
	_, nCode, _ := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: sc, Specialite: code})
	if _, body := pilote.get("/conseillers?specialite=" + code); !strings.Contains(body, itoaInt(nCode)+" conseiller(s)") {
		t.Errorf("speciality filter: want %d", nCode)
	}
	if resp, body := pilote.get("/conseillers?specialite=CAP+Licorne"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "inconnue") {
		t.Errorf("unknown speciality: %d", resp.StatusCode)
	}
	// Sorting by end of mandate: non-decreasing.
	list, _, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: sc, Tri: store.TriFin, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var last time.Time
	for _, c := range list {
		if c.FinMandat == nil {
			continue
		}
		if c.FinMandat.Before(last) {
			t.Fatalf("not sorted by end of mandate: %v after %v", c.FinMandat, last)
		}
		last = *c.FinMandat
	}
	if resp, _ := pilote.get("/conseillers?tri=n%27importe"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown sort: %d", resp.StatusCode)
	}
	// Combined view: CEE and consenting professionals together, counted.
	_, nCEE, _ := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: sc})
	_, nPro, _ := st.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: sc})
	_, body = pilote.get("/conseillers?qui=tous")
	if !strings.Contains(body, itoaInt(nCEE+nPro)+" personne(s)") || !strings.Contains(body, "Professionnel du réseau") {
		t.Errorf("combined view: want %d people", nCEE+nPro)
	}
	// With a CEE-only filter, the professionals drop out.
	_, nArt, _ := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: sc, StatutPro: model.StatutArtisan})
	if _, body := pilote.get("/conseillers?qui=tous&statut=artisan"); !strings.Contains(body, itoaInt(nArt)+" personne(s)") {
		t.Errorf("combined view with a CEE-only filter: want %d", nArt)
	}
	// The section filter applies to professionals through their NAF code.
	pros, _, _ := st.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: sc, SectionNAF: "F", Limit: 500})
	for _, p := range pros {
		if !strings.HasPrefix(p.CodeNAF, "41") && !strings.HasPrefix(p.CodeNAF, "42") && !strings.HasPrefix(p.CodeNAF, "43") {
			t.Fatalf("section F let %q through", p.CodeNAF)
		}
	}
	// An organisation référent cannot see professionals: no combined view.
	org := newClient(t, srv)
	org.loginAs(demoEmail("organisation"))
	if _, body := org.get("/conseillers?qui=tous"); strings.Contains(body, "Professionnel du réseau") || strings.Contains(body, "personne(s)") {
		t.Error("organisation sees the combined view")
	}
}

func itoaInt(n int) string { return itoa(int64(n)) }
