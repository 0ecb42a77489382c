"""Disbursement of a posted run's net pay (pure): each payslip's net goes to the employee's bank account (the
bank advice), MFS wallet (one file per provider: bKash, Nagad, ...) or is paid in cash (the cash list). A line
whose payment details are missing or malformed is in no file: it is an error naming the employee and the field,
with its amount held, so bank + MFS + cash + held = the run's net to the poisha."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from vextrus.platform.money import ZERO

WALLET = re.compile(r"^01[3-9]\d{8}$")  # a Bangladeshi mobile number, the MFS account
ROUTING = re.compile(r"^\d{9}$")


@dataclass(frozen=True, slots=True)
class Payee:
    """One payslip's net and its employee's payment details."""

    code: str
    name: str
    name_bn: str
    method: str  # bank | mfs | cash
    account_no: str
    bank_name: str
    bank_branch: str
    routing_no: str
    mfs_provider: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    name: str
    field: str
    message: str
    message_bn: str
    amount: Decimal


@dataclass
class Split:
    bank: list[Payee] = field(default_factory=list)
    mfs: dict[str, list[Payee]] = field(default_factory=lambda: defaultdict(list))
    cash: list[Payee] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @staticmethod
    def total(lines) -> Decimal:
        return sum((x.amount for x in lines), ZERO)


def _problem(p: Payee) -> tuple[str, str, str] | None:
    """(field, English, Bangla) of what keeps the line out of its file, or None."""
    if p.method == "bank":
        if not p.account_no.strip():
            return "account_no", "No bank account number", "ব্যাংক হিসাব নম্বর নেই"
        if not p.bank_name.strip():
            return "bank_name", "No bank name", "ব্যাংকের নাম নেই"
        if not ROUTING.match(p.routing_no):
            return "routing_no", "No routing number of 9 digits", "৯ অঙ্কের রাউটিং নম্বর নেই"
    elif p.method == "mfs":
        if not p.mfs_provider:
            return "mfs_provider", "No MFS provider (bKash, Nagad, Rocket, Upay)", "মোবাইল আর্থিক সেবাদাতা দেওয়া নেই"
        if not WALLET.match(p.account_no.strip()):
            return "account_no", "The wallet is not an 11-digit mobile number (01…)", "ওয়ালেট ১১ অঙ্কের মোবাইল নম্বর (০১…) নয়"
    return None


def split(payees: list[Payee]) -> Split:
    """Each payee with something to pay (net > 0) into the bank advice, its MFS provider's file, the cash list,
    or the errors; in the order given (by employee code)."""
    out = Split()
    for p in payees:
        if p.amount <= 0:
            continue
        bad = _problem(p)
        if bad is not None:
            out.errors.append(Problem(p.code, p.name, *bad, p.amount))
        elif p.method == "bank":
            out.bank.append(p)
        elif p.method == "mfs":
            out.mfs[p.mfs_provider].append(p)
        else:
            out.cash.append(p)
    return out
