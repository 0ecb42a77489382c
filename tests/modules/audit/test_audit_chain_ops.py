"""The chain under load and over time, on both databases: two relay workers appending for one
tenant at once keep it linear; archiving by retention policy moves old records to compressed files
that `audit verify` (service and CLI) checks with the live rows; a changed or lost archive file is
named."""

from __future__ import annotations

import gzip
import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from vextrus.modules.audit import service as audit
from vextrus.modules.audit.cli import app as audit_cli
from vextrus.modules.audit.handlers import subscriptions
from vextrus.modules.audit.schemas import AuditSearch
from vextrus.modules.audit.service.integrity import archive_dir
from vextrus.modules.audit.tables import AuditRecord
from vextrus.modules.master_data import service as md
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform import clock, context
from vextrus.platform.events import Envelope
from vextrus.platform.ids import new_id
from vextrus.platform.relay import make_dispatch
from vextrus.platform.tables import Tenant


def _party(name: str) -> PartyInput:
    return PartyInput(legal_name=name, party_type="company", roles=["vendor"], vendor_categories=["supplier"])


def test_two_relay_workers_appending_for_one_tenant_keep_the_chain_linear(db, tenant_id, admin):
    """Two workers deliver different events of the same tenant at the same moment (as two relay
    processes or JetStream consumers would): each record still links to the one before it."""
    [sub] = [s for s in subscriptions.items if s.event_name == "*"]
    dispatch = make_dispatch(db.session_factory)
    per_worker = 25
    envelopes = [Envelope(id=new_id(), name="master_data.party.created", version=1, tenant_id=tenant_id,
                          occurred_at=clock.now(), actor=f"worker{n % 2}@test",
                          payload={"party_id": str(new_id()), "code": f"P{n:03d}", "legal_name": f"Party {n}",
                                   "roles": ["vendor"]}) for n in range(2 * per_worker)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(mine: list[Envelope]) -> None:
        try:
            start.wait()
            for env in mine:
                dispatch(sub, env)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(envelopes[k::2],)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        rows = list(s.execute(select(AuditRecord.seq, AuditRecord.prev_hash, AuditRecord.hash)
                              .where(AuditRecord.tenant_id == tenant_id).order_by(AuditRecord.seq)))
    assert [r.seq for r in rows] == list(range(1, 2 * per_worker + 1))
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    assert audit.verify().ok
    for env in envelopes[:3]:  # a redelivered event is recorded once
        dispatch(sub, env)
    assert audit.verify().checked == 2 * per_worker


@pytest.fixture
def frozen():
    at = clock.FrozenClock(datetime(2024, 1, 10, 9, 0, tzinfo=UTC))
    clock.set_clock(at)
    yield at
    clock.set_clock(None)


def _code(db, tenant_id) -> str:
    with context.acting_as(context.system_context()), db.session_factory() as s:
        return s.execute(select(Tenant.code).where(Tenant.id == tenant_id)).scalar_one()


def test_archiving_by_policy_keeps_the_chain_verifiable(db, tenant_id, admin, frozen):
    old = md.create_party(_party("Meghna Cement Mills Ltd."))
    md.change_vendor_status(old.id, "approved")
    audit.set_retention_policy(audit_input("master_data.*", 180, 5))  # itself a record (audit.*: default 365)
    frozen.advance(days=200)
    recent = md.create_party(_party("Jamuna Steel"))
    report = audit.archive_now()
    assert report.archived == 2 and report.archive is not None  # the two master data records of 200 days ago
    live = audit.search(AuditSearch(), limit=200).items
    assert {(r.object_type, r.object_id) for r in live} >= {("master_data.party", str(recent.id))}
    assert all(r.object_id != str(old.id) for r in live)
    v = audit.verify()
    assert v.ok and (v.archived, v.live) == (2, len(live) - 0) and v.checked == v.archived + v.live
    [a] = audit.archives()
    assert (a.first_seq, a.last_seq, a.records) == (1, 2, 2)
    runner = CliRunner()
    out = runner.invoke(audit_cli, ["verify", "--tenant", _code(db, tenant_id)])
    assert out.exit_code == 0, out.output
    assert "ok" in out.output and "2 archived" in out.output

    # someone edits a record inside the archive file and re-compresses it
    path = archive_dir(tenant_id) / a.file_name
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = [json.loads(x) for x in fh]
    lines[1]["actor"] = "someone.else"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
    bad = audit.verify()
    assert [(f.seq, f.problem, f.where) for f in bad.findings] == [
        (1, "archive_altered", a.file_name), (2, "altered", a.file_name)]
    out = runner.invoke(audit_cli, ["verify", "--tenant", _code(db, tenant_id)])
    assert out.exit_code == 1 and f"record 2 ({lines[1]['id']}) [{a.file_name}]: altered" in out.output

    path.unlink()  # the file is lost: its records are missing from the chain
    lost = audit.verify()
    assert [(f.seq, f.problem) for f in lost.findings] == [(1, "archive_missing"), (1, "missing"), (2, "missing")]


def audit_input(pattern: str, live_days: int, retain_years: int):  # noqa: ANN201
    from vextrus.modules.audit.schemas import RetentionPolicyInput

    return RetentionPolicyInput(pattern=pattern, live_days=live_days, retain_years=retain_years)


def test_nothing_young_enough_is_archived_and_financial_records_stay_longer(db, tenant_id, admin, frozen):
    md.create_party(_party("Padma Traders"))
    frozen.advance(days=30)
    assert audit.archive_now().archived == 0
    policies = {p.pattern: p for p in audit.retention_policies()}
    assert (policies["finance.*"].retain_years, policies["*"].retain_years) == (7, 5)
    frozen.advance(days=timedelta(days=400).days)
    assert audit.archive_now().archived == 1
