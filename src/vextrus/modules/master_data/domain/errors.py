"""The one error type of master data, shaped like the API's error body.

Kept free of platform imports so the pure domain can be loaded and tested on its own;
the service layer maps it onto the platform's error response unchanged.
"""

from __future__ import annotations

from typing import Any


class MasterDataError(ValueError):
    """A master-data rule was broken; the user can correct `field` and retry."""

    def __init__(
        self,
        code: str,
        message: str,
        message_bn: str,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_bn = message_bn
        self.field = field
        self.details = dict(details or {})

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "message_bn": self.message_bn,
            "field": self.field,
            "details": self.details,
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r}, message={self.message!r})"


class IncompatibleUnitsError(MasterDataError):
    """Two units measure different things (mass vs volume) and no item conversion links them."""


class InvalidTransitionError(MasterDataError):
    """A vendor status change the workflow does not allow."""
