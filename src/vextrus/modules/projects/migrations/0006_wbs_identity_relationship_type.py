"""projects: WBS identity is the P6 id (short names repeat under different parents); two links of
different types between the same pair of activities

Revision ID: projects_0006
Revises: projects_0005
Create Date: 2026-12-04

P6 keeps `wbs_short_name` unique only among siblings (`Roof` under every block), so the unique
(project, code) on WBS refused real files; a WBS now carries its P6 `wbs_id` in `source_ref`,
unique within its project (NULL for a WBS made in Vextrus). P6 also allows an FS and an FF link
between the same two activities: the relationship's unique key gains its type.
SQLite rebuilds both tables (batch mode; migrations run with foreign keys off, so no row that
references them is lost); PostgreSQL alters them in place.
"""
import sqlalchemy as sa
from alembic import op

revision = "projects_0006"
down_revision = "projects_0005"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map
    return "projects" if op.get_bind().dialect.name == "postgresql" else None


OLD_REL = "uq_project_relationship_predecessor_id_successor_id"
NEW_REL = "uq_project_relationship_predecessor_id_successor_id_type"


def _uniques(table: str, schema: str | None) -> set[str]:
    return {u["name"] for u in sa.inspect(op.get_bind()).get_unique_constraints(table, schema=schema)}


def upgrade() -> None:
    S = _schema()
    with op.batch_alter_table("project_wbs", schema=S) as b:
        b.add_column(sa.Column("source_ref", sa.String(length=80), nullable=True))
        b.drop_constraint("uq_project_wbs_project_id_code", type_="unique")
        b.create_unique_constraint("uq_project_wbs_project_id_source_ref", ["project_id", "source_ref"])
    have = _uniques("project_relationship", S)  # a downgrade with two-link pairs kept the new key
    if OLD_REL in have or NEW_REL not in have:
        with op.batch_alter_table("project_relationship", schema=S) as b:
            if OLD_REL in have:
                b.drop_constraint(OLD_REL, type_="unique")
            if NEW_REL not in have:
                b.create_unique_constraint(NEW_REL, ["predecessor_id", "successor_id", "type"])


def _per_tenant(sql: str) -> None:
    """Run ``sql`` on every tenant's rows (on PostgreSQL with `vextrus.tenant_id` set, as projects_0005)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        bind.execute(sa.text(sql))
        return
    for tid in bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all():
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        bind.execute(sa.text(sql))
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def downgrade() -> None:
    # No row is lost: repeated WBS codes of imported WBS get their P6 id appended; while a pair of
    # activities has two links the relationship keeps its (predecessor, successor, type) key, which
    # the older code also works with (the next upgrade then keeps it).
    S = _schema()
    rel = '"projects"."project_relationship"' if S else "project_relationship"
    wbs = '"projects"."project_wbs"' if S else "project_wbs"
    pairs = op.get_bind().execute(sa.text(
        f"SELECT count(*) FROM {rel} r1 WHERE EXISTS (SELECT 1 FROM {rel} r2 WHERE r2.predecessor_id = "
        f"r1.predecessor_id AND r2.successor_id = r1.successor_id AND r2.type < r1.type)")).scalar()
    if not pairs:
        with op.batch_alter_table("project_relationship", schema=S) as b:
            b.drop_constraint(NEW_REL, type_="unique")
            b.create_unique_constraint(OLD_REL, ["predecessor_id", "successor_id"])
    _per_tenant(f"UPDATE {wbs} SET code = substr(code, 1, 60) || '#' || source_ref WHERE source_ref IS NOT NULL "
                f"AND EXISTS (SELECT 1 FROM {wbs} w2 WHERE w2.project_id = {wbs}.project_id AND w2.code = {wbs}.code "
                f"AND w2.id <> {wbs}.id)")
    with op.batch_alter_table("project_wbs", schema=S) as b:
        b.drop_constraint("uq_project_wbs_project_id_source_ref", type_="unique")
        b.create_unique_constraint("uq_project_wbs_project_id_code", ["project_id", "code"])
        b.drop_column("source_ref")
