"""The bulk path's lean check agrees with the full journal rules: it never accepts what they refuse,
posts the same amounts, and takes every plain base-currency entry they accept."""

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.finance.domain import journal as dj
from vextrus.modules.finance.domain.accounts import Account, AccountType
from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.domain.fastpath import AccountRef, simple_lines

CHART = {
    "1110": Account("1110", "Cash", AccountType.ASSET),
    "1100": Account("1100", "Current assets", AccountType.ASSET, is_group=True),
    "1199": Account("1199", "Old bank", AccountType.ASSET, is_active=False),
    "1121": Account("1121", "USD bank", AccountType.ASSET, currency="USD"),
    "1122": Account("1122", "BDT-kept bank", AccountType.ASSET, currency="BDT"),
    "4100": Account("4100", "Contract revenue", AccountType.INCOME),
    "5110": Account("5110", "Materials", AccountType.EXPENSE),
}
REFS = {c: AccountRef(c, a.is_group, a.is_active, a.currency) for c, a in CHART.items()}

good = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
odd = st.sampled_from([D(0), D("0.00"), D("100.000"), D("-5"), D("0.001"), D("1E+2"), D("NaN")])
sides = st.one_of(st.tuples(good, st.just(D(0))), st.tuples(st.just(D(0)), good), st.tuples(good, st.just(D(0))),
                  st.tuples(st.just(D(0)), good), st.tuples(odd | good, odd | good))
line = st.builds(lambda code, dc, cur, rate: SimpleNamespace(account_code=code, debit=dc[0], credit=dc[1],
                                                             currency=cur, rate=rate, memo=""),
                 st.sampled_from([*CHART, "1110", "5110", "4100", "9999", ""]), sides,
                 st.sampled_from([None, None, None, "BDT", "USD", "bdt"]),
                 st.sampled_from([None, None, None, D(1), D("1.0"), D(2)]))
jtype = st.sampled_from(["general", "sales", "payment", "reversal", "closing", "bogus"])


def balanced(lines):
    """Most random entries are unbalanced; add a matching counter line to half of them."""
    if not all(ln.debit.is_finite() and ln.credit.is_finite() for ln in lines):
        return lines
    net = sum((ln.debit - ln.credit for ln in lines), D(0))
    if net > 0:
        return [*lines, SimpleNamespace(account_code="4100", debit=D(0), credit=net, currency=None, rate=None, memo="")]
    if net < 0:
        return [*lines, SimpleNamespace(account_code="5110", debit=-net, credit=D(0), currency=None, rate=None,
                                        memo="")]
    return lines


def full(jt, lines):
    """What the service's full path does with the same input."""
    ins = [dj.LineInput(ln.account_code, ln.debit, ln.credit, ln.currency or "BDT",
                        ln.rate if ln.rate is not None else D(1), ln.memo) for ln in lines]
    return dj.validate_entry(dj.EntryInput(jt, date(2025, 8, 1), ins), CHART)


@settings(max_examples=600, deadline=None)
@given(jtype, st.lists(line, min_size=0, max_size=4), st.booleans())
def test_lean_check_agrees_with_the_full_rules(jt, lines, fix):
    lines = balanced(lines) if fix else lines
    fast = simple_lines(jt, lines, REFS, "BDT")
    try:
        entry = full(jt, lines)
    except LedgerError:
        assert fast is None  # never accepts what the rules refuse
        return
    plain = all(ln.currency in (None, "BDT") and ln.rate is None for ln in lines)
    if plain:
        assert fast is not None  # the common entry takes the lean path
    if fast is not None:
        assert [(a.id, dr, cr, dr - cr) for a, dr, cr, _ in fast] == [
            (jl.account_code, jl.base_debit, jl.base_credit, jl.signed_amount) for jl in entry.lines]
        # the integer amount the writer stores is the signed amount in poisha, exactly
        assert [units for *_, units in fast] == [int(jl.signed_amount * 100) for jl in entry.lines]
        assert all(type(units) is int for *_, units in fast)


def test_lean_check_refuses_an_unbalanced_entry():
    lines = [SimpleNamespace(account_code="5110", debit=D("10.00"), credit=D(0), currency=None, rate=None),
             SimpleNamespace(account_code="1110", debit=D(0), credit=D("9.99"), currency=None, rate=None)]
    assert simple_lines("general", lines, REFS, "BDT") is None


def test_lean_check_counts_the_decimals_as_written():
    """100.000 is a whole number, but written with three decimals: more than BDT has, so the full
    rules decide (and refuse); 100.00 and 100 pass the lean check."""
    def entry(amount: str) -> list[SimpleNamespace]:
        return [SimpleNamespace(account_code="5110", debit=D(amount), credit=D(0), currency=None, rate=None),
                SimpleNamespace(account_code="1110", debit=D(0), credit=D(amount), currency=None, rate=None)]
    assert simple_lines("general", entry("100.000"), REFS, "BDT") is None
    assert [u for *_, u in simple_lines("general", entry("100.00"), REFS, "BDT")] == [10000, -10000]
    assert [u for *_, u in simple_lines("general", entry("100"), REFS, "BDT")] == [10000, -10000]


# ---- the writer's driver-ready rows ----------------------------------------------------------

import gc  # noqa: E402
from uuid import UUID, uuid4  # noqa: E402

from sqlalchemy.dialects import sqlite  # noqa: E402
from sqlalchemy.dialects.postgresql import psycopg  # noqa: E402

from vextrus.modules.finance import posting  # noqa: E402
from vextrus.modules.finance.tables import JournalEntry, JournalLine  # noqa: E402
from vextrus.platform import context  # noqa: E402

PERIOD = posting.PeriodRef(uuid4(), uuid4(), "2025-26", 2, date(2025, 8, 1), date(2025, 8, 31), "open")
ACCOUNTS = [uuid4() for _ in range(3)]
money = st.decimals(min_value=D("0.01"), max_value=D("999999999.99"), places=2)


@st.composite
def new_line(draw):  # noqa: ANN001, ANN201
    """A line as any posting path builds it: plain (with or without `minor`), foreign, lot, dimensions."""
    amt, debit = draw(money), draw(st.booleans())
    dr, cr = (amt, D(0)) if debit else (D(0), amt)
    kind = draw(st.sampled_from(["plain", "minor", "fx", "lot"]))
    dims = draw(st.sampled_from([None, {"project_id": uuid4(), "cost_centre_id": None, "department_id": None,
                                         "party_id": uuid4()}]))
    ln = posting.NewLine(draw(st.sampled_from(ACCOUNTS)), "BDT", dr - cr, dr, cr, memo=draw(st.text(max_size=5)),
                         dims=dims, activity_code="A100" if dims else None)
    if kind == "minor":
        ln.minor = int((dr - cr) * 100)
    elif kind == "fx":
        ln.commodity, ln.rate = "USD", D("117.5")
        ln.quantity = ((dr - cr) / ln.rate).quantize(D("0.000001"))
    elif kind == "lot":
        ln.commodity, ln.quantity, ln.price_commodity, ln.price = "GP", D(3), "BDT", D("1.25")
        ln.cost_commodity, ln.cost_quantity = "BDT", dr - cr
    return ln


entries_st = st.lists(st.builds(lambda d, lines: posting.NewEntry("general", date(2025, 8, d), lines, number=f"JV/{d}",
                                                                  auto_reverse_on=date(2025, 9, 1) if d % 2 else None),
                                st.integers(1, 31), st.lists(new_line(), min_size=2, max_size=4)),
                      min_size=1, max_size=5)


def _generic(conn, table, cols, rows):  # noqa: ANN001, ANN202
    """What `write_rows` makes of Python-valued rows: the columns' own bind processors."""
    enc = dict(posting._encoders_for(conn, table, cols))
    return [tuple(enc[i](v) if i in enc else v for i, v in enumerate(r)) for r in rows]


@settings(max_examples=150, deadline=None)
@given(entries_st, st.sampled_from([sqlite.dialect(), psycopg.dialect()]))
def test_driver_ready_rows_are_what_the_column_types_would_write(entries, dialect):
    conn = SimpleNamespace(dialect=dialect)
    book, tenant = uuid4(), uuid4()
    for e in entries:
        e.period = PERIOD
    codec = posting.codec_for(conn)
    with context.acting_as(context.system_context(tenant, actor="tester")):
        fast_lines = posting.encoded_line_rows(codec, entries, book, tenant, posted=True)
        ids = [ln.id for e in entries for ln in e.lines]
        generic = _generic(conn, JournalLine.__table__, posting.LINE_COLS,
                           posting.line_rows(entries, book, tenant, posted=True))
        fast_entries = posting.encoded_entry_rows(codec, entries, book, tenant, "posted")
        generic_entries = _generic(conn, JournalEntry.__table__, posting.ENTRY_COLS,
                                   posting.entry_rows(entries, book, tenant, "posted"))
    assert [r[1:] for r in fast_lines] == [r[1:] for r in generic]  # every column but the new line id
    # (timestamps are read from the clock twice; the rest must match exactly)
    assert [r[:17] + r[18:20] for r in fast_entries] == [r[:17] + r[18:20] for r in generic_entries]
    # new line ids: time-ordered and unique, in the column's stored form; project lines know theirs
    enc_id = dict(posting._encoders_for(conn, JournalLine.__table__, ("id",))).get(0, lambda u: u)
    got = [r[0] for r in fast_lines]
    assert got == sorted(got) and len(set(got)) == len(got)
    assert all(enc_id(UUID(str(i))) == i for i in got)
    assert [i for i, lid in zip(got, ids, strict=True) if lid is not None] == [enc_id(lid) for lid in ids if lid]


def test_a_line_id_is_a_version_7_uuid():
    first, second = posting.line_ids(2)
    parsed = UUID(str(first))
    assert parsed == first and parsed.version == 7 and parsed.variant == "specified in RFC 4122"
    assert str(second) > str(first)
    assert posting.uuid_of(first.int) == first and hash(posting.uuid_of(first.int)) == hash(first)


def test_collector_pauses_for_a_large_batch_and_resumes_after():
    assert gc.isenabled()
    with posting.gc_paused(10):  # a single entry or a few: left alone
        assert gc.isenabled()
    with posting.gc_paused(5000):
        assert not gc.isenabled()
        with posting.gc_paused(5000):  # another batch at the same time (threads)
            assert not gc.isenabled()
        assert not gc.isenabled()  # still one batch running
    assert gc.isenabled()
    try:
        with posting.gc_paused(5000):
            raise RuntimeError("a rule refused the batch")
    except RuntimeError:
        pass
    assert gc.isenabled()  # resumes even when the batch fails
