"""The purchase register (Mushak 6.1) and sales register (Mushak 6.2) of a month on both databases, checked
against the month's VAT return (Mushak 9.1) computed separately from the same books: the sales register adds
up to the return's supplies (notes 1-7) plus debit notes issued (note 26) less credit notes issued (note 31),
the purchase register to its purchases (notes 10-18) plus debit notes received (note 32) less credit notes
received (note 27).

Sources: VAT and SD Rules 2016 r.40(1)(a)-(b) (registers in forms Mushak 6.1 and 6.2), r.47 (return Mushak 9.1,
notes as the 2019 form numbers them), VAT and SD Act 2012 s.44-45 (credit and debit notes adjust the tax of the
period they are issued in)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.domain import registers as reg
from vextrus.modules.invoicing.schemas import InvoiceLineInput, NoteInput, NoteLineInput
from vextrus.modules.invoicing.service import mushak

AUG = date(2025, 8, 5)


def _posted(co, invoice, kind, lines, on=AUG):
    data = invoice(co, kind, lines=[InvoiceLineInput(description=f"{code} supply", quantity=D(q), unit_price=D(p),
                                                     vat_code=code) for code, q, p in lines], on=on)
    return service.post_invoice(service.create_invoice(data).id)


def _note(inv, kind, amount, on, line_no=1):
    service.issue_note(inv.id, NoteInput(kind=kind, note_date=on, reason="Re-measured",
                                         lines=[NoteLineInput(line_no=line_no, amount=D(amount))]))


@pytest.fixture
def month(co, invoice):
    """August 2025: sales at 15, 10 and 5 % and exempt, purchases at 15 and 7.5 %, a credit and a debit note
    on each side; a draft, a September invoice and a July note on a July invoice's neighbour are left out."""
    a = _posted(co, invoice, "sales", [("VAT15", "2", "100000.00"), ("S004.00", "1", "1000000.00")])
    _posted(co, invoice, "sales", [("VAT5", "4", "25000.00")])
    _posted(co, invoice, "sales", [("EXEMPT", "1", "50000.00")])
    service.create_invoice(invoice(co, on=AUG))  # a draft
    _posted(co, invoice, "sales", [("VAT15", "1", "999999.00")], on=date(2025, 9, 1))
    july = _posted(co, invoice, "sales", [("VAT15", "1", "10000.00")], on=date(2025, 7, 20))
    _note(a, "credit", "100000.00", date(2025, 8, 20), line_no=2)  # 10 % back on the S004.00 line
    _note(july, "debit", "2000.00", date(2025, 8, 3))  # a July invoice's debit note counts in August
    _note(july, "credit", "1000.00", date(2025, 7, 31))  # ... its July credit note does not
    p1 = _posted(co, invoice, "purchase", [("VAT15", "10", "40000.00")])
    p2 = _posted(co, invoice, "purchase", [("VAT7.5", "1", "100000.00")])
    _note(p1, "credit", "20000.00", date(2025, 8, 25))
    _note(p2, "debit", "4000.00", date(2025, 8, 26))
    return co


def _adj(lines, note):
    return next(ln for ln in lines if ln.note == note)


def test_registers_agree_with_the_months_vat_return(db, month):
    r91 = service.vat_return(month.company_id, "2025-08")
    sales = mushak.register_view(month.company_id, "sales", "2025-08")
    purchases = mushak.register_view(month.company_id, "purchase", "2025-08")
    assert (sales.form, purchases.form, sales.period) == ("6.2", "6.1", "2025-08")
    d26, d31 = _adj(r91.increasing, 26), _adj(r91.decreasing, 31)
    assert sales.vat == r91.output_tax + d26.vat - d31.vat
    assert sales.value == sum(ln.value for ln in r91.supplies) + d26.value - d31.value
    c27, d32 = _adj(r91.increasing, 27), _adj(r91.decreasing, 32)
    assert purchases.vat == sum(ln.vat for ln in r91.purchases) + d32.vat - c27.vat
    assert purchases.value == sum(ln.value for ln in r91.purchases) + d32.value - c27.value
    # worked by hand: sales 30,000 + 1,00,000 + 5,000 − 10,000 (credit) + 300 (debit 2,000 at 15 %) = 1,25,300
    assert sales.vat == D("125300.00") and sales.value == D("1252000.00") and sales.total == D("1377300.00")
    # purchases 60,000 + 7,500 − 3,000 (credit 20,000 at 15 %) + 300 (debit 4,000 at 7.5 %) = 64,800
    assert purchases.vat == D("64800.00") and purchases.value == D("484000.00")
    assert [r.doc for r in sales.rows].count("credit") == 1 and [r.doc for r in sales.rows].count("debit") == 1
    credit = next(r for r in sales.rows if r.doc == "credit")
    assert (credit.value, credit.vat, credit.party, credit.invoice_number) == (
        D("-100000.00"), D("-10000.00"), "Meghna Housing Ltd.", "SI-2025-26-00001")
    assert sum(r.vat for r in sales.rows) == sales.vat and sales.total == sales.value + sales.sd + sales.vat
    assert [r.serial for r in sales.rows] == list(range(1, len(sales.rows) + 1))
    assert {r.party for r in purchases.rows} == {"BSRM Steels Ltd."}
    empty = mushak.register_view(month.company_id, "sales", "2025-06")
    assert (empty.rows, empty.vat) == ([], D(0))


@pytest.mark.parametrize("lang, words, total", [
    ("en", ["Sales register (Mushak 6.2)", "Credit note (6.7)", "Debit note (6.8)", "Download XLSX", "Meghna Housing Ltd."],
     "1,25,300.00"),
    ("bn", ["বিক্রয় হিসাব পুস্তক (মূসক ৬.২)", "ক্রেডিট নোট (৬.৭)", "ডেবিট নোট (৬.৮)", "এক্সেল ফাইল নামান",
            "মেঘনা হাউজিং লিমিটেড", "বিআইএন"], "১,২৫,৩০০.০০"),
])
def test_the_register_pages_in_english_and_bangla(client, month, lang, words, total):
    page = client.get(f"/invoicing/registers?company={month.company_id}&side=sales&month=2025-08&lang={lang}")
    assert page.status_code == 200
    for w in words:
        assert w in page.text, w
    assert total in page.text
    purchase = client.get(f"/invoicing/registers?company={month.company_id}&side=purchase&month=2025-08&lang={lang}")
    assert ("Purchase register" if lang == "en" else "ক্রয় হিসাব পুস্তক") in purchase.text
    bad = client.get(f"/invoicing/registers?company={month.company_id}&month=August&lang={lang}")
    assert bad.status_code == 422 and ("YYYY-MM" in bad.text if lang == "en" else "কর মেয়াদ" in bad.text)
    index = client.get(f"/invoicing?company={month.company_id}&lang={lang}").text
    assert f"/invoicing/registers?company={month.company_id}" in index


def test_the_registers_download_as_xlsx_and_csv_with_the_same_totals(client, month):
    import openpyxl

    q = f"company_id={month.company_id}&month=2025-08"
    r = client.get(f"/api/v1/invoicing/registers/sales/export?{q}&format=xlsx")
    assert r.status_code == 200 and "spreadsheetml" in r.headers["content-type"]
    assert "Mushak-6.2-2025-08-en.xlsx" in r.headers["content-disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = rows[2]
    assert rows[0][0] == "Sales register (Mushak-6.2) — 2025-08" and head[0] == "Sl." and head[13] == "VAT"
    body, last = rows[3:-1], rows[-1]
    assert last[7] == "Total" and D(str(last[13])).quantize(D("0.01")) == D("125300.00")
    assert round(sum(D(str(x[13])) for x in body), 2) == D("125300.00")
    c = client.get(f"/api/v1/invoicing/registers/purchase/export?{q}&format=csv&lang=bn")
    assert c.status_code == 200 and c.content.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(c.content.decode("utf-8-sig"))))
    assert table[0][0] == "ক্রমিক" and table[0][13] == "মূসক"
    assert table[-1][7] == "মোট" and D(table[-1][13]) == D("64800.00")
    assert sum(D(x[13]) for x in table[1:-1]) == D("64800.00")
    js = client.get(f"/api/v1/invoicing/registers/purchase?{q}").json()
    assert (js["form"], js["vat"]) == ("6.1", "64800.00")
    assert client.get(f"/api/v1/invoicing/registers/other?{q}").json()["code"] == "invoicing.register_unknown"
    gql = "query($c: ID!) { invoicingRegister(companyId: $c, side: \"sales\", month: \"2025-08\", lang: \"bn\") "\
          "{ form period vat total rows { serial doc value vat party } } }"
    g = client.post("/graphql", json={"query": gql, "variables": {"c": str(month.company_id)}}).json()["data"]
    reg_ = g["invoicingRegister"]
    assert (reg_["form"], reg_["vat"], reg_["total"]) == ("6.2", "125300.00", "1377300.00")
    credit = next(r for r in reg_["rows"] if r["doc"] == "credit")
    assert (credit["value"], credit["party"]) == ("-100000.00", "মেঘনা হাউজিং লিমিটেড")
    page = client.get(f"/invoicing/registers/export?company={month.company_id}&side=sales&month=2025-08&format=csv")
    assert page.status_code == 200 and "Mushak-6.2-2025-08" in page.headers["content-disposition"]


money = st.decimals(min_value=D("0.01"), max_value=D("99999999.99"), places=2)


@given(st.lists(st.tuples(st.sampled_from(["invoice", "credit", "debit"]), money, money, st.integers(1, 28)),
                max_size=30))
def test_a_register_adds_up_and_notes_carry_their_sign(docs):
    entries = [reg.Entry(doc, date(2025, 8, day), f"N{i}", f"N{i}", None, 1, "x", D(1), "VAT15", D(15), value, vat)
               for i, (doc, value, vat, day) in enumerate(docs)]
    r = reg.register("sales", "2025-08", entries)
    sign = {"invoice": 1, "debit": 1, "credit": -1}
    assert r.vat == sum((sign[d] * v for d, _, v, _ in docs), D(0))
    assert r.value == sum((sign[d] * v for d, v, _, _ in docs), D(0))
    assert r.total == sum((x.total for x in r.rows), D(0)) == r.value + r.sd + r.vat
    assert [x.doc_date for x in r.rows] == sorted(x.doc_date for x in r.rows)
