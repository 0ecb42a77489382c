"""platform: row-level security without an "all tenants" value; the relay reads tenant by tenant

Revision ID: platform_0003
Revises: platform_0002
Create Date: 2026-12-04

Until now the policy of every tenant table let a session that set `vextrus.tenant_id = '*'`
see every tenant, and any session of the application role could set it. The policies are
recreated (every `tenant_isolation` policy in the database, whichever module made it) so that a
session sees only the one tenant it names, and none without one; '*' is now just not a tenant.
Work across tenants loops over the tenant list: `platform.pending_outbox_events` does so for the
outbox relay, with a partial index so each tenant's probe reads only its unpublished events.
Runs after the revisions that made the policies (depends_on), PostgreSQL only.
"""
from alembic import op

from vextrus.platform.tenancy import TENANT_SETTING, rls_policy_sql

revision = "platform_0003"
down_revision = "platform_0002"
branch_labels = None
# the revisions that made policies (a later one calling rls_policy_sql already makes the new kind)
depends_on = ("auth_0001", "configuration_0001", "finance_0001", "master_data_0003", "organization_0001",
              "projects_0001")

PENDING_EVENTS = f"""CREATE OR REPLACE FUNCTION platform.pending_outbox_events(max_rows integer)
RETURNS SETOF platform.outbox_event
LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  previous text := current_setting('{TENANT_SETTING}', true);
  candidate uuid;
BEGIN
  PERFORM set_config('{TENANT_SETTING}', '', true);  -- the platform's own events (no tenant)
  RETURN QUERY SELECT * FROM platform.outbox_event e WHERE e.published_at IS NULL ORDER BY e.id LIMIT max_rows;
  FOR candidate IN SELECT id FROM platform.tenant ORDER BY id LOOP
    PERFORM set_config('{TENANT_SETTING}', candidate::text, true);
    RETURN QUERY SELECT * FROM platform.outbox_event e
      WHERE e.tenant_id = candidate AND e.published_at IS NULL ORDER BY e.id LIMIT max_rows;
  END LOOP;
  PERFORM set_config('{TENANT_SETTING}', COALESCE(previous, ''), true);
END
$fn$"""


def _tables_with_policy() -> list[str]:
    rows = op.get_bind().exec_driver_sql(
        "SELECT schemaname, tablename FROM pg_policies WHERE policyname = 'tenant_isolation' "
        "ORDER BY schemaname, tablename").all()
    return [f'"{s}"."{t}"' for s, t in rows]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _tables_with_policy():
        for sql in rls_policy_sql(table, platform_rows=table == '"platform"."outbox_event"'):
            op.execute(sql)
    op.execute("CREATE INDEX IF NOT EXISTS ix_outbox_event_tenant_pending ON platform.outbox_event "
               "(tenant_id, id) WHERE published_at IS NULL")
    op.execute(PENDING_EVENTS)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS platform.pending_outbox_events(integer)")
    op.execute("DROP INDEX IF EXISTS platform.ix_outbox_event_tenant_pending")
    setting = f"current_setting('{TENANT_SETTING}', true)"
    for table in _tables_with_policy():  # the policy as platform_0002 and the modules' 0001 made it
        op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
        op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ((SELECT {setting}) = '*' OR "
                   f"tenant_id = (SELECT NULLIF(NULLIF({setting}, ''), '*')::uuid))")
