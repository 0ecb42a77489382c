"""Where a webhook may point: the public internet only, unless the deployment says otherwise.

A tenant administrator types the URL, and the server makes the request: without this rule a webhook
could reach the machine itself or its private network (the database on 127.0.0.1:5432, a cloud's
metadata service on 169.254.169.254, an admin panel on 10.x) — server-side request forgery (OWASP
A10:2021). Pure: the caller resolves the host name and passes the addresses."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable


def refused_address(addresses: Iterable[str]) -> str | None:
    """The first address a webhook may not reach (loopback, private, link-local, carrier-grade NAT,
    multicast, reserved or unspecified, including IPv4 written inside IPv6), or None when all are public."""
    for raw in addresses:
        ip = ipaddress.ip_address(raw.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") is not part of it
        if isinstance(ip, ipaddress.IPv6Address) and (ip.ipv4_mapped or ip.sixtofour):
            ip = ip.ipv4_mapped or ip.sixtofour
        if not ip.is_global or ip.is_multicast:
            return str(ip)
    return None


_EMAIL = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+")


def valid_email(address: str) -> bool:
    """One plain address (local@domain.tld, at most 254 characters): no display name, no list, no header
    injection (no line breaks, commas or angle brackets)."""
    return len(address) <= 254 and _EMAIL.fullmatch(address) is not None
