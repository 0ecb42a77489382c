-- Vextrus connects as an ordinary role that owns its database. It is not a superuser and has no
-- BYPASSRLS, so the row-level security policies (FORCE ROW LEVEL SECURITY) apply to every query.
CREATE ROLE vextrus LOGIN PASSWORD 'vextrus' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE vextrus OWNER vextrus;
