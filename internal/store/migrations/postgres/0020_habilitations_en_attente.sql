-- Roles offered to an existing account of another académie: held here until
-- the account holder accepts them with the invitation link (issue 20), and
-- never read by a scope or a login until then.
CREATE TABLE habilitations_en_attente (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    compte_id   BIGINT NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    academie    TEXT NOT NULL DEFAULT '',
    ref         TEXT NOT NULL DEFAULT '',
    inviteur_id BIGINT REFERENCES comptes (id) ON DELETE SET NULL,
    jeton_hash  TEXT NOT NULL REFERENCES jetons (hash) ON DELETE CASCADE,
    expires_at  TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX habilitations_en_attente_academie ON habilitations_en_attente (academie);
CREATE INDEX habilitations_en_attente_jeton ON habilitations_en_attente (jeton_hash);
CREATE INDEX habilitations_en_attente_compte ON habilitations_en_attente (compte_id);
