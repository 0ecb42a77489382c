"""finance: books, chart of accounts, fiscal calendar, journal, balances projection, recurring entries

Revision ID: finance_0001
Revises:
Create Date: 2026-11-23 03:54:20.870794
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "finance_0001"
down_revision = None
branch_labels = ('finance',)
depends_on = "platform_0001"
S = "finance"


def upgrade() -> None:
    op.create_table('finance_balance',
    sa.Column('book_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('period_id', sa.Uuid(), nullable=False),
    sa.Column('commodity', sa.String(length=64), nullable=False),
    sa.Column('dim_key', sa.String(length=160), nullable=False),
    sa.Column('cost_centre_id', sa.Uuid(), nullable=True),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('department_id', sa.Uuid(), nullable=True),
    sa.Column('party_id', sa.Uuid(), nullable=True),
    sa.Column('base_debit', sa.BigInteger(), nullable=False),
    sa.Column('base_credit', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('book_id', 'account_id', 'period_id', 'commodity', 'dim_key', name=op.f('pk_finance_balance')),
    schema='finance'
    )
    op.create_index('ix_finance_balance_period', 'finance_balance', ['book_id', 'period_id'], unique=False, schema='finance')
    op.create_index(op.f('ix_finance_balance_tenant_id'), 'finance_balance', ['tenant_id'], unique=False, schema='finance')
    op.create_table('finance_book',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('base_currency', sa.String(length=3), nullable=False),
    sa.Column('base_commodity', sa.String(length=64), nullable=False),
    sa.Column('fy_start_month', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_book')),
    sa.UniqueConstraint('tenant_id', 'code', name=op.f('uq_finance_book_tenant_id_code')),
    schema='finance'
    )
    op.create_index(op.f('ix_finance_book_tenant_id'), 'finance_book', ['tenant_id'], unique=False, schema='finance')
    op.create_table('finance_account',
    sa.Column('book_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_bn', sa.String(length=200), nullable=False),
    sa.Column('account_type', sa.String(length=20), nullable=False),
    sa.Column('subtype', sa.String(length=40), nullable=True),
    sa.Column('parent_code', sa.String(length=200), nullable=True),
    sa.Column('is_group', sa.Boolean(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('currency', sa.String(length=64), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['finance.finance_book.id'], name=op.f('fk_finance_account_book_id_finance_book')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_account')),
    sa.UniqueConstraint('book_id', 'code', name=op.f('uq_finance_account_book_id_code')),
    schema='finance'
    )
    op.create_index(op.f('ix_finance_account_book_id'), 'finance_account', ['book_id'], unique=False, schema='finance')
    op.create_index(op.f('ix_finance_account_tenant_id'), 'finance_account', ['tenant_id'], unique=False, schema='finance')
    op.create_table('finance_currency',
    sa.Column('book_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('decimals', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['finance.finance_book.id'], name=op.f('fk_finance_currency_book_id_finance_book')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_currency')),
    sa.UniqueConstraint('book_id', 'code', name=op.f('uq_finance_currency_book_id_code')),
    schema='finance'
    )
    op.create_index(op.f('ix_finance_currency_book_id'), 'finance_currency', ['book_id'], unique=False, schema='finance')
    op.create_index(op.f('ix_finance_currency_tenant_id'), 'finance_currency', ['tenant_id'], unique=False, schema='finance')
    op.create_table('finance_exchange_rate',
    sa.Column('book_id', sa.Uuid(), nullable=False),
    sa.Column('currency', sa.String(length=64), nullable=False),
    sa.Column('rate_date', sa.Date(), nullable=False),
    sa.Column('rate', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['finance.finance_book.id'], name=op.f('fk_finance_exchange_rate_book_id_finance_book')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_exchange_rate')),
    sa.UniqueConstraint('book_id', 'currency', 'rate_date', name=op.f('uq_finance_exchange_rate_book_id_currency_rate_date')),
    schema='finance'
    )
    op.create_index(op.f('ix_finance_exchange_rate_book_id'), 'finance_exchange_rate', ['book_id'], unique=False, schema='finance')
    op.create_index(op.f('ix_finance_exchange_rate_tenant_id'), 'finance_exchange_rate', ['tenant_id'], unique=False, schema='finance')
    op.create_table('finance_fiscal_year',
    sa.Column('book_id', sa.Uuid(), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('closing_entry_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['finance.finance_book.id'], name=op.f('fk_finance_fiscal_year_book_id_finance_book')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_fiscal_year')),
    sa.UniqueConstraint('book_id', 'label', name=op.f('uq_finance_fiscal_year_book_id_label')),
    schema='finance'
    )
    op.create_index(op.f('ix_finance_fiscal_year_book_id'), 'finance_fiscal_year', ['book_id'], unique=False, schema='finance')
    op.create_index(op.f('ix_finance_fiscal_year_tenant_id'), 'finance_fiscal_year', ['tenant_id'], unique=False, schema='finance')
    op.create_table('finance_recurring',
    sa.Column('book_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('journal_type', sa.String(length=20), nullable=False),
    sa.Column('narration', sa.String(length=2000), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('day_of_month', sa.Integer(), nullable=False),
    sa.Column('interval_months', sa.Integer(), nullable=False),
    sa.Column('next_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['finance.finance_book.id'], name=op.f('fk_finance_recurring_book_id_finance_book')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_recurring')),
    schema='finance'
    )
    op.create_index(op.f('ix_finance_recurring_book_id'), 'finance_recurring', ['book_id'], unique=False, schema='finance')
    op.create_index(op.f('ix_finance_recurring_tenant_id'), 'finance_recurring', ['tenant_id'], unique=False, schema='finance')
    op.create_table('finance_period',
    sa.Column('book_id', sa.Uuid(), nullable=False),
    sa.Column('fiscal_year_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['finance.finance_book.id'], name=op.f('fk_finance_period_book_id_finance_book')),
    sa.ForeignKeyConstraint(['fiscal_year_id'], ['finance.finance_fiscal_year.id'], name=op.f('fk_finance_period_fiscal_year_id_finance_fiscal_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_period')),
    sa.UniqueConstraint('fiscal_year_id', 'number', name=op.f('uq_finance_period_fiscal_year_id_number')),
    schema='finance'
    )
    op.create_index(op.f('ix_finance_period_book_id'), 'finance_period', ['book_id'], unique=False, schema='finance')
    op.create_index('ix_finance_period_dates', 'finance_period', ['book_id', 'start_date'], unique=False, schema='finance')
    op.create_index(op.f('ix_finance_period_fiscal_year_id'), 'finance_period', ['fiscal_year_id'], unique=False, schema='finance')
    op.create_index(op.f('ix_finance_period_tenant_id'), 'finance_period', ['tenant_id'], unique=False, schema='finance')
    op.create_table('finance_sequence',
    sa.Column('book_id', sa.Uuid(), nullable=False),
    sa.Column('journal_type', sa.String(length=20), nullable=False),
    sa.Column('fiscal_year_id', sa.Uuid(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['finance.finance_book.id'], name=op.f('fk_finance_sequence_book_id_finance_book')),
    sa.ForeignKeyConstraint(['fiscal_year_id'], ['finance.finance_fiscal_year.id'], name=op.f('fk_finance_sequence_fiscal_year_id_finance_fiscal_year')),
    sa.PrimaryKeyConstraint('book_id', 'journal_type', 'fiscal_year_id', name=op.f('pk_finance_sequence')),
    schema='finance'
    )
    op.create_index(op.f('ix_finance_sequence_tenant_id'), 'finance_sequence', ['tenant_id'], unique=False, schema='finance')
    op.create_table('finance_journal_entry',
    sa.Column('book_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=True),
    sa.Column('journal_type', sa.String(length=20), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('period_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('narration', sa.String(length=2000), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('payee', sa.String(length=200), nullable=False),
    sa.Column('mark', sa.String(length=2), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('reverses_id', sa.Uuid(), nullable=True),
    sa.Column('reversed_by_id', sa.Uuid(), nullable=True),
    sa.Column('auto_reverse_on', sa.Date(), nullable=True),
    sa.Column('posted_at', vdb.UtcDateTime(), nullable=True),
    sa.Column('posted_by', sa.String(length=120), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['finance.finance_book.id'], name=op.f('fk_finance_journal_entry_book_id_finance_book')),
    sa.ForeignKeyConstraint(['period_id'], ['finance.finance_period.id'], name=op.f('fk_finance_journal_entry_period_id_finance_period')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_journal_entry')),
    sa.UniqueConstraint('book_id', 'number', name=op.f('uq_finance_journal_entry_book_id_number')),
    schema='finance'
    )
    op.create_index('ix_finance_journal_entry_book_date', 'finance_journal_entry', ['book_id', 'entry_date'], unique=False, schema='finance')
    op.create_table('finance_journal_line',
    sa.Column('entry_id', sa.Uuid(), nullable=False),
    sa.Column('book_id', sa.Uuid(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('period_id', sa.Uuid(), nullable=False),
    sa.Column('posted', sa.Boolean(), nullable=False),
    sa.Column('commodity', sa.String(length=64), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('rate', sa.BigInteger(), nullable=False),
    sa.Column('price_commodity', sa.String(length=64), nullable=True),
    sa.Column('price', sa.BigInteger(), nullable=True),
    sa.Column('cost_commodity', sa.String(length=64), nullable=True),
    sa.Column('cost_quantity', sa.BigInteger(), nullable=True),
    sa.Column('base_debit', sa.BigInteger(), nullable=False),
    sa.Column('base_credit', sa.BigInteger(), nullable=False),
    sa.Column('memo', sa.String(length=1000), nullable=False),
    sa.Column('cost_centre_id', sa.Uuid(), nullable=True),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('activity_code', sa.String(length=80), nullable=True),
    sa.Column('department_id', sa.Uuid(), nullable=True),
    sa.Column('party_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['finance.finance_account.id'], name=op.f('fk_finance_journal_line_account_id_finance_account')),
    sa.ForeignKeyConstraint(['entry_id'], ['finance.finance_journal_entry.id'], name=op.f('fk_finance_journal_line_entry_id_finance_journal_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_journal_line')),
    schema='finance'
    )
    op.create_index('ix_finance_journal_line_account_date', 'finance_journal_line', ['account_id', 'entry_date'], unique=False, schema='finance')
    op.create_index('ix_finance_journal_line_period_date', 'finance_journal_line', ['period_id', 'entry_date'], unique=False, schema='finance')
    op.create_index(op.f('ix_finance_journal_line_entry_id'), 'finance_journal_line', ['entry_id'], unique=False, schema='finance')

    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)
        for sql in APPEND_ONLY_SQL:
            op.execute(sql)


TABLES = ("finance_book", "finance_account", "finance_currency", "finance_exchange_rate", "finance_fiscal_year",
          "finance_period", "finance_sequence", "finance_journal_entry", "finance_journal_line", "finance_balance",
          "finance_recurring")

# Posted lines never change; a posted entry may only move to `reversed` (and record its reversal).
APPEND_ONLY_SQL = [
    f"""CREATE OR REPLACE FUNCTION {S}.refuse_posted_line_change() RETURNS trigger AS $$
BEGIN
  IF OLD.posted THEN
    RAISE EXCEPTION 'posted journal lines are append-only (line %)', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER finance_journal_line_append_only BEFORE UPDATE OR DELETE ON {S}.finance_journal_line
FOR EACH ROW EXECUTE FUNCTION {S}.refuse_posted_line_change()""",
    f"""CREATE OR REPLACE FUNCTION {S}.refuse_posted_entry_change() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'draft' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'posted' AND NEW.status = 'reversed'
     AND NEW.number IS NOT DISTINCT FROM OLD.number AND NEW.entry_date = OLD.entry_date
     AND NEW.journal_type = OLD.journal_type AND NEW.book_id = OLD.book_id
     AND NEW.narration = OLD.narration AND NEW.period_id = OLD.period_id THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'posted journal entries are append-only (entry %)', OLD.id USING ERRCODE = 'check_violation';
END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER finance_journal_entry_append_only BEFORE UPDATE OR DELETE ON {S}.finance_journal_entry
FOR EACH ROW EXECUTE FUNCTION {S}.refuse_posted_entry_change()""",
]


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS finance_journal_line_append_only ON {S}.finance_journal_line")
        op.execute(f"DROP TRIGGER IF EXISTS finance_journal_entry_append_only ON {S}.finance_journal_entry")
    op.drop_index(op.f('ix_finance_journal_line_entry_id'), table_name='finance_journal_line', schema='finance')
    op.drop_index('ix_finance_journal_line_period_date', table_name='finance_journal_line', schema='finance')
    op.drop_index('ix_finance_journal_line_account_date', table_name='finance_journal_line', schema='finance')
    op.drop_table('finance_journal_line', schema='finance')
    op.drop_index('ix_finance_journal_entry_book_date', table_name='finance_journal_entry', schema='finance')
    op.drop_table('finance_journal_entry', schema='finance')
    op.drop_index(op.f('ix_finance_sequence_tenant_id'), table_name='finance_sequence', schema='finance')
    op.drop_table('finance_sequence', schema='finance')
    op.drop_index(op.f('ix_finance_period_tenant_id'), table_name='finance_period', schema='finance')
    op.drop_index(op.f('ix_finance_period_fiscal_year_id'), table_name='finance_period', schema='finance')
    op.drop_index('ix_finance_period_dates', table_name='finance_period', schema='finance')
    op.drop_index(op.f('ix_finance_period_book_id'), table_name='finance_period', schema='finance')
    op.drop_table('finance_period', schema='finance')
    op.drop_index(op.f('ix_finance_recurring_tenant_id'), table_name='finance_recurring', schema='finance')
    op.drop_index(op.f('ix_finance_recurring_book_id'), table_name='finance_recurring', schema='finance')
    op.drop_table('finance_recurring', schema='finance')
    op.drop_index(op.f('ix_finance_fiscal_year_tenant_id'), table_name='finance_fiscal_year', schema='finance')
    op.drop_index(op.f('ix_finance_fiscal_year_book_id'), table_name='finance_fiscal_year', schema='finance')
    op.drop_table('finance_fiscal_year', schema='finance')
    op.drop_index(op.f('ix_finance_exchange_rate_tenant_id'), table_name='finance_exchange_rate', schema='finance')
    op.drop_index(op.f('ix_finance_exchange_rate_book_id'), table_name='finance_exchange_rate', schema='finance')
    op.drop_table('finance_exchange_rate', schema='finance')
    op.drop_index(op.f('ix_finance_currency_tenant_id'), table_name='finance_currency', schema='finance')
    op.drop_index(op.f('ix_finance_currency_book_id'), table_name='finance_currency', schema='finance')
    op.drop_table('finance_currency', schema='finance')
    op.drop_index(op.f('ix_finance_account_tenant_id'), table_name='finance_account', schema='finance')
    op.drop_index(op.f('ix_finance_account_book_id'), table_name='finance_account', schema='finance')
    op.drop_table('finance_account', schema='finance')
    op.drop_index(op.f('ix_finance_book_tenant_id'), table_name='finance_book', schema='finance')
    op.drop_table('finance_book', schema='finance')
    op.drop_index(op.f('ix_finance_balance_tenant_id'), table_name='finance_balance', schema='finance')
    op.drop_index('ix_finance_balance_period', table_name='finance_balance', schema='finance')
    op.drop_table('finance_balance', schema='finance')
