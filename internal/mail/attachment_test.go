package mail

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"reflect"
	"strings"
	"testing"
	"time"

	"cee/internal/export"
)

// invitationICS is a real invitation written by export.ICS.
func invitationICS(t *testing.T, method string) []byte {
	t.Helper()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	err = export.ICS(&b, method, []export.Evenement{{
		UID:          "intervention-42-2027-01-12AM@cee.exemple.fr",
		Horodatage:   time.Date(2026, 11, 27, 5, 30, 0, 0, time.UTC),
		Debut:        time.Date(2027, 1, 12, 9, 0, 0, 0, paris),
		Fin:          time.Date(2027, 1, 12, 12, 0, 0, 0, paris),
		Titre:        "Forum des métiers",
		Description:  "Présentation des métiers de l'électricité aux élèves de 3e, au CDI.",
		Organisateur: export.Personne{Nom: "Hélène Dupré", Email: "helene.dupre@ac-toulouse.fr"},
		Participants: []export.Personne{{Nom: "Claire Dupont", Email: "claire.dupont@exemple.fr"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestValidateAttachments(t *testing.T) {
	ics := invitationICS(t, export.MethodRequest)
	pdf := Attachment{Name: "convocation.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7\n")}
	tests := []struct {
		name   string
		atts   []Attachment
		wantOK bool
		want   []string
	}{
		{name: "PDF et invitation", atts: []Attachment{pdf, CalendarAttachment("invitation.ics", "request", ics)}, wantOK: true},
		{name: "nom accentué avec espaces", atts: []Attachment{{Name: "Arrêté de désignation (2027).pdf", ContentType: "application/pdf", Data: []byte("x")}}, wantOK: true},
		{name: "sans nom", atts: []Attachment{{Name: " ", ContentType: "application/pdf", Data: []byte("x")}},
			want: []string{"pièce jointe n° 1 sans nom"}},
		{name: "chemin", atts: []Attachment{{Name: "../../etc/passwd", ContentType: "text/plain", Data: []byte("x")}},
			want: []string{"contient un chemin"}},
		{name: "chemin Windows", atts: []Attachment{{Name: `C:\temp\a.pdf`, ContentType: "application/pdf", Data: []byte("x")}},
			want: []string{"contient un chemin"}},
		{name: "retour à la ligne dans le nom", atts: []Attachment{{Name: "a.pdf\r\nBcc: x@exemple.fr", ContentType: "application/pdf", Data: []byte("x")}},
			want: []string{"le nom contient un retour à la ligne"}},
		{name: "caractère de contrôle", atts: []Attachment{{Name: "a\x00.pdf", ContentType: "application/pdf", Data: []byte("x")}},
			want: []string{"caractère de contrôle"}},
		{name: "nom trop long", atts: []Attachment{{Name: strings.Repeat("é", 101) + ".pdf", ContentType: "application/pdf", Data: []byte("x")}},
			want: []string{"nom trop long"}},
		{name: "sans type", atts: []Attachment{{Name: "a.pdf", Data: []byte("x")}},
			want: []string{"pièce jointe « a.pdf » sans type de contenu"}},
		{name: "type sans sous-type", atts: []Attachment{{Name: "a.pdf", ContentType: "pdf", Data: []byte("x")}},
			want: []string{"type de contenu « pdf » invalide"}},
		{name: "type illisible", atts: []Attachment{{Name: "a.pdf", ContentType: "application/pdf; charset", Data: []byte("x")}},
			want: []string{"invalide"}},
		{name: "type sur deux lignes", atts: []Attachment{{Name: "a.pdf", ContentType: "application/pdf\r\nX-Injecte: oui", Data: []byte("x")}},
			want: []string{"le type de contenu contient un retour à la ligne"}},
		{name: "type multipart", atts: []Attachment{{Name: "a.eml", ContentType: "multipart/mixed; boundary=x", Data: []byte("x")}},
			want: []string{"réservé"}},
		{name: "vide", atts: []Attachment{{Name: "a.pdf", ContentType: "application/pdf"}},
			want: []string{"pièce jointe « a.pdf » vide"}},
		{name: "méthode qui ne correspond pas", atts: []Attachment{CalendarAttachment("annulation.ics", "CANCEL", ics)},
			want: []string{"method=CANCEL mais l'agenda ne contient pas la ligne METHOD:CANCEL"}},
		{name: "trop volumineux au total", atts: []Attachment{
			{Name: "a.bin", ContentType: "application/octet-stream", Data: make([]byte, 6<<20)},
			{Name: "b.bin", ContentType: "application/octet-stream", Data: make([]byte, 5<<20)}},
			want: []string{"pièces jointes trop volumineuses : 11 Mo au total, 10 Mo au plus"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validMessage()
			m.Attachments = tt.atts
			err := m.Validate()
			if tt.wantOK {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			t.Logf("error: %v", err)
			if !errors.Is(err, ErrInvalidMessage) {
				t.Fatalf("Validate() = %v, want ErrInvalidMessage", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	// Exactly the limit is accepted.
	m := validMessage()
	m.Attachments = []Attachment{{Name: "a.bin", ContentType: "application/octet-stream", Data: make([]byte, MaxAttachmentsSize)}}
	if err := m.Validate(); err != nil {
		t.Errorf("attachments of exactly MaxAttachmentsSize: %v", err)
	}
}

// Messages travel as job payloads: attachments must survive JSON.
func TestAttachmentsJSON(t *testing.T) {
	m := validMessage()
	m.Attachments = []Attachment{
		{Name: "données.bin", ContentType: "application/octet-stream", Data: []byte{0, 0xff, 0xfe, '\n', 'a'}},
		CalendarAttachment("invitation.ics", "REQUEST", invitationICS(t, export.MethodRequest)),
	}
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Message
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("round trip changed the message:\n%+v\nwant\n%+v", back, m)
	}
	if !strings.Contains(string(raw), `"content_type":"text/calendar; method=REQUEST; charset=UTF-8"`) {
		t.Errorf("JSON %s", raw)
	}
	// A message without attachments keeps its former encoding.
	raw, _ = json.Marshal(validMessage())
	if strings.Contains(string(raw), "attachments") {
		t.Errorf("empty attachments are encoded: %s", raw)
	}
}

func TestRecorderCopiesAttachments(t *testing.T) {
	var r Recorder
	m := validMessage()
	data := []byte("contenu")
	m.Attachments = []Attachment{{Name: "a.txt", ContentType: "text/plain; charset=UTF-8", Data: data}}
	if err := r.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	data[0] = 'X'
	m.Attachments[0].Name = "b.txt"
	got := r.Messages()[0].Attachments[0]
	if got.Name != "a.txt" || string(got.Data) != "contenu" {
		t.Errorf("recorded attachment changed with the caller's slices: %+v", got)
	}
}

// receivedPart is one leaf part of a received message, decoded.
type receivedPart struct {
	mediaType   string
	params      map[string]string
	disposition string
	filename    string
	body        []byte
}

// parseMixed walks a received multipart/mixed message and returns its
// leaves in order, nested alternatives included.
func parseMixed(t *testing.T, data []byte) (netmail.Header, []receivedPart) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("received message: %v\n%s", err, data)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type = %q (%v), want multipart/mixed", msg.Header.Get("Content-Type"), err)
	}
	var parts []receivedPart
	var walk func(r io.Reader, boundary string)
	walk = func(r io.Reader, boundary string) {
		mr := multipart.NewReader(r, boundary)
		for {
			p, err := mr.NextPart() // undoes quoted-printable, not base64
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			mt, params, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
			if err != nil {
				t.Fatalf("part Content-Type %q: %v", p.Header.Get("Content-Type"), err)
			}
			if strings.HasPrefix(mt, "multipart/") {
				walk(p, params["boundary"])
				continue
			}
			var body io.Reader = p
			if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
				body = base64.NewDecoder(base64.StdEncoding, p)
			}
			b, err := io.ReadAll(body)
			if err != nil {
				t.Fatalf("%s part: %v", mt, err)
			}
			rp := receivedPart{mediaType: mt, params: params, body: b}
			if cd := p.Header.Get("Content-Disposition"); cd != "" {
				disp, dparams, err := mime.ParseMediaType(cd)
				if err != nil {
					t.Fatalf("Content-Disposition %q: %v", cd, err)
				}
				rp.disposition, rp.filename = disp, dparams["filename"]
			}
			parts = append(parts, rp)
		}
	}
	walk(msg.Body, params["boundary"])
	return msg.Header, parts
}

func TestSMTPSenderAttachments(t *testing.T) {
	b := &testBackend{}
	host, port := startServer(t, b, plainServer, nil)
	s, err := NewSMTPSender("smtp://"+net.JoinHostPort(host, port)+"?tls=none", "Réseau CEE <ne-pas-repondre@cee.exemple.fr>")
	if err != nil {
		t.Fatal(err)
	}
	ics := invitationICS(t, export.MethodRequest)
	binary := make([]byte, 3000) // several base64 lines, every byte value
	for i := range binary {
		binary[i] = byte(i * 7)
	}
	m := frenchMessage()
	m.Attachments = []Attachment{
		CalendarAttachment("invitation.ics", export.MethodRequest, ics),
		{Name: "Arrêté de désignation : Hélène Dupré.pdf", ContentType: "application/pdf", Data: binary},
		{Name: "liste; élèves.csv", ContentType: "text/csv; charset=UTF-8", Data: []byte("\ufeffNom;Prénom\r\nDupré;Hélène\r\n")},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Send(ctx, m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	envs := b.envelopes()
	if len(envs) != 1 {
		t.Fatalf("server got %d messages, want 1", len(envs))
	}
	header, parts := parseMixed(t, envs[0].Data)
	if subject, _ := new(mime.WordDecoder).DecodeHeader(header.Get("Subject")); subject != m.Subject {
		t.Errorf("Subject = %q", subject)
	}
	if len(parts) != 5 {
		t.Fatalf("%d parts, want text, HTML and 3 attachments", len(parts))
	}
	// The alternative comes first and is unchanged.
	if parts[0].mediaType != "text/plain" || strings.ReplaceAll(string(parts[0].body), "\r\n", "\n") != m.Text {
		t.Errorf("first part %s %q, want the text", parts[0].mediaType, parts[0].body)
	}
	if parts[1].mediaType != "text/html" || string(parts[1].body) != m.HTML {
		t.Errorf("second part %s %q, want the HTML", parts[1].mediaType, parts[1].body)
	}
	for i, want := range m.Attachments {
		got := parts[i+2]
		wantType, wantParams, _ := mime.ParseMediaType(want.ContentType)
		if got.mediaType != wantType {
			t.Errorf("%s: type %q, want %q", want.Name, got.mediaType, wantType)
		}
		for k, v := range wantParams {
			if got.params[k] != v {
				t.Errorf("%s: parameter %s=%q, want %q", want.Name, k, got.params[k], v)
			}
		}
		if got.params["name"] != want.Name {
			t.Errorf("Content-Type name = %q, want %q", got.params["name"], want.Name)
		}
		if got.disposition != "attachment" || got.filename != want.Name {
			t.Errorf("disposition %q filename %q, want attachment %q", got.disposition, got.filename, want.Name)
		}
		if !bytes.Equal(got.body, want.Data) {
			t.Errorf("%s: content changed in transit (%d octets, want %d)", want.Name, len(got.body), len(want.Data))
		}
	}
	// Mail clients recognise the invitation by these exact parameters.
	if p := parts[2].params; parts[2].mediaType != "text/calendar" || p["method"] != "REQUEST" || !strings.EqualFold(p["charset"], "utf-8") {
		t.Errorf("invitation part %s %v", parts[2].mediaType, p)
	}
	// Every line of the SMTP data stays within the 998-octet limit.
	for _, l := range strings.Split(string(envs[0].Data), "\r\n") {
		if len(l) > 998 {
			t.Errorf("line of %d octets", len(l))
		}
	}
}
