// Package config reads the one configuration struct of cee from flags and
// CEE_* environment variables, validates it, and prints it redacted.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"cee/internal/model"
)

// Config is read once at start-up and passed down; nothing else reads the
// environment.
type Config struct {
	Addr        string // CEE_ADDR, --addr
	DataDir     string // CEE_DATA_DIR, --data-dir
	DatabaseURL string // CEE_DATABASE_URL: file path, sqlite: URL or postgres:// URL
	BaseURL     string // CEE_BASE_URL: public address, used in e-mails
	SMTPURL     string // CEE_SMTP_URL: smtp://user:pass@host:587
	MailFrom    string // CEE_MAIL_FROM
	// ContactAccessibilite is the address the accessibility statement gives
	// to report a content one cannot reach (RGAA, « Amélioration et contact »).
	ContactAccessibilite string        // CEE_CONTACT_ACCESSIBILITE
	Demo                 bool          // --demo: load demonstration data on an empty database
	Dev                  bool          // --dev: development pages, text logs, mails kept in the database
	Workers              int           // CEE_WORKERS: job workers per process
	LogFormat            string        // CEE_LOG_FORMAT: text or json (default: text in dev/demo, json otherwise)
	ShutdownTimeout      time.Duration // CEE_SHUTDOWN_TIMEOUT

	OIDCIssuer       string   // CEE_OIDC_ISSUER: ProConnect (or another OIDC provider) issuer URL
	OIDCClientID     string   // CEE_OIDC_CLIENT_ID
	OIDCClientSecret string   // CEE_OIDC_CLIENT_SECRET
	OIDCScopes       []string // CEE_OIDC_SCOPES: space-separated; default ProConnect's (openid email given_name usual_name)
	// OIDCClaimUAI and OIDCClaimFonction name the claims of the identity
	// that carry the agent's school (UAI) and function, for schools that
	// onboard themselves (workflow.ConnexionProConnect); their names depend
	// on the identity provider behind ProConnect.
	OIDCClaimUAI      string        // CEE_OIDC_CLAIM_UAI; default "uai"
	OIDCClaimFonction string        // CEE_OIDC_CLAIM_FONCTION; default "fonction"
	SessionIdle       time.Duration // CEE_SESSION_IDLE: a session unused this long ends
	SessionMax        time.Duration // CEE_SESSION_MAX: absolute lifetime of a session
	TOTPRoles         []string      // CEE_TOTP_ROLES: roles that need a second factor after a password or a link

	APIParMinute int // CEE_API_PAR_MINUTE: API requests a minute per token, after the burst
	APIRafale    int // CEE_API_RAFALE: API requests a token may make at once

	// RequetesSimultanees (CEE_REQUETES_SIMULTANEES) is how many requests
	// are served at once; the next ones wait at most AttenteMax
	// (CEE_ATTENTE_MAX) for a place, then get a 503 with Retry-After rather
	// than queueing for tens of seconds under overload. Default: 4 per CPU.
	RequetesSimultanees int
	AttenteMax          time.Duration

	// TrustedProxies (CEE_TRUSTED_PROXIES: comma-separated addresses and
	// CIDR networks) are the reverse proxies and load balancers in front of
	// cee: X-Forwarded-For is read only when the peer is one of them, and
	// the client is the right-most address that is not. Empty: the header
	// is ignored.
	TrustedProxies []netip.Prefix
}

// ErrUsage marks configuration errors: main prints them on one line and
// exits with code 2.
var ErrUsage = errors.New("configuration")

// UsageError is a configuration mistake with a sentence saying what to fix.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }
func (e *UsageError) Unwrap() error { return ErrUsage }

// Usagef builds a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// Defaults returns the configuration before environment and flags.
func Defaults() Config {
	return Config{
		Addr:                 "127.0.0.1:8080",
		DataDir:              "data",
		MailFrom:             "ne-pas-repondre@cee.education.gouv.fr",
		ContactAccessibilite: "accessibilite@cee.education.gouv.fr",
		Workers:              4,
		ShutdownTimeout:      20 * time.Second,
		SessionIdle:          30 * time.Minute,
		SessionMax:           12 * time.Hour,
		TOTPRoles:            []string{"admin", "pilote"},
		OIDCClaimUAI:         "uai",
		OIDCClaimFonction:    "fonction",
		APIParMinute:         600,
		APIRafale:            60,

		RequetesSimultanees: 4 * runtime.NumCPU(),
		AttenteMax:          time.Second,
	}
}

// FromEnv applies the CEE_* variables found by getenv on top of c.
func (c *Config) FromEnv(getenv func(string) string) error {
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	str("CEE_ADDR", &c.Addr)
	str("CEE_DATA_DIR", &c.DataDir)
	str("CEE_DATABASE_URL", &c.DatabaseURL)
	str("CEE_BASE_URL", &c.BaseURL)
	str("CEE_SMTP_URL", &c.SMTPURL)
	str("CEE_MAIL_FROM", &c.MailFrom)
	str("CEE_CONTACT_ACCESSIBILITE", &c.ContactAccessibilite)
	str("CEE_LOG_FORMAT", &c.LogFormat)
	str("CEE_OIDC_ISSUER", &c.OIDCIssuer)
	str("CEE_OIDC_CLIENT_ID", &c.OIDCClientID)
	str("CEE_OIDC_CLIENT_SECRET", &c.OIDCClientSecret)
	str("CEE_OIDC_CLAIM_UAI", &c.OIDCClaimUAI)
	str("CEE_OIDC_CLAIM_FONCTION", &c.OIDCClaimFonction)
	if v := getenv("CEE_OIDC_SCOPES"); v != "" {
		c.OIDCScopes = strings.Fields(v)
	}
	if v := getenv("CEE_TOTP_ROLES"); v != "" {
		c.TOTPRoles = nil
		for _, r := range strings.Split(v, ",") {
			if r = strings.TrimSpace(r); r != "" && r != "aucun" {
				c.TOTPRoles = append(c.TOTPRoles, r)
			}
		}
	}
	if v := getenv("CEE_TRUSTED_PROXIES"); v != "" {
		p, err := parseTrustedProxies(v)
		if err != nil {
			return Usagef("CEE_TRUSTED_PROXIES=%q : adresses IP ou réseaux CIDR séparés par des virgules attendus, par exemple 10.0.0.0/8,192.0.2.7 (%v) / expected comma-separated IP addresses or CIDR networks", v, err)
		}
		c.TrustedProxies = p
	}
	if v := getenv("CEE_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 64 {
			return Usagef("CEE_WORKERS=%q : nombre entier de 1 à 64 attendu / expected a whole number from 1 to 64", v)
		}
		c.Workers = n
	}
	for name, dst := range map[string]*int{"CEE_API_PAR_MINUTE": &c.APIParMinute, "CEE_API_RAFALE": &c.APIRafale, "CEE_REQUETES_SIMULTANEES": &c.RequetesSimultanees} {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1_000_000 {
				return Usagef("%s=%q : nombre entier positif attendu / expected a positive whole number", name, v)
			}
			*dst = n
		}
	}
	for name, dst := range map[string]*time.Duration{
		"CEE_SHUTDOWN_TIMEOUT": &c.ShutdownTimeout, "CEE_SESSION_IDLE": &c.SessionIdle, "CEE_SESSION_MAX": &c.SessionMax,
		"CEE_ATTENTE_MAX": &c.AttenteMax,
	} {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return Usagef("%s=%q : durée attendue, par exemple 30m ou 12h / expected a duration such as 30m or 12h", name, v)
			}
			*dst = d
		}
	}
	for _, name := range []string{"CEE_DEMO", "CEE_DEV"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Usagef("%s=%q : true ou false attendu / expected true or false", name, v)
		}
		if name == "CEE_DEMO" {
			c.Demo = b
		} else {
			c.Dev = b
		}
	}
	return nil
}

// ServeFlags registers the flags of `cee serve` on fs.
func (c *Config) ServeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "adresse d'écoute / listen address")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "dossier des données (base SQLite, fichiers) / data folder")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "charge les données de démonstration sur une base vide / load demo data on an empty database")
	fs.BoolVar(&c.Dev, "dev", c.Dev, "mode développement : pages de développement, boîte aux lettres locale / development mode")
}

// DataFlags registers the flags shared by commands that only need the database.
func (c *Config) DataFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "dossier des données / data folder")
}

// Finish fills derived values and validates the whole struct.
func (c *Config) Finish() error {
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite:" + filepath.Join(c.DataDir, "cee.db")
	}
	if _, _, err := SplitDatabaseURL(c.DatabaseURL); err != nil {
		return err
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Usagef("CEE_BASE_URL=%q : adresse http(s) attendue, par exemple https://cee.ac-toulouse.fr / expected an http(s) URL", c.BaseURL)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if (c.OIDCIssuer != "") != (c.OIDCClientID != "") || (c.OIDCClientID != "" && c.OIDCClientSecret == "") {
		return Usagef("CEE_OIDC_ISSUER, CEE_OIDC_CLIENT_ID et CEE_OIDC_CLIENT_SECRET vont ensemble : définissez les trois ou aucune / the three OIDC variables go together")
	}
	if c.OIDCIssuer != "" {
		if u, err := url.Parse(c.OIDCIssuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return Usagef("CEE_OIDC_ISSUER=%q : adresse https attendue / expected an https URL", c.OIDCIssuer)
		}
	}
	if c.SessionIdle > c.SessionMax {
		return Usagef("CEE_SESSION_IDLE (%s) dépasse CEE_SESSION_MAX (%s) / idle timeout longer than the session lifetime", c.SessionIdle, c.SessionMax)
	}
	for _, r := range c.TOTPRoles {
		if _, err := model.ParseRole(r); err != nil {
			return Usagef("CEE_TOTP_ROLES : rôle %q inconnu (admin, pilote, …, ou « aucun ») / unknown role", r)
		}
	}
	switch c.LogFormat {
	case "":
		c.LogFormat = "json"
		if c.Dev || c.Demo {
			c.LogFormat = "text"
		}
	case "text", "json":
	default:
		return Usagef("CEE_LOG_FORMAT=%q : text ou json / expected text or json", c.LogFormat)
	}
	return nil
}

// LocalMail reports whether e-mails stay in the database (dev mailbox)
// instead of going out by SMTP: always in dev and demo, and whenever no SMTP
// server is configured, so that nothing is silently lost.
func (c *Config) LocalMail() bool { return c.Dev || c.Demo || c.SMTPURL == "" }

// SplitDatabaseURL returns the driver ("sqlite" or "postgres") and the
// driver's data source for a CEE_DATABASE_URL value.
func SplitDatabaseURL(raw string) (driver, dsn string, err error) {
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		return "postgres", raw, nil
	case strings.HasPrefix(raw, "sqlite://"):
		return "sqlite", strings.TrimPrefix(raw, "sqlite://"), nil
	case strings.HasPrefix(raw, "sqlite:"):
		return "sqlite", strings.TrimPrefix(raw, "sqlite:"), nil
	case strings.Contains(raw, "://"):
		scheme, _, _ := strings.Cut(raw, "://")
		return "", "", Usagef("CEE_DATABASE_URL : schéma %q inconnu, utilisez un chemin de fichier, sqlite:chemin ou postgres://… / unknown scheme %q, use a file path, sqlite:path or postgres://…", scheme, scheme)
	case raw == "":
		return "", "", Usagef("CEE_DATABASE_URL vide / empty database URL")
	default:
		return "sqlite", raw, nil
	}
}

// Redacted returns the configuration as "name=value" lines with secrets
// hidden, for the start-up log.
func (c Config) Redacted() []any {
	return []any{
		"addr", c.Addr,
		"data_dir", c.DataDir,
		"database_url", RedactURL(c.DatabaseURL),
		"base_url", c.BaseURL,
		"smtp_url", RedactURL(c.SMTPURL),
		"mail_from", c.MailFrom,
		"contact_accessibilite", c.ContactAccessibilite,
		"demo", c.Demo,
		"dev", c.Dev,
		"workers", c.Workers,
		"log_format", c.LogFormat,
		"oidc_issuer", c.OIDCIssuer,
		"oidc_client_id", c.OIDCClientID,
		"oidc_client_secret", redactSecret(c.OIDCClientSecret),
		"oidc_claim_uai", c.OIDCClaimUAI,
		"oidc_claim_fonction", c.OIDCClaimFonction,
		"session_idle", c.SessionIdle.String(),
		"session_max", c.SessionMax.String(),
		"totp_roles", strings.Join(c.TOTPRoles, ","),
		"api_par_minute", c.APIParMinute,
		"api_rafale", c.APIRafale,
		"requetes_simultanees", c.RequetesSimultanees,
		"attente_max", c.AttenteMax.String(),
		"trusted_proxies", fmt.Sprint(c.TrustedProxies),
	}
}

// parseTrustedProxies reads a comma-separated list of addresses and CIDR
// networks: "10.0.0.0/8, 192.0.2.7, fd00::/8". An address alone is a
// network of one address.
func parseTrustedProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for f := range strings.SplitSeq(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, err
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, err
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// RedactURL hides the password of a URL for logs and messages.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func redactSecret(s string) string {
	if s == "" {
		return "(non définie)"
	}
	return "(définie, " + strconv.Itoa(len(s)) + " caractères)"
}

// CheckDataDir makes sure the data folder exists and is writable.
func (c *Config) CheckDataDir() error {
	if err := os.MkdirAll(c.DataDir, 0o750); err != nil {
		return Usagef("dossier de données %q impossible à créer (%v) : choisissez-en un autre avec --data-dir / cannot create data folder", c.DataDir, err)
	}
	f, err := os.CreateTemp(c.DataDir, ".write-test-*")
	if err != nil {
		return Usagef("dossier de données %q non accessible en écriture : corrigez ses droits ou choisissez-en un autre avec --data-dir / data folder not writable", c.DataDir)
	}
	f.Close()
	return os.Remove(f.Name())
}
