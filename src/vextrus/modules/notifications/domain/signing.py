"""Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>", so a receiver can check both the sender and
that an old request is not replayed (it compares the timestamp with its clock)."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Vextrus-Signature"
TIMESTAMP_HEADER = "X-Vextrus-Timestamp"
DELIVERY_HEADER = "X-Vextrus-Delivery"  # the receiver's idempotency key: the same on every retry
EVENT_HEADER = "X-Vextrus-Event"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify(secret: str, timestamp: int, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)
