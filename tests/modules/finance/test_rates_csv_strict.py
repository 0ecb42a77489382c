"""Exchange-rate CSV import read through platform.csv_input (issue 10, finding 9): a quote left
open no longer swallows the rows after it, and every refusal names the line."""

from __future__ import annotations

import pytest

from vextrus.modules.finance import service
from vextrus.modules.finance.service import rates
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits


@pytest.fixture
def book(admin):
    b = service.ensure_book("PADMA", "Padma Builders Ltd.")
    service.open_fiscal_year(b.code, "2025-26")
    return b.code


@pytest.mark.parametrize(("body", "reason", "line"), [
    (b'USD,2025-07-31,122.10\nEUR,"2025-07-31,131.75\nGBP,2025-07-31,150\n', "csv_unterminated_quote", 2),
    # closed two lines later: the csv module alone reads two rows, with the GBP rate inside a date
    (b'USD,2025-07-31,122.10\nEUR,"2025-07-31\nGBP",2025-07-31,150\n', "csv_multiline_field", 2),
    (b"USD,2025-07-31,122.10\nEUR,2025-07-31,1\x0031\n", "csv_nul_byte", 2),
])
def test_a_broken_csv_names_the_line_and_imports_nothing(book, body, reason, line):
    with pytest.raises(ValidationFailed) as err:
        rates.import_rates(book, body)
    e = err.value
    assert (e.code, e.field, e.details["reason"], e.details["line"]) == ("csv_malformed", "file", reason, line)
    assert e.message.startswith(f"Line {line}:") and e.message_bn.startswith(f"লাইন {to_bangla_digits(str(line))}:")
    assert rates.list_rates(book) == []


def test_non_utf8_names_the_line_and_the_row_limit_comes_from_settings(db, book, monkeypatch):
    with pytest.raises(ValidationFailed) as err:
        rates.import_rates(book, b"USD,2025-07-31,122.10\nEUR,2025-07-31,\xa0131\n")
    assert err.value.code == "file_not_utf8" and err.value.details["line"] == 2
    monkeypatch.setattr(db.settings, "import_max_rows", 2)
    with pytest.raises(ValidationFailed) as err:
        rates.import_rates(book, b"currency,date,rate\nUSD,2025-07-31,1\nEUR,2025-07-31,2\nGBP,2025-07-31,3\n")
    assert err.value.code == "rates_too_many" and err.value.details["limit"] == 2 and err.value.message_bn
    done = rates.import_rates(book, b"currency,date,rate\nUSD,2025-07-31,1\nEUR,2025-07-31,2\n")
    assert done.count == 2
