"""platform.csv_input detects the encodings spreadsheets write (issue 12, "Bad input"): UTF-8 with or
without a BOM, UTF-16 LE/BE with a BOM, Windows-1252 as Excel writes it; a workbook, PDF or binary
file and undecodable bytes are refused naming the problem (never a 500)."""

from __future__ import annotations

import pytest

from vextrus.platform import csv_input
from vextrus.platform.errors import ValidationFailed

TEXT = "legal_name,name_bn,city\r\nCafé Rahman & Sons,রহমান,Cox’s Bazar\r\nMeghna – Traders,মেঘনা,Dhaka\r\n"
LATIN = "legal_name,city\r\nCafé Rahman & Sons,Cox’s Bazar\r\nNaïve “Quoted” Ltd – €5,Dhaka\r\n"


@pytest.mark.parametrize("raw,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (TEXT.encode("utf-8-sig"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16-le"),  # Python writes the platform's order with a BOM: LE here
    (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),  # Excel "Unicode Text"
    (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
    (b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"), "utf-32-le"),
])
def test_unicode_encodings_read_the_same_table(raw, encoding):
    assert csv_input.detect_encoding(raw).encoding == encoding
    t = csv_input.read_table(raw)
    assert t.header == ["legal_name", "name_bn", "city"]
    assert [r.cells for r in t.rows] == [["Café Rahman & Sons", "রহমান", "Cox’s Bazar"],
                                         ["Meghna – Traders", "মেঘনা", "Dhaka"]]


def test_windows_1252_as_excel_writes_it():
    raw = LATIN.encode("cp1252")
    assert b"\x92" in raw and b"\x96" in raw and b"\x80" in raw  # the bytes Excel writes for ’ – €
    d = csv_input.detect_encoding(raw)
    assert d.encoding == "cp1252" and d.text == LATIN
    t = csv_input.read_table(raw)
    assert [r.cells for r in t.rows] == [["Café Rahman & Sons", "Cox’s Bazar"], ["Naïve “Quoted” Ltd – €5", "Dhaka"]]


def test_utf16_without_a_bom_is_recognised_by_its_nul_bytes():
    assert csv_input.detect_encoding("name\nAlpha\nBeta\n".encode("utf-16-le")).encoding == "utf-16-le"
    assert csv_input.detect_encoding("name\nAlpha\nBeta\n".encode("utf-16-be")).text == "name\nAlpha\nBeta\n"


def _refused(raw: bytes) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as err:
        csv_input.read_table(raw)
    e = err.value
    assert e.field == "file" and e.message and e.message_bn and e.message != e.message_bn
    return e


@pytest.mark.parametrize("raw,named", [
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "Excel workbook (XLSX)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Excel workbook (XLS)"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (bytes([0x80, 0x02, 0x7d, 0x71, 0x00, 0x28, 0x58, 0x01, 0x05, 0x06, 0xa0]), "binary data"),
])
def test_binary_files_are_named(raw, named):
    e = _refused(raw)
    assert e.code == "file_not_text" and named in e.message and "CSV UTF-8" in e.message
    assert "CSV" in e.message_bn and "ফাইলটি" in e.message_bn


def test_undecodable_bytes_name_the_line_and_byte():
    e = _refused(b"legal_name\nAlpha\nBad \x81\x8d name\n")  # 0x81 is undefined in Windows-1252
    assert e.code == "file_not_utf8" and e.details["line"] == 3 and "0x81" in e.message and "লাইন ৩" in e.message_bn
    e = _refused(b"legal_name\n\xff\xfeAlpha\n")  # a UTF-16 mark in the middle: two files glued together
    assert e.code == "file_not_utf8" and e.details["line"] == 2
    e = _refused(b"\xff\xfe" + "name\nএ".encode("utf-16-le")[:-1])  # UTF-16 cut in the middle of a character
    assert e.code == "file_not_utf8" and "UTF-16" in e.message
