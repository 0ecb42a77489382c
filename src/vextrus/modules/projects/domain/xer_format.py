"""Primavera P6 XER file format: tables of tab-separated rows.

``ERMHDR`` header line, then per table ``%T name``, ``%F`` field names, ``%R``
rows, and a final ``%E``. This module only reads and writes that container;
:mod:`.xer` maps its tables to a schedule network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vextrus.platform.errors import ValidationFailed

KNOWN_TABLES = frozenset(
    {"PROJECT", "PROJWBS", "TASK", "TASKPRED", "CALENDAR", "RSRC", "TASKRSRC",
     "ACTVTYPE", "ACTVCODE", "TASKACTV", "SCHEDOPTIONS", "CURRTYPE", "UMEASURE", "RSRCRATE"}
)


_BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


def bn_digits(v: object) -> str:
    return str(v).translate(_BN_DIGITS)


class XerError(ValidationFailed, ValueError):
    """A malformed XER file; names the file, table, line and field when it can, in English and
    (``bn``, the reason in Bangla) Bangla. ``field`` is "TABLE line N field" (the XER column),
    ``details`` holds each part."""

    def __init__(self, message: str, table: str | None = None, line: int | None = None,
                 column: str | None = None, file: str | None = None, bn: str | None = None):
        self.table, self.line, self.column, self.file, self.reason = table, line, column, file, message
        self.bn = bn or "ফাইলটি পড়া গেল না"
        parts = (file and f"file {file}", table and f"table {table}", line and f"line {line}",
                 column and f"field {column}")
        where = ", ".join(x for x in parts if x)
        # the file's name, the XER table and column (TASK, task_code) as written in the file
        name, table_code, column_code = file, table, column
        parts_bn = (name and f"ফাইল {name}", table_code and f"টেবিল {table_code}",
                    line and f"লাইন {bn_digits(line)}", column_code and f"ঘর {column_code}")
        where_bn = ", ".join(x for x in parts_bn if x)
        text = f"{message} ({where})" if where else message
        text_bn = f"XER ফাইল সঠিক নয়: {self.bn}" + (f" ({where_bn})" if where_bn else "")
        field = " ".join(x for x in (table, line and f"line {line}", column) if x) or None
        super().__init__("xer_invalid", text, text_bn, field,
                         {"file": file, "table": table, "line": line, "field": column})

    def at(self, table: str | None, line: int | None, column: str | None) -> XerError:
        """The same reason at this table, line and field."""
        return XerError(self.reason, table, line, column, self.file, self.bn)

    def in_file(self, file: str) -> XerError:
        """The same error naming the file it came from."""
        return XerError(self.reason, self.table, self.line, self.column, file, self.bn)


class XerNote(str):
    """A warning about a row that was read differently or left out: its text (``bn`` in Bangla),
    table and line."""

    table: str | None
    line: int | None
    bn: str

    def __new__(cls, text: str, table: str | None = None, line: int | None = None, bn: str = "") -> XerNote:
        note = super().__new__(cls, text)
        note.table, note.line, note.bn = table, line, bn
        return note


@dataclass
class XerTable:
    name: str
    fields: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # source line of each row (1-based)

    def add(self, values: dict[str, object]) -> None:
        self.rows.append({f: _cell(values.get(f)) for f in self.fields})
        self.lines.append(0)


@dataclass
class XerDocument:
    header: list[str]
    tables: dict[str, XerTable]
    warnings: list[str] = field(default_factory=list)
    encoding: str = "cp1252"

    def table(self, name: str) -> XerTable | None:
        return self.tables.get(name)


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Y" if v else "N"
    if isinstance(v, float):
        return f"{v:g}" if v != int(v) else str(int(v))
    return str(v)


CODE_PAGES = ("cp1252", "cp1251", "cp1250")  # P6 writes the exporting PC's ANSI code page


def _implausible(text: str) -> int:
    """How unlikely ``text`` is as a decoding: replacement characters, symbols inside words, words
    mixing Latin and Cyrillic letters ("Bйton": cp1252 read as cp1251) and words made mostly of
    accented letters ("Ñâàè": cp1251 read as cp1252)."""
    score = 0
    for word in text.split():
        if word.isascii():
            continue
        latin = cyr = accented = letters = 0
        for ch in word:
            if ch == "\ufffd":
                score += 4
            elif ch.isascii():
                letters += ch.isalpha()
                latin += ch.isalpha()
            elif ch.isalpha():
                letters += 1
                if "\u0400" <= ch <= "\u04ff":
                    cyr += 1
                else:
                    latin += 1
                    accented += 1
            elif ch not in "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u00a0\u00b0\u00ab\u00bb":
                score += 2  # a symbol such as ³ ¹ ¿ £ inside a word
        if latin and cyr:
            score += 5
        elif accented >= 3 and accented == letters:
            score += 3
    return score


def guess_code_page(data: bytes) -> str:
    """The ANSI code page that reads ``data`` most plausibly (cp1252 on a tie)."""
    high = b"\n".join(ln for ln in data.split(b"\n") if not ln.isascii())
    return min(CODE_PAGES, key=lambda cp: (_implausible(high.decode(cp, "replace")), CODE_PAGES.index(cp)))


def decode_xer(data: bytes) -> tuple[str, str, dict[int, tuple[str, str]]]:
    """Decode as P6 and MPXJ do: the header declares nothing reliable, so UTF-8 (with or without a
    BOM) when the file is UTF-8, else the code page that reads it best. A line the chosen encoding
    cannot read is read with replacement characters (or, in a UTF-8 file, in the code page), and
    noted: returns (text, encoding, {line number: (note, note in Bangla)})."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", {}
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise XerError("binary data (NUL byte): not an XER text file", line=line,
                       bn="বাইনারি ডেটা (NUL বাইট): এটি XER টেক্সট ফাইল নয়")
    try:
        return data.decode("utf-8-sig"), "utf-8", {}
    except UnicodeDecodeError:
        pass
    raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    lines = raw.split(b"\n")
    good = bad = 0
    for ln in lines:
        if not ln.isascii():
            try:
                ln.decode("utf-8")
                good += 1
            except UnicodeDecodeError:
                bad += 1
    notes: dict[int, tuple[str, str]] = {}
    out = []
    if good and good >= bad:  # a UTF-8 file with a few lines in another code page (often in tables Vextrus ignores)
        cp = guess_code_page(b"\n".join(ln for ln in lines if not _is_utf8(ln)))
        for no, ln in enumerate(lines, 1):
            if _is_utf8(ln):
                out.append(ln.decode("utf-8"))
            else:
                out.append(ln.decode(cp, "replace"))
                page_code = cp  # the code page's name (cp1252)
                notes[no] = (f"line is not UTF-8 like the rest of the file: read as {cp}",
                             f"লাইনটি বাকি ফাইলের মতো ইউনিকোড (UTF-8) নয়: {page_code} হিসেবে পড়া হয়েছে")
        return "\n".join(out), "utf-8", notes
    cp = guess_code_page(raw)
    for no, ln in enumerate(lines, 1):
        try:
            out.append(ln.decode(cp))
        except UnicodeDecodeError as exc:
            out.append(ln.decode(cp, "replace"))
            byte_code, page_code = f"0x{ln[exc.start]:02x}", cp  # the byte in hex; the code page's name
            notes[no] = (f"byte 0x{ln[exc.start]:02x} is not a {cp} character: read as \ufffd",
                         f"বাইট {byte_code} {page_code}-এর কোনো অক্ষর নয়: \ufffd হিসেবে পড়া হয়েছে")
    return "\n".join(out), cp, notes


def _is_utf8(b: bytes) -> bool:
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def read_xer(data: bytes | str) -> XerDocument:
    """Parse XER text or bytes as leniently as P6 and MPXJ read them: every oddity that loses
    nothing the schedule uses becomes a warning (``XerNote``); raises XerError (naming table and
    line) only for a file that is not XER, is truncated, or has a used table it cannot split."""
    if isinstance(data, bytes):
        text, enc, bad_lines = decode_xer(data)
    else:
        text, enc, bad_lines = data, "utf-8", {}
    lines = text.split("\n")
    warnings: list[str] = []
    first = next((k for k, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        raise XerError("the file is empty", line=1, bn="ফাইলটি খালি")
    head = lines[first].lstrip("\ufeff").rstrip("\r")
    if head.startswith("ERMHDR"):
        header = head.split("\t")
        first += 1
    elif head.startswith("%T"):
        header = ["ERMHDR"]
        warnings.append(XerNote("no ERMHDR header line (the file was not written by P6): read as XER", None,
                                first + 1, "ERMHDR শিরোনাম-লাইন নেই (ফাইলটি P6-এর লেখা নয়): XER হিসেবে পড়া হয়েছে"))
    else:
        raise XerError("not an XER file: it starts with neither ERMHDR nor %T", line=first + 1,
                       bn="এটি XER ফাইল নয়: ERMHDR বা %T দিয়ে শুরু হয়নি")
    tables: dict[str, XerTable] = {}
    cur: XerTable | None = None
    skip = False  # inside a second copy of a table with other fields
    pending: tuple[list[str], int] | None = None  # a short row that may continue on the next line
    ended = False

    def finish_row() -> None:
        nonlocal pending
        if pending is None or cur is None:
            return
        vals, at = pending
        pending = None
        nf = len(cur.fields)
        if len(vals) > nf:
            if any(v.strip() for v in vals[nf:]):
                if cur.name in KNOWN_TABLES:
                    raise XerError(f"row has {len(vals)} fields, expected {nf}", table=cur.name, line=at,
                                   bn=f"সারিতে {bn_digits(len(vals))}টি ঘর, থাকার কথা {bn_digits(nf)}টি")
                warnings.append(XerNote(f"row has {len(vals)} fields, expected {nf}: extra fields ignored",
                                        cur.name, at, f"সারিতে {bn_digits(len(vals))}টি ঘর, থাকার কথা "
                                                      f"{bn_digits(nf)}টি: বাড়তি ঘর বাদ"))
            vals = vals[:nf]
        vals = vals + [""] * (nf - len(vals))  # P6 leaves trailing empty fields out
        cur.rows.append(dict(zip(cur.fields, vals, strict=True)))
        cur.lines.append(at)

    for no in range(first, len(lines)):
        line = lines[no].rstrip("\r")
        if no + 1 in bad_lines:
            reason, reason_bn = bad_lines[no + 1]
            warnings.append(XerNote(reason, cur.name if cur else None, no + 1, reason_bn))
        if not line:
            continue
        tag = line[:2]
        if pending is not None and not line.startswith("%"):
            vals, at = pending  # a cell with a line break: the row goes on
            more = line.split("\t")
            pending = (vals[:-1] + [vals[-1] + "\n" + more[0]] + more[1:], at)
            continue
        finish_row()
        if tag == "%R":
            if cur is None or not cur.fields:
                raise XerError("row before %T/%F", table=cur.name if cur else None, line=no + 1,
                               bn="%T/%F-এর আগে সারি")
            if skip:
                continue
            pending = (line.split("\t")[1:], no + 1)
            if len(pending[0]) >= len(cur.fields):
                finish_row()
        elif tag == "%T":
            name = line[3:].strip()
            skip = False
            if name in tables:
                warnings.append(XerNote("table appears twice: rows of both copies read", name, no + 1,
                                        "টেবিলটি দুবার আছে: দুটির সারিই পড়া হয়েছে"))
                cur = tables[name]
                continue
            cur = tables[name] = XerTable(name, [])
            if name not in KNOWN_TABLES:
                warnings.append(XerNote(f"table {name} is not used by Vextrus: not imported", name, no + 1,
                                        f"টেবিল {name} ভেক্সট্রাস ব্যবহার করে না: ইমপোর্ট হয়নি"))
        elif tag == "%F":
            if cur is None:
                raise XerError("%F before any %T", line=no + 1, bn="কোনো %T-এর আগে %F")
            fields = line.split("\t")[1:]
            if cur.fields and fields != cur.fields:
                if cur.name in KNOWN_TABLES:
                    raise XerError("table appears twice with different fields", table=cur.name, line=no + 1,
                                   bn="টেবিলটি দুবার আছে, ভিন্ন ঘর নিয়ে")
                skip = True
                warnings.append(XerNote("second copy of the table has other fields: ignored", cur.name, no + 1,
                                        "টেবিলের দ্বিতীয় কপিতে ভিন্ন ঘর: বাদ"))
                continue
            cur.fields = fields
        elif tag == "%E":
            ended = True
            break
        elif cur is not None and cur.name not in KNOWN_TABLES:
            warnings.append(XerNote(f"unexpected line start {line[:10]!r}: line ignored", cur.name, no + 1,
                                    "অপ্রত্যাশিত লাইন: বাদ"))
        else:
            raise XerError(f"unexpected line start {line[:10]!r}",
                           table=cur.name if cur else None, line=no + 1, bn="অপ্রত্যাশিত লাইন")
    finish_row()
    if not ended:
        raise XerError("file is truncated: no %E end marker",
                       table=cur.name if cur else None, line=len(lines),
                       bn="ফাইলটি অসম্পূর্ণ: শেষ-চিহ্ন %E নেই")
    return XerDocument(header=header, tables=tables, warnings=warnings, encoding=enc)


def write_xer(doc: XerDocument) -> str:
    """Serialise a document; encode with ``.encode(doc.encoding, 'replace')`` for a file."""
    out = ["\t".join(doc.header)]
    for t in doc.tables.values():
        out.append("%T\t" + t.name)
        out.append("%F\t" + "\t".join(t.fields))
        for r in t.rows:
            out.append("%R\t" + "\t".join(_clean(r.get(f, "")) for f in t.fields))
    out.append("%E")
    return "\r\n".join(out) + "\r\n"


def encode_xer(text: str) -> bytes:
    """File bytes as P6 writes them: cp1252 when every character has a place in it, else UTF-8 (a
    Bangla name would otherwise become '?'; Vextrus, and P6 and MPXJ set to UTF-8, read it back)."""
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _clean(v: str) -> str:
    return v.replace("\t", " ").replace("\r", " ").replace("\n", " ")
