"""master_data: parties, items, prices, search index, references

Revision ID: master_data_0001
Revises:
Create Date: 2026-11-23

Generated against PostgreSQL, then: exact amounts as BIGINT (platform `Amount`), prefix
indexes with text_pattern_ops on PostgreSQL (LIKE 'abc%' uses the B-tree whatever the
collation), and row-level security on every tenant table.
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db
from vextrus.platform.tenancy import rls_policy_sql

S = "master_data"
TENANT_TABLES = ("party", "party_role", "party_identifier", "party_contact", "party_address",
                 "party_bank_account", "party_wallet", "party_document", "party_merge", "item",
                 "item_conversion", "item_price", "search_term", "master_reference")


revision = "master_data_0001"
down_revision = None
branch_labels = ('master_data',)
depends_on = "platform_0001"


def upgrade() -> None:
    op.create_table('item',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_bn', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('base_unit', sa.String(length=10), nullable=False),
    sa.Column('hs_code', sa.String(length=12), nullable=True),
    sa.Column('vat_category', sa.String(length=64), nullable=True),
    sa.Column('withholding_category', sa.String(length=64), nullable=True),
    sa.Column('standard_cost', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('specification', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('search_key', sa.String(length=300), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item')),
    sa.UniqueConstraint('tenant_id', 'code', name=op.f('uq_item_tenant_id_code')),
    schema='master_data'
    )
    op.create_index(op.f('ix_item_tenant_id'), 'item', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('master_reference',
    sa.Column('target_kind', sa.String(length=10), nullable=False),
    sa.Column('target_id', sa.Uuid(), nullable=False),
    sa.Column('by_module', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.String(length=80), nullable=False),
    sa.Column('created_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_master_reference')),
    sa.UniqueConstraint('tenant_id', 'target_kind', 'target_id', 'by_module', 'document_id', name=op.f('uq_master_reference_tenant_id_target_kind_target_id_by_module_document_id')),
    schema='master_data'
    )
    op.create_index('ix_master_reference_target', 'master_reference', ['tenant_id', 'target_kind', 'target_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_master_reference_tenant_id'), 'master_reference', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('party',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('legal_name', sa.String(length=300), nullable=False),
    sa.Column('legal_name_bn', sa.String(length=300), nullable=True),
    sa.Column('party_type', sa.String(length=20), nullable=False),
    sa.Column('tin', sa.String(length=12), nullable=True),
    sa.Column('bin', sa.String(length=13), nullable=True),
    sa.Column('nid', sa.String(length=17), nullable=True),
    sa.Column('trade_licence', sa.String(length=80), nullable=True),
    sa.Column('trade_licence_authority', sa.String(length=200), nullable=True),
    sa.Column('mobile', sa.String(length=16), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('payment_terms_days', sa.Integer(), nullable=False),
    sa.Column('payment_terms_text', sa.String(length=200), nullable=True),
    sa.Column('credit_limit', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('vendor_categories', sa.JSON(), nullable=False),
    sa.Column('default_vat_category', sa.String(length=64), nullable=True),
    sa.Column('default_withholding_category', sa.String(length=64), nullable=True),
    sa.Column('retention_percent', sa.BigInteger(), nullable=True),
    sa.Column('vendor_status', sa.String(length=20), nullable=True),
    sa.Column('status_reason', sa.String(length=500), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('merged_into', sa.Uuid(), nullable=True),
    sa.Column('search_key', sa.String(length=300), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merged_into'], ['master_data.party.id'], name=op.f('fk_party_merged_into_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party')),
    sa.UniqueConstraint('tenant_id', 'code', name=op.f('uq_party_tenant_id_code')),
    schema='master_data'
    )
    op.create_index(op.f('ix_party_tenant_id'), 'party', ['tenant_id'], unique=False, schema='master_data')
    op.create_index('ix_party_tenant_search_key', 'party', ['tenant_id', 'search_key'], unique=False, schema='master_data',
                    postgresql_ops={'search_key': 'text_pattern_ops'})
    op.create_table('search_term',
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('term', sa.String(length=300), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'entity_id', 'term', name=op.f('pk_search_term')),
    schema='master_data'
    )
    op.create_index('ix_search_term_prefix', 'search_term', ['tenant_id', 'kind', 'term'], unique=False, schema='master_data',
                    postgresql_ops={'term': 'text_pattern_ops'})
    op.create_index(op.f('ix_search_term_tenant_id'), 'search_term', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('item_conversion',
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('from_unit', sa.String(length=10), nullable=False),
    sa.Column('to_unit', sa.String(length=10), nullable=False),
    sa.Column('factor', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['master_data.item.id'], name=op.f('fk_item_conversion_item_id_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_conversion')),
    schema='master_data'
    )
    op.create_index(op.f('ix_item_conversion_item_id'), 'item_conversion', ['item_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_item_conversion_tenant_id'), 'item_conversion', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('item_price',
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('price_list', sa.String(length=40), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['master_data.item.id'], name=op.f('fk_item_price_item_id_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_price')),
    sa.UniqueConstraint('item_id', 'price_list', 'unit', 'valid_from', name=op.f('uq_item_price_item_id_price_list_unit_valid_from')),
    schema='master_data'
    )
    op.create_index(op.f('ix_item_price_item_id'), 'item_price', ['item_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_item_price_tenant_id'), 'item_price', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('party_address',
    sa.Column('party_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('line1', sa.String(length=300), nullable=False),
    sa.Column('line2', sa.String(length=300), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('division', sa.String(length=4), nullable=True),
    sa.Column('district', sa.String(length=4), nullable=True),
    sa.Column('upazila', sa.String(length=10), nullable=True),
    sa.Column('postcode', sa.String(length=8), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['party_id'], ['master_data.party.id'], name=op.f('fk_party_address_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_address')),
    schema='master_data'
    )
    op.create_index(op.f('ix_party_address_party_id'), 'party_address', ['party_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_party_address_tenant_id'), 'party_address', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('party_bank_account',
    sa.Column('party_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('bank_name', sa.String(length=200), nullable=False),
    sa.Column('branch_name', sa.String(length=200), nullable=True),
    sa.Column('account_name', sa.String(length=200), nullable=False),
    sa.Column('account_number', sa.String(length=40), nullable=False),
    sa.Column('routing_number', sa.String(length=9), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['party_id'], ['master_data.party.id'], name=op.f('fk_party_bank_account_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_bank_account')),
    schema='master_data'
    )
    op.create_index(op.f('ix_party_bank_account_party_id'), 'party_bank_account', ['party_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_party_bank_account_tenant_id'), 'party_bank_account', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('party_contact',
    sa.Column('party_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('designation', sa.String(length=120), nullable=True),
    sa.Column('mobile', sa.String(length=16), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['party_id'], ['master_data.party.id'], name=op.f('fk_party_contact_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_contact')),
    schema='master_data'
    )
    op.create_index(op.f('ix_party_contact_party_id'), 'party_contact', ['party_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_party_contact_tenant_id'), 'party_contact', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('party_document',
    sa.Column('party_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('number', sa.String(length=80), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('issuing_authority', sa.String(length=200), nullable=True),
    sa.Column('file_id', sa.String(length=64), nullable=True),
    sa.Column('reminded_for', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['party_id'], ['master_data.party.id'], name=op.f('fk_party_document_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_document')),
    schema='master_data'
    )
    op.create_index(op.f('ix_party_document_expires_on'), 'party_document', ['expires_on'], unique=False, schema='master_data')
    op.create_index(op.f('ix_party_document_party_id'), 'party_document', ['party_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_party_document_tenant_id'), 'party_document', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('party_identifier',
    sa.Column('party_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', sa.String(length=240), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['party_id'], ['master_data.party.id'], name=op.f('fk_party_identifier_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_identifier')),
    schema='master_data'
    )
    op.create_index('ix_party_identifier_lookup', 'party_identifier', ['tenant_id', 'kind', 'value'], unique=False, schema='master_data')
    op.create_index(op.f('ix_party_identifier_party_id'), 'party_identifier', ['party_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_party_identifier_tenant_id'), 'party_identifier', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('party_merge',
    sa.Column('survivor_id', sa.Uuid(), nullable=False),
    sa.Column('merged_id', sa.Uuid(), nullable=False),
    sa.Column('decisions', sa.JSON(), nullable=False),
    sa.Column('merged_snapshot', sa.JSON(), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('merged_at', vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['merged_id'], ['master_data.party.id'], name=op.f('fk_party_merge_merged_id_party')),
    sa.ForeignKeyConstraint(['survivor_id'], ['master_data.party.id'], name=op.f('fk_party_merge_survivor_id_party')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_merge')),
    schema='master_data'
    )
    op.create_index(op.f('ix_party_merge_merged_id'), 'party_merge', ['merged_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_party_merge_survivor_id'), 'party_merge', ['survivor_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_party_merge_tenant_id'), 'party_merge', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('party_role',
    sa.Column('party_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['party_id'], ['master_data.party.id'], name=op.f('fk_party_role_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_role')),
    sa.UniqueConstraint('party_id', 'role', name=op.f('uq_party_role_party_id_role')),
    schema='master_data'
    )
    op.create_index(op.f('ix_party_role_party_id'), 'party_role', ['party_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_party_role_tenant_id'), 'party_role', ['tenant_id'], unique=False, schema='master_data')
    op.create_table('party_wallet',
    sa.Column('party_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['party_id'], ['master_data.party.id'], name=op.f('fk_party_wallet_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_wallet')),
    schema='master_data'
    )
    op.create_index(op.f('ix_party_wallet_party_id'), 'party_wallet', ['party_id'], unique=False, schema='master_data')
    op.create_index(op.f('ix_party_wallet_tenant_id'), 'party_wallet', ['tenant_id'], unique=False, schema='master_data')
    if op.get_bind().dialect.name == "postgresql":
        for table in TENANT_TABLES:
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    op.drop_index(op.f('ix_party_wallet_tenant_id'), table_name='party_wallet', schema='master_data')
    op.drop_index(op.f('ix_party_wallet_party_id'), table_name='party_wallet', schema='master_data')
    op.drop_table('party_wallet', schema='master_data')
    op.drop_index(op.f('ix_party_role_tenant_id'), table_name='party_role', schema='master_data')
    op.drop_index(op.f('ix_party_role_party_id'), table_name='party_role', schema='master_data')
    op.drop_table('party_role', schema='master_data')
    op.drop_index(op.f('ix_party_merge_tenant_id'), table_name='party_merge', schema='master_data')
    op.drop_index(op.f('ix_party_merge_survivor_id'), table_name='party_merge', schema='master_data')
    op.drop_index(op.f('ix_party_merge_merged_id'), table_name='party_merge', schema='master_data')
    op.drop_table('party_merge', schema='master_data')
    op.drop_index(op.f('ix_party_identifier_tenant_id'), table_name='party_identifier', schema='master_data')
    op.drop_index(op.f('ix_party_identifier_party_id'), table_name='party_identifier', schema='master_data')
    op.drop_index('ix_party_identifier_lookup', table_name='party_identifier', schema='master_data')
    op.drop_table('party_identifier', schema='master_data')
    op.drop_index(op.f('ix_party_document_tenant_id'), table_name='party_document', schema='master_data')
    op.drop_index(op.f('ix_party_document_party_id'), table_name='party_document', schema='master_data')
    op.drop_index(op.f('ix_party_document_expires_on'), table_name='party_document', schema='master_data')
    op.drop_table('party_document', schema='master_data')
    op.drop_index(op.f('ix_party_contact_tenant_id'), table_name='party_contact', schema='master_data')
    op.drop_index(op.f('ix_party_contact_party_id'), table_name='party_contact', schema='master_data')
    op.drop_table('party_contact', schema='master_data')
    op.drop_index(op.f('ix_party_bank_account_tenant_id'), table_name='party_bank_account', schema='master_data')
    op.drop_index(op.f('ix_party_bank_account_party_id'), table_name='party_bank_account', schema='master_data')
    op.drop_table('party_bank_account', schema='master_data')
    op.drop_index(op.f('ix_party_address_tenant_id'), table_name='party_address', schema='master_data')
    op.drop_index(op.f('ix_party_address_party_id'), table_name='party_address', schema='master_data')
    op.drop_table('party_address', schema='master_data')
    op.drop_index(op.f('ix_item_price_tenant_id'), table_name='item_price', schema='master_data')
    op.drop_index(op.f('ix_item_price_item_id'), table_name='item_price', schema='master_data')
    op.drop_table('item_price', schema='master_data')
    op.drop_index(op.f('ix_item_conversion_tenant_id'), table_name='item_conversion', schema='master_data')
    op.drop_index(op.f('ix_item_conversion_item_id'), table_name='item_conversion', schema='master_data')
    op.drop_table('item_conversion', schema='master_data')
    op.drop_index(op.f('ix_search_term_tenant_id'), table_name='search_term', schema='master_data')
    op.drop_index('ix_search_term_prefix', table_name='search_term', schema='master_data')
    op.drop_table('search_term', schema='master_data')
    op.drop_index('ix_party_tenant_search_key', table_name='party', schema='master_data')
    op.drop_index(op.f('ix_party_tenant_id'), table_name='party', schema='master_data')
    op.drop_table('party', schema='master_data')
    op.drop_index(op.f('ix_master_reference_tenant_id'), table_name='master_reference', schema='master_data')
    op.drop_index('ix_master_reference_target', table_name='master_reference', schema='master_data')
    op.drop_table('master_reference', schema='master_data')
    op.drop_index(op.f('ix_item_tenant_id'), table_name='item', schema='master_data')
    op.drop_table('item', schema='master_data')
