"""A monthly payroll run (pure): an employee's validated fields, a payslip's computation, the run's
states (draft → approved → posted) and the company's default settings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vextrus.platform.errors import Conflict, DomainError, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits as bn
from vextrus.platform.i18n import translate
from vextrus.platform.money import ZERO

from .salary import (
    EMPLOYMENT_TYPES,
    Payslip,
    SalaryStructure,
    absence_deduction,
    festival_bonus,
    leave_encashment,
    overtime_pay,
    provident_fund,
    remaining_months,
)
from .tax import AREAS, CATEGORIES, compute_tax, monthly_withholding, tax_year_of

D = Decimal

DEFAULT_SETTINGS: dict[str, str] = {
    # accounts of the Bangladesh construction chart (finance/data/bd_construction_coa.json); the chart has
    # no provident-fund account, so PF payable defaults to 2170 "Accrued expenses" (change it per company)
    "office_expense_account": "5210", "site_expense_account": "5130", "pf_expense_account": "5210",
    "salaries_payable_account": "2160", "tds_payable_account": "2151", "pf_payable_account": "2170",
    "pf_employee_rate": "0.10", "pf_employer_rate": "0.10", "overtime_divisor": "208",
    "festival_bonus_proportion": "1",
    # advances and loans (domain/advances.py): 1143 "Advances and loans to employees"; paid from cash 1110
    # or bank 1120; the share of a wage period's wages all deductions together may take (BLA 2006 s.125)
    "advances_account": "1143", "cash_account": "1110", "bank_account": "1120", "deduction_cap": "0.5",
    # final settlement (domain/settlement.py): gratuity and compensation not provided for (below) are expensed
    # on separation (5210 by default); the employer's PF vests after
    # `pf_vesting_years` completed years (company rule, BLA s.264 leaves it to the fund's rules)
    "gratuity_account": "5210", "compensation_account": "5210", "pf_vesting_years": "3",
    # leave encashment in a monthly run (BLA s.117): "false" pays only annual leave above the carry-forward
    # cap (what would lapse); "true" any unavailed annual leave the employee asks for
    "leave_encash_on_request": "false",
    # gratuity accrued monthly (salary.gratuity_provision): "true" posts a provision with each monthly run, Dr
    # the salary expense account by project / Cr `gratuity_payable_account` (default 2230 Provision for
    # gratuity, its own account: not 2170, which PF payable uses); the final settlement then debits the
    # provision account of this setting
    "gratuity_provision": "false", "gratuity_payable_account": "2230",
}
RATE_SETTINGS = ("pf_employee_rate", "pf_employer_rate", "overtime_divisor", "festival_bonus_proportion",
                 "deduction_cap")

WORKPLACES = ("office", "site")
PAYMENT_METHODS = ("bank", "mfs", "cash")
MFS_PROVIDERS = ("bkash", "nagad", "rocket", "upay")  # mobile financial services licensed by Bangladesh Bank
ROUTING = re.compile(r"^\d{9}$")
NID = re.compile(r"^(\d{10}|\d{13}|\d{17})$")
ETIN = re.compile(r"^\d{12}$")
STATUSES = ("draft", "approved", "posted", "paid", "reversed")
NEXT = {"approve": ("draft", "approved"), "post": ("approved", "posted")}


def _setting_bn(key: str) -> str:
    """A setting's Bangla name, as the settings page shows it (never its English key on a Bangla page)."""
    return translate(f"payroll.setting_{key}", "bn", ("vextrus.modules.payroll",))


def _one_of(value: str, allowed: tuple[str, ...], field: str, en: str, bn: str) -> str:
    if value not in allowed:
        raise ValidationFailed(f"payroll.{field}_invalid", f"{en} must be one of: {', '.join(allowed)}",
                               f"{bn}: '{value}' গ্রহণযোগ্য নয়; তালিকার একটি মান দিন", field=field,
                               details={"allowed": list(allowed)})
    return value


def check_employee(*, code: str, name: str, nid: str, etin: str, workplace: str, employment_type: str,
                   payment_method: str, account_no: str, category: str, area: str, basic: Decimal | None,
                   investment: Decimal) -> None:
    """An employee's fields: NID 10, 13 or 17 digits; e-TIN 12 digits (NBR); the sets of types."""
    if not code.strip():
        raise ValidationFailed("payroll.code_missing", "An employee needs a code", "কর্মীর কোড দিন", field="code")
    if not name.strip():
        raise ValidationFailed("payroll.name_missing", "An employee needs a name", "কর্মীর নাম দিন", field="name")
    if nid and not NID.match(nid):
        raise ValidationFailed("payroll.nid_invalid", "An NID has 10, 13 or 17 digits",
                               "জাতীয় পরিচয়পত্র নম্বর ১০, ১৩ বা ১৭ অঙ্কের", field="nid")
    if etin and not ETIN.match(etin):
        raise ValidationFailed("payroll.etin_invalid", "An e-TIN has 12 digits", "ই-টিআইএন ১২ অঙ্কের",
                               field="etin")
    _one_of(workplace, WORKPLACES, "workplace", "Workplace", "কর্মস্থল")
    _one_of(employment_type, EMPLOYMENT_TYPES, "employment_type", "Employment type", "চাকরির ধরন")
    _one_of(payment_method, PAYMENT_METHODS, "payment_method", "Payment method", "পরিশোধের মাধ্যম")
    _one_of(category, CATEGORIES, "category", "Taxpayer category", "করদাতা শ্রেণি")
    _one_of(area, AREAS, "area", "Area", "এলাকা")
    if payment_method in ("bank", "mfs") and not account_no.strip():
        raise ValidationFailed("payroll.account_missing", "A bank account or MFS wallet number is needed",
                               "ব্যাংক হিসাব বা মোবাইল ওয়ালেট নম্বর দিন", field="account_no")
    if basic is not None and basic <= 0:
        raise ValidationFailed("payroll.basic_not_positive", "Basic salary must be above zero",
                               "মূল বেতন শূন্যের বেশি হতে হবে", field="basic")
    if investment < 0:
        raise ValidationFailed("payroll.amount_negative", "Investment cannot be negative",
                               "বিনিয়োগ ঋণাত্মক হতে পারে না", field="investment")


def check_payment_details(routing_no: str, mfs_provider: str) -> None:
    """A routing number given has 9 digits (Bangladesh Bank's routing numbers); an MFS provider is one of
    `MFS_PROVIDERS`. Missing details are allowed here and listed as errors by the disbursement files."""
    if routing_no and not ROUTING.match(routing_no):
        raise ValidationFailed("payroll.routing_no_invalid", "A routing number has 9 digits",
                               "রাউটিং নম্বর ৯ অঙ্কের", field="routing_no")
    if mfs_provider:
        _one_of(mfs_provider, MFS_PROVIDERS, "mfs_provider", "MFS provider", "মোবাইল আর্থিক সেবা")


def settings(values: dict[str, str]) -> dict[str, str]:
    """A company's settings over the defaults; rates are checked (0 ≤ PF rate ≤ 1, divisor > 0)."""
    out = {**DEFAULT_SETTINGS, **{k: str(v) for k, v in values.items() if k in DEFAULT_SETTINGS and v is not None}}
    if not out["pf_vesting_years"].isdigit() or int(out["pf_vesting_years"]) > 40:
        raise ValidationFailed("payroll.setting_invalid", "pf_vesting_years is out of range",
                               f"{_setting_bn('pf_vesting_years')}: সীমার বাইরে", field="pf_vesting_years")
    for k in ("leave_encash_on_request", "gratuity_provision"):
        if out[k] not in ("true", "false"):
            raise ValidationFailed("payroll.setting_invalid", f"{k} is true or false", f"{_setting_bn(k)}: হ্যাঁ বা না হতে হবে",
                                   field=k)
    for k in RATE_SETTINGS:
        v = D(out[k])
        if v < 0 or (k != "overtime_divisor" and v > 1) or (k == "overtime_divisor" and v == 0):
            raise ValidationFailed("payroll.setting_invalid", f"{k} is out of range", f"{_setting_bn(k)}: সীমার বাইরে", field=k)
    return out


@dataclass(frozen=True, slots=True)
class EmployeeFacts:
    """What a payslip needs of an employee (a pure copy of the row)."""

    joining_date: date
    employment_type: str
    category: str
    area: str
    investment: Decimal
    basic: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Computed:
    payslip: Payslip
    tax_year: str
    annual_tax: Decimal


def compute_payslip(month: date, emp: EmployeeFacts, structure: SalaryStructure, cfg: dict[str, str], *,
                    overtime_hours: Decimal = ZERO, festival: bool = False, ytd_gross: Decimal = ZERO,
                    ytd_tax: Decimal = ZERO, absent_days: Decimal = ZERO, encash_days: Decimal = ZERO) -> Computed:
    """One employee's month. Tax withheld under ITA 2023 §86: the year's salary is estimated as what was
    paid so far this income year + this month + this month's regular pay for each month left; the tax on
    it (`compute_tax`) less tax already deducted, spread over the months left. PF for permanent staff.
    `encash_days` of unavailed annual leave are paid at a day's gross wages (`leave_encashment`, the final
    settlement's rule), a one-off earning like the bonus."""
    earnings = structure.earnings(emp.basic)
    basic = earnings["basic"]
    ot = overtime_pay(basic, overtime_hours, D(cfg["overtime_divisor"])) if overtime_hours else ZERO
    bonus = (festival_bonus(basic, emp.joining_date, month, D(cfg["festival_bonus_proportion"]))
             if festival else ZERO)
    absence = absence_deduction(basic, absent_days) if absent_days else ZERO
    pf_e, pf_r = (provident_fund(basic - absence, D(cfg["pf_employee_rate"]), D(cfg["pf_employer_rate"]))
                  if emp.employment_type == "permanent" else (ZERO, ZERO))
    regular = sum(earnings.values(), ZERO)
    encash = leave_encashment(regular, encash_days) if encash_days else ZERO
    left = remaining_months(month)
    year = tax_year_of(month)
    annual = ytd_gross + regular + ot + bonus + encash - absence + regular * (left - 1)
    annual_tax = compute_tax(annual, year, investment=emp.investment, category=emp.category, area=emp.area).net_tax
    tax = monthly_withholding(annual_tax, ytd_tax, left)
    slip = Payslip(earnings, ot, bonus, tax, pf_e, pf_r, absence, encash)
    if slip.net < 0:  # never pay less than nothing: the tax waits for a later month
        slip = Payslip(earnings, ot, bonus, max(slip.gross - pf_e, ZERO), pf_e, pf_r, absence, encash)
    return Computed(slip, year, annual_tax)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


STATUS_BN = {"draft": "খসড়া", "approved": "অনুমোদিত", "posted": "পোস্ট করা", "paid": "পরিশোধিত",
             "reversed": "রিভার্স করা"}


def transition(status: str, action: str, month: date) -> str:
    """draft → approved (approve) → posted (post); anything else is a conflict naming the status."""
    src, dst = NEXT[action]
    if status != src:
        verb, verb_bn = ("approved", "অনুমোদন") if action == "approve" else ("posted", "পোস্ট")
        raise Conflict(f"payroll.run_not_{src}", f"The run of {month:%B %Y} is {status}: only a {src} run can "
                       f"be {verb}",
                       bn(f"{month:%m/%Y} এর বেতন চালনা {STATUS_BN[status]}: শুধু {STATUS_BN[src]} চালনা {verb_bn} করা যায়"),
                       field="status", details={"status": status})
    return dst


def check_reversal(status: str, posted_on: date, on: date | None, reason: str, what: str, what_bn: str) -> date:
    """A run is reversed only once it is posted and only once; the reason is required; the reversal is dated
    on or after the run's posting date (its default). Returns the reversal's date."""
    if status == "reversed":
        raise Conflict("payroll.run_already_reversed", f"The {what} is already reversed",
                       f"{what_bn} ইতিমধ্যে রিভার্স করা হয়েছে", field="status", details={"status": status})
    if status == "paid":  # its net has left the bank and the till: the payment is not undone by a reversal
        raise Conflict("payroll.run_paid", f"The {what} is paid: a paid run is not reversed; correct it in the "
                       "next run (or an adjustment journal in finance)",
                       f"{what_bn} পরিশোধিত: পরিশোধিত চালনা রিভার্স করা যায় না; পরের চালনায় (বা হিসাবের "
                       "সমন্বয় জাবেদায়) সংশোধন করুন", field="status", details={"status": status})
    if status != "posted":
        raise Conflict("payroll.run_not_posted", f"The {what} is {status}: only a posted run can be reversed",
                       f"{what_bn} {STATUS_BN[status]}: শুধু পোস্ট করা চালনা রিভার্স করা যায়", field="status",
                       details={"status": status})
    return reversal_date(reason, on, posted_on, "the run's posting date", "চালনার পোস্টিং তারিখ")


MAX_REASON = 400
"""The longest reason a reversal keeps (the `reversal_reason` columns; the forms' `maxlength`)."""


def reversal_date(reason: str, on: date | None, posted_on: date, posted_en: str, posted_bn: str) -> date:
    """What every payroll reversal (a run, a final settlement) asks: a reason (at most `MAX_REASON` characters, what
    the row keeps), and a date on or after the posting it reverses (`posted_on`, the default), named in the refusal
    as `posted_en` / `posted_bn`."""
    if not reason.strip():
        raise ValidationFailed("payroll.reversal_reason_missing", "Give the reason for the reversal",
                               "রিভার্স করার কারণ লিখুন", field="reason")
    if len(reason.strip()) > MAX_REASON:
        raise ValidationFailed("payroll.reversal_reason_too_long",
                               f"The reason for the reversal is at most {MAX_REASON} characters "
                               f"(this one has {len(reason.strip())})",
                               f"রিভার্স করার কারণ সর্বোচ্চ {bn(str(MAX_REASON))}টি অক্ষরে লিখুন "
                               f"(এখানে {bn(str(len(reason.strip())))}টি)", field="reason",
                               details={"max_length": MAX_REASON, "length": len(reason.strip())})
    day = on or posted_on
    if day < posted_on:
        raise ValidationFailed("payroll.reversal_before_posting",
                               f"The reversal cannot be dated before {posted_en} {posted_on}",
                               f"রিভার্সের তারিখ {posted_bn} {bn(str(posted_on))} এর আগে হতে পারে না",
                               field="reversal_date", details={"posted_on": str(posted_on)})
    return day


def check_payment(status: str, posted_on: date, paid_on: date | None, what: str, what_bn: str) -> date:
    """A run is paid once, only when posted (not a reversed run), on or after its posting date."""
    if status == "paid":
        raise Conflict("payroll.run_already_paid", f"The {what} is already paid",
                       f"{what_bn} ইতিমধ্যে পরিশোধিত", field="status", details={"status": status})
    if status == "reversed":
        raise Conflict("payroll.run_reversed", f"The {what} is reversed: a reversed run is not paid",
                       f"{what_bn} রিভার্স করা: রিভার্স করা চালনা পরিশোধ করা যায় না", field="status",
                       details={"status": status})
    if status != "posted":
        raise Conflict("payroll.run_not_posted", f"The {what} is {status}: only a posted run is paid",
                       f"{what_bn} {STATUS_BN[status]}: শুধু পোস্ট করা চালনা পরিশোধ করা যায়", field="status",
                       details={"status": status})
    if paid_on is None:
        raise ValidationFailed("payroll.paid_on_missing", "Give the day the run was paid", "পরিশোধের তারিখ দিন",
                               field="paid_on")
    if paid_on < posted_on:
        raise ValidationFailed("payroll.payment_before_posting",
                               f"The payment cannot be dated before the run's posting date {posted_on}",
                               f"পরিশোধের তারিখ চালনার পোস্টিং তারিখ {bn(str(posted_on))} এর আগে হতে পারে না",
                               field="paid_on", details={"posted_on": str(posted_on)})
    return paid_on


def check_payment_undo(status: str, paid_on: date | None, on: date | None, reason: str, what: str,
                       what_bn: str) -> date:
    """A recorded payment is undone only on a paid run, with a reason, dated on or after the payment (its default).
    Returns the date of the payment journal's reversal."""
    if status != "paid" or paid_on is None:
        raise Conflict("payroll.run_not_paid", f"The {what} is {status}: only a paid run's payment can be undone",
                       f"{what_bn} {STATUS_BN[status]}: শুধু পরিশোধিত চালনার পরিশোধ বাতিল করা যায়", field="status",
                       details={"status": status})
    return reversal_date(reason, on, paid_on, "the payment's date", "পরিশোধের তারিখ")


class NotFoundInPayroll(DomainError):
    status = 404

    def __init__(self, what: str, what_bn: str, key: object):
        super().__init__("not_found", f"{what} '{key}' was not found", f"{what_bn} '{key}' পাওয়া যায়নি",
                         details={"object": what, "key": str(key)})
