"""master_data: search terms carry their 1..3-character prefixes; index ordered by entity

Revision ID: master_data_0002
Revises: master_data_0001
Create Date: 2026-11-24

A short query (`term = 'meg'`) now reads (tenant_id, kind, term, entity_id) in entity order,
so the first page never sorts every match. Existing rows get their prefix rows here; the
whole-name terms of 0001 are dropped (queries are split into words, so they never matched
on their own).
"""
import sqlalchemy as sa
from alembic import op

revision = "master_data_0002"
down_revision = "master_data_0001"
branch_labels = None
depends_on = None

PREFIX_LEN = 3  # = search.PREFIX_LEN when this revision was written
S = "master_data"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":  # runs before platform_0003, while '*' still meant every tenant
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '*', true)"))
    op.drop_index("ix_search_term_prefix", table_name="search_term", schema=S)
    t = sa.table("search_term", sa.column("tenant_id", sa.Uuid()), sa.column("kind", sa.String()),
                 sa.column("entity_id", sa.Uuid()), sa.column("term", sa.String()),
                 schema=S if bind.dialect.name == "postgresql" else None)
    rows = bind.execute(sa.select(t.c.tenant_id, t.c.kind, t.c.entity_id, t.c.term)).all()
    have = {(r.kind, r.entity_id, r.term) for r in rows}
    bind.execute(t.delete().where(t.c.term.contains(" ")))
    new = {}
    for r in rows:
        if " " in r.term:
            continue
        for j in range(1, min(len(r.term), PREFIX_LEN + 1)):
            k = (r.kind, r.entity_id, r.term[:j])
            if k not in have:
                new[k] = r.tenant_id
    if new:
        bind.execute(t.insert(), [{"tenant_id": tid, "kind": k, "entity_id": e, "term": term}
                                  for (k, e, term), tid in new.items()])
    op.create_index("ix_search_term_key", "search_term", ["tenant_id", "kind", "term", "entity_id"], schema=S,
                    postgresql_ops={"term": "text_pattern_ops"})


def downgrade() -> None:
    op.drop_index("ix_search_term_key", table_name="search_term", schema=S)
    op.create_index("ix_search_term_prefix", "search_term", ["tenant_id", "kind", "term"], schema=S,
                    postgresql_ops={"term": "text_pattern_ops"})
