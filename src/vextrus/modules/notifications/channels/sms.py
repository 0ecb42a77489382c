"""SMS behind a provider interface, with failover: the providers are tried in order and the first that
accepts the message wins. Two HTTP adapters:

- `JsonGateway` — a JSON API that concatenates long texts itself: one request with the whole text,
  its encoding and the number of parts it will cost.
- `FormGateway` — a form-encoded API that sends what it is given as one SMS: one request per part
  (67 UCS-2 / 153 GSM-7 units each), with the part number, the count and a reference shared by the parts
  so the handset joins them.

Every request carries the delivery id as the client reference, so a gateway that keeps references does
not send a retried message twice."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from ..domain.sms import Segmented, segment
from . import SendFailed


class SmsProvider(Protocol):
    name: str

    def send(self, to: str, text: str, reference: str) -> Segmented: ...


def _post(url: str, data: bytes, headers: dict[str, str], timeout: float, provider: str) -> bytes:
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - configured provider URL
            return resp.read()
    except urllib.error.HTTPError as exc:
        raise SendFailed(f"{provider}: HTTP {exc.code}", provider) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise SendFailed(f"{provider}: {exc}", provider) from exc


@dataclass
class JsonGateway:
    name: str
    url: str
    key: str = ""
    sender: str = "VEXTRUS"
    timeout: float = 10.0

    def send(self, to: str, text: str, reference: str) -> Segmented:
        seg = segment(text)
        body = json.dumps({"to": to, "from": self.sender, "text": text, "encoding": seg.encoding,
                           "parts": seg.count, "reference": reference}, ensure_ascii=False).encode()
        _post(self.url, body, {"Content-Type": "application/json; charset=utf-8",
                               "Authorization": f"Bearer {self.key}"}, self.timeout, self.name)
        return seg


@dataclass
class FormGateway:
    name: str
    url: str
    key: str = ""
    sender: str = "VEXTRUS"
    timeout: float = 10.0

    def send(self, to: str, text: str, reference: str) -> Segmented:
        seg = segment(text)
        for i, part in enumerate(seg.parts, start=1):
            form = {"api_key": self.key, "senderid": self.sender, "number": to, "message": part,
                    "type": "unicode" if seg.encoding == "ucs2" else "text", "ref": reference,
                    "part": str(i), "total": str(seg.count)}
            _post(self.url, urllib.parse.urlencode(form).encode(),
                  {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, self.timeout, self.name)
        return seg


ADAPTERS = {"json": JsonGateway, "form": FormGateway}


def providers_from(config: Any) -> list[SmsProvider]:
    out: list[SmsProvider] = []
    for i, p in enumerate(config.sms_providers):
        cls = ADAPTERS[p.get("kind", "json")]
        out.append(cls(name=p.get("name") or f"sms{i + 1}", url=p["url"], key=p.get("key", ""),
                       sender=p.get("sender") or config.sms_sender, timeout=config.timeout_seconds))
    return out


def send_with_failover(providers: list[SmsProvider], to: str, text: str, reference: str) -> tuple[str, Segmented]:
    """The first provider that accepts the message: (its name, the parts). SendFailed naming every failure
    when none does."""
    if not providers:
        raise SendFailed("SMS is not configured (VEXTRUS_NOTIFY_SMS_PROVIDERS)", "sms")
    errors = []
    for p in providers:
        try:
            return p.name, p.send(to, text, reference)
        except SendFailed as exc:
            errors.append(str(exc))
    raise SendFailed("; ".join(errors), providers[-1].name)
