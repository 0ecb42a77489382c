"""The one error type of master data, shaped like the API's error body.

It is a platform `ValidationFailed` (HTTP 422, `{code, message, message_bn, field, details}`),
so REST, GraphQL and the CLI report it without any mapping. The platform errors module is
pure (no framework imports), so the domain stays loadable and testable on its own.
"""

from __future__ import annotations

from typing import Any

from vextrus.platform.errors import ValidationFailed


class MasterDataError(ValidationFailed, ValueError):
    """A master-data rule was broken; the user can correct `field` and retry."""

    def __init__(
        self,
        code: str,
        message: str,
        message_bn: str,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(code, message, message_bn, field=field, details=dict(details or {}))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r}, message={self.message!r})"


class IncompatibleUnitsError(MasterDataError):
    """Two units measure different things (mass vs volume) and no item conversion links them."""


class InvalidTransitionError(MasterDataError):
    """A vendor status change the workflow does not allow."""


def choice(enum_cls: Any, value: object, field: str) -> Any:
    """`enum_cls(value)`, or a MasterDataError naming the field and the allowed values (an empty or
    unknown value is the caller's mistake, never a crash)."""
    try:
        return enum_cls(value)
    except ValueError:
        allowed = [str(m.value) for m in enum_cls]
        raise MasterDataError(
            "master_data.invalid_choice", f"{field}: '{value}' is not one of {', '.join(allowed)}",
            f"'{value}' গ্রহণযোগ্য নয়: তালিকার একটি মান দিন", field=field,
            details={"allowed": allowed},
        ) from None
