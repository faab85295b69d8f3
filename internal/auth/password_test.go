package auth

import (
	"context"
	"errors"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Reference hashes written by the argon2 reference implementation's command
// line tool (Debian package argon2, 0~20171227), e.g.
//
//	echo -n "correct horse battery staple" | argon2 cee-salt-16bytes -id -t 2 -m 16 -p 1 -l 32
//
// They check that our PHC strings are the standard ones and that
// CheckPassword uses the parameters written in the string, not ours.
var referenceHashes = []struct{ pw, encoded string }{
	{"correct horse battery staple", "$argon2id$v=19$m=65536,t=2,p=1$Y2VlLXNhbHQtMTZieXRlcw$fdIjE049O/etzpihOMw5T7mTr4sce1GEMR0igbg1tnU"},
	{"Mot de passe très long", "$argon2id$v=19$m=19456,t=3,p=1$c2VsLWRlLXRlc3QtMDEyMw$pBTPG922jrsEd678RBh7BYOsGye/iwKYCZtRfRTGTTQ"},
}

func TestHashPasswordFormat(t *testing.T) {
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=65536,t=3,p=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	a, err := HashPassword("un mot de passe assez long")
	if err != nil {
		t.Fatal(err)
	}
	if !phc.MatchString(a) {
		t.Errorf("HashPassword = %q, want a PHC string with m=65536,t=3,p=2, 16-byte salt, 32-byte key", a)
	}
	b, err := HashPassword("un mot de passe assez long")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Errorf("two hashes of the same password are equal (%q): the salt is not random", a)
	}
	if NeedsRehash(a) {
		t.Errorf("NeedsRehash(fresh hash) = true")
	}
}

func TestCheckPassword(t *testing.T) {
	const pw = "Pâquerette du 12 mai"
	encoded, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		encoded  string
		pw       string
		want     bool
		rehashed bool
	}{
		{"own hash, right password", encoded, pw, true, false},
		{"own hash, wrong password", encoded, "Pâquerette du 12 mai ", false, false},
		{"own hash, other case", encoded, strings.ToUpper(pw), false, false},
		{"own hash, empty password", encoded, "", false, false},
		{"reference 1, right", referenceHashes[0].encoded, referenceHashes[0].pw, true, true},
		{"reference 1, wrong", referenceHashes[0].encoded, "correct horse battery stapl", false, true},
		{"reference 2, right", referenceHashes[1].encoded, referenceHashes[1].pw, true, true},
		// Same salt and key, another t: proves t is read from the string.
		{"reference 2, t changed", strings.Replace(referenceHashes[1].encoded, "t=3", "t=2", 1), referenceHashes[1].pw, false, true},
		// Same salt and key, another m: proves m is read from the string.
		{"reference 2, m changed", strings.Replace(referenceHashes[1].encoded, "m=19456", "m=19457", 1), referenceHashes[1].pw, false, true},
		// Parameter order is free in PHC strings.
		{"reference 2, reordered", strings.Replace(referenceHashes[1].encoded, "m=19456,t=3,p=1", "p=1,t=3,m=19456", 1), referenceHashes[1].pw, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckPassword(tt.encoded, tt.pw)
			if err != nil {
				t.Fatalf("CheckPassword: %v", err)
			}
			if got != tt.want {
				t.Errorf("CheckPassword = %v, want %v", got, tt.want)
			}
			if r := NeedsRehash(tt.encoded); r != tt.rehashed {
				t.Errorf("NeedsRehash = %v, want %v", r, tt.rehashed)
			}
		})
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	const salt, key = "c2VsLWRlLXRlc3QtMDEyMw", "pBTPG922jrsEd678RBh7BYOsGye/iwKYCZtRfRTGTTQ"
	tests := []struct{ name, encoded string }{
		{"empty", ""},
		{"plain text", "motdepasse"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=19456,t=3,p=1$" + salt + "$" + key},
		{"version 16", "$argon2id$v=16$m=19456,t=3,p=1$" + salt + "$" + key},
		{"no version", "$argon2id$m=19456,t=3,p=1$" + salt + "$" + key},
		{"missing p", "$argon2id$v=19$m=19456,t=3$" + salt + "$" + key},
		{"duplicate m", "$argon2id$v=19$m=19456,m=8,t=3,p=1$" + salt + "$" + key},
		{"unknown parameter", "$argon2id$v=19$m=19456,t=3,p=1,x=2$" + salt + "$" + key},
		{"negative m", "$argon2id$v=19$m=-1,t=3,p=1$" + salt + "$" + key},
		{"m too large", "$argon2id$v=19$m=4294967295,t=3,p=1$" + salt + "$" + key},
		{"m below 8p", "$argon2id$v=19$m=15,t=1,p=2$" + salt + "$" + key},
		{"t zero", "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + key},
		{"t too large", "$argon2id$v=19$m=19456,t=1000000,p=1$" + salt + "$" + key},
		{"p zero", "$argon2id$v=19$m=19456,t=3,p=0$" + salt + "$" + key},
		{"p too large", "$argon2id$v=19$m=19456,t=3,p=256$" + salt + "$" + key},
		{"salt not base64", "$argon2id$v=19$m=19456,t=3,p=1$!!!!$" + key},
		{"salt too short", "$argon2id$v=19$m=19456,t=3,p=1$c2Vs$" + key},
		{"padded salt", "$argon2id$v=19$m=19456,t=3,p=1$" + salt + "==$" + key},
		{"key too short", "$argon2id$v=19$m=19456,t=3,p=1$" + salt + "$cEJUUEc5MjI"},
		{"missing key", "$argon2id$v=19$m=19456,t=3,p=1$" + salt},
		{"extra field", "$argon2id$v=19$m=19456,t=3,p=1$" + salt + "$" + key + "$x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := CheckPassword(tt.encoded, "Mot de passe très long")
			if ok || !errors.Is(err, errBadHash) {
				t.Errorf("CheckPassword(%q) = %v, %v; want false and an errBadHash error", tt.encoded, ok, err)
			}
			if !NeedsRehash(tt.encoded) {
				t.Errorf("NeedsRehash(%q) = false, want true", tt.encoded)
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		want error
	}{
		{"empty", "", ErrPasswordBlank},
		{"spaces only", strings.Repeat(" ", 20), ErrPasswordBlank},
		{"tabs and newlines only", "\t\t\t\n\n\n      ", ErrPasswordBlank},
		{"11 characters", "abcdefghijk", ErrPasswordTooShort},
		{"12 characters", "abcdefghijkl", nil},
		// Counted in characters, not bytes: 11 accented letters are 22 bytes.
		{"11 accented characters", strings.Repeat("é", 11), ErrPasswordTooShort},
		{"12 accented characters", strings.Repeat("é", 12), nil},
		{"no composition rule", "toutenminuscules", nil},
		{"spaces inside are fine", "le chat dort au soleil", nil},
		{"128 characters", strings.Repeat("a", 128), nil},
		{"129 characters", strings.Repeat("a", 129), ErrPasswordTooLong},
		{"128 multibyte characters", strings.Repeat("€", 128), nil},
		{"invalid UTF-8", "abcdefghijkl\xff", ErrPasswordEncoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidatePassword(tt.pw); !errors.Is(err, tt.want) {
				t.Errorf("ValidatePassword(%q) = %v, want %v", tt.pw, err, tt.want)
			}
		})
	}
	// The messages are shown to users: they must be French.
	for _, err := range []error{ErrPasswordTooShort, ErrPasswordTooLong, ErrPasswordBlank} {
		if !strings.HasPrefix(err.Error(), "le mot de passe") {
			t.Errorf("message %q is not the French sentence expected", err)
		}
	}
	if !strings.Contains(ErrPasswordTooShort.Error(), "12") || !strings.Contains(ErrPasswordTooLong.Error(), "128") {
		t.Errorf("messages do not state the limits: %q, %q", ErrPasswordTooShort, ErrPasswordTooLong)
	}
}

func TestNeedsRehash(t *testing.T) {
	salt16 := "c2VsLWRlLXRlc3QtMDEyMw"                      // 16 bytes
	salt32 := "c2VsLWRlLXRlc3QtMDEyM3NlbC1kZS10ZXN0LTAxMjM" // 32 bytes
	key32 := "pBTPG922jrsEd678RBh7BYOsGye/iwKYCZtRfRTGTTQ"  // 32 bytes
	key16 := "pBTPG922jrsEd678RBh7BQ"                       // 16 bytes
	phc := func(params, salt, key string) string { return "$argon2id$v=19$" + params + "$" + salt + "$" + key }
	tests := []struct {
		name    string
		encoded string
		want    bool
	}{
		{"current parameters", phc("m=65536,t=3,p=2", salt16, key32), false},
		{"current, reordered", phc("t=3,p=2,m=65536", salt16, key32), false},
		{"less memory", phc("m=19456,t=3,p=2", salt16, key32), true},
		{"more memory", phc("m=131072,t=3,p=2", salt16, key32), true},
		{"fewer passes", phc("m=65536,t=2,p=2", salt16, key32), true},
		{"more passes", phc("m=65536,t=4,p=2", salt16, key32), true},
		{"one lane", phc("m=65536,t=3,p=1", salt16, key32), true},
		{"longer salt", phc("m=65536,t=3,p=2", salt32, key32), true},
		{"shorter key", phc("m=65536,t=3,p=2", salt16, key16), true},
		{"unreadable", "$argon2id$v=19$m=65536,t=3,p=2", true},
	}
	for _, tt := range tests {
		if got := NeedsRehash(tt.encoded); got != tt.want {
			t.Errorf("%s: NeedsRehash(%q) = %v, want %v", tt.name, tt.encoded, got, tt.want)
		}
	}
}

// The hash gate runs at most its slots at once, lets a bounded line wait,
// and refuses at once beyond it (issue 20, finding 2).
func TestHashGateBoundsTheLine(t *testing.T) {
	g := newHashGate(1, 1)
	ctx := context.Background()
	first, err := g.slot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		s, err := g.slot(ctx)
		if err == nil {
			s.Release()
		}
		got <- err
	}()
	// The second caller is admitted and waits for the slot.
	deadline := time.Now().Add(10 * time.Second)
	for len(g.admitted) < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the second caller was never admitted")
		}
		runtime.Gosched()
	}
	if _, err := g.slot(ctx); !errors.Is(err, ErrBusy) {
		t.Fatalf("third caller with a full line: %v, ErrBusy expected", err)
	}
	select {
	case err := <-got:
		t.Fatalf("the waiting caller ran while the slot was held: %v", err)
	default:
	}
	first.Release()
	first.Release() // a second Release does nothing
	if err := <-got; err != nil {
		t.Fatalf("the waiting caller after the release: %v", err)
	}
	if len(g.admitted) != 0 || len(g.slots) != 0 {
		t.Fatalf("tokens left: %d admitted, %d slots", len(g.admitted), len(g.slots))
	}

	// A caller giving up while it waits leaves the line.
	held, _ := g.slot(ctx)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := g.slot(cctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled waiter: %v", err)
	}
	held.Release()
	if len(g.admitted) != 0 {
		t.Fatalf("a cancelled waiter kept its place: %d admitted", len(g.admitted))
	}
}

// A slot checks and hashes like the package functions.
func TestHashSlot(t *testing.T) {
	s, err := AcquireHashSlot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Release()
	h, err := s.HashPassword("une phrase de passe assez longue")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := s.CheckPassword(h, "une phrase de passe assez longue"); !ok || err != nil {
		t.Errorf("right password: %v %v", ok, err)
	}
	if ok, _ := s.CheckPassword(h, "une autre phrase de passe"); ok {
		t.Error("wrong password accepted")
	}
}
