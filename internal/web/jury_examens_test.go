package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/refdata"
	"cee/internal/store"
)

// composeDemo opens a session of the demo académie with FichierJurys's
// juries, asks the network, has everyone answer and composes it: the
// exam division's session, composed, not published.
func composeDemo(t *testing.T, srv *apptest.Server, agent *client) (string, int64) {
	t.Helper()
	ctx := context.Background()
	st := srv.App.Store
	resp, _ := agent.post("/jurys", url.Values{"nom": {"session de juin 2027"}, "debut": {"2027-06-14"}, "fin": {"2027-06-18"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("session: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	id := mustID(t, strings.TrimPrefix(loc, "/jurys/"))
	importerJurys(t, agent, loc, apptest.FichierJurys(t, st))
	if resp, _ := agent.postConfirmed(loc+"/campagne", url.Values{"echeance": {time.Now().AddDate(0, 0, 20).Format("2006-01-02")}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("campaign: %d", resp.StatusCode)
	}
	jurys, _ := st.ListJurys(ctx, id)
	apptest.RepondreDisponibilites(t, st, id, jurys[0].Specialite)
	if resp, _ := agent.post(loc+"/composition", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("composition: %d", resp.StatusCode)
	}
	if _, err := srv.App.Pool.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	return loc, id
}

// Issue 17, items 4 and 5: the académie's settings (expenses procedure,
// export layout); publishing with an empty seat asks for a confirmation
// that says how many people will be convened; the convocation, mail and
// PDF, is an ordre de mission (jury, diploma, centre and address, hours of
// each half-day, expenses); the export follows the saved layout in CSV and
// XLSX; the arrêté lists every appointed member before the session.
func TestJurysOrdreDeMissionEtExport(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	agent := newClient(t, srv)
	agent.loginAs(demoEmail("examens"))

	// Settings: a bad position is refused with its message, the form kept.
	if resp, body := agent.get("/jurys/parametres"); resp.StatusCode != 200 || !strings.Contains(body, "Procédure de remboursement des frais") {
		t.Fatalf("settings page: %d", resp.StatusCode)
	}
	const frais = "Saisissez vos frais dans Imag'In sous un mois, avec vos justificatifs de transport."
	bad := url.Values{"frais": {frais}, "pos_nom": {"0"}, "pos_prenom": {"1"}}
	if resp, body := agent.post("/jurys/parametres", bad); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Une position de 1 à") ||
		!strings.Contains(body, "Imag&#39;In sous un mois") {
		t.Fatalf("bad settings: %d", resp.StatusCode)
	}
	if p, _ := st.GetParametresJurys(ctx, "16"); p.Frais == frais || slices.Equal(p.Colonnes, []string{"prenom"}) {
		t.Fatal("bad settings were saved")
	}
	layout := url.Values{"frais": {frais}, "pos_civilite": {"3"}, "pos_prenom": {"2"}, "pos_nom": {"1"}, "pos_email": {"4"}, "pos_telephone": {"5"},
		"pos_employeur": {"6"}, "pos_siret": {"7"}, "pos_college": {"8"}, "pos_jury": {"9"}, "pos_centre": {"10"}, "pos_dates": {"11"}}
	if resp, body := agent.post("/jurys/parametres", layout); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d\n%s", resp.StatusCode, body)
	}
	wantHeader := []string{"Nom", "Prénom", "Civilité", "Courriel", "Téléphone", "Employeur", "SIRET", "Collège", "Jury", "Centre", "Dates"}

	loc, id := composeDemo(t, srv, agent)
	// One seat emptied: publishing must be confirmed first.
	jurys, _ := st.ListJurys(ctx, id)
	removed := jurys[0].Membres[len(jurys[0].Membres)-1]
	if err := st.RemoveMembre(ctx, removed.ID); err != nil {
		t.Fatal(err)
	}
	jurys, _ = st.ListJurys(ctx, id)
	people := map[int64]bool{}
	for _, j := range jurys {
		for _, m := range j.Membres {
			people[m.DisponibiliteID] = true
		}
	}
	resp, body := agent.post(loc+"/publication", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Publier malgré") ||
		!strings.Contains(body, fmt.Sprintf("%s convocation(s) partiront", model.Milliers(len(people)))) {
		t.Fatalf("publication without confirmation: %d\n%s", resp.StatusCode, body)
	}
	if x, _ := st.GetSessionExamen(ctx, id, ""); x.Etat != model.SessionComposee {
		t.Fatalf("published without confirmation: %s", x.Etat)
	}
	seated := jurys[0].Membres[0]
	if _, ok := mailAbout(t, srv, seated.Email, "Convocation"); ok {
		t.Fatal("a convocation left before the confirmation")
	}
	// Before the session, the arrêté lists every appointed member, not a
	// prevented one.
	aj := jurys[1]
	if len(aj.Membres) < 2 {
		t.Fatalf("jury %s has %d members", aj.Code, len(aj.Membres))
	}
	prevented := aj.Membres[len(aj.Membres)-1]
	if err := st.SetStatutMembre(ctx, prevented.ID, "empeche"); err != nil {
		t.Fatal(err)
	}
	if resp, pdfBody := agent.get(loc + "/arrete.pdf?jury=" + aj.Code); resp.StatusCode != 200 {
		t.Fatalf("arrêté before publication: %d", resp.StatusCode)
	} else {
		text := strings.Join(strings.Fields(pdfText(t, pdfBody)), " ")
		for _, m := range aj.Membres {
			if in := strings.Contains(text, m.Nom); in != (m.ID != prevented.ID) {
				t.Errorf("arrêté: %s listed %v (prevented: %v)\n%s", m.Nom, in, m.ID == prevented.ID, text)
			}
		}
	}
	if err := st.SetStatutMembre(ctx, prevented.ID, "propose"); err != nil {
		t.Fatal(err)
	}
	// A confirmation of another number (the composition changed since):
	// 409 with the new number, nothing sent.
	if resp, body := agent.post(loc+"/publication", url.Values{"confirmer": {itoaInt(len(people) + 1)}}); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(body, fmt.Sprintf("%d au lieu de %d", len(people), len(people)+1)) || !strings.Contains(body, `name="confirmer" value="`+itoaInt(len(people))+`"`) {
		t.Fatalf("stale confirmation of the publication: %d\n%s", resp.StatusCode, body)
	}
	if _, ok := mailAbout(t, srv, seated.Email, "Convocation"); ok {
		t.Fatal("a convocation left on a stale confirmation")
	}
	if resp, body := agent.post(loc+"/publication", url.Values{"confirmer": {itoaInt(len(people))}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed publication: %d\n%s", resp.StatusCode, body)
	}
	conv, ok := mailAbout(t, srv, seated.Email, "Convocation")
	if !ok {
		t.Fatal("no convocation")
	}
	j := jurys[0]
	if j.Adresse == "" {
		t.Fatal("demo centre without an address")
	}
	text := strings.Join(strings.Fields(conv.Text), " ")
	for _, want := range []string{"Jury " + refdata.LibelleDiplome(j.Specialite) + " (n° " + j.Code + ")", j.Centre, j.Adresse, model.DemiJourneeHoraire(j.DemiJournees[0]), frais, "ordre de mission"} {
		if !strings.Contains(text, want) {
			t.Errorf("convocation mail without %q:\n%s", want, text)
		}
	}
	full, _ := st.GetMail(ctx, conv.ID)
	pdfTxt := strings.Join(strings.Fields(pdfText(t, string(full.Attachments[0].Data))), " ")
	for _, want := range []string{"ordre de mission", "Jury " + refdata.LibelleDiplome(j.Specialite) + " (n° " + j.Code + ")", j.Adresse, "de 9 h à 12 h", "de 14 h à 17 h", "Imag'In sous un mois"} {
		if !strings.Contains(pdfTxt, want) {
			t.Errorf("convocation PDF without %q:\n%s", want, pdfTxt)
		}
	}

	// The export in the saved layout, opened back: CSV, then XLSX.
	resp, body = agent.get(loc + "/export.csv")
	if resp.StatusCode != 200 {
		t.Fatalf("CSV: %d", resp.StatusCode)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], wantHeader) {
		t.Fatalf("CSV header %q, want %q", recs[0], wantHeader)
	}
	seats := 0
	for _, j := range jurys {
		seats += len(j.Membres)
	}
	if len(recs) != seats+1 {
		t.Errorf("%d CSV rows, want %d", len(recs)-1, seats)
	}
	m, _ := st.GetMembre(ctx, seated.ID)
	var row []string
	for _, r := range recs[1:] {
		if r[3] == m.Email && r[8] == j.Code {
			row = r
		}
	}
	if row == nil || row[0] != m.NomFamille || row[1] != m.Prenom || row[2] != m.Civilite || row[9] != j.Centre ||
		!strings.Contains(row[10], model.DemiJourneeLabel(j.DemiJournees[0])) || m.NomFamille == "" || m.Civilite == "" {
		t.Errorf("CSV row of %s: %q", m.Nom, row)
	}
	resp, body = agent.get(loc + "/export.xlsx")
	if resp.StatusCode != 200 {
		t.Fatalf("XLSX: %d", resp.StatusCode)
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("Jurys")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], wantHeader) || len(rows) != len(recs) {
		t.Fatalf("XLSX: header %q, %d rows; CSV %d", rows[0], len(rows), len(recs))
	}
	for i := range rows {
		for k := range rows[i] {
			if rows[i][k] != recs[i][k] {
				t.Errorf("XLSX row %d col %d: %q, CSV %q", i, k, rows[i][k], recs[i][k])
			}
		}
	}
}

// Issue 17, item 7: a session of 1,000 juries reads summary first, its
// juries filtered and paginated, without codes.
func TestSessionMilleJurys(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	agent := newClient(t, srv)
	agent.loginAs(demoEmail("examens"))

	cees, _, _ := st.SearchConseillers(ctx, store.ConseillerFilter{Scope: model.Scope{Academie: "16"}, Etat: model.DesignationActive, Limit: 200})
	etabs, _, _ := st.ListEtablissements(ctx, store.EtablissementFilter{Academie: "16", Type: model.Lycee, Limit: 5})
	diplomes := []string{"50022137", "50022146", "50023224", "50025524", "40023304"}
	sid, err := st.CreateSessionExamen(ctx, model.SessionExamen{Academie: "16", Nom: "session nationale d'essai",
		Debut: time.Date(2027, 6, 14, 0, 0, 0, 0, time.UTC), Fin: time.Date(2027, 6, 18, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	err = st.InTx(ctx, func(tx *store.Store) error {
		var dispos []int64
		for _, c := range cees {
			id, err := tx.CreateDisponibilite(ctx, model.DisponibiliteJury{SessionID: sid, ConseillerID: c.ID})
			if err != nil {
				return err
			}
			dispos = append(dispos, id)
		}
		for i := 0; i < 1000; i++ {
			j := model.Jury{SessionID: sid, Code: fmt.Sprintf("J%04d", i), Specialite: diplomes[i%len(diplomes)], UAI: etabs[i%len(etabs)].UAI,
				DemiJournees: []string{fmt.Sprintf("2027-06-%02dAM", 14+i%5)}, Sieges: 2, Employeurs: 1, Salaries: 1, Enseignants: 2}
			if _, err := tx.UpsertJury(ctx, j); err != nil {
				return err
			}
		}
		jurys, err := tx.ListJurys(ctx, sid)
		if err != nil {
			return err
		}
		for i, j := range jurys {
			if i%10 == 9 {
				continue // one jury in ten left empty
			}
			for k := 0; k < 2; k++ {
				if err := tx.AddMembre(ctx, store.MembreNouveau{JuryID: j.ID, DisponibiliteID: dispos[(2*i+k)%len(dispos)], DistanceKm: 12}); err != nil {
					return err
				}
			}
		}
		res := fmt.Sprintf(`{"objective": 120500, "lower_bound": 120000, "unfilled": [{"jury": "J%d", "missing": 2, "reason": "aucune personne compétente en 40023304 disponible le 2027-06-16AM"}],
			"stats": {"seconds": 1.2, "total_km": 21600, "max_km": 80}}`, jurys[9].ID)
		if err := tx.SetSessionProgression(ctx, sid, 100, res); err != nil {
			return err
		}
		for _, e := range []model.EtatSession{model.SessionCampagne, model.SessionComposition, model.SessionComposee} {
			from := map[model.EtatSession]model.EtatSession{model.SessionCampagne: model.SessionPreparation, model.SessionComposition: model.SessionCampagne,
				model.SessionComposee: model.SessionComposition}[e]
			if err := tx.SetSessionEtat(ctx, sid, from, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	loc := "/jurys/" + itoa(sid)
	start := time.Now()
	resp, body := agent.get(loc)
	took := time.Since(start)
	if resp.StatusCode != 200 {
		t.Fatalf("page: %d", resp.StatusCode)
	}
	t.Logf("session page of 1,000 juries: %v, %d bytes", took, len(body))
	visible := regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(body, " ")
	summary := strings.Index(visible, "Où en est la composition")
	first := strings.Index(visible, "(n° J0000)")
	if summary < 0 || first < 0 || summary > first {
		t.Fatalf("summary not first (%d, %d)", summary, first)
	}
	for _, want := range []string{model.Milliers(1800) + " siège(s) de professionnel pourvu(s) sur " + model.Milliers(2000) + " : 200 vide(s), dans 100 jury(s)",
		"au plus à 0,4 % de la meilleure possible", model.Milliers(1000) + " jury(s) sur " + model.Milliers(1000), "mardi 15 juin 2027, matin"} {
		if !strings.Contains(visible, want) {
			t.Errorf("page without %q", want)
		}
	}
	if n := strings.Count(body, `<section id="jury-`); n != 20 {
		t.Errorf("%d juries on the first page, want 20", n)
	}
	// The optimiser's reason, in words.
	resp, body = agent.get(loc + "?etat=incomplet")
	visible = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(body, " ")
	if !strings.Contains(visible, "100 jury(s) sur") || !strings.Contains(visible, "aucune personne compétente en « BAC PRO") ||
		!strings.Contains(visible, "mercredi 16 juin 2027, matin") {
		t.Errorf("filter on empty seats (%d):\n%s", resp.StatusCode, visible[:min(len(visible), 3000)])
	}
	for _, page := range []string{loc, loc + "?etat=incomplet", loc + "?diplome=40023304&page=2", loc + "?page=50"} {
		_, body := agent.get(page)
		visible := regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(body, " ")
		if c := regexp.MustCompile(`\b[0-9]{8}\b|[0-9]{4}-[0-9]{2}-[0-9]{2}(AM|PM)|\bborne\b|\bobjecti`).FindString(visible); c != "" {
			t.Errorf("%s shows %q", page, c)
		}
	}
	// By diploma, then by centre: only those juries, paginated.
	_, body = agent.get(loc + "?diplome=40023304&page=2")
	visible = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(body, " ")
	if !strings.Contains(visible, "200 jury(s) sur") || strings.Count(body, `<section id="jury-`) != 20 || !strings.Contains(visible, "(n° J0104)") {
		t.Errorf("diploma filter, page 2")
	}
	_, body = agent.get(loc + "?centre=" + etabs[1].UAI)
	if !strings.Contains(body, "200 jury(s) sur") || !strings.Contains(body, "(n° J0001)") {
		t.Errorf("centre filter")
	}
}
