"""English and Bangla: message catalogs, lakh/crore number grouping, Bangla digits, amount in words.

Catalogs are small JSON dictionaries a module ships in `i18n/<locale>.json`; a missing key
falls back to English, then to the key itself, so a missing translation never breaks a page.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal

LOCALES = ("en", "bn")
_BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
_ASCII_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def to_bangla_digits(text: str) -> str:
    return text.translate(_BN_DIGITS)


def to_ascii_digits(text: str) -> str:
    """Accept Bangla digits in any input field."""
    return text.translate(_ASCII_DIGITS)


def format_number(value: Decimal | int, places: int = 2, locale: str = "en", bangla_digits: bool | None = None) -> str:
    """Lakh/crore grouping: 12345678.5 -> 1,23,45,678.50 (Bangla digits for locale bn by default)."""
    pattern = "#,##,##0" + ("." + "0" * places if places else "")
    text = format_decimal(Decimal(value), format=pattern, locale="en_IN", decimal_quantization=True)
    if bangla_digits if bangla_digits is not None else locale == "bn":
        text = to_bangla_digits(text)
    return text


def format_count(value: int | float | Decimal, locale: str = "en") -> str:
    """A count or quantity as people write it: no forced decimals, lakh grouping, Bangla digits for bn."""
    d = Decimal(str(value))
    places = 0 if d == d.to_integral_value() else min(-d.normalize().as_tuple().exponent, 4)  # type: ignore[operator]
    return format_number(d, places, locale)


def format_date(value: date | datetime | None, locale: str = "en", pattern: str = "d MMM y") -> str:
    """A date (or date and time) in the locale's month names and digits: 1 Jul 2025, ১ জুল ২০২৫."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = _babel_datetime(value, pattern, locale=locale)
    else:
        text = _babel_date(value, pattern, locale=locale)
    return to_bangla_digits(text) if locale == "bn" else text


def format_money(value: Decimal, currency: str = "BDT", locale: str = "en") -> str:
    from vextrus.platform.money import CURRENCY_SYMBOLS, minor_units

    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{format_number(abs(value), minor_units(currency), locale)}"


_EN_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
# Bangla numerals 0..99 are irregular words; the list is the standard one.
_BN_0_99 = ["শূন্য", "এক", "দুই", "তিন", "চার", "পাঁচ", "ছয়", "সাত", "আট", "নয়", "দশ", "এগারো", "বারো", "তেরো", "চৌদ্দ", "পনেরো", "ষোলো", "সতেরো", "আঠারো", "উনিশ", "বিশ", "একুশ", "বাইশ", "তেইশ", "চব্বিশ", "পঁচিশ", "ছাব্বিশ", "সাতাশ", "আঠাশ", "ঊনত্রিশ", "ত্রিশ", "একত্রিশ", "বত্রিশ", "তেত্রিশ", "চৌত্রিশ", "পঁয়ত্রিশ", "ছত্রিশ", "সাঁইত্রিশ", "আটত্রিশ", "ঊনচল্লিশ", "চল্লিশ", "একচল্লিশ", "বিয়াল্লিশ", "তেতাল্লিশ", "চুয়াল্লিশ", "পঁয়তাল্লিশ", "ছেচল্লিশ", "সাতচল্লিশ", "আটচল্লিশ", "ঊনপঞ্চাশ", "পঞ্চাশ", "একান্ন", "বাহান্ন", "তিপ্পান্ন", "চুয়ান্ন", "পঞ্চান্ন", "ছাপ্পান্ন", "সাতান্ন", "আটান্ন", "ঊনষাট", "ষাট", "একষট্টি", "বাষট্টি", "তেষট্টি", "চৌষট্টি", "পঁয়ষট্টি", "ছেষট্টি", "সাতষট্টি", "আটষট্টি", "ঊনসত্তর", "সত্তর", "একাত্তর", "বাহাত্তর", "তিয়াত্তর", "চুয়াত্তর", "পঁচাত্তর", "ছিয়াত্তর", "সাতাত্তর", "আটাত্তর", "ঊনআশি", "আশি", "একাশি", "বিরাশি", "তিরাশি", "চুরাশি", "পঁচাশি", "ছিয়াশি", "সাতাশি", "আটাশি", "ঊননব্বই", "নব্বই", "একানব্বই", "বিরানব্বই", "তিরানব্বই", "চুরানব্বই", "পঁচানব্বই", "ছিয়ানব্বই", "সাতানব্বই", "আটানব্বই", "নিরানব্বই"]


def _en_below_1000(n: int) -> str:
    parts = []
    if n >= 100:
        parts.append(_EN_ONES[n // 100] + " hundred")
        n %= 100
    if n >= 20:
        parts.append(_EN_TENS[n // 10] + ("-" + _EN_ONES[n % 10] if n % 10 else ""))
    elif n:
        parts.append(_EN_ONES[n])
    return " ".join(parts)


def _bn_below_1000(n: int) -> str:
    parts = []
    if n >= 100:
        parts.append(_BN_0_99[n // 100] + "শ")
        n %= 100
    if n:
        parts.append(_BN_0_99[n])
    return " ".join(parts)


def _words(n: int, locale: str) -> str:
    """Indian system: crore (10^7), lakh (10^5), thousand, hundred; crores may themselves be large."""
    if n == 0:
        return "zero" if locale == "en" else "শূন্য"
    below = _en_below_1000 if locale == "en" else _bn_below_1000
    names = {"en": ("crore", "lakh", "thousand"), "bn": ("কোটি", "লক্ষ", "হাজার")}[locale]
    parts = []
    crore, n = divmod(n, 10**7)
    if crore:
        parts.append(_words(crore, locale) + " " + names[0])
    lakh, n = divmod(n, 10**5)
    if lakh:
        parts.append(below(lakh) + " " + names[1])
    thousand, n = divmod(n, 1000)
    if thousand:
        parts.append(below(thousand) + " " + names[2])
    if n:
        parts.append(below(n))
    return " ".join(parts)


def amount_in_words(value: Decimal, locale: str = "en") -> str:
    """৳1,23,45,678.50 -> 'one crore twenty-three lakh forty-five thousand six hundred seventy-eight taka
    and fifty poisha only' (Bangla: ... টাকা ... পয়সা মাত্র)."""
    value = abs(Decimal(value)).quantize(Decimal("0.01"))
    taka = int(value)
    poisha = int((value - taka) * 100)
    if locale == "bn":
        text = _words(taka, "bn") + " টাকা"
        if poisha:
            text += " " + _words(poisha, "bn") + " পয়সা"
        return text + " মাত্র"
    text = _words(taka, "en") + " taka"
    if poisha:
        text += " and " + _words(poisha, "en") + " poisha"
    return text + " only"


@lru_cache(maxsize=64)
def _catalog(package: str, locale: str) -> dict[str, str]:
    try:
        data = resources.files(package).joinpath("i18n", f"{locale}.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError):
        return {}
    return json.loads(data)


def translate(key: str, locale: str = "en", packages: tuple[str, ...] = ("vextrus.web",), **params: object) -> str:
    for loc in (locale, "en"):
        for pkg in packages:
            text = _catalog(pkg, loc).get(key)
            if text is not None:
                return text.format(**params) if params else text
    return key


def label(kind: str, value: object, locale: str = "en", packages: tuple[str, ...] = ("vextrus.web",)) -> str:
    """A stored value shown in words: the catalogue's `kind.value` (an enum, a status, a type), else the value
    itself with its underscores as spaces, so a value the catalogue lacks still reads."""
    raw = getattr(value, "value", value)
    if raw is None or raw == "":
        return ""
    key = f"{kind}.{raw}"
    text = translate(key, locale, packages)
    return str(raw).replace("_", " ") if text == key else text
