"""crm: quotations (versions with lines) and the quotation number series (issue 19)

Revision ID: crm_0003
Revises: crm_0002
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db
from vextrus.platform.tenancy import rls_policy_sql

revision = "crm_0003"
down_revision = "crm_0002"
branch_labels = None
depends_on = None
TABLES = ("crm_quotation", "crm_quotation_line", "crm_sequence")


def upgrade() -> None:
    op.create_table('crm_quotation',
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Uuid(), nullable=True),
    sa.Column('tender_id', sa.Uuid(), nullable=True),
    sa.Column('party_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('quote_date', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('vat_rate', vextrus.platform.db.Amount(2), nullable=True),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('subtotal', vextrus.platform.db.Amount(2), nullable=False),
    sa.Column('vat', vextrus.platform.db.Amount(2), nullable=False),
    sa.Column('total', vextrus.platform.db.Amount(2), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_quotation')),
    sa.UniqueConstraint('tenant_id', 'number', 'revision', name='uq_crm_quotation_number'),
    schema='crm'
    )
    op.create_index('ix_crm_quotation_opportunity', 'crm_quotation', ['opportunity_id'], unique=False, schema='crm')
    op.create_index('ix_crm_quotation_tender', 'crm_quotation', ['tender_id'], unique=False, schema='crm')
    op.create_index(op.f('ix_crm_quotation_tenant_id'), 'crm_quotation', ['tenant_id'], unique=False, schema='crm')
    op.create_table('crm_quotation_line',
    sa.Column('quotation_id', sa.Uuid(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('item_no', sa.String(length=40), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('quantity', vextrus.platform.db.Amount(4), nullable=False),
    sa.Column('rate', vextrus.platform.db.Amount(2), nullable=False),
    sa.Column('amount', vextrus.platform.db.Amount(2), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_quotation_line')),
    schema='crm'
    )
    op.create_index('ix_crm_quotation_line_quotation', 'crm_quotation_line', ['quotation_id', 'line_no'], unique=False,
                    schema='crm')
    op.create_index(op.f('ix_crm_quotation_line_tenant_id'), 'crm_quotation_line', ['tenant_id'], unique=False,
                    schema='crm')
    op.create_table('crm_sequence',
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('series', sa.String(length=20), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'series', name=op.f('pk_crm_sequence')),
    schema='crm'
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for sql in rls_policy_sql(f"crm.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table, schema='crm')
