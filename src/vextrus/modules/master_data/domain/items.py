"""Items: materials, services, equipment and labour, with codes, HS codes, tax defaults,
unit conversions and a date-effective price list.

Tax categories are codes owned by the finance/tax rules (rates change each Finance Act);
an item only names its default category, it never carries a rate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from importlib import resources
from itertools import pairwise

from .errors import MasterDataError, choice
from .search import clean_text, fold_digits, normalise_code
from .units import ItemConversion, convert, get_unit

_CODE = re.compile(r"[A-Z0-9][A-Z0-9\-_/.]{0,31}")
_CATEGORY = re.compile(r"[a-z0-9][a-z0-9_.\-]{0,63}")


class ItemKind(StrEnum):
    MATERIAL = "material"
    SERVICE = "service"
    EQUIPMENT = "equipment"
    LABOUR = "labour"


def validate_hs_code(raw: str, field: str = "hs_code") -> str:
    """Bangladesh customs tariff HS code: 8 digits, stored plain ("25232900").
    Accepts the dotted form ("2523.29.00"), spaces and Bangla digits."""
    text = re.sub(r"[\s.]", "", fold_digits(clean_text(raw).strip())) if isinstance(raw, str) else ""
    if not (len(text) == 8 and text.isascii() and text.isdigit()):
        raise MasterDataError(
            "master_data.invalid_hs_code",
            "HS code must have 8 digits, e.g. 2523.29.00",
            "এইচএস কোড ৮ অঙ্কের হতে হবে, যেমন ২৫২৩.২৯.০০",
            field=field,
            details={"value": str(raw)},
        )
    if text[:2] == "00" or int(text[:2]) > 97:
        raise MasterDataError(
            "master_data.invalid_hs_code",
            f"HS chapter {text[:2]} does not exist (chapters are 01-97)",
            f"এইচএস অধ্যায় {text[:2]} নেই (অধ্যায় ০১-৯৭)",
            field=field,
            details={"value": str(raw)},
        )
    return text


def format_hs_code(code: str) -> str:
    """Display form of a stored 8-digit HS code: 2523.29.00."""
    return f"{code[:4]}.{code[4:6]}.{code[6:]}"


def _category(value: str | None, field_name: str) -> str | None:
    if value is None:
        return None
    if not _CATEGORY.fullmatch(value):
        raise MasterDataError(
            "master_data.invalid_category_code",
            f"'{value}' is not a category code (lowercase letters, digits, _ . -)",
            f"'{value}' সঠিক শ্রেণি কোড নয়",
            field=field_name,
            details={"value": value},
        )
    return value


def _require_text(value: str, field_name: str, en: str, bn: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MasterDataError(
            f"master_data.{field_name}_required", f"{en} is required", f"{bn} আবশ্যক", field=field_name
        )
    return value.strip()


@dataclass(frozen=True, slots=True)
class Item:
    """A thing a construction company buys, sells, hires or pays for."""

    code: str
    name: str
    name_bn: str
    kind: ItemKind
    base_unit: str
    hs_code: str | None = None
    vat_category: str | None = None
    withholding_category: str | None = None
    standard_cost: Decimal | None = None  # per base unit
    currency: str = "BDT"
    conversions: tuple[ItemConversion, ...] = ()
    specification: tuple[tuple[str, str], ...] = ()  # e.g. (("grade", "60"), ("diameter_mm", "10"))
    active: bool = True

    def __post_init__(self) -> None:
        s = object.__setattr__
        code = normalise_code(self.code) if isinstance(self.code, str) else ""
        if not _CODE.fullmatch(code):
            raise MasterDataError(
                "master_data.invalid_item_code",
                "Item code: 1-32 letters, digits or - _ / . starting with a letter or digit",
                "পণ্য কোড: ১-৩২টি অক্ষর, অঙ্ক বা - _ / .",
                field="code",
                details={"value": str(self.code)},
            )
        s(self, "code", code)
        s(self, "name", _require_text(self.name, "name", "Item name", "পণ্যের নাম"))
        s(self, "name_bn", _require_text(self.name_bn, "name_bn", "Bangla item name", "পণ্যের বাংলা নাম"))
        s(self, "kind", choice(ItemKind, self.kind, "kind"))
        s(self, "base_unit", get_unit(self.base_unit).code)
        if self.hs_code is not None:
            s(self, "hs_code", validate_hs_code(self.hs_code))
        _category(self.vat_category, "vat_category")
        _category(self.withholding_category, "withholding_category")
        if self.standard_cost is not None and (
            not isinstance(self.standard_cost, Decimal) or self.standard_cost < 0
        ):
            raise MasterDataError(
                "master_data.invalid_standard_cost",
                "Standard cost must be a Decimal of zero or more",
                "আদর্শ ব্যয় শূন্য বা তার বেশি দশমিক সংখ্যা হতে হবে",
                field="standard_cost",
            )
        s(self, "conversions", tuple(self.conversions))

    def convert(self, quantity: Decimal, from_unit: str, to_unit: str) -> Decimal:
        """Convert a quantity of this item, using its own conversions (bag -> kg …)."""
        return convert(quantity, from_unit, to_unit, self.conversions)

    def to_base(self, quantity: Decimal, unit: str) -> Decimal:
        return self.convert(quantity, unit, self.base_unit)


@dataclass(frozen=True, slots=True)
class PriceListEntry:
    """Price of one item per `unit`, valid from `valid_from` to `valid_to` inclusive
    (open-ended when `valid_to` is None)."""

    item_code: str
    unit: str
    price: Decimal
    valid_from: date
    valid_to: date | None = None
    currency: str = "BDT"
    price_list: str = "standard"

    def __post_init__(self) -> None:
        if not isinstance(self.price, Decimal) or not self.price.is_finite() or self.price < 0:
            raise MasterDataError(
                "master_data.invalid_price",
                "Price must be a Decimal of zero or more",
                "মূল্য শূন্য বা তার বেশি দশমিক সংখ্যা হতে হবে",
                field="price",
            )
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise MasterDataError(
                "master_data.invalid_validity",
                "Price validity ends before it starts",
                "মূল্যের মেয়াদ শুরুর আগেই শেষ",
                field="valid_to",
                details={"valid_from": self.valid_from.isoformat(), "valid_to": self.valid_to.isoformat()},
            )
        object.__setattr__(self, "item_code", self.item_code.strip().upper())
        object.__setattr__(self, "unit", get_unit(self.unit).code)

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def price_on(
    entries: Iterable[PriceListEntry],
    item_code: str,
    on: date,
    price_list: str = "standard",
    unit: str | None = None,
    item: Item | None = None,
) -> PriceListEntry | None:
    """The price in force for `item_code` on date `on`: among entries covering that date
    the one that started last wins (a new price supersedes an open-ended old one). With
    `unit`, the price is re-expressed per that unit (using `item`'s conversions if given).
    None when no price covers the date."""
    code = item_code.strip().upper()
    covering = [e for e in entries if e.item_code == code and e.price_list == price_list and e.covers(on)]
    if not covering:
        return None
    best = max(covering, key=lambda e: e.valid_from)
    if unit is None or get_unit(unit).code == best.unit:
        return best
    # Price per target unit = price per entry unit x (entry units in one target unit).
    per = convert(Decimal(1), unit, best.unit, item.conversions if item else ())
    return PriceListEntry(
        best.item_code,
        unit,
        best.price * per,
        best.valid_from,
        best.valid_to,
        best.currency,
        best.price_list,
    )


def overlapping_prices(entries: Iterable[PriceListEntry]) -> list[tuple[PriceListEntry, PriceListEntry]]:
    """Pairs of entries for the same item, list and unit whose validity overlaps with the
    same start date: `price_on` could not choose between them, so an editor must."""
    rows = sorted(entries, key=lambda e: (e.price_list, e.item_code, e.unit, e.valid_from))
    clashes = []
    for a, b in pairwise(rows):
        if (a.price_list, a.item_code, a.unit, a.valid_from) == (
            b.price_list,
            b.item_code,
            b.unit,
            b.valid_from,
        ):
            clashes.append((a, b))
    return clashes


SEED_FILE = "construction_items.json"


def item_from_dict(row: dict) -> Item:
    """Build an Item from the JSON shape used by the seed file."""
    return Item(
        code=row["code"],
        name=row["name"],
        name_bn=row["name_bn"],
        kind=ItemKind(row["kind"]),
        base_unit=row["base_unit"],
        hs_code=row.get("hs_code"),
        vat_category=row.get("vat_category"),
        withholding_category=row.get("withholding_category"),
        standard_cost=Decimal(row["standard_cost"]) if row.get("standard_cost") else None,
        conversions=tuple(
            ItemConversion(c["from"], c["to"], Decimal(c["factor"])) for c in row.get("conversions", ())
        ),
        specification=tuple((k, str(v)) for k, v in row.get("specification", {}).items()),
    )


def load_seed_items() -> tuple[Item, ...]:
    """The common construction items shipped as data (data/construction_items.json)."""
    ref = resources.files("vextrus.modules.master_data").joinpath("data", SEED_FILE)
    rows = json.loads(ref.read_text(encoding="utf-8"))["items"]
    return tuple(item_from_dict(r) for r in rows)
