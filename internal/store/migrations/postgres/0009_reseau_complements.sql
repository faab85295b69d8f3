-- The rest of the network: per-académie settings, the inspector's opinion
-- during instruction, the rest of the CEE profile, organisations' parent and
-- contacts, and unavailable periods as rows (the directory filters on them).

CREATE TABLE parametres_academie (
    academie                 TEXT PRIMARY KEY,
    duree_mandat_mois        INTEGER NOT NULL DEFAULT 36,
    renouvellement_collectif TIMESTAMPTZ,
    duree_convention_mois    INTEGER NOT NULL DEFAULT 36,
    updated_at               TIMESTAMPTZ NOT NULL
);

ALTER TABLE designations ADD COLUMN avis TEXT NOT NULL DEFAULT '';
ALTER TABLE designations ADD COLUMN avis_commentaire TEXT NOT NULL DEFAULT '';
ALTER TABLE designations ADD COLUMN avis_auteur TEXT NOT NULL DEFAULT '';
ALTER TABLE designations ADD COLUMN avis_le TIMESTAMPTZ;

ALTER TABLE conseillers ADD COLUMN familles TEXT NOT NULL DEFAULT '';
ALTER TABLE conseillers ADD COLUMN metiers TEXT NOT NULL DEFAULT '';
ALTER TABLE conseillers ADD COLUMN langues TEXT NOT NULL DEFAULT '';
ALTER TABLE conseillers ADD COLUMN telephone_masque BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE conseillers ADD COLUMN en_pause BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE indisponibilites (
    conseiller_id BIGINT NOT NULL REFERENCES conseillers (id) ON DELETE CASCADE,
    debut         TIMESTAMPTZ NOT NULL,
    fin           TIMESTAMPTZ NOT NULL
);
CREATE INDEX indisponibilites_conseiller ON indisponibilites (conseiller_id, debut);

ALTER TABLE organisations ADD COLUMN parent_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL;

CREATE TABLE organisation_contacts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    nom             TEXT NOT NULL,
    fonction        TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    telephone       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX organisation_contacts_organisation ON organisation_contacts (organisation_id);
