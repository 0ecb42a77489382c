"""Webhooks: the event as JSON, signed with the endpoint's secret (HMAC-SHA256), POSTed once per try.
Any 2xx is success; anything else (or no answer) is a failure to retry. The host is resolved and
checked before each try (domain.addresses: no private or local address unless allowed), and the
connection goes to an address that was checked (pinned: the name is not resolved a second time, so a DNS
server answering differently a moment later cannot lead the request inside; TLS still verifies the
certificate against the URL's host name). A redirect is a failure, not followed: either could otherwise lead
the server to its own network. Through a proxy (`HTTP(S)_PROXY`) the proxy connects, and nothing is pinned."""

from __future__ import annotations

import functools
import http.client
import socket
import ssl
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from ..domain import signing
from ..domain.addresses import refused_address
from . import SendFailed


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201, PLR0913
        raise SendFailed(f"HTTP {code}: redirects are not followed", "webhook")


_opener = urllib.request.build_opener(_NoRedirects)


def _connect(addresses: list[str], port: int, timeout: Any, source: Any) -> socket.socket:
    """A connection to the first of the checked addresses that answers."""
    last: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout, source)
        except OSError as exc:
            last = exc
    raise last or OSError("no address to connect to")


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, *args: Any, pinned: list[str], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._pinned = pinned

    def connect(self) -> None:
        self.sock = _connect(self._pinned, self.port, self.timeout, self.source_address)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, *args: Any, pinned: list[str], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._pinned = pinned

    def connect(self) -> None:
        sock = _connect(self._pinned, self.port, self.timeout, self.source_address)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # the certificate of the URL's host


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, pinned: list[str]) -> None:
        super().__init__()
        self.pinned = pinned

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(functools.partial(_PinnedHTTP, pinned=self.pinned), req)


def _tls_context() -> ssl.SSLContext:
    """The system's trusted authorities, the host name checked (tests trust their own authority here)."""
    return ssl.create_default_context()


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, pinned: list[str]) -> None:
        super().__init__(context=_tls_context())
        self.pinned = pinned

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(functools.partial(_PinnedHTTPS, pinned=self.pinned), req, context=self._context)


def _pinned_opener(addresses: list[str]) -> urllib.request.OpenerDirector:
    ordered = sorted(addresses, key=lambda a: ":" in a)  # IPv4 first
    return urllib.request.build_opener(_NoRedirects, urllib.request.ProxyHandler({}), _PinnedHTTPHandler(ordered),
                                       _PinnedHTTPSHandler(ordered))


def host_addresses(url: str) -> list[str]:
    """The IP addresses the URL's host resolves to (a literal address is itself)."""
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80),
                                   proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise SendFailed(f"host not found: {exc}", "webhook") from exc
    return sorted({str(info[4][0]) for info in infos})


def check_reachable(url: str, allow_private: bool) -> list[str]:
    """The URL host's addresses, all checked (none when private ones are allowed: nothing to pin)."""
    if allow_private:
        return []
    addresses = host_addresses(url)
    bad = refused_address(addresses)
    if bad is not None:
        raise SendFailed(f"address {bad} is on this machine or a private network: not allowed", "webhook")
    return addresses


def post(url: str, secret: str, body: bytes, delivery_id: str, event: str, timestamp: int, timeout: float,
         allow_private: bool = False) -> None:
    checked = check_reachable(url, allow_private)
    proxied = bool(urllib.request.getproxies().get(urlsplit(url).scheme)) and not urllib.request.proxy_bypass(
        urlsplit(url).hostname or "")
    opener = _pinned_opener(checked) if checked and not proxied else _opener
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
        with opener.open(req, timeout=timeout) as resp:  # the administrator's endpoint, checked above
            if not 200 <= resp.status < 300:
                raise SendFailed(f"HTTP {resp.status}", "webhook")
    except urllib.error.HTTPError as exc:
        raise SendFailed(f"HTTP {exc.code}", "webhook") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise SendFailed(str(exc), "webhook") from exc
