-- Schools' requests and the solicitations of candidates; the académie's
-- rules for them; each person's choice between immediate mails and a digest.

ALTER TABLE parametres_academie ADD COLUMN validation_demandes BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE parametres_academie ADD COLUMN demandeur_sollicite BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE parametres_academie ADD COLUMN delai_reponse_jours INTEGER NOT NULL DEFAULT 10;
ALTER TABLE parametres_academie ADD COLUMN poids TEXT NOT NULL DEFAULT '';

ALTER TABLE comptes ADD COLUMN resume_quotidien BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE demandes (
    id                INTEGER PRIMARY KEY,
    academie          TEXT NOT NULL,
    uai               TEXT NOT NULL DEFAULT '',
    departement       TEXT NOT NULL DEFAULT '',
    code_commune      TEXT NOT NULL DEFAULT '',
    auteur_id         BIGINT REFERENCES comptes (id) ON DELETE SET NULL,
    type              TEXT NOT NULL,
    titre             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    niveaux           TEXT NOT NULL DEFAULT '',
    eleves            INTEGER NOT NULL DEFAULT 0,
    naf               TEXT NOT NULL DEFAULT '',
    familles          TEXT NOT NULL DEFAULT '',
    metiers           TEXT NOT NULL DEFAULT '',
    specialites       TEXT NOT NULL DEFAULT '',
    creneaux          TEXT NOT NULL DEFAULT '',
    debut             TIMESTAMP,
    fin               TIMESTAMP,
    lieu              TEXT NOT NULL DEFAULT '',
    personnes         INTEGER NOT NULL DEFAULT 1,
    contact_nom       TEXT NOT NULL DEFAULT '',
    contact_email     TEXT NOT NULL DEFAULT '',
    contact_telephone TEXT NOT NULL DEFAULT '',
    etat              TEXT NOT NULL,
    echeance          TIMESTAMP,
    motif_annulation  TEXT NOT NULL DEFAULT '',
    premier_jour      TIMESTAMP,
    soumise_le        TIMESTAMP,
    note              INTEGER,
    commentaire       TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX demandes_academie ON demandes (academie, etat, premier_jour);
CREATE INDEX demandes_uai ON demandes (uai, created_at);
CREATE INDEX demandes_auteur ON demandes (auteur_id);

CREATE TABLE sollicitations (
    id               INTEGER PRIMARY KEY,
    demande_id       BIGINT NOT NULL REFERENCES demandes (id) ON DELETE CASCADE,
    conseiller_id    BIGINT REFERENCES conseillers (id) ON DELETE CASCADE,
    professionnel_id BIGINT REFERENCES professionnels (id) ON DELETE CASCADE,
    transmis_par     BIGINT REFERENCES conseillers (id) ON DELETE SET NULL,
    etat             TEXT NOT NULL,
    score            REAL NOT NULL DEFAULT 0,
    raisons          TEXT NOT NULL DEFAULT '',
    motif            TEXT NOT NULL DEFAULT '',
    relances         INTEGER NOT NULL DEFAULT 0,
    expire_le        TIMESTAMP NOT NULL,
    repondue_le      TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX sollicitations_demande ON sollicitations (demande_id, etat);
CREATE INDEX sollicitations_conseiller ON sollicitations (conseiller_id, created_at);
CREATE INDEX sollicitations_professionnel ON sollicitations (professionnel_id, created_at);
CREATE INDEX sollicitations_etat ON sollicitations (etat, expire_le);

ALTER TABLE interventions ADD COLUMN demande_id BIGINT REFERENCES demandes (id) ON DELETE SET NULL;
CREATE INDEX interventions_demande ON interventions (demande_id);
