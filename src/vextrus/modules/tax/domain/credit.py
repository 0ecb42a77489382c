"""Input VAT credit: the tax periods in which a purchase's VAT may be claimed."""

from __future__ import annotations

import calendar
from datetime import date

from vextrus.platform.errors import ValidationFailed

CREDIT_PERIODS_AFTER = 4
CREDIT_SOURCE = ("VAT and SD Act 2012 s.46(1)(d) as amended: input tax is credited in the tax period the tax invoice "
                 "(Mushak-6.3) was issued or within the following four tax periods (a tax period is a calendar month); "
                 "medium confidence: confirm for the year")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def input_credit_until(invoice_date: date, periods_after: int = CREDIT_PERIODS_AFTER) -> date:
    """The last day input VAT of an invoice issued on `invoice_date` may be claimed: the end of the fourth
    tax period (month) after the one the invoice was issued in (source: `CREDIT_SOURCE`)."""
    months = invoice_date.year * 12 + invoice_date.month - 1 + periods_after
    return _month_end(months // 12, months % 12 + 1)


def input_credit_allowed(invoice_date: date, claim_period: date, periods_after: int = CREDIT_PERIODS_AFTER) -> bool:
    """Whether the return for the tax period holding `claim_period` may take the invoice's input VAT: not
    before the period it was issued in, not after the fourth period following it."""
    if claim_period.replace(day=1) < invoice_date.replace(day=1):
        raise ValidationFailed("tax.credit_before_invoice", "The claim's tax period is before the invoice was issued",
                               "দাবির কর মেয়াদ চালান ইস্যুর আগে", field="claim_period")
    return claim_period <= input_credit_until(invoice_date, periods_after)
