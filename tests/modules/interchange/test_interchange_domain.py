"""interchange's pure rules: reading CSV in the encodings spreadsheets write and XLSX as a stream, column
mapping by header similarity (Bangla labels too), the mapping's refusals in words, and the refused-rows file."""

from __future__ import annotations

import csv
import io

import pytest
import xlsxwriter

from vextrus.modules.interchange.domain import Field, ImportTarget, apply_mapping, auto_mapping, check_mapping
from vextrus.modules.interchange.domain.result import refused_csv
from vextrus.modules.interchange.reading import read_sheet
from vextrus.platform.errors import ValidationFailed

TARGET = ImportTarget(
    name="test.parties", title="Parties", title_bn="পার্টি", permission="test.party.import",
    fields=(Field("code", "Code", "কোড"), Field("legal_name", "Legal name", "আইনি নাম", required=True),
            Field("tin", "e-TIN", "ই-টিআইএন", aliases=("tin number",)), Field("mobile", "Mobile", "মোবাইল")),
    check_rows=lambda rows, progress: [], commit_rows=lambda rows, progress: [])

TEXT = "legal_name,mobile\nZoë Traders,01711000001\nCafé Builders,01711000002\n"


@pytest.mark.parametrize("encoding,content,expected", [
    ("utf-8-sig", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-16-le", b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be", b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
    ("cp1252", TEXT.encode("cp1252"), "cp1252"),  # Excel's "CSV" on Windows: ë is one byte 0xEB
])
def test_csv_is_read_in_each_encoding_with_its_non_ascii_names(encoding, content, expected):
    sheet = read_sheet(content, "p.csv")
    assert (sheet.format, sheet.encoding, sheet.header) == ("csv", expected, ["legal_name", "mobile"])
    assert [cells[0] for _line, cells in sheet.rows] == ["Zoë Traders", "Café Builders"]
    assert [line for line, _ in sheet.rows] == [2, 3]


def _xlsx(rows: list[list[object]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    book.close()
    return out.getvalue()


def test_xlsx_is_read_row_by_row_with_numbers_as_typed_and_blank_rows_skipped():
    content = _xlsx([["আইনি নাম", "Mobile", "Limit"], ["করিম ট্রেডার্স", "01711000001", 50000],
                     [None, None, None], ["Rahim & Sons", "01711000002", 1250.5]])
    sheet = read_sheet(content, "p.xlsx")
    assert (sheet.format, sheet.encoding, sheet.header) == ("xlsx", None, ["আইনি নাম", "Mobile", "Limit"])
    assert sheet.rows == [(2, ["করিম ট্রেডার্স", "01711000001", "50000"]), (4, ["Rahim & Sons", "01711000002", "1250.5"])]
    assert read_sheet(content, header_only=True).rows == []


def test_size_and_row_limits_and_unreadable_files_are_refused_in_words():
    with pytest.raises(ValidationFailed) as big:
        read_sheet(TEXT.encode() * 100, max_bytes=1024)
    assert big.value.code == "import_too_large" and "বাইট" in big.value.message_bn
    with pytest.raises(ValidationFailed) as many:
        read_sheet(TEXT.encode(), max_rows=1)
    assert many.value.code == "import_too_many_rows"
    with pytest.raises(ValidationFailed) as many_x:
        read_sheet(_xlsx([["legal_name"], ["a"], ["b"], ["c"]]), max_rows=2)
    assert many_x.value.code == "import_too_many_rows"
    with pytest.raises(ValidationFailed) as xls:
        read_sheet(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert xls.value.code == "interchange.xls_not_supported" and "XLS" in xls.value.message_bn
    with pytest.raises(ValidationFailed) as broken:
        read_sheet(b"PK\x03\x04 not really a zip")
    assert broken.value.code == "interchange.xlsx_unreadable"
    with pytest.raises(ValidationFailed) as empty:
        read_sheet(b"   \n")
    assert empty.value.code == "interchange.file_empty"


def test_auto_mapping_by_name_label_bangla_label_and_alias_and_a_saved_mapping_wins():
    got = auto_mapping(["Legal Name", "TIN Number", "মোবাইল", "Remarks"], TARGET)
    assert got == {"Legal Name": "legal_name", "TIN Number": "tin", "মোবাইল": "mobile"}
    assert auto_mapping(["আইনি নাম", "কোড"], TARGET) == {"আইনি নাম": "legal_name", "কোড": "code"}
    assert auto_mapping(["Party", "Phone"], TARGET, saved={"Party": "legal_name", "Phone": "mobile"}) == \
        {"Party": "legal_name", "Phone": "mobile"}
    # one field takes one column: the better header wins
    assert auto_mapping(["legal_name", "Legal name (old)"], TARGET) == {"legal_name": "legal_name"}


def test_a_mapping_without_a_required_field_or_with_a_field_twice_is_refused_in_both_languages():
    with pytest.raises(ValidationFailed) as missing:
        check_mapping(["Name", "Phone"], {"Phone": "mobile"}, TARGET)
    assert missing.value.code == "interchange.mapping_required_missing"
    assert "Legal name" in missing.value.message and "আইনি নাম" in missing.value.message_bn
    with pytest.raises(ValidationFailed) as twice:
        check_mapping(["A", "B"], {"A": "legal_name", "B": "legal_name"}, TARGET)
    assert twice.value.code == "interchange.mapping_twice" and twice.value.field == "mapping.B"
    with pytest.raises(ValidationFailed):
        check_mapping(["A"], {"A": "no_such_field"}, TARGET)
    assert check_mapping(["A", "B"], {"A": "legal_name", "B": ""}, TARGET) == {"A": "legal_name"}


def test_apply_mapping_names_the_users_column_for_an_empty_required_cell():
    header = ["Name", "Phone"]
    rows, problems, lines = apply_mapping(header, [(2, ["Karim", "0171"]), (3, ["", "0172"]),
                                                   (4, ["x", "y", "stray"])], {"Name": "legal_name", "Phone": "mobile"},
                                          TARGET)
    assert rows == [(1, {"legal_name": "Karim", "mobile": "0171"})] and lines == {1: 2, 2: 3, 3: 4}
    assert [(p.row, p.line, p.column, p.code) for p in problems] == [
        (2, 3, "Name", "interchange.required_empty"), (3, 4, None, "interchange.extra_cells")]
    assert problems[0].text("en") == "Row 2, column “Name”: “Name” (Legal name) is required"
    assert problems[0].text("bn") == "সারি ২, কলাম “Name”: “Name” (আইনি নাম) আবশ্যক"


def test_the_result_file_holds_exactly_the_refused_rows_with_an_error_column():
    _r, problems, _l = apply_mapping(["Name"], [(2, ["A"]), (3, [""]), (4, ["C"]), (5, [""])], {"Name": "legal_name"},
                                     TARGET)
    text = refused_csv(["Name"], [(2, ["A"]), (3, [""]), (4, ["C"]), (5, [""])], problems, "bn").decode("utf-8-sig")
    got = list(csv.reader(io.StringIO(text)))
    assert got[0] == ["Name", "ত্রুটি"] and [r[0] for r in got[1:]] == ["", ""] and len(got) == 3
    assert "আবশ্যক" in got[1][1]
