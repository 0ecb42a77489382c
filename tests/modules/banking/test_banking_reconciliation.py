"""banking: suggestions, manual match, post-and-match and the reconciliation report on both databases; the
report identity (book + adjustments = statement) as a property of the pure rule."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from banking_testkit import DATA, post
from hypothesis import given, settings
from hypothesis import strategies as s

from vextrus.modules.banking import service
from vextrus.modules.banking.domain import matching as dm
from vextrus.modules.banking.schemas import MatchInput, PostAndMatchInput
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.ids import new_id

D = Decimal


@pytest.fixture
def books(company):
    """The March postings: the cheque to the cement vendor, the client's receipt, one cheque not yet presented."""
    return {
        "cement": post(company, date(2026, 3, 1), "Cheque 456789 to Shitalakshya Cement", D("-250000.00")),
        "client": post(company, date(2026, 3, 4), "RA bill 3 received", D("1234567.89"), contra="1130",
                       reference="FT26064ABC"),
        "rahman": post(company, date(2026, 3, 9), "Cheque 456790 to Rahman Construction", D("-100000.00")),
        "decoy": post(company, date(2026, 3, 3), "Another payment of the same amount", D("-250000.00")),
    }


def _line(account_id, amount):
    return next(ln for ln in service.statement_lines(account_id) if ln.amount == D(amount))


def test_suggestions_rank_by_reference_and_date(db, account, books):
    service.import_statement(account.id, "dbbl.csv", (DATA / "dbbl_statement.csv").read_bytes())
    found = service.suggestions(account.id)
    cheque = _line(account.id, "-250000.00")
    best = found[cheque.id]
    assert [x.entry_id for x in best] == [books["cement"].id, books["decoy"].id]
    assert best[0].reference_found and best[0].score > best[1].score
    deposit = _line(account.id, "1234567.89")
    assert found[deposit.id][0].entry_id == books["client"].id and found[deposit.id][0].days_apart == 1
    assert _line(account.id, "-115.00").id not in found  # bank charges: nothing in the books
    assert service.suggestions(account.id, window_days=0).get(cheque.id, [])[:1] == []  # a day apart


def test_match_unmatch_and_post_bank_charges(db, account, books):
    service.import_statement(account.id, "dbbl.csv", (DATA / "dbbl_statement.csv").read_bytes())
    cheque = _line(account.id, "-250000.00")
    suggestion = service.suggestions(account.id)[cheque.id][0]
    matched = service.match(MatchInput(statement_line_id=cheque.id, journal_line_ids=[suggestion.journal_line_id]),
                            idempotency_key="m1")
    assert matched.status == "matched" and matched.journal_line_ids == [suggestion.journal_line_id]
    again = service.match(MatchInput(statement_line_id=cheque.id, journal_line_ids=[suggestion.journal_line_id]),
                          idempotency_key="m1")
    assert again == matched
    with pytest.raises(Conflict):
        service.match(MatchInput(statement_line_id=cheque.id, journal_line_ids=[suggestion.journal_line_id]))
    deposit = _line(account.id, "1234567.89")
    with pytest.raises(ValidationFailed) as bad:  # the sum must be exact
        decoy = next(b for b in service.book_lines(account.id) if b.entry_id == books["decoy"].id)
        service.match(MatchInput(statement_line_id=deposit.id, journal_line_ids=[decoy.journal_line_id]))
    assert bad.value.code == "banking.match_amount_differs" and bad.value.message_bn
    assert service.unmatch(cheque.id).status == "unmatched"
    assert cheque.id in service.suggestions(account.id)
    charges = _line(account.id, "-115.00")
    done = service.post_and_match(PostAndMatchInput(statement_line_id=charges.id, contra_account_code="5270",
                                                    narration="SMS alert charge"))
    assert done.status == "matched" and len(done.journal_line_ids) == 1
    from vextrus.modules.finance import api as finance

    assert finance.account_balance(account.company_id, "5270") == D("115.00")


def test_a_statement_line_matches_several_journal_lines(db, account, company):
    a = post(company, date(2026, 3, 4), "Receipt part 1", D("1000000.00"), contra="1130")
    b = post(company, date(2026, 3, 5), "Receipt part 2", D("234567.89"), contra="1130")
    service.import_statement(account.id, "dbbl.csv", (DATA / "dbbl_statement.csv").read_bytes())
    deposit = _line(account.id, "1234567.89")
    ids = [ln.journal_line_id for ln in service.book_lines(account.id) if ln.entry_id in (a.id, b.id)]
    assert service.match(MatchInput(statement_line_id=deposit.id, journal_line_ids=ids)).status == "matched"


def test_the_report_reconciles(db, account, books):
    service.import_statement(account.id, "dbbl.csv", (DATA / "dbbl_statement.csv").read_bytes())
    for ln in service.statement_lines(account.id):
        options = service.suggestions(account.id).get(ln.id)
        if options:
            service.match(MatchInput(statement_line_id=ln.id, journal_line_ids=[options[0].journal_line_id]))
    rep = service.reconciliation_report(account.id, date(2026, 3, 31))
    assert rep.statement_balance == D("1984452.89")
    assert rep.book_balance == D("1000000") - 250000 + D("1234567.89") - 100000 - 250000
    assert sorted(i.amount for i in rep.outstanding_cheques) == [D("-250000.00"), D("-100000.00")]
    assert [i.amount for i in rep.unmatched_statement_lines] == [D("-115.00")]
    assert rep.difference == 0 and rep.adjusted_book_balance == rep.statement_balance
    early = service.reconciliation_report(account.id, date(2026, 3, 3))  # before the client's money cleared
    assert early.difference == 0 and early.statement_balance == D("750000.00")


amounts = s.integers(-10**8, 10**8).map(lambda c: D(c) / 100)
days = s.integers(0, 40).map(lambda n: date(2026, 3, 1) + timedelta(days=n))


@settings(max_examples=200, deadline=None)
@given(s.lists(s.tuples(amounts, days, days, s.booleans()), max_size=25),
       s.lists(s.tuples(amounts, days), max_size=10), s.lists(s.tuples(amounts, days), max_size=10),
       amounts, days, s.integers(-5, 45))
def test_book_plus_adjustments_is_the_statement_to_the_poisha(pairs, bank_only, book_only, opening, start, as_of_n):
    """Whatever is matched or not and whatever the day: book + adjustments = statement, exactly."""
    stmt, book, matches = [], [], []
    for amount, s_day, b_day, split in pairs:  # a matched pair (or a split into two book lines) sums exactly
        sid = new_id()
        stmt.append(dm.StmtLine(sid, s_day, amount))
        parts = [amount] if not split else [amount - D("0.01"), D("0.01")]
        for p in parts:
            bid = new_id()
            book.append(dm.BookLine(bid, new_id(), b_day, p))
            matches.append((sid, bid))
    stmt += [dm.StmtLine(new_id(), d, a) for a, d in bank_only]
    book += [dm.BookLine(new_id(), new_id(), d - timedelta(days=10), a) for a, d in book_only]
    as_of = date(2026, 3, 1) + timedelta(days=as_of_n)
    rep = dm.reconcile(as_of, opening, start, stmt, book, matches)
    assert rep.adjusted_book_balance == rep.statement_balance and rep.difference == 0
    assert rep.statement_balance == opening + sum((x.amount for x in stmt if x.line_date <= as_of), D(0))
    assert all(i.amount < 0 for i in rep.outstanding_cheques) and all(i.amount > 0 for i in rep.deposits_in_transit)


def test_suggestions_are_exact_in_amount_and_sign():
    s1 = dm.StmtLine(new_id(), date(2026, 3, 5), D("-500.00"), "000123")
    book = [dm.BookLine(new_id(), new_id(), date(2026, 3, 5), D("500.00"), "cheque 123"),
            dm.BookLine(new_id(), new_id(), date(2026, 3, 9), D("-500.00"), "cheque 123"),
            dm.BookLine(new_id(), new_id(), date(2026, 3, 7), D("-500.00"), "chq no 000123"),
            dm.BookLine(new_id(), new_id(), date(2026, 3, 5), D("-500.01"), "")]
    found = dm.suggest([s1], book)[s1.id]
    assert [x.journal_line_id for x in found] == [book[2].id] and found[0].reference_found
