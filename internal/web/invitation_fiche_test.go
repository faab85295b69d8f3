package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cee/internal/apptest"
	"cee/internal/storetest"
	"cee/internal/workflow"
)

// TestInvitationSansCode: the invitation's record is chosen by its name,
// with suggestions that follow the role chosen; the server reads the label
// (or a code) and refuses an unknown or ambiguous name with a message that
// says what to do (issue 18 item 2, « no codes to type »).
func TestInvitationSansCode(t *testing.T) {
	storetest.Databases(t, func(t *testing.T, u string) {
		srv := apptest.Start(t, apptest.Options{Demo: true, DatabaseURL: u})
		ctx := context.Background()
		st := srv.App.Store
		pilote := newClient(t, srv)
		pc := pilote.loginAs(demoEmail("pilote"))
		acad := pc.Habilitations[0].Academie
		orgs, err := st.ListOrganisations(ctx, acad)
		if err != nil || len(orgs) < 2 {
			t.Fatalf("demo organisations: %d %v", len(orgs), err)
		}
		org := orgs[0]
		libelleOrg := workflow.LibelleFiche(org.Nom, org.ID)

		if _, body := pilote.get("/comptes/inviter"); !strings.Contains(body, `data-suggestions="/suggestions/fiche"`) || !strings.Contains(body, `data-suggestions-avec="role academie"`) {
			t.Error("the invitation's record field has no suggestions following the role")
		}
		// The suggestions follow the role: organisations for « organisation »,
		// départements for « departement ».
		premier := strings.Fields(org.Nom)[0]
		if resp, body := pilote.get("/suggestions/fiche?" + url.Values{"role": {"organisation"}, "q": {premier}}.Encode()); resp.StatusCode != 200 ||
			!strings.Contains(body, html.EscapeString(libelleOrg)) {
			t.Errorf("suggestions of organisations for %q: %d, lack %q", premier, resp.StatusCode, libelleOrg)
		}
		if _, body := pilote.get("/suggestions/fiche?" + url.Values{"role": {"departement"}, "q": {"garonne"}}.Encode()); !strings.Contains(body, "Haute-Garonne (31)") {
			t.Error("suggestions of départements: no Haute-Garonne")
		}
		if _, body := pilote.get("/suggestions/fiche?" + url.Values{"role": {"pilote"}, "q": {premier}}.Encode()); strings.Contains(body, "role=\"option\"") {
			t.Error("suggestions for a role without a record")
		}
		// They name CEE and professionals: only those who invite read them.
		cee := newClient(t, srv)
		cee.loginAs(demoEmail("conseiller"))
		if resp, _ := cee.get("/suggestions/fiche?" + url.Values{"role": {"conseiller"}, "q": {"ma"}}.Encode()); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a CEE reads the records' suggestions: %d", resp.StatusCode)
		}

		ref := func(email string) string {
			t.Helper()
			c, err := st.GetCompteByEmail(ctx, email)
			if err != nil || len(c.Habilitations) != 1 {
				t.Fatalf("account %s: %+v %v", email, c, err)
			}
			return c.Habilitations[0].Ref
		}
		for _, tc := range []struct {
			name, role, saisie, want string
		}{
			{"organisation by its label", "organisation", libelleOrg, itoa(org.ID)},
			{"organisation by its full name", "organisation", org.Nom, itoa(org.ID)},
			{"organisation by its number", "organisation", itoa(orgs[1].ID), itoa(orgs[1].ID)},
			{"département by its name", "departement", "Haute-Garonne", "31"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				email := strings.ReplaceAll(tc.name, " ", ".") + "@ac-toulouse.fr"
				resp, body := pilote.post("/comptes/inviter", url.Values{"email": {email}, "role": {tc.role}, "ref": {tc.saisie}})
				if resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("%q: %d\n%s", tc.saisie, resp.StatusCode, body[strings.Index(body, "<main"):])
				}
				if got := ref(email); got != tc.want {
					t.Errorf("%q: role on %q, want %q", tc.saisie, got, tc.want)
				}
			})
		}
		t.Run("school by its label", func(t *testing.T) {
			ets, err := workflow.ChercherEtablissements(ctx, st, acad, "lycee", 1)
			if err != nil || len(ets) == 0 {
				t.Fatalf("a demo lycée: %v", err)
			}
			email := "ecole.par.nom@ac-toulouse.fr"
			if resp, _ := pilote.post("/comptes/inviter", url.Values{"email": {email}, "role": {"etablissement"}, "ref": {workflow.LibelleEtablissement(ets[0])}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("school by label: %d", resp.StatusCode)
			}
			if got := ref(email); got != ets[0].UAI {
				t.Errorf("role on %q, want %q", got, ets[0].UAI)
			}
		})
		// Unknown and ambiguous names: 422, the message says what to do, the
		// text typed is kept, nobody is invited.
		for _, tc := range []struct{ role, saisie, want string }{
			{"organisation", "Fédération imaginaire", "Aucune organisation « Fédération imaginaire » dans l'académie : tapez les premières lettres du nom et choisissez dans la liste proposée"},
			{"organisation", strings.Fields(orgs[len(orgs)-1].Nom)[len(strings.Fields(orgs[len(orgs)-1].Nom))-1], "Plusieurs fiches répondent à"},
			{"departement", "Atlantide", "Atlantide"},
			{"etablissement", "Lycée", "Plusieurs établissements répondent à « Lycée »"},
		} {
			email := "refuse." + tc.role + "@ac-toulouse.fr"
			resp, body := pilote.post("/comptes/inviter", url.Values{"email": {email}, "role": {tc.role}, "ref": {tc.saisie}})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, html.EscapeString(tc.want)) || !strings.Contains(body, `value="`+html.EscapeString(tc.saisie)+`"`) {
				t.Errorf("%s %q: %d, want 422 with %q and the text kept", tc.role, tc.saisie, resp.StatusCode, tc.want)
			}
			if _, err := st.GetCompteByEmail(ctx, email); err == nil {
				t.Errorf("%s %q: an account was created", tc.role, tc.saisie)
			}
		}
	})
}
