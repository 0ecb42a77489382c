"""Imports through interchange on both databases, with master data's parties and items as the targets:
each encoding a spreadsheet writes, XLSX, the mapping saved and reused, the dry run's problems with row
and column in English and Bangla, all-or-nothing leaving the database unchanged, valid-rows-only saving
the good rows with a result file of exactly the bad ones, the size limit, exports with Bangla headers.

Mobile numbers follow BTRC's 11-digit numbering plan (01[3-9]XXXXXXXX; see /work/shared/domain/bangladesh.md),
which master data checks: "12345" is refused, "01711000001" accepted."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
import xlsxwriter

from vextrus.modules.interchange import service
from vextrus.modules.interchange.schemas import CommitInput, MappingInput
from vextrus.modules.master_data import api as master_data
from vextrus.modules.master_data import service as master_data_service
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform import context
from vextrus.platform.errors import Conflict, PermissionDenied, ValidationFailed
from vextrus.platform.ids import new_id

PARTIES = "master_data.parties"


def _csv(rows: list[list[str]], encoding: str = "utf-8", bom: bytes = b"") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return bom + out.getvalue().encode(encoding)


def _xlsx(rows: list[list[object]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    book.close()
    return out.getvalue()


def _names(q: str) -> list[str]:
    return sorted(p.legal_name for p in master_data.search_parties(q, limit=100))


def _import(content: bytes, name: str = "p.csv", mode: str = "all_or_nothing", fmt: str = "csv", mapping=None):
    run = service.upload(PARTIES, name, content)
    if mapping is not None:
        run = service.set_mapping(run.id, MappingInput(columns=mapping))
    checked = service.check(run.id)
    return checked, service.commit(run.id, CommitInput(mode=mode, result_format=fmt))


@pytest.mark.parametrize("encoding,bom", [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                          ("utf-16-be", b"\xfe\xff"), ("cp1252", b"")])
def test_a_csv_in_each_encoding_imports_its_non_ascii_name(db, admin, encoding, bom):
    content = _csv([["Legal name", "Mobile"], ["Zoë Traders", "01711000001"], ["Señor Builders", "01711000002"]],
                   encoding, bom)
    run = service.upload(PARTIES, "parties.csv", content)
    assert run.encoding == (encoding if bom != b"\xef\xbb\xbf" else "utf-8-sig")
    assert run.mapping == {"Legal name": "legal_name", "Mobile": "mobile"}
    checked = service.check(run.id)
    assert (checked.status, checked.rows_total, checked.rows_valid, checked.problems) == ("checked", 2, 2, [])
    done = service.commit(run.id, CommitInput())
    assert (done.status, done.rows_written, done.result_file_id) == ("committed", 2, None)
    assert _names("Traders") == ["Zoë Traders"] and _names("Señor") == ["Señor Builders"]


def test_an_xlsx_with_bangla_headers_is_mapped_and_imported(db, admin):
    content = _xlsx([["আইনি নাম", "বাংলায় আইনি নাম", "মোবাইল"], ["Karim Traders", "করিম ট্রেডার্স", "01711000003"]])
    run = service.upload(PARTIES, "parties.xlsx", content)
    assert run.file_format == "xlsx" and run.mapping == {
        "আইনি নাম": "legal_name", "বাংলায় আইনি নাম": "legal_name_bn", "মোবাইল": "mobile"}
    service.check(run.id)
    assert service.commit(run.id, CommitInput()).rows_written == 1
    (p,) = master_data.search_parties("Karim", limit=5)
    assert p.legal_name_bn == "করিম ট্রেডার্স" and p.mobile == "+8801711000003"  # stored in E.164


def test_a_mapping_chosen_once_is_saved_for_the_user_and_reused_for_the_next_file(db, admin):
    content = _csv([["Firm", "Phone no"], ["Meghna Traders", "01711000004"]])
    first = service.upload(PARTIES, "a.csv", content)
    assert "Firm" not in first.mapping  # not recognisable by its header
    with pytest.raises(ValidationFailed) as refused:
        service.check(first.id)
    assert refused.value.code == "interchange.mapping_required_missing"
    service.set_mapping(first.id, MappingInput(columns={"Firm": "legal_name", "Phone no": "mobile"}))
    assert service.saved_mapping(PARTIES) == {"Firm": "legal_name", "Phone no": "mobile"}
    second = service.upload(PARTIES, "b.csv", _csv([["Firm", "Phone no"], ["Padma Traders", "01711000005"]]))
    assert second.mapping == {"Firm": "legal_name", "Phone no": "mobile"}
    other = context.RequestContext(tenant_id=admin.tenant_id, user_id=new_id(), permissions=frozenset({"*"}),
                                   actor="other@test")
    with context.acting_as(other):  # saved per user
        assert service.upload(PARTIES, "c.csv", content).mapping == {"Phone no": "mobile"}


BAD = [["Legal name", "Mobile", "e-TIN"],
       ["Good One Ltd", "01711000011", ""],
       ["Bad Mobile Ltd", "12345", ""],
       ["", "01711000013", ""],
       ["Good Two Ltd", "01711000014", ""]]


def test_the_dry_run_lists_each_refused_row_with_its_column_in_english_and_bangla_and_writes_nothing(db, admin):
    run = service.upload(PARTIES, "bad.csv", _csv(BAD))
    checked = service.check(run.id)
    assert (checked.rows_total, checked.rows_valid, checked.rows_refused) == (4, 2, 2)
    by_row = {p.row: p for p in checked.problems}
    assert sorted(by_row) == [2, 3]
    assert (by_row[2].line, by_row[2].column, by_row[2].field) == (3, "Mobile", "mobile")
    assert by_row[2].message and by_row[2].message_bn and by_row[2].message != by_row[2].message_bn
    assert (by_row[3].column, by_row[3].code) == ("Legal name", "interchange.required_empty")
    assert "আবশ্যক" in by_row[3].message_bn and "required" in by_row[3].message
    assert _names("Good") == [] and _names("Bad") == []


def test_all_or_nothing_leaves_the_database_unchanged_when_one_row_is_bad(db, admin):
    _checked, done = _import(_csv(BAD))
    assert (done.status, done.rows_written) == ("refused", 0)
    assert _names("Good") == [] and _names("Bad") == []
    assert done.result_file_id is not None  # the refused rows still come back to be corrected


def test_valid_rows_only_stores_the_good_rows_and_the_result_file_holds_exactly_the_bad_ones(db, admin):
    _checked, done = _import(_csv(BAD), mode="valid_only")
    assert (done.status, done.mode, done.rows_written, done.rows_refused) == ("committed", "valid_only", 2, 2)
    assert _names("Good") == ["Good One Ltd", "Good Two Ltd"]
    name, content = service.result_file(done.id)
    assert name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Legal name", "Mobile", "e-TIN", "Error"]
    assert [r[:3] for r in rows[1:]] == [["Bad Mobile Ltd", "12345", ""], ["", "01711000013", ""]]
    assert rows[1][3].startswith("Mobile: ") and rows[2][3].startswith("Legal name: ")
    with pytest.raises(Conflict):  # committed once
        service.commit(done.id, CommitInput(mode="valid_only"))


def test_the_result_file_as_xlsx_in_bangla(db, admin):
    run = service.upload(PARTIES, "bad.csv", _csv(BAD), lang="bn")
    service.check(run.id)
    done = service.commit(run.id, CommitInput(mode="valid_only", result_format="xlsx"))
    name, content = service.result_file(done.id)
    ws = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert name.endswith(".xlsx") and rows[0][-1] == "ত্রুটি" and len(rows) == 3
    assert rows[1][0] == "Bad Mobile Ltd" and "আবশ্যক" in rows[2][-1]


def test_an_oversized_file_is_refused_in_words_and_nothing_is_kept(db, admin, monkeypatch):
    monkeypatch.setattr(db.settings, "max_upload_bytes", 2048)
    with pytest.raises(ValidationFailed) as big:
        service.upload(PARTIES, "big.csv", _csv([["Legal name"]] + [[f"Party {i}"] for i in range(500)]))
    assert big.value.code == "import_too_large" and "2,048" in big.value.message and big.value.message_bn
    assert service.list_runs().items == []


def test_too_many_rows_are_refused_at_the_dry_run(db, admin, monkeypatch):
    monkeypatch.setattr(db.settings, "import_max_rows", 3)
    run = service.upload(PARTIES, "many.csv", _csv([["Legal name"]] + [[f"Party {i}"] for i in range(5)]))
    with pytest.raises(ValidationFailed) as many:
        service.check(run.id)
    assert many.value.code == "import_too_many_rows"
    assert service.get_run(run.id).status == "failed" and service.get_run(run.id).error.code == "import_too_many_rows"


def test_items_import_through_the_same_mechanism(db, admin):
    content = _csv([["Item code", "Item name", "বাংলা নাম", "Unit"], ["CEM-01", "Portland cement", "সিমেন্ট", "bag"],
                    ["", "Sand", "বালু", "cft"]])
    run = service.upload("master_data.items", "items.csv", content)
    assert run.mapping == {"Item code": "code", "Item name": "name", "বাংলা নাম": "name_bn", "Unit": "base_unit"}
    checked = service.check(run.id)
    assert [(p.row, p.column) for p in checked.problems] == [(2, "Item code")]
    done = service.commit(run.id, CommitInput(mode="valid_only"))
    assert done.rows_written == 1 and [i.code for i in master_data.search_items("cement")] == ["CEM-01"]


def test_the_owners_import_permission_and_interchanges_own_are_both_needed(db, admin):
    content = _csv([["Legal name"], ["Someone Ltd"]])
    for perms in ({"interchange.import.run"}, {"master_data.party.import"}):
        user = context.RequestContext(tenant_id=admin.tenant_id, user_id=new_id(), permissions=frozenset(perms),
                                      actor="clerk@test")
        with context.acting_as(user), pytest.raises(PermissionDenied):
            service.upload(PARTIES, "p.csv", content)
    run = service.upload(PARTIES, "p.csv", content)
    stranger = context.RequestContext(tenant_id=admin.tenant_id, user_id=new_id(), permissions=frozenset({
        "interchange.import.run", "master_data.party.import"}), actor="stranger@test")
    with context.acting_as(stranger), pytest.raises(Exception) as hidden:
        service.get_run(run.id)
    assert getattr(hidden.value, "status", None) == 404  # another user's import is not theirs to see


def test_exports_of_a_list_in_csv_and_xlsx_with_bangla_headers_and_the_pages_filter(db, admin):
    _import(_csv([["Legal name", "Mobile"], ["Jamuna Traders", "01711000021"], ["Shapla Builders", "01711000022"]]))
    name, content, ctype = service.export(PARTIES, "csv", "bn", {"q": "Jamuna"})
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert name == "master_data-parties.csv" and ctype.startswith("text/csv")
    assert rows[0][:2] == ["কোড", "আইনি নাম"] and [r[1] for r in rows[1:]] == ["Jamuna Traders"]
    _n, xlsx, _t = service.export(PARTIES, "xlsx", "en", {})
    ws = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True).worksheets[0]
    got = [list(r) for r in ws.iter_rows(values_only=True)]
    assert got[0][:2] == ["Code", "Legal name"] and sorted(r[1] for r in got[1:]) == ["Jamuna Traders",
                                                                                      "Shapla Builders"]
    reader = context.RequestContext(tenant_id=admin.tenant_id, user_id=new_id(),
                                    permissions=frozenset({"master_data.party.read"}), actor="r@test")
    with context.acting_as(reader), pytest.raises(PermissionDenied):
        service.export(PARTIES, "csv")


def test_an_upload_never_committed_is_dropped_after_a_week_and_the_run_is_kept(db, admin):
    from datetime import timedelta

    from sqlalchemy import update

    from vextrus.modules.interchange import jobs
    from vextrus.modules.interchange.tables import ImportRunRow
    from vextrus.platform import clock

    old = service.upload(PARTIES, "old.csv", _csv(BAD))
    service.check(old.id)
    fresh = service.upload(PARTIES, "fresh.csv", _csv(BAD))
    with db.session_factory.begin() as s:
        s.execute(update(ImportRunRow).where(ImportRunRow.id == old.id)
                  .values(created_at=clock.now() - timedelta(days=jobs.KEEP_DAYS + 1)))
    with context.acting_as(context.system_context(admin.tenant_id)):
        assert jobs.drop_stale_uploads() == 1
    kept = service.get_run(old.id)
    assert (kept.status, kept.rows_refused) == ("expired", 2)  # its figures stay
    with pytest.raises(Conflict):
        service.check(old.id)
    assert service.get_run(fresh.id).status == "uploaded" and service.check(fresh.id).status == "checked"


def test_an_export_reads_every_page_not_only_the_first(db, admin):
    """Exports used to stop at master data's 500-row search; they now read cursor pages to the end."""
    for k in range(11):
        master_data_service.create_party(PartyInput(legal_name=f"Paged Traders {k:02d}", roles=["customer"]))
    pages = list(master_data.all_parties("Paged", page_size=3))
    assert sorted(p.legal_name for p in pages) == [f"Paged Traders {k:02d}" for k in range(11)]
    assert len({p.id for p in pages}) == 11  # no party twice across page boundaries
