-- Exports of lists too long to be sent while the person waits: prepared by
-- a job, kept for their requester only until expire_le, their file in
-- chunks (written and read back one chunk at a time, never whole in memory).

CREATE TABLE exports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    compte_id   BIGINT NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    liste       TEXT NOT NULL,
    format      TEXT NOT NULL,
    requete     TEXT NOT NULL,
    libelle     TEXT NOT NULL DEFAULT '',
    academie    TEXT NOT NULL DEFAULT '',
    etat        TEXT NOT NULL,
    total       INTEGER NOT NULL DEFAULT 0,
    faites      INTEGER NOT NULL DEFAULT 0,
    taille      BIGINT NOT NULL DEFAULT 0,
    erreur      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    expire_le   TIMESTAMPTZ NOT NULL
);
CREATE INDEX exports_compte ON exports (compte_id, created_at);
CREATE INDEX exports_expiration ON exports (expire_le);

CREATE TABLE export_morceaux (
    export_id   BIGINT NOT NULL REFERENCES exports (id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    data        BYTEA NOT NULL,
    PRIMARY KEY (export_id, n)
);
