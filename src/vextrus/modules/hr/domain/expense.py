"""Pure rules of an employee's expense claim (issues 13 and 18): its lines checked (at least one; positive
BDT amounts to the poisha; dates not after the claim's date nor more than a year before it; known categories),
its states (draft → submitted → approved → posted → paid; rejected or withdrawn → draft; a draft cancelled), and the
journal it posts on approval: Dr each category's expense account (a site's expense when the claim names a
project, for its costing), Cr what the company owes the employee. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits as bn
from vextrus.platform.money import ZERO

POISHA = Decimal("0.01")
MAX_LINES = 100
MAX_AGE_DAYS = 366  # a line older than a year before the claim is refused (claim it when it happens)
MAX_AMOUNT = Decimal("10000000")  # one line at most 1,00,00,000 BDT (a typing slip, not an expense)

# the chart seeded by finance (bd_construction_coa.json): the company owes the employee what it approved
EMPLOYEE_PAYABLE = "2170"  # Accrued expenses (2160 is payroll's net salaries payable)


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name: str
    name_bn: str
    office_account: str  # Dr when the claim names no project
    site_account: str  # Dr when the claim names a project (tagged with it, for the project's costing)


CATEGORIES: dict[str, Category] = {c.code: c for c in (
    Category("conveyance", "Conveyance and travel", "যাতায়াত ও ভ্রমণ", "5240", "5240"),
    Category("food", "Food and refreshment", "খাবার ও আপ্যায়ন", "5210", "5150"),
    Category("site_purchase", "Site purchase", "সাইটের কেনাকাটা", "5150", "5150"),
    Category("mobile", "Mobile and internet", "মোবাইল ও ইন্টারনেট", "5230", "5230"),
    Category("other", "Other", "অন্যান্য", "5210", "5150"),
)}

STATUS_BN = {"draft": "খসড়া", "submitted": "জমা দেওয়া", "approved": "অনুমোদিত", "posted": "খাতায় পোস্ট করা",
             "paid": "পরিশোধিত", "cancelled": "বাতিল"}
# (state, action) → next state
TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "edit"): "draft", ("draft", "submit"): "submitted", ("draft", "cancel"): "cancelled",
    ("submitted", "approve"): "approved", ("submitted", "reject"): "draft", ("submitted", "withdraw"): "draft",
    ("approved", "post"): "posted", ("posted", "pay"): "paid",
}
ACTION_BN = {"edit": "পরিবর্তন", "submit": "জমা", "cancel": "বাতিল", "approve": "অনুমোদন", "reject": "প্রত্যাখ্যান",
             "withdraw": "প্রত্যাহার", "post": "পোস্ট", "pay": "পরিশোধ"}


@dataclass(frozen=True, slots=True)
class ClaimLine:
    day: date
    category: str
    description: str
    amount: Decimal


def transition(status: str, action: str) -> str:
    """The claim's next state, or `hr.expense_state` (field `status`) when `action` is not allowed in `status`."""
    nxt = TRANSITIONS.get((status, action))
    if nxt is None:
        raise Conflict("hr.expense_state", f"A claim that is {status} cannot be {action}ed here",
                       f"{STATUS_BN.get(status, status)} দাবি {ACTION_BN.get(action, action)} করা যায় না",
                       field="status", details={"status": status, "action": action})
    return nxt


def category(code: str, field: str) -> Category:
    c = CATEGORIES.get(code)
    if c is None:
        raise ValidationFailed("hr.expense_category_unknown", f"Category must be one of: {', '.join(CATEGORIES)}",
                               f"খাত এর মধ্যে একটি হতে হবে: {', '.join(x.name_bn for x in CATEGORIES.values())}",
                               field=field, details={"allowed": list(CATEGORIES)})
    return c


def check_lines(claim_date: date, lines: list[ClaimLine]) -> list[ClaimLine]:
    """The claim's lines as they are kept: at least one; each a known category, a description, a positive amount
    in whole poisha, dated on or before the claim's date and not over a year before it. Errors name the line
    (`lines.2.amount`)."""
    if not lines:
        raise ValidationFailed("hr.expense_no_lines", "A claim needs at least one line",
                               "দাবিতে অন্তত একটি খরচের সারি থাকতে হবে", field="lines")
    if len(lines) > MAX_LINES:
        raise ValidationFailed("hr.expense_too_many_lines", f"A claim has at most {MAX_LINES} lines",
                               f"একটি দাবিতে সর্বোচ্চ {bn(str(MAX_LINES))}টি সারি থাকে", field="lines")
    out = []
    for i, ln in enumerate(lines):
        f = f"lines[{i}]"
        category(ln.category, f"{f}.category")
        if ln.amount <= ZERO:
            raise ValidationFailed("hr.expense_amount_not_positive", f"Line {i + 1}: the amount must be above zero",
                                   f"সারি {bn(str(i + 1))}: পরিমাণ শূন্যের বেশি হতে হবে", field=f"{f}.amount")
        if ln.amount != ln.amount.quantize(POISHA):
            raise ValidationFailed("hr.expense_amount_poisha", f"Line {i + 1}: amounts are in taka and poisha "
                                   "(two decimals)", f"সারি {bn(str(i + 1))}: পরিমাণ টাকা ও পয়সায় (দুই দশমিক ঘর)",
                                   field=f"{f}.amount")
        if ln.amount > MAX_AMOUNT:
            raise ValidationFailed("hr.expense_amount_too_large", f"Line {i + 1}: at most 1,00,00,000 BDT a line",
                                   f"সারি {bn(str(i + 1))}: একটি সারিতে সর্বোচ্চ ১,০০,০০,০০০ টাকা", field=f"{f}.amount")
        if ln.day > claim_date:
            raise ValidationFailed("hr.expense_line_after_claim",
                                   f"Line {i + 1}: dated {ln.day}, after the claim's date {claim_date}",
                                   f"সারি {bn(str(i + 1))}: তারিখ {bn(str(ln.day))}, দাবির তারিখ {bn(str(claim_date))}-এর পরে",
                                   field=f"{f}.day", details={"day": str(ln.day), "claim_date": str(claim_date)})
        if ln.day < claim_date - timedelta(days=MAX_AGE_DAYS):
            raise ValidationFailed("hr.expense_line_too_old", f"Line {i + 1}: more than a year before the claim",
                                   f"সারি {bn(str(i + 1))}: দাবির তারিখের এক বছরেরও বেশি আগের", field=f"{f}.day")
        description = ln.description.strip()
        if not description:
            raise ValidationFailed("hr.expense_description_missing", f"Line {i + 1}: say what the expense was",
                                   f"সারি {bn(str(i + 1))}: খরচটি কী ছিল লিখুন", field=f"{f}.description")
        out.append(ClaimLine(ln.day, ln.category, description, ln.amount))
    return out


def total(lines: list[ClaimLine]) -> Decimal:
    return sum((ln.amount for ln in lines), ZERO)


@dataclass(frozen=True, slots=True)
class PostingLine:
    account_code: str
    debit: Decimal
    credit: Decimal
    memo: str


def journal_lines(lines: list[ClaimLine], *, has_project: bool, label: str) -> list[PostingLine]:
    """The approved claim's journal: one debit per expense account (the categories' amounts summed), one credit
    of the total to the employee payable. Balanced by construction; its total is the lines' sum to the poisha."""
    debits: dict[str, Decimal] = {}
    for ln in lines:
        c = CATEGORIES[ln.category]
        acct = c.site_account if has_project else c.office_account
        debits[acct] = debits.get(acct, ZERO) + ln.amount
    out = [PostingLine(a, v, ZERO, f"Expense claim {label}") for a, v in sorted(debits.items())]
    out.append(PostingLine(EMPLOYEE_PAYABLE, ZERO, total(lines), f"Owed to {label}"[:200]))
    return out


PAY_SUBTYPES = ("cash", "bank")  # the chart's subtypes an employee is paid from (finance's AccountSubtype)
MAX_PAY_CLAIMS = 50


def check_pay_selection(claims: list[tuple[object, str, object, str]]) -> None:
    """Claims paid together: at least one, at most MAX_PAY_CLAIMS, none twice, all of one employee, each posted
    (a paid one is `hr.expense_already_paid`). `claims` is (id, status, employee id, label) in the order asked;
    errors name the claim (`claim_ids[1]`)."""
    if not claims:
        raise ValidationFailed("hr.expense_pay_none", "Choose at least one claim to pay",
                               "পরিশোধের জন্য অন্তত একটি দাবি বাছুন", field="claim_ids")
    if len(claims) > MAX_PAY_CLAIMS:
        raise ValidationFailed("hr.expense_pay_too_many", f"At most {MAX_PAY_CLAIMS} claims are paid at once",
                               f"একবারে সর্বোচ্চ {bn(str(MAX_PAY_CLAIMS))}টি দাবি পরিশোধ করা যায়", field="claim_ids")
    first, seen = claims[0][2], set()
    for i, (key, status, employee, label) in enumerate(claims):
        f = f"claim_ids[{i}]"
        if key in seen:
            raise ValidationFailed("hr.expense_pay_twice", f"Claim {label} is named twice",
                                   f"দাবি {bn(label)} দুবার দেওয়া হয়েছে", field=f)
        seen.add(key)
        if employee != first:
            raise ValidationFailed("hr.expense_pay_one_employee", "Claims paid together must be one employee's",
                                   "একসাথে পরিশোধ করা দাবিগুলো একজন কর্মীর হতে হবে", field=f)
        if status == "paid":
            raise Conflict("hr.expense_already_paid", f"Claim {label} is paid already",
                           f"দাবি {bn(label)} আগেই পরিশোধ করা হয়েছে", field=f, details={"status": status})
        if status != "posted":
            raise Conflict("hr.expense_pay_not_posted",
                           f"Claim {label} is {status}: only an approved claim posted to the ledger is paid",
                           f"দাবি {bn(label)} {STATUS_BN.get(status, status)}: কেবল অনুমোদিত ও খাতায় পোস্ট করা দাবি "
                           "পরিশোধ করা যায়", field=f, details={"status": status})
