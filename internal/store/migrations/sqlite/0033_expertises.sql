-- Expertise and advice (the seed's second mission): a request for an
-- opinion by an inspector, a school or the recteur's advisers, addressed to
-- one to three CEE of the académie; each CEE's written opinion (or refusal)
-- is kept, with the time they spent, and counts as service when given.

CREATE TABLE expertises (
    id            INTEGER PRIMARY KEY,
    academie      TEXT NOT NULL,
    demandeur_id  BIGINT REFERENCES comptes (id) ON DELETE SET NULL,
    demandeur     TEXT NOT NULL DEFAULT '',
    qualite       TEXT NOT NULL DEFAULT '',
    uai           TEXT NOT NULL DEFAULT '',
    sujet         TEXT NOT NULL,
    objet         TEXT NOT NULL,
    question      TEXT NOT NULL,
    echeance      TIMESTAMP NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX expertises_academie ON expertises (academie, created_at);
CREATE INDEX expertises_demandeur ON expertises (demandeur_id, created_at);
CREATE INDEX expertises_uai ON expertises (uai, created_at);

CREATE TABLE avis_expertise (
    id             INTEGER PRIMARY KEY,
    expertise_id   BIGINT NOT NULL REFERENCES expertises (id) ON DELETE CASCADE,
    conseiller_id  BIGINT NOT NULL REFERENCES conseillers (id) ON DELETE CASCADE,
    etat           TEXT NOT NULL DEFAULT 'attendu',
    texte          TEXT NOT NULL DEFAULT '',
    minutes        INTEGER NOT NULL DEFAULT 0,
    fichier_nom    TEXT NOT NULL DEFAULT '',
    fichier        BLOB,
    rendu_le       TIMESTAMP,
    UNIQUE (expertise_id, conseiller_id)
);
CREATE INDEX avis_expertise_conseiller ON avis_expertise (conseiller_id, etat, rendu_le);
