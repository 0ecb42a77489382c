-- Two ordinary roles (neither a superuser nor BYPASSRLS; docs/operations.md, "Database roles"):
--   vextrus_owner owns the database and its schemas and runs the migrations (`vextrus migrate`,
--                 VEXTRUS_MIGRATION_DATABASE_URL); no serving process has its password.
--   vextrus       the runtime role of every serving process and worker (VEXTRUS_DATABASE_URL). It owns
--                 nothing: `vextrus migrate` grants it the use of the schemas and the reading and writing
--                 of rows, so row-level security (FORCE ROW LEVEL SECURITY) binds it and it cannot
--                 alter a table, its policies or its triggers.
CREATE ROLE vextrus_owner LOGIN PASSWORD 'vextrus_owner' NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
CREATE ROLE vextrus LOGIN PASSWORD 'vextrus' NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
CREATE DATABASE vextrus OWNER vextrus_owner;
