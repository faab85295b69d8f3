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
    calcule_le  TIMESTAMPTZ NOT NULL
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

CREATE FUNCTION version_academie_suivante(a TEXT) RETURNS VOID LANGUAGE sql AS $$
    INSERT INTO versions_academie (academie, version) VALUES (a, 1)
        ON CONFLICT (academie) DO UPDATE SET version = versions_academie.version + 1;
$$;

CREATE FUNCTION version_academie_ligne() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_TABLE_NAME = 'sollicitations' THEN
        PERFORM version_academie_suivante(d.academie) FROM demandes d WHERE d.id = r.demande_id;
    ELSE
        PERFORM version_academie_suivante(r.academie);
        IF TG_OP = 'UPDATE' AND OLD.academie <> NEW.academie THEN
            PERFORM version_academie_suivante(OLD.academie);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER demandes_version AFTER INSERT OR UPDATE OR DELETE ON demandes
    FOR EACH ROW EXECUTE FUNCTION version_academie_ligne();
CREATE TRIGGER sollicitations_version AFTER INSERT OR UPDATE OR DELETE ON sollicitations
    FOR EACH ROW EXECUTE FUNCTION version_academie_ligne();
CREATE TRIGGER designations_version AFTER INSERT OR UPDATE OR DELETE ON designations
    FOR EACH ROW EXECUTE FUNCTION version_academie_ligne();
