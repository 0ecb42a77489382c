"""sales: buildings, units, price lists, bookings with their instalment schedules, receipts, transfers

Revision ID: sales_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "sales_0001"
down_revision = None
branch_labels = ("sales",)
depends_on = "platform_0001"
S = "sales"
TABLES = ('sales_allocation', 'sales_booking', 'sales_building', 'sales_instalment', 'sales_price', 'sales_receipt', 'sales_transfer', 'sales_unit')


def upgrade() -> None:
    op.create_table('sales_allocation',
    sa.Column('booking_id', sa.Uuid(), nullable=False),
    sa.Column('receipt_id', sa.Uuid(), nullable=False),
    sa.Column('instalment_id', sa.Uuid(), nullable=False),
    sa.Column('receipt_date', sa.Date(), nullable=False),
    sa.Column('amount', vdb.Amount(2), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_allocation')),
    schema=S
    )
    op.create_index('ix_sales_allocation_booking', 'sales_allocation', ['booking_id'], unique=False, schema=S)
    op.create_index(op.f('ix_sales_allocation_tenant_id'), 'sales_allocation', ['tenant_id'], unique=False, schema=S)
    op.create_table('sales_booking',
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('unit_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('buyer_party_id', sa.Uuid(), nullable=False),
    sa.Column('booking_date', sa.Date(), nullable=False),
    sa.Column('price', vdb.Amount(2), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('agreement_date', sa.Date(), nullable=True),
    sa.Column('agreement_ref', sa.String(length=80), nullable=False),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('deduction', vdb.Amount(2), nullable=True),
    sa.Column('refund', vdb.Amount(2), nullable=True),
    sa.Column('cancel_entry_id', sa.Uuid(), nullable=True),
    sa.Column('handover_date', sa.Date(), nullable=True),
    sa.Column('handover_entry_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_booking')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_sales_booking_tenant_id_number')),
    schema=S
    )
    op.create_index(op.f('ix_sales_booking_tenant_id'), 'sales_booking', ['tenant_id'], unique=False, schema=S)
    op.create_index('ix_sales_booking_unit', 'sales_booking', ['unit_id'], unique=False, schema=S)
    op.create_table('sales_building',
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_bn', sa.String(length=200), nullable=False),
    sa.Column('floors', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_building')),
    sa.UniqueConstraint('tenant_id', 'project_id', 'code', name=op.f('uq_sales_building_tenant_id_project_id_code')),
    schema=S
    )
    op.create_index(op.f('ix_sales_building_tenant_id'), 'sales_building', ['tenant_id'], unique=False, schema=S)
    op.create_table('sales_instalment',
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('booking_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('label_bn', sa.String(length=120), nullable=False),
    sa.Column('amount', vdb.Amount(2), nullable=False),
    sa.Column('paid', vdb.Amount(2), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('activity_code', sa.String(length=80), nullable=True),
    sa.Column('open', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_instalment')),
    sa.UniqueConstraint('tenant_id', 'booking_id', 'seq', name=op.f('uq_sales_instalment_tenant_id_booking_id_seq')),
    schema=S
    )
    op.create_index('ix_sales_instalment_activity', 'sales_instalment', ['project_id', 'activity_code'], unique=False, schema=S)
    op.create_index('ix_sales_instalment_due', 'sales_instalment', ['company_id', 'open', 'due_date'], unique=False, schema=S)
    op.create_index(op.f('ix_sales_instalment_tenant_id'), 'sales_instalment', ['tenant_id'], unique=False, schema=S)
    op.create_table('sales_price',
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('rate_per_sft', vdb.Amount(2), nullable=False),
    sa.Column('shop_rate_per_sft', vdb.Amount(2), nullable=False),
    sa.Column('parking_charge', vdb.Amount(2), nullable=False),
    sa.Column('utility_charge', vdb.Amount(2), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_price')),
    sa.UniqueConstraint('tenant_id', 'project_id', 'effective_from', name=op.f('uq_sales_price_tenant_id_project_id_effective_from')),
    schema=S
    )
    op.create_index(op.f('ix_sales_price_tenant_id'), 'sales_price', ['tenant_id'], unique=False, schema=S)
    op.create_table('sales_receipt',
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('booking_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('receipt_date', sa.Date(), nullable=False),
    sa.Column('amount', vdb.Amount(2), nullable=False),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('entry_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_receipt')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_sales_receipt_tenant_id_number')),
    schema=S
    )
    op.create_index('ix_sales_receipt_booking', 'sales_receipt', ['booking_id'], unique=False, schema=S)
    op.create_index(op.f('ix_sales_receipt_tenant_id'), 'sales_receipt', ['tenant_id'], unique=False, schema=S)
    op.create_table('sales_transfer',
    sa.Column('booking_id', sa.Uuid(), nullable=False),
    sa.Column('from_party_id', sa.Uuid(), nullable=False),
    sa.Column('to_party_id', sa.Uuid(), nullable=False),
    sa.Column('transfer_date', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_transfer')),
    schema=S
    )
    op.create_index('ix_sales_transfer_booking', 'sales_transfer', ['booking_id'], unique=False, schema=S)
    op.create_index(op.f('ix_sales_transfer_tenant_id'), 'sales_transfer', ['tenant_id'], unique=False, schema=S)
    op.create_table('sales_unit',
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('building_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('floor', sa.Integer(), nullable=False),
    sa.Column('size_sft', vdb.Amount(2), nullable=False),
    sa.Column('facing', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_unit')),
    sa.UniqueConstraint('tenant_id', 'building_id', 'code', name=op.f('uq_sales_unit_tenant_id_building_id_code')),
    schema=S
    )
    op.create_index('ix_sales_unit_building', 'sales_unit', ['building_id', 'floor'], unique=False, schema=S)
    op.create_index(op.f('ix_sales_unit_tenant_id'), 'sales_unit', ['tenant_id'], unique=False, schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table, schema=S)
