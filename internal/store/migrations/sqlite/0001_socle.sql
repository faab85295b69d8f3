-- Foundation: durable jobs, the dev mailbox, établissements.

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL DEFAULT '{}',
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
    run_at       TIMESTAMP NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 8,
    last_error   TEXT NOT NULL DEFAULT '',
    locked_by    TEXT NOT NULL DEFAULT '',
    lease_until  TIMESTAMP,
    dedup_key    TEXT UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX jobs_ready ON jobs (state, run_at);

CREATE TABLE mails (
    id         INTEGER PRIMARY KEY,
    recipients TEXT NOT NULL,
    subject    TEXT NOT NULL,
    text_body  TEXT NOT NULL,
    html_body  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE etablissements (
    uai                   TEXT PRIMARY KEY,
    nom                   TEXT NOT NULL,
    type                  TEXT NOT NULL,
    statut                TEXT NOT NULL,
    adresse               TEXT NOT NULL DEFAULT '',
    code_postal           TEXT NOT NULL DEFAULT '',
    code_commune          TEXT NOT NULL,
    nom_commune           TEXT NOT NULL,
    departement           TEXT NOT NULL,
    academie              TEXT NOT NULL,
    latitude              REAL,
    longitude             REAL,
    voie_generale         BOOLEAN NOT NULL DEFAULT FALSE,
    voie_technologique    BOOLEAN NOT NULL DEFAULT FALSE,
    voie_professionnelle  BOOLEAN NOT NULL DEFAULT FALSE,
    lycee_des_metiers     BOOLEAN NOT NULL DEFAULT FALSE,
    education_prioritaire TEXT NOT NULL DEFAULT '',
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE INDEX etablissements_academie ON etablissements (academie, departement);
