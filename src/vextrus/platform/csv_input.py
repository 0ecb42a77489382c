"""Reading uploaded CSV files strictly and within bounds (docs/security.md, "Imports: bounded and linear").

Python's `csv` module is forgiving in ways that lose data silently: an unterminated quote
swallows every following row into one field (and at the end of the file that is not even an
error), a stray quote inside a field is glued to its neighbours, and a field longer than
`csv.field_size_limit` raises a bare `_csv.Error` (an HTTP 500). Here:

- `decode` takes bytes as UTF-8 (a BOM is allowed) and refuses anything else with the line and
  byte of the first bad sequence, and refuses a file over the size limit; with `detect=True`
  (what `read_table`, the party/item import, uses) it also reads what spreadsheets write:
  UTF-16 LE/BE with a byte-order mark and Windows-1252 (Excel's "CSV" on Windows), and names
  a binary file (a workbook, a PDF, an image) or undecodable bytes instead of guessing;
- `read_rows` reads with `strict=True`, refuses a quoted field running over several lines
  unless the caller allows it (the usual sign of a missing closing quote), a NUL byte, an
  over-long field and more rows than the limit, always naming the line where the bad row
  starts.

Every refusal is a `ValidationFailed` with a code, an English and a Bangla message, the field
`file` and details (`line`, `limit`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import format_count, to_bangla_digits

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 50_000
MAX_FIELD = 100_000  # characters in one field (below the csv module's own 131,072)


def limits() -> tuple[int, int]:
    """(bytes, rows) one import may hold: settings `VEXTRUS_MAX_UPLOAD_BYTES` and
    `VEXTRUS_IMPORT_MAX_ROWS` of the running platform, else the defaults."""
    from vextrus.platform import runtime

    try:
        s = runtime.current().settings
    except Exception:  # no runtime (a pure unit test, a script)
        return DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS
    return (int(getattr(s, "max_upload_bytes", DEFAULT_MAX_BYTES)),
            int(getattr(s, "import_max_rows", DEFAULT_MAX_ROWS)))


def too_large(size: int, limit: int, field: str = "file") -> ValidationFailed:
    return ValidationFailed(
        "import_too_large", f"The file is too large ({size:,} bytes; at most {limit:,} bytes per import)",
        f"ফাইলটি অনেক বড় ({format_count(size, 'bn')} বাইট; এক ইমপোর্টে সর্বোচ্চ {format_count(limit, 'bn')} বাইট)", field=field,
        details={"size": size, "limit": limit})


def too_many_rows(limit: int, field: str = "file") -> ValidationFailed:
    return ValidationFailed(
        "import_too_many_rows", f"The file has more than {limit:,} rows; split it into smaller files",
        f"ফাইলে {format_count(limit, 'bn')}টির বেশি সারি আছে; ছোট ফাইলে ভাগ করুন", field=field, details={"limit": limit})


_SIGNATURES = (  # the start of files people upload by mistake instead of a CSV
    (b"PK\x03\x04", "an Excel workbook (XLSX) or ZIP archive", "একটি এক্সেল ওয়ার্কবুক (XLSX) বা ZIP ফাইল"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (XLS)", "একটি পুরোনো এক্সেল ওয়ার্কবুক (XLS)"),
    (b"%PDF", "a PDF document", "একটি PDF নথি"),
    (b"\x89PNG", "a PNG image", "একটি PNG ছবি"),
    (b"\xff\xd8\xff", "a JPEG image", "একটি JPEG ছবি"),
    (b"GIF8", "a GIF image", "একটি GIF ছবি"),
    (b"\x1f\x8b", "a gzip archive", "একটি gzip আর্কাইভ"),
)
_BOMS = (  # longest first: the UTF-32 LE mark begins with UTF-16 LE's
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"), (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
_CONTROLS = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r"}


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp1252"


def _not_text(what: str, what_bn: str, field: str) -> ValidationFailed:
    return ValidationFailed(
        "file_not_text", f"The file is {what}, not CSV text; in the spreadsheet choose Save As → \"CSV UTF-8\"",
        f"ফাইলটি {what_bn}, CSV লেখা নয়; স্প্রেডশিটে Save As → \"CSV UTF-8\" বেছে নিন", field=field,
        details={"kind": what})


def _undecodable(content: bytes, offset: int, tried: str, field: str) -> ValidationFailed:
    line = content[:offset].count(b"\n") + 1
    bad = content[offset:offset + 1].hex()
    return ValidationFailed(
        "file_not_utf8",
        f"The file is not readable as {tried} text (byte 0x{bad} on line {line}); save it as \"CSV UTF-8\"",
        f"ফাইলটির লেখা পড়া যায় না (লাইন {to_bangla_digits(str(line))}); ফাইলটি \"CSV UTF-8\" হিসেবে সংরক্ষণ করুন",
        field=field, details={"line": line, "offset": offset, "encoding": tried})


def _utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when the first bytes look like mostly-ASCII UTF-16 text (every other byte NUL)."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    odd = sum(1 for i in range(1, 2 * pairs, 2) if head[i] == 0)
    even = sum(1 for i in range(0, 2 * pairs, 2) if head[i] == 0)
    if odd >= 0.8 * pairs and even == 0:
        return "utf-16-le"
    if even >= 0.8 * pairs and odd == 0:
        return "utf-16-be"
    return None


def detect_encoding(content: bytes, field: str = "file") -> Decoded:
    """The text of an uploaded file in whichever encoding a spreadsheet wrote it: a byte-order mark
    decides (UTF-8, UTF-16 LE/BE, UTF-32); without one UTF-16 when every other byte is NUL, else
    UTF-8, else Windows-1252 (Excel's "CSV" on Windows) when the bytes are valid and hold no control
    characters. A workbook, PDF, image or archive is named; anything else is refused with the line
    and byte that could not be read (`file_not_utf8`)."""
    for magic, what, what_bn in _SIGNATURES:
        if content.startswith(magic):
            raise _not_text(what, what_bn, field)
    for bom, encoding, name in _BOMS:
        if content.startswith(bom):
            body = content[len(bom):]
            try:
                return Decoded(body.decode(encoding), "utf-8-sig" if encoding == "utf-8" else encoding)
            except UnicodeDecodeError as exc:
                raise _undecodable(content, exc.start + len(bom), name, field) from None
    guess = _utf16_without_bom(content[:4096])  # before UTF-8: ASCII in UTF-16 is valid UTF-8 full of NULs
    if guess is not None:
        try:
            return Decoded(content.decode(guess), guess)
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(content.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if b"\xff\xfe" in content or b"\xfe\xff" in content:  # a UTF-16 mark inside: files glued together
        raise _undecodable(content, first_bad, "UTF-8", field)
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d mean nothing in Windows-1252
        raise _undecodable(content, first_bad, "UTF-8", field) from None
    if any(ch in _CONTROLS for ch in text[:65536]):
        raise _not_text("binary data", "বাইনারি ডেটা", field)
    return Decoded(text, "cp1252")


def decode(content: bytes | str, *, max_bytes: int | None = None, field: str = "file", detect: bool = False) -> str:
    """The text of an uploaded file, at most `max_bytes` (settings): UTF-8 with or without a BOM,
    or with `detect` any encoding `detect_encoding()` recognises."""
    limit = limits()[0] if max_bytes is None else max_bytes
    size = len(content) if isinstance(content, bytes) else len(content.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise too_large(size, limit, field)
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    if detect:
        return detect_encoding(content, field).text
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[:exc.start].count(b"\n") + 1
        bad = content[exc.start:exc.start + 1].hex()
        raise ValidationFailed(
            "file_not_utf8",
            f"The file is not UTF-8 text (byte 0x{bad} on line {line}); save it as \"CSV UTF-8\"",
            f"ফাইলটি UTF-8 লেখা নয় (লাইন {to_bangla_digits(str(line))}); \"CSV UTF-8\" হিসেবে সংরক্ষণ করুন",
            field=field, details={"line": line, "offset": exc.start, "encoding": "utf-8"}) from None


def _bad(code: str, line: int, message: str, message_bn: str, field: str) -> ValidationFailed:
    return ValidationFailed(code, f"Line {line}: {message}", f"লাইন {to_bangla_digits(str(line))}: {message_bn}", field=field,
                            details={"line": line})


@dataclass(frozen=True, slots=True)
class Row:
    line: int  # line of the file where the row starts (1 = first line)
    cells: list[str]


def read_rows(text: str, *, max_rows: int | None = None, header: bool = False, multiline: bool = False,
              skip_blank: bool = True, field: str = "file") -> Iterator[Row]:
    """The non-blank rows of `text`, each with the line it starts on. Refuses (with that line) an
    unterminated or misplaced quote, a quoted field spanning lines unless `multiline`, a NUL byte,
    a field over `MAX_FIELD` characters, and more than `max_rows` (settings) rows, not counting
    the first row when it is a `header`."""
    limit = limits()[1] if max_rows is None else max_rows
    if header:
        limit += 1
    nul = text.find("\x00")
    if nul >= 0:  # Python 3.11+ reads NUL bytes into fields without a word
        raise _bad("csv_nul_byte", text.count("\n", 0, nul) + 1, "the file contains a NUL byte (is it really CSV?)",
                   "ফাইলে NUL বাইট আছে (এটি কি সত্যিই CSV?)", field)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    count = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            msg = str(exc)
            if "end of data" in msg or "EOF" in msg:
                raise _bad("csv_unterminated_quote", start,
                           "a quoted field is never closed (a missing closing \" swallows the rows after it)",
                           "একটি উদ্ধৃত ঘর বন্ধ হয়নি (শেষের \" নেই, তাই পরের সারিগুলো হারিয়ে যেত)", field) from None
            if "field larger" in msg:
                raise _bad("csv_field_too_long", start, f"a field is longer than {MAX_FIELD:,} characters",
                           f"একটি ঘর {format_count(MAX_FIELD, 'bn')} অক্ষরের চেয়ে লম্বা", field) from None
            raise _bad("csv_malformed", reader.line_num, f"not valid CSV ({msg}); check the quotes on this line",
                       "CSV সঠিক নয়; এই লাইনের উদ্ধৃতিচিহ্ন দেখুন", field) from None
        if not multiline and reader.line_num != start:
            raise _bad("csv_multiline_field", start,
                       f"a quoted field runs over lines {start}–{reader.line_num} (a missing closing \"?)",
                       f"একটি উদ্ধৃত ঘর লাইন {to_bangla_digits(f'{start}–{reader.line_num}')} জুড়ে (শেষের \" নেই?)", field)
        if any(len(c) > MAX_FIELD for c in cells):
            raise _bad("csv_field_too_long", start, f"a field is longer than {MAX_FIELD:,} characters",
                       f"একটি ঘর {format_count(MAX_FIELD, 'bn')} অক্ষরের চেয়ে লম্বা", field)
        if skip_blank and not any(c.strip() for c in cells):
            continue
        count += 1
        if count > limit:
            raise too_many_rows(limit - header, field)
        yield Row(start, cells)


@dataclass(frozen=True, slots=True)
class Table:
    header: list[str]
    rows: list[Row]  # data rows; cells padded/cut to the header is the caller's business


def read_table(content: bytes | str, *, max_bytes: int | None = None, max_rows: int | None = None,
               multiline: bool = False, field: str = "file", detect: bool = True) -> Table:
    """Decode (any encoding `detect_encoding()` recognises, unless `detect=False`: UTF-8 only) and read a CSV
    with a header row: at most `max_rows` data rows (settings)."""
    text = decode(content, max_bytes=max_bytes, field=field, detect=detect)
    it = read_rows(text, max_rows=max_rows, header=True, multiline=multiline, field=field)
    first = next(it, None)
    if first is None:
        return Table([], [])
    return Table([h.strip() for h in first.cells], list(it))
