"""The one exception type the ledger domain raises.

Attribute names match the platform's future ``DomainError`` (code, message,
message_bn, field, details) so ``LedgerError`` can later subclass it unchanged.
"""

from __future__ import annotations

from typing import Any


class LedgerError(Exception):
    """A rule of the ledger was broken; carries a stable code and bilingual text."""

    def __init__(
        self,
        code: str,
        message: str,
        message_bn: str = "",
        *,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_bn = message_bn or message
        self.field = field
        self.details = dict(details or {})

    def to_dict(self) -> dict[str, Any]:
        """The REST error body shape: {code, message, message_bn, field, details}."""
        return {
            "code": self.code,
            "message": self.message,
            "message_bn": self.message_bn,
            "field": self.field,
            "details": self.details,
        }

    def __repr__(self) -> str:
        return f"LedgerError({self.code!r}, {self.message!r}, field={self.field!r})"
