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

CREATE FUNCTION version_vivier_suivante(a TEXT) RETURNS VOID LANGUAGE sql AS $$
    INSERT INTO versions_vivier (academie, version) VALUES (a, 1)
        ON CONFLICT (academie) DO UPDATE SET version = versions_vivier.version + 1;
$$;

CREATE FUNCTION version_vivier_ligne() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_TABLE_NAME = 'sollicitations' THEN
        -- A solicitation counts in its CEE's or professional's figures,
        -- whatever the académie of the request.
        PERFORM version_vivier_suivante(c.academie) FROM conseillers c WHERE c.id = r.conseiller_id;
        PERFORM version_vivier_suivante(p.academie) FROM professionnels p WHERE p.id = r.professionnel_id;
    ELSIF TG_TABLE_NAME = 'demandes' THEN
        -- The rating of a request enters the average of the CEE who answered it.
        PERFORM version_vivier_suivante(x.academie) FROM (SELECT DISTINCT c.academie FROM sollicitations s
            JOIN conseillers c ON c.id = s.conseiller_id WHERE s.demande_id = r.id) x;
    ELSE
        PERFORM version_vivier_suivante(r.academie);
        IF TG_OP = 'UPDATE' AND OLD.academie <> NEW.academie THEN
            PERFORM version_vivier_suivante(OLD.academie);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER conseillers_vivier AFTER INSERT OR UPDATE OR DELETE ON conseillers
    FOR EACH ROW EXECUTE FUNCTION version_vivier_ligne();
CREATE TRIGGER professionnels_vivier AFTER INSERT OR UPDATE OR DELETE ON professionnels
    FOR EACH ROW EXECUTE FUNCTION version_vivier_ligne();
CREATE TRIGGER designations_vivier AFTER INSERT OR UPDATE OR DELETE ON designations
    FOR EACH ROW EXECUTE FUNCTION version_vivier_ligne();
CREATE TRIGGER parametres_academie_vivier AFTER INSERT OR UPDATE ON parametres_academie
    FOR EACH ROW EXECUTE FUNCTION version_vivier_ligne();
CREATE TRIGGER sollicitations_vivier AFTER INSERT OR UPDATE OR DELETE ON sollicitations
    FOR EACH ROW EXECUTE FUNCTION version_vivier_ligne();
CREATE TRIGGER demandes_note_vivier AFTER UPDATE OF note ON demandes
    FOR EACH ROW WHEN (OLD.note IS DISTINCT FROM NEW.note) EXECUTE FUNCTION version_vivier_ligne();

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
