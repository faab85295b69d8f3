package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

func TestSuggestions(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	cee := newClient(t, srv)
	compte := cee.loginAs(demoEmail("conseiller"))
	for _, tc := range []struct {
		path, want string
	}{
		{"/suggestions/commune?q=toulou", `data-valeur="Toulouse (31)"`},
		{"/suggestions/commune?q=SAINT+ETIENNE", `data-valeur="Saint-Étienne (42)"`},
		{"/suggestions/departement?q=garonne", `data-valeur="Haute-Garonne (31)"`},
		{"/suggestions/specialite?q=boulanger", `data-valeur="CAP Boulanger (50022137)"`},
		{"/suggestions/activite?q=boulangerie", `(10.71C)"`},
		{"/suggestions/secteur?q=construction", `data-valeur="Construction (F)"`},
		{"/suggestions/metier?q=boulangere", `data-valeur="Boulanger / Boulangère (D1102)"`},
		{"/suggestions/convention?q=metallurgie", `data-valeur="Métallurgie (IDCC 3248)"`},
		{"/suggestions/metier?q=electricien+batiment", `data-valeur="Electricien / Electricienne du bâtiment (F1602)"`},
	} {
		resp, body := cee.get(tc.path)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, tc.want) || !strings.Contains(body, `role="option"`) {
			t.Errorf("GET %s: %d, want an option %s in %.300s", tc.path, resp.StatusCode, tc.want, body)
		}
	}
	if resp, _ := cee.get("/suggestions/inconnu?q=a"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown kind: %d, want 404", resp.StatusCode)
	}
	if _, body := cee.get("/suggestions/commune?q="); strings.Contains(body, "<li") {
		t.Errorf("nothing typed, nothing suggested: %q", body)
	}

	// Schools, by a word of their name without its accent.
	ctx := context.Background()
	school, _ := srv.App.Store.GetCompteByEmail(ctx, demoEmail("etablissement"))
	e, err := srv.App.Store.GetEtablissement(ctx, school.Habilitations[0].Ref)
	if err != nil {
		t.Fatal(err)
	}
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	mot := strings.Fields(e.Nom)[len(strings.Fields(e.Nom))-1]
	if _, body := pilote.get("/suggestions/etablissement?q=" + url.QueryEscape(mot+" "+e.NomCommune)); !strings.Contains(body, "("+e.UAI+")") {
		t.Errorf("schools for %q: no %s in %.500s", mot, e.UAI, body)
	}

	// A profile takes labels and shows them back; an ambiguous name is
	// refused with what to choose, the input kept.
	profil := "/conseillers/" + compte.Habilitations[0].Ref + "/profil"
	resp, body := cee.post(profil, url.Values{"commune": {"Saint-Denis"}, "naf": {"boulangerie et boulangerie patisserie"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Plusieurs communes s&#39;appellent « Saint-Denis »") ||
		!strings.Contains(body, `value="Saint-Denis"`) {
		t.Errorf("ambiguous commune: %d", resp.StatusCode)
	}
	resp, _ = cee.post(profil, url.Values{"commune": {"toulouse"}, "naf": {"Boulangerie et boulangerie-pâtisserie (10.71C)"},
		"specialites": {"CAP Boulanger (50022137) ; cap patissier ;"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile with labels: %d", resp.StatusCode)
	}
	_, body = cee.get(profil)
	for _, want := range []string{`value="Toulouse (31)"`, `value="Boulangerie et boulangerie-pâtisserie (10.71C)"`, `CAP Boulanger (50022137) ; CAP Pâtissier (`,
		`data-suggestions="/suggestions/commune"`} {
		if !strings.Contains(body, want) {
			t.Errorf("profile form lacks %s", want)
		}
	}
}

// A métier is picked from the ROME by its label, or typed by its code, or
// written in words when the list lacks it; an unknown code is refused.
func TestMetiersROME(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	cee := newClient(t, srv)
	compte := cee.loginAs(demoEmail("conseiller"))
	profil := "/conseillers/" + compte.Habilitations[0].Ref + "/profil"
	resp, body := cee.post(profil, url.Values{"commune": {"toulouse"}, "metiers": {"boulanger / boulangere ; Z9999"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "« Z9999 » : métier inconnu") ||
		!strings.Contains(body, `value="boulanger / boulangere ; Z9999"`) {
		t.Errorf("unknown ROME code: %d", resp.StatusCode)
	}
	resp, _ = cee.post(profil, url.Values{"commune": {"toulouse"}, "metiers": {"Boulanger / Boulangère (D1102) ; f1602, chef de chantier"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile with métiers: %d", resp.StatusCode)
	}
	_, body = cee.get(profil)
	if want := `value="Boulanger / Boulangère (D1102) ; Electricien / Electricienne du bâtiment (F1602) ; chef de chantier ;"`; !strings.Contains(body, want) ||
		!strings.Contains(body, `data-suggestions="/suggestions/metier"`) {
		t.Errorf("profile form lacks %s", want)
	}
	ctx := context.Background()
	c, err := srv.App.Store.GetConseillerInScope(ctx, mustID(t, compte.Habilitations[0].Ref), model.Scope{National: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"D1102", "F1602", "chef de chantier"}; !slices.Equal(c.Metiers, want) {
		t.Errorf("métiers stored %q, want %q", c.Metiers, want)
	}
	if _, body := cee.get("/conseillers/" + compte.Habilitations[0].Ref); !strings.Contains(body, "Boulanger / Boulangère ; Electricien / Electricienne du bâtiment ; chef de chantier") {
		t.Error("the profile page does not name the métiers")
	}

	// A school's request too, in a draft.
	ecole := newClient(t, srv)
	auteur := ecole.loginAs(demoEmail("etablissement"))
	form := url.Values{"action": {"brouillon"}, "type": {"intervention"}, "titre": {"Métiers de bouche"}, "personnes": {"1"},
		"metiers": {"Z9999"}, "contact_nom": {"Nathalie Roux"}, "contact_email": {demoEmail("etablissement")}}
	if resp, body := ecole.post("/demandes", form); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "« Z9999 » : métier inconnu") {
		t.Errorf("request with an unknown ROME code: %d", resp.StatusCode)
	}
	form.Set("metiers", "Boulanger / Boulangère (D1102)")
	resp, _ = ecole.post("/demandes", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("request with a métier: %d", resp.StatusCode)
	}
	d, err := srv.App.Store.GetDemande(ctx, mustID(t, strings.TrimPrefix(resp.Header.Get("Location"), "/demandes/")), store.DemandeFilter{Scope: model.Scope{National: true}, CompteID: auteur.ID})
	if err != nil || !slices.Equal(d.Metiers, []string{"D1102"}) {
		t.Errorf("request's métiers %q (%v), want D1102", d.Metiers, err)
	}
}
