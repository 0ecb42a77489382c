"""banking: statement reading (pure) and import on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from banking_testkit import DATA
from hypothesis import given
from hypothesis import strategies as s

from vextrus.modules.banking import service
from vextrus.modules.banking.domain import statements as st
from vextrus.modules.banking.schemas import BankAccountInput
from vextrus.platform.errors import Conflict, PermissionDenied, ValidationFailed


@pytest.mark.parametrize(("text", "expected"), [
    ("05/12/2026", date(2026, 12, 5)), ("05-12-2026", date(2026, 12, 5)), ("05-Dec-2026", date(2026, 12, 5)),
    ("5 Dec 26", date(2026, 12, 5)), ("2026-12-05", date(2026, 12, 5)), ("05.12.2026", date(2026, 12, 5))])
def test_bangladeshi_dates(text, expected):
    assert st.parse_day(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1,23,456.78", Decimal("123456.78")), ("12,34,567.89", Decimal("1234567.89")), ("500", Decimal(500)),
    ("1,250.50 Cr", Decimal("1250.50")), ("115.00 Dr", Decimal("-115.00")), ("(500.00)", Decimal("-500.00")),
    ("", None), ("-", None), ("Tk. 1,000", Decimal(1000))])
def test_lakh_amounts(text, expected):
    assert st.parse_amount(text) == expected


def test_a_bad_date_or_amount_names_the_line_and_field():
    rows = [(1, ["Date", "Particulars", "Debit", "Credit", "Balance"]), (2, ["31/02/2026", "x", "1", "", "9"])]
    with pytest.raises(ValidationFailed) as bad:
        st.read_rows(rows)
    assert bad.value.field == "lines[2].date" and "লাইন ২" in bad.value.message_bn  # Bangla digits
    rows[1] = (2, ["01/02/2026", "x", "1O0", "", "9"])
    with pytest.raises(ValidationFailed) as bad:
        st.read_rows(rows)
    assert bad.value.field == "lines[2].debit"


@given(s.lists(s.integers(-10**9, 10**9).filter(bool), min_size=2, max_size=30), s.integers(0, 10**10))
def test_running_balances_are_checked_to_the_poisha(amounts, opening):
    lines, bal = [], Decimal(opening) / 100
    for i, a in enumerate(amounts):
        bal += Decimal(a) / 100
        lines.append(st.ParsedLine(date(2026, 3, 1), "x", "", Decimal(a) / 100, bal, i + 2))
    assert st.check_balances(st.ParsedStatement(lines=lines), None) == (Decimal(opening) / 100, bal)
    broken = list(lines)
    last = broken[-1]
    broken[-1] = st.ParsedLine(last.line_date, "x", "", last.amount, last.balance + Decimal("0.01"), last.source_line)
    with pytest.raises(ValidationFailed) as bad:
        st.check_balances(st.ParsedStatement(lines=broken), None)
    assert bad.value.field == f"lines[{last.source_line}].balance"


def test_camt053_and_ofx_read_the_same_statement_as_the_csv():
    csv_lines = [(ln.line_date, ln.amount) for ln in service.statements.parse(
        "a.csv", (DATA / "dbbl_statement.csv").read_bytes()).lines]
    for name in ("camt053_sample.xml", "ofx_sample.ofx"):
        parsed = service.statements.parse(name, (DATA / name).read_bytes())
        assert [(ln.line_date, ln.amount) for ln in parsed.lines] == csv_lines
        assert (parsed.opening, parsed.closing) == (Decimal("1000000.00"), Decimal("1984452.89"))
        assert parsed.lines[0].reference == "456789"


@pytest.mark.parametrize("payload", [
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Document>&e;</Document>',
    b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><Document>&b;</Document>'])
def test_xml_with_a_dtd_or_entities_is_refused(payload):
    with pytest.raises(ValidationFailed) as bad:
        st.read_camt053(payload)
    assert bad.value.code == "banking.xml_dtd"


def test_xlsx_in_the_bank_layout(tmp_path):
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Eastern Bank PLC statement"])
    ws.append(["Transaction Date", "Narration", "Cheque No", "Withdrawal", "Deposit", "Balance"])
    ws.append([date(2026, 3, 2), "CHQ PAID", "456789", 250000, None, 750000])
    ws.append(["05-Mar-2026", "BEFTN", "", None, "12,34,567.89", "19,84,567.89"])
    buf = io.BytesIO()
    wb.save(buf)
    parsed = service.statements.parse("s.xlsx", buf.getvalue())
    assert [(ln.line_date, ln.amount) for ln in parsed.lines] == [
        (date(2026, 3, 2), Decimal(-250000)), (date(2026, 3, 5), Decimal("1234567.89"))]


def test_import_is_idempotent_and_continuity_is_checked(db, account):
    first = service.import_statement(account.id, "dbbl.csv", (DATA / "dbbl_statement.csv").read_bytes())
    assert (first.line_count, first.opening, first.closing) == (3, Decimal("1000000.00"), Decimal("1984452.89"))
    again = service.import_statement(account.id, "dbbl.csv", (DATA / "dbbl_statement.csv").read_bytes())
    assert again.already_imported and again.id == first.id
    assert len(service.statement_lines(account.id)) == 3
    # the same statement in another format is the same lines: refused as duplicates (not imported twice)
    with pytest.raises(ValidationFailed) as dup:
        service.import_statement(account.id, "s.xml", (DATA / "camt053_sample.xml").read_bytes())
    assert dup.value.code in ("banking.opening_mismatch", "banking.duplicate_line")
    second = service.import_statement(account.id, "city.csv", (DATA / "city_statement_2.csv").read_bytes())
    assert (second.seq, second.opening, second.closing) == (2, Decimal("1984452.89"), Decimal("1885703.39"))
    gap = b"Date,Description,Cheque No,Debit,Credit,Balance\n01-Apr-2026,X,,100.00,,\"18,85,000.00\"\n"
    with pytest.raises(ValidationFailed) as bad:
        service.import_statement(account.id, "gap.csv", gap)
    assert bad.value.code == "banking.opening_mismatch" and bad.value.field == "lines[2].balance"
    assert "প্রারম্ভিক জের" in bad.value.message_bn


def test_each_format_imports(db, account, company):
    for name in ("camt053_sample.xml",):
        view = service.import_statement(account.id, name, (DATA / name).read_bytes())
        assert view.fmt == "camt053" and view.closing == Decimal("1984452.89")
    other = service.create_account(BankAccountInput(company_id=company, bank_name="City Bank", account_number="22",
                                                    ledger_account_code="1120"))
    view = service.import_statement(other.id, "x.ofx", (DATA / "ofx_sample.ofx").read_bytes())
    assert view.fmt == "ofx" and view.line_count == 3


def test_account_rules(db, account, company, tenant_id):
    with pytest.raises(Conflict):
        service.create_account(BankAccountInput(company_id=company, bank_name="X", account_number="1101100012345",
                                                ledger_account_code="1120"))
    with pytest.raises(ValidationFailed) as bad:  # a group account, or not an asset
        service.create_account(BankAccountInput(company_id=company, bank_name="X", account_number="9",
                                                ledger_account_code="3100"))
    assert bad.value.field == "ledger_account_code" and bad.value.message_bn
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    viewer = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="auditor@test",
                                    permissions=frozenset({"banking.account.view", "banking.reconciliation.view"}))
    with context.acting_as(viewer):
        assert [a.account_number for a in service.list_accounts().items] == ["1101100012345"]
        with pytest.raises(PermissionDenied):
            service.import_statement(account.id, "d.csv", (DATA / "dbbl_statement.csv").read_bytes())
