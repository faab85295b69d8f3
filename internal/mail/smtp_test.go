package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// envelope is what the test server received in one transaction.
type envelope struct {
	AuthUser string
	From     string
	To       []string
	Data     []byte
	TLS      bool
}

// testBackend is an in-process SMTP server that records every message.
type testBackend struct {
	user, password string // AUTH PLAIN credentials; none when user is ""
	rejectRcpt     string // RCPT TO refused for this address
	blockData      chan struct{}

	mu   sync.Mutex
	sent []envelope
}

func (b *testBackend) envelopes() []envelope {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]envelope(nil), b.sent...)
}

func (b *testBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &testSession{b: b, conn: c}, nil
}

type testSession struct {
	b    *testBackend
	conn *smtp.Conn
	env  envelope
	user string
}

func (s *testSession) AuthMechanisms() []string {
	if s.b.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.b.user || password != s.b.password {
			return smtp.ErrAuthFailed
		}
		s.user = username
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.user != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	// Checked here rather than in NewSession, which runs before STARTTLS.
	_, isTLS := s.conn.TLSConnectionState()
	s.env.From, s.env.AuthUser, s.env.TLS = from, s.user, isTLS
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if to == s.b.rejectRcpt {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Destinataire inconnu"}
	}
	s.env.To = append(s.env.To, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	if s.b.blockData != nil {
		<-s.b.blockData
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.env.Data = data
	s.b.mu.Lock()
	s.b.sent = append(s.b.sent, s.env)
	s.b.mu.Unlock()
	return nil
}

func (s *testSession) Reset() { s.env = envelope{} }

func (s *testSession) Logout() error { return nil }

// serverTLS says how the test server offers TLS.
type serverTLS int

const (
	plainServer    serverTLS = iota
	startTLSServer           // offers STARTTLS
	implicitServer           // TLS from the first byte
)

// startServer runs b on 127.0.0.1 until the test ends and returns its
// address. tlsCfg is needed unless mode is plainServer.
func startServer(t *testing.T, b *testBackend, mode serverTLS, tlsCfg *tls.Config) (host string, port string) {
	t.Helper()
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	// Failed handshakes are expected in some tests; their log lines would
	// only be noise.
	srv.ErrorLog = log.New(io.Discard, "", 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	switch mode {
	case startTLSServer:
		srv.TLSConfig = tlsCfg
	case implicitServer:
		l = tls.NewListener(l, tlsCfg)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	host, port, _ = net.SplitHostPort(l.Addr().String())
	return host, port
}

// testCertificate makes a self-signed certificate for 127.0.0.1 and the
// pool that trusts it.
func testCertificate(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "cee test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

// frenchMessage has accents in every part, including the subject header,
// which must travel encoded.
func frenchMessage() Message {
	return Message{
		To:      []string{"claire.dupont@exemple.fr", "Élodie Müller <elodie@exemple.fr>"},
		Subject: "Réunion à l'École : créneaux proposés",
		Text:    "Bonjour,\n\nVoici les créneaux proposés pour la réunion à l'École.\n",
		HTML:    "<p>Bonjour,</p><p>Voici les créneaux proposés pour la réunion à l'École.</p>",
		ReplyTo: "conseiller@ac-toulouse.fr",
	}
}

// parsedMail is the part of a received message the tests look at.
type parsedMail struct {
	header netmail.Header
	parts  map[string]string // decoded body by media type
}

func parseReceived(t *testing.T, data []byte) parsedMail {
	t.Helper()
	msg, err := netmail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("received message: %v\n%s", err, data)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	out := parsedMail{header: msg.Header, parts: map[string]string{}}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // also undoes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		mt, pp, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		if cs := strings.ToLower(pp["charset"]); cs != "utf-8" {
			t.Errorf("%s part charset = %q, want UTF-8", mt, cs)
		}
		body, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		// SMTP carries CRLF line ends; the Message has Go's LF.
		out.parts[mt] = strings.ReplaceAll(string(body), "\r\n", "\n")
	}
	return out
}

func TestSMTPSenderSend(t *testing.T) {
	serverCfg, pool := testCertificate(t)
	tests := []struct {
		name     string
		backend  *testBackend
		server   serverTLS
		url      string // %s is replaced by host:port
		wantUser string
		wantTLS  bool
	}{
		{name: "sans TLS ni authentification", backend: &testBackend{}, url: "smtp://%s?tls=none"},
		{name: "authentification PLAIN sans TLS vers 127.0.0.1", backend: &testBackend{user: "cee", password: "mot de passe é"},
			url: "smtp://cee:mot%20de%20passe%20%C3%A9@%s?tls=none", wantUser: "cee"},
		{name: "STARTTLS opportuniste, serveur sans TLS", backend: &testBackend{}, url: "smtp://%s"},
		{name: "STARTTLS opportuniste, serveur avec TLS", backend: &testBackend{}, server: startTLSServer,
			url: "smtp://%s", wantTLS: true},
		{name: "STARTTLS obligatoire avec authentification", backend: &testBackend{user: "cee", password: "secret"},
			server: startTLSServer, url: "smtp://cee:secret@%s?tls=starttls", wantUser: "cee", wantTLS: true},
		{name: "TLS implicite avec authentification", backend: &testBackend{user: "cee", password: "secret"},
			server: implicitServer, url: "smtps://cee:secret@%s", wantUser: "cee", wantTLS: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host, port := startServer(t, tt.backend, tt.server, serverCfg)
			s, err := NewSMTPSender(strings.Replace(tt.url, "%s", net.JoinHostPort(host, port), 1),
				"Réseau CEE <ne-pas-repondre@cee.exemple.fr>")
			if err != nil {
				t.Fatal(err)
			}
			s.tlsConfig.RootCAs = pool
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := s.Send(ctx, frenchMessage()); err != nil {
				t.Fatalf("Send: %v", err)
			}

			envs := tt.backend.envelopes()
			if len(envs) != 1 {
				t.Fatalf("server got %d messages, want 1", len(envs))
			}
			env := envs[0]
			if env.From != "ne-pas-repondre@cee.exemple.fr" {
				t.Errorf("MAIL FROM = %q", env.From)
			}
			if want := []string{"claire.dupont@exemple.fr", "elodie@exemple.fr"}; strings.Join(env.To, ",") != strings.Join(want, ",") {
				t.Errorf("RCPT TO = %v, want %v", env.To, want)
			}
			if env.AuthUser != tt.wantUser {
				t.Errorf("authenticated as %q, want %q", env.AuthUser, tt.wantUser)
			}
			if env.TLS != tt.wantTLS {
				t.Errorf("TLS = %v, want %v", env.TLS, tt.wantTLS)
			}

			got := parseReceived(t, env.Data)
			subject, err := new(mime.WordDecoder).DecodeHeader(got.header.Get("Subject"))
			if err != nil {
				t.Fatal(err)
			}
			if subject != frenchMessage().Subject {
				t.Errorf("Subject = %q (raw %q), want %q", subject, got.header.Get("Subject"), frenchMessage().Subject)
			}
			if raw := got.header.Get("Subject"); !strings.HasPrefix(raw, "=?") {
				t.Errorf("raw Subject %q is not encoded", raw)
			}
			from, err := got.header.AddressList("From")
			if err != nil || len(from) != 1 || from[0].Name != "Réseau CEE" || from[0].Address != "ne-pas-repondre@cee.exemple.fr" {
				t.Errorf("From = %v (%v)", from, err)
			}
			to, err := got.header.AddressList("To")
			if err != nil || len(to) != 2 || to[1].Name != "Élodie Müller" {
				t.Errorf("To = %v (%v)", to, err)
			}
			if rt := got.header.Get("Reply-To"); !strings.Contains(rt, "conseiller@ac-toulouse.fr") {
				t.Errorf("Reply-To = %q", rt)
			}
			if id := got.header.Get("Message-ID"); !strings.HasSuffix(id, "@cee.exemple.fr>") {
				t.Errorf("Message-ID = %q, want the sender's domain", id)
			}
			if got.header.Get("Date") == "" || got.header.Get("Auto-Submitted") != "auto-generated" {
				t.Errorf("Date = %q, Auto-Submitted = %q", got.header.Get("Date"), got.header.Get("Auto-Submitted"))
			}
			if got.parts["text/plain"] != frenchMessage().Text {
				t.Errorf("text/plain part = %q, want %q", got.parts["text/plain"], frenchMessage().Text)
			}
			if got.parts["text/html"] != frenchMessage().HTML {
				t.Errorf("text/html part = %q, want %q", got.parts["text/html"], frenchMessage().HTML)
			}
		})
	}
}

// TestSMTPSenderSendRendered sends the real test template end to end.
func TestSMTPSenderSendRendered(t *testing.T) {
	b := &testBackend{}
	host, port := startServer(t, b, plainServer, nil)
	s, err := NewSMTPSender("smtp://"+net.JoinHostPort(host, port)+"?tls=none", "ne-pas-repondre@cee.exemple.fr")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Render("test", []string{"admin@exemple.fr"}, TestData{BaseURL: "https://cee.exemple.fr", SentAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	envs := b.envelopes()
	if len(envs) != 1 {
		t.Fatalf("server got %d messages", len(envs))
	}
	got := parseReceived(t, envs[0].Data)
	if got.parts["text/plain"] != m.Text || got.parts["text/html"] != m.HTML {
		t.Errorf("parts changed in transit:\ntext %q\nwant %q", got.parts["text/plain"], m.Text)
	}
	if subject, _ := new(mime.WordDecoder).DecodeHeader(got.header.Get("Subject")); subject != "Message de test" {
		t.Errorf("Subject = %q", subject)
	}
}

func TestSMTPSenderErrors(t *testing.T) {
	serverCfg, _ := testCertificate(t)
	tests := []struct {
		name    string
		backend *testBackend
		server  serverTLS
		url     string
		msg     Message
		want    string
	}{
		{name: "destinataire refusé", backend: &testBackend{rejectRcpt: "elodie@exemple.fr"},
			url: "smtp://%s?tls=none", msg: frenchMessage(), want: "Destinataire inconnu"},
		{name: "mauvais mot de passe", backend: &testBackend{user: "cee", password: "secret"},
			url: "smtp://cee:faux@%s?tls=none", msg: frenchMessage(), want: "AUTH"},
		{name: "STARTTLS obligatoire mais absent", backend: &testBackend{},
			url: "smtp://%s?tls=mandatory", msg: frenchMessage(), want: "STARTTLS"},
		{name: "certificat non reconnu", backend: &testBackend{}, server: implicitServer,
			url: "smtps://%s", msg: frenchMessage(), want: "certificate"},
		{name: "message invalide", backend: &testBackend{},
			url: "smtp://%s?tls=none", msg: Message{To: []string{"x@exemple.fr"}}, want: "sujet vide"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host, port := startServer(t, tt.backend, tt.server, serverCfg)
			s, err := NewSMTPSender(strings.Replace(tt.url, "%s", net.JoinHostPort(host, port), 1), "ne-pas-repondre@cee.exemple.fr")
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err = s.Send(ctx, tt.msg)
			t.Logf("error: %v", err)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Send error = %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "faux") {
				t.Errorf("error leaks the password: %v", err)
			}
			if n := len(tt.backend.envelopes()); n != 0 {
				t.Errorf("server accepted %d messages", n)
			}
		})
	}
}

// silentListener accepts connections and never answers, like a firewall
// that lets the SYN through to a dead service.
func silentListener(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}

func TestSMTPSenderTimeouts(t *testing.T) {
	silent := silentListener(t)
	blocked := &testBackend{blockData: make(chan struct{})}
	t.Cleanup(func() { close(blocked.blockData) })
	bhost, bport := startServer(t, blocked, plainServer, nil)

	tests := []struct {
		name    string
		url     string
		ctx     func() (context.Context, context.CancelFunc)
		wantErr error // nil: any error
	}{
		{name: "délai du contexte, serveur muet", url: "smtp://" + silent + "?tls=none",
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 200*time.Millisecond)
			},
			wantErr: context.DeadlineExceeded},
		{name: "paramètre timeout, serveur muet", url: "smtp://" + silent + "?tls=none&timeout=200ms",
			ctx: func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }},
		{name: "contexte déjà annulé", url: "smtp://" + silent + "?tls=none",
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			},
			wantErr: context.Canceled},
		{name: "annulation pendant DATA", url: "smtp://" + net.JoinHostPort(bhost, bport) + "?tls=none",
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(300*time.Millisecond, cancel)
				return ctx, cancel
			},
			wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSMTPSender(tt.url, "ne-pas-repondre@cee.exemple.fr")
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			err = s.Send(ctx, frenchMessage())
			elapsed := time.Since(start)
			t.Logf("error after %v: %v", elapsed.Round(time.Millisecond), err)
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("Send error = %v, want %v", err, tt.wantErr)
			}
			if elapsed > 5*time.Second {
				t.Errorf("Send took %v: the timeout was not honoured", elapsed)
			}
		})
	}
}

func TestNewSMTPSender(t *testing.T) {
	tests := []struct {
		url      string
		from     string // default when ""
		want     string // "" for success, else a fragment of the error
		wantDesc string // String() on success
		timeout  time.Duration
	}{
		{url: "smtp://user:pass@smtp.exemple.fr:587", wantDesc: "smtp user@smtp.exemple.fr:587 (tls opportunistic)"},
		{url: "smtp://smtp.exemple.fr", wantDesc: "smtp smtp.exemple.fr:25 (tls opportunistic)"},
		{url: "smtps://smtp.exemple.fr", wantDesc: "smtp smtp.exemple.fr:465 (tls implicit)"},
		{url: "smtps://u:p@smtp.exemple.fr:2465/", wantDesc: "smtp u@smtp.exemple.fr:2465 (tls implicit)"},
		{url: "smtp://relais:25?tls=none", wantDesc: "smtp relais:25 (tls none)"},
		{url: "smtp://relais:25?tls=opportunistic", wantDesc: "smtp relais:25 (tls opportunistic)"},
		{url: "smtp://relais:587?tls=starttls", wantDesc: "smtp relais:587 (tls starttls)"},
		{url: "smtp://relais:587?tls=mandatory&timeout=5s", wantDesc: "smtp relais:587 (tls starttls)", timeout: 5 * time.Second},
		{url: "smtp://u:p@localhost:1025?tls=none", wantDesc: "smtp u@localhost:1025 (tls none)"},
		{url: "smtp://[::1]:25?tls=none", wantDesc: "smtp [::1]:25 (tls none)"},

		{url: "", want: "vide"},
		{url: "http://smtp.exemple.fr", want: `schéma "http" inconnu`},
		{url: "smtp.exemple.fr:587", want: "inconnu"},
		{url: "smtp.exemple.fr", want: "schéma manquant"},
		{url: "smtp://u:se%zzcret@relais", want: "encodé"},
		{url: "smtp://", want: "nom du serveur manquant"},
		{url: "smtp:///chemin", want: "nom du serveur manquant"},
		{url: "smtp://:587", want: "nom du serveur manquant"},
		{url: "smtp://relais:0", want: "port"},
		{url: "smtp://relais:99999", want: "port"},
		{url: "smtp://relais?tls=oui", want: `tls="oui" inconnu`},
		{url: "smtp://relais?tls=", want: "tls"},
		{url: "smtps://relais?tls=none", want: "retirez tls=none"},
		{url: "smtp://relais?tsl=none", want: `paramètre "tsl" inconnu`},
		{url: "smtp://relais?tls=none&tls=starttls", want: "2 fois"},
		{url: "smtp://relais?timeout=bientôt", want: "durée"},
		{url: "smtp://relais?timeout=-1s", want: "durée"},
		{url: "smtp://relais/boite", want: "chemin"},
		{url: "smtp://u:secret@relais.exemple.fr?tls=none", want: "identifiants refusés"},
		{url: "smtp://u:sec ret@relais:bad", want: "illisible"},
		{url: "smtp://relais", from: "pas une adresse", want: "adresse d'expédition"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			from := tt.from
			if from == "" {
				from = "ne-pas-repondre@cee.exemple.fr"
			}
			s, err := NewSMTPSender(tt.url, from)
			if tt.want != "" {
				t.Logf("error: %v", err)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err = %v, want one containing %q", err, tt.want)
				}
				if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "sec ret") || strings.Contains(err.Error(), "%zz") {
					t.Errorf("error leaks the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.String(); got != tt.wantDesc {
				t.Errorf("String() = %q, want %q", got, tt.wantDesc)
			}
			if strings.Contains(s.String(), "pass") {
				t.Errorf("String() leaks the password: %s", s)
			}
			if want := tt.timeout; want != 0 && s.timeout != want {
				t.Errorf("timeout = %v, want %v", s.timeout, want)
			}
		})
	}
}
