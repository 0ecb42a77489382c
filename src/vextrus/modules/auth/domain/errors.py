"""The one error type of the auth domain.

Its attributes (`code`, `message`, `message_bn`, `field`, `details`) match the platform's
future DomainError, so the API edge can render `{code, message, message_bn, field, details}`
without knowing about auth.
"""

from __future__ import annotations

from typing import Any

from vextrus.platform.errors import DomainError

# code -> (English, Bangla). One place, so both languages stay in step.
MESSAGES: dict[str, tuple[str, str]] = {
    "auth.invalid_credentials": (
        "Invalid email or password.",
        "ইমেইল বা পাসওয়ার্ড সঠিক নয়।",
    ),
    "auth.too_many_attempts": (
        "Too many sign-in attempts. Please try again later.",
        "অনেকবার সাইন-ইন করার চেষ্টা হয়েছে। কিছুক্ষণ পরে আবার চেষ্টা করুন।",
    ),
    "auth.password_policy": (
        "The password does not meet the password policy.",
        "পাসওয়ার্ডটি পাসওয়ার্ড নীতির শর্ত পূরণ করে না।",
    ),
    "auth.token_invalid": (
        "The access token is invalid.",
        "অ্যাক্সেস টোকেনটি বৈধ নয়।",
    ),
    "auth.token_expired": (
        "The access token has expired.",
        "অ্যাক্সেস টোকেনের মেয়াদ শেষ হয়েছে।",
    ),
    "auth.refresh_invalid": (
        "The session is invalid. Please sign in again.",
        "সেশনটি বৈধ নয়। আবার সাইন ইন করুন।",
    ),
    "auth.refresh_expired": (
        "The session has expired. Please sign in again.",
        "সেশনের মেয়াদ শেষ হয়েছে। আবার সাইন ইন করুন।",
    ),
    "auth.refresh_reused": (
        "This session was ended because an old token was reused. Please sign in again.",
        "পুরোনো টোকেন পুনরায় ব্যবহৃত হওয়ায় সেশনটি বন্ধ করা হয়েছে। আবার সাইন ইন করুন।",
    ),
    "auth.session_revoked": (
        "The session has been signed out. Please sign in again.",
        "সেশনটি থেকে সাইন আউট করা হয়েছে। আবার সাইন ইন করুন।",
    ),
    "auth.mfa_invalid": (
        "The verification code is incorrect.",
        "যাচাইকরণ কোডটি সঠিক নয়।",
    ),
    "auth.mfa_replay": (
        "This verification code has already been used. Wait for the next code.",
        "এই যাচাইকরণ কোডটি আগেই ব্যবহার করা হয়েছে। পরবর্তী কোডের জন্য অপেক্ষা করুন।",
    ),
    "auth.recovery_code_invalid": (
        "The recovery code is incorrect or has already been used.",
        "রিকভারি কোডটি সঠিক নয় অথবা আগেই ব্যবহার করা হয়েছে।",
    ),
    "auth.api_key_invalid": (
        "The API key is invalid.",
        "এপিআই কি-টি বৈধ নয়।",
    ),
    "auth.api_key_revoked": (
        "The API key has been revoked.",
        "এপিআই কি-টি বাতিল করা হয়েছে।",
    ),
    "auth.api_key_expired": (
        "The API key has expired.",
        "এপিআই কি-এর মেয়াদ শেষ হয়েছে।",
    ),
    "auth.permission_invalid": (
        "The permission name is not valid (expected module.object.action).",
        "অনুমতির নামটি বৈধ নয় (module.object.action আকারে হতে হবে)।",
    ),
    "auth.permission_denied": (
        "You do not have permission to do this.",
        "এই কাজটি করার অনুমতি আপনার নেই।",
    ),
    "auth.reset_invalid": (
        "The password reset link is invalid or has expired. Ask for a new one.",
        "পাসওয়ার্ড রিসেট লিংকটি বৈধ নয় বা মেয়াদ শেষ। নতুন লিংক চান।",
    ),
    "auth.mfa_not_enrolled": (
        "Two-step verification is not set up for this account.",
        "এই অ্যাকাউন্টে দুই-ধাপ যাচাইকরণ চালু করা হয়নি।",
    ),
    "auth.limit_invalid": (
        "The amount limit must be a non-negative decimal amount.",
        "অর্থের সীমা একটি অ-ঋণাত্মক দশমিক সংখ্যা হতে হবে।",
    ),
    "auth.throttled": (  # raised with the wait in the message: domain/throttle.py
        "Too many failed sign-in attempts. Try again later.",
        "অনেকবার ভুল সাইন-ইন চেষ্টা হয়েছে। কিছুক্ষণ পরে আবার চেষ্টা করুন।",
    ),
    "auth.busy": (
        "Sign-in is busy right now. Try again in a few seconds.",
        "সাইন-ইন এখন ব্যস্ত। কয়েক সেকেন্ড পরে আবার চেষ্টা করুন।",
    ),
}


# HTTP status per code; anything not listed is 401 (an authentication refusal).
STATUS: dict[str, int] = {
    "auth.too_many_attempts": 429,
    "auth.throttled": 429,
    "auth.busy": 503,  # every password-hashing slot is taken (bounded memory): retry shortly
    "auth.password_policy": 422,
    "auth.permission_invalid": 422,
    "auth.limit_invalid": 422,
    "auth.permission_denied": 403,
    "auth.mfa_invalid": 422,
    "auth.mfa_replay": 422,
    "auth.mfa_not_enrolled": 422,
    "auth.recovery_code_invalid": 422,
}


class AuthError(DomainError):
    """A refusal with a stable machine code and a message in English and Bangla.

    A platform DomainError, so every edge renders it as `{code, message, message_bn, field, details}`.
    """

    def __init__(
        self,
        code: str,
        message: str,
        message_bn: str,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(code, message, message_bn, field, dict(details or {}))
        self.status = STATUS.get(code, 401)

    @classmethod
    def of(cls, code: str, *, field: str | None = None, **details: Any) -> AuthError:
        """Build the error for a catalogued `code` (messages from `MESSAGES`)."""
        message, message_bn = MESSAGES[code]
        return cls(code, message, message_bn, field=field, details=details)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "message_bn": self.message_bn,
            "field": self.field,
            "details": self.details,
        }

    def __repr__(self) -> str:
        return f"AuthError(code={self.code!r}, field={self.field!r}, details={self.details!r})"
