-- Pôles de stage find places (issue 19, item 2): a request for internship
-- places (stage, PFMP, stage de seconde) states the places it needs; each
-- person who accepts states the places they offer; the school or the pilote
-- confirms the places taken and records the pupils placed with that host.
-- 0: a request that counts people, not places (every other kind).
ALTER TABLE demandes ADD COLUMN places INTEGER NOT NULL DEFAULT 0 CHECK (places >= 0);
ALTER TABLE sollicitations ADD COLUMN places_offertes INTEGER NOT NULL DEFAULT 0 CHECK (places_offertes >= 0);
ALTER TABLE sollicitations ADD COLUMN places_confirmees INTEGER NOT NULL DEFAULT 0 CHECK (places_confirmees >= 0);
ALTER TABLE sollicitations ADD COLUMN eleves_places INTEGER NOT NULL DEFAULT 0 CHECK (eleves_places >= 0);

-- Parcours Avenir by level (issue 19, item 3): an action's levels become a
-- list chosen among model.Niveaux, stored as the requests' are (« 3e|2de
-- pro »); the free text typed until now was mostly « 3e, 2de pro ».
UPDATE interventions SET niveaux = REPLACE(niveaux, ', ', '|') WHERE niveaux LIKE '%, %';
