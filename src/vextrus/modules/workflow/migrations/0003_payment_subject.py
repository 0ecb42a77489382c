"""workflow: payment workflows move from the old subject `finance.payment` to invoicing's `invoicing.payment`

Revision ID: workflow_0003
Revises: workflow_0002
Create Date: 2026-12-06

The seeded payment workflow was on `finance.payment`, a subject nothing submitted to. Invoicing now keeps payment
drafts and submits them on its own subject `invoicing.payment` (invoicing/payment_approvals.py). Seeding adds missing
definitions only and a definition's subject cannot change through the service, so this moves every definition on
`finance.payment` to `invoicing.payment` (its row version goes up, as workflow_0002). A definition whose steps are
still the old seed's (accountant on every payment, managing director above 5,00,000) gets a new version with the
seed's steps of this revision: payments made only (`kind != "sales"`: a receipt from a customer needs no approval),
the accountant deciding up to 5,00,000 (its default limit), above it reviewing while the managing director decides
(the old accountant step, limited to 5,00,000, could not decide a larger payment: it waited for its timeout); steps
an administrator changed are kept. Downgrade leaves the data as it is.
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb

revision = "workflow_0003"
down_revision = "workflow_0002"
branch_labels = None
depends_on = None

OLD, NEW = "finance.payment", "invoicing.payment"
OLD_CONDITIONS = {"accountant": "true", "director": "amount > 500000.0"}
LIMIT = "finance.payment.approve"


def _new_step(key: str, name: str, name_bn: str, role: str, condition: str, limit: str | None, hours: int,
              action: str) -> dict:
    return {"key": key, "name": name, "name_bn": name_bn, "condition": condition,
            "approver": {"kind": "role", "role": role, "user_ids": []}, "quorum": "any", "limit_permission": limit,
            "timeout_hours": hours, "timeout_action": action}


# workflow/seeds.py PAYMENT as of this revision: each level decides the band its default limit covers
NEW_STEPS = [
    _new_step("accountant", "Accountant (payments up to 5,00,000)", "হিসাবরক্ষক (৫,০০,০০০ পর্যন্ত পরিশোধ)", "accountant",
              'kind != "sales" && amount <= 500000.0', LIMIT, 48, "escalate"),
    _new_step("accountant_review", "Accountant review (payments above 5,00,000)",
              "হিসাবরক্ষকের পর্যালোচনা (৫,০০,০০০-এর বেশি পরিশোধ)", "accountant", 'kind != "sales" && amount > 500000.0',
              None, 48, "remind"),
    _new_step("director", "Managing director (payments above 5,00,000)",
              "ব্যবস্থাপনা পরিচালক (৫,০০,০০০-এর বেশি পরিশোধ)", "managing_director",
              'kind != "sales" && amount > 500000.0', LIMIT, 120, "remind"),
]
NOTE = "moved to invoicing.payment (migration workflow_0003): payments made only, receipts need no approval"


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
    security is forced, as projects_0006; as workflow_0002)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        work(bind)
        return
    for tid in bind.execute(sa.text('SELECT id FROM "platform"."tenant"')).scalars().all():
        bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tid)})
        work(bind)
    bind.execute(sa.text("SELECT set_config('vextrus.tenant_id', '', true)"))


def _old_seed(steps: list[dict]) -> bool:
    return sorted(s.get("key") for s in steps) == sorted(OLD_CONDITIONS) and all(
        (s.get("condition") or "true").strip() == OLD_CONDITIONS[s["key"]] for s in steps)


def _move(bind) -> None:  # noqa: ANN001
    definition, version = _tables()
    now = dt.datetime.now(dt.UTC)
    for d in bind.execute(definition.select().where(definition.c.subject == OLD)).mappings().all():
        values: dict = {"subject": NEW, "version": d["version"] + 1, "updated_at": now}
        cur = bind.execute(version.select().where(version.c.definition_id == d["id"],
                                                  version.c.number == d["current_version"])).mappings().first()
        steps = list(cur["steps"] or []) if cur is not None else []
        if cur is not None and _old_seed(steps):
            number = d["current_version"] + 1
            bind.execute(version.insert().values(
                id=uuid.uuid4(), tenant_id=d["tenant_id"], definition_id=d["id"], number=number, mode=cur["mode"],
                steps=NEW_STEPS, sod_rule_set=cur["sod_rule_set"], note=NOTE,
                created_by="migration workflow_0003", created_at=now))
            values["current_version"] = number
        bind.execute(definition.update().where(definition.c.id == d["id"]).values(**values))


def upgrade() -> None:
    _per_tenant(_move)


def downgrade() -> None:
    """Nothing to undo: invoicing submits on `invoicing.payment` at every revision from this one."""
