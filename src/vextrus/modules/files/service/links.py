"""Download links that expire: presigned by the S3 store itself, or signed by this application (local
disk) as `/api/v1/files/links/<token>`. A link is a capability like a presigned S3 URL: whoever holds
it may fetch that one version until it expires, so it is handed out only after the permission checks
of `open_version`. The token carries what it needs (the content key, name, type, expiry) under an
HMAC of the instance's secret, so serving it reads no row."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from vextrus.platform import clock, runtime
from vextrus.platform.errors import DomainError

from .. import config
from ..schemas import DownloadLink
from ..storage import expiry
from .attachments import open_version


class LinkExpired(DomainError):
    status = 410

    def __init__(self) -> None:
        super().__init__("link_expired", "This download link has expired; open the file again for a new one",
                         "এই ডাউনলোড লিংকের মেয়াদ শেষ; নতুন লিংকের জন্য ফাইলটি আবার খুলুন", field="token")


class LinkInvalid(DomainError):
    status = 404

    def __init__(self) -> None:
        super().__init__("link_invalid", "This download link is not valid", "এই ডাউনলোড লিংকটি সঠিক নয়",
                         field="token")


def _secret() -> bytes:
    key = runtime.current().settings.resolved_secret_key().encode()
    return hmac.new(key, b"vextrus.files.links", hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def download_link(file_id: UUID, number: int | None = None, seconds: int | None = None) -> DownloadLink:
    content = open_version(file_id, number)  # permission checks: files.file.view + the owner's view
    seconds = min(seconds or config.files_settings().link_seconds, 7 * 24 * 3600)
    until = expiry(seconds)
    v = content.version
    direct = config.store().presigned_url(content.storage_key, seconds, v.name, v.content_type)
    if direct:
        return DownloadLink(url=direct, expires_at=until, direct=True)
    body = _b64(json.dumps({"k": content.storage_key, "n": v.name, "c": v.content_type,
                            "e": int(until.timestamp())}, separators=(",", ":")).encode())
    sig = _b64(hmac.new(_secret(), body.encode(), hashlib.sha256).digest())
    return DownloadLink(url=f"/api/v1/files/links/{body}.{sig}", expires_at=until, direct=False)


@dataclass(frozen=True)
class LinkTarget:
    storage_key: str
    name: str
    content_type: str
    expires_at: datetime


def resolve(token: str) -> LinkTarget:
    body, _, sig = token.partition(".")
    try:
        good = hmac.compare_digest(_unb64(sig), hmac.new(_secret(), body.encode(), hashlib.sha256).digest())
        data = json.loads(_unb64(body)) if good else None
    except (ValueError, json.JSONDecodeError):
        data = None
    if not data:
        raise LinkInvalid()
    until = datetime.fromtimestamp(int(data["e"]), UTC)
    if clock.now() >= until:
        raise LinkExpired()
    return LinkTarget(data["k"], data["n"], data["c"], until)
