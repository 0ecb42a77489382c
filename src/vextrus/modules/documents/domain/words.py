"""Amounts in words, as Bangladeshi documents write them: lakh (10^5) and crore (10^7), in English and
Bangla ("এক লক্ষ পঁচিশ হাজার টাকা মাত্র"), with poisha; and the reverse (`parse_words`), so the
property tests can check that every amount reads back as itself. Pure: no I/O, no framework.

The wording is the platform's (`vextrus.platform.i18n.amount_in_words`, used by pages): a test holds the
two together; this one adds negative amounts, other currencies' unit names and the parser.
"""

from __future__ import annotations

from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import round_places

EN_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
           "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
# Bangla numbers 0..99 are irregular words: the standard list.
BN_0_99 = ["শূন্য", "এক", "দুই", "তিন", "চার", "পাঁচ", "ছয়", "সাত", "আট", "নয়", "দশ", "এগারো", "বারো", "তেরো", "চৌদ্দ",
           "পনেরো", "ষোলো", "সতেরো", "আঠারো", "উনিশ", "বিশ", "একুশ", "বাইশ", "তেইশ", "চব্বিশ", "পঁচিশ", "ছাব্বিশ", "সাতাশ",
           "আঠাশ", "ঊনত্রিশ", "ত্রিশ", "একত্রিশ", "বত্রিশ", "তেত্রিশ", "চৌত্রিশ", "পঁয়ত্রিশ", "ছত্রিশ", "সাঁইত্রিশ", "আটত্রিশ",
           "ঊনচল্লিশ", "চল্লিশ", "একচল্লিশ", "বিয়াল্লিশ", "তেতাল্লিশ", "চুয়াল্লিশ", "পঁয়তাল্লিশ", "ছেচল্লিশ", "সাতচল্লিশ",
           "আটচল্লিশ", "ঊনপঞ্চাশ", "পঞ্চাশ", "একান্ন", "বাহান্ন", "তিপ্পান্ন", "চুয়ান্ন", "পঞ্চান্ন", "ছাপ্পান্ন", "সাতান্ন",
           "আটান্ন", "ঊনষাট", "ষাট", "একষট্টি", "বাষট্টি", "তেষট্টি", "চৌষট্টি", "পঁয়ষট্টি", "ছেষট্টি", "সাতষট্টি", "আটষট্টি",
           "ঊনসত্তর", "সত্তর", "একাত্তর", "বাহাত্তর", "তিয়াত্তর", "চুয়াত্তর", "পঁচাত্তর", "ছিয়াত্তর", "সাতাত্তর", "আটাত্তর",
           "ঊনআশি", "আশি", "একাশি", "বিরাশি", "তিরাশি", "চুরাশি", "পঁচাশি", "ছিয়াশি", "সাতাশি", "আটাশি", "ঊননব্বই", "নব্বই",
           "একানব্বই", "বিরানব্বই", "তিরানব্বই", "চুরানব্বই", "পঁচানব্বই", "ছিয়ানব্বই", "সাতানব্বই", "আটানব্বই", "নিরানব্বই"]
SCALES = {"en": ("crore", "lakh", "thousand", "hundred"), "bn": ("কোটি", "লক্ষ", "হাজার", "শ")}
# (major unit, minor unit) per currency and language; BDT: taka and poisha
UNITS = {
    "BDT": {"en": ("taka", "poisha"), "bn": ("টাকা", "পয়সা")},
    "USD": {"en": ("US dollars", "cents"), "bn": ("মার্কিন ডলার", "সেন্ট")},
    "EUR": {"en": ("euros", "cents"), "bn": ("ইউরো", "সেন্ট")},
    "INR": {"en": ("rupees", "paise"), "bn": ("রুপি", "পয়সা")},
}
ONLY = {"en": "only", "bn": "মাত্র"}
MINUS = {"en": "minus", "bn": "ঋণাত্মক"}
MAX_WORDS_AMOUNT = Decimal(10) ** 15  # a thousand million crore: beyond any document's figure


def _en_below_1000(n: int) -> str:
    parts = []
    if n >= 100:
        parts.append(EN_ONES[n // 100] + " hundred")
        n %= 100
    if n >= 20:
        parts.append(EN_TENS[n // 10] + ("-" + EN_ONES[n % 10] if n % 10 else ""))
    elif n:
        parts.append(EN_ONES[n])
    return " ".join(parts)


def _bn_below_1000(n: int) -> str:
    parts = []
    if n >= 100:
        parts.append(BN_0_99[n // 100] + "শ")
        n %= 100
    if n:
        parts.append(BN_0_99[n])
    return " ".join(parts)


def number_in_words(n: int, locale: str = "en") -> str:
    """A whole number in the Indian system: crore, lakh, thousand, hundred (crores may be large)."""
    if n < 0:
        raise ValueError("number_in_words takes n >= 0")
    if n == 0:
        return "zero" if locale == "en" else "শূন্য"
    below = _en_below_1000 if locale == "en" else _bn_below_1000
    crore_w, lakh_w, thousand_w, _ = SCALES[locale]
    parts = []
    crore, n = divmod(n, 10**7)
    if crore:
        parts.append(number_in_words(crore, locale) + " " + crore_w)
    lakh, n = divmod(n, 10**5)
    if lakh:
        parts.append(below(lakh) + " " + lakh_w)
    thousand, n = divmod(n, 1000)
    if thousand:
        parts.append(below(thousand) + " " + thousand_w)
    if n:
        parts.append(below(n))
    return " ".join(parts)


def amount_in_words(value: Decimal, locale: str = "en", currency: str = "BDT") -> str:
    """৳1,25,000 -> "one lakh twenty-five thousand taka only" / "এক লক্ষ পঁচিশ হাজার টাকা মাত্র";
    poisha after "and" ("... taka and fifty poisha only" / "... টাকা পঞ্চাশ পয়সা মাত্র")."""
    if locale not in SCALES:
        value = locale  # as given
        raise ValidationFailed("locale_unknown", f"No words for language '{locale}'",
                               f"'{value}' ভাষায় শব্দ নেই", field="locale")
    if currency not in UNITS:
        raise ValidationFailed("currency_no_words", f"No words for currency {currency}",
                               f"{currency} মুদ্রার শব্দ নেই", field="currency")
    value = round_places(Decimal(value), 2)  # words name poisha: two places whatever the currency
    if abs(value) >= MAX_WORDS_AMOUNT:
        raise ValidationFailed("amount_too_large_for_words", "The amount is too large to write in words",
                               "অঙ্কটি কথায় লেখার জন্য খুব বড়", field="amount")
    major, minor = UNITS[currency][locale]
    whole = int(abs(value))
    cents = int((abs(value) - whole) * 100)
    text = number_in_words(whole, locale) + " " + major
    if cents:
        text += (" and " if locale == "en" else " ") + number_in_words(cents, locale) + " " + minor
    text += " " + ONLY[locale]
    return (MINUS[locale] + " " + text) if value < 0 else text


def _word_values(locale: str) -> dict[str, int]:
    if locale == "en":
        table = {w: i for i, w in enumerate(EN_ONES) if w}
        table |= {w: i * 10 for i, w in enumerate(EN_TENS) if w}
        table["zero"] = 0
        return table
    return {w: i for i, w in enumerate(BN_0_99)} | {w + "শ": i * 100 for i, w in enumerate(BN_0_99) if 0 < i < 10}


def parse_words(text: str, locale: str = "en", currency: str = "BDT") -> Decimal:
    """The amount `amount_in_words` wrote (its inverse; for checking, not for reading free text)."""
    major, minor = UNITS[currency][locale]
    crore_w, lakh_w, thousand_w, hundred_w = SCALES[locale]
    values = _word_values(locale)
    sign = 1
    body = text.strip()
    if body.startswith(MINUS[locale] + " "):
        sign, body = -1, body[len(MINUS[locale]) + 1:]
    body = body.removesuffix(" " + ONLY[locale])
    joiner = " and " if locale == "en" else " "
    whole_text, _, cents_text = body.partition(" " + major)
    cents_text = cents_text.removeprefix(joiner).removesuffix(" " + minor).strip()

    def number(words: str) -> int:
        total, group = 0, 0
        for word in words.replace("-", " ").split():
            if word == crore_w:
                total = (total + group) * 10**7
                group = 0
            elif word == lakh_w:
                total, group = total + group * 10**5, 0
            elif word == thousand_w:
                total, group = total + group * 1000, 0
            elif word == hundred_w:
                group *= 100
            else:
                group += values[word]
        return total + group

    return sign * (Decimal(number(whole_text)) + (Decimal(number(cents_text)) / 100 if cents_text else 0))
