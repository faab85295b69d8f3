package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// tokenBytes is 256 bits: far beyond guessing, even with many live tokens.
const tokenBytes = 32

// NewToken returns a random single-use token (magic link, password reset,
// invitation). raw goes into the URL and is never stored: base64url without
// padding so it needs no escaping. hash, the hex SHA-256 of raw, is what the
// database keeps, so that a leaked database or backup gives no usable link.
// A plain hash (no salt, no argon2) is enough because raw is 256 random bits,
// not a human-chosen secret.
func NewToken() (raw string, hash string, err error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("auth: jeton aléatoire / random token: %w", err)
	}
	raw = base64.RawURLEncoding.EncodeToString(b)
	return raw, HashToken(raw), nil
}

// HashToken returns the stored form of a raw token, to look it up when the
// link is opened. Lookups by this hash in an indexed column do not leak
// timing about the raw token, since an attacker cannot steer the hash.
func HashToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}
