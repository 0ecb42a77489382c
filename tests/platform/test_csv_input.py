"""platform.csv_input: uploaded CSV decoded and read strictly, within bounds (issue 10, finding 9)."""

from __future__ import annotations

import csv
import io

import pytest

from vextrus.platform import csv_input
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits


def _refused(content: bytes | str, **kw: object) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as err:
        csv_input.read_table(content, **kw)  # type: ignore[arg-type]
    e = err.value
    assert e.field == "file" and e.message and e.message_bn and e.message != e.message_bn
    return e


def test_the_csv_module_alone_swallows_rows_after_an_unterminated_quote():
    """Why this helper exists: no error, three rows become one field."""
    rows = list(csv.reader(io.StringIO('a,b\n1,"x\n2,y\n3,z\n')))
    assert rows == [["a", "b"], ["1", "x\n2,y\n3,z\n"]]


@pytest.mark.parametrize("text,code,line", [
    ('a,b\n1,"x\n2,y\n3,z\n', "csv_unterminated_quote", 2),  # never closed
    ('a,b\n1,2\n3,"x\n4,y",5\n6,7\n', "csv_multiline_field", 3),  # closed lines later
    ('a,b\n1,"x"y\n', "csv_malformed", 2),  # a stray quote
    ('a,b\n1,2\n3,"' + "x" * 200_000 + '"\n', "csv_field_too_long", 3),  # past the csv module's limit: was a 500
    ('a,b\n1,2\n3,' + "x" * (csv_input.MAX_FIELD + 1) + '\n', "csv_field_too_long", 3),
    ("a,b\n1,2\n3,x\x00y\n", "csv_nul_byte", 3),
])
def test_malformed_csv_is_refused_with_the_line(text, code, line):
    e = _refused(text)
    assert e.code == code and e.details["line"] == line
    assert e.message.startswith(f"Line {line}:") and e.message_bn.startswith(f"লাইন {to_bangla_digits(str(line))}:")


def test_multiline_fields_when_the_caller_allows_them():
    t = csv_input.read_table('a,b\n1,"two\nlines"\n3,4\n', multiline=True)
    assert [(r.line, r.cells) for r in t.rows] == [(2, ["1", "two\nlines"]), (4, ["3", "4"])]


def test_utf8_with_or_without_bom_and_line_numbers_skip_blank_rows():
    for raw in ("name,নাম\r\nA,ক\r\n\r\nB,খ\r\n".encode(), "\ufeffname,নাম\nA,ক\n\nB,খ\n".encode()):
        t = csv_input.read_table(raw)
        assert t.header == ["name", "নাম"]
        assert [(r.line, r.cells) for r in t.rows] == [(2, ["A", "ক"]), (4, ["B", "খ"])]


def test_non_utf8_is_refused_naming_the_encoding_problem_when_detection_is_off():
    e = _refused("name\nআলফা\nCafé\n".encode("utf-16"), detect=False)
    assert e.code == "file_not_utf8" and "UTF-8" in e.message
    e = _refused(b"name\nA\nCaf\xe9\n", detect=False)  # Latin-1 from an old spreadsheet
    assert e.code == "file_not_utf8" and e.details["line"] == 3 and "0xe9" in e.message


def test_size_and_row_limits():
    e = _refused(b"a\n" + b"1\n" * 100, max_bytes=100)
    assert e.code == "import_too_large" and e.details == {"size": 202, "limit": 100}
    e = _refused("a\n" + "1\n" * 4, max_rows=3)
    assert e.code == "import_too_many_rows" and e.details == {"limit": 3}
    assert len(csv_input.read_table("a\n" + "1\n" * 3, max_rows=3).rows) == 3
    assert len(list(csv_input.read_rows("1\n" * 3, max_rows=3))) == 3  # no header: every row counts


def test_limits_default_without_a_running_platform(monkeypatch):
    from vextrus.platform import runtime

    monkeypatch.setattr(runtime, "_current", None)
    assert csv_input.limits() == (csv_input.DEFAULT_MAX_BYTES, csv_input.DEFAULT_MAX_ROWS)
