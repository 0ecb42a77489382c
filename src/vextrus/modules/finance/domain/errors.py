"""The one exception type the ledger domain raises.

It is a platform ``ValidationFailed`` so REST, GraphQL and the CLI show it like every other
domain error (code, message, message_bn, field, details).
"""

from __future__ import annotations

from typing import Any

from vextrus.platform.errors import ValidationFailed


class LedgerError(ValidationFailed):
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
        super().__init__(code, message, message_bn or message, field=field, details=dict(details or {}))

    def to_dict(self) -> dict[str, Any]:
        """The REST error body; details are copied so a problem list can hold this error too."""
        return {**super().to_dict(), "details": dict(self.details)}

    def __repr__(self) -> str:
        return f"LedgerError({self.code!r}, {self.message!r}, field={self.field!r})"
