"""A quotation's lines, totals and statuses (pure).

A line is item no, description, unit, quantity and rate; its amount is quantity × rate rounded half up to
the poisha (`platform.money.round_amount`). The subtotal is the sum of the line amounts, VAT is
subtotal × rate % rounded half up, the total is subtotal + VAT. Statuses: draft → sent → accepted |
rejected | expired; a revision supersedes the version it revises (draft or sent). Only a draft is edited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import MAX_AMOUNT, ZERO, round_amount

STATUSES = ("draft", "sent", "accepted", "rejected", "superseded", "expired")
STATUS_BN = {"draft": "খসড়া", "sent": "পাঠানো হয়েছে", "accepted": "গৃহীত", "rejected": "প্রত্যাখ্যাত",
             "superseded": "পরিবর্তিত সংস্করণে প্রতিস্থাপিত", "expired": "মেয়াদোত্তীর্ণ"}
MAX_LINES = 500
MAX_QTY = MAX_AMOUNT  # every figure stays below the money columns' bound (platform.money)
MAX_RATE = MAX_AMOUNT
# action → (statuses it starts from, status it leads to)
MOVES = {"send": (("draft",), "sent"), "accept": (("sent",), "accepted"), "reject": (("sent",), "rejected"),
         "expire": (("sent",), "expired"), "revise": (("draft", "sent"), "superseded")}
ACTION_BN = {"send": "পাঠানো", "accept": "গ্রহণ", "reject": "প্রত্যাখ্যান", "expire": "মেয়াদোত্তীর্ণ করা",
             "revise": "সংশোধন"}


@dataclass(frozen=True)
class Line:
    item_no: str
    description: str
    unit: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    vat: Decimal
    total: Decimal


def _number(value: object, field: str, en: str, bn: str, places: int, limit: Decimal) -> Decimal:
    try:
        d = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationFailed("crm.quotation_number_bad", f"{en}: '{value}' is not a number",
                               f"{bn}: '{value}' সংখ্যা নয়", field=field) from None
    if not d.is_finite():
        raise ValidationFailed("crm.quotation_number_bad", f"{en}: '{value}' is not a number",
                               f"{bn}: '{value}' সংখ্যা নয়", field=field)
    if d < 0:
        raise ValidationFailed("crm.quotation_negative", f"{en} must not be negative",
                               f"{bn} ঋণাত্মক হতে পারে না", field=field)
    if d >= limit:
        raise ValidationFailed("crm.quotation_too_large", f"{en} is too large", f"{bn} অনেক বড়", field=field)
    exp = d.normalize().as_tuple().exponent
    if isinstance(exp, int) and -exp > places:
        raise ValidationFailed("crm.quotation_places", f"{en} has more than {places} decimals",
                               f"{bn} এ {to_bangla_digits(str(places))} এর বেশি দশমিক ঘর আছে", field=field)
    return d


def line(item_no: str, description: str, unit: str, quantity: object, rate: object, index: int) -> Line:
    """One line checked (errors name `lines[i].<field>`) with its amount, qty × rate half up to the poisha."""
    at, bn_no = f"lines[{index}]", to_bangla_digits(str(index + 1))
    desc = (description or "").strip()
    if not desc:
        raise ValidationFailed("crm.quotation_line_description", f"Line {index + 1}: a description is required",
                               f"লাইন {bn_no}: বিবরণ দিতে হবে", field=f"{at}.description")
    qty = _number(quantity, f"{at}.quantity", f"Line {index + 1}: quantity", f"লাইন {bn_no}: পরিমাণ", 4, MAX_QTY)
    if qty == 0:
        raise ValidationFailed("crm.quotation_quantity_zero", f"Line {index + 1}: quantity must be more than zero",
                               f"লাইন {bn_no}: পরিমাণ শূন্যের বেশি হতে হবে", field=f"{at}.quantity")
    r = _number(rate, f"{at}.rate", f"Line {index + 1}: rate", f"লাইন {bn_no}: দর", 2, MAX_RATE)
    amount = round_amount(qty * r)
    if amount >= MAX_AMOUNT:
        raise ValidationFailed("crm.quotation_too_large", f"Line {index + 1}: quantity × rate is too large",
                               f"লাইন {bn_no}: পরিমাণ × দর অনেক বড়", field=at)
    return Line(item_no=(item_no or "").strip() or str(index + 1), description=desc, unit=(unit or "").strip(),
                quantity=qty, rate=r, amount=amount)


def vat_rate(value: object | None) -> Decimal | None:
    if value is None or value == "":
        return None
    r = _number(value, "vat_rate", "VAT rate", "ভ্যাটের হার", 2, Decimal(100))
    return r


def totals(lines: list[Line], vat: Decimal | None) -> Totals:
    if not lines:
        raise ValidationFailed("crm.quotation_no_lines", "A quotation has at least one line",
                               "দরপ্রস্তাবে অন্তত একটি লাইন থাকতে হবে", field="lines")
    if len(lines) > MAX_LINES:
        raise ValidationFailed("crm.quotation_too_many_lines", f"A quotation has at most {MAX_LINES} lines",
                               f"দরপ্রস্তাবে সর্বোচ্চ {to_bangla_digits(str(MAX_LINES))}টি লাইন থাকতে পারে", field="lines")
    subtotal = sum((ln.amount for ln in lines), ZERO)
    v = round_amount(subtotal * vat / 100) if vat else ZERO
    if subtotal + v >= MAX_AMOUNT:
        raise ValidationFailed("crm.quotation_too_large", "The quotation's total is too large",
                               "দরপ্রস্তাবের সর্বমোট অনেক বড়", field="lines")
    return Totals(subtotal=subtotal, vat=v, total=subtotal + v)


def check_validity(valid_until: date | None, quote_date: date) -> None:
    if valid_until is not None and valid_until < quote_date:
        raise ValidationFailed("crm.quotation_validity", "The quotation must be valid at least until its date",
                               "দরপ্রস্তাবের মেয়াদ অন্তত তার তারিখ পর্যন্ত হতে হবে", field="valid_until")


def check_editable(status: str) -> None:
    if status != "draft":
        raise ValidationFailed("crm.quotation_not_draft", f"Only a draft is edited; this version is {status}",
                               f"শুধু খসড়া সংশোধন করা যায়; এই সংস্করণ {STATUS_BN.get(status, status)}",
                               field="status", details={"status": status})


def move(status: str, action: str) -> str:
    """The status `action` leads to from `status`, or a ValidationFailed (field `status`)."""
    starts, to = MOVES[action]
    if status not in starts:
        raise ValidationFailed("crm.quotation_status", f"'{action}' is not allowed on a {status} quotation",
                               f"{STATUS_BN.get(status, status)} দরপ্রস্তাবের {ACTION_BN[action]} করা যায় না",
                               field="status", details={"status": status, "action": action})
    return to


BOQ_DESCRIPTION = 400  # the longest description a project's BOQ line and a contract item hold


def check_project_start(status: str, started_project_id: object | None,
                        lines: list[tuple[str, str]]) -> None:
    """An accepted version starts a project and a client contract once, its lines (item no, description) fitting
    a BOQ: each item number once, each description at most 400 characters. Refusals name their field."""
    if status != "accepted":
        raise ValidationFailed("crm.quotation_not_accepted",
                               f"Only an accepted quotation starts a project (this version is {status})",
                               f"শুধু গৃহীত দরপ্রস্তাব থেকে প্রকল্প শুরু হয় (এই সংস্করণ {STATUS_BN.get(status, status)})",
                               field="status", details={"status": status})
    if started_project_id is not None:
        raise Conflict("crm.quotation_has_project", "This quotation already started its project and contract",
                       "এই দরপ্রস্তাব থেকে আগেই প্রকল্প ও চুক্তি শুরু হয়েছে", field="quotation_id",
                       details={"project_id": str(started_project_id)})
    check_boq_lines(lines)


def check_boq_lines(lines: list[tuple[str, str]]) -> None:
    """Lines (item no, description) that can become a BOQ: each item number once, each description at most 400
    characters. Checked when lines are typed, so an accepted quotation can always start its project."""
    seen: set[str] = set()
    for i, (item_no, description) in enumerate(lines):
        bn_no = to_bangla_digits(str(i + 1))
        if item_no in seen:
            raise ValidationFailed("crm.quotation_item_repeated",
                                   f"Line {i + 1}: item {item_no} appears twice; a BOQ numbers each item once",
                                   f"লাইন {bn_no}: আইটেম নম্বর দুবার আছে; বিওকিউতে প্রতিটি আইটেমের নম্বর একবারই থাকে",
                                   field=f"lines[{i}].item_no")
        seen.add(item_no)
        if len(description) > BOQ_DESCRIPTION:
            raise ValidationFailed("crm.quotation_description_long",
                                   f"Line {i + 1}: a BOQ line's description is at most {BOQ_DESCRIPTION} characters",
                                   f"লাইন {bn_no}: বিওকিউ লাইনের বিবরণ সর্বোচ্চ {to_bangla_digits(str(BOQ_DESCRIPTION))} অক্ষর",
                                   field=f"lines[{i}].description")
