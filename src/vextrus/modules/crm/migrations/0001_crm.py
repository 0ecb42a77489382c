"""leads, opportunities, activities, tenders

Revision ID: crm_0001
Revises:
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db
from vextrus.platform.tenancy import rls_policy_sql

revision = "crm_0001"
down_revision = None
branch_labels = ('crm',)
depends_on = "platform_0001"
TABLES = ("crm_activity", "crm_lead", "crm_opportunity", "crm_tender")


def upgrade() -> None:
    op.create_table('crm_activity',
    sa.Column('opportunity_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('due_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_activity')),
    schema='crm'
    )
    op.create_index('ix_crm_activity_due', 'crm_activity', ['tenant_id', 'done', 'due_at'], unique=False, schema='crm')
    op.create_index('ix_crm_activity_opportunity', 'crm_activity', ['opportunity_id'], unique=False, schema='crm')
    op.create_index(op.f('ix_crm_activity_tenant_id'), 'crm_activity', ['tenant_id'], unique=False, schema='crm')
    op.create_table('crm_lead',
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('mobile', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('nid', sa.String(length=20), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('unit_type', sa.String(length=20), nullable=True),
    sa.Column('budget', vextrus.platform.db.Amount(2), nullable=True),
    sa.Column('area_sft', vextrus.platform.db.Amount(2), nullable=True),
    sa.Column('salesperson_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('party_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_lead')),
    schema='crm'
    )
    op.create_index('ix_crm_lead_email', 'crm_lead', ['tenant_id', 'email'], unique=False, schema='crm')
    op.create_index('ix_crm_lead_mobile', 'crm_lead', ['tenant_id', 'mobile'], unique=False, schema='crm')
    op.create_index('ix_crm_lead_nid', 'crm_lead', ['tenant_id', 'nid'], unique=False, schema='crm')
    op.create_index(op.f('ix_crm_lead_tenant_id'), 'crm_lead', ['tenant_id'], unique=False, schema='crm')
    op.create_table('crm_opportunity',
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('lead_id', sa.Uuid(), nullable=True),
    sa.Column('party_id', sa.Uuid(), nullable=True),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('lost_reason', sa.String(length=500), nullable=True),
    sa.Column('expected_value', vextrus.platform.db.Amount(2), nullable=False),
    sa.Column('expected_close', sa.Date(), nullable=True),
    sa.Column('salesperson_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_opportunity')),
    schema='crm'
    )
    op.create_index('ix_crm_opportunity_stage', 'crm_opportunity', ['tenant_id', 'stage'], unique=False, schema='crm')
    op.create_index(op.f('ix_crm_opportunity_tenant_id'), 'crm_opportunity', ['tenant_id'], unique=False, schema='crm')
    op.create_table('crm_tender',
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('procuring_entity', sa.String(length=200), nullable=False),
    sa.Column('egp_reference', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('closing_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('bid_security_amount', vextrus.platform.db.Amount(2), nullable=False),
    sa.Column('bid_security_form', sa.String(length=20), nullable=False),
    sa.Column('estimated_value', vextrus.platform.db.Amount(2), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('bid_price', vextrus.platform.db.Amount(2), nullable=True),
    sa.Column('winner_name', sa.String(length=200), nullable=True),
    sa.Column('winner_price', vextrus.platform.db.Amount(2), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crm_tender')),
    schema='crm'
    )
    op.create_index('ix_crm_tender_closing', 'crm_tender', ['tenant_id', 'closing_at'], unique=False, schema='crm')
    op.create_index(op.f('ix_crm_tender_tenant_id'), 'crm_tender', ['tenant_id'], unique=False, schema='crm')
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for sql in rls_policy_sql(f"crm.{table}"):
                op.execute(sql)


def downgrade() -> None:
    op.drop_index(op.f('ix_crm_tender_tenant_id'), table_name='crm_tender', schema='crm')
    op.drop_index('ix_crm_tender_closing', table_name='crm_tender', schema='crm')
    op.drop_table('crm_tender', schema='crm')
    op.drop_index(op.f('ix_crm_opportunity_tenant_id'), table_name='crm_opportunity', schema='crm')
    op.drop_index('ix_crm_opportunity_stage', table_name='crm_opportunity', schema='crm')
    op.drop_table('crm_opportunity', schema='crm')
    op.drop_index(op.f('ix_crm_lead_tenant_id'), table_name='crm_lead', schema='crm')
    op.drop_index('ix_crm_lead_nid', table_name='crm_lead', schema='crm')
    op.drop_index('ix_crm_lead_mobile', table_name='crm_lead', schema='crm')
    op.drop_index('ix_crm_lead_email', table_name='crm_lead', schema='crm')
    op.drop_table('crm_lead', schema='crm')
    op.drop_index(op.f('ix_crm_activity_tenant_id'), table_name='crm_activity', schema='crm')
    op.drop_index('ix_crm_activity_opportunity', table_name='crm_activity', schema='crm')
    op.drop_index('ix_crm_activity_due', table_name='crm_activity', schema='crm')
    op.drop_table('crm_activity', schema='crm')
