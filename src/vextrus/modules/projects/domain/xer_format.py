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


class XerError(ValidationFailed, ValueError):
    """A malformed XER file; says which table and line when it can (``field`` = "TABLE line N")."""

    def __init__(self, message: str, table: str | None = None, line: int | None = None):
        self.table, self.line = table, line
        where = ", ".join(x for x in (table and f"table {table}", line and f"line {line}") if x)
        text = f"{message} ({where})" if where else message
        field = " ".join(x for x in (table, line and f"line {line}") if x) or None
        super().__init__("xer_invalid", text, f"XER ফাইল সঠিক নয়: {text}", field,
                         {"table": table, "line": line})


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


def decode_xer(data: bytes) -> tuple[str, str]:
    """Decode bytes: UTF-8 (with or without BOM) if valid, else cp1252."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        raise XerError("file is UTF-16 encoded; P6 XER files are cp1252 or UTF-8", line=1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise XerError("binary data (NUL byte): not an XER text file or wrong encoding", line=line)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise XerError(f"undecodable byte 0x{data[exc.start]:02x}: wrong encoding", line=line) from exc


def read_xer(data: bytes | str) -> XerDocument:
    """Parse XER text or bytes; raises XerError on truncation or malformed rows."""
    if isinstance(data, bytes):
        text, enc = decode_xer(data)
    else:
        text, enc = data, "utf-8"
    lines = text.split("\n")
    if not lines or not lines[0].startswith("ERMHDR"):
        raise XerError("missing ERMHDR header: not an XER file", line=1)
    header = lines[0].rstrip("\r").split("\t")
    tables: dict[str, XerTable] = {}
    warnings: list[str] = []
    cur: XerTable | None = None
    ended = False
    for no in range(1, len(lines)):
        line = lines[no].rstrip("\r")
        if not line:
            continue
        tag = line[:2]
        if tag == "%R":
            if cur is None or not cur.fields:
                raise XerError("row before %T/%F", table=cur.name if cur else None, line=no + 1)
            vals = line.split("\t")[1:]
            nf = len(cur.fields)
            if len(vals) != nf:
                raise XerError(
                    f"row has {len(vals)} fields, expected {nf}", table=cur.name, line=no + 1
                )
            cur.rows.append(dict(zip(cur.fields, vals, strict=True)))
            cur.lines.append(no + 1)
        elif tag == "%T":
            name = line[3:].strip()
            if name in tables:
                raise XerError("table appears twice", table=name, line=no + 1)
            cur = tables[name] = XerTable(name, [])
            if name not in KNOWN_TABLES:
                warnings.append(f"unknown table {name} kept but not interpreted")
        elif tag == "%F":
            if cur is None:
                raise XerError("%F before any %T", line=no + 1)
            cur.fields = line.split("\t")[1:]
        elif tag == "%E":
            ended = True
            break
        else:
            raise XerError(f"unexpected line start {line[:10]!r}",
                           table=cur.name if cur else None, line=no + 1)
    if not ended:
        raise XerError("file is truncated: no %E end marker",
                       table=cur.name if cur else None, line=len(lines))
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


def _clean(v: str) -> str:
    return v.replace("\t", " ").replace("\r", " ").replace("\n", " ")
