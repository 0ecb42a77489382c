"""projects: a project's team members with their role (issue 13)

Revision ID: projects_0008
Revises: projects_0007
Create Date: 2026-12-06

`project_member`: a user (auth's id, no foreign key across modules) on a project's team in one role of
`domain.team.TEAM_ROLES` (project_manager, site_engineer, quantity_surveyor, site_accountant, store_keeper);
approval steps "by project role" go to these members. A new table: existing rows need nothing.
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db
from vextrus.platform.tenancy import rls_policy_sql

revision = "projects_0008"
down_revision = "projects_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_member",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("added_by", sa.String(length=120), nullable=False),
        sa.Column("added_at", vextrus.platform.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.project.id"], name=op.f("fk_project_member_project_id_project"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_member")),
        sa.UniqueConstraint("project_id", "user_id", "role", name=op.f("uq_project_member_project_id_user_id_role")),
        schema="projects",
    )
    op.create_index(op.f("ix_project_member_project_id"), "project_member", ["project_id"], unique=False,
                    schema="projects")
    op.create_index(op.f("ix_project_member_tenant_id"), "project_member", ["tenant_id"], unique=False,
                    schema="projects")
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql("projects.project_member"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_index(op.f("ix_project_member_tenant_id"), table_name="project_member", schema="projects")
    op.drop_index(op.f("ix_project_member_project_id"), table_name="project_member", schema="projects")
    op.drop_table("project_member", schema="projects")
