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


# What a NotFound names, in Bangla: a Bangla message must not carry the English object name.
OBJECT_BN = {
    "booking": "বুকিং", "invoice": "চালান", "certificate": "সনদ",
    "company": "কোম্পানি", "activity": "কাজ", "relationship": "কাজের সম্পর্ক", "account": "হিসাব", "wbs": "ডব্লিউবিএস", "user": "ব্যবহারকারী",
    "role assignment": "ভূমিকা বরাদ্দ", "fiscal year": "অর্থবছর", "calendar": "ক্যালেন্ডার", "boq item": "বিওকিউ আইটেম",
    "setting": "সেটিং", "role": "ভূমিকা", "recurring entry": "পুনরাবৃত্ত এন্ট্রি", "project": "প্রকল্প", "party": "পার্টি",
    "monsoon period": "বর্ষাকাল", "journal entry": "জার্নাল এন্ট্রি", "item": "পণ্য", "holiday": "ছুটি",
    "feature flag": "ফিচার ফ্ল্যাগ", "cost centre": "খরচ কেন্দ্র", "company book": "কোম্পানির খাতা", "baseline": "বেসলাইন",
    "run": "চালনা", "import": "আমদানি", "api key": "এপিআই কি", "branch": "শাখা", "department": "বিভাগ",
    "vendor": "বিক্রেতা", "customer": "গ্রাহক", "entry": "এন্ট্রি", "period": "মেয়াদ", "book": "খাতা",
    "audit record": "অডিট রেকর্ড", "unit": "ইউনিট", "member": "সদস্য", "actual cost": "প্রকৃত খরচ",
    "payment draft": "পরিশোধের খসড়া", "ra bill": "চলতি বিল (আরএ)", "contract": "চুক্তি", "receipt": "প্রাপ্তি রসিদ",
    "rfq": "দরপত্র আহ্বান", "advance": "অগ্রিম", "advance allocation": "অগ্রিম সমন্বয়", "approval": "অনুমোদন", "bank account": "ব্যাংক হিসাব",
    "building": "ভবন", "employee": "কর্মী", "expense claim": "খরচের দাবি", "goods receipt note": "পণ্য প্রাপ্তির রসিদ",
    "lead": "লিড", "leave application": "ছুটির আবেদন", "muster roll": "হাজিরা খাতা", "note": "ক্রেডিট/ডেবিট নোট",
    "opportunity": "বিক্রয়ের সুযোগ", "payroll run": "বেতন চালনা", "price list": "মূল্য তালিকা",
    "purchase order": "ক্রয়াদেশ", "quotation": "দরপ্রস্তাব", "requisition": "অধিযাচন", "stock move": "মজুদ চলাচল",
    "store": "গুদাম", "tender": "দরপত্র", "transfer": "স্থানান্তর", "wage run": "মজুরি চালনা",
}


class NotFound(DomainError):
    status = 404

    def __init__(self, what: str, key: object, field: str | None = None):
        super().__init__(
            "not_found",
            f"{what} '{key}' was not found",
            f"{OBJECT_BN.get(what.lower(), what)} '{key}' পাওয়া যায়নি",
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
            "এই কাজের অনুমতি আপনার নেই",  # the permission's code is English: it stays in `details`
            details={"permission": permission},
        )


class OutOfScope(DomainError):
    """A create (or a move) for a project the user's role is not assigned to (docs/auth.md, "Scoped roles"):
    the user may do this kind of work, only not for that project; `field` names the input that chose it."""

    status = 403

    def __init__(self, field: str, key: object):
        super().__init__(
            "out_of_scope",
            f"Your role is assigned for other projects: the one chosen in '{field}' is not one of them",
            "আপনার ভূমিকা অন্য প্রকল্পের জন্য বরাদ্দ: বাছাই করা প্রকল্পটি সেগুলোর একটি নয়",
            field=field,
            details={"key": str(key)},
        )


def _bn_digits(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))


class StaleVersion(Conflict):
    """Optimistic concurrency: someone changed the record since it was read."""

    def __init__(self, what: str, expected: int | None = None, actual: int | None = None):
        if expected is None or actual is None:  # a compare-and-set lost at flush: the winner's version is unknown
            message = f"{what} was changed by someone else; reload and retry"
            message_bn = "রেকর্ডটি অন্য কেউ পরিবর্তন করেছেন; আবার লোড করে চেষ্টা করুন"  # `what` is a table name here
        else:
            message = f"{what} was changed by someone else (version {actual}, you had {expected}); reload and retry"
            # `what` is English ("booking B-7"): the Bangla message names the record as the page shows it
            message_bn = (f"রেকর্ডটি অন্য কেউ পরিবর্তন করেছেন (সংস্করণ {_bn_digits(actual)}, আপনার ছিল "
                          f"{_bn_digits(expected)}); আবার লোড করে চেষ্টা করুন")
        super().__init__(
            "stale_version", message, message_bn, field="version",
            details={k: v for k, v in (("expected", expected), ("actual", actual)) if v is not None},
        )


class ConfigurationError(Exception):
    """Settings or environment are wrong; printed as one line and the process exits."""
