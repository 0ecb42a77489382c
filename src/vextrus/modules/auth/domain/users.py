"""Who a user is: email, username and Bangladesh mobile number, normalised one way.

The mobile normaliser is local: master_data has no public `api` yet (only its domain, which
other modules may not import). Swap to `master_data.api` when it exists.
"""

from __future__ import annotations

import re

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_ascii_digits

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
_MOBILE = re.compile(r"^1[3-9]\d{8}$")
LANGUAGES = ("en", "bn")


def email(value: str) -> str:
    """Trimmed and lower-cased: the login identifier (`admin@localhost` is allowed)."""
    v = (value or "").strip().lower()
    if not _EMAIL.match(v) or len(v) > 200:
        raise ValidationFailed("email_invalid", "Enter a valid email address", "সঠিক ইমেইল ঠিকানা দিন", field="email")
    return v


def username(value: str) -> str:
    v = (value or "").strip().lower()
    if not _USERNAME.match(v):
        raise ValidationFailed("username_invalid", "A username has 2-40 letters, digits, '.', '_' or '-'",
                               "ইউজার নেমে ২-৪০টি অক্ষর, অঙ্ক, '.', '_' বা '-' থাকবে", field="username")
    return v


def mobile(value: str | None) -> str | None:
    """Accept 01…, 8801…, +8801…, Bangla digits, spaces and dashes; return +8801XXXXXXXXX."""
    if not value:
        return None
    d = re.sub(r"[\s\-()]", "", to_ascii_digits(value))
    for prefix in ("+880", "880", "0"):
        if d.startswith(prefix):
            d = d[len(prefix):]
            break
    if not _MOBILE.match(d):
        raise ValidationFailed("mobile_invalid", "Enter a Bangladesh mobile number like 01712-345678",
                               "০১৭১২-৩৪৫৬৭৮ এর মতো বাংলাদেশি মোবাইল নম্বর দিন", field="mobile")
    return "+880" + d


def language(value: str | None) -> str:
    v = value or "en"
    if v not in LANGUAGES:
        raise ValidationFailed("language_invalid", "Language is en or bn", "ভাষা en বা bn", field="language")
    return v
