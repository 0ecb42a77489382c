"""organization: companies, branches and sites, departments, cost centres, members

Revision ID: organization_0001
Revises:
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "organization_0001"
down_revision = None
branch_labels = ("organization",)
depends_on = "platform_0001"
S = "organization"
TABLES = ("company", "branch", "department", "cost_centre", "company_member")


def _common() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
    ]


def _stamps() -> list[sa.Column]:
    return [sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
            sa.Column("updated_at", vdb.UtcDateTime(), nullable=False)]


def _fk(col: str, table: str, owner: str) -> sa.Column:
    return sa.Column(col, sa.Uuid(), sa.ForeignKey(f"{S}.{table}.id", name=f"fk_{owner}_{col}_{table}"))


def upgrade() -> None:
    op.create_table(
        "company", *_common(),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_bn", sa.String(200)),
        sa.Column("tin", sa.String(20)),
        sa.Column("bin", sa.String(20)),
        sa.Column("trade_licence", sa.String(60)),
        sa.Column("base_currency", sa.String(3), nullable=False),
        sa.Column("fiscal_year_start_month", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(60), nullable=False),
        sa.Column("weekend_days", sa.String(40), nullable=False),
        sa.Column("address", sa.String(400)),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_stamps(),
        sa.UniqueConstraint("tenant_id", "code", name="uq_company_tenant_id_code"),
        schema=S,
    )
    op.create_table(
        "branch", *_common(),
        sa.Column("company_id", sa.Uuid(), sa.ForeignKey(f"{S}.company.id", name="fk_branch_company_id_company"),
                  nullable=False, index=True),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_bn", sa.String(200)),
        sa.Column("address", sa.String(400)),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_stamps(),
        sa.UniqueConstraint("company_id", "code", name="uq_branch_company_id_code"),
        schema=S,
    )
    op.create_table(
        "department", *_common(),
        sa.Column("company_id", sa.Uuid(), sa.ForeignKey(f"{S}.company.id",
                                                         name="fk_department_company_id_company"),
                  nullable=False, index=True),
        _fk("branch_id", "branch", "department"),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_bn", sa.String(200)),
        *_stamps(),
        sa.UniqueConstraint("company_id", "code", name="uq_department_company_id_code"),
        schema=S,
    )
    op.create_table(
        "cost_centre", *_common(),
        sa.Column("company_id", sa.Uuid(), sa.ForeignKey(f"{S}.company.id",
                                                         name="fk_cost_centre_company_id_company"),
                  nullable=False, index=True),
        _fk("department_id", "department", "cost_centre"),
        _fk("branch_id", "branch", "cost_centre"),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_bn", sa.String(200)),
        *_stamps(),
        sa.UniqueConstraint("company_id", "code", name="uq_cost_centre_company_id_code"),
        schema=S,
    )
    op.create_table(
        "company_member", *_common(),
        sa.Column("company_id", sa.Uuid(), sa.ForeignKey(f"{S}.company.id",
                                                         name="fk_company_member_company_id_company"),
                  nullable=False, index=True),
        sa.Column("user_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("title", sa.String(120)),
        sa.UniqueConstraint("company_id", "user_id", name="uq_company_member_company_id_user_id"),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for t in reversed(TABLES):
        op.drop_table(t, schema=S)
