package auth

import (
	"encoding/base32"
	"net/url"
	"strings"
	"testing"
	"time"
)

// rfcSecret is the SHA-1 seed of RFC 6238 appendix B, "12345678901234567890"
// in ASCII, in base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestRFCSecretEncoding(t *testing.T) {
	if got := base32NoPad.EncodeToString([]byte("12345678901234567890")); got != rfcSecret {
		t.Fatalf("base32 of the RFC seed = %q, want %q", got, rfcSecret)
	}
}

// TestTOTPCodeRFC6238 uses the SHA-1 rows of RFC 6238 appendix B. The RFC
// gives 8-digit codes; a 6-digit code is the same value modulo 10^6, i.e.
// its last 6 digits.
func TestTOTPCodeRFC6238(t *testing.T) {
	tests := []struct {
		unix   int64
		rfc8   string
		want6  string
		secret string
	}{
		{59, "94287082", "287082", rfcSecret},
		{1111111109, "07081804", "081804", rfcSecret},
		{1111111111, "14050471", "050471", rfcSecret},
		{1234567890, "89005924", "005924", rfcSecret},
		{2000000000, "69279037", "279037", rfcSecret},
		{20000000000, "65353130", "353130", rfcSecret},
		// Secrets as users retype them: lower case, grouped, padded.
		{59, "94287082", "287082", strings.ToLower(rfcSecret)},
		{59, "94287082", "287082", "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"},
		{59, "94287082", "287082", "GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ"},
		{59, "94287082", "287082", base32.StdEncoding.EncodeToString([]byte("12345678901234567890")) + "===="},
	}
	for _, tt := range tests {
		if tt.rfc8[2:] != tt.want6 {
			t.Fatalf("bad table row: %q does not end with %q", tt.rfc8, tt.want6)
		}
		got, err := TOTPCode(tt.secret, time.Unix(tt.unix, 0))
		if err != nil {
			t.Errorf("TOTPCode(%q, %d): %v", tt.secret, tt.unix, err)
			continue
		}
		if got != tt.want6 {
			t.Errorf("TOTPCode(%q, %d) = %q, want %q", tt.secret, tt.unix, got, tt.want6)
		}
	}
}

func TestTOTPCodeErrors(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		t      time.Time
	}{
		{"empty secret", "", time.Unix(59, 0)},
		{"not base32", "GEZDGNBVGY3TQOJ1GEZDGNBVGY3TQOJ8", time.Unix(59, 0)},
		{"too short", "GEZDGNBVGY3TQOJQ", time.Unix(59, 0)}, // 10 bytes
		{"before 1970", rfcSecret, time.Unix(-31, 0)},
		{"just before 1970", rfcSecret, time.Unix(-1, 0)},
	}
	for _, tt := range tests {
		if code, err := TOTPCode(tt.secret, tt.t); err == nil {
			t.Errorf("%s: TOTPCode = %q, want an error", tt.name, code)
		}
	}
}

func TestVerifyTOTP(t *testing.T) {
	now := time.Unix(1111111111, 0) // step 37037037, code 050471
	const step = 1111111111 / 30
	code := func(s int64) string {
		c, err := TOTPCode(rfcSecret, time.Unix(s*30, 0))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name     string
		secret   string
		code     string
		lastStep int64
		wantStep int64
		wantOK   bool
	}{
		{"current code", rfcSecret, "050471", 0, step, true},
		{"previous step (slow clock)", rfcSecret, code(step - 1), 0, step - 1, true},
		{"next step (fast clock)", rfcSecret, code(step + 1), 0, step + 1, true},
		{"two steps back", rfcSecret, code(step - 2), 0, 0, false},
		{"two steps ahead", rfcSecret, code(step + 2), 0, 0, false},
		{"replay of the same step", rfcSecret, "050471", step, 0, false},
		{"older than the last accepted step", rfcSecret, code(step - 1), step - 1, 0, false},
		{"after a code of the next step", rfcSecret, "050471", step + 1, 0, false},
		{"after the previous step", rfcSecret, "050471", step - 1, step, true},
		{"spaces inside", rfcSecret, "050 471", 0, step, true},
		{"spaces around", rfcSecret, "  050471 \t", 0, step, true},
		{"wrong code", rfcSecret, "050472", 0, 0, false},
		{"five digits", rfcSecret, "50471", 0, 0, false},
		{"eight-digit RFC code", rfcSecret, "14050471", 0, 0, false},
		{"letters", rfcSecret, "05O471", 0, 0, false},
		{"sign", rfcSecret, "+50471", 0, 0, false},
		{"fullwidth digits", rfcSecret, "０５０４７１", 0, 0, false},
		{"empty code", rfcSecret, "", 0, 0, false},
		{"garbage", rfcSecret, "'; DROP TABLE comptes; --", 0, 0, false},
		{"garbage secret", "not a secret!", "050471", 0, 0, false},
		{"empty secret", "", "050471", 0, 0, false},
		{"other secret", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "050471", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotStep, ok := VerifyTOTP(tt.secret, tt.code, now, tt.lastStep)
			if ok != tt.wantOK || gotStep != tt.wantStep {
				t.Errorf("VerifyTOTP(%q, %q, lastStep %d) = %d, %v; want %d, %v",
					tt.secret, tt.code, tt.lastStep, gotStep, ok, tt.wantStep, tt.wantOK)
			}
		})
	}
}

// TestVerifyTOTPReplay follows what the caller does: store the returned
// step, pass it back next time.
func TestVerifyTOTPReplay(t *testing.T) {
	secret, err := NewTOTPSecret()
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 9, 1, 8, 0, 10, 0, time.UTC)
	c0, _ := TOTPCode(secret, t0)
	last, ok := VerifyTOTP(secret, c0, t0, 0)
	if !ok {
		t.Fatalf("first use of %s refused", c0)
	}
	// Same code 5 seconds later, same 30 s window: replay.
	if _, ok := VerifyTOTP(secret, c0, t0.Add(5*time.Second), last); ok {
		t.Errorf("replayed code %s accepted", c0)
	}
	// Same code one window later, still inside the skew: still a replay.
	if _, ok := VerifyTOTP(secret, c0, t0.Add(30*time.Second), last); ok {
		t.Errorf("replayed code %s accepted in the next window", c0)
	}
	// The next window's code is fine.
	t1 := t0.Add(30 * time.Second)
	c1, _ := TOTPCode(secret, t1)
	next, ok := VerifyTOTP(secret, c1, t1, last)
	if !ok || next != last+1 {
		t.Errorf("next code: step %d, %v; want %d, true", next, ok, last+1)
	}
}

func TestNewTOTPSecret(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		s, err := NewTOTPSecret()
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != 32 || strings.ContainsAny(s, "= ") {
			t.Errorf("secret %q: want 32 base32 characters without padding", s)
		}
		key, err := base32NoPad.DecodeString(s)
		if err != nil || len(key) != 20 {
			t.Errorf("secret %q decodes to %d bytes (%v), want 20", s, len(key), err)
		}
		if seen[s] {
			t.Errorf("secret %q generated twice", s)
		}
		seen[s] = true
		now := time.Now()
		c, err := TOTPCode(s, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := VerifyTOTP(s, c, now, 0); !ok {
			t.Errorf("own code %s refused for secret %s", c, s)
		}
	}
}

func TestTOTPURI(t *testing.T) {
	tests := []struct {
		name, secret, account, issuer string
		wantLabel                     string
		wantRaw                       string
	}{
		{
			name: "issuer with a space", secret: "gezd gnbv gy3t qojq gezd gnbv gy3t qojq",
			account: "claire.martin@ac-toulouse.fr", issuer: "CEE Toulouse",
			wantLabel: "CEE Toulouse:claire.martin@ac-toulouse.fr",
			wantRaw:   "otpauth://totp/CEE%20Toulouse:claire.martin@ac-toulouse.fr?secret=" + rfcSecret + "&issuer=CEE%20Toulouse&algorithm=SHA1&digits=6&period=30",
		},
		{
			name: "colon in the issuer is escaped", secret: rfcSecret,
			account: "a@b.fr", issuer: "CEE:test",
			wantLabel: "CEE:test:a@b.fr",
			wantRaw:   "otpauth://totp/CEE%3Atest:a@b.fr?secret=" + rfcSecret + "&issuer=CEE%3Atest&algorithm=SHA1&digits=6&period=30",
		},
		{
			name: "no issuer", secret: rfcSecret, account: "a@b.fr",
			wantLabel: "a@b.fr",
			wantRaw:   "otpauth://totp/a@b.fr?secret=" + rfcSecret + "&algorithm=SHA1&digits=6&period=30",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := TOTPURI(tt.secret, tt.account, tt.issuer)
			if raw != tt.wantRaw {
				t.Errorf("TOTPURI =\n %s\nwant\n %s", raw, tt.wantRaw)
			}
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/"+tt.wantLabel {
				t.Errorf("parsed %q %q %q, want otpauth, totp, /%s", u.Scheme, u.Host, u.Path, tt.wantLabel)
			}
			q := u.Query()
			if q.Get("secret") != rfcSecret || q.Get("issuer") != tt.issuer || q.Get("algorithm") != "SHA1" ||
				q.Get("digits") != "6" || q.Get("period") != "30" {
				t.Errorf("query %v", q)
			}
		})
	}
}
