package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cee/internal/api"
	"cee/internal/apptest"
	"cee/internal/auth"
	"cee/internal/config"
	"cee/internal/demo"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
	"cee/internal/storetest"
	"cee/internal/testclock"
)

// fixture is the demo application (académie A, Toulouse) with records of
// another académie (B), API tokens for several roles, and an HTTP client
// whose every response is validated against the OpenAPI document.
type fixture struct {
	srv    *apptest.Server
	st     *store.Store
	v      *validator
	client *http.Client
	tokens map[string]string // who → secret
	ids    map[string]string // {placeholder} → value
	acadB  string
}

func demoEmail(local string) string { return local + "@" + demo.DomaineDemo }

func setup(t *testing.T, databaseURL string, configure func(*config.Config)) *fixture {
	t.Helper()
	return setupOptions(t, apptest.Options{Demo: true, DatabaseURL: databaseURL, Configure: configure})
}

// setupOptions is setup with the application's options (e.g. its log).
func setupOptions(t *testing.T, o apptest.Options) *fixture {
	t.Helper()
	srv := apptest.Start(t, o)
	resp, err := http.Get(srv.URL + api.Prefix + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	v := newValidator(t, raw)
	t.Cleanup(v.report)
	f := &fixture{srv: srv, st: srv.App.Store, v: v, tokens: map[string]string{}, ids: map[string]string{},
		client: &http.Client{Transport: transport{v: v, base: http.DefaultTransport}}}
	ctx := context.Background()
	for _, a := range refdata.Academies() {
		if a.Code != demo.SmallAcademie {
			f.acadB = a.Code
			break
		}
	}
	for _, who := range []string{"admin", "lecteur", "pilote", "organisation", "conseiller", "etablissement", "examens", "inspecteur"} {
		f.tokens[who] = f.token(t, demoEmail(who), 0, false, time.Now().Add(24*time.Hour))
	}
	f.tokens["etablissement-lecture"] = f.token(t, demoEmail("etablissement"), 0, true, time.Now().Add(24*time.Hour))
	if _, err := f.st.GrantRole(ctx, "pilote-b@test.invalid", "Pilote B", model.Habilitation{Role: model.RolePilote, Academie: f.acadB}); err != nil {
		t.Fatal(err)
	}
	f.tokens["piloteB"] = f.token(t, "pilote-b@test.invalid", 0, false, time.Now().Add(24*time.Hour))
	f.tokens["mauvais"] = model.PrefixeJetonAPI + "inconnu"
	f.tokens["anonyme"] = ""

	// Records of académie A (the demo's) and B (made here).
	school, _ := f.st.GetCompteByEmail(ctx, demoEmail("etablissement"))
	f.ids["{uai}"] = school.Habilitations[0].Ref
	cee, _ := f.st.GetCompteByEmail(ctx, demoEmail("conseiller"))
	f.ids["{ceeSoi}"] = cee.Habilitations[0].Ref
	others, _, err := f.st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: demo.SmallAcademie}, Limit: 2})
	if err != nil || len(others) < 2 {
		t.Fatalf("CEE de démonstration : %v", err)
	}
	f.ids["{ceeA}"] = strconv.FormatInt(others[0].ID, 10)
	if f.ids["{ceeA}"] == f.ids["{ceeSoi}"] {
		f.ids["{ceeA}"] = strconv.FormatInt(others[1].ID, 10)
	}
	idB, _, err := f.st.SaveConseiller(ctx, model.Conseiller{Academie: f.acadB, Nom: "Bernard", Prenom: "Béatrice", Email: "beatrice.bernard@test.invalid"})
	if err != nil {
		t.Fatal(err)
	}
	f.ids["{ceeB}"] = strconv.FormatInt(idB, 10)
	pros, _, err := f.st.SearchProfessionnels(ctx, store.ProfessionnelFilter{Scope: model.Scope{Academie: demo.SmallAcademie}, Limit: 1})
	if err != nil || len(pros) == 0 {
		t.Fatalf("professionnels de démonstration : %v", err)
	}
	f.ids["{proA}"] = strconv.FormatInt(pros[0].ID, 10)
	orgs, err := f.st.ListOrganisations(ctx, demo.SmallAcademie)
	if err != nil || len(orgs) == 0 {
		t.Fatalf("organisations de démonstration : %v", err)
	}
	f.ids["{orgA}"] = strconv.FormatInt(orgs[0].ID, 10)
	orgB, err := f.st.CreateOrganisation(ctx, model.Organisation{Nom: "Organisation B", Type: model.OrgBranche, Niveau: "regional", Academies: []string{f.acadB}})
	if err != nil {
		t.Fatal(err)
	}
	f.ids["{orgB}"] = strconv.FormatInt(orgB, 10)
	list, _, err := f.st.ListDemandes(ctx, store.DemandeFilter{Scope: model.Scope{Academie: demo.SmallAcademie}, Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("demandes de démonstration : %v", err)
	}
	f.ids["{demandeA}"] = strconv.FormatInt(list[0].ID, 10)
	dB, err := f.st.CreateDemande(ctx, model.Demande{Academie: f.acadB, Type: model.TypeIntervention, Titre: "Demande de B",
		Personnes: 1, Etat: model.DemandeEnRecherche, Echeance: time.Now().AddDate(0, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	f.ids["{demandeB}"] = strconv.FormatInt(dB, 10)
	evs, err := f.st.ListEvenements(ctx, model.Scope{Academie: demo.SmallAcademie}, time.Now())
	if err != nil || len(evs) == 0 {
		t.Fatalf("événements de démonstration : %v", err)
	}
	f.ids["{evenementA}"] = strconv.FormatInt(evs[0].ID, 10)
	day := time.Now().AddDate(0, 2, 0)
	sA, err := f.st.CreateSessionExamen(ctx, model.SessionExamen{Academie: demo.SmallAcademie, Nom: "Session A", Debut: day, Fin: day.AddDate(0, 0, 5), Etat: model.SessionPreparation})
	if err != nil {
		t.Fatal(err)
	}
	sB, err := f.st.CreateSessionExamen(ctx, model.SessionExamen{Academie: f.acadB, Nom: "Session B", Debut: day, Fin: day.AddDate(0, 0, 5), Etat: model.SessionPreparation})
	if err != nil {
		t.Fatal(err)
	}
	f.ids["{sessionA}"], f.ids["{sessionB}"] = strconv.FormatInt(sA, 10), strconv.FormatInt(sB, 10)
	return f
}

// token creates an API token for an account's n-th habilitation, as the
// web page does, and returns its secret.
func (f *fixture) token(t *testing.T, email string, n int, lectureSeule bool, expires time.Time) string {
	t.Helper()
	c, err := f.st.GetCompteByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("%s : %v", email, err)
	}
	raw, _, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	secret := model.PrefixeJetonAPI + raw
	if _, err := f.st.CreateJetonAPI(context.Background(), model.JetonAPI{CompteID: c.ID, Habilitation: c.Habilitations[n], Nom: "test",
		LectureSeule: lectureSeule, ExpiresAt: expires}, auth.HashToken(secret)); err != nil {
		t.Fatal(err)
	}
	return secret
}

type answer struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any
}

// call sends one request as who (a key of tokens, or a raw secret).
func (f *fixture) call(t *testing.T, who, method, path, body string, headers ...string) answer {
	t.Helper()
	for k, v := range f.ids {
		path = strings.ReplaceAll(path, k, v)
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	secret, ok := f.tokens[who]
	if !ok {
		secret = who
	}
	switch {
	case strings.Contains(secret, " "): // another scheme, as is
		req.Header.Set("Authorization", secret)
	case secret != "":
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := f.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	a := answer{Status: resp.StatusCode, Header: resp.Header}
	a.Body, _ = io.ReadAll(resp.Body)
	if strings.Contains(resp.Header.Get("Content-Type"), "json") && len(a.Body) > 0 && a.Body[0] == '{' {
		if err := json.Unmarshal(a.Body, &a.JSON); err != nil {
			t.Fatalf("%s %s : JSON illisible : %v", method, path, err)
		}
	}
	return a
}

// field reads a dotted path in a JSON answer: "elements.0.id", "errors.0.champ".
func field(js any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch v := js.(type) {
		case map[string]any:
			js = v[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(v) {
				return nil
			}
			js = v[i]
		default:
			return nil
		}
	}
	return js
}

type scenario struct {
	who, method, path, body string
	status                  int
	fields                  map[string]any // dotted path → expected value (numbers as float64); "*" any non-null
}

func TestScenarios(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, databaseURL string) {
		f := setup(t, databaseURL, nil)
		nouvelle := `{"type":"intervention","titre":"Présenter le métier de boulanger","description":"Deux classes de 3e.","niveaux":["3e"],"eleves":50,
			"creneaux":[{"jour":"` + time.Now().AddDate(0, 1, 0).Format(time.DateOnly) + `","moment":"AM"}],"personnes":1,
			"contact_nom":"Nathalie Roux","contact_email":"nathalie.roux@test.invalid","soumettre":true}`
		problem := map[string]any{"type": "about:blank"}
		// Bad input of issue 16: 40 alternative dates, a date in the past,
		// 10,000 km; each a precise message on its field.
		creneauxDe := func(jours ...time.Time) string {
			var parts []string
			for _, j := range jours {
				parts = append(parts, `{"jour":"`+j.Format(time.DateOnly)+`","moment":"AM"}`)
			}
			return `"creneaux":[` + strings.Join(parts, ",") + `]`
		}
		unCreneau := creneauxDe(time.Now().AddDate(0, 1, 0))
		var quarante []time.Time
		for i := range 40 {
			quarante = append(quarante, time.Now().AddDate(0, 1, i))
		}
		avec := func(old, new string) string { return strings.Replace(nouvelle, old, new, 1) }
		scenarios := []scenario{
			{"etablissement", "POST", "/api/v1/demandes", avec(unCreneau, creneauxDe(quarante...)+`,"dates_au_choix":true`), 422,
				map[string]any{"errors.0.champ": "dates", "errors.0.message": "40 dates, c'est trop : 10 au plus. Pour une action étalée, indiquez plutôt une période."}},
			{"etablissement", "POST", "/api/v1/demandes", avec(unCreneau, creneauxDe(time.Now().AddDate(0, 0, -3))), 422,
				map[string]any{"errors.0.champ": "dates", "errors.0.message": "Les dates sont passées (le " + model.Date(time.Now().AddDate(0, 0, -3)) + ") : choisissez des dates à venir."}},
			{"etablissement", "POST", "/api/v1/demandes", avec(`"personnes":1`, `"personnes":1,"distance_max_km":10000`), 422,
				map[string]any{"errors.0.champ": "distance_max_km", "errors.0.message": "Distance maximale : de 1 à 500 km (laissez vide pour la valeur de l'académie)."}},
			// Authentication.
			{"anonyme", "GET", "/api/v1/demandes", "", 401, map[string]any{"status": 401.0, "title": "Authentification requise"}},
			{"mauvais", "GET", "/api/v1/demandes", "", 401, problem},
			{"Basic abc", "GET", "/api/v1/conseillers", "", 401, nil},
			{"anonyme", "GET", "/api/v1/openapi.json", "", 200, map[string]any{"openapi": "3.1.0"}},
			{"pilote", "GET", "/api/v1/inconnu", "", 404, problem},
			{"pilote", "DELETE", "/api/v1/demandes/{demandeA}", "", 405, map[string]any{"title": "Méthode non permise"}},

			// Directory, with its filters and pagination.
			{"admin", "GET", "/api/v1/conseillers?limite=2", "", 200, map[string]any{"elements.1.id": "*", "suivant": "*"}},
			{"pilote", "GET", "/api/v1/conseillers?limite=1&tri=commune", "", 200, map[string]any{"elements.0.academie": demo.SmallAcademie}},
			{"lecteur", "GET", "/api/v1/conseillers?limite=1", "", 200, nil},
			{"conseiller", "GET", "/api/v1/conseillers", "", 200, map[string]any{"total": 1.0}},
			{"organisation", "GET", "/api/v1/conseillers?limite=1", "", 200, nil},
			{"etablissement", "GET", "/api/v1/conseillers", "", 403, map[string]any{"title": "Accès refusé"}},
			{"pilote", "GET", "/api/v1/conseillers?etat=inconnu", "", 400, map[string]any{"errors.0.champ": "etat"}},
			{"pilote", "GET", "/api/v1/conseillers?limite=201", "", 400, map[string]any{"errors.0.champ": "limite"}},
			{"pilote", "GET", "/api/v1/conseillers?curseur=!!!", "", 400, map[string]any{"errors.0.champ": "curseur"}},
			{"pilote", "GET", "/api/v1/conseillers?departement=31&limite=1", "", 200, map[string]any{"elements.0.departement": "31"}},
			{"pilote", "GET", "/api/v1/conseillers/{ceeA}", "", 200, map[string]any{"email": "*"}},
			{"piloteB", "GET", "/api/v1/conseillers/{ceeA}", "", 404, problem},
			{"pilote", "GET", "/api/v1/conseillers/{ceeB}", "", 404, nil},
			{"admin", "GET", "/api/v1/conseillers/{ceeB}", "", 200, map[string]any{"nom": "Bernard"}},
			{"conseiller", "GET", "/api/v1/conseillers/{ceeSoi}", "", 200, nil},
			{"conseiller", "GET", "/api/v1/conseillers/{ceeA}", "", 404, nil},
			{"etablissement", "GET", "/api/v1/conseillers/{ceeA}", "", 403, nil},
			{"pilote", "GET", "/api/v1/conseillers/abc", "", 404, nil},
			{"conseiller", "GET", "/api/v1/conseillers/{ceeSoi}/interventions", "", 200, nil},
			{"pilote", "GET", "/api/v1/conseillers/{ceeSoi}/interventions?limite=1", "", 200, nil},
			{"piloteB", "GET", "/api/v1/conseillers/{ceeSoi}/interventions", "", 404, nil},
			{"lecteur", "GET", "/api/v1/conseillers/{ceeSoi}/interventions", "", 403, nil},
			{"pilote", "GET", "/api/v1/professionnels?limite=2", "", 200, map[string]any{"elements.0.consent_le": "*"}},
			{"conseiller", "GET", "/api/v1/professionnels", "", 200, nil},
			{"etablissement", "GET", "/api/v1/professionnels", "", 403, nil},
			{"pilote", "GET", "/api/v1/professionnels/{proA}", "", 200, map[string]any{"email": "*"}},
			{"piloteB", "GET", "/api/v1/professionnels/{proA}", "", 404, nil},

			// The lists the web exports: same filters, scoped, paged.
			{"pilote", "GET", "/api/v1/sollicitations?limite=2", "", 200, map[string]any{"elements.0.academie": demo.SmallAcademie, "suivant": "*"}},
			{"piloteB", "GET", "/api/v1/sollicitations", "", 200, map[string]any{"total": 0.0}},
			{"pilote", "GET", "/api/v1/sollicitations?du=2026-05-10&au=2026-05-01", "", 400, map[string]any{"errors.0.champ": "au"}},
			{"conseiller", "GET", "/api/v1/sollicitations", "", 403, nil},
			{"pilote", "GET", "/api/v1/actions?limite=1", "", 200, map[string]any{"elements.0.academie": demo.SmallAcademie, "elements.0.conseiller": "*"}},
			{"piloteB", "GET", "/api/v1/actions", "", 200, map[string]any{"total": 0.0}},
			{"pilote", "GET", "/api/v1/actions?type=inconnu", "", 400, map[string]any{"errors.0.champ": "type"}},
			{"lecteur", "GET", "/api/v1/actions", "", 403, nil},
			{"pilote", "GET", "/api/v1/journal?limite=1", "", 200, map[string]any{"elements.0.academie": demo.SmallAcademie}},
			{"pilote", "GET", "/api/v1/journal?action=inconnue", "", 400, map[string]any{"errors.0.champ": "action"}},
			{"etablissement", "GET", "/api/v1/journal", "", 403, nil},
			{"pilote", "GET", "/api/v1/evenements/{evenementA}/participants?limite=2", "", 200, map[string]any{"elements.0.nom": "*"}},
			{"piloteB", "GET", "/api/v1/evenements/{evenementA}/participants", "", 404, nil},
			{"conseiller", "GET", "/api/v1/evenements/{evenementA}/participants", "", 403, nil},

			// Reference data.
			{"pilote", "GET", "/api/v1/organisations", "", 200, map[string]any{"elements.0.id": "*"}},
			{"conseiller", "GET", "/api/v1/organisations", "", 403, nil},
			{"pilote", "GET", "/api/v1/organisations/{orgA}", "", 200, nil},
			{"pilote", "GET", "/api/v1/organisations/{orgB}", "", 404, nil},
			{"admin", "GET", "/api/v1/organisations/{orgB}", "", 200, map[string]any{"nom": "Organisation B", "academies.0": "*"}},
			{"etablissement", "GET", "/api/v1/etablissements?academie=16&type=lycee&limite=3", "", 200, map[string]any{"elements.0.type": "lycee"}},
			{"etablissement", "GET", "/api/v1/etablissements?type=ecole", "", 400, map[string]any{"errors.0.champ": "type"}},
			{"conseiller", "GET", "/api/v1/etablissements/{uai}", "", 200, map[string]any{"uai": "*"}},
			{"conseiller", "GET", "/api/v1/etablissements/9999999Z", "", 404, nil},

			// Requests.
			{"pilote", "GET", "/api/v1/demandes?limite=5", "", 200, map[string]any{"elements.0.academie": demo.SmallAcademie}},
			{"pilote", "GET", "/api/v1/demandes?etat=en_recherche&etat=pourvue&limite=2", "", 200, nil},
			{"pilote", "GET", "/api/v1/demandes?etat=perdue", "", 400, map[string]any{"errors.0.champ": "etat"}},
			{"etablissement", "GET", "/api/v1/demandes", "", 200, nil},
			{"conseiller", "GET", "/api/v1/demandes", "", 200, nil},
			{"lecteur", "GET", "/api/v1/demandes", "", 403, nil},
			{"pilote", "GET", "/api/v1/demandes/{demandeA}", "", 200, map[string]any{"version": "*"}},
			{"admin", "GET", "/api/v1/demandes/{demandeB}", "", 200, map[string]any{"titre": "Demande de B"}},
			{"pilote", "GET", "/api/v1/demandes/{demandeB}", "", 404, problem},
			{"piloteB", "GET", "/api/v1/demandes/{demandeA}", "", 404, nil},
			{"etablissement", "POST", "/api/v1/demandes", nouvelle, 201, map[string]any{"uai": "*", "titre": "Présenter le métier de boulanger", "version": "*"}},
			{"etablissement", "POST", "/api/v1/demandes", `{"titre":"Brouillon"}`, 201, map[string]any{"etat": "brouillon"}},
			{"etablissement", "POST", "/api/v1/demandes", `{"soumettre":true}`, 422, map[string]any{"errors.0.champ": "*", "title": "Données invalides"}},
			{"etablissement", "POST", "/api/v1/demandes", `{"titre":"x","naf":["ZZ"]}`, 422, map[string]any{"errors.0.champ": "naf"}},
			// Lengths: model.Demande's, as on the web form, even for a draft
			// (issue 20); counted in characters, not bytes.
			{"etablissement", "POST", "/api/v1/demandes", `{"titre":"` + strings.Repeat("é", 151) + `"}`, 422,
				map[string]any{"errors.0.champ": "titre", "errors.0.message": "Le titre ne doit pas dépasser 150 caractères."}},
			{"etablissement", "POST", "/api/v1/demandes", `{"titre":"` + strings.Repeat("é", 150) + `","contact_nom":"` + strings.Repeat("x", 101) + `"}`, 422,
				map[string]any{"errors.0.champ": "contact_nom", "errors.0.message": "Le nom du contact ne doit pas dépasser 100 caractères."}},
			{"etablissement", "POST", "/api/v1/demandes", `{"titre":`, 400, nil},
			{"etablissement", "POST", "/api/v1/demandes", `{"titre":"x","inconnu":1}`, 400, nil},
			{"etablissement-lecture", "POST", "/api/v1/demandes", nouvelle, 403, map[string]any{"title": "Jeton en lecture seule"}},
			{"etablissement-lecture", "GET", "/api/v1/demandes", "", 200, nil},
			{"conseiller", "POST", "/api/v1/demandes", nouvelle, 403, nil},
			{"lecteur", "POST", "/api/v1/demandes", nouvelle, 403, nil},
			{"anonyme", "POST", "/api/v1/demandes", nouvelle, 401, nil},
			{"pilote", "POST", "/api/v1/demandes/{demandeA}/transitions", `{"etat":"annulee","motif":"x"}`, 428, map[string]any{"title": "If-Match requis"}},
			{"piloteB", "POST", "/api/v1/demandes/{demandeA}/transitions", `{"etat":"annulee","motif":"x"}`, 404, nil},
			{"conseiller", "POST", "/api/v1/demandes/{demandeA}/transitions", `{"etat":"annulee","motif":"x"}`, 403, nil},

			// Juries.
			{"pilote", "GET", "/api/v1/jurys", "", 200, map[string]any{"elements.0.id": "*"}},
			{"examens", "GET", "/api/v1/jurys/{sessionA}", "", 200, map[string]any{"nom": "Session A", "liste_jurys": []any{}}},
			{"pilote", "GET", "/api/v1/jurys/{sessionB}", "", 404, nil},
			{"etablissement", "GET", "/api/v1/jurys", "", 403, nil},

			// Indicators: the role's dashboard, its scope and filters.
			{"pilote", "GET", "/api/v1/indicateurs", "", 200, map[string]any{"perimetre": "Académie de Toulouse", "chiffres.0.code": model.IndCEEActifs, "series.0.lignes": "*"}},
			{"pilote", "GET", "/api/v1/indicateurs?departement=31&secteur=C", "", 200, map[string]any{"perimetre": "Académie de Toulouse"}},
			{"pilote", "GET", "/api/v1/indicateurs?departement=75", "", 400, map[string]any{"errors.0.champ": "departement"}},
			{"pilote", "GET", "/api/v1/indicateurs?annee=1990", "", 400, map[string]any{"errors.0.champ": "annee"}},
			{"admin", "GET", "/api/v1/indicateurs", "", 200, map[string]any{"perimetre": "National"}},
			{"admin", "GET", "/api/v1/indicateurs?academie=16", "", 200, map[string]any{"perimetre": "Académie de Toulouse"}},
			{"admin", "GET", "/api/v1/indicateurs?academie=99", "", 400, map[string]any{"errors.0.champ": "academie"}},
			{"examens", "GET", "/api/v1/indicateurs", "", 200, map[string]any{"chiffres.0.code": model.IndSiegesJurys}},
			{"etablissement", "GET", "/api/v1/indicateurs", "", 200, map[string]any{"chiffres.0.code": model.IndDemandesEtat}},
			{"inspecteur", "GET", "/api/v1/indicateurs", "", 403, nil},
		}
		for _, sc := range scenarios {
			t.Run(sc.who+" "+sc.method+" "+sc.path, func(t *testing.T) {
				a := f.call(t, sc.who, sc.method, sc.path, sc.body)
				if a.Status != sc.status {
					t.Fatalf("statut %d, want %d\n%s", a.Status, sc.status, truncate(a.Body))
				}
				if sc.status >= 400 {
					if ct := a.Header.Get("Content-Type"); ct != "application/problem+json" {
						t.Errorf("Content-Type %q, want application/problem+json", ct)
					}
				}
				if sc.status == 401 && !strings.HasPrefix(a.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate = %q", a.Header.Get("WWW-Authenticate"))
				}
				for k, want := range sc.fields {
					got := field(a.JSON, k)
					if want == "*" {
						if got == nil {
							t.Errorf("%s absent\n%s", k, truncate(a.Body))
						}
						continue
					}
					if fmt.Sprint(got) != fmt.Sprint(want) {
						t.Errorf("%s = %v, want %v", k, got, want)
					}
				}
			})
		}
		// A browser-based client of another origin is not stopped by the
		// web's cross-origin protection: the API is outside it, since a
		// bearer token is never sent by a browser on its own.
		t.Run("cross-origin", func(t *testing.T) {
			a := f.call(t, "etablissement", "POST", "/api/v1/demandes", `{"titre":"Depuis l'ENT"}`, "Origin", "https://ent.example", "Sec-Fetch-Site", "cross-site")
			if a.Status != http.StatusCreated {
				t.Fatalf("POST inter-origines : %d %s", a.Status, a.Body)
			}
		})
		// Every operation was exercised, so every schema met a real answer.
		for _, rt := range f.srv.App.API.Routes() {
			if !f.v.seen[rt.ID] {
				t.Errorf("opération %s (%s %s) jamais appelée par les scénarios", rt.ID, rt.Method, rt.Path)
			}
		}
	})
}

// TestPagination walks the directory page by page with the cursor of the
// body and of the Link header, and finds every CEE once.
func TestPagination(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, databaseURL string) {
		f := setup(t, databaseURL, nil)
		all := f.call(t, "pilote", "GET", "/api/v1/conseillers?limite=200&departement=31", "")
		total := int(all.JSON["total"].(float64))
		if total < 3 {
			t.Fatalf("total %d: too few CEE in the demo's Haute-Garonne to page", total)
		}
		seen := map[float64]bool{}
		path := "/api/v1/conseillers?departement=31&limite=2"
		for pages := 0; path != ""; pages++ {
			if pages > total {
				t.Fatal("pagination sans fin")
			}
			a := f.call(t, "pilote", "GET", path, "")
			for _, e := range a.JSON["elements"].([]any) {
				id := e.(map[string]any)["id"].(float64)
				if seen[id] {
					t.Errorf("CEE %v vu deux fois", id)
				}
				seen[id] = true
			}
			link := a.Header.Get("Link")
			next, _ := a.JSON["suivant"].(string)
			if (link == "") != (next == "") {
				t.Fatalf("Link %q et suivant %q disent des choses différentes", link, next)
			}
			path = ""
			if link != "" {
				path = strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
				if !strings.Contains(path, "curseur="+next) || !strings.Contains(path, "departement=31") {
					t.Fatalf("Link %q ne garde pas les filtres ou le curseur %q", link, next)
				}
			}
		}
		if len(seen) != total {
			t.Errorf("%d CEE parcourus, want %d", len(seen), total)
		}
	})
}

// TestIfMatch: a state change needs the current ETag; a stale one gets 412
// and the request is unchanged; of two clients holding the same ETag, one
// wins and the other gets 412.
func TestIfMatch(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, databaseURL string) {
		f := setup(t, databaseURL, nil)
		nouvelle := `{"type":"visite","titre":"Visite d'atelier","description":"Une classe.","niveaux":["2de pro"],"eleves":24,"personnes":1,
			"creneaux":[{"jour":"` + time.Now().AddDate(0, 1, 0).Format(time.DateOnly) + `","moment":""}],
			"contact_nom":"N. Roux","contact_email":"n.roux@test.invalid","soumettre":true}`
		created := f.call(t, "etablissement", "POST", "/api/v1/demandes", nouvelle)
		if created.Status != 201 {
			t.Fatalf("création : %d %s", created.Status, created.Body)
		}
		loc := created.Header.Get("Location")
		if loc != "/api/v1/demandes/"+fmt.Sprint(created.JSON["id"]) {
			t.Fatalf("Location %q", loc)
		}
		read := f.call(t, "pilote", "GET", loc, "")
		etag := read.Header.Get("ETag")
		if etag == "" || etag != created.Header.Get("ETag") {
			t.Fatalf("ETag %q après lecture, %q à la création", etag, created.Header.Get("ETag"))
		}
		etat := read.JSON["etat"].(string)
		// Stale: an ETag of an older version.
		v := int(read.JSON["version"].(float64))
		stale := `"` + strconv.Itoa(v-1) + `"`
		a := f.call(t, "pilote", "POST", loc+"/transitions", `{"etat":"annulee","motif":"Doublon"}`, "If-Match", stale)
		if a.Status != http.StatusPreconditionFailed {
			t.Fatalf("If-Match périmé : %d %s", a.Status, a.Body)
		}
		after := f.call(t, "pilote", "GET", loc, "")
		if after.JSON["etat"] != etat || after.Header.Get("ETag") != etag {
			t.Fatalf("la demande a changé malgré le 412 : état %v, ETag %q", after.JSON["etat"], after.Header.Get("ETag"))
		}
		// Not allowed by the lifecycle: 409, unchanged.
		if a := f.call(t, "pilote", "POST", loc+"/transitions", `{"etat":"cloturee"}`, "If-Match", etag); a.Status != http.StatusConflict {
			t.Fatalf("transition interdite : %d %s", a.Status, a.Body)
		}
		if a := f.call(t, "pilote", "POST", loc+"/transitions", `{"etat":"perdue"}`, "If-Match", etag); a.Status != 422 || field(a.JSON, "errors.0.champ") != "etat" {
			t.Fatalf("état inconnu : %d %s", a.Status, a.Body)
		}
		if a := f.call(t, "pilote", "POST", loc+"/transitions", `{"etat":"annulee"}`, "If-Match", etag); a.Status != http.StatusConflict {
			t.Fatalf("annulation sans motif : %d %s", a.Status, a.Body)
		}
		// Two clients, the same ETag: exactly one succeeds.
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = f.call(t, "pilote", "POST", loc+"/transitions", `{"etat":"annulee","motif":"Client `+strconv.Itoa(i)+`"}`, "If-Match", etag).Status
			}()
		}
		wg.Wait()
		slices.Sort(statuses)
		if statuses[0] != 200 || statuses[1] != 412 {
			t.Fatalf("deux clients avec le même ETag : statuts %v, want [200 412]", statuses)
		}
		final := f.call(t, "pilote", "GET", loc, "")
		if final.JSON["etat"] != "annulee" || final.Header.Get("ETag") == etag {
			t.Fatalf("après l'annulation : état %v, ETag %q (avant %q)", final.JSON["etat"], final.Header.Get("ETag"), etag)
		}
	})
}

// TestTokenLifecycle: a token stops working at once when revoked, expired,
// when its account is suspended or its habilitation removed.
func TestTokenLifecycle(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, databaseURL string) {
		f := setup(t, databaseURL, nil)
		ctx := context.Background()
		expired := f.token(t, demoEmail("pilote"), 0, false, time.Now().Add(-time.Second))
		if a := f.call(t, expired, "GET", "/api/v1/demandes", ""); a.Status != 401 {
			t.Errorf("jeton expiré : %d", a.Status)
		}

		revoked := f.token(t, demoEmail("pilote"), 0, false, time.Now().Add(time.Hour))
		if a := f.call(t, revoked, "GET", "/api/v1/demandes", ""); a.Status != 200 {
			t.Fatalf("jeton neuf : %d", a.Status)
		}
		pilote, _ := f.st.GetCompteByEmail(ctx, demoEmail("pilote"))
		list, _ := f.st.ListJetonsAPI(ctx, pilote.ID)
		if len(list) == 0 || list[0].DernierUsage == nil {
			t.Fatalf("dernier usage non enregistré : %+v", list)
		}
		if _, err := f.st.RevokeJetonAPI(ctx, pilote.ID, list[0].ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if a := f.call(t, revoked, "GET", "/api/v1/demandes", ""); a.Status != 401 {
			t.Errorf("jeton révoqué : %d", a.Status)
		}

		suspended := f.tokens["inspecteur"]
		if a := f.call(t, suspended, "GET", "/api/v1/demandes", ""); a.Status != 200 {
			t.Fatalf("inspecteur : %d", a.Status)
		}
		insp, _ := f.st.GetCompteByEmail(ctx, demoEmail("inspecteur"))
		if err := f.st.SetCompteStatut(ctx, insp.ID, model.CompteSuspendu); err != nil {
			t.Fatal(err)
		}
		if a := f.call(t, suspended, "GET", "/api/v1/demandes", ""); a.Status != 401 {
			t.Errorf("compte suspendu : %d", a.Status)
		}

		// An account with two roles: removing the role a token carries ends
		// the token, not the others.
		ien, _ := f.st.GetCompteByEmail(ctx, demoEmail("ien"))
		first := f.token(t, demoEmail("ien"), 0, false, time.Now().Add(time.Hour))
		second := f.token(t, demoEmail("ien"), 1, false, time.Now().Add(time.Hour))
		if _, err := f.st.DB().ExecContext(ctx, `DELETE FROM habilitations WHERE id = $1`, ien.Habilitations[0].ID); err != nil {
			t.Fatal(err)
		}
		if a := f.call(t, first, "GET", "/api/v1/demandes", ""); a.Status != 401 {
			t.Errorf("habilitation retirée : %d", a.Status)
		}
		if a := f.call(t, second, "GET", "/api/v1/demandes", ""); a.Status != 200 {
			t.Errorf("l'autre rôle du compte : %d", a.Status)
		}
	})
}

// TestRateLimit: past its burst a token gets 429 with Retry-After; another
// token is not affected; a minute later (on the test's clock, not the
// machine's) one more request passes.
func TestRateLimit(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, databaseURL string) {
		f := setup(t, databaseURL, func(c *config.Config) { c.APIParMinute, c.APIRafale = 1, 3 })
		clock := testclock.Stopped()
		f.srv.App.API.SetClock(clock.Now)
		for i := range 3 {
			if a := f.call(t, "pilote", "GET", "/api/v1/jurys", ""); a.Status != 200 {
				t.Fatalf("requête %d : %d", i+1, a.Status)
			}
		}
		a := f.call(t, "pilote", "GET", "/api/v1/jurys", "")
		if a.Status != http.StatusTooManyRequests || a.Header.Get("Retry-After") != "60" {
			t.Fatalf("4e requête : %d, Retry-After %q", a.Status, a.Header.Get("Retry-After"))
		}
		if a := f.call(t, "admin", "GET", "/api/v1/jurys", ""); a.Status != 200 {
			t.Fatalf("un autre jeton : %d", a.Status)
		}
		clock.Advance(time.Minute)
		if a := f.call(t, "pilote", "GET", "/api/v1/jurys", ""); a.Status != 200 {
			t.Fatalf("une minute plus tard : %d", a.Status)
		}
		if a := f.call(t, "pilote", "GET", "/api/v1/jurys", ""); a.Status != http.StatusTooManyRequests {
			t.Fatalf("une seconde dans la même minute : %d", a.Status)
		}
	})
}

// TestDocumentMatchesRoutes: the document has one operation per route of
// the table and nothing else; every operation has an id, a summary, a
// documented success and, unless public, the 401 and 429 answers.
func TestDocumentMatchesRoutes(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	doc := srv.App.API.Document()
	routes := srv.App.API.Routes()
	n := 0
	for path, ops := range doc.Paths {
		for method, op := range ops {
			n++
			i := slices.IndexFunc(routes, func(r api.Route) bool { return r.Path == path && strings.ToLower(r.Method) == method })
			if i < 0 {
				t.Errorf("%s %s documenté sans route", method, path)
				continue
			}
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s %s : operationId ou summary manquant", method, path)
			}
			if !routes[i].Public {
				for _, st := range []string{"401", "429"} {
					if _, ok := op.Responses[st]; !ok {
						t.Errorf("%s %s : %s non documenté", method, path, st)
					}
				}
			}
		}
	}
	if n != len(routes) {
		t.Errorf("%d opérations documentées pour %d routes", n, len(routes))
	}
	// The router serves exactly the table: an undocumented path is 404.
	for _, rt := range routes {
		req, _ := http.NewRequest(rt.Method, srv.URL+api.Prefix+strings.NewReplacer("{id}", "1", "{uai}", "0310001A").Replace(rt.Path), nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusMethodNotAllowed || (resp.StatusCode == 404 && rt.Public) {
			t.Errorf("%s %s : %d, la route n'est pas servie", rt.Method, rt.Path, resp.StatusCode)
		}
	}
}
