-- The PostgreSQL schema brought back to the SQLite one where they had drifted
-- (found by store.TestSchemasMatch):
-- - a score and a distance were REAL, 4-byte floats, where SQLite keeps 8
--   bytes: the ranking and the distances would round differently;
-- - the bilans' times and schema_migrations.applied_at were TIMESTAMP
--   without time zone where every other time is TIMESTAMPTZ. The store
--   writes them in UTC, so the stored wall clock is read as UTC;
-- - schema_migrations.version was INTEGER where SQLite's INTEGER PRIMARY
--   KEY is a 64-bit rowid.

ALTER TABLE sollicitations ALTER COLUMN score TYPE DOUBLE PRECISION;
ALTER TABLE jury_membres ALTER COLUMN distance_km TYPE DOUBLE PRECISION;
ALTER TABLE bilans
    ALTER COLUMN created_at TYPE TIMESTAMPTZ USING created_at AT TIME ZONE 'UTC',
    ALTER COLUMN updated_at TYPE TIMESTAMPTZ USING updated_at AT TIME ZONE 'UTC';
ALTER TABLE schema_migrations
    ALTER COLUMN version TYPE BIGINT,
    ALTER COLUMN applied_at TYPE TIMESTAMPTZ USING applied_at AT TIME ZONE 'UTC';
