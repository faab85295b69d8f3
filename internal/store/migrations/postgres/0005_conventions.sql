-- Conventions between the recteur and the organisations (D.331-66).

CREATE TABLE conventions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    academie        TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    debut           TIMESTAMPTZ NOT NULL,
    fin             TIMESTAMPTZ NOT NULL,
    duree_mois      INTEGER NOT NULL,
    objectifs       TEXT NOT NULL DEFAULT '',
    etat            TEXT NOT NULL DEFAULT 'brouillon',
    fichier_nom     TEXT NOT NULL DEFAULT '',
    fichier         BYTEA,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX conventions_academie ON conventions (academie, etat, fin);
