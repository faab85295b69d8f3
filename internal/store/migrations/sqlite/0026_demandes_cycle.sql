-- Requests that lose no work, suggestions a school can trust, a fair load
-- (issue 16).
--
-- dates_au_choix: the request's creneaux are alternatives; the first person
-- who accepts chooses one (creneau_retenu), the only date sent to calendars.
-- dernier_jour: the action's last day (the date retained, or the last
-- creneau, or the period's end), below which it is neither done nor rated.
-- Existing rows get the period's end or their first day.
-- distance_max_km: the request's own maximum distance (NULL: the default of
-- its type in its académie).
ALTER TABLE demandes ADD COLUMN dates_au_choix BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE demandes ADD COLUMN creneau_retenu TEXT NOT NULL DEFAULT '';
ALTER TABLE demandes ADD COLUMN dernier_jour TIMESTAMP;
ALTER TABLE demandes ADD COLUMN distance_max_km INTEGER;
UPDATE demandes SET dernier_jour = COALESCE(fin, premier_jour);

-- transmise_le: the CEE passed the solicitation on to a professional of
-- their network: no reminder, and it counts as an answer.
ALTER TABLE sollicitations ADD COLUMN transmise_le TIMESTAMP;

-- How far each person goes (km; NULL: the académie's default), and the
-- monthly cap of professionals (NULL: the académie's default).
ALTER TABLE conseillers ADD COLUMN distance_max_km INTEGER;
ALTER TABLE professionnels ADD COLUMN distance_max_km INTEGER;
ALTER TABLE professionnels ADD COLUMN max_par_mois INTEGER;

-- The académie's defaults: a person's distance, a professional's monthly
-- cap, and the maximum distance per type of request (JSON {type: km}).
ALTER TABLE parametres_academie ADD COLUMN distance_personne_km INTEGER NOT NULL DEFAULT 60;
ALTER TABLE parametres_academie ADD COLUMN plafond_professionnel INTEGER NOT NULL DEFAULT 2;
ALTER TABLE parametres_academie ADD COLUMN distances_types TEXT NOT NULL DEFAULT '';
