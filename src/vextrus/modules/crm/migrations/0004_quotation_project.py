"""crm: quotation numbers per company; an accepted quotation keeps the project and contract it started

Revision ID: crm_0004
Revises: crm_0003
Create Date: 2026-12-05

Quotation numbers were one series per tenant (`crm_sequence`); they are now per company, taken from the
platform's `platform_document_sequence` (kind `crm.quotation`), whose first use in a company starts after the
highest number that company already has, so the numbers already given stay valid and unique. The unique key
becomes (tenant, company, number, revision) and the old counter table goes. Two columns link an accepted
version to the project and the client contract started from it. SQLite rebuilds the table (batch mode);
PostgreSQL alters it in place.
"""
import sqlalchemy as sa
from alembic import op

from vextrus.platform.tenancy import rls_policy_sql

revision = "crm_0004"
down_revision = "crm_0003"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    """The module's schema on PostgreSQL; None on SQLite (one namespace, names prefixed)."""
    return "crm" if op.get_bind().dialect.name == "postgresql" else None


def _per_tenant(sql: str) -> None:
    """Run `sql` ({s}: the schema prefix) over every tenant's rows (on PostgreSQL with `vextrus.tenant_id` set,
    row-level security being forced, as projects_0006)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        bind.execute(sa.text(sql.format(s="")))
        return
    for tid in bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all():
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        bind.execute(sa.text(sql.format(s="crm.")))
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def upgrade() -> None:
    with op.batch_alter_table("crm_quotation", schema=_schema()) as batch:
        batch.add_column(sa.Column("started_project_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("contract_id", sa.Uuid(), nullable=True))
        batch.drop_constraint("uq_crm_quotation_number", type_="unique")
        batch.create_unique_constraint("uq_crm_quotation_company_number",
                                       ["tenant_id", "company_id", "number", "revision"])
    op.drop_table("crm_sequence", schema=_schema())


def downgrade() -> None:
    # numbers repeated across companies would break the tenant-wide key: the downgrade refuses then
    op.create_table("crm_sequence",
                    sa.Column("tenant_id", sa.Uuid(), nullable=False),
                    sa.Column("series", sa.String(length=20), nullable=False),
                    sa.Column("last_value", sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint("tenant_id", "series", name=op.f("pk_crm_sequence")),
                    schema=_schema())
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql("crm.crm_sequence"):
            op.execute(sql)
    _per_tenant("INSERT INTO {s}crm_sequence (tenant_id, series, last_value) SELECT tenant_id, 'quotation', "
                "MAX(CAST(SUBSTR(number, 4) AS INTEGER)) FROM {s}crm_quotation WHERE number LIKE 'QT-%' "
                "GROUP BY tenant_id")  # the tenant-wide series goes on after the highest number given
    with op.batch_alter_table("crm_quotation", schema=_schema()) as batch:
        batch.drop_constraint("uq_crm_quotation_company_number", type_="unique")
        batch.create_unique_constraint("uq_crm_quotation_number", ["tenant_id", "number", "revision"])
        batch.drop_column("contract_id")
        batch.drop_column("started_project_id")
