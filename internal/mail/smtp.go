package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// tlsMode says how the connection to the SMTP server is protected.
type tlsMode int

const (
	tlsOpportunistic tlsMode = iota // STARTTLS when the server offers it
	tlsNone                         // plain text: local relays and test servers
	tlsStartTLS                     // STARTTLS required, fail otherwise
	tlsImplicit                     // TLS from the first byte (smtps://)
)

var tlsModeNames = map[tlsMode]string{
	tlsOpportunistic: "opportunistic",
	tlsNone:          "none",
	tlsStartTLS:      "starttls",
	tlsImplicit:      "implicit",
}

// defaultTimeout bounds each step (dial, then each command) when the URL
// gives no timeout: long enough for a slow relay, short enough that a job
// does not hang on a dead one.
const defaultTimeout = 30 * time.Second

// urlExample is repeated in URL errors so that the person fixing the
// configuration sees a working form.
const urlExample = "smtp://utilisateur:motdepasse@smtp.exemple.fr:587"

// SMTPSender sends messages through one SMTP server. It opens one
// connection per message: cee sends few messages, and a fresh connection
// never finds a server that closed an idle one. It is safe for concurrent use.
type SMTPSender struct {
	host     string
	port     int
	mode     tlsMode
	user     string
	password string
	auth     bool
	timeout  time.Duration
	from     *netmail.Address
	// tlsConfig is kept so that tests can trust their own certificate.
	tlsConfig *tls.Config
}

// NewSMTPSender checks rawURL and from and returns a sender for them.
//
// rawURL is smtp://[user:password@]host[:port][?tls=…&timeout=…] or
// smtps://[user:password@]host[:port][?timeout=…]. smtp:// defaults to port
// 25 and opportunistic STARTTLS; tls=none turns TLS off, tls=starttls (or its
// synonym tls=mandatory) requires STARTTLS. smtps:// defaults to port 465 and
// always uses implicit TLS. timeout is a Go duration (default 30s) bounding
// the dial and each SMTP command. Credentials are sent with AUTH PLAIN or
// LOGIN, whichever the server offers, and never in plain text except to
// localhost. from is the sender address, for example
// "Réseau CEE <ne-pas-repondre@exemple.fr>".
//
// Errors say what to fix, in French then English, without the password.
func NewSMTPSender(rawURL, from string) (*SMTPSender, error) {
	s, err := parseSMTPURL(rawURL)
	if err != nil {
		return nil, err
	}
	addr, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("adresse d'expédition %q invalide, par exemple ne-pas-repondre@exemple.fr / invalid sender address: %v", from, err)
	}
	s.from = addr
	return s, nil
}

func urlErrorf(format string, args ...any) error {
	return fmt.Errorf("adresse du serveur SMTP : "+format, args...)
}

func parseSMTPURL(rawURL string) (*SMTPSender, error) {
	if strings.TrimSpace(rawURL) == "" {
		return nil, urlErrorf("vide, par exemple %s / SMTP URL is empty", urlExample)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error repeats the whole URL, password included: keep only
		// the reason.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		if strings.Contains(rawURL, "@") {
			// Even the reason may quote a piece of the password, such as
			// a bad %-escape in it.
			return nil, urlErrorf("illisible ; un caractère spécial du mot de passe doit être encodé (%%40 pour @, %%25 pour %%…), forme attendue %s / malformed SMTP URL; percent-encode special characters of the password", urlExample)
		}
		return nil, urlErrorf("illisible (%v), forme attendue %s / malformed SMTP URL", err, urlExample)
	}
	s := &SMTPSender{timeout: defaultTimeout}
	switch u.Scheme {
	case "smtp":
		s.port, s.mode = 25, tlsOpportunistic
	case "smtps":
		s.port, s.mode = 465, tlsImplicit
	case "":
		return nil, urlErrorf("schéma manquant, smtp:// ou smtps:// attendu, par exemple %s / missing scheme, expected smtp:// or smtps://", urlExample)
	default:
		return nil, urlErrorf("schéma %q inconnu, smtp:// ou smtps:// attendu, par exemple %s / unknown scheme, expected smtp:// or smtps://", u.Scheme, urlExample)
	}
	if u.Opaque != "" || u.Host == "" || u.Hostname() == "" {
		return nil, urlErrorf("nom du serveur manquant, par exemple %s / missing host", urlExample)
	}
	s.host = u.Hostname()
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, urlErrorf("port %q invalide, nombre de 1 à 65535 attendu / invalid port", p)
		}
		s.port = n
	}
	if u.Path != "" && u.Path != "/" {
		return nil, urlErrorf("chemin %q inattendu, retirez-le / unexpected path", u.Path)
	}
	if u.Fragment != "" {
		return nil, urlErrorf("fragment #%s inattendu, retirez-le / unexpected fragment", u.Fragment)
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
		s.auth = s.user != ""
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return nil, urlErrorf("paramètres illisibles (%v) / malformed query", err)
	}
	for key, values := range q {
		if len(values) != 1 {
			return nil, urlErrorf("paramètre %s donné %d fois / parameter given more than once", key, len(values))
		}
		v := values[0]
		switch key {
		case "tls":
			if s.mode == tlsImplicit {
				return nil, urlErrorf("smtps:// utilise toujours TLS implicite : retirez tls=%s, ou utilisez smtp:// / smtps:// always uses implicit TLS: remove the tls parameter", v)
			}
			switch strings.ToLower(v) {
			case "none":
				s.mode = tlsNone
			case "opportunistic":
				s.mode = tlsOpportunistic
			case "starttls", "mandatory":
				s.mode = tlsStartTLS
			default:
				return nil, urlErrorf("tls=%q inconnu : none, opportunistic, starttls ou mandatory attendu / unknown tls value, expected none, opportunistic, starttls or mandatory", v)
			}
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return nil, urlErrorf("timeout=%q : durée attendue, par exemple 30s / expected a duration such as 30s", v)
			}
			s.timeout = d
		default:
			// A typo such as ?tsl=none would otherwise silently keep TLS
			// settings the person meant to change.
			return nil, urlErrorf("paramètre %q inconnu : tls ou timeout attendu / unknown parameter, expected tls or timeout", key)
		}
	}
	if s.auth && s.mode == tlsNone && !isLoopbackName(s.host) {
		return nil, urlErrorf("identifiants refusés avec tls=none vers %s : le mot de passe passerait en clair ; retirez tls=none ou utilisez smtps:// / credentials refused without TLS to a remote host", s.host)
	}
	s.tlsConfig = &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	return s, nil
}

// isLoopbackName mirrors the names for which go-mail accepts AUTH PLAIN
// without TLS, so that the URL check and the send agree.
func isLoopbackName(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// String describes the server without the password, for logs.
func (s *SMTPSender) String() string {
	auth := ""
	if s.auth {
		auth = s.user + "@"
	}
	return fmt.Sprintf("smtp %s%s (tls %s)", auth, net.JoinHostPort(s.host, strconv.Itoa(s.port)), tlsModeNames[s.mode])
}

// Send validates m and delivers it in one SMTP transaction. The context
// bounds the whole exchange, not only the dial: cancelling it closes the
// connection at once.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	msg, err := s.buildMsg(m)
	if err != nil {
		return err
	}

	addr := net.JoinHostPort(s.host, strconv.Itoa(s.port))
	var stops []func() bool
	defer func() {
		for _, stop := range stops {
			stop()
		}
	}()
	// go-mail only hands the context to the dial; closing the connection
	// when ctx ends also stops a server that stalls later in the exchange.
	// Dialling ourselves also keeps IPv6 literals right, which go-mail's
	// host:port formatting is not.
	dial := func(dctx context.Context, network, _ string) (net.Conn, error) {
		d := &net.Dialer{}
		var conn net.Conn
		var err error
		if s.mode == tlsImplicit {
			td := &tls.Dialer{NetDialer: d, Config: s.tlsConfig.Clone()}
			conn, err = td.DialContext(dctx, network, addr)
		} else {
			conn, err = d.DialContext(dctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		stops = append(stops, context.AfterFunc(ctx, func() { conn.Close() }))
		return conn, nil
	}

	opts := []gomail.Option{
		gomail.WithPort(s.port),
		gomail.WithTimeout(s.timeout),
		gomail.WithTLSConfig(s.tlsConfig.Clone()),
		gomail.WithDialContextFunc(dial),
	}
	switch s.mode {
	case tlsNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case tlsOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case tlsStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case tlsImplicit:
		// Our dialer already speaks TLS; WithSSL keeps go-mail from also
		// trying STARTTLS inside it.
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.auth {
		// PLAIN is what most relays offer, LOGIN is what Microsoft 365
		// offers; go-mail refuses both without TLS except to localhost.
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.user), gomail.WithPassword(s.password))
	}
	client, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return fmt.Errorf("envoi par %s : %w", s, err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		if cerr := ctx.Err(); cerr != nil {
			// The connection error after a cancellation says little;
			// keep ctx's error so that callers can test for it.
			return fmt.Errorf("envoi par %s interrompu : %w", s, errors.Join(cerr, err))
		}
		return fmt.Errorf("envoi par %s : %w", s, err)
	}
	return nil
}

// buildMsg turns m into a multipart/alternative message, text first so that
// clients showing the last part they understand pick the HTML. Attachments
// make it a multipart/mixed message: the alternative first, then one base64
// part per attachment.
func (s *SMTPSender) buildMsg(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP),
		gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("%w : %v", ErrInvalidMessage, err)
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return nil, fmt.Errorf("%w : %v", ErrInvalidMessage, err)
		}
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(messageID(m.MessageID, s.from.Address))
	// RFC 3834: tells out-of-office responders not to answer a robot.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	for _, a := range m.Attachments {
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data), attachmentHeaders(a)); err != nil {
			return nil, fmt.Errorf("pièce jointe « %s » : %w", a.Name, err)
		}
	}
	return msg, nil
}

// attachmentHeaders writes the part's headers itself rather than letting
// go-mail do it: go-mail replaces characters such as ":" or "?" in names and
// puts RFC 2047 encoded words inside quoted parameters, which the standard
// does not allow. mime.FormatMediaType quotes what needs quoting and encodes
// accents as RFC 2231 (the filename* parameter), which mail clients read.
func attachmentHeaders(a Attachment) gomail.FileOption {
	return func(f *gomail.File) {
		mt, params, err := mime.ParseMediaType(a.ContentType)
		if err != nil {
			// Validate refuses such a type; keep a safe one anyway.
			mt, params = "application/octet-stream", map[string]string{}
		}
		params["name"] = a.Name
		f.Header.Set(string(gomail.HeaderContentType), mime.FormatMediaType(mt, params))
		f.Header.Set(string(gomail.HeaderContentDisposition), mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
		f.Header.Set(string(gomail.HeaderContentTransferEnc), string(gomail.EncodingB64))
	}
}

// messageID completes the message's own id (the same on every retry) with
// the sender's domain rather than go-mail's default, the machine's host
// name, which leaks the container name and may not be a domain at all. A
// message without an id gets one for this send.
func messageID(id, from string) string {
	if strings.Contains(id, "@") {
		return id
	}
	if id == "" {
		id = NewMessageID()
	}
	domain := "localhost"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i+1 < len(from) {
		domain = from[i+1:]
	}
	return id + "@" + domain
}
