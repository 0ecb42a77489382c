"""Webhooks: the event as JSON, signed with the endpoint's secret (HMAC-SHA256), POSTed once per try.
Any 2xx is success; anything else (or no answer) is a failure to retry."""

from __future__ import annotations

import urllib.error
import urllib.request

from ..domain import signing
from . import SendFailed


def post(url: str, secret: str, body: bytes, delivery_id: str, event: str, timestamp: int, timeout: float) -> None:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        signing.SIGNATURE_HEADER: signing.sign(secret, timestamp, body),
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.DELIVERY_HEADER: delivery_id,
        signing.EVENT_HEADER: event,
        "User-Agent": "Vextrus-Webhooks/1",
    }
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the administrator's endpoint
            if not 200 <= resp.status < 300:
                raise SendFailed(f"HTTP {resp.status}", "webhook")
    except urllib.error.HTTPError as exc:
        raise SendFailed(f"HTTP {exc.code}", "webhook") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise SendFailed(str(exc), "webhook") from exc
