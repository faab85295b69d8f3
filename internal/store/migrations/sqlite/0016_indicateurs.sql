-- Reports: the académie's target of active CEE, the annual bilans generated
-- as jobs (kept with their files), and the indexes the indicators read by.

ALTER TABLE parametres_academie ADD COLUMN objectif_cee INTEGER NOT NULL DEFAULT 0;

CREATE TABLE bilans (
    id          INTEGER PRIMARY KEY,
    compte_id   BIGINT REFERENCES comptes (id) ON DELETE SET NULL,
    perimetre   TEXT NOT NULL,
    ref         TEXT NOT NULL,
    libelle     TEXT NOT NULL DEFAULT '',
    academie    TEXT NOT NULL DEFAULT '',
    annee       INTEGER NOT NULL,
    etat        TEXT NOT NULL,
    progression INTEGER NOT NULL DEFAULT 0,
    erreur      TEXT NOT NULL DEFAULT '',
    pdf         BLOB,
    xlsx        BLOB,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX bilans_perimetre ON bilans (perimetre, ref, created_at);
CREATE INDEX bilans_compte ON bilans (compte_id, created_at);

-- The indicators read a school year at a time; these indexes cover what
-- they read so that the national dashboard does not fetch rows one by one.
CREATE INDEX interventions_uai ON interventions (uai, date_action);
CREATE INDEX interventions_periode ON interventions (date_action, conseiller_id, academie, duree_minutes, eleves);
CREATE INDEX demandes_envoi ON demandes (academie, (COALESCE(soumise_le, created_at)), etat, type, note);
CREATE INDEX demandes_envoi_national ON demandes ((COALESCE(soumise_le, created_at)), etat, type, note);
-- Requests done, by school and day: « reached » in the coverage.
CREATE INDEX demandes_realisees ON demandes (uai, (COALESCE(premier_jour, soumise_le, created_at))) WHERE etat IN ('realisee', 'cloturee');
CREATE INDEX sollicitations_periode ON sollicitations (etat, created_at, conseiller_id, demande_id, repondue_le);
CREATE INDEX sollicitations_reponse ON sollicitations (demande_id, etat, repondue_le);
