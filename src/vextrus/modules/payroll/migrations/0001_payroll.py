"""payroll: employees, salary structures, settings, monthly runs and payslips

Revision ID: payroll_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "payroll_0001"
down_revision = None
branch_labels = ("payroll",)
depends_on = "platform_0001"
S = "payroll"
TABLES = ['payroll_employee', 'payroll_run', 'payroll_setting', 'payroll_structure', 'payroll_payslip']


def upgrade() -> None:
    op.create_table('payroll_employee',
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_bn', sa.String(length=200), nullable=False),
    sa.Column('nid', sa.String(length=20), nullable=False),
    sa.Column('etin', sa.String(length=12), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=True),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('workplace', sa.String(length=10), nullable=False),
    sa.Column('employment_type', sa.String(length=20), nullable=False),
    sa.Column('payment_method', sa.String(length=10), nullable=False),
    sa.Column('account_no', sa.String(length=40), nullable=False),
    sa.Column('joining_date', sa.Date(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=False),
    sa.Column('basic', vdb.Amount(2), nullable=True),
    sa.Column('investment', vdb.Amount(2), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_employee')),
    sa.UniqueConstraint('tenant_id', 'company_id', 'code', name=op.f('uq_payroll_employee_tenant_id_company_id_code')),
    schema='payroll'
    )
    op.create_index(op.f('ix_payroll_employee_tenant_id'), 'payroll_employee', ['tenant_id'], unique=False, schema='payroll')
    op.create_table('payroll_run',
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('festival', sa.String(length=40), nullable=False),
    sa.Column('gross', vdb.Amount(2), nullable=False),
    sa.Column('tax', vdb.Amount(2), nullable=False),
    sa.Column('pf_employee', vdb.Amount(2), nullable=False),
    sa.Column('pf_employer', vdb.Amount(2), nullable=False),
    sa.Column('net', vdb.Amount(2), nullable=False),
    sa.Column('entry_id', sa.Uuid(), nullable=True),
    sa.Column('entry_number', sa.String(length=40), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_run')),
    sa.UniqueConstraint('tenant_id', 'company_id', 'month', name=op.f('uq_payroll_run_tenant_id_company_id_month')),
    schema='payroll'
    )
    op.create_index(op.f('ix_payroll_run_tenant_id'), 'payroll_run', ['tenant_id'], unique=False, schema='payroll')
    op.create_table('payroll_setting',
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_setting')),
    sa.UniqueConstraint('tenant_id', 'company_id', name=op.f('uq_payroll_setting_tenant_id_company_id')),
    schema='payroll'
    )
    op.create_index(op.f('ix_payroll_setting_tenant_id'), 'payroll_setting', ['tenant_id'], unique=False, schema='payroll')
    op.create_table('payroll_structure',
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=False),
    sa.Column('basic', vdb.Amount(2), nullable=False),
    sa.Column('components', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vdb.UtcDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_structure')),
    sa.UniqueConstraint('tenant_id', 'company_id', 'grade', name=op.f('uq_payroll_structure_tenant_id_company_id_grade')),
    schema='payroll'
    )
    op.create_index(op.f('ix_payroll_structure_tenant_id'), 'payroll_structure', ['tenant_id'], unique=False, schema='payroll')
    op.create_table('payroll_payslip',
    sa.Column('run_id', sa.Uuid(), nullable=False),
    sa.Column('employee_id', sa.Uuid(), nullable=False),
    sa.Column('tax_year', sa.String(length=7), nullable=False),
    sa.Column('basic', vdb.Amount(2), nullable=False),
    sa.Column('house_rent', vdb.Amount(2), nullable=False),
    sa.Column('medical', vdb.Amount(2), nullable=False),
    sa.Column('conveyance', vdb.Amount(2), nullable=False),
    sa.Column('other', vdb.Amount(2), nullable=False),
    sa.Column('overtime_hours', vdb.Amount(2), nullable=False),
    sa.Column('overtime', vdb.Amount(2), nullable=False),
    sa.Column('bonus', vdb.Amount(2), nullable=False),
    sa.Column('gross', vdb.Amount(2), nullable=False),
    sa.Column('annual_tax', vdb.Amount(2), nullable=False),
    sa.Column('tax', vdb.Amount(2), nullable=False),
    sa.Column('pf_employee', vdb.Amount(2), nullable=False),
    sa.Column('pf_employer', vdb.Amount(2), nullable=False),
    sa.Column('net', vdb.Amount(2), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['payroll.payroll_run.id'], name=op.f('fk_payroll_payslip_run_id_payroll_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payroll_payslip')),
    sa.UniqueConstraint('run_id', 'employee_id', name=op.f('uq_payroll_payslip_run_id_employee_id')),
    schema='payroll'
    )
    op.create_index(op.f('ix_payroll_payslip_tenant_id'), 'payroll_payslip', ['tenant_id'], unique=False, schema='payroll')
    op.create_index('ix_payroll_payslip_employee', 'payroll_payslip', ['employee_id'], unique=False, schema='payroll')
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table, schema=S)
