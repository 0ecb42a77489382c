"""auth: the tenant of a sign-in email, token or API key found by one index probe, not tenant by tenant

Revision ID: auth_0006
Revises: auth_0005
Create Date: 2026-12-07

auth_0005's lookups tried every tenant in turn (row-level security shows one tenant at a time), so a
sign-in cost O(tenants) statements. Now a directory of the keys that begin a session (`kind`, `key`,
`tenant_id`) sits in a schema of its own, `auth_lookup`, that the runtime role cannot use at all
(`migrations.grant_runtime_role` grants only the modules' schemas): triggers owned by the owner keep
it in step with the rows (SECURITY DEFINER, so the runtime role's writes reach it), and the same
lookup functions, now SECURITY DEFINER too, answer one exact key with its tenant and nothing else.
What a caller learns is what auth_0005's functions told it; what it cannot do is list the directory.
PostgreSQL only: SQLite has no row-level security and reads the tables directly.
"""
from alembic import op

from vextrus.platform.tenancy import tenant_lookup_sql

revision = "auth_0006"
down_revision = "auth_0005"
branch_labels = None
depends_on = None

# (lookup function, kind, table, column): the keys that begin a session before the tenant is known
KEYS = [
    ("auth.tenant_of_email", "email", "auth.auth_user", "email"),
    ("auth.tenant_of_refresh_token", "refresh_token", "auth.auth_refresh_token", "token_hash"),
    ("auth.tenant_of_password_reset", "password_reset", "auth.auth_password_reset", "token_hash"),
    ("auth.tenant_of_api_key", "api_key", "auth.auth_api_key", "prefix"),
]
SAFE = "SET search_path = pg_catalog, pg_temp"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE SCHEMA IF NOT EXISTS auth_lookup")
    op.execute("REVOKE ALL ON SCHEMA auth_lookup FROM PUBLIC")
    op.execute("""CREATE TABLE auth_lookup.tenant_key (
        kind text NOT NULL, key text NOT NULL, tenant_id uuid NOT NULL, PRIMARY KEY (kind, key))""")
    op.execute(f"""CREATE FUNCTION auth_lookup.keep_tenant_key() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER {SAFE} AS $fn$
DECLARE
  key_kind text := TG_ARGV[0];
  old_key text := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) ->> TG_ARGV[1] END;
  new_key text := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) ->> TG_ARGV[1] END;
BEGIN
  IF old_key IS NOT NULL AND old_key IS DISTINCT FROM new_key THEN
    DELETE FROM auth_lookup.tenant_key k WHERE k.kind = key_kind AND k.key = old_key;
  END IF;
  IF new_key IS NOT NULL AND (TG_OP = 'INSERT' OR old_key IS DISTINCT FROM new_key) THEN
    -- the key columns are unique, so a row already there is stale (e.g. left by a TRUNCATE): replace it
    INSERT INTO auth_lookup.tenant_key AS k VALUES (key_kind, new_key, NEW.tenant_id)
      ON CONFLICT (kind, key) DO UPDATE SET tenant_id = EXCLUDED.tenant_id;
  END IF;
  RETURN NULL;
END
$fn$""")
    for function, kind, table, column in KEYS:
        trigger = f"keep_{kind}_directory"
        op.execute(f"CREATE TRIGGER {trigger} AFTER INSERT OR DELETE OR UPDATE OF {column} ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION auth_lookup.keep_tenant_key('{kind}', '{column}')")
        _backfill(kind, table, column)
        op.execute(_lookup_sql(function, f"k.kind = '{kind}' AND k.key = lookup_key"))
    op.execute(_lookup_sql("auth.tenant_with_a_user", "k.kind = 'email'"))


def _backfill(kind: str, table: str, column: str) -> None:
    """The rows already there, tenant by tenant (the owner is under row-level security too)."""
    op.execute(f"""DO $do$
DECLARE
  previous text := current_setting('vextrus.tenant_id', true);
  t uuid;
BEGIN
  FOR t IN SELECT id FROM platform.tenant LOOP
    PERFORM set_config('vextrus.tenant_id', t::text, true);
    INSERT INTO auth_lookup.tenant_key SELECT '{kind}', r.{column}, r.tenant_id FROM {table} r
      WHERE r.{column} IS NOT NULL;
  END LOOP;
  PERFORM set_config('vextrus.tenant_id', COALESCE(previous, ''), true);
END
$do$""")


def _lookup_sql(function: str, where: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION {function}(lookup_key text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER {SAFE} AS $fn$
  SELECT k.tenant_id FROM auth_lookup.tenant_key k WHERE {where} ORDER BY k.tenant_id LIMIT 1
$fn$"""


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for function, kind, table, column in KEYS:
        op.execute(f"DROP TRIGGER IF EXISTS keep_{kind}_directory ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {function}(text)")
        op.execute(tenant_lookup_sql(function, table, column))
    op.execute("DROP FUNCTION IF EXISTS auth.tenant_with_a_user(text)")
    op.execute(tenant_lookup_sql("auth.tenant_with_a_user", "auth.auth_user", None))
    op.execute("DROP SCHEMA auth_lookup CASCADE")
