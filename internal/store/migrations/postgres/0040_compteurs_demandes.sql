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

-- A change of state takes one from a row and gives one to another: the two
-- rows are locked in the order of their keys, so that two requests moving
-- in opposite directions at once wait for each other instead of
-- deadlocking.
CREATE FUNCTION compteur_demandes_ajouter(a TEXT, dep TEXT, e TEXT, t TEXT, delta BIGINT) RETURNS VOID LANGUAGE sql AS $$
    INSERT INTO compteurs_demandes (academie, departement, etat, type, n) VALUES (a, dep, e, t, delta)
        ON CONFLICT (academie, departement, etat, type) DO UPDATE SET n = compteurs_demandes.n + delta;
$$;

CREATE FUNCTION compteur_demandes_ligne() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM compteur_demandes_ajouter(NEW.academie, NEW.departement, NEW.etat, NEW.type, 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM compteur_demandes_ajouter(OLD.academie, OLD.departement, OLD.etat, OLD.type, -1);
    ELSIF (OLD.academie, OLD.departement, OLD.etat, OLD.type) < (NEW.academie, NEW.departement, NEW.etat, NEW.type) THEN
        PERFORM compteur_demandes_ajouter(OLD.academie, OLD.departement, OLD.etat, OLD.type, -1);
        PERFORM compteur_demandes_ajouter(NEW.academie, NEW.departement, NEW.etat, NEW.type, 1);
    ELSIF (OLD.academie, OLD.departement, OLD.etat, OLD.type) > (NEW.academie, NEW.departement, NEW.etat, NEW.type) THEN
        PERFORM compteur_demandes_ajouter(NEW.academie, NEW.departement, NEW.etat, NEW.type, 1);
        PERFORM compteur_demandes_ajouter(OLD.academie, OLD.departement, OLD.etat, OLD.type, -1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER demandes_compteur AFTER INSERT OR UPDATE OR DELETE ON demandes
    FOR EACH ROW EXECUTE FUNCTION compteur_demandes_ligne();
