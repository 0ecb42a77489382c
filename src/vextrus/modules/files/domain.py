"""Pure rules of the files module: what a file is (sniffed from its bytes, never its name), what a
display name may be, when a deleted file may be purged, and which object types files attach to.

No I/O here: the service feeds the first bytes of an upload to `sniff`, and asks `purge_due`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from vextrus.platform.errors import DomainError, NotFound, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits

SNIFF_BYTES = 4096  # how much of the start of a file `sniff` looks at


class FileRefused(ValidationFailed):
    """An upload the files module does not keep (too large, empty, an executable, infected)."""


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str  # the usual extension of that type (for download names), without a dot
    is_image: bool = False


_SIGNATURES: tuple[tuple[bytes, int, Sniffed], ...] = (
    (b"%PDF-", 0, Sniffed("application/pdf", "pdf")),
    (b"\x89PNG\r\n\x1a\n", 0, Sniffed("image/png", "png", True)),
    (b"\xff\xd8\xff", 0, Sniffed("image/jpeg", "jpg", True)),
    (b"GIF87a", 0, Sniffed("image/gif", "gif", True)),
    (b"GIF89a", 0, Sniffed("image/gif", "gif", True)),
    (b"II*\x00", 0, Sniffed("image/tiff", "tif")),
    (b"MM\x00*", 0, Sniffed("image/tiff", "tif")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, Sniffed("application/x-ole-storage", "doc")),  # old Office
    (b"\x1f\x8b", 0, Sniffed("application/gzip", "gz")),
    (b"7z\xbc\xaf\x27\x1c", 0, Sniffed("application/x-7z-compressed", "7z")),
    (b"Rar!\x1a\x07", 0, Sniffed("application/vnd.rar", "rar")),
)
_EXECUTABLE = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"#!")
OCTET = Sniffed("application/octet-stream", "bin")


def sniff(head: bytes) -> Sniffed:
    """The type of a file from its first bytes (`SNIFF_BYTES` of them suffice). The name a client
    sends is never asked: a `.pdf` that is a Windows program is refused as one."""
    if not head:
        raise FileRefused("file_empty", "The file is empty", "ফাইলটি খালি", field="file")
    if head.startswith(_EXECUTABLE):
        raise FileRefused("file_executable", "Programs and scripts cannot be attached",
                          "প্রোগ্রাম বা স্ক্রিপ্ট সংযুক্ত করা যায় না", field="file")
    for magic, offset, kind in _SIGNATURES:
        if head[offset:offset + len(magic)] == magic:
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image/webp", "webp", True)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(head)
    if _is_text(head):
        lowered = head[:512].lstrip().lower()
        if lowered.startswith((b"<svg", b"<?xml")) and b"<svg" in lowered:
            return Sniffed("image/svg+xml", "svg")  # served as a download only: scripts inside never run
        if lowered.startswith((b"<!doctype html", b"<html")):
            return Sniffed("text/html", "html")
        return Sniffed("text/plain", "txt")
    return OCTET


def _zip_kind(head: bytes) -> Sniffed:
    """Office files are zip archives: the first entries name what is inside."""
    if b"word/" in head:
        return Sniffed("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
    if b"xl/" in head:
        return Sniffed("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
    if b"ppt/" in head:
        return Sniffed("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")
    if b"mimetypeapplication/vnd.oasis.opendocument.text" in head:
        return Sniffed("application/vnd.oasis.opendocument.text", "odt")
    if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head:
        return Sniffed("application/vnd.oasis.opendocument.spreadsheet", "ods")
    return Sniffed("application/zip", "zip")


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return head.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 text carries NULs
    sample = head[:SNIFF_BYTES]
    for cut in range(4):  # the sample may end inside a multi-byte character
        try:
            sample[: len(sample) - cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f]")
MAX_NAME = 200


def display_name(name: str | None, sniffed: Sniffed) -> str:
    """The name shown and offered on download: the client's name without any path, control or
    reserved characters, at most 200 characters; never used as a path on disk or in a store."""
    raw = unicodedata.normalize("NFC", (name or "").strip())
    raw = raw.replace("\\", "/").rsplit("/", 1)[-1]
    clean = _UNSAFE.sub("_", raw).strip(" .")
    if not clean:
        clean = f"file.{sniffed.extension}"
    if len(clean) > MAX_NAME:
        stem, dot, ext = clean.rpartition(".")
        clean = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else clean[:MAX_NAME]
    return clean


_OBJECT_TYPE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def check_object_type(value: str) -> str:
    if not _OBJECT_TYPE.match(value or ""):
        raise ValidationFailed("object_type_invalid", f"'{value}' is not an object type like finance.journal_entry",
                               f"'{value}' কোনো অবজেক্ট টাইপ নয় (যেমন finance.journal_entry)", field="object_type")
    return value


def too_large(size: int, limit: int) -> FileRefused:
    mib = f"{limit / 1048576:.3g} MiB"
    size_bn = f"{to_bangla_digits(f'{limit / 1048576:.3g}')} মেবিবাইট"
    return FileRefused("file_too_large", f"The file is larger than {mib}", f"ফাইলটি {size_bn} এর চেয়ে বড়",
                       field="file", details={"limit": limit, "received_at_least": size})


def not_accepted(sniffed: Sniffed, accept: Collection[str]) -> FileRefused:
    """A file of a type the attaching module does not take (a PDF where photos are asked)."""
    return FileRefused("file_type_not_accepted", f"A file of type {sniffed.content_type} cannot be attached here",
                       "এই ধরনের ফাইল এখানে সংযুক্ত করা যায় না", field="file",
                       details={"content_type": sniffed.content_type, "accepted": sorted(accept)})


def purge_due(deleted_at: datetime | None, retention: timedelta, now: datetime) -> bool:
    """A soft-deleted file is kept (restorable) for the retention period, then purged."""
    return deleted_at is not None and now - deleted_at >= retention


class FileMissing(NotFound):
    """A file (or a version of it) that does not exist in this tenant, or is deleted, or belongs to
    another company: the same answer for each, so nothing is learned by asking."""

    def __init__(self, key: object, version: int | None = None, field: str = "file_id"):
        what, what_bn = ("file version", "ফাইলের সংস্করণ") if version else ("file", "ফাইল")
        shown = f"{key} v{version}" if version else str(key)
        DomainError.__init__(self, "not_found", f"{what} '{shown}' was not found", f"{what_bn} '{shown}' পাওয়া যায়নি",
                             field=field, details={"object": what, "key": shown})


class Infected(DomainError):
    status = 422

    def __init__(self, signature: str):
        super().__init__("file_infected", f"The file carries a virus ({signature}) and was not kept",
                         "ফাইলটিতে ভাইরাস পাওয়া গেছে; রাখা হয়নি", field="file",
                         details={"signature": signature})


SCAN_STATUSES = ("clean", "infected", "not_scanned", "error")
