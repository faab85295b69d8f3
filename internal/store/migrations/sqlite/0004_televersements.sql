-- Files uploaded for an import, kept between the preview and the
-- confirmation (in the database, so that any instance can confirm).

CREATE TABLE televersements (
    id         INTEGER PRIMARY KEY,
    compte_id  BIGINT NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    nom        TEXT NOT NULL,
    academie   TEXT NOT NULL,
    contenu    BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);
