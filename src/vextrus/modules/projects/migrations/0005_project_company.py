"""projects: a project belongs to a company of the tenant (company scoping)

Revision ID: projects_0005
Revises: projects_0004
Create Date: 2026-12-04

`company_id` is the organization module's company (an id, no foreign key: modules share no
tables). Existing projects go to their tenant's first company (by code, as the demo book does), which for nearly
every tenant is its only one; a tenant without companies (or without the organization module)
keeps NULL, which only system work and contexts without an active company reach.
On PostgreSQL the backfill runs tenant by tenant with `vextrus.tenant_id` set, so it works
under row-level security whatever the migration role may bypass.
"""
import sqlalchemy as sa
from alembic import op

revision = "projects_0005"
down_revision = "projects_0004"
branch_labels = None
depends_on = None


def _pg() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map
    return "projects" if _pg() else None


def upgrade() -> None:
    S = _schema()
    op.add_column("project", sa.Column("company_id", sa.Uuid(), nullable=True), schema=S)
    op.create_index("ix_project_company_id", "project", ["company_id"], unique=False, schema=S)
    bind = op.get_bind()
    insp = sa.inspect(bind)
    org_schema = "organization" if _pg() else None
    # organization_0002 renames `company` to `organization_company`; either may be there when this runs
    name = next((n for n in ("organization_company", "company") if insp.has_table(n, schema=org_schema)), None)
    if name is None:
        return  # the organization module is not installed: nothing to backfill from
    project = '"projects"."project"' if _pg() else "project"
    company = f'"organization"."{name}"' if _pg() else name
    backfill = sa.text(
        f"UPDATE {project} SET company_id = (SELECT c.id FROM {company} c WHERE c.tenant_id = {project}.tenant_id "
        f"ORDER BY c.code, c.id LIMIT 1) WHERE company_id IS NULL")
    if not _pg():
        bind.execute(backfill)
        return
    tenants = bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all()
    for tid in tenants:
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        bind.execute(backfill)
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def downgrade() -> None:
    S = _schema()
    op.drop_index("ix_project_company_id", table_name="project", schema=S)
    # A plain DROP COLUMN (SQLite 3.35+), not batch mode (see projects_0004)
    op.drop_column("project", "company_id", schema=S)
