"""Word (python-docx) for letters and contracts: the same values the PDF templates get (letterhead, number,
data, totals, amount in words) laid out as a .docx.

- Bangla runs name a complex-script font (`w:rFonts w:cs="Noto Sans Bengali"`), the complex-script size
  (`w:szCs`) and language (`w:lang w:bidi="bn-BD"`), so Word shapes conjuncts with a Bangla font; Latin
  text is set in a Latin font. Dates use Bangla month names and digits on Bangla documents (the
  platform's i18n formatting), as do amounts.
- The same values give the same bytes: the zip entries carry a fixed time and the core properties the
  document's date, so a file's SHA-256 depends only on what it shows.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from vextrus.platform.i18n import format_date, format_number, to_bangla_digits

BANGLA_FONT, LATIN_FONT = "Noto Sans Bengali", "Liberation Sans"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)

_WORDS: dict[str, dict[str, str]] = {
    "en": {"ref": "Ref. No.", "date": "Date", "to": "To", "subject": "Subject", "project": "Project",
           "no": "No.", "description": "Description", "unit": "Unit", "qty": "Quantity", "rate": "Rate",
           "amount": "Amount", "total": "Total", "words": "In words", "for": "For", "parties": "Parties",
           "client": "Client", "contractor": "Contractor", "contract_no": "Contract no.",
           "value": "Contract value", "retention": "Retention", "advance": "Advance", "start": "Start",
           "completion": "Completion", "items": "Schedule of items", "bin": "BIN", "hash": "Data hash"},
    "bn": {"ref": "স্মারক নং", "date": "তারিখ", "to": "বরাবর", "subject": "বিষয়", "project": "প্রকল্প",
           "no": "ক্রমিক", "description": "বিবরণ", "unit": "একক", "qty": "পরিমাণ", "rate": "দর",
           "amount": "টাকা", "total": "মোট", "words": "কথায়", "for": "পক্ষে", "parties": "চুক্তির পক্ষসমূহ",
           "client": "নিয়োগকারী", "contractor": "ঠিকাদার", "contract_no": "চুক্তি নং",
           "value": "চুক্তিমূল্য", "retention": "জামানত", "advance": "অগ্রিম", "start": "শুরু",
           "completion": "সমাপ্তি", "items": "কাজের তফসিল", "bin": "বিআইএন", "hash": "ডেটার হ্যাশ"},
}


def _has_bangla(text: str) -> bool:
    return any("\u0980" <= c <= "\u09ff" for c in text)


def _fonts(run: Any, size: float | None = None, bold: bool = False) -> None:
    """Latin font for ascii/hAnsi; Noto Sans Bengali, its size and bn-BD for the complex-script slots."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN_FONT
    run.bold = bold or None
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:cs"), BANGLA_FONT)
    if size:
        run.font.size = Pt(size)
    if _has_bangla(run.text):
        if bold:
            rpr.append(OxmlElement("w:bCs"))
        cs = OxmlElement("w:cs")
        rpr.append(cs)
        if size:
            sz_cs = OxmlElement("w:szCs")
            sz_cs.set(qn("w:val"), str(int(size * 2)))
            rpr.append(sz_cs)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-GB")
        lang.set(qn("w:bidi"), "bn-BD")
        rpr.append(lang)
        _order(rpr)


def _order(rpr: Any) -> None:
    """Children of w:rPr in the schema's order (CT_RPr is a sequence; Word refuses a file out of order)."""
    from docx.oxml.ns import qn

    schema = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"]
    rank = {qn(f"w:{n}"): i for i, n in enumerate(schema)}
    children = sorted(rpr, key=lambda el: rank.get(el.tag, len(schema)))
    for el in children:
        rpr.remove(el)
    for el in children:
        rpr.append(el)


def _para(doc: Any, text: str = "", size: float = 10.5, bold: bool = False, align: str | None = None,
          cell: Any = None) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = cell.paragraphs[0] if cell is not None else doc.add_paragraph()
    if align:
        p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    if text:
        _fonts(p.add_run(text), size, bold)
    return p


class _Fmt:
    def __init__(self, lang: str):
        self.lang = lang
        self.w = _WORDS[lang]

    def date(self, value: date | None) -> str:
        return format_date(value, self.lang, "d MMMM y") if value else ""

    def num(self, value: Decimal, places: int = 2) -> str:
        return format_number(value, places, self.lang)

    def qty(self, value: Decimal) -> str:
        places = 0 if value == value.to_integral_value() else 3
        return format_number(value, places, self.lang)

    def digits(self, text: str) -> str:
        return to_bangla_digits(text) if self.lang == "bn" else text


def _table(doc: Any, rows: list[list[str]], header: bool = True, right: tuple[int, ...] = ()) -> Any:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            _para(doc, value, 9.5, bold=header and r == 0, align="right" if c in right and r else None,
                  cell=table.cell(r, c))
    return table


def render_docx(doc_type: Any, lang: str, values: dict[str, Any]) -> bytes:
    """A letter (work order) or a contract agreement summary as .docx bytes."""
    from docx import Document
    from docx.shared import Cm

    f = _Fmt(lang)
    w = f.w
    data, company = values["data"], values["company"]
    doc = Document()
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(1.8)
    styles = doc.styles["Normal"]
    styles.font.name = LATIN_FONT
    _fonts_default(styles)

    # letterhead: the name in the document's language first, the other below; address; BIN
    first, second = (company["name_bn"], company["name"]) if lang == "bn" else (company["name"], company["name_bn"])
    _para(doc, first, 16, bold=True, align="center")
    if second and second != first:
        _para(doc, second, 11, align="center")
    line = company["address"]
    if company["bin"]:
        line = f"{line} · {w['bin']}: {f.digits(company['bin'])}" if line else f"{w['bin']}: {f.digits(company['bin'])}"
    if line:
        _para(doc, line, 9, align="center")
    _para(doc, doc_type.title_bn if lang == "bn" else doc_type.title, 13, bold=True, align="center")

    p = _para(doc, f"{w['ref']}: {values['number']}", 10.5)
    _fonts(p.add_run("\t" + f"{w['date']}: {f.date(data.doc_date)}"), 10.5)
    _para(doc, f"{w['to']},", 10.5)
    _para(doc, data.addressee, 10.5, bold=True)
    for ln in (x.strip() for x in data.address.splitlines()):
        if ln:
            _para(doc, ln, 10.5)
    _para(doc, f"{w['subject']}: {data.subject}", 10.5, bold=True)
    for para in (x.strip() for x in data.body.split("\n\n")):
        if para:
            _para(doc, para, 10.5)

    total: Decimal = values["total"]
    if doc_type.code == "contract_summary":
        _para(doc, w["parties"], 11, bold=True)
        rows = [[w["client"], data.addressee], [w["contractor"], first], [w["contract_no"], data.contract_no],
                [w["project"], data.project], [w["value"], f.num(total)],
                [w["retention"], f"{f.num(data.retention_pct)}% = {f.num(values['retention'])}"],
                [w["advance"], f.num(data.advance)]]
        if data.start_date:
            rows.append([w["start"], f.date(data.start_date)])
        if data.completion_date:
            rows.append([w["completion"], f.date(data.completion_date)])
        _table(doc, rows, header=False)
        _para(doc, w["items"], 11, bold=True)
    elif getattr(data, "project", ""):
        _para(doc, f"{w['project']}: {data.project}" + (
            f" · {w['completion']}: {f.date(data.completion_date)}" if data.completion_date else ""), 10.5)

    rows = [[w["no"], w["description"], w["unit"], w["qty"], w["rate"], w["amount"]]]
    for i, item in enumerate(data.items, 1):
        rows.append([f.digits(str(i)), item.description, item.unit, f.qty(item.quantity), f.num(item.rate),
                     f.num(item.amount)])
    rows.append(["", w["total"], "", "", "", f.num(total)])
    _table(doc, rows, right=(0, 3, 4, 5))
    _para(doc, f"{w['words']}: {values['words']}", 10.5, bold=True)

    # signature block
    _para(doc, "")
    _para(doc, "")
    _para(doc, "______________________________", 10.5)
    if data.signatory:
        _para(doc, data.signatory, 10.5, bold=True)
    if data.designation:
        _para(doc, data.designation, 10.5)
    _para(doc, f"{first} {w['for']}" if lang == "bn" else f"{w['for']} {first}", 10.5)
    _para(doc, f"{w['hash']}: {values['data_hash'][:16]}", 7.5)

    props = doc.core_properties
    props.title = f"{doc_type.title} {values['number']}"
    props.author = props.last_modified_by = company["name"] or "Vextrus"
    props.created = props.modified = datetime(data.doc_date.year, data.doc_date.month, data.doc_date.day)
    props.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue())


def _fonts_default(style: Any) -> None:
    from docx.oxml.ns import qn

    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:cs"), BANGLA_FONT)


def _fixed_zip(raw: bytes) -> bytes:
    """The package again with every entry at a fixed time (python-docx stamps the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
