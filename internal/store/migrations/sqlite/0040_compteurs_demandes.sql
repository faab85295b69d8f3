-- The number of requests per territory, state and type, kept by triggers
-- (issue 21): every list of requests shows its total, and counting an
-- académie's 10,000 requests of a year read them all on each view (2.9 ms
-- of PostgreSQL for the API's list on the national demo, over its 3 ms
-- budget with the page itself). A total over a territory, states and a
-- type is now a sum of a few of these rows (store.CountDemandes); the
-- reader's own drafts, which only they see, are still counted from the
-- requests. A département belongs to one académie, so its rows are its
-- académie's too.

CREATE TABLE compteurs_demandes (
    academie    TEXT NOT NULL,
    departement TEXT NOT NULL,
    etat        TEXT NOT NULL,
    type        TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (academie, departement, etat, type)
);

INSERT INTO compteurs_demandes (academie, departement, etat, type, n)
    SELECT academie, departement, etat, type, COUNT(*) FROM demandes GROUP BY academie, departement, etat, type;

CREATE TRIGGER demandes_compteur_ins AFTER INSERT ON demandes BEGIN
    INSERT INTO compteurs_demandes (academie, departement, etat, type, n) VALUES (NEW.academie, NEW.departement, NEW.etat, NEW.type, 1)
        ON CONFLICT (academie, departement, etat, type) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER demandes_compteur_del AFTER DELETE ON demandes BEGIN
    UPDATE compteurs_demandes SET n = n - 1
        WHERE academie = OLD.academie AND departement = OLD.departement AND etat = OLD.etat AND type = OLD.type;
END;
CREATE TRIGGER demandes_compteur_upd AFTER UPDATE OF academie, departement, etat, type ON demandes
    WHEN OLD.academie IS NOT NEW.academie OR OLD.departement IS NOT NEW.departement OR OLD.etat IS NOT NEW.etat OR OLD.type IS NOT NEW.type
BEGIN
    UPDATE compteurs_demandes SET n = n - 1
        WHERE academie = OLD.academie AND departement = OLD.departement AND etat = OLD.etat AND type = OLD.type;
    INSERT INTO compteurs_demandes (academie, departement, etat, type, n) VALUES (NEW.academie, NEW.departement, NEW.etat, NEW.type, 1)
        ON CONFLICT (academie, departement, etat, type) DO UPDATE SET n = n + 1;
END;
