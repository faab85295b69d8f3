package web_test

import (
	"context"
	"mime"
	"net/http"
	"strings"
	"testing"
	"time"

	"cee/internal/job"
	"cee/internal/mail"
	"cee/internal/store"
)

// A message with attachments, sent as a job in demo mode, keeps them in the
// dev mailbox, where each one downloads with its name and type.
func TestDemoMailboxAttachments(t *testing.T) {
	srv := start(t, demoMode)
	ctx := context.Background()
	s := srv.App.Store
	m, err := mail.Render("test", []string{"pieces-jointes@exemple.fr"}, mail.TestData{BaseURL: srv.URL, SentAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
	m.Attachments = []mail.Attachment{
		mail.CalendarAttachment("invitation.ics", "REQUEST", []byte(ics)),
		// An HTML file must download, never run in the application's origin.
		{Name: "Arrêté « désignation ».html", ContentType: "text/html; charset=UTF-8", Data: []byte("<script>alert(1)</script>")},
	}
	if _, err := s.EnqueueJob(ctx, store.NewJob{Kind: job.KindEnvoyerEmail, Payload: m}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.App.Pool.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	failed, _ := s.ListJobs(ctx, store.JobFailed, 10)
	if len(failed) > 0 {
		t.Fatalf("mail job failed: %s", failed[0].LastError)
	}
	// The demo may have sent messages of its own: find ours.
	mails, _, _ := s.ListMails(ctx, 100, 0)
	var id int64
	for _, ml := range mails {
		if len(ml.Recipients) == 1 && ml.Recipients[0] == "pieces-jointes@exemple.fr" {
			id = ml.ID
		}
	}
	if id == 0 {
		t.Fatal("the message did not reach the dev mailbox")
	}
	base := srv.URL + "/dev/courriels/" + itoa(id)

	_, body := do(t, "GET", base, nil)
	for _, want := range []string{"Pièces jointes", `href="/dev/courriels/` + itoa(id) + `/pieces/1"`,
		"invitation.ics", "text/calendar – 61 octets", "Arrêté « désignation ».html"} {
		if !strings.Contains(body, want) {
			t.Errorf("mail page lacks %q", want)
		}
	}

	for i, want := range m.Attachments {
		resp, got := do(t, "GET", base+"/pieces/"+itoa(int64(i+1)), nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("attachment %d: status %d", i+1, resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); ct != want.ContentType {
			t.Errorf("attachment %d: Content-Type %q, want %q", i+1, ct, want.ContentType)
		}
		disp, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" || params["filename"] != want.Name {
			t.Errorf("attachment %d: Content-Disposition %q (%v), want attachment; filename %q", i+1, resp.Header.Get("Content-Disposition"), err, want.Name)
		}
		if got != string(want.Data) {
			t.Errorf("attachment %d: body %q, want %q", i+1, got, want.Data)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("attachment %d served without nosniff and sandbox: %v", i+1, resp.Header)
		}
	}

	for _, path := range []string{base + "/pieces/3", base + "/pieces/0", base + "/pieces/un", srv.URL + "/dev/courriels/999/pieces/1"} {
		if resp, _ := do(t, "GET", path, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
		}
	}
	// Production has no dev mailbox at all.
	plainSrv := start(t, plain)
	if resp, _ := do(t, "GET", plainSrv.URL+"/dev/courriels/1/pieces/1", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("plain mode: status %d, want 404", resp.StatusCode)
	}
}
