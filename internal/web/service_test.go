package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"cee/internal/apptest"
)

// TestAttestationJurys: a jury sitting (present) and a network event
// attended are part of a CEE's activity page and of their attestation
// d'engagement, with their dates and hours per kind; a sitting where the
// CEE was absent is not.
func TestAttestationJurys(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	db := srv.App.Store.DB()
	cee := newClient(t, srv)
	me := cee.loginAs(demoEmail("conseiller"))
	id := mustID(t, me.Habilitations[0].Ref)
	path := "/conseillers/" + me.Habilitations[0].Ref
	now := time.Now().UTC()
	jour := now.AddDate(0, 0, -10)
	var sess, jury, absent int64
	exec := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := db.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	sess = exec(`INSERT INTO sessions_examen (academie, nom, debut, fin, etat, created_at, updated_at) VALUES ('16', 'Session témoin', $1, $2, 'publiee', $3, $3)`,
		jour.AddDate(0, 0, -1), jour.AddDate(0, 0, 1), now)
	dj := jour.Format("2006-01-02")
	jury = exec(`INSERT INTO jurys (session_id, code, specialite, uai, demi_journees, sieges) VALUES ($1, 'T1', '50022137', '0310024H', $2, 2)`, sess, dj+"AM|"+dj+"PM")
	absent = exec(`INSERT INTO jurys (session_id, code, specialite, uai, demi_journees, sieges) VALUES ($1, 'T2', '40025214', '0310024H', $2, 2)`, sess, dj+"AM")
	d := exec(`INSERT INTO disponibilites_jury (session_id, conseiller_id, created_at) VALUES ($1, $2, $3)`, sess, id, now)
	exec(`INSERT INTO jury_membres (jury_id, disponibilite_id, statut, present) VALUES ($1, $2, 'confirme', TRUE)`, jury, d)
	exec(`INSERT INTO jury_membres (jury_id, disponibilite_id, statut, present) VALUES ($1, $2, 'confirme', FALSE)`, absent, d)
	ev := exec(`INSERT INTO evenements (academie, type, titre, debut, fin, etat, created_at, updated_at) VALUES ('16', 'formation', 'Atelier témoin', $1, $2, 'publie', $3, $3)`,
		jour.Add(-time.Hour*24*2).Truncate(time.Hour), jour.Add(-time.Hour*24*2).Truncate(time.Hour).Add(90*time.Minute), now)
	exec(`INSERT INTO participations (evenement_id, conseiller_id, nom, email, etat, present, created_at, updated_at) VALUES ($1, $2, 'Moi', $3, 'inscrit', TRUE, $4, $4)`,
		ev, id, me.Email, now)

	_, body := cee.get(path + "/actions")
	for _, want := range []string{"Jurys d&#39;examen, événements du réseau et avis d&#39;expertise", "Jury CAP Boulanger — Session témoin", "Formation — Atelier témoin", "7 h"} {
		if !strings.Contains(body, want) {
			t.Errorf("activity page lacks %q", want)
		}
	}
	if strings.Contains(body, "Jury BAC PRO Maintenance des véhicules") {
		t.Error("a jury where the CEE was absent is listed")
	}

	du, au := jour.AddDate(0, 0, -5).Format("2006-01-02"), now.Format("2006-01-02")
	resp, pdfBody := cee.get(path + "/attestation.pdf?du=" + du + "&au=" + au)
	if resp.StatusCode != 200 {
		t.Fatalf("attestation: %d", resp.StatusCode)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdfBody)), " ")
	for _, want := range []string{"Jurys d'examen", "Jury CAP Boulanger — Session témoin", "Total jurys d'examen 7 heures",
		"Événements du réseau", "Formation — Atelier témoin", "Total événements du réseau 1,5 heure",
		"un jury d'examen (7 heures)", "un événement du réseau (1,5 heure)"} {
		if !strings.Contains(text, want) {
			t.Errorf("attestation lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "40025214") {
		t.Error("the attestation lists a jury where the CEE was absent")
	}
}
