-- Animating the network: events and who is invited to them, reusable
-- segments of recipients, announcements with a delivery state per
-- recipient, resources (files and links), opt-out of non-mandatory news.

CREATE TABLE segments (
    id              INTEGER PRIMARY KEY,
    academie        TEXT NOT NULL DEFAULT '',
    organisation_id BIGINT REFERENCES organisations (id) ON DELETE CASCADE,
    nom             TEXT NOT NULL,
    criteres        TEXT NOT NULL DEFAULT '{}',
    auteur_id       BIGINT REFERENCES comptes (id) ON DELETE SET NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX segments_academie ON segments (academie, organisation_id);

CREATE TABLE evenements (
    id                 INTEGER PRIMARY KEY,
    academie           TEXT NOT NULL DEFAULT '',
    organisation_id    BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
    type               TEXT NOT NULL,
    titre              TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    lieu               TEXT NOT NULL DEFAULT '',
    lien_visio         TEXT NOT NULL DEFAULT '',
    debut              TIMESTAMP NOT NULL,
    fin                TIMESTAMP NOT NULL,
    capacite           INTEGER NOT NULL DEFAULT 0,
    inscriptions_avant TIMESTAMP,
    etat               TEXT NOT NULL,
    motif_annulation   TEXT NOT NULL DEFAULT '',
    rappel_envoye      BOOLEAN NOT NULL DEFAULT FALSE,
    auteur_id          BIGINT REFERENCES comptes (id) ON DELETE SET NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX evenements_academie ON evenements (academie, debut);
CREATE INDEX evenements_organisation ON evenements (organisation_id, debut);
CREATE INDEX evenements_rappel ON evenements (etat, rappel_envoye, debut);

CREATE TABLE participations (
    id               INTEGER PRIMARY KEY,
    evenement_id     BIGINT NOT NULL REFERENCES evenements (id) ON DELETE CASCADE,
    conseiller_id    BIGINT REFERENCES conseillers (id) ON DELETE CASCADE,
    professionnel_id BIGINT REFERENCES professionnels (id) ON DELETE CASCADE,
    nom              TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL,
    etat             TEXT NOT NULL,
    present          BOOLEAN NOT NULL DEFAULT FALSE,
    presence_le      TIMESTAMP,
    inscrit_le       TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (evenement_id, email)
);
CREATE INDEX participations_conseiller ON participations (conseiller_id, etat);
CREATE INDEX participations_professionnel ON participations (professionnel_id, etat);
CREATE INDEX participations_evenement ON participations (evenement_id, etat, inscrit_le);

CREATE TABLE annonces (
    id              INTEGER PRIMARY KEY,
    academie        TEXT NOT NULL DEFAULT '',
    organisation_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
    segment_id      BIGINT REFERENCES segments (id) ON DELETE SET NULL,
    titre           TEXT NOT NULL,
    corps           TEXT NOT NULL,
    obligatoire     BOOLEAN NOT NULL DEFAULT FALSE,
    auteur_id       BIGINT REFERENCES comptes (id) ON DELETE SET NULL,
    auteur          TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX annonces_academie ON annonces (academie, created_at);

CREATE TABLE annonce_envois (
    id               INTEGER PRIMARY KEY,
    annonce_id       BIGINT NOT NULL REFERENCES annonces (id) ON DELETE CASCADE,
    conseiller_id    BIGINT REFERENCES conseillers (id) ON DELETE SET NULL,
    professionnel_id BIGINT REFERENCES professionnels (id) ON DELETE SET NULL,
    nom              TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL,
    etat             TEXT NOT NULL,
    jeton_hash       TEXT NOT NULL DEFAULT '',
    envoye_le        TIMESTAMP,
    UNIQUE (annonce_id, email)
);
CREATE INDEX annonce_envois_email ON annonce_envois (email);
CREATE INDEX annonce_envois_jeton ON annonce_envois (jeton_hash);

CREATE TABLE desinscriptions (
    email      TEXT PRIMARY KEY,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE ressources (
    id           INTEGER PRIMARY KEY,
    academie     TEXT NOT NULL DEFAULT '',
    titre        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    categorie    TEXT NOT NULL DEFAULT '',
    roles        TEXT NOT NULL DEFAULT '',
    url          TEXT NOT NULL DEFAULT '',
    fichier_nom  TEXT NOT NULL DEFAULT '',
    fichier_type TEXT NOT NULL DEFAULT '',
    taille       INTEGER NOT NULL DEFAULT 0,
    fichier      BLOB,
    auteur_id    BIGINT REFERENCES comptes (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX ressources_academie ON ressources (academie, created_at);
