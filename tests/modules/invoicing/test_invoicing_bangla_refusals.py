"""Invoicing's refusals read wholly in Bangla with `?lang=bn` (both databases): line numbers and amounts in Bangla
digits, a posting role by its Bangla name, no company or party id; only an identifier the user typed (an account
code) stays as typed."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from bangla_text import latin_left
from vextrus.modules.invoicing import domain, service
from vextrus.modules.invoicing.schemas import CompanySettingsInput, InvoiceLineInput
from vextrus.platform.errors import ValidationFailed


def _line(**kw) -> domain.Line:
    return domain.Line(**{**dict(description="MS rod", quantity=D(2), unit_price=D("95000.00"), vat_code="VAT15"), **kw})


def test_a_bad_line_is_named_in_bangla_digits():
    with pytest.raises(ValidationFailed) as err:
        domain.check_lines([_line()] * 11 + [_line(quantity=D(0))])
    assert err.value.field == "lines[11].quantity"
    assert err.value.message_bn.startswith("লাইন ১২:") and latin_left(err.value.message_bn) == []


def test_a_payment_or_credit_beyond_what_is_due_shows_bangla_amounts():
    with pytest.raises(ValidationFailed) as err:
        domain.check_payment("posted", D("150000.50"), D("100000.00"), "SI-2025-26-00001")
    assert "১,০০,০০০.০০" in err.value.message_bn and latin_left(err.value.message_bn) == []
    with pytest.raises(ValidationFailed) as err:
        domain.check_credit_total(D("1500.50"), D("1000.00"))
    assert err.value.message_bn == "ক্রেডিট ১,৫০০.৫০ বকেয়া ১,০০০.০০ এর বেশি"


def test_an_unknown_account_keeps_only_the_code_as_typed(db, co, invoice):
    lines = [InvoiceLineInput(description="Cement", quantity=D(1), unit_price=D("520.00"), vat_code="VAT15"),
             InvoiceLineInput(description="Rod", quantity=D(1), unit_price=D("900.00"), vat_code="VAT15",
                              account_code="X9Z")]
    with pytest.raises(ValidationFailed) as err:
        service.create_invoice(invoice(co, "purchase", lines=lines))
    assert (err.value.field, err.value.message_bn) == ("lines[1].account_code", "লাইন ২: খাতায় X9Z হিসাব নেই")
    assert latin_left(err.value.message_bn, "X9Z") == []
    assert service.list_invoices(co.company_id).items == []  # nothing stored


def test_a_posting_role_is_named_in_bangla(db, co):
    with pytest.raises(ValidationFailed) as err:
        service.set_company_settings(co.company_id, CompanySettingsInput(accounts={"bank": "  "}))
    assert (err.value.field, err.value.message_bn) == ("accounts.bank", "ব্যাংক এর হিসাব কোড দিন")
    with pytest.raises(ValidationFailed) as err:
        service.set_company_settings(co.company_id, CompanySettingsInput(accounts={"banq": "1120"}))
    assert latin_left(err.value.message_bn, "banq") == []
