package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		check   func(t *testing.T, c Config)
		wantErr string
	}{
		{name: "defaults", check: func(t *testing.T, c Config) {
			if c.DatabaseURL != "sqlite:data/cee.db" || c.BaseURL != "http://127.0.0.1:8080" || c.LogFormat != "json" {
				t.Errorf("%+v", c)
			}
		}},
		{name: "flags override environment", env: map[string]string{"CEE_ADDR": ":9000", "CEE_DATA_DIR": "/srv"},
			args: []string{"--addr", ":9100", "--demo"}, check: func(t *testing.T, c Config) {
				if c.Addr != ":9100" || c.DataDir != "/srv" || !c.Demo || c.LogFormat != "text" || c.DatabaseURL != "sqlite:/srv/cee.db" {
					t.Errorf("%+v", c)
				}
			}},
		{name: "postgres", env: map[string]string{"CEE_DATABASE_URL": "postgres://u:p@db/cee", "CEE_BASE_URL": "https://cee.example.fr/"},
			check: func(t *testing.T, c Config) {
				if c.BaseURL != "https://cee.example.fr" {
					t.Errorf("base url %q", c.BaseURL)
				}
			}},
		{name: "unknown scheme", env: map[string]string{"CEE_DATABASE_URL": "mysql://x"}, wantErr: "schéma \"mysql\" inconnu"},
		{name: "bad workers", env: map[string]string{"CEE_WORKERS": "zéro"}, wantErr: "CEE_WORKERS"},
		{name: "bad base url", env: map[string]string{"CEE_BASE_URL": "cee.fr"}, wantErr: "CEE_BASE_URL"},
		{name: "bad bool", env: map[string]string{"CEE_DEMO": "oui"}, wantErr: "CEE_DEMO"},
		{name: "bad log format", env: map[string]string{"CEE_LOG_FORMAT": "xml"}, wantErr: "CEE_LOG_FORMAT"},
		{name: "no trusted proxy by default", check: func(t *testing.T, c Config) {
			if len(c.TrustedProxies) != 0 {
				t.Errorf("trusted proxies %v", c.TrustedProxies)
			}
		}},
		{name: "trusted proxies", env: map[string]string{"CEE_TRUSTED_PROXIES": "10.1.2.3/8, 192.0.2.7,fd00::/8,::ffff:198.51.100.1"},
			check: func(t *testing.T, c Config) {
				if got := fmt.Sprint(c.TrustedProxies); got != "[10.0.0.0/8 192.0.2.7/32 fd00::/8 198.51.100.1/32]" {
					t.Errorf("trusted proxies %s", got)
				}
			}},
		{name: "bad trusted proxy", env: map[string]string{"CEE_TRUSTED_PROXIES": "10.0.0.0/8,proxy.example"}, wantErr: "CEE_TRUSTED_PROXIES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Defaults()
			err := c.FromEnv(env(tt.env))
			if err == nil {
				fs := flag.NewFlagSet("serve", flag.ContinueOnError)
				fs.SetOutput(io.Discard)
				c.ServeFlags(fs)
				if err = fs.Parse(tt.args); err != nil {
					t.Fatal(err)
				}
				err = c.Finish()
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrUsage) {
					t.Fatalf("err = %v, want a usage error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestRedacted(t *testing.T) {
	c := Defaults()
	c.DatabaseURL = "postgres://cee:motdepasse@db:5432/cee"
	c.SMTPURL = "smtp://relai:secret@smtp.example.fr:587"
	c.OIDCClientSecret = strings.Repeat("k", 40)
	var b strings.Builder
	for _, v := range c.Redacted() {
		b.WriteString(toString(v))
		b.WriteByte(' ')
	}
	out := b.String()
	for _, secret := range []string{"motdepasse", "secret@", "kkkk"} {
		if strings.Contains(out, secret) {
			t.Errorf("redacted config shows %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "postgres://cee:xxxxx@db:5432/cee") {
		t.Errorf("redacted config lost the database host: %s", out)
	}
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	default:
		return ""
	}
}

func TestSplitDatabaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"data/cee.db":             "sqlite data/cee.db",
		"sqlite:/tmp/x.db":        "sqlite /tmp/x.db",
		"sqlite:///tmp/x.db":      "sqlite /tmp/x.db",
		"postgres://u@h/db":       "postgres postgres://u@h/db",
		"postgresql://u@h/db?x=1": "postgres postgresql://u@h/db?x=1",
	} {
		d, dsn, err := SplitDatabaseURL(in)
		if err != nil || d+" "+dsn != want {
			t.Errorf("SplitDatabaseURL(%q) = %q %q %v, want %q", in, d, dsn, err, want)
		}
	}
}
