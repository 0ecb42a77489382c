"""TOTP second factor (RFC 6238 via pyotp) and single-use recovery codes.

A code is accepted within one step either side of now (clock drift), and only for a step
later than the last one accepted for that user, so a code seen over a shoulder cannot be
replayed. Recovery codes carry 80 random bits each, so a sha256 of them is safe to store.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import pyotp

from .clock import require_aware
from .errors import AuthError

DEFAULT_ISSUER = "Vextrus"
DIGITS = 6
INTERVAL = 30  # seconds
WINDOW = 1  # steps accepted either side of now
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely


def new_totp_secret() -> str:
    """A 160-bit base32 secret (the RFC 4226 recommended length)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, account_name: str, issuer: str = DEFAULT_ISSUER) -> str:
    """The `otpauth://` URI an authenticator app enrols from."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).provisioning_uri(
        name=account_name, issuer_name=issuer
    )


def qr_svg(uri: str) -> str:
    """The URI as a standalone SVG QR code (pure Python, no Pillow)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


def current_step(now: datetime, interval: int = INTERVAL) -> int:
    return int(require_aware(now).timestamp()) // interval


def totp_code(secret: str, step: int) -> str:
    """The code for a given time step (for tests and enrolment previews)."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).generate_otp(step)


def verify_totp(
    secret: str,
    code: str,
    *,
    now: datetime,
    last_used_step: int | None,
    window: int = WINDOW,
) -> int:
    """Return the matched time step (store it as the new `last_used_step`).

    Raises `auth.mfa_invalid` for a wrong code and `auth.mfa_replay` for a code whose step
    is not after `last_used_step`.
    """
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        raise AuthError.of("auth.mfa_invalid", field="code")
    now_step = current_step(now)
    matched: int | None = None
    for step in range(now_step - window, now_step + window + 1):
        if hmac.compare_digest(totp_code(secret, step), code):
            matched = step  # keep scanning: constant work, and prefer the latest step
    if matched is None:
        raise AuthError.of("auth.mfa_invalid", field="code")
    if last_used_step is not None and matched <= last_used_step:
        raise AuthError.of("auth.mfa_replay", field="code")
    return matched


# ---------------------------------------------------------------- recovery codes


@dataclass(frozen=True)
class RecoveryCode:
    code_hash: str
    used_at: datetime | None = None

    @property
    def used(self) -> bool:
        return self.used_at is not None


def normalize_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_recovery_code(code: str) -> str:
    return hashlib.sha256(normalize_recovery_code(code).encode("ascii", "ignore")).hexdigest()


def generate_recovery_codes(
    count: int = RECOVERY_CODE_COUNT,
) -> tuple[list[str], tuple[RecoveryCode, ...]]:
    """Plaintext codes to show once (`XXXX-XXXX-XXXX-XXXX`) and the records to store."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes, tuple(RecoveryCode(hash_recovery_code(c)) for c in codes)


def redeem_recovery_code(
    records: Sequence[RecoveryCode], code: str, now: datetime
) -> tuple[RecoveryCode, ...]:
    """Mark the matching unused code as used and return the new records.

    Raises `auth.recovery_code_invalid` when no unused code matches (wrong or used before).
    """
    presented = hash_recovery_code(code)
    hit: int | None = None
    for i, record in enumerate(records):
        if hmac.compare_digest(record.code_hash, presented) and not record.used:
            hit = i
    if hit is None:
        raise AuthError.of("auth.recovery_code_invalid", field="code")
    updated = list(records)
    updated[hit] = replace(records[hit], used_at=require_aware(now))
    return tuple(updated)


def remaining_recovery_codes(records: Sequence[RecoveryCode]) -> int:
    return sum(1 for r in records if not r.used)
