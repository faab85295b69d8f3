-- Conventions govern designations and renewals never overwrite a mandate
-- (issue 15, items 1 to 3).
--
-- A convention (D.331-66) gets its reference, its signature date and its
-- objectives: number of CEE, sectors, share of employers.
ALTER TABLE conventions ADD COLUMN reference TEXT NOT NULL DEFAULT '';
ALTER TABLE conventions ADD COLUMN signee_le TIMESTAMP;
ALTER TABLE conventions ADD COLUMN objectif_cee INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conventions ADD COLUMN objectif_secteurs TEXT NOT NULL DEFAULT '';
ALTER TABLE conventions ADD COLUMN part_employeurs INTEGER NOT NULL DEFAULT 0;
CREATE INDEX conventions_organisation ON conventions (organisation_id, debut);

-- What a designation without a convention in force does: 'bloquer' refuses
-- it, 'avertir' refuses it until the pilote overrides explicitly.
ALTER TABLE parametres_academie ADD COLUMN sans_convention TEXT NOT NULL DEFAULT 'avertir';

-- One line per arrêté pronounced for a CEE: the history of their mandates.
-- The designation keeps the lifecycle (and the span of continuous service);
-- a renewal adds a line here and never rewrites the previous one.
CREATE TABLE mandats (
    id              INTEGER PRIMARY KEY,
    conseiller_id   BIGINT NOT NULL REFERENCES conseillers (id) ON DELETE CASCADE,
    designation_id  BIGINT REFERENCES designations (id) ON DELETE SET NULL,
    academie        TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
    organisation    TEXT NOT NULL DEFAULT '',
    mission         TEXT NOT NULL DEFAULT '',
    territoire      TEXT NOT NULL DEFAULT '',
    numero_arrete   TEXT NOT NULL,
    date_arrete     TIMESTAMP NOT NULL,
    debut           TIMESTAMP NOT NULL,
    fin             TIMESTAMP NOT NULL,
    renouvellement  BOOLEAN NOT NULL DEFAULT FALSE,
    collectif       BOOLEAN NOT NULL DEFAULT FALSE,
    convention_id   BIGINT REFERENCES conventions (id) ON DELETE SET NULL,
    derogation      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX mandats_conseiller ON mandats (conseiller_id, debut);
CREATE INDEX mandats_arrete ON mandats (academie, numero_arrete);
CREATE INDEX mandats_convention ON mandats (convention_id);

-- The existing data: one mandate per current designation that has its
-- arrêté.
INSERT INTO mandats (conseiller_id, designation_id, academie, organisation_id, organisation, mission, territoire,
        numero_arrete, date_arrete, debut, fin, created_at)
    SELECT d.conseiller_id, d.id, d.academie, d.organisation_id, COALESCE(o.nom, ''), d.mission, c.territoire,
        d.numero_arrete, d.date_arrete, d.debut, d.fin, d.updated_at
    FROM designations d
        JOIN conseillers c ON c.id = d.conseiller_id
        LEFT JOIN organisations o ON o.id = d.organisation_id
    WHERE d.courante AND d.numero_arrete <> '' AND d.date_arrete IS NOT NULL AND d.debut IS NOT NULL AND d.fin IS NOT NULL;
