"""A chart of accounts from a spreadsheet, through interchange into the active company's book, on both
databases: a group and its children in any order of rows, Bangla names kept; the dry run names each bad
row (unknown type, a parent that is not a group or of another type, a code already in the chart, a
blank name) in English and Bangla; all-or-nothing adds nothing when one row is bad; the accounts
added take postings at once."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from vextrus.modules.finance import service as finance
from vextrus.modules.finance.schemas import EntryIn, LineIn
from vextrus.modules.interchange import service
from vextrus.modules.interchange.schemas import CommitInput

TARGET = "finance.accounts"
HEADER = ["Account Code", "Account Name", "বাংলা নাম", "Type", "Subtype", "Parent", "Group"]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8")



def _codes(book: str) -> set[str]:
    return {a.code for a in finance.list_accounts(book)}


def test_a_group_and_its_children_in_any_row_order_join_the_chart_and_take_postings(book):
    rows = [  # the children come before their group: a sheet sorted by name
        ["5181", "Crane hire", "ক্রেন ভাড়া", "expense", "", "5180", "no"],
        ["5182", "Scaffolding hire", "ভারা ভাড়া", "Expense", "", "5180", ""],
        ["5180", "Plant and equipment hire", "যন্ত্রপাতি ভাড়া", "expense", "", "", "yes"],
    ]
    run = service.upload(TARGET, "coa.csv", _csv(rows))
    assert run.mapping == {"Account Code": "code", "Account Name": "name", "বাংলা নাম": "name_bn", "Type": "account_type",
                           "Subtype": "subtype", "Parent": "parent_code", "Group": "is_group"}
    checked = service.check(run.id)
    assert (checked.rows_valid, checked.problems) == (3, [])
    assert service.commit(run.id, CommitInput()).rows_written == 3
    accounts = {a.code: a for a in finance.list_accounts(book)}
    assert accounts["5180"].is_group and accounts["5181"].parent_code == "5180"
    assert accounts["5182"].name_bn == "ভারা ভাড়া" and accounts["5182"].account_type == "expense"
    finance.post_entry(book, EntryIn(entry_date=date(2025, 8, 1), narration="Crane for the roof slab", lines=[
        LineIn(account_code="5181", debit=Decimal("85000")), LineIn(account_code="1110", credit=Decimal("85000"))]))


def test_each_bad_row_is_named_and_all_or_nothing_adds_nothing(book):
    before = _codes(book)
    rows = [
        ["6100", "Good one", "ভালো", "expense", "", "", ""],
        ["6101", "Odd type", "", "expenses-ish", "", "", ""],
        ["6102", "Under a leaf", "", "expense", "", "6100", ""],  # 6100 is not a group
        ["1110", "Cash again", "", "asset", "cash", "", ""],  # already in the chart
        ["6103", "Income under expense", "", "income", "", "6200", ""],
        ["6200", "Expense group", "", "expense", "", "", "yes"],
    ]
    run = service.upload(TARGET, "coa.csv", _csv(rows))
    checked = service.check(run.id)
    by_row = {p.row: p for p in checked.problems}
    assert set(by_row) == {2, 3, 4, 5}
    assert by_row[2].code.endswith("account_type_invalid") and by_row[2].field == "account_type"
    assert by_row[3].field == "parent_code" and "6100" in by_row[3].message
    assert by_row[4].code.endswith("account_code_duplicate") and "1110" in by_row[4].message
    assert by_row[5].field == "parent_code" and "6200" in by_row[5].message
    assert all(p.message_bn and p.message_bn != p.message for p in checked.problems)
    assert service.commit(run.id, CommitInput(mode="all_or_nothing")).rows_written == 0
    assert _codes(book) == before

    again = service.upload(TARGET, "coa.csv", _csv(rows))
    service.check(again.id)
    assert service.commit(again.id, CommitInput(mode="valid_only")).rows_written == 2
    assert _codes(book) == before | {"6100", "6200"}
