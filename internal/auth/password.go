// Package auth holds the authentication helpers of cee, with no database:
// password hashing (argon2id), TOTP second factor (RFC 6238), single-use
// tokens for magic links, a keyed rate limiter, and the OIDC client used for
// ProConnect. Stores keep only what these helpers return (PHC strings, token
// hashes, TOTP secrets and last steps); the web layer wires them together.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters for new hashes. They follow RFC 9106 §4's second
// recommended option (t=3, 64 MiB), which is stronger than every minimum of
// the OWASP Password Storage Cheat Sheet (e.g. m=19 MiB, t=2, p=1), with
// p=2 because production machines have two cores. One hash takes 64 MiB and
// about 140 ms on such a machine: acceptable for a login, costly for an
// offline attacker. Stored hashes carry their parameters, so raising these
// later only needs NeedsRehash at the next successful login.
const (
	argonMemory  uint32 = 64 * 1024 // KiB
	argonTime    uint32 = 3
	argonThreads uint8  = 2
	argonSaltLen        = 16
	argonKeyLen  uint32 = 32
)

// Bounds accepted when reading a stored hash: the parameters come from the
// database, and a corrupted or tampered row must not make one login
// allocate gigabytes or spin for minutes.
const (
	maxArgonMemory  = 1024 * 1024 // KiB, 1 GiB
	maxArgonTime    = 32
	minArgonSaltLen = 8
	minArgonKeyLen  = 16
	maxArgonKeyLen  = 128
)

// Password length limits, counted in characters (runes). ANSSI and NIST
// SP 800-63B ask for length, not composition rules; the upper bound only
// keeps form posts small, and 128 leaves room for pass phrases.
const (
	PasswordMinLen = 12
	PasswordMaxLen = 128
)

// Errors of ValidatePassword, in French since they are shown as is under the
// password field.
var (
	ErrPasswordTooShort = fmt.Errorf("le mot de passe doit comporter au moins %d caractères", PasswordMinLen)
	ErrPasswordTooLong  = fmt.Errorf("le mot de passe doit comporter au plus %d caractères", PasswordMaxLen)
	ErrPasswordBlank    = errors.New("le mot de passe ne peut pas être composé uniquement d'espaces")
	ErrPasswordEncoding = errors.New("le mot de passe contient des caractères invalides")
)

// errBadHash is wrapped by every parse error of a stored hash: it means the
// database holds something this package did not write.
var errBadHash = errors.New("auth: empreinte de mot de passe illisible / unreadable password hash")

// hashes bounds how many argon2 computations run at once, and how many
// callers may wait for one. Each hash takes 64 MiB: a burst of a few hundred
// login attempts would otherwise allocate gigabytes, while more parallel
// hashes than cores do not finish sooner. The waiting line is bounded too
// (issue 20, finding 2): a login that would wait behind more than
// hashWaitersPerSlot hashes per slot is refused at once (ErrBusy) rather
// than kept waiting, so that a burst of wrong passwords costs at most a few
// hash durations of delay and never piles up requests.
var hashes = newHashGate(max(2, runtime.NumCPU()), hashWaitersPerSlot*max(2, runtime.NumCPU()))

// hashWaitersPerSlot: with about 140 ms per hash, an admitted login waits
// at most about half a second for its turn.
const hashWaitersPerSlot = 4

// ErrBusy is returned by AcquireHashSlot when every hash slot is taken and
// the waiting line is full: the caller answers 429 and asks to retry.
var ErrBusy = errors.New("auth: trop de vérifications de mot de passe en attente / too many password checks waiting")

// HashCapacity is how many password checks may run or wait at once; one
// more is refused with ErrBusy.
func HashCapacity() int { return cap(hashes.admitted) }

// hashGate is a semaphore of slots with a bounded waiting line: admitted
// holds one token per caller running or waiting, slots one per caller
// running.
type hashGate struct {
	admitted chan struct{}
	slots    chan struct{}
}

func newHashGate(slots, waiters int) *hashGate {
	return &hashGate{admitted: make(chan struct{}, slots+waiters), slots: make(chan struct{}, slots)}
}

// acquire takes a slot. With wait false, a full waiting line is ErrBusy at
// once; with wait true the caller queues for admission as well (callers
// that are not exposed to anonymous bursts: a signed-in person setting a
// password, the command line, tests).
func (g *hashGate) acquire(ctx context.Context, wait bool) error {
	if wait {
		select {
		case g.admitted <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
	} else {
		select {
		case g.admitted <- struct{}{}:
		default:
			return ErrBusy
		}
	}
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		<-g.admitted
		return ctx.Err()
	}
}

func (g *hashGate) release() {
	<-g.slots
	<-g.admitted
}

// HashSlot is one held hash slot: the password checks of a login run in it,
// so that the caller takes the slot before it touches the database and
// holds no connection or transaction while it waits or hashes.
type HashSlot struct {
	gate *hashGate
	done bool
}

// AcquireHashSlot takes a hash slot for a login attempt, waiting behind at
// most the bounded line of other attempts; beyond it, ErrBusy at once.
// The caller must Release the slot.
func AcquireHashSlot(ctx context.Context) (*HashSlot, error) {
	return hashes.slot(ctx)
}

func (g *hashGate) slot(ctx context.Context) (*HashSlot, error) {
	if err := g.acquire(ctx, false); err != nil {
		return nil, err
	}
	return &HashSlot{gate: g}, nil
}

// Release gives the slot back; calling it again does nothing.
func (h *HashSlot) Release() {
	if !h.done {
		h.done = true
		h.gate.release()
	}
}

// CheckPassword is CheckPassword run in the held slot. An empty encoded (no
// account for the address, or no password set) is false after the same
// work as a real check, so that timing does not tell whether the address
// has an account or a password.
func (h *HashSlot) CheckPassword(encoded, pw string) (bool, error) {
	if h.done {
		panic("auth: HashSlot utilisé après Release / HashSlot used after Release")
	}
	if encoded == "" {
		checkPassword(dummyHash(), pw)
		return false, nil
	}
	return checkPassword(encoded, pw)
}

// dummyHash is checked when there is no real hash to compare with. It is
// computed on the first use, in the caller's slot, not at start-up: argon2id
// takes about 150 ms and 64 MiB.
var dummyHash = sync.OnceValue(func() string {
	h, err := hashPassword("mot de passe factice pour égaliser les durées")
	if err != nil {
		panic(err)
	}
	return h
})

// HashPassword is HashPassword run in the held slot (a rehash after a
// successful login).
func (h *HashSlot) HashPassword(pw string) (string, error) {
	if h.done {
		panic("auth: HashSlot utilisé après Release / HashSlot used after Release")
	}
	return hashPassword(pw)
}

// withSlot runs fn in a slot, waiting as long as needed.
func withSlot[T any](fn func() (T, error)) (T, error) {
	hashes.acquire(context.Background(), true)
	defer hashes.release()
	return fn()
}

// ValidatePassword checks a new password chosen by a user: length only, as
// ANSSI and NIST recommend, plus refusing a password made only of spaces
// (usually a paste mistake). The error is the French sentence to show.
func ValidatePassword(pw string) error {
	if !utf8.ValidString(pw) {
		return ErrPasswordEncoding
	}
	if strings.TrimSpace(pw) == "" {
		return ErrPasswordBlank
	}
	n := utf8.RuneCountInString(pw)
	if n < PasswordMinLen {
		return ErrPasswordTooShort
	}
	if n > PasswordMaxLen {
		return ErrPasswordTooLong
	}
	return nil
}

// argonParams is what a PHC string says about how its hash was computed.
type argonParams struct {
	memory  uint32
	time    uint32
	threads uint8
	salt    []byte
	key     []byte
}

// HashPassword returns the argon2id hash of pw as a PHC string,
// $argon2id$v=19$m=65536,t=3,p=2$<salt>$<key>, salt and key in unpadded
// standard base64 as the PHC format and the reference implementation write
// them, so that other tools can read our hashes.
// It waits for a hash slot as long as needed: logins use a HashSlot instead.
func HashPassword(pw string) (string, error) {
	return withSlot(func() (string, error) { return hashPassword(pw) })
}

func hashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: sel aléatoire / random salt: %w", err)
	}
	key := argonKey(pw, salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return encodePHC(argonParams{
		memory: argonMemory, time: argonTime, threads: argonThreads,
		salt: salt, key: key,
	}), nil
}

// CheckPassword tells whether pw matches the encoded hash, recomputing it
// with the parameters stored in the hash. A mismatch is (false, nil); an
// error means the stored hash itself is unreadable. It waits for a hash slot
// as long as needed: logins use a HashSlot instead.
func CheckPassword(encoded, pw string) (bool, error) {
	return withSlot(func() (bool, error) { return checkPassword(encoded, pw) })
}

func checkPassword(encoded, pw string) (bool, error) {
	p, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	key := argonKey(pw, p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	// Constant time, so that response times do not tell an attacker how many
	// leading bytes of a guess were right.
	return subtle.ConstantTimeCompare(key, p.key) == 1, nil
}

// NeedsRehash tells whether encoded was computed with other parameters than
// the current ones (or cannot be read): the caller then stores a fresh
// HashPassword of the password it has just checked.
func NeedsRehash(encoded string) bool {
	p, err := parsePHC(encoded)
	if err != nil {
		return true
	}
	return p.memory != argonMemory || p.time != argonTime || p.threads != argonThreads ||
		len(p.salt) != argonSaltLen || uint32(len(p.key)) != argonKeyLen
}

// argonKey runs in a hash slot held by its caller.
func argonKey(pw string, salt []byte, t, m uint32, p uint8, keyLen uint32) []byte {
	return argon2.IDKey([]byte(pw), salt, t, m, p, keyLen)
}

func encodePHC(p argonParams) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads,
		b64.EncodeToString(p.salt), b64.EncodeToString(p.key))
}

func parsePHC(encoded string) (argonParams, error) {
	var p argonParams
	// "$argon2id$v=19$m=…,t=…,p=…$salt$key" splits into 6 parts, the first empty.
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return p, fmt.Errorf("%w: format PHC attendu", errBadHash)
	}
	if parts[1] != "argon2id" {
		return p, fmt.Errorf("%w: algorithme %q non pris en charge", errBadHash, parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, fmt.Errorf("%w: version %q non prise en charge", errBadHash, parts[2])
	}
	seen := map[string]bool{}
	for field := range strings.SplitSeq(parts[3], ",") {
		name, value, ok := strings.Cut(field, "=")
		if !ok || seen[name] {
			return p, fmt.Errorf("%w: paramètre %q", errBadHash, field)
		}
		seen[name] = true
		n, err := strconv.ParseUint(value, 10, 32)
		if err != nil {
			return p, fmt.Errorf("%w: paramètre %q", errBadHash, field)
		}
		switch name {
		case "m":
			p.memory = uint32(n)
		case "t":
			p.time = uint32(n)
		case "p":
			if n > 255 {
				return p, fmt.Errorf("%w: paramètre %q", errBadHash, field)
			}
			p.threads = uint8(n)
		default:
			return p, fmt.Errorf("%w: paramètre %q inconnu", errBadHash, field)
		}
	}
	if !seen["m"] || !seen["t"] || !seen["p"] {
		return p, fmt.Errorf("%w: paramètres m, t et p attendus", errBadHash)
	}
	// argon2 requires m ≥ 8·p; the upper bounds protect the server (see above).
	if p.threads == 0 || p.time == 0 || p.time > maxArgonTime ||
		p.memory < 8*uint32(p.threads) || p.memory > maxArgonMemory {
		return p, fmt.Errorf("%w: paramètres hors bornes (m=%d, t=%d, p=%d)", errBadHash, p.memory, p.time, p.threads)
	}
	var err error
	if p.salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil || len(p.salt) < minArgonSaltLen {
		return p, fmt.Errorf("%w: sel", errBadHash)
	}
	if p.key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil ||
		len(p.key) < minArgonKeyLen || len(p.key) > maxArgonKeyLen {
		return p, fmt.Errorf("%w: empreinte", errBadHash)
	}
	return p, nil
}
