"""Errors of this module: a missing object named in both languages."""

from __future__ import annotations

from vextrus.platform.errors import NotFound, ValidationFailed


def missing(what: str, what_bn: str, key: object, field: str | None = None) -> NotFound:
    """NotFound whose Bangla message names the object in Bangla (the platform's list does not know it)."""
    err = NotFound(what, key, field=field)
    err.message_bn = f"{what_bn} '{key}' পাওয়া যায়নি"
    return err


def invalid(code: str, message: str, message_bn: str, field: str) -> ValidationFailed:
    """A refused input: `notifications.<code>`, both languages, the field's path."""
    return ValidationFailed(f"notifications.{code}", message, message_bn, field=field)
