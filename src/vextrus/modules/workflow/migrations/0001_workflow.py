"""workflow: definitions and versions, instances, tasks, history, delegations

Revision ID: workflow_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "workflow_0001"
down_revision = None
branch_labels = ("workflow",)
depends_on = "platform_0001"
S = "workflow"
TABLES = ("workflow_definition", "workflow_definition_version", "workflow_instance", "workflow_task",
          "workflow_history", "workflow_delegation")


def _base() -> list[sa.Column]:
    return [sa.Column("id", sa.Uuid(), primary_key=True), sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True)]


def upgrade() -> None:
    op.create_table(
        "workflow_definition", *_base(),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("subject", sa.String(80), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_bn", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "code", name="uq_workflow_definition_tenant_id_code"),
        schema=S,
    )
    op.create_table(
        "workflow_definition_version", *_base(),
        sa.Column("definition_id", sa.Uuid(), sa.ForeignKey(
            f"{S}.workflow_definition.id", ondelete="CASCADE",
            name="fk_workflow_definition_version_definition"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("steps", sa.JSON()),
        sa.Column("sod_rule_set", sa.String(80)),
        sa.Column("note", sa.String(400), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("definition_id", "number", name="uq_workflow_definition_version_definition_id_number"),
        schema=S,
    )
    op.create_table(
        "workflow_instance", *_base(),
        sa.Column("company_id", sa.Uuid()),
        sa.Column("definition_id", sa.Uuid(), sa.ForeignKey(
            f"{S}.workflow_definition.id", name="fk_workflow_instance_definition_id_workflow_definition"),
            nullable=False),
        sa.Column("definition_code", sa.String(80), nullable=False),
        sa.Column("definition_version", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("subject", sa.String(80), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("document_label", sa.String(200), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("data", sa.JSON()),
        sa.Column("context", sa.JSON()),
        sa.Column("sod_rule_set", sa.String(80)),
        sa.Column("submitter_id", sa.Uuid()),
        sa.Column("creator_id", sa.Uuid()),
        sa.Column("related_creators", sa.JSON()),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("submitted_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("decided_at", vdb.UtcDateTime()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Index("ix_workflow_instance_document", "tenant_id", "subject", "document_id"),
        schema=S,
    )
    op.create_table(
        "workflow_task", *_base(),
        sa.Column("instance_id", sa.Uuid(), sa.ForeignKey(
            f"{S}.workflow_instance.id", ondelete="CASCADE", name="fk_workflow_task_instance_id_workflow_instance"),
            nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("step_key", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_bn", sa.String(200), nullable=False),
        sa.Column("approver_kind", sa.String(20), nullable=False),
        sa.Column("role", sa.String(80)),
        sa.Column("user_ids", sa.JSON()),
        sa.Column("quorum", sa.String(5), nullable=False),
        sa.Column("limit_permission", sa.String(120)),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("approvals", sa.Integer(), nullable=False),
        sa.Column("needed", sa.Integer(), nullable=False),
        sa.Column("timeout_hours", sa.Integer()),
        sa.Column("timeout_action", sa.String(10), nullable=False),
        sa.Column("activated_at", vdb.UtcDateTime()),
        sa.Column("due_at", vdb.UtcDateTime(), index=True),
        sa.Column("reminders", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("instance_id", "step_index", name="uq_workflow_task_instance_id_step_index"),
        schema=S,
    )
    op.create_table(
        "workflow_history", *_base(),
        sa.Column("instance_id", sa.Uuid(), sa.ForeignKey(
            f"{S}.workflow_instance.id", ondelete="CASCADE", name="fk_workflow_history_instance_id_workflow_instance"),
            nullable=False, index=True),
        sa.Column("task_id", sa.Uuid()),
        sa.Column("step_key", sa.String(40)),
        sa.Column("at", vdb.UtcDateTime(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("actor_id", sa.Uuid()),
        sa.Column("on_behalf_of_id", sa.Uuid()),
        sa.Column("comment", sa.String(1000), nullable=False),
        sa.Column("vote_key", sa.String(80)),
        sa.UniqueConstraint("tenant_id", "vote_key", name="uq_workflow_history_tenant_id_vote_key"),
        schema=S,
    )
    op.create_table(
        "workflow_delegation", *_base(),
        sa.Column("company_id", sa.Uuid()),
        sa.Column("from_user_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("to_user_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("roles", sa.JSON()),
        sa.Column("note", sa.String(400), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for t in reversed(TABLES):
        op.drop_table(t, schema=S)
