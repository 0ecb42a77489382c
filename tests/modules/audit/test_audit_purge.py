"""Retention's end (issue 14): an archive file whose every record is past its policy's `retain_years` is
deleted by `vextrus audit purge` (and the nightly `audit.archive` job), and the chain stays verifiable: the
manifest keeps the ends of each run of purged records, so `audit verify` links the records before and after
them, still names a record edited after the purge, and a file with a record kept longer (5 years by the
default policy) is not deleted. Both databases; the injected clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import bindparam, select, text
from typer.testing import CliRunner

from vextrus.modules.audit import service as audit
from vextrus.modules.audit.cli import app as audit_cli
from vextrus.modules.audit.schemas import AuditSearch, RetentionPolicyInput
from vextrus.modules.audit.service.integrity import archive_dir
from vextrus.modules.audit.tables import AuditRecord
from vextrus.modules.master_data import service as md
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform import clock, context
from vextrus.platform.tables import Tenant


@pytest.fixture
def frozen():
    at = clock.FrozenClock(datetime(2024, 1, 10, 9, 0, tzinfo=UTC))
    clock.set_clock(at)
    yield at
    clock.set_clock(None)


def _party(name: str) -> PartyInput:
    return PartyInput(legal_name=name, party_type="company", roles=["vendor"], vendor_categories=["supplier"])


def _code(db, tenant_id) -> str:  # noqa: ANN001
    with context.acting_as(context.system_context()), db.session_factory() as s:
        return s.execute(select(Tenant.code).where(Tenant.id == tenant_id)).scalar_one()


def _sql(db, tenant_id, sql: str, **params) -> None:  # noqa: ANN001, ANN003
    """Change stored rows as someone with database access would. `sql` ends in a WHERE clause, narrowed here to
    the tenant's own rows: SQLite has no row-level security, and `WHERE seq = :s` alone also rewrote the platform
    chain's record of that number (a failed sign-in another test made), which a later test then found altered."""
    table = "audit.audit_record" if db.engine.dialect.name == "postgresql" else "audit_record"
    archive = "audit.audit_archive" if db.engine.dialect.name == "postgresql" else "audit_archive"
    own = bindparam("own_tenant", tenant_id, type_=AuditRecord.__table__.c.tenant_id.type)
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        if db.engine.dialect.name == "postgresql":
            s.execute(text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tenant_id)})
        s.execute(text(sql.format(record=table, archive=archive) + " AND tenant_id = :own_tenant").bindparams(own),
                  params)
        s.commit()


def test_an_archive_past_retention_is_purged_and_the_chain_still_verifies(db, tenant_id, admin, frozen):
    audit.set_retention_policy(RetentionPolicyInput(pattern="master_data.*", live_days=30, retain_years=1))
    md.create_party(_party("Meghna Cement Mills Ltd."))
    audit.set_retention_policy(RetentionPolicyInput(pattern="projects.*", live_days=60, retain_years=3))
    md.create_party(_party("Jamuna Steel"))  # its records and Meghna's are not consecutive: two runs
    frozen.advance(days=40)
    first = audit.archive_now().archive
    assert first is not None and first.records >= 2
    assert audit.purge_expired().purged == 0  # archived, but kept a year in all
    frozen.advance(days=400)  # the policy records (kept 5 years by `*`) go to a second file
    second = audit.archive_now().archive
    assert second is not None
    path = archive_dir(tenant_id) / first.file_name
    assert path.exists()

    report = audit.purge_expired()
    assert report.purged == first.records and [a.file_name for a in report.archives] == [first.file_name]
    assert not path.exists() and (archive_dir(tenant_id) / second.file_name).exists()  # 5 years: kept
    listed = {a.file_name: a for a in audit.archives()}
    assert listed[first.file_name].purged_at == frozen.at and listed[second.file_name].purged_at is None
    v = audit.verify()
    assert v.ok, v.findings
    assert (v.purged, v.archived) == (first.records, second.records) and v.checked + v.purged == v.last_seq
    purge_record = audit.search(AuditSearch(object_type="audit.archive", action="purged")).items
    assert [r.object_id for r in purge_record] == [str(first.id)]  # the purge is itself audited

    runner = CliRunner()
    out = runner.invoke(audit_cli, ["verify", "--tenant", _code(db, tenant_id)])
    assert out.exit_code == 0 and f"{first.records} purged" in out.output, out.output
    again = runner.invoke(audit_cli, ["purge", "--tenant", _code(db, tenant_id)])
    assert again.exit_code == 0 and "0 records purged" in again.output  # nothing twice

    # a live record edited after the purge is still named, alone
    newest = audit.search(AuditSearch(), limit=1).items[0]
    _sql(db, tenant_id, "UPDATE {record} SET actor = 'someone.else' WHERE seq = :s", s=newest.seq)
    bad = audit.verify()
    assert [(f.seq, f.record_id, f.problem) for f in bad.findings] == [
        (newest.seq, str(newest.id), "altered")
    ]
    _sql(db, tenant_id, "UPDATE {record} SET actor = :a WHERE seq = :s", a=newest.actor, s=newest.seq)
    assert audit.verify().ok


def test_a_purged_runs_kept_hash_changed_in_the_database_is_reported(db, tenant_id, admin, frozen):
    audit.set_retention_policy(RetentionPolicyInput(pattern="master_data.*", live_days=30, retain_years=1))
    md.create_party(_party("Padma Traders"))
    frozen.advance(days=40)
    first = audit.archive_now().archive
    frozen.advance(days=400)
    assert audit.purge_expired().purged == first.records
    _sql(
        db,
        tenant_id,
        "UPDATE {archive} SET purged_runs = :r WHERE file_name = :f",
        r=f'[[{first.first_seq}, {first.last_seq}, "{"0" * 64}", "{"f" * 64}"]]',
        f=first.file_name,
    )
    bad = audit.verify()
    assert not bad.ok and {f.problem for f in bad.findings} == {"relinked"}
    assert min(f.seq for f in bad.findings) == first.first_seq - 1  # the link before the purged run


def test_the_retention_page_marks_a_purged_file_in_both_languages(db, tenant_id, admin, frozen):
    from vextrus.app import create_app

    audit.set_retention_policy(RetentionPolicyInput(pattern="master_data.*", live_days=30, retain_years=1))
    md.create_party(_party("Karnaphuli Bricks"))
    frozen.advance(days=40)
    audit.archive_now()
    frozen.advance(days=400)
    audit.purge_expired()
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        assert "file deleted at the end of retention" in c.get("/audit/retention?lang=en").text
        assert "সংরক্ষণকাল শেষে ফাইল মুছে ফেলা হয়েছে" in c.get("/audit/retention?lang=bn").text


def test_audit_0003_goes_down_and_up_again(own_database):
    """The purge columns come and go with their migration (a database of its own, both backends)."""
    import sqlalchemy as sa

    from vextrus.platform import migrations

    engine = own_database
    schema = "audit" if engine.dialect.name == "postgresql" else None

    def columns() -> set[str]:
        with engine.connect() as c:
            return {col["name"] for col in sa.inspect(c).get_columns("audit_archive", schema=schema)}

    migrations.upgrade(engine)
    assert {"purged_at", "purged_runs"} <= columns()
    migrations.downgrade(engine, "audit_0002")
    assert not {"purged_at", "purged_runs"} & columns() and "sha256" in columns()
    migrations.upgrade(engine)
    assert {"purged_at", "purged_runs"} <= columns() and not migrations.pending(engine)
