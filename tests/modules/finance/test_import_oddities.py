"""Security issue #10, finding 9: plain-text imports say what they did not take as written.

Found by hand: an hledger transaction with no postings became a posted entry with 0 lines, and payees
longer than the column were cut without a word. Now the empty transaction is left out with a warning
naming its line, a cut payee is reported by line, and an account name too long to keep is refused.
"""

from __future__ import annotations

import pytest

from vextrus.modules.finance import service
from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.service import plaintext as plaintext_io

OK = "2025-07-01 ok\n  assets:cash  ৳100\n  equity:capital\n"


def test_a_transaction_without_postings_is_not_an_entry_and_is_reported(db, admin):
    r = plaintext_io.import_plaintext("2025-07-02 nothing at all\n\n" + OK, "hledger", "EMPTY", source="u.journal")
    assert r.entries == 1
    assert r.warnings == ["u.journal:1: empty_transaction: a transaction with no postings was not imported"]
    assert [len(e.lines) for e in service.list_entries("EMPTY", limit=10)] == [2]


def test_a_payee_longer_than_kept_is_reported_by_line(db, admin):
    payee = "Rahim Steel & Cement Traders " * 10  # 290 characters
    r = plaintext_io.import_plaintext(f"2025-07-01 {payee}\n  assets:cash  ৳100\n  equity:capital\n", "hledger",
                                      "LONG", source="u.journal")
    assert "u.journal:1: payee_cut: the payee was cut to its first 200 characters" in r.warnings
    assert service.list_entries("LONG", limit=1)[0].payee == payee[:200]


def test_an_account_name_too_long_to_keep_is_refused_naming_the_line(db, admin):
    name = "expenses:" + "x" * 200
    with pytest.raises(LedgerError) as e:
        plaintext_io.import_plaintext(f"account {name}\n\n2025-07-01 t\n  {name}  ৳1\n  assets:cash\n", "hledger",
                                      "ACCT", source="u.journal")
    assert e.value.code == "account_name_too_long" and e.value.field == "u.journal:1"
    assert "ACCT" not in {b.code for b in service.list_books()}
