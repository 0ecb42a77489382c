"""Journal entries and opening balances from a spreadsheet, through interchange into the active company's
ledger, on both databases: a sheet shaped like another ledger's export (the entry number on the first line
only, day-first dates, amounts with thousands separators) posts entries whose trial balance equals the
sheet's own sums; the dry run names every bad entry with its row and field in English and Bangla;
"valid rows only" posts the good entries whole and never half of a bad one; all-or-nothing leaves the
ledger unchanged; the import needs finance's own permission."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from vextrus.modules.finance import service as finance
from vextrus.modules.interchange import service
from vextrus.modules.interchange.schemas import CommitInput
from vextrus.platform import context
from vextrus.platform.errors import PermissionDenied

TARGET = "finance.journal"
HEADER = ["Voucher No", "Date", "Type", "Particulars", "A/C Code", "Dr", "Cr"]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8")



def _balances(book: str) -> dict[str, Decimal]:
    tb = finance.trial_balance(book, None, date(2026, 6, 30))
    return {ln.account_code: ln.closing_debit - ln.closing_credit for ln in tb.lines
            if ln.closing_debit or ln.closing_credit}


def _run(content: bytes, mode: str = "all_or_nothing"):
    run = service.upload(TARGET, "journal.csv", content)
    return service.check(run.id), run


OPENING_AND_TWO_ENTRIES = [
    ["OB-1", "01/07/2025", "opening", "Opening balances", "1110", "5,00,000.00", ""],
    ["", "", "", "", "1120", "12,50,000", ""],
    ["", "", "", "", "3900", "", "17,50,000.00"],
    ["JV-7", "14-Aug-2025", "", "Cement for the site", "5110", "1,12,500", ""],
    ["", "", "", "", "1120", "", "1,12,500"],
    ["JV-8", "2025-09-01", "payment", "Site office rent", "5110", "45000", ""],
    ["JV-8", "", "", "", "1110", "", "45000"],
]


def test_a_sheet_from_another_ledger_posts_its_entries_and_the_trial_balance_equals_the_sheet(book):
    checked, run = _run(_csv(OPENING_AND_TWO_ENTRIES))
    assert run.mapping == {"Voucher No": "entry", "Date": "entry_date", "Type": "journal_type",
                           "Particulars": "narration", "A/C Code": "account_code", "Dr": "debit", "Cr": "credit"}
    assert (checked.rows_total, checked.rows_valid, checked.problems) == (7, 7, [])
    done = service.commit(run.id, CommitInput())
    assert (done.status, done.rows_written) == ("committed", 3)  # three entries
    assert _balances(book) == {"1110": Decimal("455000.00"), "1120": Decimal("1137500.00"),
                                  "3900": Decimal("-1750000.00"), "5110": Decimal("157500.00")}
    entries = finance.list_entries(book)
    assert sorted((e.entry_date, e.journal_type, e.narration) for e in entries) == [
        (date(2025, 7, 1), "opening", "Opening balances"), (date(2025, 8, 14), "general", "Cement for the site"),
        (date(2025, 9, 1), "payment", "Site office rent")]


def test_the_dry_run_names_every_bad_entry_by_row_and_field_in_english_and_bangla(book):
    rows = [
        ["JV-1", "2025-08-01", "", "Unbalanced", "5110", "1000", ""],
        ["", "", "", "", "1110", "", "900"],
        ["JV-2", "2025-08-02", "", "No such account", "5110", "500", ""],
        ["", "", "", "", "9999", "", "500"],
        ["JV-3", "31/02/2025", "", "Not a date", "5110", "10", ""],
        ["", "", "", "", "1110", "", "10"],
        ["JV-4", "2025-08-04", "", "Fine", "5110", "10", ""],
        ["", "", "", "", "1110", "", "10"],
        ["JV-5", "2025-08-05", "", "Letters for money", "5110", "ten", ""],
        ["", "", "", "", "1110", "", "10"],
    ]
    before = _balances(book)
    checked, run = _run(_csv(rows))
    assert (checked.rows_total, checked.rows_valid) == (10, 2)
    by_row = {p.row: p for p in checked.problems}
    assert set(by_row) == {1, 2, 3, 4, 5, 6, 9, 10}
    assert by_row[4].field == "account_code" and "9999" in by_row[4].message
    assert by_row[5].field is None or by_row[5].field == "entry_date"
    assert "31/02/2025" in by_row[5].message and "তারিখ" in by_row[5].message_bn
    assert by_row[9].field == "debit" and "ten" in by_row[9].message
    assert by_row[3].code == "interchange.entry_refused" or by_row[4].code == "interchange.entry_refused"
    for p in checked.problems:
        assert p.message and p.message_bn and p.message != p.message_bn
    assert _balances(book) == before  # a dry run posts nothing

    refused = service.commit(run.id, CommitInput(mode="all_or_nothing"))
    assert refused.rows_written == 0 and _balances(book) == before

    run2 = service.upload(TARGET, "journal.csv", _csv(rows))
    service.check(run2.id)
    done = service.commit(run2.id, CommitInput(mode="valid_only"))
    assert done.rows_written == 1 and done.result_file_id is not None
    assert _balances(book) == {**before, "5110": Decimal("10.00"), "1110": Decimal("-10.00")}  # JV-4 alone


def test_importing_journals_needs_finance_import_permission(book, admin):
    clerk = context.RequestContext(tenant_id=admin.tenant_id, user_id=admin.user_id, actor="clerk",
                                   company_id=context.current().company_id,
                                   permissions=frozenset({"interchange.import.run", "finance.journal.view"}))
    with context.acting_as(clerk), pytest.raises(PermissionDenied) as refused:
        service.upload(TARGET, "journal.csv", _csv(OPENING_AND_TWO_ENTRIES[:3]))
    assert "finance.journal.import" in refused.value.message
    assert _balances(book) == {}
