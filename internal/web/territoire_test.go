package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/auth"
	"cee/internal/demo"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/storetest"
)

// apiJSON calls the API with a bearer token and returns the status and the
// decoded answer.
func apiJSON(t *testing.T, srv *apptest.Server, token, path string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s : JSON illisible : %v", path, err)
		}
	}
	return resp.StatusCode, out
}

// apiToken creates an API token for the first role of an account, as the
// token page does, and returns its secret.
func apiToken(t *testing.T, st *store.Store, email string) string {
	t.Helper()
	c, err := st.GetCompteByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	raw, _, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	secret := model.PrefixeJetonAPI + raw
	if _, err := st.CreateJetonAPI(context.Background(), model.JetonAPI{CompteID: c.ID, Habilitation: c.Habilitations[0], Nom: "test",
		LectureSeule: true, ExpiresAt: time.Now().Add(24 * time.Hour)}, auth.HashToken(secret)); err != nil {
		t.Fatal(err)
	}
	return secret
}

// apiAll reads every element of an API list, following the cursors.
func apiAll(t *testing.T, srv *apptest.Server, token, path string) []map[string]any {
	t.Helper()
	var out []map[string]any
	next := path + "?limite=200"
	for range 100 {
		st, page := apiJSON(t, srv, token, next)
		if st != http.StatusOK {
			t.Fatalf("%s : %d", next, st)
		}
		for _, e := range page["elements"].([]any) {
			out = append(out, e.(map[string]any))
		}
		s, ok := page["suivant"].(string)
		if !ok {
			return out
		}
		next = path + "?limite=200&curseur=" + s
	}
	t.Fatalf("%s : more than 100 pages", path)
	return nil
}

// annuaireVu walks the directory page by page as c and returns the CEE
// every page links to.
func annuaireVu(t *testing.T, c *client) map[int64]bool {
	t.Helper()
	vus := map[int64]bool{}
	for page := 1; page <= 100; page++ {
		resp, body := c.get("/conseillers?page=" + strconv.Itoa(page))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("annuaire, page %d : %d", page, resp.StatusCode)
		}
		ids := idsIn(lienConseiller, body)
		if len(ids) == 0 {
			return vus
		}
		for _, id := range ids {
			vus[id] = true
		}
	}
	t.Fatal("annuaire : plus de 100 pages")
	return nil
}

var (
	lienConseiller = regexp.MustCompile(`/conseillers/(\d+)"`)
	lienDemande    = regexp.MustCompile(`/demandes/(\d+)"`)
)

// idsIn returns the ids the links of page lead to.
func idsIn(re *regexp.Regexp, page string) []int64 {
	var out []int64
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		out = append(out, id)
	}
	return out
}

// TestTerritoireDepartement: a département's reader (DSDEN) sees the CEE
// and the requests of their département, and none of another département
// of the same académie nor of another académie, in the directory, its
// export, the requests, the dashboard and its downloads, and the API; and
// their dashboard's figures are the pilote's for that département.
func TestTerritoireDepartement(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, databaseURL string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: databaseURL})
		ctx := context.Background()
		st := srv.App.Store
		compte, err := st.GetCompteByEmail(ctx, demoEmail("departement"))
		if err != nil {
			t.Fatal(err)
		}
		dep := compte.Habilitations[0].Ref
		if d, ok := refdata.DepartementByCode(dep); !ok || d.Academie != demo.SmallAcademie {
			t.Fatalf("le compte de démonstration départemental porte %q", dep)
		}
		// A CEE and a request of another académie, besides the demo's other
		// départements.
		autre, _, err := st.SaveConseiller(ctx, model.Conseiller{Academie: "01", Departement: "75", Nom: "Ailleurs", Prenom: "Anne", Email: "anne.ailleurs@test.invalid"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateDemande(ctx, model.Demande{Academie: "01", Departement: "75", Type: model.TypeIntervention, Titre: "Demande de Paris",
			Personnes: 1, Etat: model.DemandeEnRecherche, Echeance: time.Now().AddDate(0, 1, 0)}); err != nil {
			t.Fatal(err)
		}
		tous, _, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{National: true}, Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		dedans, dehors := map[int64]model.Conseiller{}, []int64{}
		for _, c := range tous {
			if c.Departement == dep {
				dedans[c.ID] = c
			} else {
				dehors = append(dehors, c.ID)
			}
		}
		if len(dedans) == 0 || len(dehors) < 2 || !slices.Contains(dehors, autre) {
			t.Fatalf("données : %d CEE dans le département %s, %d ailleurs", len(dedans), dep, len(dehors))
		}
		demandes, _, err := st.ListDemandes(ctx, store.DemandeFilter{Scope: model.Scope{National: true}, Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		demandesDedans, demandesDehors := map[int64]bool{}, []int64{}
		for _, d := range demandes {
			if d.Departement == dep {
				demandesDedans[d.ID] = true
			} else {
				demandesDehors = append(demandesDehors, d.ID)
			}
		}
		if len(demandesDedans) == 0 || len(demandesDehors) == 0 {
			t.Fatalf("données : %d demandes dans le département, %d ailleurs", len(demandesDedans), len(demandesDehors))
		}

		c := newClient(t, srv)
		c.loginAs(demoEmail("departement"))

		// The directory, page by page: exactly the département's CEE.
		vus := annuaireVu(t, c)
		for id := range vus {
			if _, ok := dedans[id]; !ok {
				t.Errorf("annuaire : le CEE %d d'un autre département", id)
			}
		}
		if len(vus) != len(dedans) {
			t.Errorf("annuaire : %d CEE vus, want les %d du département %s", len(vus), len(dedans), dep)
		}
		for _, id := range dehors {
			if resp, _ := c.get("/conseillers/" + itoa(id)); resp.StatusCode != http.StatusNotFound {
				t.Errorf("fiche du CEE %d d'un autre département : %d, want 404", id, resp.StatusCode)
			}
		}
		for id := range dedans {
			if resp, _ := c.get("/conseillers/" + itoa(id)); resp.StatusCode != http.StatusOK {
				t.Errorf("fiche du CEE %d du département : %d, want 200", id, resp.StatusCode)
			}
			break
		}
		// Even asked for another département or académie, the directory stays in its own.
		for _, q := range []string{"?departement=75", "?academie=01"} {
			_, body := c.get("/conseillers" + q)
			if ids := idsIn(lienConseiller, body); len(ids) > 0 {
				t.Errorf("annuaire %s : %d CEE, want none", q, len(ids))
			}
		}

		// The export: the département's CEE, each once.
		resp, body := c.get("/conseillers/export.csv")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("export : %d", resp.StatusCode)
		}
		rows := readCSV(t, body)
		emails := map[string]bool{}
		for _, c := range dedans {
			emails[c.Email] = true
		}
		if len(rows)-1 != len(dedans) {
			t.Errorf("export : %d lignes, want %d", len(rows)-1, len(dedans))
		}
		for _, r := range rows[1:] {
			if !emails[r[3]] {
				t.Errorf("export : %s n'est pas un CEE du département %s", r[3], dep)
			}
		}

		// The requests.
		_, body = c.get("/demandes")
		ids := idsIn(lienDemande, body)
		if len(ids) == 0 {
			t.Errorf("demandes : aucune, want celles du département")
		}
		for _, id := range ids {
			if !demandesDedans[id] {
				t.Errorf("demandes : la demande %d d'un autre département", id)
			}
		}
		for _, id := range demandesDehors[:min(10, len(demandesDehors))] {
			if resp, _ := c.get("/demandes/" + itoa(id)); resp.StatusCode != http.StatusNotFound {
				t.Errorf("demande %d d'un autre département : %d, want 404", id, resp.StatusCode)
			}
		}

		// The dashboard: the département's, never widened.
		resp, body = c.get("/tableau-de-bord")
		if resp.StatusCode != http.StatusOK || !regexp.MustCompile(`Département [^<]*\(`+dep+`\)`).MatchString(body) {
			t.Errorf("tableau de bord : %d, sans le nom du département %s", resp.StatusCode, dep)
		}
		for _, q := range []string{"?departement=75", "?academie=01"} {
			if resp, _ := c.get("/tableau-de-bord" + q); resp.StatusCode != http.StatusBadRequest {
				t.Errorf("tableau de bord %s : %d, want 400", q, resp.StatusCode)
			}
		}
		_, body = c.get("/tableau-de-bord/" + model.IndCEEDepartement + ".csv")
		for _, r := range readCSV(t, body)[1:] {
			if r[0] != refdata.LibelleDepartement(dep) {
				t.Errorf("CEE par département : la ligne %v hors du département %s", r, dep)
			}
		}
		_, chiffres := c.get("/tableau-de-bord/chiffres.csv")
		pilote := newClient(t, srv)
		pilote.loginAs(demoEmail("pilote"))
		_, chiffresPilote := pilote.get("/tableau-de-bord/chiffres.csv?departement=" + dep)
		_, chiffresAcademie := pilote.get("/tableau-de-bord/chiffres.csv")
		if chiffres != chiffresPilote {
			t.Errorf("chiffres du département :\n%s\nwant ceux du pilote filtrés sur %s :\n%s", chiffres, dep, chiffresPilote)
		}
		if chiffres == chiffresAcademie {
			t.Errorf("les chiffres du département sont ceux de toute l'académie")
		}

		// The API: the same scope.
		token := apiToken(t, st, demoEmail("departement"))
		list := apiAll(t, srv, token, "/api/v1/conseillers")
		if len(list) != len(dedans) {
			t.Errorf("API conseillers : %d, want %d", len(list), len(dedans))
		}
		for _, e := range list {
			if e["departement"] != dep {
				t.Errorf("API conseillers : %v du département %v", e["id"], e["departement"])
			}
		}
		for _, id := range dehors[:min(10, len(dehors))] {
			if st, _ := apiJSON(t, srv, token, "/api/v1/conseillers/"+itoa(id)); st != http.StatusNotFound {
				t.Errorf("API fiche du CEE %d d'un autre département : %d, want 404", id, st)
			}
		}
		ds := apiAll(t, srv, token, "/api/v1/demandes")
		if len(ds) == 0 {
			t.Errorf("API demandes : aucune")
		}
		for _, e := range ds {
			if e["departement"] != dep {
				t.Errorf("API demandes : %v du département %v", e["id"], e["departement"])
			}
		}
		if st, _ := apiJSON(t, srv, token, "/api/v1/indicateurs?departement=75"); st != http.StatusBadRequest {
			t.Errorf("API indicateurs d'un autre département : %d, want 400", st)
		}
		if st, ind := apiJSON(t, srv, token, "/api/v1/indicateurs"); st != http.StatusOK || ind["perimetre"] != "Département "+refdata.LibelleDepartement(dep) {
			t.Errorf("API indicateurs : %d, périmètre %v", st, ind["perimetre"])
		}
	})
}

// TestTerritoireRegion: a région académique's reader (DRAFPIC) sees the CEE
// of every académie of their région and of no other, may narrow the
// dashboard to one of them and not to an académie outside it.
func TestTerritoireRegion(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, databaseURL string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: databaseURL})
		ctx := context.Background()
		st := srv.App.Store
		compte, err := st.GetCompteByEmail(ctx, demoEmail("region"))
		if err != nil {
			t.Fatal(err)
		}
		region := compte.Habilitations[0].Ref
		acads := refdata.AcademiesOfRegion(region)
		var voisine, dehors string // another académie of the région, one outside it
		for _, a := range refdata.Academies() {
			switch {
			case a.Code == demo.SmallAcademie:
			case slices.Contains(acads, a.Code) && voisine == "":
				voisine = a.Code
			case !slices.Contains(acads, a.Code) && dehors == "":
				dehors = a.Code
			}
		}
		if voisine == "" || dehors == "" {
			t.Fatalf("région %q : académies %v", region, acads)
		}
		idVoisine, _, err := st.SaveConseiller(ctx, model.Conseiller{Academie: voisine, Nom: "Voisin", Prenom: "Victor", Email: "victor.voisin@test.invalid"})
		if err != nil {
			t.Fatal(err)
		}
		idDehors, _, err := st.SaveConseiller(ctx, model.Conseiller{Academie: dehors, Nom: "Ailleurs", Prenom: "Anne", Email: "anne.ailleurs@test.invalid"})
		if err != nil {
			t.Fatal(err)
		}
		_, n, err := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: demo.SmallAcademie}, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}

		c := newClient(t, srv)
		c.loginAs(demoEmail("region"))
		if resp, _ := c.get("/conseillers/" + itoa(idVoisine)); resp.StatusCode != http.StatusOK {
			t.Errorf("CEE d'une académie de la région : %d, want 200", resp.StatusCode)
		}
		if resp, _ := c.get("/conseillers/" + itoa(idDehors)); resp.StatusCode != http.StatusNotFound {
			t.Errorf("CEE d'une académie hors de la région : %d, want 404", resp.StatusCode)
		}
		_, body := c.get("/conseillers/export.csv")
		rows := readCSV(t, body)
		if len(rows)-1 != n+1 {
			t.Errorf("export : %d lignes, want %d (l'académie de démonstration et la voisine)", len(rows)-1, n+1)
		}
		for _, r := range rows[1:] {
			if r[3] == "anne.ailleurs@test.invalid" {
				t.Errorf("export : un CEE hors de la région")
			}
		}
		// The dashboard of the whole région (every indicator over its
		// académies), its downloads, and one académie of it.
		if resp, body := c.get("/tableau-de-bord"); resp.StatusCode != http.StatusOK || !regexp.MustCompile(`Région académique `+region).MatchString(body) {
			t.Errorf("tableau de bord de la région : %d", resp.StatusCode)
		}
		for _, f := range []string{"chiffres", model.IndCEEDepartement, model.IndNonAtteints} {
			if resp, _ := c.get("/tableau-de-bord/" + f + ".csv"); resp.StatusCode != http.StatusOK {
				t.Errorf("téléchargement %s de la région : %d", f, resp.StatusCode)
			}
		}
		if resp, _ := c.get("/tableau-de-bord?academie=" + voisine); resp.StatusCode != http.StatusOK {
			t.Errorf("tableau de bord d'une académie de la région : %d", resp.StatusCode)
		}
		if resp, _ := c.get("/tableau-de-bord?academie=" + dehors); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("tableau de bord d'une académie hors de la région : %d, want 400", resp.StatusCode)
		}
		token := apiToken(t, st, demoEmail("region"))
		if st, ind := apiJSON(t, srv, token, "/api/v1/indicateurs"); st != http.StatusOK || ind["perimetre"] != "Région académique "+region {
			t.Errorf("API indicateurs : %d, périmètre %v", st, ind["perimetre"])
		}
		list := apiAll(t, srv, token, "/api/v1/conseillers")
		if len(list) != n+1 {
			t.Errorf("API conseillers : %d, want %d", len(list), n+1)
		}
		for _, e := range list {
			if !slices.Contains(acads, e["academie"].(string)) {
				t.Errorf("API conseillers : %v de l'académie %v, hors de la région %s", e["id"], e["academie"], region)
			}
		}
	})
}

// TestInvitationTerritoire: a pilote grants a département's reader on a
// département of their académie through the invitation form, not on another
// académie's (422, the form kept, the reason given), and may not grant a
// région académique's role; the role's page names the département.
func TestInvitationTerritoire(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	c := newClient(t, srv)
	c.loginAs(demoEmail("pilote"))
	form := func(role, ref string) map[string][]string {
		return map[string][]string{"email": {"ien.circo@test.invalid"}, "nom": {"Inès Circonscription"}, "role": {role}, "ref": {ref}}
	}
	resp, body := c.post("/comptes/inviter", form(string(model.RoleDepartement), "34"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !regexp.MustCompile(`Hérault \(34\) n&#39;appartient pas à l&#39;académie de Toulouse`).MatchString(body) ||
		!regexp.MustCompile(`value="ien.circo@test.invalid"`).MatchString(body) {
		t.Errorf("département d'une autre académie : %d, want 422 with the reason and the form kept", resp.StatusCode)
	}
	resp, _ = c.post("/comptes/inviter", form(string(model.RoleRegion), ""))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("un pilote donne le rôle région académique : %d, want 422", resp.StatusCode)
	}
	resp, _ = c.post("/comptes/inviter", form(string(model.RoleDepartement), "031"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("département de l'académie : %d, want 303", resp.StatusCode)
	}
	comp, err := srv.App.Store.GetCompteByEmail(context.Background(), "ien.circo@test.invalid")
	if err != nil || len(comp.Habilitations) != 1 || comp.Habilitations[0].Ref != "31" || comp.Habilitations[0].Academie != demo.SmallAcademie {
		t.Fatalf("rôle donné : %+v, %v", comp.Habilitations, err)
	}
}
