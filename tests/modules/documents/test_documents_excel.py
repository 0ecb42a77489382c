"""Excel exports: header frozen with filters, money as numbers in lakh/crore grouping, dates as dates,
Bangla headers and text kept as written (read back with openpyxl)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import openpyxl

from vextrus.modules.documents.excel import LAKH_MONEY, Column, xlsx_table

COLUMNS = [Column("code", "Account", "হিসাব"), Column("name", "Name", "নাম"),
           Column("amount", "Amount", "পরিমাণ", "money"), Column("day", "Date", "তারিখ", "date")]
ROWS = [{"code": "5110", "name": "নির্মাণ সামগ্রী (ক্ষতিপূরণ)", "amount": D("12345678.50"), "day": date(2026, 1, 15)},
        {"code": "5150", "name": "Carriage", "amount": D("-2500"), "day": None}]


def test_bangla_headers_frozen_and_typed_cells():
    book = openpyxl.load_workbook(io.BytesIO(xlsx_table(COLUMNS, ROWS, "খতিয়ান", "bn", title="হিসাব বিবরণী")))
    ws = book.active
    assert ws.title == "খতিয়ান" and ws["A1"].value == "হিসাব বিবরণী"
    assert [c.value for c in ws[3]] == ["হিসাব", "নাম", "পরিমাণ", "তারিখ"]
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:D5"
    assert ws["B4"].value == "নির্মাণ সামগ্রী (ক্ষতিপূরণ)" and ws["B4"].font.name == "Noto Sans Bengali"
    assert ws["C4"].value == 12345678.5 and ws["C4"].number_format == LAKH_MONEY
    assert ws["D4"].value.date() == date(2026, 1, 15) and ws["D5"].value is None
    assert ws["C5"].value == -2500


def test_english_without_title_freezes_the_first_row():
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_table(COLUMNS, ROWS))).active
    assert [c.value for c in ws[1]] == ["Account", "Name", "Amount", "Date"] and ws.freeze_panes == "A2"
    assert ws["A2"].value == "5110"  # codes stay text
