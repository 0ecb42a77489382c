"""Bank statements: reading CSV/XLSX rows in the common Bangladeshi bank layouts, ISO 20022 camt.053 and
OFX, into one shape; the running-balance and continuity rules. Pure: bytes and rows in, values out."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from vextrus.platform.errors import ValidationFailed

from . import bn

MAX_LINES = 50_000


@dataclass(frozen=True, slots=True)
class ParsedLine:
    line_date: date
    description: str
    reference: str
    amount: Decimal  # signed as the bank sees its customer: a deposit (credit) is positive
    balance: Decimal | None
    source_line: int  # line of the file (1 = first), or entry number in XML files


@dataclass(slots=True)
class ParsedStatement:
    lines: list[ParsedLine]
    opening: Decimal | None = None
    closing: Decimal | None = None
    account_number: str = ""
    currency: str = ""
    statement_ref: str = ""
    fmt: str = "csv"
    notes: list[str] = field(default_factory=list)


def _refuse(code: str, line: int, fld: str, en: str, text_bn: str) -> ValidationFailed:
    return ValidationFailed(code, f"Line {line}: {en}", f"লাইন {bn(line)}: {text_bn}", field=f"lines[{line}].{fld}",
                            details={"line": line, "field": fld})


_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                           "nov", "dec"))}
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
_DMONY = re.compile(r"^(\d{1,2})[ /.\-]([A-Za-z]{3})[A-Za-z]*[ /.\-,]*(\d{2,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_day(text: str, line: int = 0, fld: str = "date") -> date:
    """05/12/2026 and 05-12-2026 (day first, as Bangladeshi banks print), 05-Dec-2026, 5 Dec 26, 2026-12-05."""
    s = (text or "").strip()
    try:
        if m := _ISO.match(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(s):
            y = int(m[3])
            return date(y + 2000 if y < 100 else y, int(m[2]), int(m[1]))
        if m := _DMONY.match(s):
            y = int(m[3])
            mon = _MONTHS.get(m[2].lower())
            if mon:
                return date(y + 2000 if y < 100 else y, mon, int(m[1]))
    except ValueError:
        pass
    shown = s[:40]  # the cell as written
    raise _refuse("banking.bad_date", line, fld, f"'{s[:40]}' is not a date (write 05/12/2026 or 05-Dec-2026)",
                  f"'{shown}' তারিখ নয় (০৫/১২/২০২৬ বা 05-Dec-2026 লিখুন)")


_AMOUNT_JUNK = re.compile(r"[,\s৳]|BDT|Tk\.?", re.IGNORECASE)


def parse_amount(text: str, line: int = 0, fld: str = "amount") -> Decimal | None:
    """'1,23,456.78' (lakh commas), '1,234.50 Cr', '(500.00)', '-' or empty for none."""
    s = (text or "").strip()
    if s in ("", "-", "--"):
        return None
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1]
    low = s.lower()
    if low.endswith(("dr", "cr")):
        neg = neg or low.endswith("dr")
        s = s[:-2]
    s = _AMOUNT_JUNK.sub("", s)
    shown = text.strip()[:40]  # the cell as written
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise _refuse("banking.bad_amount", line, fld, f"'{text.strip()[:40]}' is not an amount",
                      f"'{shown}' কোনো অঙ্ক নয়") from None
    if not value.is_finite() or abs(value) >= Decimal(10) ** 12 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise _refuse("banking.bad_amount", line, fld, f"'{text.strip()[:40]}' is not an amount in poisha",
                      f"'{shown}' পয়সায় কোনো অঙ্ক নয়")
    return -value if neg else value


_HEADS = {
    "date": ("date", "txn date", "transaction date", "value date", "trans date", "posting date", "tran date"),
    "description": ("description", "particulars", "narration", "details", "remarks", "transaction details"),
    "reference": ("cheque", "cheque no", "chq", "chq no", "chq/ref no", "cheque/ref no", "reference", "ref no",
                  "ref", "instrument no", "cheque no.", "chq. no", "cheque number"),
    "debit": ("debit", "withdrawal", "withdrawals", "withdrawal amount", "debit amount", "dr"),
    "credit": ("credit", "deposit", "deposits", "deposit amount", "credit amount", "cr"),
    "balance": ("balance", "closing balance", "running balance", "available balance"),
}


def _norm(h: str) -> str:
    return re.sub(r"[^a-z/ ]", "", h.lower().replace("(bdt)", "").replace("(tk)", "")).strip()


def _header_map(cells: Sequence[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, raw in enumerate(cells):
        h = _norm(raw or "")
        for key, names in _HEADS.items():
            if key not in found and (h in names or any(h.startswith(n + " ") or h.startswith(n + "/")
                                                       for n in names if len(n) > 3)):
                found[key] = i
                break
    if {"date", "debit", "credit"} <= found.keys() or {"date", "balance", "debit"} <= found.keys():
        return found
    return None


def read_rows(rows: Iterable[tuple[int, Sequence[str]]], fmt: str = "csv") -> ParsedStatement:
    """Rows of a CSV or a sheet (line number, cells): title rows before the header are skipped, rows after it
    until a blank or a total line are statement lines. Debit is a withdrawal, credit a deposit."""
    cols: dict[str, int] | None = None
    opening: Decimal | None = None
    lines: list[ParsedLine] = []
    for line_no, cells in rows:
        cells = [("" if c is None else str(c)).strip() for c in cells]
        if cols is None:
            cols = _header_map(cells)
            continue
        if not any(cells):
            continue

        def cell(key: str, cells: list[str] = cells, cols: dict[str, int] = cols) -> str:
            i = cols.get(key)
            return cells[i] if i is not None and i < len(cells) else ""

        first = cell("date")
        text = f"{first} {cell('description')}".lower()
        if not first or text.startswith(("total", "closing")) or "opening balance" in text or "b/f" in text:
            if "opening balance" in text or "b/f" in text:
                found = parse_amount(cell("balance"), line_no, "balance")
                if found is not None and not lines:
                    opening = found
            continue
        day = parse_day(first, line_no)
        dr = parse_amount(cell("debit"), line_no, "debit") or Decimal(0)
        cr = parse_amount(cell("credit"), line_no, "credit") or Decimal(0)
        if dr < 0 or cr < 0:
            raise _refuse("banking.negative_amount", line_no, "debit" if dr < 0 else "credit",
                          "a debit or credit is written without a sign", "ডেবিট বা ক্রেডিট চিহ্ন ছাড়া লিখুন")
        if dr and cr:
            raise _refuse("banking.both_sides", line_no, "credit", "a line is either a debit or a credit, not both",
                          "একটি লাইন হয় ডেবিট নয়তো ক্রেডিট, দুটোই নয়")
        if len(lines) >= MAX_LINES:
            raise _refuse("banking.too_many_lines", line_no, "date", f"a statement holds at most {MAX_LINES} lines",
                          f"একটি স্টেটমেন্টে সর্বোচ্চ {bn(MAX_LINES)}টি লাইন")
        lines.append(ParsedLine(day, cell("description")[:500], cell("reference")[:100], cr - dr,
                                parse_amount(cell("balance"), line_no, "balance"), line_no))
    if cols is None:
        raise ValidationFailed("banking.no_header", "No header row with date, debit/withdrawal and credit/deposit "
                               "columns was found", "তারিখ, ডেবিট/উত্তোলন ও ক্রেডিট/জমা কলামসহ শিরোনাম সারি পাওয়া যায়নি",
                               field="file")
    return ParsedStatement(lines=lines, opening=opening, fmt=fmt)


def read_xlsx(content: bytes) -> ParsedStatement:
    import io

    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook is the same refusal
        raise ValidationFailed("banking.bad_workbook", "The file is not a readable Excel workbook (XLSX)",
                               "ফাইলটি পড়া যায় এমন এক্সেল ওয়ার্কবুক (XLSX) নয়", field="file") from None
    ws = wb.worksheets[0]

    def cells() -> Iterable[tuple[int, list[str]]]:
        for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if i > MAX_LINES + 50:
                break
            out = []
            for v in row:
                if isinstance(v, datetime):
                    out.append(v.date().isoformat())
                elif isinstance(v, date):
                    out.append(v.isoformat())
                elif isinstance(v, float):
                    out.append(f"{Decimal(repr(v)):f}")
                else:
                    out.append("" if v is None else str(v))
            yield i, out
    try:
        return read_rows(cells(), fmt="xlsx")
    finally:
        wb.close()


def _safe_xml(content: bytes) -> ET.Element:
    head = content[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in content.upper():
        raise ValidationFailed("banking.xml_dtd", "A statement with a DTD or entities is refused",
                               "DTD বা এনটিটিসহ স্টেটমেন্ট গ্রহণযোগ্য নয়", field="file")
    try:
        return ET.fromstring(content)  # noqa: S314 - DTDs and entities refused above: nothing to resolve
    except ET.ParseError as exc:
        raise ValidationFailed("banking.bad_xml", f"The file is not well-formed XML ({exc})",
                               "ফাইলটি সঠিক XML নয়", field="file") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: ET.Element | None, *path: str) -> ET.Element | None:
    for name in path:
        if el is None:
            return None
        el = next((c for c in el if _local(c.tag) == name), None)
    return el


def _text(el: ET.Element | None, *path: str) -> str:
    found = _child(el, *path)
    return (found.text or "").strip() if found is not None else ""


def read_camt053(content: bytes) -> ParsedStatement:
    """ISO 20022 BkToCstmrStmt (camt.053.001.02 and later): the first Stmt, its OPBD/CLBD balances and entries."""
    root = _safe_xml(content)
    stmt = next((e for e in root.iter() if _local(e.tag) == "Stmt"), None)
    if stmt is None:
        raise ValidationFailed("banking.not_camt053", "No camt.053 statement (Stmt) in the file",
                               "ফাইলে কোনো camt.053 স্টেটমেন্ট নেই", field="file")
    out = ParsedStatement(lines=[], fmt="camt053", statement_ref=_text(stmt, "Id"))
    out.account_number = _text(stmt, "Acct", "Id", "Othr", "Id") or _text(stmt, "Acct", "Id", "IBAN")
    out.currency = _text(stmt, "Acct", "Ccy")
    for bal in (c for c in stmt if _local(c.tag) == "Bal"):
        code = _text(bal, "Tp", "CdOrPrtry", "Cd")
        amt_el = _child(bal, "Amt")
        amount = parse_amount(amt_el.text or "" if amt_el is not None else "", 0, "balance") or Decimal(0)
        if _text(bal, "CdtDbtInd") == "DBIT":
            amount = -amount
        if code in ("OPBD", "PRCD"):
            out.opening = amount
        elif code in ("CLBD",):
            out.closing = amount
    for n, ntry in enumerate((c for c in stmt if _local(c.tag) == "Ntry"), start=1):
        amt_el = _child(ntry, "Amt")
        amount = parse_amount((amt_el.text or "") if amt_el is not None else "", n, "amount") or Decimal(0)
        if amt_el is not None and not out.currency:
            out.currency = amt_el.get("Ccy", "")
        if _text(ntry, "CdtDbtInd") == "DBIT":
            amount = -amount
        day = _text(ntry, "BookgDt", "Dt") or _text(ntry, "BookgDt", "DtTm")[:10] or _text(ntry, "ValDt", "Dt")
        tx = _child(ntry, "NtryDtls", "TxDtls")
        ref = (_text(tx, "Refs", "ChqNb") or _text(ntry, "NtryRef") or _text(tx, "Refs", "EndToEndId")
               or _text(ntry, "AcctSvcrRef"))
        desc = _text(tx, "RmtInf", "Ustrd") or _text(ntry, "AddtlNtryInf") or _text(tx, "AddtlTxInf")
        out.lines.append(ParsedLine(parse_day(day, n), desc[:500], ref[:100], amount, None, n))
    if out.opening is None and out.closing is not None:
        out.opening = out.closing - sum((ln.amount for ln in out.lines), Decimal(0))
    return out


_OFX_TAG = re.compile(r"<([A-Z0-9.]+)>([^<\r\n]*)")


def read_ofx(content: bytes) -> ParsedStatement:
    """OFX 1.x (SGML, unclosed leaf tags) and 2.x (XML): STMTTRN entries and LEDGERBAL, read by tag with the
    standard library (no DTD is read or resolved)."""
    text = content.decode("utf-8", errors="replace")
    if "<!ENTITY" in text.upper() or "<!DOCTYPE" in text[:4096].upper():
        raise ValidationFailed("banking.xml_dtd", "A statement with a DTD or entities is refused",
                               "DTD বা এনটিটিসহ স্টেটমেন্ট গ্রহণযোগ্য নয়", field="file")
    if "<OFX>" not in text.upper():
        raise ValidationFailed("banking.not_ofx", "No OFX statement in the file", "ফাইলে কোনো OFX স্টেটমেন্ট নেই",
                               field="file")
    out = ParsedStatement(lines=[], fmt="ofx")
    current: dict[str, str] | None = None
    ledger = False
    n = 0
    for m in re.finditer(r"<(/?)([A-Z0-9.]+)>([^<]*)", text):
        closing, tag, value = m[1] == "/", m[2].upper(), m[3].strip()
        if tag == "STMTTRN":
            if not closing:
                current = {}
            elif current is not None:
                n += 1
                amount = parse_amount(current.get("TRNAMT", ""), n, "amount") or Decimal(0)
                day = current.get("DTPOSTED", "")[:8]
                d = parse_day(f"{day[:4]}-{day[4:6]}-{day[6:8]}" if len(day) == 8 else day, n)
                ref = current.get("CHECKNUM") or current.get("REFNUM") or current.get("FITID", "")
                desc = " ".join(x for x in (current.get("NAME", ""), current.get("MEMO", "")) if x)
                out.lines.append(ParsedLine(d, desc[:500], ref[:100], amount, None, n))
                current = None
            continue
        if tag == "LEDGERBAL":
            ledger = not closing
            continue
        if closing:
            continue
        if current is not None:
            current[tag] = value
        elif ledger and tag == "BALAMT":
            out.closing = parse_amount(value, 0, "balance")
        elif tag == "ACCTID":
            out.account_number = value
        elif tag == "CURDEF":
            out.currency = value
    if out.closing is not None:
        out.opening = out.closing - sum((ln.amount for ln in out.lines), Decimal(0))
    return out


def detect_format(filename: str, content: bytes) -> str:
    name = (filename or "").lower()
    head = content[:2048].lstrip()
    if content.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".ofx", ".qfx")) or b"OFXHEADER" in head or b"<OFX>" in content[:4096].upper():
        return "ofx"
    if name.endswith(".xml") or head.startswith(b"<?xml") or b"camt.053" in head:
        return "camt053"
    return "csv"


def check_balances(st: ParsedStatement, previous_closing: Decimal | None) -> tuple[Decimal, Decimal]:
    """(opening, closing) of a statement whose running balances agree line by line and whose opening continues
    the previous statement's closing; refusals name the line and field."""
    if not st.lines:
        raise ValidationFailed("banking.empty_statement", "The statement has no lines", "স্টেটমেন্টে কোনো লাইন নেই",
                               field="file")
    first = st.lines[0]
    opening = st.opening
    if opening is None and first.balance is not None:
        opening = first.balance - first.amount
    if opening is None:
        opening = previous_closing if previous_closing is not None else Decimal(0)
    if previous_closing is not None and opening != previous_closing:
        raise _refuse("banking.opening_mismatch", first.source_line, "balance",
                      f"the opening balance {opening} does not continue the previous statement's closing "
                      f"balance {previous_closing}",
                      f"প্রারম্ভিক জের {bn(opening)} আগের স্টেটমেন্টের সমাপনী জের {bn(previous_closing)}-এর ধারাবাহিক নয়")
    running = opening
    for ln in st.lines:
        running += ln.amount
        if ln.balance is not None and ln.balance != running:
            raise _refuse("banking.balance_mismatch", ln.source_line, "balance",
                          f"the balance {ln.balance} should be {running} (previous balance plus credit less debit)",
                          f"জের {bn(ln.balance)} হওয়ার কথা {bn(running)} (আগের জের যোগ জমা বিয়োগ উত্তোলন)")
    if st.closing is not None and st.closing != running:
        last = st.lines[-1]
        raise _refuse("banking.closing_mismatch", last.source_line, "balance",
                      f"the closing balance {st.closing} is not opening plus lines ({running})",
                      f"সমাপনী জের {bn(st.closing)} প্রারম্ভিক জের যোগ লাইনগুলোর ({bn(running)}) সমান নয়")
    return opening, running


def fingerprints(lines: Sequence[ParsedLine]) -> list[str]:
    """A key per line (date, amount, reference, description, balance, and which repeat of those it is)."""
    seen: dict[str, int] = {}
    out = []
    for ln in lines:
        base = f"{ln.line_date.isoformat()}|{ln.amount}|{ln.reference}|{ln.description}|{ln.balance}"
        k = seen.get(base, 0)
        seen[base] = k + 1
        out.append(hashlib.sha256(f"{base}|{k}".encode()).hexdigest()[:40])
    return out


def statement_key(fps: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(fps).encode()).hexdigest()[:40]
