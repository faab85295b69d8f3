-- Files uploaded for an import, kept between the preview and the
-- confirmation (in the database, so that any instance can confirm).

CREATE TABLE televersements (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    compte_id  BIGINT NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    nom        TEXT NOT NULL,
    academie   TEXT NOT NULL,
    contenu    BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
