-- Personal data (RGPD): erasure requests and their outcome, the date a
-- record was anonymised, and the warnings of the retention job sent one
-- month before it anonymises an inactive person.

CREATE TABLE demandes_effacement (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    compte_id        BIGINT REFERENCES comptes (id) ON DELETE SET NULL,
    conseiller_id    BIGINT REFERENCES conseillers (id) ON DELETE SET NULL,
    professionnel_id BIGINT REFERENCES professionnels (id) ON DELETE SET NULL,
    academie         TEXT NOT NULL DEFAULT '',
    nom              TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    origine          TEXT NOT NULL,
    etat             TEXT NOT NULL,
    motif_refus      TEXT NOT NULL DEFAULT '',
    traite_par       BIGINT REFERENCES comptes (id) ON DELETE SET NULL,
    traite_le        TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX demandes_effacement_academie ON demandes_effacement (academie, etat, created_at);

ALTER TABLE comptes ADD COLUMN anonymise_le TIMESTAMPTZ;
ALTER TABLE conseillers ADD COLUMN anonymise_le TIMESTAMPTZ;
ALTER TABLE professionnels ADD COLUMN anonymise_le TIMESTAMPTZ;

CREATE TABLE avertissements_conservation (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    personne    TEXT NOT NULL,
    personne_id BIGINT NOT NULL,
    academie    TEXT NOT NULL DEFAULT '',
    averti_le   TIMESTAMPTZ NOT NULL,
    echeance    TIMESTAMPTZ NOT NULL,
    etat        TEXT NOT NULL,
    clos_le     TIMESTAMPTZ
);
CREATE INDEX avertissements_conservation_personne ON avertissements_conservation (personne, personne_id, etat);
CREATE INDEX avertissements_conservation_echeance ON avertissements_conservation (etat, echeance);

-- An académie may set its own retention periods (in years); NULL keeps the
-- national ones of model.ConservationNationale.
ALTER TABLE parametres_academie ADD COLUMN conservation_cee_ans INTEGER;
ALTER TABLE parametres_academie ADD COLUMN conservation_pro_ans INTEGER;
