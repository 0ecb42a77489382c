"""workflow: the seeded payment workflow's bands are its one rule (no `finance.payment.approve` limit on its steps)

Revision ID: workflow_0004
Revises: workflow_0003
Create Date: 2026-12-06

The seeded `invoicing.payment` definition decided who approves by its step conditions (the accountant up to
5,00,000, above it the managing director) and checked the approver's `finance.payment.approve` limit as well (auth's
accountant role: 5,00,000): two rules for one band, and an administrator who moved the band in the definition found
the accountant refused by the role's limit. The definition is now the one rule (workflow/seeds.py PAYMENT carries no
limit_permission; invoicing's direct payments and drafts ask the same definition, docs/invoicing.md). A definition on
`invoicing.payment` whose current steps are still the seed's of workflow_0003 (same keys, conditions, roles, with
the limit) gets a new version with the same steps and no limit; steps an administrator changed are kept. The old
version is kept (a version is never changed). Downgrade leaves the data as it is.
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb

revision = "workflow_0004"
down_revision = "workflow_0003"
branch_labels = None
depends_on = None

SUBJECT = "invoicing.payment"
LIMIT = "finance.payment.approve"
# the seed of workflow_0003: (key, condition, role, limit_permission) of each step
SEEDED = [("accountant", 'kind != "sales" && amount <= 500000.0', "accountant", LIMIT),
          ("accountant_review", 'kind != "sales" && amount > 500000.0', "accountant", None),
          ("director", 'kind != "sales" && amount > 500000.0', "managing_director", LIMIT)]
NOTE = "the bands are the one rule (migration workflow_0004): no finance.payment.approve limit on the steps"


def _tables() -> tuple[sa.Table, sa.Table]:
    schema = "workflow" if op.get_bind().dialect.name == "postgresql" else None
    md = sa.MetaData(schema=schema)
    definition = sa.Table(
        "workflow_definition",
        md,
        sa.Column("id", sa.Uuid()),
        sa.Column("tenant_id", sa.Uuid()),
        sa.Column("subject", sa.String(80)),
        sa.Column("current_version", sa.Integer()),
        sa.Column("version", sa.Integer()),
        sa.Column("updated_at", vdb.UtcDateTime()),
    )
    version = sa.Table(
        "workflow_definition_version",
        md,
        sa.Column("id", sa.Uuid()),
        sa.Column("tenant_id", sa.Uuid()),
        sa.Column("definition_id", sa.Uuid()),
        sa.Column("number", sa.Integer()),
        sa.Column("mode", sa.String(10)),
        sa.Column("steps", sa.JSON()),
        sa.Column("sod_rule_set", sa.String(80)),
        sa.Column("note", sa.String(400)),
        sa.Column("created_by", sa.String(120)),
        sa.Column("created_at", vdb.UtcDateTime()),
    )
    return definition, version


def _per_tenant(work) -> None:  # noqa: ANN001
    """Run `work(bind)` over every tenant's rows (on PostgreSQL with `vextrus.tenant_id` set, as workflow_0003)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        work(bind)
        return
    for tid in bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all():
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        work(bind)
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def _seeded(steps: list[dict]) -> bool:
    return [(s.get("key"), (s.get("condition") or "true").strip(), (s.get("approver") or {}).get("role"),
             s.get("limit_permission")) for s in steps] == SEEDED


def _drop_limits(bind) -> None:  # noqa: ANN001
    definition, version = _tables()
    now = dt.datetime.now(dt.UTC)
    for d in bind.execute(definition.select().where(definition.c.subject == SUBJECT)).mappings().all():
        cur = bind.execute(version.select().where(version.c.definition_id == d["id"],
                                                  version.c.number == d["current_version"])).mappings().first()
        if cur is None or not _seeded(list(cur["steps"] or [])):
            continue
        number = d["current_version"] + 1
        bind.execute(version.insert().values(
            id=uuid.uuid4(), tenant_id=d["tenant_id"], definition_id=d["id"], number=number, mode=cur["mode"],
            steps=[{**s, "limit_permission": None} for s in cur["steps"]], sod_rule_set=cur["sod_rule_set"],
            note=NOTE, created_by="migration workflow_0004", created_at=now))
        bind.execute(definition.update().where(definition.c.id == d["id"]).values(
            current_version=number, version=d["version"] + 1, updated_at=now))


def upgrade() -> None:
    _per_tenant(_drop_limits)


def downgrade() -> None:
    """Nothing to undo: a definition without the limit is decided by its bands, at every revision."""
