-- Indicators computed ahead by the job indicateurs.calculer (the national
-- and each académie's dashboard for the current school year, the open
-- statistics), read by the pages instead of computing them on each view:
-- on the national demo the académie's dashboard cost 178 ms of CPU and
-- the open statistics 1.2 to 3.6 s per view. contenu is the JSON of what
-- the page shows; calcule_le is shown with it (« chiffres au … »). One row
-- per key, in the database, so that every instance reads the same figures.

CREATE TABLE indicateurs_instantanes (
    cle         TEXT PRIMARY KEY,
    contenu     TEXT NOT NULL,
    calcule_le  TIMESTAMP NOT NULL
);

-- A version per académie, raised by every change of its requests, their
-- solicitations and its designations: the « À traiter » counters of the
-- pilotes, shown on every page, are kept in memory by each instance while
-- the version they were counted at is current (store.AttentesPilote). A
-- change made through any instance, or by a job, is seen at once by all.

CREATE TABLE versions_academie (
    academie    TEXT PRIMARY KEY,
    version     BIGINT NOT NULL
);

CREATE TRIGGER demandes_version_ins AFTER INSERT ON demandes BEGIN
    INSERT INTO versions_academie (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER demandes_version_upd AFTER UPDATE ON demandes BEGIN
    INSERT INTO versions_academie (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
    INSERT INTO versions_academie (academie, version) SELECT OLD.academie, 1 WHERE OLD.academie <> NEW.academie
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER demandes_version_del AFTER DELETE ON demandes BEGIN
    INSERT INTO versions_academie (academie, version) VALUES (OLD.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER sollicitations_version_ins AFTER INSERT ON sollicitations BEGIN
    INSERT INTO versions_academie (academie, version) SELECT academie, 1 FROM demandes WHERE id = NEW.demande_id
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER sollicitations_version_upd AFTER UPDATE ON sollicitations BEGIN
    INSERT INTO versions_academie (academie, version) SELECT academie, 1 FROM demandes WHERE id = NEW.demande_id
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER sollicitations_version_del AFTER DELETE ON sollicitations BEGIN
    INSERT INTO versions_academie (academie, version) SELECT academie, 1 FROM demandes WHERE id = OLD.demande_id
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER designations_version_ins AFTER INSERT ON designations BEGIN
    INSERT INTO versions_academie (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER designations_version_upd AFTER UPDATE ON designations BEGIN
    INSERT INTO versions_academie (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER designations_version_del AFTER DELETE ON designations BEGIN
    INSERT INTO versions_academie (academie, version) VALUES (OLD.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
