package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
	"cee/internal/model"
	"cee/internal/store"
)

var evenementLinkPattern = regexp.MustCompile(`https?://[^\s]+/evenement/[A-Za-z0-9_-]+`)

// A pilote builds a segment (the live count answers htmx), creates a
// training, invites the segment; the demo CEE registers from the e-mail
// link; the pilote records attendance and downloads the sign-in sheet.
func TestAnimationParcours(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	pilote := newClient(t, srv)
	pc := pilote.loginAs(demoEmail("pilote"))
	acad := pc.Habilitations[0].Academie
	cee, _ := st.GetCompteByEmail(ctx, demoEmail("conseiller"))
	ceeID := cee.Habilitations[0].Ref
	var cid int64
	for _, ch := range ceeID {
		cid = cid*10 + int64(ch-'0')
	}
	c, err := st.GetConseillerInScope(ctx, cid, model.Scope{National: true})
	if err != nil {
		t.Fatalf("demo CEE: %v", err)
	}
	if itoa(c.ID) != ceeID || c.Academie != acad {
		t.Fatalf("demo CEE %d of %s, pilote of %s", c.ID, c.Academie, acad)
	}

	// The live count, in SQL, of the CEE of the demo CEE's département.
	q := url.Values{"qui": {"conseillers"}, "departement": {c.Departement}}
	want, _, err := st.CountCriteres(ctx, model.Criteres{Conseillers: true, Academie: acad, Departement: c.Departement}, time.Now())
	if err != nil || want == 0 {
		t.Fatalf("count: %d %v", want, err)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/animation/segments/compte?"+q.Encode(), nil)
	req.Header.Set("HX-Request", "true")
	resp, err := pilote.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	io.Copy(&b, resp.Body)
	resp.Body.Close()
	if !strings.Contains(b.String(), itoa(int64(want))+" personne(s)") || strings.Contains(b.String(), "<html") {
		t.Errorf("htmx count fragment: %q, want %d", b.String(), want)
	}

	resp, _ = pilote.post("/animation/segments", url.Values{"qui": {"conseillers"}, "departement": {c.Departement}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("segment without a name: %d", resp.StatusCode)
	}
	resp, _ = pilote.post("/animation/segments", url.Values{"qui": {"conseillers"}, "departement": {c.Departement}, "nom": {"CEE du département"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("segment: %d", resp.StatusCode)
	}
	segs, _ := st.ListSegments(ctx, model.Scope{Academie: acad})
	if len(segs) == 0 || segs[0].Nom != "CEE du département" {
		t.Fatalf("segments: %+v", segs)
	}

	debut := time.Now().AddDate(0, 0, 10).In(model.Paris)
	form := url.Values{"type": {"formation"}, "titre": {"Formation des nouveaux conseillers"}, "lieu": {"Rectorat"},
		"debut": {debut.Format("2006-01-02") + "T09:00"}, "fin": {debut.Format("2006-01-02") + "T12:00"}, "capacite": {"30"}}
	bad := url.Values{"type": {"formation"}, "titre": {""}, "debut": {debut.Format("2006-01-02") + "T09:00"}, "fin": {debut.Format("2006-01-02") + "T08:00"}}
	if resp, body := pilote.post("/animation/evenements", bad); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "La fin doit suivre le début") {
		t.Errorf("bad event: %d", resp.StatusCode)
	}
	resp, _ = pilote.post("/animation/evenements", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("event: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	resp, _ = pilote.postConfirmed(loc+"/invitations", url.Values{"segment": {itoa(segs[0].ID)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invitation: %d", resp.StatusCode)
	}
	m, ok := mailAbout(t, srv, c.Email, "Invitation")
	if !ok {
		t.Fatal("no invitation mail to the demo CEE")
	}
	links := evenementLinkPattern.FindAllString(m.Text, -1)
	if len(links) != 2 {
		t.Fatalf("invitation links: %v", links)
	}
	u, _ := url.Parse(links[0])
	anon := newClient(t, srv)
	if resp, body := anon.get(u.Path); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Confirmer mon inscription") {
		t.Fatalf("link page: %d", resp.StatusCode)
	}
	if resp, body := anon.post(u.Path, nil); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Inscription confirmée") {
		t.Fatalf("registration by link: %d", resp.StatusCode)
	}
	if m, ok := mailAbout(t, srv, c.Email, "Inscription confirmée"); !ok {
		t.Errorf("no confirmation mail")
	} else if full, err := st.GetMail(ctx, m.ID); err != nil || len(full.Attachments) != 1 || !strings.HasSuffix(full.Attachments[0].Name, ".ics") {
		t.Errorf("confirmation mail without .ics: %v", err)
	}
	// The CEE sees the event and their state in the application.
	ceeClient := newClient(t, srv)
	ceeClient.loginAs(demoEmail("conseiller"))
	if resp, body := ceeClient.get(loc); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Inscrit") {
		t.Errorf("CEE's event page: %d", resp.StatusCode)
	}

	// An announcement to the segment: recorded at once, its recipients
	// listed and mailed in the background, its page shows the progress.
	resp, _ = pilote.postConfirmed("/animation/annonces", url.Values{"segment": {itoa(segs[0].ID)}, "titre": {"Lettre de rentrée"}, "corps": {"Bonjour."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("announcement: %d", resp.StatusCode)
	}
	annonce := resp.Header.Get("Location")
	if _, body := pilote.get(annonce); !strings.Contains(body, "Préparation de l&#39;envoi") && !strings.Contains(body, "courriel(s) envoyé(s)") {
		t.Errorf("announcement page without its progress")
	}
	if _, err := srv.App.Pool.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	if _, body := pilote.get(annonce); !regexp.MustCompile(`(\d+) sur (\d+) courriel\(s\) envoyé\(s\) \(100 %\)`).MatchString(body) {
		t.Errorf("announcement not fully sent after the jobs ran")
	}

	// The announcements sent to the CEE's record (the demo has a year of
	// them) are readable in the application.
	if _, body := ceeClient.get("/animation/annonces"); !strings.Contains(body, "Lettre du réseau") {
		t.Errorf("the CEE does not read the announcements sent to them")
	}

	// Attendance.
	id := strings.TrimPrefix(loc, "/animation/evenements/")
	var eid int64
	for _, ch := range id {
		eid = eid*10 + int64(ch-'0')
	}
	p, err := st.ParticipationOf(ctx, eid, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if resp, body := pilote.get(loc + "/presences"); resp.StatusCode != http.StatusOK || !strings.Contains(body, c.Prenom) {
		t.Fatalf("attendance page: %d", resp.StatusCode)
	}
	if resp, _ := pilote.post(loc+"/presences", url.Values{"present": {itoa(p.ID)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("attendance: %d", resp.StatusCode)
	}
	n, _ := st.CountPresencesConseiller(ctx, c.ID, time.Now().AddDate(-1, 0, 0))
	if n < 1 {
		t.Errorf("attendance not counted for the CEE")
	}
	if _, body := ceeClient.get("/animation/evenements"); !strings.Contains(body, "Vous avez participé à "+itoa(int64(n))+" événement(s)") {
		t.Errorf("the CEE's list does not show their attendance count (%d)", n)
	}
	resp, body := pilote.get(loc + "/emargement.pdf")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("sign-in sheet: %d %q", resp.StatusCode, body[:min(20, len(body))])
	}
	entries, _, _ := st.ListJournal(ctx, store.JournalFilter{Scope: model.Scope{Academie: acad}, Action: store.AuditAnimation, Limit: 20})
	if len(entries) < 3 {
		t.Errorf("journal: %d animation lines", len(entries))
	}
}

// Another académie's event is 404, and so is an event of the académie for
// an organisation référent who does not organise it.
func TestAnimationScope(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	st := srv.App.Store
	pilote := newClient(t, srv)
	pc := pilote.loginAs(demoEmail("pilote"))
	other := "01"
	if pc.Habilitations[0].Academie == other {
		other = "16"
	}
	debut := time.Now().AddDate(0, 0, 5)
	id, err := st.CreateEvenement(ctx, model.Evenement{Academie: other, Type: model.EvenementReunion, Titre: "Ailleurs", Lieu: "x", Debut: debut, Fin: debut.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	mine, err := st.CreateEvenement(ctx, model.Evenement{Academie: pc.Habilitations[0].Academie, Type: model.EvenementReunion, Titre: "Ici", Lieu: "x", Debut: debut, Fin: debut.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/animation/evenements/" + itoa(id), "/animation/evenements/" + itoa(id) + "/presences", "/animation/evenements/" + itoa(id) + "/emargement.pdf"} {
		if resp, _ := pilote.get(path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("pilote, %s: %d", path, resp.StatusCode)
		}
	}
	if resp, _ := pilote.post("/animation/evenements/"+itoa(id)+"/annulation", url.Values{"motif": {"x"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("cancelling another académie's event: %d", resp.StatusCode)
	}
	if resp, _ := pilote.get("/animation/evenements/" + itoa(mine)); resp.StatusCode != http.StatusOK {
		t.Errorf("own event: %d", resp.StatusCode)
	}
	org := newClient(t, srv)
	org.loginAs(demoEmail("organisation"))
	if resp, _ := org.get("/animation/evenements/" + itoa(mine)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("organisation référent, académie's event: %d", resp.StatusCode)
	}
	cee := newClient(t, srv)
	cee.loginAs(demoEmail("conseiller"))
	if resp, _ := cee.get("/animation/evenements/" + itoa(mine)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("CEE not invited: %d", resp.StatusCode)
	}
	admin := newClient(t, srv)
	admin.loginAs(demoEmail("admin"))
	if resp, _ := admin.get("/animation/evenements/" + itoa(id)); resp.StatusCode != http.StatusOK {
		t.Errorf("admin: %d", resp.StatusCode)
	}
}

// Uploads are checked by content and size, with French errors; a
// resource for one role is 404 for the others.
func TestRessourceUpload(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	pilote := newClient(t, srv)
	pilote.loginAs(demoEmail("pilote"))
	for _, tc := range []struct {
		name, file, content, want string
	}{
		{"text renamed pdf", "guide.pdf", "bonjour", "Type de fichier non accepté"},
		{"html", "page.docx", "<html><script>alert(1)</script></html>", "Type de fichier non accepté"},
		{"zip not office", "archive.zip", "PK\x03\x04rest", "Type de fichier non accepté"},
		{"empty", "vide.pdf", "", "Le fichier est vide"},
		{"too big", "gros.pdf", "%PDF-" + strings.Repeat("x", model.RessourceMaxOctets), "10 Mo au plus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := pilote.postFile("/animation/ressources", url.Values{"titre": {"Guide"}}, "fichier", tc.file, tc.content)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
				t.Errorf("%d, want 422 with %q", resp.StatusCode, tc.want)
			}
		})
	}
	resp, _ := pilote.postFile("/animation/ressources", url.Values{"titre": {"Guide du CEE"}, "categorie": {"Guides"}}, "fichier", "guide.pdf", "%PDF-1.4 guide")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("valid PDF: %d", resp.StatusCode)
	}
	resp, _ = pilote.postFile("/animation/ressources", url.Values{"titre": {"Note aux établissements"}, "roles": {"etablissement"}}, "fichier", "note.docx", "PK\x03\x04docx")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("valid docx: %d", resp.StatusCode)
	}
	if resp, _ := pilote.post("/animation/ressources", url.Values{"titre": {"Lien"}, "url": {"javascript:alert(1)"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("javascript link: %d", resp.StatusCode)
	}
	cee := newClient(t, srv)
	cee.loginAs(demoEmail("conseiller"))
	_, body := cee.get("/animation/ressources")
	if !strings.Contains(body, "Guide du CEE") || strings.Contains(body, "Note aux établissements") {
		t.Errorf("CEE's resources list")
	}
	list, _ := srv.App.Store.ListRessources(context.Background(), model.Principal{H: model.Habilitation{Role: model.RoleAdmin}})
	for _, r := range list {
		resp, body := cee.get("/animation/ressources/" + itoa(r.ID))
		switch r.Titre {
		case "Guide du CEE":
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
				t.Errorf("download: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
		case "Note aux établissements":
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("another role's resource: %d", resp.StatusCode)
			}
		}
	}
}
