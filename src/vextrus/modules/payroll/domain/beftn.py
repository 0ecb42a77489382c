"""The bank-paid part of a posted run as a BEFTN credit batch (pure): the file an originating bank's corporate portal
takes to credit each employee's account in any bank through the Bangladesh Electronic Funds Transfer Network
(Bangladesh Bank's clearing house, BACH).

No bank's own upload layout was found published (docs/payroll.md, "BEFTN file"), so this is Vextrus's
**generic BEFTN bulk-credit CSV**, built from the fields every BEFTN credit entry carries (BEFTN Operating Rules,
Bangladesh Bank, 2010 / PSD circular 08/2020: receiver's routing number, account number, amount, name, an
identification of the entry; the originator's account): record-typed lines, as BEFTN's own batch header / entry
/ control records are:

    H,GENERIC-BEFTN-CREDIT-1,<batch reference>,<originator name>,<originator account>,<date YYYYMMDD>,<count>,<total>
    D,<serial>,<routing number>,<account number>,<amount>,<receiver name>,<reference>
    T,<count>,<total>

Amounts in BDT with 2 decimals and a dot, no thousands separator; ASCII only (a Bangla name is not sent: the
English one is). Every line is checked before anything is written; one bad line refuses the whole file, listing
every bad line by its field path (`employees[i].routing_number`, i from 0 in employee-code order)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vextrus.platform.i18n import to_bangla_digits as bn
from vextrus.platform.money import ZERO, decimals_of

LAYOUT = "GENERIC-BEFTN-CREDIT-1"
ROUTING = re.compile(r"^\d{9}$")  # 3 bank + district + branch + 1 check digit (the split is not checked here)
ACCOUNT = re.compile(r"^\d{1,17}$")  # BEFTN's receiver account field is 17 characters; Bangladeshi accounts are digits
NAME_MAX = 35  # the receiver name of a BEFTN entry (NACHA-style 35 characters, kept here)


@dataclass(frozen=True, slots=True)
class Credit:
    """One employee's net to their bank account."""

    code: str
    name: str
    routing_no: str
    account_no: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Bad:
    """What keeps one line out of the file: code, English, Bangla, field path."""

    employee_code: str
    code: str
    message: str
    message_bn: str
    field: str


def _ascii(s: str) -> bool:
    return s.isascii() and s.isprintable()


def check(credits: list[Credit]) -> list[Bad]:
    """Every problem of every line (empty: the file may be written)."""
    out: list[Bad] = []
    for i, c in enumerate(credits):
        at = f"employees[{i}]"
        who = who_bn = f"{c.code}: "  # the code as typed (an identifier)
        if not c.routing_no.strip():
            out.append(Bad(c.code, "payroll.beftn_routing_missing", who + "No routing number",
                           who_bn + "রাউটিং নম্বর নেই", f"{at}.routing_number"))
        elif not ROUTING.match(c.routing_no):
            out.append(Bad(c.code, "payroll.beftn_routing_invalid", who + "The routing number is not 9 digits",
                           who_bn + "রাউটিং নম্বর ৯ অঙ্কের নয়", f"{at}.routing_number"))
        if not c.account_no.strip():
            out.append(Bad(c.code, "payroll.beftn_account_missing", who + "No bank account number",
                           who_bn + "ব্যাংক হিসাব নম্বর নেই", f"{at}.account_number"))
        elif not ACCOUNT.match(c.account_no.strip()):
            out.append(Bad(c.code, "payroll.beftn_account_invalid",
                           who + "The account number is not digits only (at most 17)",
                           who_bn + "হিসাব নম্বর শুধু অঙ্কে নয় (সর্বোচ্চ ১৭)", f"{at}.account_number"))
        if c.amount <= 0 or decimals_of(c.amount) > 2:
            out.append(Bad(c.code, "payroll.beftn_amount_invalid",
                           who + "The amount is not above zero with at most 2 decimals",
                           who_bn + "পরিমাণ শূন্যের বেশি ও সর্বোচ্চ ২ দশমিক ঘরের নয়", f"{at}.amount"))
        name = c.name.strip()
        if not name or not _ascii(name) or len(name) > NAME_MAX:
            out.append(Bad(c.code, "payroll.beftn_name_invalid",
                           who + f"The receiver name is empty, not in English letters or longer than {NAME_MAX}",
                           who_bn + f"প্রাপকের নাম খালি, ইংরেজি অক্ষরে নয় বা {bn(str(NAME_MAX))} অক্ষরের বেশি",
                           f"{at}.name"))
    return out


def amount_text(a: Decimal) -> str:
    """12345.5 -> "12345.50" (exact: the amounts were checked to have at most 2 decimals)."""
    return format(a.quantize(Decimal("0.01")), "f")


def write(credits: list[Credit], batch: str, originator: str, originator_account: str, on: date,
          reference: str) -> str:
    """The file's text (call `check` first: this assumes the lines are good). `reference` prefixes each line's
    reference with the employee's code (`<reference>-<code>`)."""
    total = sum((c.amount for c in credits), ZERO)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["H", LAYOUT, batch, originator[:NAME_MAX], originator_account, f"{on:%Y%m%d}", len(credits),
                amount_text(total)])
    for i, c in enumerate(credits, start=1):
        w.writerow(["D", i, c.routing_no, c.account_no.strip(), amount_text(c.amount), c.name.strip(),
                    f"{reference}-{c.code}"])
    w.writerow(["T", len(credits), amount_text(total)])
    return buf.getvalue()
