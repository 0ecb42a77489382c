"""The monthly VAT return, Mushak 9.1, computed from posted documents (a preview: the return is filed on
NBR's VAT Online system). Pure: aggregated figures in, the return's parts out.

VAT and SD Act 2012 s.64 (a registered person files a return for each tax period, a month, by the 15th of
the next) and VAT and SD Rules 2016 r.47 (the return in form Mushak 9.1). Its parts as NBR's form lays
them out (note numbers of the 2019 form; confidence medium, verify against the current form):
- Part 3, supply (output tax): zero-rated (note 1), exempt (note 3), standard rate (note 4), other than the
  standard rate (note 7), by rate;
- Part 4, purchase (input tax): zero-rated (note 10), exempt (note 12), standard rate (note 14), other than
  standard rate (note 18, no credit: s.46 allows no input tax credit on a purchase at a reduced rate);
- Part 5, increasing adjustments: VAT deducted at source by the company as a withholding entity (note 24,
  s.49), debit notes issued (note 26, s.45), credit notes received from vendors (note 27, other);
- Part 6, decreasing adjustments: VAT deducted at source by customers from the company's supplies (note 29,
  s.49), credit notes issued (note 31, s.44), debit notes received from vendors (note 32, other);
- net tax payable = output tax − input tax credit + increasing − decreasing (negative: carried forward)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import ZERO

SUPPLY_NOTES = {"zero_rated": 1, "exempt": 3, "standard": 4, "reduced": 7}
PURCHASE_NOTES = {"zero_rated": 10, "exempt": 12, "standard": 14, "reduced": 18}


@dataclass(frozen=True)
class Figure:
    """Posted figures of one kind: a document (invoice, credit or debit note) of a side at a VAT kind and rate."""

    side: str  # sales | purchase
    doc: str  # invoice | credit | debit
    kind: str  # standard | reduced | zero_rated | exempt
    rate: Decimal
    net: Decimal
    vat: Decimal


@dataclass(frozen=True)
class ReturnLine:
    key: str
    note: int
    rate: Decimal | None
    value: Decimal
    vat: Decimal


@dataclass(frozen=True)
class VatReturn:
    period: str  # YYYY-MM
    supplies: list[ReturnLine] = field(default_factory=list)
    purchases: list[ReturnLine] = field(default_factory=list)
    increasing: list[ReturnLine] = field(default_factory=list)
    decreasing: list[ReturnLine] = field(default_factory=list)
    output_tax: Decimal = ZERO
    input_credit: Decimal = ZERO
    increasing_total: Decimal = ZERO
    decreasing_total: Decimal = ZERO
    net_payable: Decimal = ZERO


def period_of(raw: str) -> tuple[date, date]:
    """`YYYY-MM` → the month's first and last day (the tax period is a calendar month, s.2(43))."""
    try:
        y, m = (int(x) for x in raw.strip().split("-"))
        start = date(y, m, 1)
    except (ValueError, AttributeError) as exc:
        raise ValidationFailed("invoicing.period_invalid", "The tax period is a month: YYYY-MM",
                               "কর মেয়াদ একটি মাস: বছর-মাস", field="month") from exc
    end = date(y + (m == 12), m % 12 + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def mushak_9_1(period: str, figures: Iterable[Figure], vds_withheld: Decimal = ZERO,
               vds_suffered: Decimal = ZERO) -> VatReturn:
    """The return of `period` from posted figures of the month (invoices and notes by VAT kind and rate),
    VDS the company deducted from vendors (`vds_withheld`) and VDS its customers deducted (`vds_suffered`)."""
    supplies: dict[tuple[str, Decimal], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    purchases: dict[tuple[str, Decimal], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    adj = {k: [ZERO, ZERO] for k in ("debit_issued", "credit_received", "credit_issued", "debit_received")}
    for f in figures:
        if f.doc == "invoice":
            acc = (supplies if f.side == "sales" else purchases)[(f.kind, f.rate)]
        else:
            acc = adj[f"{f.doc}_{'issued' if f.side == 'sales' else 'received'}"]
        acc[0] += f.net
        acc[1] += f.vat

    def lines(src: dict, notes: dict) -> list[ReturnLine]:
        return [ReturnLine(kind, notes[kind], rate, v, t) for (kind, rate), (v, t) in
                sorted(src.items(), key=lambda kv: (notes[kv[0][0]], -kv[0][1]))]

    sup, pur = lines(supplies, SUPPLY_NOTES), lines(purchases, PURCHASE_NOTES)
    inc = [ReturnLine("vds_withheld", 24, None, ZERO, vds_withheld),
           ReturnLine("debit_issued", 26, None, *adj["debit_issued"]),
           ReturnLine("credit_received", 27, None, *adj["credit_received"])]
    dec = [ReturnLine("vds_suffered", 29, None, ZERO, vds_suffered),
           ReturnLine("credit_issued", 31, None, *adj["credit_issued"]),
           ReturnLine("debit_received", 32, None, *adj["debit_received"])]
    output = sum((ln.vat for ln in sup), ZERO)
    credit = sum((ln.vat for ln in pur if ln.key == "standard"), ZERO)
    inc_total = sum((ln.vat for ln in inc), ZERO)
    dec_total = sum((ln.vat for ln in dec), ZERO)
    return VatReturn(period=period, supplies=sup, purchases=pur, increasing=inc, decreasing=dec, output_tax=output,
                     input_credit=credit, increasing_total=inc_total, decreasing_total=dec_total,
                     net_payable=output - credit + inc_total - dec_total)
