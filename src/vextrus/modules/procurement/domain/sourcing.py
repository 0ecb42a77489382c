"""The comparative statement (CS): each vendor's quotation per item side by side, the lowest rate marked,
and the rule for a selection.

Rule (a convention of Bangladeshi contractors, taken from the Public Procurement Rules 2008's Request for
Quotations method, which asks for at least three quotations; see docs/procurement.md): an item is bought
from the lowest quotation unless a reason is written, and with fewer than the minimum number of
quotations (a setting, 3 by default) only with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from vextrus.platform.i18n import to_bangla_digits

from .errors import bad

MAX_DELIVERY_DAYS = 3650


@dataclass(frozen=True)
class Quote:
    party_id: UUID
    item_id: UUID
    rate: Decimal  # BDT per the item's unit, before VAT
    delivery_days: int = 0
    terms: str = ""


@dataclass(frozen=True)
class CsItem:
    """One row of the CS: the item's quotations by rate (then delivery), the lowest rate's vendors."""

    item_id: UUID
    quotes: tuple[Quote, ...]
    lowest_rate: Decimal | None
    lowest: frozenset[UUID]


def check_quote(q: Quote, path: str) -> Quote:
    if q.rate <= 0:
        raise bad("rate_not_positive", "A quoted rate must be above zero", "দর শূন্যের বেশি হতে হবে", field=f"{path}.rate")
    if not 0 <= q.delivery_days <= MAX_DELIVERY_DAYS:
        raise bad("delivery_days_invalid", f"Delivery days are 0 to {MAX_DELIVERY_DAYS}",
                  f"সরবরাহের দিন ০ থেকে {to_bangla_digits(str(MAX_DELIVERY_DAYS))}", field=f"{path}.delivery_days")
    return q


def comparative(item_ids: list[UUID], quotes: list[Quote]) -> list[CsItem]:
    """The CS in the requisition's item order; ties on the lowest rate are all marked lowest."""
    by_item: dict[UUID, list[Quote]] = {i: [] for i in item_ids}
    for q in quotes:
        if q.item_id in by_item:
            by_item[q.item_id].append(q)
    out = []
    for item_id in item_ids:
        qs = tuple(sorted(by_item[item_id], key=lambda q: (q.rate, q.delivery_days, str(q.party_id))))
        low = qs[0].rate if qs else None
        out.append(CsItem(item_id, qs, low, frozenset(q.party_id for q in qs if q.rate == low)))
    return out


def check_selection(row: CsItem, party_id: UUID, reason: str, min_quotes: int, path: str) -> bool:
    """Whether the selection is the lowest; refused when the vendor did not quote the item, when it is not
    the lowest and no reason is given, or when fewer than `min_quotes` vendors quoted and no reason is given."""
    if party_id not in {q.party_id for q in row.quotes}:
        raise bad("selection_not_quoted", "The selected vendor has not quoted this item",
                  "বাছাই করা বিক্রেতা এই পণ্যের দর দেয়নি", field=f"{path}.party_id")
    lowest = party_id in row.lowest
    if not lowest and not reason.strip():
        raise bad("selection_reason_missing",
                  f"The selected vendor is not the lowest (lowest rate {row.lowest_rate}): give a reason",
                  to_bangla_digits(f"বাছাই করা বিক্রেতা সর্বনিম্ন দরদাতা নয় (সর্বনিম্ন দর {row.lowest_rate}): কারণ লিখুন"),
                  field=f"{path}.reason", lowest_rate=row.lowest_rate)
    if len(row.quotes) < min_quotes and not reason.strip():
        raise bad("too_few_quotations",
                  f"Only {len(row.quotes)} quotation(s) for this item; at least {min_quotes} are needed, or give a reason",
                  to_bangla_digits(f"এই পণ্যের মাত্র {len(row.quotes)}টি দর; অন্তত {min_quotes}টি লাগে, নইলে কারণ লিখুন"),
                  field=f"{path}.reason", quotations=len(row.quotes), minimum=min_quotes)
    return lowest
