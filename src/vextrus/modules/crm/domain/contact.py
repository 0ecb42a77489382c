"""A lead's contact keys, normalised so that every writing of the same number compares equal:
mobile as E.164 (+8801XXXXXXXXX) from 01…, 8801…, +880 1…, 00880…, Bangla digits, spaces, dashes, dots
or brackets; e-mail trimmed and lower-cased; NID as its 10, 13 or 17 digits."""

from __future__ import annotations

import re

from vextrus.platform.errors import ValidationFailed

_BN_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
_SEPARATORS = re.compile(r"[\s\-.()]+")
_MOBILE = re.compile(r"01[3-9]\d{8}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def normalise_mobile(raw: str, field: str = "mobile") -> str:
    """+8801XXXXXXXXX, or a ValidationFailed naming `field`."""
    text = _SEPARATORS.sub("", (raw or "").translate(_BN_DIGITS).strip())
    if text.startswith("+"):
        text = text[1:]
    elif text.startswith("00"):
        text = text[2:]
    if text.startswith("880"):
        text = text[3:]
        if text.startswith("1"):
            text = "0" + text
    if not (text.isascii() and _MOBILE.fullmatch(text)):
        shown = (raw or "").strip()[:40]
        raise ValidationFailed("crm.mobile_invalid",
                               f"'{shown}' is not a Bangladeshi mobile number (01XXXXXXXXX or +8801XXXXXXXXX)",
                               f"'{shown}' বাংলাদেশি মোবাইল নম্বর নয় (০১XXXXXXXXX বা +৮৮০১XXXXXXXXX লিখুন)",
                               field=field, details={"value": shown})
    return "+88" + text


def normalise_email(raw: str, field: str = "email") -> str:
    text = (raw or "").strip().lower()
    if len(text) > 200 or not _EMAIL.fullmatch(text):
        shown = (raw or "").strip()[:40]
        raise ValidationFailed("crm.email_invalid", f"'{shown}' is not an e-mail address (name@example.com)",
                               f"'{shown}' ই-মেইল ঠিকানা নয় (যেমন name@example.com)", field=field,
                               details={"value": shown})
    return text


def normalise_nid(raw: str, field: str = "nid") -> str:
    digits = _SEPARATORS.sub("", (raw or "").translate(_BN_DIGITS).strip())
    if not (digits.isascii() and digits.isdigit() and len(digits) in (10, 13, 17)):
        shown = (raw or "").strip()[:40]
        raise ValidationFailed("crm.nid_invalid", f"'{shown}' is not an NID (10, 13 or 17 digits)",
                               f"'{shown}' জাতীয় পরিচয়পত্র নম্বর নয় (১০, ১৩ বা ১৭ অঙ্ক)", field=field,
                               details={"value": shown})
    return digits
