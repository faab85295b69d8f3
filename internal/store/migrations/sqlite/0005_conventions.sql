-- Conventions between the recteur and the organisations (D.331-66).

CREATE TABLE conventions (
    id              INTEGER PRIMARY KEY,
    academie        TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    debut           TIMESTAMP NOT NULL,
    fin             TIMESTAMP NOT NULL,
    duree_mois      INTEGER NOT NULL,
    objectifs       TEXT NOT NULL DEFAULT '',
    etat            TEXT NOT NULL DEFAULT 'brouillon',
    fichier_nom     TEXT NOT NULL DEFAULT '',
    fichier         BLOB,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX conventions_academie ON conventions (academie, etat, fin);
