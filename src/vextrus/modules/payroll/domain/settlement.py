"""Separation and final settlement (pure): what a leaving employee is paid, line by line, with the section of
the Bangladesh Labour Act 2006 (BLA) each line rests on. No I/O: the service hands in the facts (salary,
service, notice given, unavailed annual leave from hr, PF balances, advances outstanding, tax so far).

The Act, as applied here (docs/payroll.md "Separation and final settlement"):
- **Completed year** (s.2(10), gratuity, as amended 2013: "for every completed year of service **or any part
  thereof exceeding six months**"): service of 12 years 7 months counts 13 years; 12 years 6 months counts 12.
  The same counting is used for every per-year benefit below (ss.19, 26(4), 27(4), 28(3)), as is the practice.
- A day's wages = the month's wages ÷ 30. Compensation and gratuity are on the **basic** (the existing
  `gratuity_accrued` rule; company rules commonly read "wages" in s.2(10) as the last basic); wages due, notice
  pay and leave encashment are on the **gross** monthly salary (basic + allowances: s.2(45) "wages").
- **Resignation** (s.27): notice 60 days (permanent), 30 days (others); a worker who leaves without it pays
  wages in lieu for the shortfall (s.27(3)), deducted here. Compensation (s.27(4)): 14 days' wages per
  completed year for 5 to 10 years' service, 30 days' beyond 10 years, **or gratuity, whichever is higher**.
- **Termination by the employer** otherwise than for misconduct (s.26): notice 120 days (permanent, s.26(1)),
  30 days (others, s.26(2)), or wages in lieu of the shortfall (s.26(3)); compensation 30 days' wages per
  completed year (s.26(4)) or gratuity, whichever is higher.
- **Dismissal for misconduct** (s.23): no notice, no compensation, no gratuity (the brief's rule; s.23(4)'s 15
  days a year for some dismissals is not modelled): wages earned, leave and the PF are still paid.
- **Retirement** (s.28): compensation 30 days' wages per completed year (s.28(3)) or gratuity, whichever is
  higher.
- **Death** (s.19): 30 days' wages per completed year to the nominee after at least two years' service, **in
  addition** to the retirement benefits (gratuity).
- **End of contract**: no notice; gratuity (s.2(10)) only.
- **Unavailed annual (earned) leave** is paid on separation (s.11) at a day's gross wages.
- **Provident fund**: the employee's own contributions always; the employer's when vested (company rule:
  `pf_vesting_years` completed years, a setting); what is not vested is forfeited back to the company.
- **Advances and loans** outstanding are recovered from the dues (s.125(2)(cha)), at most what the dues leave.
- **Tax** (ITA 2023 §86): the year's tax on salary to date plus this settlement's taxable part (wages, leave,
  notice pay, compensation; gratuity and PF are left out: exempt as approved funds, ITA 2023 Sixth Schedule
  Part A), less tax already deducted this income year, all at once (no month is left to spread it over).
- The final payment is due within 30 working days of the separation (s.123(2)): `due_by`.

Every amount is Decimal rounded half-up to the poisha (`round_amount`); tax is truncated to the taka.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO, round_amount

from .run import reversal_date
from .salary import gratuity_accrued, leave_encashment
from .tax import compute_tax, tax_year_of

D = Decimal
KINDS = ("resignation", "termination", "dismissal", "retirement", "death", "end_of_contract")
KIND_BN = {"resignation": "পদত্যাগ", "termination": "চাকরির অবসান (মালিক কর্তৃক)", "dismissal": "অসদাচরণের জন্য বরখাস্ত",
           "retirement": "অবসর", "death": "মৃত্যু", "end_of_contract": "চুক্তির মেয়াদ শেষ"}
KIND_SECTION = {"resignation": "s.27", "termination": "s.26", "dismissal": "s.23", "retirement": "s.28",
                "death": "s.19", "end_of_contract": "s.2(10)"}
STATUSES = ("draft", "approved", "posted", "reversed")
STATUS_BN = {"draft": "খসড়া", "approved": "অনুমোদিত", "posted": "পোস্ট করা", "reversed": "রিভার্স করা"}
NOTICE_DAYS = {  # (permanent, others)
    "resignation": (60, 30),  # s.27(1)
    "termination": (120, 30),  # s.26(1), s.26(2)
}
DAYS = D(30)  # a day's wages = a month's ÷ 30


def section_bn(section: str) -> str:
    """A line's law in Bangla: "BLA s.26(4)" → "শ্রম আইন ২০০৬ ধারা ২৬(৪)", "ITA 2023 §86" → "আয়কর আইন ২০২৩ ধারা ৮৬"."""
    out = (section.replace("BLA ", "শ্রম আইন ২০০৬ ").replace("ITA 2023 §", "আয়কর আইন ২০২৩ ধারা ")
           .replace("s.", "ধারা ").replace("-", "–"))
    return out.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))


def _bad(code: str, en: str, bn: str, field: str, **details: Any) -> ValidationFailed:
    return ValidationFailed(f"payroll.{code}", en, bn, field=field, details=details or None)


def service_years(joined: date, last_day: date) -> tuple[int, int, int]:
    """(counted years, whole years, months beyond them): BLA s.2(10) counts a part of a year exceeding six
    months as a completed year. Service runs from the joining date to the last day inclusive."""
    end = last_day + timedelta(days=1)  # the day after the last day worked closes the period
    months = (end.year - joined.year) * 12 + end.month - joined.month - (end.day < joined.day)
    years, rest = divmod(max(months, 0), 12)
    # "exceeding six months": 6 whole months and any day more counts; exactly 6 months does not
    part_over_six = rest > 6 or (rest == 6 and _plus_months(joined, years * 12 + 6) < end)
    return years + (1 if part_over_six else 0), years, rest


def _plus_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    return date(y, m, min(d.day, monthrange(y, m)[1]))


@dataclass(frozen=True, slots=True)
class SettlementFacts:
    """What the settlement needs, as plain values (the service reads them)."""

    kind: str
    last_day: date
    joining_date: date
    employment_type: str
    basic: Decimal  # monthly
    gross: Decimal  # monthly: basic + allowances
    notice_given_days: int = 0
    leave_days: Decimal = ZERO  # unavailed annual (earned) leave, from hr
    paid_through: date | None = None  # the last day already paid by a run (None: the month before the last)
    pf_employee: Decimal = ZERO  # the employee's own contributions (posted runs)
    pf_employer: Decimal = ZERO  # the employer's contributions (posted runs)
    advances: Decimal = ZERO  # advances and loans outstanding
    ytd_gross: Decimal = ZERO  # salary paid this income year by posted runs
    ytd_tax: Decimal = ZERO  # tax withheld this income year
    investment: Decimal = ZERO
    category: str = "general"
    area: str = "dhaka_chattogram_city"
    cfg: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Line:
    code: str
    label: str
    label_bn: str
    section: str  # the law the line rests on
    basis: str  # the arithmetic, in words and figures
    basis_bn: str
    amount: Decimal  # positive: paid; negative: deducted


@dataclass(frozen=True, slots=True)
class Settlement:
    kind: str
    last_day: date
    due_by: date
    years: int  # counted (s.2(10))
    service_years: int
    service_months: int
    lines: tuple[Line, ...]
    pf_forfeited: Decimal  # the employer's PF not vested: back to the company
    tax_year: str
    advances_outstanding: Decimal  # what the dues could not cover stays owed

    def amount(self, code: str) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.code == code), ZERO)

    @property
    def earnings(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.amount > 0), ZERO)

    @property
    def deductions(self) -> Decimal:
        return -sum((ln.amount for ln in self.lines if ln.amount < 0), ZERO)

    @property
    def net(self) -> Decimal:
        return sum((ln.amount for ln in self.lines), ZERO)


def check(f: SettlementFacts) -> None:
    if f.kind not in KINDS:
        raise _bad("separation_kind_invalid", f"The kind of separation must be one of: {', '.join(KINDS)}",
                   "বিচ্ছেদের ধরন এর একটি হতে হবে: " + ", ".join(KIND_BN[k] for k in KINDS), "kind",
                   allowed=list(KINDS))
    if f.last_day < f.joining_date:
        raise _bad("last_day_before_joining", f"The last day {f.last_day} is before the joining date "
                   f"{f.joining_date}", "শেষ কর্মদিবস যোগদানের তারিখের আগে", "last_day",
                   joining_date=str(f.joining_date))
    if f.notice_given_days < 0 or f.notice_given_days > 3650:
        raise _bad("notice_days_invalid", "Notice given is between 0 and 3,650 days",
                   "প্রদত্ত নোটিশ ০ থেকে ৩,৬৫০ দিনের মধ্যে হতে হবে", "notice_given_days")
    if not f.leave_days.is_finite() or f.leave_days < 0:
        raise _bad("leave_days_invalid", "Unavailed leave cannot be negative", "অভোগকৃত ছুটি ঋণাত্মক হতে পারে না",
                   "leave_days")
    if f.basic <= 0 or f.gross < f.basic:
        raise _bad("basic_not_positive", "Basic salary must be above zero", "মূল বেতন শূন্যের বেশি হতে হবে", "basic")


def wages_due(f: SettlementFacts) -> tuple[Decimal, int, int]:
    """Wages for the days of the last month not yet paid by a run: (amount, days, days in month); gross ÷ the
    month's calendar days per day (a whole month is the month's gross). When a run already paid beyond the
    last day, the days paid beyond are recovered (negative days: an over-payment of wages, s.125(2))."""
    month_start = f.last_day.replace(day=1)
    in_month = monthrange(f.last_day.year, f.last_day.month)[1]
    if f.paid_through is not None and f.paid_through >= f.last_day:
        days = -(f.paid_through - f.last_day).days
    else:
        start = max(month_start, f.joining_date,
                    (f.paid_through + timedelta(days=1)) if f.paid_through else month_start)
        days = max((f.last_day - start).days + 1, 0)
    return round_amount(f.gross * days / in_month), days, in_month


def compute(f: SettlementFacts) -> Settlement:
    """The final settlement of `f` (pure). Lines: wages, leave encashment, notice pay or its deduction,
    compensation, gratuity, PF paid out, advances recovered, tax; net = their sum."""
    check(f)
    cfg = f.cfg
    years, whole, months = service_years(f.joining_date, f.last_day)
    permanent = f.employment_type == "permanent"
    day_basic, day_gross = f.basic / DAYS, f.gross / DAYS
    lines: list[Line] = []

    def add(code: str, label: str, label_bn: str, section: str, basis: str, basis_bn: str, amount: Decimal) -> None:
        if amount:
            lines.append(Line(code, label, label_bn, section, basis, basis_bn, round_amount(amount)))

    w, days, in_month = wages_due(f)
    add("wages", "Wages for the days worked in the last month", "শেষ মাসের কর্মদিবসের মজুরি", "BLA s.123",
        f"{f.gross} × {days} / {in_month} days", to_bangla_digits(f"{f.gross} × {days} / {in_month} দিন"), w)
    leave = leave_encashment(f.gross, f.leave_days)  # the one rule, also a monthly run's encashment
    add("leave", "Unavailed annual leave encashed", "অভোগকৃত বার্ষিক ছুটির নগদায়ন", "BLA s.11, s.117",
        f"{f.gross} / 30 × {f.leave_days} days", to_bangla_digits(f"{f.gross} / ৩০ × {f.leave_days} দিন"), leave)

    notice_short: tuple[Decimal, int] | None = None
    if f.kind in NOTICE_DAYS:
        required = NOTICE_DAYS[f.kind][0 if permanent else 1]
        short = max(required - f.notice_given_days, 0)
        amount = round_amount(day_gross * short)
        if f.kind == "termination":
            add("notice_pay", "Wages in lieu of notice", "নোটিশের পরিবর্তে মজুরি", "BLA s.26(1)-(3)",
                f"({required} − {f.notice_given_days}) days × {f.gross} / 30",
                to_bangla_digits(f"({required} − {f.notice_given_days}) দিন × {f.gross} / ৩০"), amount)
        else:
            notice_short = (amount, required)

    # gratuity: the existing accrual rule (30 days a year, 45 beyond 10 years; per settings), on counted years
    gratuity = ZERO
    if f.kind != "dismissal":
        gratuity = gratuity_accrued(f.basic, f.joining_date, f.last_day, days_per_year=int(cfg.get("gratuity_days", 30)),
                                    days_beyond=int(cfg.get("gratuity_days_beyond", 45)),
                                    beyond_years=int(cfg.get("gratuity_beyond_years", 10)), years=years)
    compensation, comp_days, comp_section = ZERO, 0, ""
    if f.kind == "termination":
        comp_days, comp_section = 30, "BLA s.26(4)"
    elif f.kind == "retirement":
        comp_days, comp_section = 30, "BLA s.28(3)"
    elif f.kind == "resignation" and years >= 5:
        comp_days, comp_section = (30 if years > 10 else 14), "BLA s.27(4)"
    elif f.kind == "death" and years >= 2:
        comp_days, comp_section = 30, "BLA s.19"
    if comp_days:
        compensation = round_amount(day_basic * comp_days * years)
    gdays = int(cfg.get("gratuity_days_beyond", 45)) if years > int(cfg.get("gratuity_beyond_years", 10)) \
        else int(cfg.get("gratuity_days", 30))
    comp_basis = f"{f.basic} / 30 × {comp_days} days × {years} years"
    comp_basis_bn = to_bangla_digits(f"{f.basic} / ৩০ × {comp_days} দিন × {years} বছর")
    grat_basis = f"{f.basic} / 30 × {gdays} days × {years} years"
    grat_basis_bn = to_bangla_digits(f"{f.basic} / ৩০ × {gdays} দিন × {years} বছর")
    if f.kind == "death":  # s.19: in addition to the retirement benefits
        add("compensation", "Death benefit", "মৃত্যুজনিত সুবিধা", comp_section, comp_basis, comp_basis_bn, compensation)
        add("gratuity", "Gratuity", "গ্র্যাচুইটি", "BLA s.2(10)", grat_basis, grat_basis_bn, gratuity)
    elif compensation and compensation >= gratuity:  # "or gratuity, whichever is higher"
        add("compensation", "Compensation (higher than gratuity)", "ক্ষতিপূরণ (গ্র্যাচুইটির চেয়ে বেশি)", comp_section,
            comp_basis, comp_basis_bn, compensation)
    else:
        label, label_bn = (("Gratuity (higher than compensation)", "গ্র্যাচুইটি (ক্ষতিপূরণের চেয়ে বেশি)") if compensation
                           else ("Gratuity", "গ্র্যাচুইটি"))
        add("gratuity", label, label_bn, f"BLA s.2(10){', ' + comp_section if compensation else ''}", grat_basis,
            grat_basis_bn, gratuity)

    add("pf_employee", "Provident fund: own contributions", "ভবিষ্য তহবিল: নিজের চাঁদা", "BLA s.264",
        "contributions of posted runs", "পোস্ট করা চালনার চাঁদা", f.pf_employee)
    vest_years = int(cfg.get("pf_vesting_years", 3))
    vested = f.pf_employer if whole >= vest_years or f.kind in ("death", "retirement") else ZERO
    add("pf_employer", "Provident fund: employer's contributions (vested)", "ভবিষ্য তহবিল: মালিকের চাঁদা (অর্জিত)",
        "BLA s.264", f"vested after {vest_years} years of service", to_bangla_digits(f"{vest_years} বছর চাকরির পর অর্জিত"), vested)

    if notice_short:  # s.27(3): the worker pays it; never more than the dues (the rest is not claimed here)
        amount, required = notice_short
        add("notice_deduction", "Wages in lieu of notice not given", "না-দেওয়া নোটিশের মজুরি কর্তন", "BLA s.27(3)",
            f"({required} − {f.notice_given_days}) days × {f.gross} / 30",
            to_bangla_digits(f"({required} − {f.notice_given_days}) দিন × {f.gross} / ৩০"),
            -min(amount, max(sum((ln.amount for ln in lines), ZERO), ZERO)))
    taxable = sum((ln.amount for ln in lines if ln.code in ("wages", "leave", "notice_pay", "notice_deduction",
                                                             "compensation")), ZERO)
    year = tax_year_of(f.last_day)
    tax = ZERO
    if taxable > 0:
        annual = compute_tax(f.ytd_gross + taxable, year, investment=f.investment, category=f.category,
                             area=f.area).net_tax
        tax = max(annual - f.ytd_tax, ZERO)
    room = sum((ln.amount for ln in lines), ZERO)
    tax = min(tax, max(room, ZERO))
    add("tax", "Income tax withheld", "উৎসে কর্তিত আয়কর", "ITA 2023 §86",
        f"tax of the year on {f.ytd_gross + taxable} less {f.ytd_tax} withheld",
        to_bangla_digits(f"{f.ytd_gross + taxable} এর বছরের কর বাদ {f.ytd_tax} কর্তিত"), -tax)
    room = sum((ln.amount for ln in lines), ZERO)
    recovered = min(f.advances, max(room, ZERO))
    add("advances", "Advances and loans recovered", "অগ্রিম ও ঋণ আদায়", "BLA s.125(2)",
        f"outstanding {f.advances}", to_bangla_digits(f"বকেয়া {f.advances}"), -recovered)
    return Settlement(f.kind, f.last_day, f.last_day + timedelta(days=30), years, whole, months, tuple(lines),
                      round_amount(f.pf_employer - vested), year, round_amount(f.advances - recovered))


@dataclass(frozen=True, slots=True)
class SettlementJournal:
    """The journal's totals: Dr salary (wages, leave, notice pay), compensation, gratuity, PF payable (both
    shares: paid out and forfeited); Cr salary (notice deducted), PF expense (forfeited), TDS, advances,
    salaries payable (net)."""

    salary: Decimal
    compensation: Decimal
    gratuity: Decimal
    pf_payable: Decimal
    notice_deducted: Decimal
    pf_forfeited: Decimal
    tax: Decimal
    advances: Decimal
    net: Decimal

    @property
    def debits(self) -> Decimal:
        return self.salary + self.compensation + self.gratuity + self.pf_payable

    @property
    def credits(self) -> Decimal:
        return self.notice_deducted + self.pf_forfeited + self.tax + self.advances + self.net


def journal(s: Settlement) -> SettlementJournal:
    a = s.amount
    return SettlementJournal(a("wages") + a("leave") + a("notice_pay"), a("compensation"), a("gratuity"),
                             a("pf_employee") + a("pf_employer") + s.pf_forfeited, -a("notice_deduction"),
                             s.pf_forfeited, -a("tax"), -a("advances"), s.net)


def check_reversal(status: str, posted_on: date, on: date | None, reason: str) -> date:
    """A settlement is reversed only once it is posted, and once; the reason is required; the reversal is dated
    on or after the settlement's journal (the last day, its default). Returns the reversal's date."""
    if status == "reversed":
        raise Conflict("payroll.settlement_already_reversed", "The final settlement is already reversed",
                       "চূড়ান্ত নিষ্পত্তি ইতিমধ্যে রিভার্স করা হয়েছে", field="status", details={"status": status})
    if status != "posted":
        raise Conflict("payroll.settlement_not_posted",
                       f"The final settlement is {status}: only a posted settlement can be reversed",
                       f"চূড়ান্ত নিষ্পত্তি {STATUS_BN.get(status, status)}: শুধু পোস্ট করা নিষ্পত্তি রিভার্স করা যায়",
                       field="status", details={"status": status})
    return reversal_date(reason, on, posted_on, "the settlement's journal of", "নিষ্পত্তির জাবেদার তারিখ")
