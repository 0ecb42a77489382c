"""Pure rules of client contracts and running-account (RA) bills: no I/O, no SQLAlchemy, FastAPI or Strawberry.

A construction contract is billed by RA bills: each bill measures, per contract item, the quantity done to
date (cumulative, or a percent of the contract quantity); the previous quantity is the cumulative of the bill
before; this bill is the difference. Amounts are taken cumulative (cumulative quantity × rate, to the poisha)
and this bill's amount is the cumulative amount less the previous one, so the bills of a series add up to the
final cumulative amount exactly, whatever the rounding (a telescoping sum).

Deductions on a bill, each on this bill's gross value of work (the scheme of FIDIC Conditions of Contract for
Construction 1999, sub-clauses 14.2 advance payment, 14.3 interim payment certificates (c) retention and (e)
advance repayment, 14.9 payment of retention money, which Bangladeshi public and private contracts follow):
retention money held (typically 5–10 %, released at completion and after the defects liability period),
recovery of the mobilisation advance (a percent of each bill, never more than the advance still outstanding;
the final bill recovers the rest), security deposit. VAT (VAT and SD Act 2012, construction service S004.00 at the rate of the
bill date) and AIT deducted by the client (Income Tax Act 2023 s.89, contractors) are computed by the tax module
and given here as inputs. Net payable = gross + VAT − retention − advance recovered − security deposit − AIT.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vextrus.platform.errors import Conflict, DomainError, ValidationFailed
from vextrus.platform.i18n import format_date, format_number, to_bangla_digits
from vextrus.platform.money import ZERO, check_amount, round_amount, round_places

CODE = re.compile(r"^[A-Z0-9][A-Z0-9/._-]{0,39}$")
ITEM_KINDS = ("boq", "variation", "free")  # free: a subcontract item not in the BOQ (its own unit and rate)
CONTRACT_KINDS = ("client", "subcontract")
BILL_STATES = ("draft", "certified", "posted", "reversed")
MAX_ITEMS = 2000
QTY_PLACES = 4  # the BOQ's quantity scale
HUNDRED = Decimal(100)
MAX_RETENTION_PCT = Decimal(20)
MAX_DEPOSIT_PCT = Decimal(20)

ACCOUNTS = {
    "receivable": "1130",  # Trade receivables: the client owes the net payable
    "retention": "1131",  # Retention receivable: held by the client until released
    "advance": "2130",  # Mobilisation advance from clients (a liability the bills recover)
    "deposit": "1142",  # Security deposits and prepayments: the deposit the client keeps
    "ait": "1152",  # Advance income tax (AIT deducted by clients): a tax asset
    "revenue": "4100",  # Contract revenue
    "output_vat": "2140",  # Output VAT
    "bank": "1120",  # Bank accounts (the advance received, a bill's receipt unless another is given)
    "vds": "1151",  # VDS receivable: VAT the client deducted at source (Mushak 6.6), as invoicing's customer VDS
    # the purchase side: a subcontractor's RA bill (subcontract_bill_journal)
    "sub_cost": "5120",  # Subcontractor costs: the gross value of the subcontractor's work
    "sub_payable": "2111",  # Subcontractor payables: the net the company owes the subcontractor
    "retention_payable": "2120",  # Retention payable: held from the subcontractor until released
    "sub_advance": "1140",  # Mobilisation advance to subcontractors (an asset the bills recover)
    "tds_payable": "2150",  # AIT/TDS payable (suppliers and contractors): s.89 deducted from the subcontractor
    "vds_payable": "2142",  # VDS payable: the VAT deducted at source from a VAT-registered subcontractor
}
"""The accounts of the Bangladesh construction chart (finance/data/bd_construction_coa.json) every book is
created with; the RA bill journal is Dr receivable (net) + retention + advance recovered + security deposit +
AIT, Cr contract revenue (gross) + output VAT."""


def _bad(code: str, en: str, bn: str, field: str, **details: object) -> ValidationFailed:
    return ValidationFailed(f"contracts.{code}", en, bn, field=field, details=details or None)


# ---- contract ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    retention_pct: Decimal = ZERO
    advance: Decimal = ZERO  # the mobilisation advance amount
    advance_recovery_pct: Decimal = ZERO  # percent of each bill's gross recovered against it
    security_deposit_pct: Decimal = ZERO


@dataclass(frozen=True)
class Item:
    item_no: str
    description: str
    unit: str
    quantity: Decimal
    rate: Decimal
    kind: str = "boq"

    @property
    def amount(self) -> Decimal:
        return round_amount(self.quantity * self.rate)


def contract_code(raw: str) -> str:
    code = raw.strip().upper()
    if not CODE.match(code):
        raise _bad("code_invalid", "A contract number is 1 to 40 letters, digits, '/', '.', '_' or '-'",
                   "চুক্তি নম্বর ১ থেকে ৪০টি অক্ষর, অঙ্ক, '/', '.', '_' বা '-'", "code")
    return code


def _pct(value: Decimal, field: str, top: Decimal, en: str, bn: str) -> Decimal:
    check_amount(value, field, places=4)
    if value < 0 or value > top:
        raise _bad("percent_out_of_range", f"{en} is between 0 and {top} %", f"{bn} ০ থেকে {to_bangla_digits(str(top))} % এর মধ্যে", field)
    return value


def check_terms(t: Terms, contract_value: Decimal) -> Terms:
    """Retention and security deposit 0–20 %, advance recovery 0–100 %, the advance 0 to the contract value (2
    decimals), a recovery percent when there is an advance."""
    _pct(t.retention_pct, "retention_pct", MAX_RETENTION_PCT, "Retention", "রিটেনশন")
    _pct(t.security_deposit_pct, "security_deposit_pct", MAX_DEPOSIT_PCT, "The security deposit", "জামানত")
    _pct(t.advance_recovery_pct, "advance_recovery_pct", HUNDRED, "The advance recovery", "অগ্রিম আদায়")
    check_amount(t.advance, "advance_amount", places=2)
    if t.advance < 0 or t.advance > contract_value:
        raise _bad("advance_out_of_range", "The mobilisation advance is between 0 and the contract value",
                   "মোবিলাইজেশন অগ্রিম শূন্য থেকে চুক্তিমূল্যের মধ্যে হতে হবে", "advance_amount")
    if t.advance > 0 and t.advance_recovery_pct <= 0:
        raise _bad("recovery_missing", "An advance needs its recovery percent per bill",
                   "অগ্রিমের জন্য প্রতি বিলে আদায়ের হার দিন", "advance_recovery_pct")
    return t


def check_items(items: Sequence[Item], field: str = "items") -> tuple[Item, ...]:
    """At least one item, unique item numbers, positive quantity (4 decimals), non-negative rate (2 decimals)."""
    if not items:
        raise _bad("items_missing", "A contract needs at least one item (the project's BOQ is empty?)",
                   "চুক্তিতে অন্তত একটি আইটেম দিন (প্রকল্পের বিওকিউ খালি?)", field)
    if len(items) > MAX_ITEMS:
        raise _bad("items_too_many", f"A contract has at most {MAX_ITEMS} items",
                   f"একটি চুক্তিতে সর্বোচ্চ {to_bangla_digits(str(MAX_ITEMS))}টি আইটেম", field)
    seen: set[str] = set()
    for i, it in enumerate(items):
        p = f"{field}[{i}]"
        if not it.item_no.strip():
            raise _bad("item_no_missing", f"Item {i + 1} needs its number", f"আইটেম {to_bangla_digits(str(i + 1))} এর নম্বর দিন", f"{p}.item_no")
        if it.item_no in seen:
            raise _bad("item_no_repeated", f"Item {it.item_no} appears twice", f"আইটেম {it.item_no} দুবার আছে",
                       f"{p}.item_no")
        seen.add(it.item_no)
        if it.kind not in ITEM_KINDS:
            raise _bad("item_kind_unknown", "An item is 'boq', 'variation' or 'free'",
                       "আইটেম 'boq', 'variation' বা 'free' হতে হবে", f"{p}.kind")
        if it.kind == "free" and not (it.description.strip() and it.unit.strip()):
            raise _bad("free_item_incomplete", f"Item {it.item_no}: an item not in the BOQ needs its description "
                       "and unit", f"আইটেম {it.item_no}: বিওকিউর বাইরের আইটেমের বিবরণ ও একক দিন", f"{p}.description")
        check_amount(it.quantity, f"{p}.quantity", places=QTY_PLACES)
        if it.quantity <= 0:
            raise _bad("quantity_not_positive", f"Item {it.item_no}: the quantity must be more than zero",
                       f"আইটেম {it.item_no}: পরিমাণ শূন্যের বেশি হতে হবে", f"{p}.quantity")
        check_amount(it.rate, f"{p}.rate", places=2)
        if it.rate < 0:
            raise _bad("rate_negative", f"Item {it.item_no}: the rate cannot be negative",
                       f"আইটেম {it.item_no}: দর ঋণাত্মক হতে পারে না", f"{p}.rate")
    return tuple(items)


def contract_value(items: Iterable[Item]) -> Decimal:
    """Σ quantity × rate of the items, each to the poisha."""
    return sum((it.amount for it in items), ZERO)


# ---- RA bill: measurement ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """What a bill measures for one item: the cumulative quantity to date, or the percent complete."""

    item_no: str
    cumulative_quantity: Decimal | None = None
    percent_complete: Decimal | None = None


@dataclass(frozen=True)
class BillLine:
    item_no: str
    contract_quantity: Decimal
    rate: Decimal
    previous_quantity: Decimal
    cumulative_quantity: Decimal
    this_quantity: Decimal
    previous_amount: Decimal
    cumulative_amount: Decimal
    this_amount: Decimal


def measured_lines(items: Sequence[Item], previous: Mapping[str, Decimal],
                   measures: Sequence[Measure]) -> tuple[BillLine, ...]:
    """One line per contract item. `previous` is each item's cumulative quantity on the bill before (0 when
    none); an item not measured keeps it (this bill 0). A measure gives the cumulative quantity (4 decimals) or
    the percent complete (0–100, giving contract quantity × percent, to 4 decimals). Refused, with the measure's
    path: an unknown item, both or neither figure, a cumulative below the previous (re-measure downwards by a
    variation), a cumulative above the contract quantity (a variation order item is needed)."""
    by_no = {it.item_no: it for it in items}
    cum = dict(previous)
    seen: set[str] = set()
    for i, m in enumerate(measures):
        p = f"measures[{i}]"
        it = by_no.get(m.item_no)
        if it is None:
            raise _bad("item_unknown", f"Item {m.item_no} is not in the contract",
                       f"আইটেম {m.item_no} চুক্তিতে নেই", f"{p}.item_no")
        if m.item_no in seen:
            raise _bad("measure_repeated", f"Item {m.item_no} is measured twice",
                       f"আইটেম {m.item_no} দুবার মাপা হয়েছে", f"{p}.item_no")
        seen.add(m.item_no)
        if (m.cumulative_quantity is None) == (m.percent_complete is None):
            raise _bad("measure_one_of", f"Item {m.item_no}: give the cumulative quantity or the percent complete",
                       f"আইটেম {m.item_no}: ক্রমপুঞ্জিত পরিমাণ অথবা সমাপ্তির শতাংশ দিন", f"{p}.cumulative_quantity")
        if m.percent_complete is not None:
            _pct(m.percent_complete, f"{p}.percent_complete", HUNDRED, "The percent complete", "সমাপ্তির হার")
            q = round_places(it.quantity * m.percent_complete / HUNDRED, QTY_PLACES)
            fld = f"{p}.percent_complete"
        else:
            q = m.cumulative_quantity  # type: ignore[assignment]
            fld = f"{p}.cumulative_quantity"
            check_amount(q, fld, places=QTY_PLACES)
        prev = previous.get(m.item_no, ZERO)
        if q < prev:
            raise _bad("below_previous", f"Item {m.item_no}: the cumulative {q} is below the previous {prev}",
                       f"আইটেম {m.item_no}: ক্রমপুঞ্জিত {to_bangla_digits(str(q))} আগের {to_bangla_digits(str(prev))} এর কম", fld, previous=str(prev))
        if q > it.quantity:
            raise _bad("over_contract", f"Item {m.item_no}: the cumulative {q} is more than the contract quantity "
                       f"{it.quantity}: add a variation item", f"আইটেম {m.item_no}: ক্রমপুঞ্জিত {to_bangla_digits(str(q))} চুক্তির পরিমাণ "
                       f"{to_bangla_digits(str(it.quantity))} এর বেশি: পরিবর্তন আইটেম যোগ করুন", fld, contract_quantity=str(it.quantity))
        cum[m.item_no] = q
    out = []
    for it in items:
        prev = previous.get(it.item_no, ZERO)
        now = cum.get(it.item_no, prev)
        pa, ca = round_amount(prev * it.rate), round_amount(now * it.rate)
        out.append(BillLine(it.item_no, it.quantity, it.rate, prev, now, now - prev, pa, ca, ca - pa))
    return tuple(out)


def gross(lines: Iterable[BillLine]) -> Decimal:
    """This bill's gross value of work: Σ this amount."""
    return sum((ln.this_amount for ln in lines), ZERO)


# ---- RA bill: deductions, net and journal -----------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    gross: Decimal  # value of work this bill
    vat: Decimal
    retention: Decimal
    advance_recovered: Decimal
    security_deposit: Decimal
    ait: Decimal
    net_payable: Decimal
    vds: Decimal = ZERO  # a subcontractor's bill: the VAT deducted at source (0 on a client's bill)

    @property
    def deductions(self) -> Decimal:
        return self.retention + self.advance_recovered + self.security_deposit + self.ait + self.vds


def advance_outstanding(terms: Terms, recovered_before: Decimal) -> Decimal:
    return terms.advance - recovered_before


def figures(terms: Terms, gross_: Decimal, vat: Decimal, ait: Decimal, recovered_before: Decimal,
            final: bool = False, vds: Decimal = ZERO) -> Figures:
    """The bill's deductions and net payable. Retention, advance recovery and security deposit are their
    percent of the gross, each to the poisha; the advance recovery never exceeds the advance outstanding,
    and the final bill recovers all of it. `vds` (a subcontractor's bill only) is deducted like the AIT. A bill with no work (gross 0) and a net payable below zero are refused (the bill cannot carry its
    deductions: recover less advance or bill more work)."""
    if gross_ <= 0:
        raise _bad("nothing_measured", "The bill has no work: measure at least one item beyond the previous bill",
                   "বিলে কোনো কাজ নেই: অন্তত একটি আইটেম আগের বিলের চেয়ে বেশি মাপুন", "measures")
    retention = round_amount(gross_ * terms.retention_pct / HUNDRED)
    deposit = round_amount(gross_ * terms.security_deposit_pct / HUNDRED)
    outstanding = advance_outstanding(terms, recovered_before)
    advance = outstanding if final else min(round_amount(gross_ * terms.advance_recovery_pct / HUNDRED), outstanding)
    net = gross_ + vat - retention - advance - deposit - ait - vds
    if net < 0:
        raise _bad("net_negative", f"The bill's deductions exceed its value: net payable {net}",
                   f"বিলের কর্তন তার মূল্যের বেশি: নিট প্রদেয় {format_number(net, 2, 'bn')}", "measures", net_payable=str(net))
    return Figures(gross_, vat, retention, advance, deposit, ait, net, vds)


@dataclass(frozen=True)
class Posting:
    account: str  # a key of ACCOUNTS
    debit: Decimal = ZERO
    credit: Decimal = ZERO


def bill_journal(f: Figures) -> tuple[Posting, ...]:
    """The RA bill's journal (zero lines left out): Dr trade receivable net payable, Dr retention receivable,
    Dr mobilisation advance (the liability recovered), Dr security deposit, Dr AIT deducted by the client;
    Cr contract revenue the gross, Cr output VAT. Debits = net + deductions = gross + VAT = credits."""
    rows = (Posting("receivable", debit=f.net_payable), Posting("retention", debit=f.retention),
            Posting("advance", debit=f.advance_recovered), Posting("deposit", debit=f.security_deposit),
            Posting("ait", debit=f.ait), Posting("revenue", credit=f.gross), Posting("output_vat", credit=f.vat))
    return tuple(r for r in rows if r.debit or r.credit)


def subcontract_bill_journal(f: Figures) -> tuple[Posting, ...]:
    """A subcontractor's RA bill (the purchase side; zero lines left out): Dr subcontractor costs the gross
    value of work; Cr subcontractor payable the net, Cr retention payable the retention held, Cr mobilisation
    advance to subcontractors the advance recovered, Cr AIT/TDS payable the income tax deducted at source
    (s.89), Cr VDS payable the VAT deducted at source. Credits = net + deductions = gross = debits."""
    rows = (Posting("sub_cost", debit=f.gross), Posting("sub_payable", credit=f.net_payable),
            Posting("retention_payable", credit=f.retention), Posting("sub_advance", credit=f.advance_recovered),
            Posting("tds_payable", credit=f.ait), Posting("vds_payable", credit=f.vds))
    return tuple(r for r in rows if r.debit or r.credit)


def subcontract_release_journal(retention: Decimal) -> tuple[Posting, ...]:
    """Retention released to the subcontractor: the company now owes it. Dr retention payable, Cr subcontractor
    payable."""
    return (Posting("retention_payable", debit=retention), Posting("sub_payable", credit=retention))


def subcontract_advance_journal(amount: Decimal) -> tuple[Posting, ...]:
    """The mobilisation advance paid to the subcontractor: Dr mobilisation advance to subcontractors, Cr bank."""
    return (Posting("sub_advance", debit=amount), Posting("bank", credit=amount))


def release_journal(retention: Decimal, deposit: Decimal) -> tuple[Posting, ...]:
    """A release: the client now owes what it held. Dr trade receivable; Cr retention receivable, Cr deposit."""
    rows = (Posting("receivable", debit=retention + deposit), Posting("retention", credit=retention),
            Posting("deposit", credit=deposit))
    return tuple(r for r in rows if r.debit or r.credit)


def advance_journal(amount: Decimal) -> tuple[Posting, ...]:
    """The mobilisation advance received: Dr bank, Cr mobilisation advance from clients."""
    return (Posting("bank", debit=amount), Posting("advance", credit=amount))


def check_release(retention: Decimal, deposit: Decimal, retention_held: Decimal, deposit_held: Decimal) -> None:
    """A release gives back no more than is held of each, and something."""
    for value, held, f, en, bn in ((retention, retention_held, "retention_amount", "retention", "রিটেনশন"),
                                   (deposit, deposit_held, "security_deposit_amount", "security deposit", "জামানত")):
        check_amount(value, f, places=2)
        if value < 0:
            raise _bad("release_negative", "A release cannot be negative", "ফেরত ঋণাত্মক হতে পারে না", f)
        if value > held:
            raise _bad("release_too_large", f"Only {held} of {en} is held", f"{bn} জমা আছে মাত্র {format_number(held, 2, 'bn')}", f,
                       held=str(held))
    if retention + deposit <= 0:
        raise _bad("release_zero", "A release needs an amount", "ফেরতের পরিমাণ দিন", "retention_amount")


def check_advance_receipt(amount: Decimal, agreed: Decimal, received_before: Decimal) -> None:
    check_amount(amount, "amount", places=2)
    if amount <= 0:
        raise _bad("amount_not_positive", "The amount must be more than zero", "পরিমাণ শূন্যের বেশি হতে হবে", "amount")
    if received_before + amount > agreed:
        raise _bad("advance_over_agreed", f"Only {agreed - received_before} of the advance is still to receive",
                   f"অগ্রিমের বাকি মাত্র {format_number(agreed - received_before, 2, 'bn')}", "amount")


def receipt_journal(cash: Decimal, vds: Decimal) -> tuple[Posting, ...]:
    """The client's payment of an RA bill: Dr bank the cash received, Dr VDS receivable the VAT it deducted
    at source (its certificate); Cr trade receivable what both settle."""
    rows = (Posting("bank", debit=cash), Posting("vds", debit=vds), Posting("receivable", credit=cash + vds))
    return tuple(r for r in rows if r.debit or r.credit)


def check_receipt(status: str, number: str, amount: Decimal, vds: Decimal, outstanding: Decimal,
                  received_on: date, bill_date: date) -> Decimal:
    """A receipt is recorded against a posted bill only, on or after its date; the cash is more than zero,
    the VDS certificate amount zero or more, and together they settle no more than is outstanding.
    Returns what the receipt settles (cash + VDS)."""
    if status != "posted":
        raise Conflict("contracts.bill_not_posted", f"Bill {number} is {status}: only a posted bill is paid",
                       f"বিল {number} পোস্ট করা নয়: শুধু পোস্ট করা বিলের টাকা গ্রহণ করা যায়", field="status",
                       details={"status": status})
    check_amount(amount, "amount", places=2)
    check_amount(vds, "vds", places=2)
    if amount <= 0:
        raise _bad("amount_not_positive", "The amount must be more than zero", "পরিমাণ শূন্যের বেশি হতে হবে", "amount")
    if vds < 0:
        raise _bad("vds_negative", "The VDS amount cannot be negative", "উৎসে কর্তিত ভ্যাট ঋণাত্মক হতে পারে না", "vds")
    if received_on < bill_date:
        raise _bad("receipt_before_bill", f"A receipt cannot be dated before the bill ({bill_date})",
                   f"প্রাপ্তির তারিখ বিলের তারিখের ({format_date(bill_date, 'bn')}) আগে হতে পারে না", "received_on")
    settles = amount + vds
    if settles > outstanding:
        raise _bad("receipt_over_outstanding", f"Only {outstanding} is outstanding on bill {number}",
                   f"বিল {number} এ বাকি মাত্র {format_number(outstanding, 2, 'bn')}", "amount", outstanding=str(outstanding))
    return settles


def check_client_bill(kind: str, number: str) -> None:
    """Receipts are the client's payments: a subcontractor's bill is paid through payables, not received here."""
    if kind != "client":
        raise Conflict("contracts.subcontract_bill_no_receipt", f"Bill {number} is a subcontractor's bill: the "
                       "company pays it (subcontractor payable 2111), it receives nothing against it",
                       f"বিল {number} উপ-ঠিকাদারের বিল: কোম্পানি এটি পরিশোধ করে, এর বিপরীতে টাকা গ্রহণ হয় না",
                       field="contract_kind", details={"contract_kind": kind})


def check_reversible(status: str, number: str, is_last: bool, receipts: int) -> None:
    """Only a posted bill is reversed, only the contract's last bill (the next bill's previous quantities are
    its cumulative ones), and only while no live receipt is recorded against it (reverse those first)."""
    if status != "posted":
        raise Conflict("contracts.cannot_reverse", f"Bill {number} is {status}: only a posted bill is reversed",
                       f"বিল {number} পোস্ট করা নয়: শুধু পোস্ট করা বিল রিভার্স করা যায়", field="status",
                       details={"status": status})
    if not is_last:
        raise Conflict("contracts.not_last_bill", f"Bill {number} is not the contract's last bill: reverse the "
                       "later bills first", f"বিল {number} চুক্তির শেষ বিল নয়: আগে পরের বিলগুলো রিভার্স করুন",
                       field="status")
    if receipts:
        raise Conflict("contracts.bill_has_receipts", f"Bill {number} has {receipts} receipt(s) recorded: reverse "
                       "them first", f"বিল {number} এর বিপরীতে টাকা গ্রহণ লেখা আছে: আগে প্রাপ্তিগুলো রিভার্স করুন",
                       field="status", details={"receipts": receipts})


RECEIPT_STATES = ("posted", "reversed")


# ---- paying the subcontractor -------------------------------------------------------------------


def subcontract_payment_journal(amount: Decimal) -> tuple[Posting, ...]:
    """The company pays its subcontractor what its bills owe: Dr subcontractor payable, Cr bank (or cash)."""
    return (Posting("sub_payable", debit=amount), Posting("bank", credit=amount))


@dataclass(frozen=True)
class Allocation:
    """One line of a payment as the check sees it: the bill (None when not one of the subcontract's), its
    number, status, date and outstanding net, and the amount the payment gives it."""

    bill_id: object
    number: str
    status: str
    bill_date: date | None
    outstanding: Decimal
    amount: Decimal


def check_subcontract(kind: str, code: str) -> None:
    """Payments to a subcontractor are made on a subcontract only (a client pays the company: receipts)."""
    if kind != "subcontract":
        raise Conflict("contracts.client_contract_no_payment", f"Contract {code} is a client contract: the client "
                       "pays it (record a receipt on its bill), the company pays nothing against it",
                       f"চুক্তি {code} ক্লায়েন্টের চুক্তি: ক্লায়েন্ট টাকা দেয় (বিলে প্রাপ্তি লিখুন), কোম্পানি এর "
                       "বিপরীতে কিছু পরিশোধ করে না", field="contract_kind", details={"contract_kind": kind})


def check_payment(allocations: list[Allocation], paid_on: date) -> Decimal:
    """A payment pays one or more posted bills of the subcontract, each at most once, each allocation more than
    zero and no more than that bill's outstanding net, dated on or after every bill it pays. Returns the amount
    paid (Σ allocations)."""
    if not allocations:
        raise _bad("payment_no_bills", "Pick at least one bill and the amount paid against it",
                   "অন্তত একটি বিল ও তার বিপরীতে পরিশোধের পরিমাণ দিন", "allocations")
    seen: set[object] = set()
    total = ZERO
    for i, a in enumerate(allocations):
        at = f"allocations[{i}]"
        if a.status == "":
            raise _bad("payment_bill_unknown", "This bill is not one of the subcontract's",
                       "এই বিল এই উপ-চুক্তির নয়", f"{at}.bill_id")
        if a.bill_id in seen:
            raise _bad("payment_bill_twice", f"Bill {a.number} is listed twice: give it one amount",
                       f"বিল {a.number} দুবার দেওয়া হয়েছে: একটি পরিমাণ দিন", f"{at}.bill_id")
        seen.add(a.bill_id)
        if a.status != "posted":
            raise Conflict("contracts.bill_not_posted", f"Bill {a.number} is {a.status}: only a posted bill is paid",
                           f"বিল {a.number} পোস্ট করা নয়: শুধু পোস্ট করা বিল পরিশোধ করা যায়", field=f"{at}.bill_id",
                           details={"status": a.status})
        check_amount(a.amount, f"{at}.amount", places=2)
        if a.amount <= 0:
            raise _bad("amount_not_positive", "The amount must be more than zero", "পরিমাণ শূন্যের বেশি হতে হবে",
                       f"{at}.amount")
        if a.amount > a.outstanding:
            raise _bad("payment_over_outstanding", f"Only {a.outstanding} is outstanding on bill {a.number}",
                       f"বিল {a.number} এ বাকি মাত্র {format_number(a.outstanding, 2, 'bn')}", f"{at}.amount", outstanding=str(a.outstanding))
        if a.bill_date is not None and paid_on < a.bill_date:
            raise _bad("payment_before_bill", f"A payment cannot be dated before bill {a.number} ({a.bill_date})",
                       f"পরিশোধের তারিখ বিল {a.number} এর তারিখের ({format_date(a.bill_date, 'bn')}) আগে হতে পারে না", "paid_on")
        total += a.amount
    return total


def check_payment_reversible(status: str, number: str, reason: str, reversal_date: date, paid_on: date) -> str:
    """A posted payment is reversed once, whole, with a reason, on or after its own date. Returns the reason."""
    if status != "posted":
        raise Conflict("contracts.payment_reversed", f"Payment {number} is already reversed",
                       f"পরিশোধ {number} আগেই রিভার্স করা হয়েছে", field="status", details={"status": status})
    why = reason.strip()
    if not why:
        raise _bad("reason_missing", "Say why the payment is reversed (a bounced cheque, a wrong amount)",
                   "পরিশোধ কেন রিভার্স করা হচ্ছে লিখুন (চেক ফেরত, ভুল পরিমাণ)", "reason")
    if reversal_date < paid_on:
        raise _bad("reversal_before_payment", f"A payment's reversal cannot be dated before the payment ({paid_on})",
                   f"পরিশোধের রিভার্সালের তারিখ পরিশোধের তারিখের ({format_date(paid_on, 'bn')}) আগে হতে পারে না", "reversal_date",
                   paid_on=str(paid_on))
    return why


def check_no_payments(number: str, payments: int) -> None:
    """A subcontractor's bill that a live payment pays is not reversed (reverse the payments first): otherwise
    the payment's debit to the subcontractor payable would stand against a bill that no longer owes it."""
    if payments:
        raise Conflict("contracts.bill_has_payments", f"Bill {number} is paid by {payments} payment(s): reverse "
                       "them first", f"বিল {number} এর বিপরীতে পরিশোধ লেখা আছে: আগে পরিশোধগুলো রিভার্স করুন",
                       field="status", details={"payments": payments})


def check_receipt_reversible(status: str, number: str, reason: str, reversal_date: date, received_on: date) -> str:
    """A posted receipt is reversed once, with a reason, on or after its own date (finance's reversal of its
    journal carries that date). Returns the reason, trimmed."""
    if status != "posted":
        raise Conflict("contracts.receipt_reversed", f"Receipt {number} is already reversed",
                       f"প্রাপ্তি {number} আগেই রিভার্স করা হয়েছে", field="status", details={"status": status})
    why = reason.strip()
    if not why:
        raise _bad("reason_missing", "Say why the receipt is reversed (a wrong amount, a bounced cheque)",
                   "প্রাপ্তি কেন রিভার্স করা হচ্ছে লিখুন (ভুল পরিমাণ, চেক ফেরত)", "reason")
    if reversal_date < received_on:
        raise _bad("reversal_before_receipt", f"A receipt's reversal cannot be dated before the receipt "
                   f"({received_on})", f"প্রাপ্তির রিভার্সালের তারিখ প্রাপ্তির তারিখের ({format_date(received_on, 'bn')}) আগে হতে পারে না",
                   "reversal_date", received_on=str(received_on))
    return why


# ---- states --------------------------------------------------------------------------------------


def transition(state: str, action: str, number: str) -> str:
    """draft --certify--> certified --post--> posted; anything else is a conflict."""
    nxt = {("draft", "certify"): "certified", ("certified", "post"): "posted"}.get((state, action))
    if nxt is None:
        raise Conflict(f"contracts.cannot_{action}", f"Bill {number} is {state}: it cannot be {action}ed now",
                       f"বিল {number} এখন এই ধাপে নেওয়া যায় না", field="status", details={"status": state})
    return nxt


def bill_number(contract_code_: str, seq: int) -> str:
    return f"{contract_code_}/RA-{seq:02d}"


def check_bill_date(bill_date: date, last: date | None, contract_date: date) -> None:
    floor = last or contract_date
    if bill_date < floor:
        raise _bad("date_before_previous", f"A bill cannot be dated before {floor}",
                   f"বিলের তারিখ {format_date(floor, 'bn')} এর আগে হতে পারে না", "bill_date")


class ContractNotFound(DomainError):
    status = 404

    def __init__(self, key: object, what: str = "contract", what_bn: str = "চুক্তি"):
        super().__init__("not_found", f"{what} '{key}' was not found", f"{what_bn} '{key}' পাওয়া যায়নি",
                         details={"object": what, "key": str(key)})
