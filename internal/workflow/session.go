package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"cee/internal/auth"
	"cee/internal/model"
	"cee/internal/policy"
	"cee/internal/store"
)

// The login path: every way of opening a session (link, invitation,
// password, second factor, ProConnect, demonstration), and closing one. The
// web handlers parse the request, call these functions and set the cookie
// they return; the session row, the journal lines and the account changes
// are written here, each login in one transaction.

// ErrIdentifiants: the address, the password or the account does not allow
// this login (unknown address, wrong or no password, suspended account, or
// the password changed while it was checked). The login page says so
// without telling which, so that nobody learns who is registered.
var ErrIdentifiants = errors.New("identifiants incorrects")

// ErrCodeTOTP: the second-factor code is wrong or was already used.
var ErrCodeTOTP = errors.New("code du second facteur incorrect ou déjà utilisé")

// ErrAgentInconnu: ProConnect authenticated an agent who has no account
// that may log in (none, or suspended). The failure is in the journal.
var ErrAgentInconnu = errors.New("aucun compte pour cet agent")

// ReglesSession are the installation's session rules.
type ReglesSession struct {
	Max       time.Duration // absolute lifetime of a session (CEE_SESSION_MAX)
	RolesTOTP []string      // roles that need a second factor (CEE_TOTP_ROLES)
}

// Navigateur is what the login path knows of the browser that signs in or
// out.
type Navigateur struct {
	IP        string
	UserAgent string
	// Ancienne is the hash of the session id the browser brought ("" for
	// none): a new session replaces it, so that a session id is never one
	// the browser chose (no fixation).
	Ancienne string
	// Courant is the person signed in with that session, if any: a journal
	// line about the same account names their active role and académie.
	Courant model.Principal
	// Now is the time of the request (the session's expiry counts from it).
	Now time.Time
}

// acteur is the actor of the journal lines written about account c.
func (n Navigateur) acteur(c model.Compte) Actor {
	a := Actor{Compte: c, IP: n.IP}
	if n.Courant.CompteID == c.ID {
		a.P = n.Courant
	}
	return a
}

// Connexion is an opened session: Session is its raw id, for the cookie
// only (the database keeps its hash). After a link or a password, Retour is
// where the person was going (as the link or the form kept it: the web
// layer checks it is a path of the site), and SecondFacteur tells that the
// session waits for the second factor before that.
type Connexion struct {
	Session       string
	Retour        string
	SecondFacteur bool
}

// longueurUserAgent bounds the user agent kept with a session, in
// characters (it is shown on the account page): a header can be of any
// length.
const longueurUserAgent = 300

// ouvrirSession opens a new session for account c in tx, with a fresh
// random id, and ends the session the browser had. A session waiting for
// the second factor (mfaPending) is not yet a login: the login, its journal
// line and the account's last-login date come with the full session.
func ouvrirSession(ctx context.Context, tx *store.Store, r ReglesSession, n Navigateur, c model.Compte, methode string, mfaPending bool, idToken string) (string, error) {
	if n.Ancienne != "" {
		if err := tx.DeleteSession(ctx, n.Ancienne); err != nil {
			return "", err
		}
	}
	raw, hash, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	se := store.Session{IDHash: hash, CompteID: c.ID, MFAPending: mfaPending, Methode: methode, IP: n.IP,
		UserAgent: model.Couper(n.UserAgent, longueurUserAgent), IDToken: idToken, ExpiresAt: n.Now.Add(r.Max)}
	if len(c.Habilitations) > 0 {
		se.HabilitationID = c.Habilitations[0].ID
	}
	if err := tx.CreateSession(ctx, se); err != nil {
		return "", err
	}
	if !mfaPending {
		if err := tx.MarkLogin(ctx, c.ID); err != nil {
			return "", err
		}
		if err := journaliser(ctx, tx, n.acteur(c), store.AuditConnexion, "compte", c.ID, "", methode); err != nil {
			return "", err
		}
	}
	return raw, nil
}

// connecter opens the session after a password or a link: a full one, or
// one waiting for the second factor when the account's roles need it
// (policy.ExigeSecondFacteur); retour is where the person was going.
func connecter(ctx context.Context, tx *store.Store, r ReglesSession, n Navigateur, c model.Compte, methode, retour string) (Connexion, error) {
	pending := policy.ExigeSecondFacteur(c, r.RolesTOTP)
	raw, err := ouvrirSession(ctx, tx, r, n, c, methode, pending, "")
	return Connexion{Session: raw, Retour: retour, SecondFacteur: pending}, err
}

// SessionActive returns the live session of hash idHash and its account,
// as of now: store.ErrNotFound when there is none, it expired (idle for
// longer than idle, or past its lifetime), or its account is suspended (the
// session is then deleted). The last-seen time is written at most once a
// minute: writing on every request would make each page a write, and a
// minute of precision is plenty for a 30-minute idle timeout.
func SessionActive(ctx context.Context, s *store.Store, idHash string, now time.Time, idle time.Duration) (store.Session, model.Compte, error) {
	se, err := s.GetSession(ctx, idHash, now, now.Add(-idle))
	if err != nil {
		return se, model.Compte{}, err
	}
	c, err := s.GetCompte(ctx, se.CompteID)
	if err != nil {
		return se, c, err
	}
	if c.Statut == model.CompteSuspendu {
		if err := s.DeleteSession(ctx, idHash); err != nil {
			return se, c, err
		}
		return se, c, store.ErrNotFound
	}
	if now.Sub(se.LastSeenAt) > time.Minute {
		if err := s.TouchSession(ctx, idHash, now); err != nil {
			return se, c, err
		}
	}
	return se, c, nil
}

// ConnexionParJeton uses a single-use link of kind store.JetonLien or
// store.JetonInvitation (hash of the token in the link) and opens the
// session of its account; an invitation's account becomes active there, and
// accepts the roles offered with it. store.ErrJetonInvalide when the link
// is unknown, used, expired or its account suspended.
func ConnexionParJeton(ctx context.Context, s *store.Store, r ReglesSession, n Navigateur, hash, kind string) (Connexion, error) {
	var out Connexion
	err := s.InTx(ctx, func(tx *store.Store) error {
		j, err := tx.ConsumeJeton(ctx, hash, kind, n.Now)
		if err != nil {
			return err
		}
		var p struct{ Retour string }
		json.Unmarshal(j.Payload, &p) // a link without a return address goes home
		c, err := tx.GetCompte(ctx, j.CompteID)
		if err != nil {
			return err
		}
		if c.Statut == model.CompteSuspendu {
			return store.ErrJetonInvalide
		}
		if kind == store.JetonInvitation {
			if c, err = accepterRoles(ctx, tx, n, c, j.Hash); err != nil {
				return err
			}
		}
		out, err = connecter(ctx, tx, r, n, c, kind, p.Retour)
		return err
	})
	return out, err
}

// accepterRoles grants account c the roles offered with invitation token
// hash (an account of another académie accepts them by opening the link:
// issue 20), journals each acceptance in the role's académie, and returns
// the account with its new roles.
func accepterRoles(ctx context.Context, tx *store.Store, n Navigateur, c model.Compte, hash string) (model.Compte, error) {
	hs, err := tx.AccepterHabilitationsEnAttente(ctx, hash, c.ID)
	if err != nil || len(hs) == 0 {
		return c, err
	}
	for _, h := range hs {
		if err := journaliser(ctx, tx, n.acteur(c), store.AuditAcceptation, "compte", c.ID, h.Academie, c.Email+" : "+LibelleHabilitation(h)); err != nil {
			return c, err
		}
	}
	return tx.GetCompte(ctx, c.ID)
}

// ConnexionParMotDePasse checks the password pw of the account of email
// (normalised) and opens its session (issue 20, finding 2). The hash slot
// is taken first, before any database access: a burst of attempts waits in
// a bounded line holding no connection, and beyond the line is refused at
// once (auth.ErrBusy). The account is read without a transaction, the hash
// computed outside any, and only the outcome is written in a short
// transaction: the failed-login journal line (ErrIdentifiants), or the
// session, with the password rehashed when the hashing parameters changed
// (auth.NeedsRehash). retour is where to go after the login.
func ConnexionParMotDePasse(ctx context.Context, s *store.Store, r ReglesSession, n Navigateur, email, pw, retour string) (Connexion, error) {
	c, ok, rehash, err := verifierMotDePasse(ctx, s, email, pw)
	if err != nil {
		return Connexion{}, err
	}
	if !ok {
		if c.ID != 0 {
			// Committed on its own: the journal keeps every failure.
			if err := s.Audit(ctx, store.Entree{CompteID: c.ID, Email: c.Email, IP: n.IP, Action: store.AuditEchecConnexion,
				ObjetType: "compte", ObjetID: strconv.FormatInt(c.ID, 10), Detail: "mot de passe"}); err != nil {
				return Connexion{}, err
			}
		}
		return Connexion{}, ErrIdentifiants
	}
	var out Connexion
	err = s.InTx(ctx, func(tx *store.Store) error {
		// The account may have changed while the hash was computed.
		now, err := tx.GetCompte(ctx, c.ID)
		if err != nil {
			return err
		}
		if now.PasswordHash != c.PasswordHash || now.Statut == model.CompteSuspendu {
			return ErrIdentifiants
		}
		if rehash != "" {
			if err := tx.RehashPassword(ctx, c.ID, c.PasswordHash, rehash); err != nil {
				return err
			}
		}
		out, err = connecter(ctx, tx, r, n, now, "mot de passe", retour)
		return err
	})
	return out, err
}

// verifierMotDePasse checks pw for the account of email in a hash slot,
// holding no database connection while it waits or hashes. ok is false for
// an unknown address (c is then zero), a wrong password, no password, or a
// suspended account; all cost one hash. rehash is the password hashed with
// the current parameters when the stored hash has older ones, to store at
// this successful login.
func verifierMotDePasse(ctx context.Context, s *store.Store, email, pw string) (c model.Compte, ok bool, rehash string, err error) {
	slot, err := auth.AcquireHashSlot(ctx)
	if err != nil {
		return c, false, "", err
	}
	defer slot.Release()
	c, err = s.GetCompteByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		c, err = model.Compte{}, nil
	}
	if err != nil {
		return c, false, "", err
	}
	if ok, err = slot.CheckPassword(c.PasswordHash, pw); err != nil {
		return c, false, "", err
	}
	if !ok || c.Statut == model.CompteSuspendu {
		return c, false, "", nil
	}
	if auth.NeedsRehash(c.PasswordHash) {
		if rehash, err = slot.HashPassword(pw); err != nil {
			return c, false, "", err
		}
	}
	return c, true, rehash, nil
}

// SecretTOTP returns the second-factor secret of account c, which has none
// active yet: the one already drawn, or a new one, stored (not active until
// a code proves the person's application has it).
func SecretTOTP(ctx context.Context, s *store.Store, c model.Compte) (string, error) {
	if c.TOTPSecret != "" {
		return c.TOTPSecret, nil
	}
	secret, err := auth.NewTOTPSecret()
	if err != nil {
		return "", err
	}
	if err := s.SetTOTP(ctx, c.ID, secret, false, 0); err != nil {
		return "", err
	}
	return secret, nil
}

// VerifierTOTP checks the second-factor code of the person of a session
// waiting for it (a = that person, methode = the session's first method),
// then replaces the waiting session (n.Ancienne) by a full one with a new
// id. The first good code activates the second factor. A code's time step
// is used once (ErrCodeTOTP for a reused or wrong code).
func VerifierTOTP(ctx context.Context, s *store.Store, r ReglesSession, n Navigateur, a Actor, methode, code string) (Connexion, error) {
	c := a.Compte
	step, ok := auth.VerifyTOTP(c.TOTPSecret, code, n.Now, c.TOTPStep)
	var out Connexion
	err := s.InTx(ctx, func(tx *store.Store) error {
		if ok {
			var err error
			if ok, err = tx.UseTOTPStep(ctx, c.ID, step); err != nil {
				return err
			}
		}
		if !ok {
			return ErrCodeTOTP
		}
		if !c.TOTPActif {
			if err := tx.SetTOTP(ctx, c.ID, c.TOTPSecret, true, step); err != nil {
				return err
			}
			if err := journaliser(ctx, tx, a, store.AuditSecurite, "compte", c.ID, "", "second facteur activé"); err != nil {
				return err
			}
		}
		raw, err := ouvrirSession(ctx, tx, r, n, c, methode+" + TOTP", false, "")
		out.Session = raw
		return err
	})
	return out, err
}

// FermerSession ends the session of hash idHash of the actor (logout), with
// its journal line.
func FermerSession(ctx context.Context, s *store.Store, a Actor, idHash string) error {
	return s.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteSession(ctx, idHash); err != nil {
			return err
		}
		return journaliser(ctx, tx, a, store.AuditDeconnexion, "compte", a.Compte.ID, "", "")
	})
}

// EtatOIDC is kept server-side, as a single-use token named by the state
// value, between the redirect to ProConnect and its callback.
type EtatOIDC struct {
	Nonce, Verifier, Retour string
}

// dureeEtatOIDC is how long a person has to log in at ProConnect.
const dureeEtatOIDC = 10 * time.Minute

// CommencerOIDC keeps the state of a ProConnect login (state is the value
// sent to the provider) until its callback.
func CommencerOIDC(ctx context.Context, s *store.Store, state string, e EtatOIDC, now time.Time) error {
	payload, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return s.CreateJeton(ctx, store.Jeton{Hash: auth.HashToken(state), Kind: store.JetonOIDC, Payload: payload, ExpiresAt: now.Add(dureeEtatOIDC)})
}

// ReprendreOIDC uses up the state of a ProConnect login at its callback:
// store.ErrJetonInvalide when it is unknown, used or expired.
func ReprendreOIDC(ctx context.Context, s *store.Store, state string, now time.Time) (EtatOIDC, error) {
	var e EtatOIDC
	j, err := s.ConsumeJeton(ctx, auth.HashToken(state), store.JetonOIDC, now)
	if err != nil {
		return e, err
	}
	err = json.Unmarshal(j.Payload, &e)
	return e, err
}

// AgentProConnect is the agent ProConnect authenticated: their address
// (normalised), name, and the school and function the identity states, if
// any; IDToken is kept for the provider's logout.
type AgentProConnect struct {
	Email, Nom    string
	UAI, Fonction string
	IDToken       string
}

// ConnexionProConnect opens the session of the invited or active account of
// the agent ProConnect authenticated. The identity federation has
// authenticated the agent strongly: no second factor here. An agent whose
// identity names a school and a function the school's académie lets
// onboard (RattacherAgent) gets the school's role, their account created
// if needed, or waits for the pilote's approval (ErrRattachementEnAttente).
// Any other agent without an account that may log in gets ErrAgentInconnu,
// and the journal keeps the failure.
func ConnexionProConnect(ctx context.Context, s *store.Store, r ReglesSession, n Navigateur, ag AgentProConnect) (Connexion, error) {
	var out Connexion
	var refus error
	err := s.InTx(ctx, func(tx *store.Store) error {
		c, err := tx.GetCompteByEmail(ctx, ag.Email)
		if err == nil && c.Statut == model.CompteSuspendu {
			refus = ErrAgentInconnu
			return tx.Audit(ctx, store.Entree{Email: ag.Email, IP: n.IP, Action: store.AuditEchecConnexion, Detail: "ProConnect : compte suspendu"})
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		c, err = rattacherAgent(ctx, tx, n, c, ag)
		if errors.Is(err, ErrRattachementEnAttente) && len(c.Habilitations) > 0 {
			err = nil // an account with other roles logs in meanwhile
		}
		if errors.Is(err, ErrAgentInconnu) || errors.Is(err, ErrRattachementEnAttente) {
			refus = err
			if errors.Is(err, ErrRattachementEnAttente) {
				return nil
			}
			return tx.Audit(ctx, store.Entree{Email: ag.Email, IP: n.IP, Action: store.AuditEchecConnexion, Detail: "ProConnect : aucun compte"})
		}
		if err != nil {
			return err
		}
		out.Session, err = ouvrirSession(ctx, tx, r, n, c, "ProConnect", false, ag.IDToken)
		return err
	})
	if err == nil && refus != nil {
		return Connexion{}, refus
	}
	return out, err
}

// ConnexionDemo opens a session as any account, without a password: the
// demonstration's one-click login (only with --demo or --dev, which the
// caller checks).
func ConnexionDemo(ctx context.Context, s *store.Store, r ReglesSession, n Navigateur, compteID int64) (Connexion, error) {
	var out Connexion
	err := s.InTx(ctx, func(tx *store.Store) error {
		c, err := tx.GetCompte(ctx, compteID)
		if err != nil {
			return err
		}
		out.Session, err = ouvrirSession(ctx, tx, r, n, c, "démonstration", false, "")
		return err
	})
	return out, err
}
