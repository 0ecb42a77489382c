"""One error model for every edge: REST, GraphQL, CLI.

A DomainError carries a stable machine `code`, a message in English and Bangla, the input
`field` it concerns (dotted path, e.g. `lines[2].debit`) and free-form `details`.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule was broken; the caller can fix the input and retry."""

    status = 400

    def __init__(
        self,
        code: str,
        message: str,
        message_bn: str | None = None,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_bn = message_bn or message
        self.field = field
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "message_bn": self.message_bn,
            "field": self.field,
            "details": self.details,
        }


class ValidationFailed(DomainError):
    status = 422


class NotFound(DomainError):
    status = 404

    def __init__(self, what: str, key: object, field: str | None = None):
        super().__init__(
            "not_found",
            f"{what} '{key}' was not found",
            f"{what} '{key}' পাওয়া যায়নি",
            field=field,
            details={"object": what, "key": str(key)},
        )


class Conflict(DomainError):
    status = 409


class Unauthenticated(DomainError):
    status = 401

    def __init__(self, message: str = "Sign-in required", message_bn: str = "সাইন-ইন প্রয়োজন"):
        super().__init__("unauthenticated", message, message_bn)


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, permission: str):
        super().__init__(
            "permission_denied",
            f"You do not have the permission '{permission}'",
            f"আপনার '{permission}' অনুমতি নেই",
            details={"permission": permission},
        )


class StaleVersion(Conflict):
    """Optimistic concurrency: someone changed the record since it was read."""

    def __init__(self, what: str, expected: int | None = None, actual: int | None = None):
        if expected is None or actual is None:  # a compare-and-set lost at flush: the winner's version is unknown
            message = f"{what} was changed by someone else; reload and retry"
            message_bn = "রেকর্ডটি অন্য কেউ পরিবর্তন করেছেন; আবার লোড করে চেষ্টা করুন"  # `what` is a table name here
        else:
            message = f"{what} was changed by someone else (version {actual}, you had {expected}); reload and retry"
            message_bn = (f"{what} অন্য কেউ পরিবর্তন করেছেন (সংস্করণ {actual}, আপনার ছিল {expected}); "
                          "আবার লোড করে চেষ্টা করুন")
        super().__init__(
            "stale_version", message, message_bn, field="version",
            details={k: v for k, v in (("expected", expected), ("actual", actual)) if v is not None},
        )


class ConfigurationError(Exception):
    """Settings or environment are wrong; printed as one line and the process exits."""
