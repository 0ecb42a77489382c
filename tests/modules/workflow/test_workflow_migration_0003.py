"""workflow_0003 on a database of its own, both backends: a tenant seeded before invoicing kept payment drafts has
its payment workflow on `finance.payment`, which nothing submitted to. After the upgrade it is on invoicing's
`invoicing.payment`: the unedited seed gets a new version with the seed's steps of this revision (payments made
only, the accountant deciding up to 5,00,000, above it the managing director), the old version kept; workflow_0004
then gives it a version with the same steps and no `finance.payment.approve` limit (workflow/seeds.py PAYMENT: the
bands are the one rule); an administrator's steps are kept by both; another subject's workflow is not touched."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations

T0 = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def _step(key: str, role: str, condition: str = "true") -> dict:
    return {"key": key, "name": "Step", "name_bn": "ধাপ", "condition": condition,
            "approver": {"kind": "role", "role": role, "user_ids": []}, "quorum": "any",
            "limit_permission": "finance.payment.approve", "timeout_hours": 48, "timeout_action": "escalate"}


# the payment workflow as seeded before (workflow/seeds.py PAYMENT at 674fb22)
OLD_SEED = [_step("accountant", "accountant"), _step("director", "managing_director", "amount > 500000.0")]


def test_payment_workflows_seeded_on_finance_payment_move_to_invoicing_payment(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "workflow_0002")
    m = MigrationTables(engine, "workflow")
    uid, connect, tenant = m.uid, m.connect, m.tenant

    def tables(c: sa.Connection) -> tuple[sa.Table, ...]:
        return m.tables(c, "workflow_definition", "workflow_definition_version")

    custom_steps = [_step("accountant", "accountant", "amount > 1000.0")]
    ids = {code: uuid.uuid4() for code in ("payment", "payment_custom", "journal_entry")}
    with connect() as c:
        m.add_tenant(c, T0)
        d, v = tables(c)
        for code, subject, steps in (("payment", "finance.payment", OLD_SEED),
                                     ("payment_custom", "finance.payment", custom_steps),
                                     ("journal_entry", "finance.journal", [_step("finance", "accountant")])):
            c.execute(d.insert().values(id=uid(ids[code]), tenant_id=uid(tenant), code=code, subject=subject,
                                        name="Payment approval", name_bn="পরিশোধ অনুমোদন", active=True,
                                        current_version=1, version=1, created_at=T0, updated_at=T0))
            c.execute(v.insert().values(id=uid(uuid.uuid4()), tenant_id=uid(tenant), definition_id=uid(ids[code]),
                                        number=1, mode="ordered", steps=steps, sod_rule_set="workflow.sod", note="",
                                        created_by="seed", created_at=T0))
        c.commit()

    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    with connect() as c:
        d, v = tables(c)
        rows = {r.code: r for r in c.execute(sa.select(d))}
        versions = {(r.definition_id, r.number): r for r in c.execute(sa.select(v))}
    pay, custom, journal = rows["payment"], rows["payment_custom"], rows["journal_entry"]
    # workflow_0003 wrote version 2; workflow_0004 (head) version 3: the same steps without the limit
    assert (pay.subject, pay.current_version, pay.version) == ("invoicing.payment", 3, 3)
    new = versions[(pay.id, 2)]
    assert [(s["key"], s["approver"]["role"], s["condition"], s["limit_permission"]) for s in new.steps] == [
        ("accountant", "accountant", 'kind != "sales" && amount <= 500000.0', "finance.payment.approve"),
        ("accountant_review", "accountant", 'kind != "sales" && amount > 500000.0', None),
        ("director", "managing_director", 'kind != "sales" && amount > 500000.0', "finance.payment.approve")]
    assert new.sod_rule_set == "workflow.sod" and "workflow_0003" in new.note
    banded = versions[(pay.id, 3)]
    assert [(s["key"], s["condition"], s["limit_permission"]) for s in banded.steps] == [
        (s["key"], s["condition"], None) for s in new.steps]
    from vextrus.modules.workflow import seeds  # the seed of this revision, as the migrations wrote it

    # read as the workflow reads a stored step (fields added after this migration, such as the approver's
    # project_role, take their defaults)
    step = type(seeds.PAYMENT.steps[0])
    assert [step.model_validate(s).model_dump(mode="json") for s in banded.steps] == [
        s.model_dump(mode="json") for s in seeds.PAYMENT.steps]
    assert banded.sod_rule_set == "workflow.sod" and "workflow_0004" in banded.note
    assert versions[(pay.id, 1)].steps == OLD_SEED  # a version is never changed
    # an administrator's steps are kept by both (its limit too: it is that definition's rule)
    assert (custom.subject, custom.current_version, custom.version) == ("invoicing.payment", 1, 2)
    assert (custom.id, 2) not in versions
    assert (journal.subject, journal.current_version, journal.version) == ("finance.journal", 1, 1)
