"""Webhooks: the event as JSON, signed with the endpoint's secret (HMAC-SHA256), POSTed once per try.
Any 2xx is success; anything else (or no answer) is a failure to retry. The host is resolved and
checked before each try (domain.addresses: no private or local address unless allowed), and a
redirect is a failure, not followed: either could otherwise lead the server to its own network."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from ..domain import signing
from ..domain.addresses import refused_address
from . import SendFailed


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201, PLR0913
        raise SendFailed(f"HTTP {code}: redirects are not followed", "webhook")


_opener = urllib.request.build_opener(_NoRedirects)


def host_addresses(url: str) -> list[str]:
    """The IP addresses the URL's host resolves to (a literal address is itself)."""
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80),
                                   proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise SendFailed(f"host not found: {exc}", "webhook") from exc
    return sorted({str(info[4][0]) for info in infos})


def check_reachable(url: str, allow_private: bool) -> None:
    if allow_private:
        return
    bad = refused_address(host_addresses(url))
    if bad is not None:
        raise SendFailed(f"address {bad} is on this machine or a private network: not allowed", "webhook")


def post(url: str, secret: str, body: bytes, delivery_id: str, event: str, timestamp: int, timeout: float,
         allow_private: bool = False) -> None:
    check_reachable(url, allow_private)
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
        with _opener.open(req, timeout=timeout) as resp:  # the administrator's endpoint, checked above
            if not 200 <= resp.status < 300:
                raise SendFailed(f"HTTP {resp.status}", "webhook")
    except urllib.error.HTTPError as exc:
        raise SendFailed(f"HTTP {exc.code}", "webhook") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise SendFailed(str(exc), "webhook") from exc
