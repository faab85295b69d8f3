package auth

import (
	"net/url"
	"regexp"
	"testing"
)

func TestNewToken(t *testing.T) {
	urlSafe := regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`) // 32 bytes, base64url, no padding
	hexSHA256 := regexp.MustCompile(`^[0-9a-f]{64}$`)
	seenRaw, seenHash := map[string]bool{}, map[string]bool{}
	for range 1000 {
		raw, hash, err := NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if !urlSafe.MatchString(raw) {
			t.Fatalf("raw token %q is not 43 base64url characters", raw)
		}
		if url.QueryEscape(raw) != raw || url.PathEscape(raw) != raw {
			t.Fatalf("raw token %q needs escaping in a URL", raw)
		}
		if !hexSHA256.MatchString(hash) {
			t.Fatalf("hash %q is not a hex SHA-256", hash)
		}
		if hash != HashToken(raw) {
			t.Fatalf("NewToken hash %q != HashToken(raw) %q", hash, HashToken(raw))
		}
		if seenRaw[raw] || seenHash[hash] {
			t.Fatalf("token %q generated twice", raw)
		}
		seenRaw[raw], seenHash[hash] = true, true
	}
}

func TestHashToken(t *testing.T) {
	tests := []struct{ raw, want string }{
		// sha256sum of the bytes, independent of this package.
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		if got := HashToken(tt.raw); got != tt.want {
			t.Errorf("HashToken(%q) = %s, want %s", tt.raw, got, tt.want)
		}
	}
	if HashToken("abc") == HashToken("abd") {
		t.Error("different tokens, same hash")
	}
}
