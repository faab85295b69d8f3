-- Actions carried out by CEE (comptes rendus): from a school's request
-- (linked later) or started by the CEE themself.

CREATE TABLE interventions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conseiller_id   BIGINT NOT NULL REFERENCES conseillers (id) ON DELETE CASCADE,
    academie        TEXT NOT NULL,
    type            TEXT NOT NULL,
    date_action     TIMESTAMPTZ NOT NULL,
    duree_minutes   INTEGER NOT NULL,
    uai             TEXT NOT NULL DEFAULT '',
    eleves          INTEGER NOT NULL DEFAULT 0,
    niveaux         TEXT NOT NULL DEFAULT '',
    professionnels  INTEGER NOT NULL DEFAULT 0,
    description     TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX interventions_conseiller ON interventions (conseiller_id, date_action);
CREATE INDEX interventions_academie ON interventions (academie, date_action);
