-- A version per académie of what its candidate pool is made of: its CEE
-- and their designations, its professionals, its settings (defaults of
-- distance and cap), its candidates' solicitations and the ratings of the
-- requests they answered. Each instance keeps the académie's ranked pool
-- in memory while this version is unchanged (workflow.Classer): building
-- it cost about 130 ms of CPU per request page on the national demo. A
-- table apart from versions_academie, which every new request raises: a
-- school posting a request does not change who can be solicited.

CREATE TABLE versions_vivier (
    academie    TEXT PRIMARY KEY,
    version     BIGINT NOT NULL
);

CREATE TRIGGER conseillers_vivier_ins AFTER INSERT ON conseillers BEGIN
    INSERT INTO versions_vivier (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER conseillers_vivier_upd AFTER UPDATE ON conseillers BEGIN
    INSERT INTO versions_vivier (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
    INSERT INTO versions_vivier (academie, version) SELECT OLD.academie, 1 WHERE OLD.academie <> NEW.academie
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER conseillers_vivier_del AFTER DELETE ON conseillers BEGIN
    INSERT INTO versions_vivier (academie, version) VALUES (OLD.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER professionnels_vivier_ins AFTER INSERT ON professionnels BEGIN
    INSERT INTO versions_vivier (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER professionnels_vivier_upd AFTER UPDATE ON professionnels BEGIN
    INSERT INTO versions_vivier (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
    INSERT INTO versions_vivier (academie, version) SELECT OLD.academie, 1 WHERE OLD.academie <> NEW.academie
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER professionnels_vivier_del AFTER DELETE ON professionnels BEGIN
    INSERT INTO versions_vivier (academie, version) VALUES (OLD.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER designations_vivier_ins AFTER INSERT ON designations BEGIN
    INSERT INTO versions_vivier (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER designations_vivier_upd AFTER UPDATE ON designations BEGIN
    INSERT INTO versions_vivier (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
    INSERT INTO versions_vivier (academie, version) SELECT OLD.academie, 1 WHERE OLD.academie <> NEW.academie
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER designations_vivier_del AFTER DELETE ON designations BEGIN
    INSERT INTO versions_vivier (academie, version) VALUES (OLD.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER parametres_academie_vivier_ins AFTER INSERT ON parametres_academie BEGIN
    INSERT INTO versions_vivier (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER parametres_academie_vivier_upd AFTER UPDATE ON parametres_academie BEGIN
    INSERT INTO versions_vivier (academie, version) VALUES (NEW.academie, 1)
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;

-- A solicitation counts in its CEE's or professional's figures, whatever
-- the académie of the request.
CREATE TRIGGER sollicitations_vivier_ins AFTER INSERT ON sollicitations BEGIN
    INSERT INTO versions_vivier (academie, version) SELECT academie, 1 FROM conseillers WHERE id = NEW.conseiller_id
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
    INSERT INTO versions_vivier (academie, version) SELECT academie, 1 FROM professionnels WHERE id = NEW.professionnel_id
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER sollicitations_vivier_upd AFTER UPDATE ON sollicitations BEGIN
    INSERT INTO versions_vivier (academie, version) SELECT academie, 1 FROM conseillers WHERE id = NEW.conseiller_id
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
    INSERT INTO versions_vivier (academie, version) SELECT academie, 1 FROM professionnels WHERE id = NEW.professionnel_id
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER sollicitations_vivier_del AFTER DELETE ON sollicitations BEGIN
    INSERT INTO versions_vivier (academie, version) SELECT academie, 1 FROM conseillers WHERE id = OLD.conseiller_id
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
    INSERT INTO versions_vivier (academie, version) SELECT academie, 1 FROM professionnels WHERE id = OLD.professionnel_id
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;

-- The rating of a request enters the average of the CEE who answered it.
CREATE TRIGGER demandes_note_vivier AFTER UPDATE OF note ON demandes WHEN OLD.note IS NOT NEW.note BEGIN
    INSERT INTO versions_vivier (academie, version)
        SELECT DISTINCT c.academie, 1 FROM sollicitations s JOIN conseillers c ON c.id = s.conseiller_id WHERE s.demande_id = NEW.id
        ON CONFLICT (academie) DO UPDATE SET version = version + 1;
END;

-- Lists of requests (store.ListDemandes, the web's and the API's), the
-- soonest first: read in the index's order up to the page, and counted from
-- the index alone (the reader's drafts through etat and auteur_id). The
-- API's list of an académie's 10,000 requests sorted them all and read each
-- row to count them: 49 ms of CPU per page on the national SQLite demo.
CREATE INDEX demandes_liste ON demandes (academie, (CASE WHEN premier_jour IS NULL THEN 1 ELSE 0 END), premier_jour, id, etat, auteur_id);
CREATE INDEX demandes_liste_national ON demandes ((CASE WHEN premier_jour IS NULL THEN 1 ELSE 0 END), premier_jour, id, etat, auteur_id);

-- A CEE's solicitations, theirs or passed on by them (SollicitationsOfConseiller,
-- their home page): with no index on transmis_par the OR read every
-- solicitation of France (85 ms of CPU per home page on the national
-- SQLite demo).
CREATE INDEX sollicitations_transmises ON sollicitations (transmis_par) WHERE transmis_par IS NOT NULL;
