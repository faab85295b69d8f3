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
	"cee/internal/refdata"
	"cee/internal/store"
)

// passerDemande moves a request's date to yesterday, as if the action had
// taken place (the application reads the real clock).
func passerDemande(t *testing.T, st *store.Store, id int64) {
	t.Helper()
	day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)
	if _, err := st.DB().ExecContext(context.Background(), `UPDATE demandes SET creneaux = $1, premier_jour = $2, dernier_jour = $2 WHERE id = $3`,
		day.Format("2006-01-02")+"AM", day, id); err != nil {
		t.Fatal(err)
	}
}

// prochainFerie is the next public holiday at least two days away.
func prochainFerie() refdata.JourFerie {
	from := time.Now().UTC().AddDate(0, 0, 2)
	for y := from.Year(); ; y++ {
		for _, f := range refdata.JoursFeriesDepartement(y, "31") {
			if f.Date.After(from) {
				return f
			}
		}
	}
}

// A school types a public holiday: the form warns before sending (without
// JavaScript: on submit, with a confirmation step; with it: the live check
// of the dates), and sending again with the same dates confirms them.
func TestDemandeDatesAlertes(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ecole := newClient(t, srv)
	ecole.loginAs(demoEmail("etablissement"))
	ferie := prochainFerie()
	form := url.Values{"action": {"soumettre"}, "type": {"intervention"}, "titre": {"Forum férié"}, "date1": {ferie.Date.Format("2006-01-02")},
		"moment1": {"AM"}, "personnes": {"1"}, "contact_nom": {"Nathalie Roux"}, "contact_email": {demoEmail("etablissement")}}
	count := func() int {
		_, n, err := srv.App.Store.ListDemandes(context.Background(), store.DemandeFilter{Scope: model.Scope{National: true}, Etats: []model.EtatDemande{model.DemandeEnRecherche, model.DemandeAValider}})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	resp, body := ecole.post("/demandes", form)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "est un jour férié ("+ferie.Nom+")") || !strings.Contains(body, "Forum férié") {
		t.Fatalf("holiday not warned: %d", resp.StatusCode)
	}
	if count() != before {
		t.Fatal("sent despite the warning")
	}
	// The live check says the same.
	q := url.Values{"date1": form["date1"], "moment1": {"AM"}, "type": {"intervention"}}
	if resp, frag := ecole.get("/demandes/dates?" + q.Encode()); resp.StatusCode != http.StatusOK || !strings.Contains(frag, "jour férié") {
		t.Errorf("live check: %d %s", resp.StatusCode, frag)
	}
	q.Set("date1", nextWeekday().Format("2006-01-02"))
	if _, frag := ecole.get("/demandes/dates?" + q.Encode()); strings.Contains(frag, "Vérifiez") {
		t.Errorf("live check warns of a working day: %s", frag)
	}
	// Confirmed for other dates: warned again.
	form.Set("dates_confirmees", ferie.Date.AddDate(0, 0, 7).Format("2006-01-02")+"AM")
	if resp, _ := ecole.post("/demandes", form); resp.StatusCode != http.StatusOK || count() != before {
		t.Fatalf("confirmation of other dates accepted: %d", resp.StatusCode)
	}
	form.Set("dates_confirmees", ferie.Date.Format("2006-01-02")+"AM")
	if resp, _ := ecole.post("/demandes", form); resp.StatusCode != http.StatusSeeOther || count() != before+1 {
		t.Fatalf("confirmed: %d", resp.StatusCode)
	}
}

// Bad input of the request's new fields: a distance of 0 or 10 000 km.
func TestDemandeDistanceInvalide(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ecole := newClient(t, srv)
	ecole.loginAs(demoEmail("etablissement"))
	for _, km := range []string{"0", "10000"} {
		form := url.Values{"action": {"soumettre"}, "type": {"intervention"}, "titre": {"Atelier"}, "date1": {nextWeekday().Format("2006-01-02")},
			"moment1": {"AM"}, "personnes": {"1"}, "contact_email": {demoEmail("etablissement")}, "distance_max_km": {km}}
		resp, body := ecole.post("/demandes", form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Distance maximale : de 1 à 500 km") || !strings.Contains(body, `value="`+km+`"`) {
			t.Errorf("%s km: %d", km, resp.StatusCode)
		}
	}
}

// The pilote's settings page: the maximum distance of each type of request,
// the distance of people and the cap of professionals who said nothing;
// 0 or 10 000 km refused with the form kept.
func TestParametresDistances(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	if _, body := pilote.get("/parametres"); !strings.Contains(body, `name="distance_intervention" value="40"`) {
		t.Fatal("default distance of a class talk not shown")
	}
	base := url.Values{"duree_mandat": {"36"}, "duree_convention": {"36"}}
	for _, bad := range []url.Values{{"distance_intervention": {"0"}}, {"distance_personne": {"10000"}}, {"plafond_professionnel": {"0"}}} {
		form := url.Values{}
		for k, v := range base {
			form[k] = v
		}
		for k, v := range bad {
			form[k] = v
		}
		resp, body := pilote.post("/parametres", form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !(strings.Contains(body, "de 1 à 500 km") || strings.Contains(body, "de 1 à 30")) {
			t.Errorf("%v: %d", bad, resp.StatusCode)
		}
	}
	form := url.Values{"duree_mandat": {"36"}, "duree_convention": {"36"}, "distance_intervention": {"25"}, "distance_personne": {"45"}, "plafond_professionnel": {"3"}}
	if resp, _ := pilote.post("/parametres", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	p, _ := srv.App.Store.GetParametres(context.Background(), "16")
	if p.DistanceType(model.TypeIntervention) != 25 || p.DistanceType(model.TypeJury) != 100 || p.DistancePersonneKm != 45 || p.PlafondProfessionnel != 3 {
		t.Errorf("saved: %+v", p)
	}
}

// A professional states their monthly cap and travel distance on their
// consent page; 0 or 10 000 km are refused with the form kept.
func TestAccordLimites(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pro := newClient(t, srv)
	me := pro.loginAs(demoEmail("professionnel"))
	id := mustID(t, me.Habilitations[0].Ref)
	for _, bad := range []url.Values{{"objet": {"interventions"}, "plafond": {"0"}}, {"objet": {"interventions"}, "distance_max_km": {"10000"}}} {
		resp, body := pro.post("/mon-accord", bad)
		if resp.StatusCode != http.StatusUnprocessableEntity || !(strings.Contains(body, "de 1 à 30") || strings.Contains(body, "de 1 à 500 km")) {
			t.Errorf("%v: %d", bad, resp.StatusCode)
		}
	}
	if resp, _ := pro.post("/mon-accord", url.Values{"objet": {"interventions"}, "plafond": {"1"}, "distance_max_km": {"35"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	p, _ := srv.App.Store.GetProfessionnel(context.Background(), id)
	if p.Consent.MaxParMois != 1 || p.Consent.DistanceMaxKm != 35 || !p.Consent.Interventions {
		t.Errorf("saved: %+v", p.Consent)
	}
	if _, body := pro.get("/mon-accord"); !strings.Contains(body, `name="plafond" value="1"`) {
		t.Error("own cap not shown back")
	}
}
