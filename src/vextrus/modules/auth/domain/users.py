"""Who a user is: email and username, normalised one way (mobile numbers: master data's rules)."""

from __future__ import annotations

import re

from vextrus.platform.errors import ValidationFailed

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
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


def language(value: str | None) -> str:
    v = value or "en"
    if v not in LANGUAGES:
        raise ValidationFailed("language_invalid", "Language is en or bn", "ভাষা en বা bn", field="language")
    return v
