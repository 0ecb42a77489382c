"""A tender's status machine and its result.

identified → preparing → submitted → opened → won | lost; cancelled from any open status. Submitting
records the bid price; the result records the winner and the winner's price (won: ours)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from vextrus.platform.errors import Conflict, ValidationFailed

TENDER_STATUSES = ("identified", "preparing", "submitted", "opened", "won", "lost", "cancelled")
SECURITY_FORMS = ("pay_order", "bank_guarantee")
_NEXT = {"identified": ("preparing", "cancelled"), "preparing": ("submitted", "cancelled"),
         "submitted": ("opened", "cancelled"), "opened": ("won", "lost", "cancelled")}
STATUS_BN = {"identified": "চিহ্নিত", "preparing": "প্রস্তুতি চলছে", "submitted": "জমা দেওয়া হয়েছে", "opened": "খোলা হয়েছে",
             "won": "জয়", "lost": "হাতছাড়া", "cancelled": "বাতিল"}


@dataclass(frozen=True)
class TenderResult:
    from_status: str
    to_status: str
    bid_price: Decimal | None
    winner_name: str | None
    winner_price: Decimal | None


def _positive(value: Decimal | None, field: str, en: str, bn: str) -> Decimal:
    if value is None:
        raise ValidationFailed("crm.tender_amount_missing", f"{en} is required", f"{bn} দিতে হবে", field=field)
    if value <= 0:
        raise ValidationFailed("crm.tender_amount_invalid", f"{en} must be more than zero",
                               f"{bn} শূন্যের বেশি হতে হবে", field=field)
    return value


def change_tender_status(current: str, to: str, *, bid_price: Decimal | None, winner_name: str | None,
                         winner_price: Decimal | None, company_name: str = "") -> TenderResult:
    if to not in TENDER_STATUSES:
        raise ValidationFailed("crm.tender_status_unknown", f"'{to}' is not a tender status",
                               "দরপত্রের অবস্থাটি অজানা: তালিকার একটি অবস্থা বাছুন", field="status",
                               details={"allowed": list(TENDER_STATUSES)})
    if to not in _NEXT.get(current, ()):
        allowed = ", ".join(_NEXT.get(current, ())) or "none (final)"
        raise ValidationFailed("crm.tender_transition", f"A {current} tender cannot become {to} (allowed: {allowed})",
                               f"{STATUS_BN[current]} দরপত্র {STATUS_BN[to]} হতে পারে না", field="status",
                               details={"from": current, "to": to})
    if to == "submitted":
        bid_price = _positive(bid_price, "bid_price", "The bid price", "দরের মূল্য")
    if to == "won":
        bid_price = _positive(bid_price, "bid_price", "The bid price", "দরের মূল্য")
        winner_name, winner_price = (winner_name or "").strip() or company_name or "us", bid_price
    if to == "lost":
        if not (winner_name or "").strip():
            raise ValidationFailed("crm.tender_winner_missing", "A lost tender records who won",
                                   "হাতছাড়া দরপত্রে বিজয়ীর নাম লিখুন", field="winner_name")
        winner_name = winner_name.strip()  # type: ignore[union-attr]
        winner_price = _positive(winner_price, "winner_price", "The winner's price", "বিজয়ীর দর")
    if to not in ("won", "lost"):
        winner_name, winner_price = None, None
    return TenderResult(current, to, bid_price, winner_name, winner_price)


def check_project_start(status: str, project_id: object | None, bid_price: Decimal | None) -> Decimal:
    """A tender becomes a project once: only when won, and with the bid price as the contract value."""
    if status != "won":
        raise ValidationFailed("crm.tender_not_won", f"Only a won tender becomes a project (this one is {status})",
                               f"শুধু জেতা দরপত্র থেকে প্রকল্প হয় (এটি {STATUS_BN.get(status, status)})",
                               field="status", details={"status": status})
    if project_id is not None:
        raise Conflict("crm.tender_has_project", "This tender already became a project",
                       "এই দরপত্র থেকে আগেই প্রকল্প হয়েছে", field="tender_id", details={"project_id": str(project_id)})
    return _positive(bid_price, "bid_price", "The bid price", "দরের মূল্য")
