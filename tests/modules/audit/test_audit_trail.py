"""The audit trail on both databases: events of finance, master data and projects land as records
(actor incl. "U via X", object, action, before/after), the hash chain names exactly the record
edited or deleted in the database, full-text search in English and Bangla, object history,
export, and permissions."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest
from sqlalchemy import bindparam, text

from vextrus.modules.audit import service as audit
from vextrus.modules.audit.domain import chain
from vextrus.modules.audit.repository import content_of
from vextrus.modules.audit.schemas import AuditSearch
from vextrus.modules.audit.tables import AuditRecord
from vextrus.modules.finance import service as finance
from vextrus.modules.finance.service import EntryIn, LineIn
from vextrus.modules.master_data import service as md
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.projects import service as projects
from vextrus.platform import context
from vextrus.platform.errors import NotFound, PermissionDenied


def _table(db, name: str) -> str:
    return f"audit.{name}" if db.engine.dialect.name == "postgresql" else name


def _tampering(db, tenant_id: UUID, sql: str, **params) -> None:
    """Change stored rows directly in the database, as someone with database access would (on
    PostgreSQL within the tenant's row-level security, as the runtime role). `sql` ends in a WHERE
    clause; the tenant's own rows only, so the platform chain and other tests' tenants stay intact
    on SQLite, which has no row-level security."""
    with db.engine.begin() as c:
        if db.engine.dialect.name == "postgresql":
            c.execute(text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tenant_id)})
        own = bindparam("own_tenant", tenant_id, type_=AuditRecord.__table__.c.tenant_id.type)
        c.execute(text(sql + " AND tenant_id = :own_tenant").bindparams(own), params)


def _party(name: str, **kw) -> PartyInput:
    base = {"legal_name": name, "party_type": "company", "roles": ["vendor"], "vendor_categories": ["supplier"]}
    return PartyInput(**{**base, **kw})


def _some_events(admin) -> dict:
    p = md.create_party(_party("Meghna Cement Mills Ltd.", legal_name_bn="মেঘনা সিমেন্ট মিলস লিমিটেড"))
    md.change_vendor_status(p.id, "approved")
    book = finance.ensure_book("PADMA", "Padma Builders Ltd.")
    finance.open_fiscal_year(book.code, "2025-26")
    entry = finance.post_entry(book.code, EntryIn(journal_type="general", entry_date=date(2025, 7, 10),
                                                  narration="Cement advance", lines=[
                                                      LineIn(account_code="1120", debit=D("250000"), credit=D("0")),
                                                      LineIn(account_code="3100", debit=D("0"), credit=D("250000"))]))
    prj = projects.create_project("TWR", "Padma Tower", name_bn="পদ্মা টাওয়ার")
    return {"party": p, "entry": entry, "project": prj}


def test_events_of_finance_master_data_and_projects_land_as_records(db, tenant_id, admin):
    made = _some_events(admin)
    page = audit.search(AuditSearch(), limit=200)
    kinds = {(r.object_type, r.action) for r in page.items}
    assert {("master_data.party", "created"), ("master_data.party", "vendor_status_changed"),
            ("finance.journal", "posted"), ("projects.project", "created")} <= kinds
    status = next(r for r in page.items if r.action == "vendor_status_changed")
    assert status.object_id == str(made["party"].id)
    assert status.actor == "admin@test"
    assert status.changes["status"] == {"before": "pending", "after": "approved"} and status.before_known
    posted = next(r for r in page.items if r.object_type == "finance.journal")
    assert posted.object_id == str(made["entry"].id) and not posted.before_known
    assert posted.changes["total"] == {"after": "250000.00"}
    history = audit.history("master_data.party", str(made["party"].id))
    assert [r.action for r in history.items] == ["vendor_status_changed", "created"]
    assert [r.seq for r in page.items] == sorted((r.seq for r in page.items), reverse=True)
    assert audit.verify().ok


def test_an_edited_party_account_and_company_show_what_each_field_was_and_became(db, tenant_id, admin):
    """Issue 14: "who changed this, when, from what to what"."""
    from vextrus.modules.organization import service as organization

    p = md.create_party(_party("Rupsha Steel Ltd.", roles=["vendor", "customer"], mobile="01711000001",
                               credit_limit=D("500000")))
    md.update_party(p.id, _party("Rupsha Steel Ltd.", roles=["vendor", "customer"], mobile="01811000002",
                                 credit_limit=D("750000.50")),
                    expected_version=p.version)
    (upd, _created) = audit.history("master_data.party", str(p.id)).items
    assert upd.action == "updated" and upd.before_known
    assert upd.changes["mobile"] == {"before": "+8801711000001", "after": "+8801811000002"}
    assert upd.changes["credit_limit"] == {"before": "500000.00", "after": "750000.50"}
    assert "legal_name" not in upd.changes  # unchanged fields are not listed

    book = finance.ensure_book("PADMA", "Padma Builders Ltd.")
    acct = next(a for a in finance.list_accounts(book.code) if a.code == "5110")
    finance.update_account(book.code, "5110", finance.AccountUpdate(name="Materials used", name_bn=acct.name_bn,
                                                                    version=acct.version))
    renamed = next(r for r in audit.search(AuditSearch(action="updated"), limit=50).items
                   if r.object_type == "finance.account")
    assert renamed.changes == {"name": {"before": acct.name, "after": "Materials used"}}

    c = organization.create_company(organization.CompanyInput(code="AUD", name="Audit Trail Builders Ltd."))
    organization.update_company(c.id, organization.CompanyInput(code="AUD", name="Audit Trail Builders Ltd.",
                                                                bin="000111222-0101"), expected_version=c.version)
    changed = audit.history("organization.company", str(c.id)).items[0]
    assert changed.changes["bin"] == {"before": None, "after": "0001112220101"}  # as stored (digits) and changed.before_known
    assert audit.verify().ok


def test_a_module_acting_for_a_user_is_recorded_as_user_via_module(db, tenant_id, admin):
    from vextrus.modules.projects import MODULE as PROJECTS

    with context.calling_as(PROJECTS):
        md.create_party(_party("Jamuna Steel"))
    [rec] = audit.search(AuditSearch(object_type="master_data.party", action="created")).items
    assert rec.actor == "admin@test via projects"


def test_verify_names_exactly_the_record_edited_in_the_database(db, tenant_id, admin):
    _some_events(admin)
    records = audit.search(AuditSearch(), limit=200).items
    victim = next(r for r in records if r.action == "vendor_status_changed")
    assert audit.verify().ok
    _tampering(db, tenant_id, f"UPDATE {_table(db, 'audit_record')} SET actor = 'someone.else' WHERE seq = :s",
               s=victim.seq)
    report = audit.verify()
    assert not report.ok
    assert [(f.seq, f.record_id, f.problem) for f in report.findings] == [(victim.seq, str(victim.id), "altered")]
    # the operator's command says the same, and only that record
    from sqlalchemy import select
    from typer.testing import CliRunner

    from vextrus.modules.audit.cli import app as audit_cli
    from vextrus.platform.tables import Tenant

    with context.acting_as(context.system_context()), db.session_factory() as s:
        code = s.execute(select(Tenant.code).where(Tenant.id == tenant_id)).scalar_one()
    out = CliRunner().invoke(audit_cli, ["verify", "--tenant", code])
    assert out.exit_code == 1, out.output
    named = [line.strip() for line in out.output.splitlines() if line.strip().startswith("record ")]
    assert len(named) == 1 and named[0].startswith(f"record {victim.seq} ({victim.id}) [live]: altered: ")


def test_a_record_rewritten_with_a_recomputed_hash_is_named_too(db, tenant_id, admin):
    """Someone who knows the hashing rewrites a record and stores its new hash: the next record's
    link names the rewritten one."""
    _some_events(admin)
    records = audit.search(AuditSearch(), limit=200).items
    victim = records[len(records) // 2]
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        row = s.get(AuditRecord, victim.id)
        content = {**content_of(row), "actor": "someone.else"}
    _tampering(db, tenant_id, f"UPDATE {_table(db, 'audit_record')} SET actor = 'someone.else', hash = :h "
               "WHERE seq = :s", h=chain.record_hash(content), s=victim.seq)
    report = audit.verify()
    assert [(f.seq, f.record_id, f.problem) for f in report.findings] == [(victim.seq, str(victim.id), "relinked")]


def test_a_stored_hash_replaced_is_named_once(db, tenant_id, admin):
    _some_events(admin)
    records = audit.search(AuditSearch(), limit=200).items
    victim = records[len(records) // 2]
    _tampering(db, tenant_id, f"UPDATE {_table(db, 'audit_record')} SET hash = :h WHERE seq = :s",
               h="f" * 64, s=victim.seq)
    report = audit.verify()
    assert [(f.seq, f.problem) for f in report.findings] == [(victim.seq, "altered")]


def test_verify_names_a_deleted_record_and_deleted_newest_records(db, tenant_id, admin):
    _some_events(admin)
    records = audit.search(AuditSearch(), limit=200).items
    middle, newest = records[len(records) // 2], records[0]
    _tampering(db, tenant_id, f"DELETE FROM {_table(db, 'audit_record')} WHERE seq IN (:a, :b)",
               a=middle.seq, b=newest.seq)
    report = audit.verify()
    assert [(f.seq, f.problem) for f in report.findings] == [(middle.seq, "missing"), (newest.seq, "missing_tail")]


def test_free_text_search_in_english_and_bangla(db, tenant_id, admin):
    made = _some_events(admin)
    hits = audit.search(AuditSearch(text="Meghna")).items
    assert {r.object_type for r in hits} == {"master_data.party"}
    assert [r.action for r in audit.search(AuditSearch(text="টাওয়ার")).items] == ["created"]  # one Bangla word
    bn = audit.search(AuditSearch(text="পদ্মা টাওয়ার")).items
    assert [(r.object_type, r.action) for r in bn] == [("projects.project", "created")]
    assert audit.search(AuditSearch(text="Karnaphuli")).items == []
    both = audit.search(AuditSearch(text=f"{made['party'].code} approved", action="vendor_status_changed")).items
    assert [r.object_id for r in both] == [str(made["party"].id)]  # the event carries the code, not the name


def test_filters_and_pages(db, tenant_id, admin):
    _some_events(admin)
    every = audit.search(AuditSearch(), limit=200).items
    first = audit.search(AuditSearch(), limit=2)
    second = audit.search(AuditSearch(), after=first.next_cursor, limit=2)
    assert [r.seq for r in first.items + second.items] == [r.seq for r in every[:4]]
    assert {r.object_type for r in audit.search(AuditSearch(object_type="finance.*"), limit=200).items} <= {
        t for t in {r.object_type for r in every} if t.startswith("finance.")}
    assert audit.search(AuditSearch(actor="admin@")).items
    assert audit.search(AuditSearch(actor="nobody")).items == []
    today = every[0].occurred_at.date()
    assert len(audit.search(AuditSearch(date_from=today.replace(year=today.year - 1)), limit=200).items) == len(every)
    assert audit.search(AuditSearch(date_to=today.replace(year=today.year - 1))).items == []


def test_export_csv_and_xlsx_of_a_search(db, tenant_id, admin):
    _some_events(admin)
    content, media, name = audit.export(AuditSearch(object_type="master_data.party"), "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["No.", "When (UTC)", "Who"] and name.endswith(".csv")
    assert [r[6] for r in rows[1:]] == ["created", "vendor_status_changed"]
    xlsx, media, name = audit.export(AuditSearch(text="পদ্মা"), "xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [c.value for c in sheet[2]][3] == "projects.project"


def test_permissions_are_refused(db, tenant_id, admin):
    _some_events(admin)
    clerk = context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"master_data.party.read"}),
                                   actor="clerk@test")
    viewer = context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"audit.record.view"}),
                                    actor="viewer@test")
    with context.acting_as(clerk):
        for call in (lambda: audit.search(AuditSearch()), lambda: audit.history("x", "y"), audit.verify):
            with pytest.raises(PermissionDenied):
                call()
    with context.acting_as(viewer):
        assert audit.search(AuditSearch()).items
        with pytest.raises(PermissionDenied):
            audit.export(AuditSearch(), "csv")
        with pytest.raises(PermissionDenied):
            audit.archive_now()


def test_a_user_of_another_company_sees_the_tenants_shared_records_but_not_this_companys(db, tenant_id, admin):
    from dataclasses import replace

    from vextrus.modules.organization import api as org

    a = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    b = org.create_company(org.CompanyInput(code="PB2", name="Padma Builders Two Ltd."))
    book = finance.ensure_book("PBL", "Padma Builders Ltd.", company_id=a.id)
    finance.open_fiscal_year(book.code, "2025-26")
    entry = finance.post_entry(book.code, EntryIn(journal_type="general", entry_date=date(2025, 7, 10), narration="x",
                                                  lines=[LineIn(account_code="1120", debit=D("100"), credit=D("0")),
                                                         LineIn(account_code="3100", debit=D("0"), credit=D("100"))]))
    party = md.create_party(_party("Meghna Cement Mills Ltd."))
    with context.acting_as(replace(admin, company_id=a.id)):
        mine = audit.search(AuditSearch(), limit=200).items
        assert {"finance.journal", "master_data.party"} <= {r.object_type for r in mine}
    with context.acting_as(replace(admin, company_id=b.id)):
        theirs = audit.search(AuditSearch(), limit=200).items
        assert not [r for r in theirs if r.object_type.startswith("finance.") and r.object_id in (str(entry.id), str(book.id))]
        assert audit.history("master_data.party", str(party.id)).items  # parties are the tenant's
        assert audit.history("finance.journal", str(entry.id)).items == []
        posted = next(r for r in mine if r.object_id == str(entry.id))
        with pytest.raises(NotFound):
            audit.get_record(posted.id)
        content, _media, _name = audit.export(AuditSearch(), "csv")
        assert str(entry.id) not in content.decode("utf-8-sig")
