"""Errors of procurement's rules (codes `procurement.*`, both languages, the field's path)."""

from __future__ import annotations

from vextrus.platform.errors import DomainError, ValidationFailed


def bad(code: str, message: str, message_bn: str, field: str | None = None, **details: object) -> ValidationFailed:
    """A refused input: `procurement.<code>`, both languages, the offending field's path."""
    return ValidationFailed(f"procurement.{code}", message, message_bn, field=field,
                            details={k: str(v) for k, v in details.items()} or None)


class Missing(DomainError):
    status = 404

    def __init__(self, what: str, what_bn: str, key: object, field: str | None = None):
        super().__init__("not_found", f"{what} '{key}' was not found", f"{what_bn} '{key}' পাওয়া যায়নি", field=field,
                         details={"object": what, "key": str(key)})
