"""Reading an uploaded CSV or XLSX file within bounds, row by row.

CSV goes through `platform.csv_input` (the one strict reader: encodings detected — UTF-8 with or
without a BOM, UTF-16 LE/BE with a BOM, Windows-1252 as Excel on Windows writes it —, quotes, NUL
bytes, over-long fields and the row limit, each refused with its line). XLSX is read with openpyxl
in read-only mode: the sheet's XML is parsed as a stream, one row at a time, so a large workbook
is never loaded whole; the first sheet is read, its first non-blank row is the header. An old
binary Excel file (XLS), a PDF or an image is refused in words. The size limit is checked before
anything is parsed, the row limit while reading (`VEXTRUS_MAX_UPLOAD_BYTES`,
`VEXTRUS_IMPORT_MAX_ROWS`)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Literal

from vextrus.platform import csv_input
from vextrus.platform.errors import ValidationFailed

MAX_COLUMNS = 200  # columns of one row read (a sheet wider than that is cut: no target has that many fields)
Format = Literal["csv", "xlsx"]


@dataclass
class Sheet:
    format: Format
    encoding: str | None  # CSV: the encoding detected; XLSX: None (the workbook says)
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line or sheet row, cells as text), blank rows skipped


def sniff_format(content: bytes, name: str | None = None) -> Format:
    """By the bytes, not the name: a ZIP (XLSX) or text (CSV); an XLS, PDF or image is refused in words."""
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationFailed(
            "interchange.xls_not_supported",
            "This is an old Excel workbook (XLS); in Excel choose Save As → \"Excel Workbook (.xlsx)\" or \"CSV UTF-8\"",
            "এটি পুরোনো এক্সেল ওয়ার্কবুক (XLS); এক্সেলে Save As → \"Excel Workbook (.xlsx)\" বা \"CSV UTF-8\" বেছে নিন",
            field="file")
    return "csv"


def read_sheet(content: bytes, name: str | None = None, *, max_bytes: int | None = None,
               max_rows: int | None = None, header_only: bool = False) -> Sheet:
    """The header and data rows of an uploaded file (CSV or XLSX by its bytes), refused in words when it
    is too large, has too many rows, or cannot be read. `header_only`: stop after the header (the
    mapping screen needs no more)."""
    limit_bytes, limit_rows = csv_input.limits()
    limit_bytes = limit_bytes if max_bytes is None else max_bytes
    limit_rows = limit_rows if max_rows is None else max_rows
    if len(content) > limit_bytes:
        raise csv_input.too_large(len(content), limit_bytes)
    if not content.strip():
        raise _empty()
    if sniff_format(content, name) == "xlsx":
        return _read_xlsx(content, limit_rows, header_only)
    decoded = csv_input.detect_encoding(content)
    it = csv_input.read_rows(decoded.text, max_rows=limit_rows, header=True)
    first = next(it, None)
    if first is None:
        raise _empty()
    header = [h.strip() for h in first.cells[:MAX_COLUMNS]]
    if header_only:
        return Sheet("csv", decoded.encoding, header, [])
    return Sheet("csv", decoded.encoding, header, [(r.line, r.cells[:MAX_COLUMNS]) for r in it])


def _empty() -> ValidationFailed:
    return ValidationFailed("interchange.file_empty", "The file is empty: it needs a header row and data rows",
                            "ফাইলটি খালি: একটি শিরোনাম সারি ও তথ্যের সারি লাগবে", field="file")


def cell_text(value: Any) -> str:
    """A cell as the text a user typed: 42.0 → "42", a date → 2026-12-04, a time → 10:30:00."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(content: bytes, limit_rows: int, header_only: bool = False) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ValidationFailed(
            "interchange.xlsx_unreadable", "The file is not a readable Excel workbook (XLSX); save it again from Excel",
            "ফাইলটি পড়া যায় এমন এক্সেল ওয়ার্কবুক (XLSX) নয়; এক্সেল থেকে আবার সংরক্ষণ করুন", field="file",
            details={"reason": type(exc).__name__}) from None
    try:
        ws = book.worksheets[0]
        found = next(_xlsx_rows(ws, 1, MAX_COLUMNS), None)
        if found is None:
            raise _empty()
        number, header = found
        while header and not header[-1]:
            header.pop()
        data: list[tuple[int, list[str]]] = []
        if not header_only:  # the data rows, read no wider than the header (and a few cells for stray ones)
            for row in _xlsx_rows(ws, number + 1, min(MAX_COLUMNS, len(header) + 5)):
                if len(data) >= limit_rows:
                    raise csv_input.too_many_rows(limit_rows)
                data.append(row)
        return Sheet("xlsx", None, header, data)
    finally:
        book.close()


def _xlsx_rows(ws: Any, first: int, width: int) -> Iterator[tuple[int, list[str]]]:
    for number, values in enumerate(ws.iter_rows(min_row=first, max_col=width, values_only=True), start=first):
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            yield number, cells
