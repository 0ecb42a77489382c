"""A client's statement holds its RA bills (issue 16): invoicing's party statement lists each posted RA bill and
retention release on its date and each ledger receipt against it on the receipt's date, beside the client's
invoices; its closing balance equals the aging's total for the client and the ledger's 1130 Trade receivables of
the client (finance's trial balance by party), on every date. Both databases. Figures: the worked example's
contract of test_contracts_service (RA-01 net payable 11,52,750.00; RA-02 22,06,680.00)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from test_contracts_aging import _bill, _ledger_receivable, _receipt

from vextrus.modules.contracts import service
from vextrus.modules.contracts.schemas import ContractAdvanceInput, ContractReleaseInput
from vextrus.modules.invoicing import service as invoicing
from vextrus.modules.invoicing.schemas import InvoiceInput, InvoiceLineInput


def _lines(st):
    return [(ln.entry_date, ln.doc, ln.number, ln.invoice_number, ln.debit, ln.credit, ln.balance) for ln in st.lines]


def test_the_clients_statement_lists_ra_bills_and_receipts_and_closes_at_the_ledger(db, co, contract_input):
    c = service.create_contract(contract_input(co))
    service.receive_advance(c.id, ContractAdvanceInput(received_on=date(2025, 7, 20), amount=D("535000.00")))
    ra1 = _bill(c.id, date(2025, 8, 31), [("1.01", "1000"), ("2.01", "80")])
    ra2 = _bill(c.id, date(2025, 9, 30), [("2.01", "200"), ("3.01", "120.5")])
    _receipt(co, co.client_id, date(2025, 10, 15), D("1000000.00"), ra1.number)
    invoicing.post_invoice(invoicing.create_invoice(InvoiceInput(
        company_id=co.company_id, kind="sales", party_id=co.client_id, invoice_date=date(2025, 10, 1),
        lines=[InvoiceLineInput(description="Soil test", quantity=D(1), unit_price=D("10000.00"),
                                vat_code="EXEMPT")])).id)

    st = invoicing.party_statement(co.company_id, "sales", co.client_id, date(2025, 10, 31))
    rows = _lines(st)
    assert rows[:2] == [
        (date(2025, 8, 31), "ra_bill", ra1.number, "MGH/C-01", D("1152750.00"), D(0), D("1152750.00")),
        (date(2025, 9, 30), "ra_bill", ra2.number, "MGH/C-01", D("2206680.00"), D(0), D("3359430.00"))]
    assert rows[-1][1:6] == ("ra_receipt", rows[-1][2], ra1.number, D(0), D("1000000.00"))  # the entry's number
    assert rows[-1][0] == date(2025, 10, 15) and rows[-1][2]
    assert [r[1] for r in rows] == ["ra_bill", "ra_bill", "invoice", "ra_receipt"]
    assert st.closing_balance == D("2369430.00") == st.open_invoices
    assert st.closing_balance == _ledger_receivable(co, co.client_id, date(2025, 10, 31))
    aged = invoicing.aging(co.company_id, "sales", date(2025, 10, 31))
    assert st.closing_balance == sum((r.net for r in aged.rows if r.party_id == co.client_id), D(0))

    # from 1 October: the two bills make the opening balance
    october = invoicing.party_statement(co.company_id, "sales", co.client_id, date(2025, 10, 31),
                                        date_from=date(2025, 10, 1))
    assert october.opening_balance == D("3359430.00")
    assert [r[1] for r in _lines(october)] == ["invoice", "ra_receipt"]
    assert october.closing_balance == st.closing_balance

    # a retention released later is receivable on its date; every date agrees with the ledger
    service.release_retention(c.id, ContractReleaseInput(release_date=date(2026, 4, 30),
                                                         retention_amount=D("50000.00")))
    for on in (date(2025, 8, 31), date(2025, 10, 14), date(2026, 4, 29), date(2026, 4, 30)):
        closing = invoicing.party_statement(co.company_id, "sales", co.client_id, on).closing_balance
        assert closing == _ledger_receivable(co, co.client_id, on), on  # invoices and RA bills both debit 1130
    last = invoicing.party_statement(co.company_id, "sales", co.client_id, date(2026, 4, 30))
    assert _lines(last)[-1][1:5] == ("release", "MGH/C-01/REL-01", "MGH/C-01", D("50000.00"))
    # a vendor's statement of the same party is empty of RA bills (they are the client's)
    assert invoicing.party_statement(co.company_id, "purchase", co.client_id, date(2026, 4, 30)).lines == []
