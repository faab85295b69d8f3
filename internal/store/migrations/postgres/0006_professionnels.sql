-- The wider network: professionals a CEE mobilises, contactable only with
-- their consent (date and purposes kept).

CREATE TABLE professionnels (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    academie      TEXT NOT NULL,
    conseiller_id BIGINT REFERENCES conseillers (id) ON DELETE SET NULL,
    civilite      TEXT NOT NULL DEFAULT '',
    nom           TEXT NOT NULL,
    prenom        TEXT NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    telephone     TEXT NOT NULL DEFAULT '',
    entreprise    TEXT NOT NULL DEFAULT '',
    code_naf      TEXT NOT NULL DEFAULT '',
    code_commune  TEXT NOT NULL DEFAULT '',
    nom_commune   TEXT NOT NULL DEFAULT '',
    departement   TEXT NOT NULL DEFAULT '',
    interventions BOOLEAN NOT NULL DEFAULT FALSE,
    visites       BOOLEAN NOT NULL DEFAULT FALSE,
    stages        BOOLEAN NOT NULL DEFAULT FALSE,
    jurys         BOOLEAN NOT NULL DEFAULT FALSE,
    consent_le    TIMESTAMPTZ,
    recherche     TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX professionnels_academie ON professionnels (academie, departement);
CREATE INDEX professionnels_conseiller ON professionnels (conseiller_id);
