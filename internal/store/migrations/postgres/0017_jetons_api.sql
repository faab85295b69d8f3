-- API tokens: created by an account for itself, carrying one of its
-- habilitations (possibly narrowed to reading). Only the SHA-256 of the
-- secret is kept. Removing the habilitation removes its tokens.
CREATE TABLE jetons_api (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    compte_id        BIGINT NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    habilitation_id  BIGINT NOT NULL REFERENCES habilitations (id) ON DELETE CASCADE,
    nom              TEXT NOT NULL,
    hash             TEXT NOT NULL UNIQUE,
    lecture_seule    BOOLEAN NOT NULL DEFAULT FALSE,
    expires_at       TIMESTAMPTZ NOT NULL,
    revoque_le       TIMESTAMPTZ,
    dernier_usage    TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX jetons_api_compte ON jetons_api (compte_id, created_at);

-- The version of a request, raised by every change: the API's ETag, so that
-- an update based on a stale read is refused (If-Match).
ALTER TABLE demandes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
