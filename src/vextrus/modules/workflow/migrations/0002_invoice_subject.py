"""workflow: invoice workflows move from the old subject `finance.invoice` to invoicing's `invoicing.invoice`

Revision ID: workflow_0002
Revises: workflow_0001
Create Date: 2026-12-06

The seeded invoice workflow was on `finance.invoice` until invoicing declared its own subject
(`invoicing.invoice`, which invoicing submits and listens for). Seeding adds missing definitions only and a
definition's subject cannot change through the service, so a tenant seeded before kept a workflow nothing
submits to. This moves every definition on `finance.invoice` to `invoicing.invoice` (the subject belongs to the
definition, not to its versions; its row version goes up so an editor holding the old one gets `stale_version`).
A definition whose accounts payable step is still the old seed's (every document, condition `true`) gets a new
version whose accounts payable step checks vendor bills only (`kind != "sales"`), as the seed now has; a step an
administrator changed is kept as it is. Approvals already started keep the subject they were submitted under.
Downgrade leaves the data as it is (invoicing submits on `invoicing.invoice` at either revision).
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb

revision = "workflow_0002"
down_revision = "workflow_0001"
branch_labels = None
depends_on = None

OLD, NEW = "finance.invoice", "invoicing.invoice"
OLD_NAME, NEW_NAME, NEW_NAME_BN = (
    "Vendor invoice approval",
    "Invoice and vendor bill approval",
    "চালান ও বিক্রেতার বিল অনুমোদন",
)
AP_NAME, AP_NAME_BN = "Accounts payable check (vendor bills)", "প্রদেয় হিসাব যাচাই (বিক্রেতার বিল)"
NOTE = "moved to invoicing.invoice (migration workflow_0002): accounts payable checks vendor bills only"


def _tables() -> tuple[sa.Table, sa.Table]:
    schema = "workflow" if op.get_bind().dialect.name == "postgresql" else None
    md = sa.MetaData(schema=schema)
    definition = sa.Table(
        "workflow_definition",
        md,
        sa.Column("id", sa.Uuid()),
        sa.Column("tenant_id", sa.Uuid()),
        sa.Column("subject", sa.String(80)),
        sa.Column("name", sa.String(200)),
        sa.Column("name_bn", sa.String(200)),
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
    """Run `work(bind)` over every tenant's rows (on PostgreSQL with `vextrus.tenant_id` set: row-level
    security is forced, as projects_0006)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        work(bind)
        return
    for tid in bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all():
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        work(bind)
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def _old_seed_step(step: dict) -> bool:
    return step.get("key") == "accounts_payable" and step.get("condition", "true").strip() == "true"


def _move(bind: sa.Connection) -> None:
    definition, version = _tables()
    now = dt.datetime.now(dt.UTC)
    for d in bind.execute(sa.select(definition).where(definition.c.subject == OLD)).mappings().all():
        values: dict = {"subject": NEW, "version": d["version"] + 1, "updated_at": now}
        if d["name"] == OLD_NAME:
            values |= {"name": NEW_NAME, "name_bn": NEW_NAME_BN}
        cur = (
            bind.execute(
                sa.select(version).where(
                    version.c.definition_id == d["id"], version.c.number == d["current_version"]
                )
            )
            .mappings()
            .first()
        )
        steps = list(cur["steps"] or []) if cur is not None else []
        if cur is not None and any(_old_seed_step(s) for s in steps):
            new_steps = [
                {**s, "condition": 'kind != "sales"', "name": AP_NAME, "name_bn": AP_NAME_BN}
                if _old_seed_step(s)
                else s
                for s in steps
            ]
            number = d["current_version"] + 1
            bind.execute(
                version.insert().values(
                    id=uuid.uuid4(),
                    tenant_id=d["tenant_id"],
                    definition_id=d["id"],
                    number=number,
                    mode=cur["mode"],
                    steps=new_steps,
                    sod_rule_set=cur["sod_rule_set"],
                    note=NOTE,
                    created_by="migration workflow_0002",
                    created_at=now,
                )
            )
            values["current_version"] = number
        bind.execute(definition.update().where(definition.c.id == d["id"]).values(**values))


def upgrade() -> None:
    _per_tenant(_move)


def downgrade() -> None:
    """Nothing to undo: invoicing submits on `invoicing.invoice` at every revision of this branch."""
