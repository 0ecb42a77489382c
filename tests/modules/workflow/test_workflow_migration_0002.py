"""workflow_0002 on a database of its own, both backends: a tenant seeded before invoicing declared its subject
keeps its invoice workflow on `finance.invoice`, which nothing submits to any more (invoicing submits on
`invoicing.invoice`, invoicing/approvals.py). After the upgrade that workflow is on `invoicing.invoice`: the
unedited seed gets a new version whose accounts payable step checks vendor bills only (as the seed now has,
workflow/seeds.py INVOICE), the old version kept as it was; an administrator's own steps are kept; a workflow
already on another subject is not touched."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations

T0 = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)




def _step(key: str, role: str, condition: str = "true", name: str = "Step") -> dict:
    return {
        "key": key,
        "name": name,
        "name_bn": "ধাপ",
        "condition": condition,
        "approver": {"kind": "role", "role": role, "user_ids": []},
        "quorum": "any",
        "limit_permission": None,
        "timeout_hours": 48,
        "timeout_action": "remind",
    }


# the invoice workflow as seeded before the move (commit 09f2d6e, workflow/seeds.py): accounts payable for every document
OLD_SEED = [
    _step("accounts_payable", "accounts_payable_clerk", name="Accounts payable check"),
    _step("department_head", "project_manager", "amount > 100000.0"),
]


def test_invoice_workflows_seeded_on_finance_invoice_move_to_invoicing_invoice(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "workflow_0001")
    m = MigrationTables(engine, "workflow")
    uid, connect, tenant = m.uid, m.connect, m.tenant

    def tables(c: sa.Connection) -> tuple[sa.Table, ...]:
        return m.tables(c, "workflow_definition", "workflow_definition_version")

    ids = {code: uuid.uuid4() for code in ("invoice", "invoice_custom", "journal_entry")}
    with connect() as c:
        m.add_tenant(c, T0)
        d, v = tables(c)
        for code, subject, name, steps in (
            ("invoice", "finance.invoice", "Vendor invoice approval", OLD_SEED),
            (
                "invoice_custom",
                "finance.invoice",
                "Our bills",
                [_step("accounts_payable", "accountant", "amount > 1000.0")],
            ),
            ("journal_entry", "finance.journal", "Journal entry approval", [_step("finance", "accountant")]),
        ):
            c.execute(
                d.insert().values(
                    id=uid(ids[code]),
                    tenant_id=uid(tenant),
                    code=code,
                    subject=subject,
                    name=name,
                    name_bn="নাম",
                    active=True,
                    current_version=1,
                    version=1,
                    created_at=T0,
                    updated_at=T0,
                )
            )
            c.execute(
                v.insert().values(
                    id=uid(uuid.uuid4()),
                    tenant_id=uid(tenant),
                    definition_id=uid(ids[code]),
                    number=1,
                    mode="ordered",
                    steps=steps,
                    sod_rule_set="workflow.sod",
                    note="",
                    created_by="seed",
                    created_at=T0,
                )
            )
        c.commit()

    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    with connect() as c:
        d, v = tables(c)
        rows = {r.code: r for r in c.execute(sa.select(d))}
        versions = {(r.definition_id, r.number): r for r in c.execute(sa.select(v))}
    inv, custom, journal = rows["invoice"], rows["invoice_custom"], rows["journal_entry"]
    assert (inv.subject, inv.name, inv.current_version, inv.version) == (
        "invoicing.invoice",
        "Invoice and vendor bill approval",
        2,
        2,
    )
    new = versions[(inv.id, 2)]
    assert new.steps[0]["condition"] == 'kind != "sales"'  # a sales invoice skips accounts payable
    assert new.steps[1] == OLD_SEED[1] and new.sod_rule_set == "workflow.sod" and "workflow_0002" in new.note
    assert versions[(inv.id, 1)].steps == OLD_SEED  # a version is never changed
    # the administrator's own steps stay; only the subject moves (no new version: the steps did not change)
    assert (custom.subject, custom.name, custom.current_version, custom.version) == (
        "invoicing.invoice",
        "Our bills",
        1,
        2,
    )
    assert (custom.id, 2) not in versions
    assert (journal.subject, journal.current_version, journal.version) == ("finance.journal", 1, 1)
