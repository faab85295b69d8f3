-- Schools onboard themselves (issue 19): an agent whom ProConnect names
-- with a school (UAI) and a function gets the school's role by the rules of
-- its académie, which the pilote sets: which functions, and whether the
-- pilote approves each agent first (then a request waits here).

CREATE TABLE regles_rattachement (
    academie     TEXT NOT NULL,
    fonction     TEXT NOT NULL,
    libelle      TEXT NOT NULL,
    approbation  BOOLEAN NOT NULL,
    PRIMARY KEY (academie, fonction)
);

CREATE TABLE demandes_rattachement (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    compte_id   BIGINT NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    uai         TEXT NOT NULL,
    academie    TEXT NOT NULL,
    fonction    TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (compte_id, uai)
);
CREATE INDEX demandes_rattachement_academie ON demandes_rattachement (academie, created_at);
