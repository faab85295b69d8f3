-- Campus des métiers et des qualifications and pôles de stage of an
-- académie, and their member schools. Their animators are accounts holding
-- the role partenaire whose habilitation ref is the campus id.

CREATE TABLE campus (
    id         INTEGER PRIMARY KEY,
    type       TEXT NOT NULL,
    nom        TEXT NOT NULL,
    academie   TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX campus_academie ON campus (academie, nom);

CREATE TABLE campus_etablissements (
    campus_id  BIGINT NOT NULL REFERENCES campus (id) ON DELETE CASCADE,
    uai        TEXT NOT NULL REFERENCES etablissements (uai),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (campus_id, uai)
);
CREATE INDEX campus_etablissements_uai ON campus_etablissements (uai);
