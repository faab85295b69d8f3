package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP settings. SHA-1, 6 digits and 30 seconds are the only values every
// authenticator app supports (several ignore the algorithm, digits and
// period parameters of the URI), so they are fixed rather than configurable.
// HMAC-SHA1 remains sound for HOTP: its security rests on HMAC, not on
// SHA-1's collision resistance.
const (
	totpDigits     = 6
	totpPeriod     = 30 // seconds
	totpSecretLen  = 20 // bytes, the 160 bits RFC 4226 §4 recommends
	totpMinKeyLen  = 16 // bytes, the 128 bits RFC 4226 §4 requires
	totpSkewSteps  = 1
	totpDigitsMod  = 1_000_000 // 10^totpDigits
	totpAlgorithm  = "SHA1"
	totpCodeFormat = "%06d"
)

// base32NoPad is the alphabet authenticator apps expect; padding is left
// out because several apps reject "=" in the secret.
var base32NoPad = base32.StdEncoding.WithPadding(base32.NoPadding)

var errTOTPSecret = errors.New("auth: secret TOTP illisible / unreadable TOTP secret")

// NewTOTPSecret returns a fresh random secret, base32 without padding, to
// store with the account and show once (as a QR code of TOTPURI).
func NewTOTPSecret() (string, error) {
	b := make([]byte, totpSecretLen)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: secret TOTP aléatoire / random TOTP secret: %w", err)
	}
	return base32NoPad.EncodeToString(b), nil
}

// normalizeTOTPSecret accepts a secret as users may retype it from the
// screen: lower case, spaces or dashes between groups, trailing padding.
func normalizeTOTPSecret(secret string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '=' {
			return -1
		}
		return r
	}, secret))
}

func decodeTOTPSecret(secret string) ([]byte, error) {
	key, err := base32NoPad.DecodeString(normalizeTOTPSecret(secret))
	if err != nil {
		return nil, errTOTPSecret
	}
	if len(key) < totpMinKeyLen {
		return nil, fmt.Errorf("%w: %d octets, %d au moins", errTOTPSecret, len(key), totpMinKeyLen)
	}
	return key, nil
}

// totpStep is the RFC 6238 counter: whole periods since the Unix epoch,
// for t at or after the epoch (division truncates towards zero).
func totpStep(t time.Time) int64 {
	return t.Unix() / totpPeriod
}

// hotp is RFC 4226 §5.3: HMAC-SHA1 of the counter, dynamic truncation,
// modulo 10^digits.
func hotp(key []byte, counter uint64) uint32 {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	offset := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[offset:offset+4]) & 0x7fffffff
	return bin % totpDigitsMod
}

// TOTPCode returns the 6-digit code of secret at time t.
func TOTPCode(secret string, t time.Time) (string, error) {
	key, err := decodeTOTPSecret(secret)
	if err != nil {
		return "", err
	}
	if t.Unix() < 0 {
		return "", errors.New("auth: date antérieure à 1970 / time before the Unix epoch")
	}
	return fmt.Sprintf(totpCodeFormat, hotp(key, uint64(totpStep(t)))), nil
}

// VerifyTOTP checks code against secret at time t, allowing one step of
// clock drift either way. A code is accepted only for a step after lastStep,
// the step returned by the previous successful verification (0 for none):
// the caller stores the returned step, so that a code seen over a shoulder
// or replayed from a log cannot be used a second time. Spaces in the code
// are ignored ("123 456" as some apps display it). Any malformed input
// simply fails.
func VerifyTOTP(secret, code string, t time.Time, lastStep int64) (step int64, ok bool) {
	key, err := decodeTOTPSecret(secret)
	if err != nil {
		return 0, false
	}
	code = strings.Join(strings.Fields(code), "")
	if len(code) != totpDigits {
		return 0, false
	}
	for _, c := range []byte(code) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	if t.Unix() < 0 {
		return 0, false
	}
	now := totpStep(t)
	// Every candidate is computed and compared, match or not, so that timing
	// does not tell which window matched. The current step wins over its
	// neighbours, and the earlier neighbour over the later one, so that an
	// accepted code burns as few future steps as possible.
	found := int64(-1)
	for _, s := range []int64{now, now - totpSkewSteps, now + totpSkewSteps} {
		if s < 0 {
			continue
		}
		want := fmt.Sprintf(totpCodeFormat, hotp(key, uint64(s)))
		match := subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1
		if match && s > lastStep && found < 0 {
			found = s
		}
	}
	if found < 0 {
		return 0, false
	}
	return found, true
}

// TOTPURI returns the otpauth:// URI that authenticator apps read from a QR
// code (Google's Key Uri Format): the label is "issuer:account", and the
// issuer is repeated as a parameter because newer apps read it there.
// Spaces are encoded as %20, not "+", which some apps show literally.
func TOTPURI(secret, account, issuer string) string {
	label := labelEscape(account)
	if issuer != "" {
		label = labelEscape(issuer) + ":" + label
	}
	q := []string{"secret=" + queryEscape(normalizeTOTPSecret(secret))}
	if issuer != "" {
		q = append(q, "issuer="+queryEscape(issuer))
	}
	q = append(q,
		"algorithm="+totpAlgorithm,
		fmt.Sprintf("digits=%d", totpDigits),
		fmt.Sprintf("period=%d", totpPeriod))
	return "otpauth://totp/" + label + "?" + strings.Join(q, "&")
}

// labelEscape escapes a label part; ":" separates issuer and account, so
// one inside either is escaped too (PathEscape leaves it as is).
func labelEscape(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
}

func queryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
