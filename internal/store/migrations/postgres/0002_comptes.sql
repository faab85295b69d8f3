-- Accounts, roles with their scope, server-side sessions, single-use tokens
-- (magic links, invitations, OIDC states) and the audit log.

CREATE TABLE comptes (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    nom             TEXT NOT NULL DEFAULT '',
    statut          TEXT NOT NULL DEFAULT 'invite' CHECK (statut IN ('invite', 'actif', 'suspendu')),
    password_hash   TEXT NOT NULL DEFAULT '',
    totp_secret     TEXT NOT NULL DEFAULT '',
    totp_actif      BOOLEAN NOT NULL DEFAULT FALSE,
    totp_step       BIGINT NOT NULL DEFAULT 0,
    derniere_connexion TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE habilitations (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    compte_id  BIGINT NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    academie   TEXT NOT NULL DEFAULT '',
    ref        TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (compte_id, role, academie, ref)
);
CREATE INDEX habilitations_scope ON habilitations (academie, role);
CREATE INDEX habilitations_ref ON habilitations (role, ref);

CREATE TABLE sessions (
    id_hash         TEXT PRIMARY KEY,
    compte_id       BIGINT NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    habilitation_id BIGINT REFERENCES habilitations (id) ON DELETE SET NULL,
    mfa_pending     BOOLEAN NOT NULL DEFAULT FALSE,
    methode         TEXT NOT NULL,
    ip              TEXT NOT NULL DEFAULT '',
    user_agent      TEXT NOT NULL DEFAULT '',
    id_token        TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    last_seen_at    TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_compte ON sessions (compte_id);

CREATE TABLE jetons (
    hash       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    compte_id  BIGINT REFERENCES comptes (id) ON DELETE CASCADE,
    payload    TEXT NOT NULL DEFAULT '{}',
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE journal (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    compte_id  BIGINT,
    email      TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL DEFAULT '',
    ip         TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    objet_type TEXT NOT NULL DEFAULT '',
    objet_id   TEXT NOT NULL DEFAULT '',
    academie   TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX journal_academie ON journal (academie, at);
