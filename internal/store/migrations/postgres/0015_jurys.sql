-- Exam juries: sessions, the rules of each diploma (data, editable), juries
-- and their members, the network's availability, the composition's outcome.

CREATE TABLE regles_diplome (
    type_diplome TEXT PRIMARY KEY,
    articles     TEXT NOT NULL DEFAULT '',
    part_num     INTEGER NOT NULL,
    part_den     INTEGER NOT NULL,
    parite       BOOLEAN NOT NULL DEFAULT TRUE,
    presidence   TEXT NOT NULL DEFAULT '',
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions_examen (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    academie       TEXT NOT NULL,
    nom            TEXT NOT NULL,
    debut          TIMESTAMPTZ NOT NULL,
    fin            TIMESTAMPTZ NOT NULL,
    echeance       TIMESTAMPTZ,
    etat           TEXT NOT NULL,
    progression    INTEGER NOT NULL DEFAULT 0,
    resultat       TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_examen_academie ON sessions_examen (academie, debut);

CREATE TABLE jurys (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id   BIGINT NOT NULL REFERENCES sessions_examen (id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    specialite   TEXT NOT NULL,
    uai          TEXT NOT NULL,
    demi_journees TEXT NOT NULL,
    sieges       INTEGER NOT NULL,
    employeurs   INTEGER NOT NULL DEFAULT 0,
    salaries     INTEGER NOT NULL DEFAULT 0,
    enseignants  INTEGER NOT NULL DEFAULT 0,
    conflits     TEXT NOT NULL DEFAULT '',
    UNIQUE (session_id, code)
);

CREATE TABLE disponibilites_jury (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id       BIGINT NOT NULL REFERENCES sessions_examen (id) ON DELETE CASCADE,
    conseiller_id    BIGINT REFERENCES conseillers (id) ON DELETE CASCADE,
    professionnel_id BIGINT REFERENCES professionnels (id) ON DELETE CASCADE,
    specialites      TEXT NOT NULL DEFAULT '',
    demi_journees    TEXT NOT NULL DEFAULT '',
    max_demi_journees INTEGER NOT NULL DEFAULT 4,
    max_km           INTEGER NOT NULL DEFAULT 60,
    liens            TEXT NOT NULL DEFAULT '',
    repondu_le       TIMESTAMPTZ,
    relances         INTEGER NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX disponibilites_jury_session ON disponibilites_jury (session_id);

CREATE TABLE jury_membres (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    jury_id          BIGINT NOT NULL REFERENCES jurys (id) ON DELETE CASCADE,
    disponibilite_id BIGINT NOT NULL REFERENCES disponibilites_jury (id) ON DELETE CASCADE,
    verrou           BOOLEAN NOT NULL DEFAULT FALSE,
    statut           TEXT NOT NULL,
    distance_km      REAL NOT NULL DEFAULT 0,
    present          BOOLEAN,
    UNIQUE (jury_id, disponibilite_id)
);
CREATE INDEX jury_membres_disponibilite ON jury_membres (disponibilite_id);

-- The domain brief's rules (Code de l'éducation, consolidated 2015 text: to
-- be checked by the académie, hence editable).
INSERT INTO regles_diplome (type_diplome, articles, part_num, part_den, parite, presidence, updated_at) VALUES
    ('CAP', 'D.337-23', 1, 2, TRUE, '', CURRENT_TIMESTAMP),
    ('CAPA', 'D.337-23', 1, 2, TRUE, '', CURRENT_TIMESTAMP),
    ('BP', 'D.337-123', 1, 2, TRUE, '', CURRENT_TIMESTAMP),
    ('MC', 'D.337-138', 1, 2, TRUE, '', CURRENT_TIMESTAMP),
    ('CS3', 'D.337-138', 1, 2, TRUE, '', CURRENT_TIMESTAMP),
    ('CS4', 'D.337-138', 1, 2, TRUE, '', CURRENT_TIMESTAMP),
    ('BMA', 'D.337-158', 1, 2, TRUE, '', CURRENT_TIMESTAMP),
    ('DMA', 'D.337-158', 1, 2, TRUE, '', CURRENT_TIMESTAMP),
    ('BAC PRO', 'D.337-93', 1, 3, TRUE, '', CURRENT_TIMESTAMP),
    ('BAC PRO AG', 'D.337-93', 1, 3, TRUE, '', CURRENT_TIMESTAMP),
    ('BTS', 'D.643-31', 1, 2, TRUE, '', CURRENT_TIMESTAMP),
    ('BTSA', 'D.643-31', 1, 2, TRUE, '', CURRENT_TIMESTAMP);
