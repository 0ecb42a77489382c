"""Pure rules of hr: a day's muster roll line, a month's attendance figures, leave types, entitlements and
balances under the Bangladesh Labour Act 2006 (BLA). Sources: `../shared/domain/bangladesh.md` ("Payroll
and labour law"), BLA 2006 ss.100–102 (hours: 8 a day, 48 a week; with overtime 10 a day, 60 a week),
s.108 (overtime at twice the ordinary basic rate: payroll's `overtime_pay`), s.115 (casual 10 days),
s.116 (sick 14 days), s.117 (earned: 1 day per 18 days worked; unavailed leave carried forward to the next
year up to a cap, `annual_ledger`), s.118 (festival 11 days), s.46 (maternity
8 weeks before + 8 after = 16 weeks, women with 6 months' service). No I/O here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from vextrus.platform.errors import Conflict, DomainError, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits as bn
from vextrus.platform.money import ZERO

D = Decimal
NORMAL_DAY = D(8)  # BLA s.100: ordinary hours a day
MAX_DAY = D(10)  # BLA s.100 / s.108: with overtime, at most 10 hours a day
NORMAL_WEEK, MAX_WEEK = D(48), D(60)  # BLA s.102

# status: (counts as days worked, absent days, paid)
STATUSES: dict[str, tuple[Decimal, Decimal]] = {
    "present": (D(1), ZERO), "half_day": (D("0.5"), D("0.5")), "absent": (ZERO, D(1)),
    "leave": (ZERO, ZERO), "holiday": (ZERO, ZERO)}
STATUS_BN = {"present": "উপস্থিত", "half_day": "অর্ধদিবস", "absent": "অনুপস্থিত", "leave": "ছুটি",
             "holiday": "সাপ্তাহিক/সরকারি ছুটি"}
MUSTER_BN = {"draft": "খসড়া", "approved": "অনুমোদিত"}


def check_line(status: str, hours: Decimal, overtime: Decimal, field: str) -> tuple[Decimal, Decimal]:
    """A worker's day: hours worked and overtime within BLA limits (ordinary ≤ 8, total ≤ 10); only someone
    present (or half a day) works hours. Returns (hours, overtime); a present worker with no hours given
    worked the ordinary 8, half a day 4."""
    if status not in STATUSES:
        allowed_bn = ", ".join(STATUS_BN.values())
        raise ValidationFailed("hr.status_invalid", f"Status must be one of: {', '.join(STATUSES)}",
                               f"অবস্থা এর মধ্যে একটি হতে হবে: {allowed_bn}",
                               field=f"{field}.status", details={"allowed": list(STATUSES)})
    if hours < 0 or overtime < 0:
        raise ValidationFailed("hr.hours_negative", "Hours cannot be negative", "ঘণ্টা ঋণাত্মক হতে পারে না",
                               field=f"{field}.{'hours' if hours < 0 else 'overtime_hours'}")
    if status not in ("present", "half_day"):
        if hours or overtime:
            raise ValidationFailed("hr.hours_when_not_working", f"A worker marked {status} works no hours",
                                   f"{STATUS_BN[status]} চিহ্নিত শ্রমিকের কাজের ঘণ্টা থাকে না", field=f"{field}.hours")
        return ZERO, ZERO
    if not hours:
        hours = NORMAL_DAY if status == "present" else NORMAL_DAY / 2
    if hours > NORMAL_DAY:
        raise ValidationFailed("hr.hours_over_normal", "Ordinary hours are at most 8 a day (BLA 2006 s.100); "
                               "record the rest as overtime",
                               "সাধারণ কর্মঘণ্টা দিনে সর্বোচ্চ ৮ (শ্রম আইন ২০০৬ ধারা ১০০); বাকিটা অধিকাল হিসেবে লিখুন",
                               field=f"{field}.hours")
    if hours + overtime > MAX_DAY:
        raise ValidationFailed("hr.overtime_over_limit", "Hours with overtime are at most 10 a day "
                               "(BLA 2006 s.100, s.108)",
                               "অধিকালসহ কর্মঘণ্টা দিনে সর্বোচ্চ ১০ (শ্রম আইন ২০০৬ ধারা ১০০, ১০৮)",
                               field=f"{field}.overtime_hours")
    return hours, overtime


def check_week(total_hours: Decimal, field: str) -> None:
    """A worker's week (Saturday to Friday) with overtime: at most 60 hours (BLA 2006 s.102)."""
    if total_hours > MAX_WEEK:
        raise ValidationFailed("hr.week_over_limit", f"{total_hours} hours this week: at most 60 with overtime "
                               "(BLA 2006 s.102)", f"এই সপ্তাহে {bn(str(total_hours))} ঘণ্টা: অধিকালসহ সর্বোচ্চ ৬০ (শ্রম আইন ২০০৬ ধারা ১০২)",
                               field=field, details={"hours": str(total_hours)})


def week_of(day: date) -> tuple[date, date]:
    """The Bangladesh working week containing `day`: Saturday to Friday."""
    start = day - timedelta(days=(day.weekday() - 5) % 7)
    return start, start + timedelta(days=6)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """What payroll needs of one worker's month (approved days only)."""

    days_worked: Decimal = ZERO
    absent_days: Decimal = ZERO
    leave_days: Decimal = ZERO
    holidays: Decimal = ZERO
    overtime_hours: Decimal = ZERO


def month_figures(lines: list[tuple[str, Decimal]]) -> MonthFigures:
    """(status, overtime hours) of each recorded day → days worked, days absent (half a day each for a half
    day), leave, holidays and overtime hours."""
    worked = absent = leave = holidays = ot = ZERO
    for status, overtime in lines:
        w, a = STATUSES[status]
        worked, absent, ot = worked + w, absent + a, ot + overtime
        leave += status == "leave"
        holidays += status == "holiday"
    return MonthFigures(worked, absent, D(leave), D(holidays), ot)


def check_muster_open(status: str, day: date) -> None:
    if status != "draft":
        raise Conflict("hr.muster_locked", f"The muster roll of {day} is approved and locked",
                       f"{bn(str(day))} এর হাজিরা খাতা অনুমোদিত ও বন্ধ", field="day", details={"status": status})


# --- leave ------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LeaveType:
    code: str
    name: str
    name_bn: str
    days: Decimal  # a year's entitlement (basis "fixed"), days per period ("maternity"), or 1 per `per`
    basis: str  # fixed | earned | maternity
    section: str
    per: Decimal = D(18)  # earned: one day per this many days worked
    women_only: bool = False
    min_service_days: int = 0

    @property
    def section_bn(self) -> str:
        """The law in Bangla: "BLA 2006 s.46" → "শ্রম আইন ২০০৬ ধারা ৪৬"."""
        return bn(self.section.replace("BLA ", "শ্রম আইন ").replace("s.", "ধারা "))


LEAVE_TYPES: dict[str, LeaveType] = {t.code: t for t in (
    LeaveType("casual", "Casual leave", "নৈমিত্তিক ছুটি", D(10), "fixed", "BLA 2006 s.115"),
    LeaveType("sick", "Sick leave", "অসুস্থতাজনিত ছুটি", D(14), "fixed", "BLA 2006 s.116"),
    LeaveType("earned", "Earned (annual) leave", "অর্জিত (বার্ষিক) ছুটি", D(1), "earned", "BLA 2006 s.117"),
    LeaveType("festival", "Festival holidays", "উৎসব ছুটি", D(11), "fixed", "BLA 2006 s.118"),
    LeaveType("maternity", "Maternity leave", "প্রসূতি ছুটি", D(112), "maternity", "BLA 2006 s.46",
              women_only=True, min_service_days=180),
)}
LEAVE_STATUS_BN = {"applied": "আবেদিত", "approved": "অনুমোদিত", "rejected": "প্রত্যাখ্যাত", "withdrawn": "প্রত্যাহৃত"}


def leave_type(code: str) -> LeaveType:
    t = LEAVE_TYPES.get(code)
    if t is None:
        raise ValidationFailed("hr.leave_type_unknown", f"Leave type must be one of: {', '.join(LEAVE_TYPES)}",
                               f"ছুটির ধরন এর মধ্যে একটি হতে হবে: {', '.join(x.name_bn for x in LEAVE_TYPES.values())}",
                               field="leave_type", details={"allowed": list(LEAVE_TYPES)})
    return t


def entitlement(t: LeaveType, days_worked: Decimal) -> Decimal:
    """A year's days of leave: fixed types their days; earned leave 1 day per 18 days worked (whole days,
    BLA s.117); maternity 16 weeks (112 days) per confinement."""
    if t.basis == "earned":
        return D(int(days_worked / t.per))
    return t.days


def leave_days(start: date, end: date) -> Decimal:
    """Calendar days from start to end, both counted."""
    if end < start:
        raise ValidationFailed("hr.leave_dates_reversed", "The leave ends before it starts",
                               "ছুটি শুরুর আগেই শেষ হয়েছে", field="end")
    if start.year != end.year and (end - start).days < 200:
        raise ValidationFailed("hr.leave_crosses_year", "Apply for each year's days separately",
                               "প্রতি বছরের ছুটির জন্য আলাদা আবেদন করুন", field="end")
    return D((end - start).days + 1)


def check_application(t: LeaveType, days: Decimal, balance: Decimal, *, is_woman: bool, service_days: int) -> None:
    """Refuse what the law or the balance does not allow: maternity only for a woman with 6 months' service
    (BLA s.46), and never more days than the balance left this year."""
    if t.women_only and not is_woman:
        raise ValidationFailed("hr.leave_not_eligible", f"{t.name} is for women employees ({t.section})",
                               f"{t.name_bn} শুধু নারী কর্মীর জন্য ({t.section_bn})", field="leave_type")
    if service_days < t.min_service_days:
        raise ValidationFailed("hr.leave_service_too_short",
                               f"{t.name} needs {t.min_service_days} days of service ({t.section})",
                               f"{t.name_bn} এর জন্য {bn(str(t.min_service_days))} দিনের চাকরি প্রয়োজন", field="start")
    if days > balance:
        raise ValidationFailed("hr.leave_exceeds_balance",
                               f"{days} days of {t.name.lower()} asked, {balance} left this year",
                               f"{t.name_bn} চাওয়া হয়েছে {bn(str(days))} দিন, এ বছর বাকি আছে {bn(str(balance))} দিন",
                               field="end", details={"days": str(days), "balance": str(balance)})


def check_decision(status: str, action: str) -> str:
    if status != "applied":
        raise Conflict("hr.leave_decided", f"The application is already {status}",
                       f"আবেদনটি ইতিমধ্যে {LEAVE_STATUS_BN[status]}", field="status", details={"status": status})
    return "approved" if action == "approve" else "rejected"


# --- annual (earned) leave carried forward, BLA s.117 --------------------------------------------------------

CARRY_CAP = D(60)  # default of the setting hr.annual_leave_carry_cap (days)
YEARS = (1990, 2100)


def check_year(year: int, field: str = "year") -> int:
    """A calendar year the balances can be asked for (a wrong one would otherwise fail deep in a date)."""
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValidationFailed("hr.year_invalid", f"The year must be between {YEARS[0]} and {YEARS[1]}",
                               f"বছর {bn(str(YEARS[0]))} থেকে {bn(str(YEARS[1]))} এর মধ্যে হতে হবে", field=field,
                               details={"min": YEARS[0], "max": YEARS[1]})
    return year


def check_carry_cap(cap: Decimal) -> Decimal:
    if not cap.is_finite() or cap < 0 or cap > 365:
        raise ValidationFailed("hr.carry_cap_invalid", "The carry-forward cap of annual leave is 0 to 365 days",
                               "বার্ষিক ছুটি জমার সীমা ০ থেকে ৩৬৫ দিন", field="annual_leave_carry_cap")
    return cap


@dataclass(frozen=True, slots=True)
class AnnualYear:
    """One calendar year of an employee's annual (earned) leave: opening (carried forward from the year
    before) + earned (1 day per 18 days worked) − taken (approved) − pending (applied) − encashed (paid by a
    posted payroll run) = left; of what is left at the year's end at most the cap is carried forward, the rest
    lapses (it may be encashed before that)."""

    year: int
    opening: Decimal
    earned: Decimal
    taken: Decimal
    pending: Decimal
    encashed: Decimal
    cap: Decimal

    @property
    def left(self) -> Decimal:
        return self.opening + self.earned - self.taken - self.pending - self.encashed

    @property
    def carried(self) -> Decimal:
        """Carried forward to the next year: what is left, at most the cap (BLA s.117)."""
        return min(max(self.left, ZERO), self.cap)

    @property
    def over_cap(self) -> Decimal:
        """Left above the cap: lapses at the year's end unless encashed."""
        return max(self.left, ZERO) - self.carried


def annual_ledger(first_year: int, last_year: int, worked: dict[int, Decimal], taken: dict[int, Decimal],
                  pending: dict[int, Decimal], encashed: dict[int, Decimal],
                  cap: Decimal = CARRY_CAP) -> list[AnnualYear]:
    """Annual leave year by year from `first_year` (the first year with days worked or leave) to `last_year`,
    each year's opening the year before's `carried`. BLA 2006 s.117(1): an adult earns one day of annual
    leave for every 18 days of work; s.117 (accumulation proviso): leave not availed in a year is added to the
    next year's, accumulating at most 60 days for an adult in a shop, commercial or industrial establishment
    (40 in a factory or road transport) — the cap is the setting `hr.annual_leave_carry_cap` (default 60; the
    domain notes, ../shared/domain/bangladesh.md, mark these rules "configurable, verify"). Casual (s.115)
    and sick (s.116) leave are not carried forward: they are not in this ledger."""
    check_carry_cap(cap)
    t = LEAVE_TYPES["earned"]
    out: list[AnnualYear] = []
    opening = ZERO
    for y in range(first_year, last_year + 1):
        a = AnnualYear(y, opening, entitlement(t, worked.get(y, ZERO)), taken.get(y, ZERO), pending.get(y, ZERO),
                       encashed.get(y, ZERO), cap)
        out.append(a)
        opening = a.carried
    return out


class NotFoundInHr(DomainError):
    status = 404

    def __init__(self, what: str, what_bn: str, key: object):
        super().__init__("not_found", f"{what} '{key}' was not found", f"{what_bn} '{key}' পাওয়া যায়নি",
                         details={"object": what, "key": str(key)})
