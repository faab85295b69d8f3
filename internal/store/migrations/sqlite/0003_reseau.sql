-- The network: organisations, CEE profiles, designations (D.331-65 to D.331-67).

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    nom        TEXT NOT NULL,
    type       TEXT NOT NULL,
    niveau     TEXT NOT NULL DEFAULT 'national',
    idcc       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE organisation_academies (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    academie        TEXT NOT NULL,
    PRIMARY KEY (organisation_id, academie)
);

CREATE TABLE conseillers (
    id              INTEGER PRIMARY KEY,
    academie        TEXT NOT NULL,
    civilite        TEXT NOT NULL DEFAULT '',
    nom             TEXT NOT NULL,
    prenom          TEXT NOT NULL,
    email           TEXT NOT NULL UNIQUE,
    telephone       TEXT NOT NULL DEFAULT '',
    employeur       TEXT NOT NULL DEFAULT '',
    siret           TEXT NOT NULL DEFAULT '',
    statut_pro      TEXT NOT NULL DEFAULT '',
    code_naf        TEXT NOT NULL DEFAULT '',
    naf_section     TEXT NOT NULL DEFAULT '',
    secteur         TEXT NOT NULL DEFAULT '',
    code_commune    TEXT NOT NULL DEFAULT '',
    nom_commune     TEXT NOT NULL DEFAULT '',
    departement     TEXT NOT NULL DEFAULT '',
    territoire      TEXT NOT NULL DEFAULT '',
    specialites     TEXT NOT NULL DEFAULT '',
    organisation_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
    recherche       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX conseillers_academie ON conseillers (academie, departement);
CREATE INDEX conseillers_organisation ON conseillers (organisation_id);

CREATE TABLE designations (
    id              INTEGER PRIMARY KEY,
    conseiller_id   BIGINT NOT NULL REFERENCES conseillers (id) ON DELETE CASCADE,
    organisation_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
    academie        TEXT NOT NULL,
    etat            TEXT NOT NULL,
    mission         TEXT NOT NULL DEFAULT '',
    numero_arrete   TEXT NOT NULL DEFAULT '',
    date_arrete     TIMESTAMP,
    debut           TIMESTAMP,
    fin             TIMESTAMP,
    motif_fin       TEXT NOT NULL DEFAULT '',
    courante        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX designations_conseiller ON designations (conseiller_id, courante);
CREATE INDEX designations_fin ON designations (etat, fin);
