-- Nothing to change on SQLite: this number brings the PostgreSQL schema back
-- to this one (8-byte floats, times with their time zone; see
-- migrations/postgres/0020_parite_schemas.sql).
SELECT 1;
