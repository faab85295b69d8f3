package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cee/internal/apptest"
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
