"""The write path every posting takes: period check, gapless numbers, row inserts, balance upserts.

One function (`insert_posted`) serves the single-entry service commands, the bulk API and the
plain-text import, so there is one place where lines are written and the projection moves with
them, in the caller's transaction. It is built for batches: rows are plain tuples encoded once per
column and written with the driver's executemany (pipelined by psycopg 3; SQLite's is a C loop),
each batch takes its document numbers with one upsert ... RETURNING per sequence (the row lock
serialises concurrent posters, so numbers stay gapless), and the projection moves with one
aggregated upsert.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, SafeUUID

from sqlalchemy import Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from vextrus.platform import clock, collector, context
from vextrus.platform.db import Amount
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import format_date, to_bangla_digits
from vextrus.platform.ids import new_id

from .domain.errors import LedgerError
from .domain.fiscal import PeriodState, check_can_post
from .domain.numbering import format_document_number
from .tables import MONEY, QTY, RATE, Balance, FiscalYear, JournalEntry, JournalLine, Period
from .tables import Sequence as NumberSequence

ZERO = Decimal(0)
ONE = Decimal(1)
MONEY_SCALE = MONEY.scale  # `NewLine.minor` is in this scale
DIMENSIONS = ("cost_centre_id", "project_id", "department_id", "party_id")


@dataclass(slots=True)
class PeriodRef:
    id: UUID
    fiscal_year_id: UUID
    fy_label: str
    number: int
    start: date
    end: date
    state: str

    @property
    def code(self) -> str:
        return f"{self.fy_label} P{self.number:02d}"


@dataclass
class Calendar:
    """The book's periods, loaded once per unit of work (a book has a few dozen)."""

    periods: list[PeriodRef]
    _by_date: dict[date, PeriodRef] = field(default_factory=dict, repr=False)

    def for_date(self, d: date, fld: str = "entry_date") -> PeriodRef:
        p = self._by_date.get(d)
        if p is not None:
            return p
        for p in self.periods:
            if p.start <= d <= p.end:
                self._by_date[d] = p
                return p
        raise LedgerError("fiscal_year_missing", f"No fiscal year of this book contains {d.isoformat()}; "
                          "open the fiscal year first.", f"{format_date(d, 'bn')} তারিখের কোনো অর্থবছর খোলা নেই।",
                          field=fld, details={"date": d.isoformat()})


def load_calendar(session: Session, book_id: UUID) -> Calendar:
    rows = session.execute(
        select(Period.id, Period.fiscal_year_id, FiscalYear.label, Period.number, Period.start_date, Period.end_date,
               Period.state)
        .join(FiscalYear, FiscalYear.id == Period.fiscal_year_id)
        .where(Period.book_id == book_id).order_by(Period.start_date)
    ).all()
    return Calendar([PeriodRef(*r) for r in rows])


@dataclass(slots=True)
class NewLine:
    account_id: UUID
    commodity: str
    quantity: Decimal  # signed, debit positive
    base_debit: Decimal
    base_credit: Decimal
    rate: Decimal = ONE
    memo: str = ""
    price_commodity: str | None = None
    price: Decimal | None = None
    cost_commodity: str | None = None
    cost_quantity: Decimal | None = None
    dims: dict[str, UUID | None] | None = None
    activity_code: str | None = None  # with a project: the project's activity the cost belongs to
    id: UUID | None = None  # set by `line_rows` on project lines (the cost line's reference)
    # base_debit − base_credit in hundredths (MONEY_SCALE), set only for a plain base-commodity line at
    # rate 1 (quantity = base_debit − base_credit; the bulk fast path): the writer stores it as is
    minor: int | None = None

    @property
    def value_commodity(self) -> str:
        return self.cost_commodity if self.cost_commodity is not None else self.commodity

    @property
    def value_quantity(self) -> Decimal:
        return self.cost_quantity if self.cost_quantity is not None else self.quantity


@dataclass(slots=True)
class NewEntry:
    journal_type: str
    entry_date: date
    lines: list[NewLine]
    narration: str = ""
    reference: str = ""
    payee: str = ""
    mark: str = ""
    code: str = ""
    source: str = "manual"
    reverses_id: UUID | None = None
    auto_reverse_on: date | None = None
    id: UUID = field(default_factory=new_id)
    # filled by insert_posted
    number: str = ""
    period: PeriodRef | None = None


def dim_key(dims: dict[str, Any] | None, closing: bool = False) -> str:
    key = "|".join(str(dims.get(d) or "") for d in DIMENSIONS) if dims else ""
    key = "" if key == "|||" else key
    return key + ("#closing" if closing else "")


def check_periods(entries: list[NewEntry], cal: Calendar, allow_closed: bool = False) -> None:
    for i, e in enumerate(entries):
        p = cal.for_date(e.entry_date)
        if p.state != "open" and not (allow_closed and p.state == "closed"):
            try:
                check_can_post(PeriodState(p.state), e.journal_type, p.code)
            except LedgerError as exc:
                if len(entries) > 1:
                    exc.details["entry_index"] = i
                raise
        e.period = p


def _ins(session: Session) -> Callable[[Any], Any]:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _date_and_id(e: NewEntry) -> tuple[date, int]:
    return e.entry_date, e.id.int  # the int compares in C (a UUID's __lt__ is Python)


def allocate_numbers(session: Session, book_id: UUID, tenant_id: UUID, entries: list[NewEntry]) -> None:
    """Give each entry the next number of its journal type and fiscal year, gaplessly.

    One upsert ... RETURNING per sequence reserves the whole group: it creates the row or adds the
    group size under the row lock, which concurrent posters wait on until this transaction ends."""
    groups: dict[tuple[str, UUID, str], list[NewEntry]] = defaultdict(list)
    for e in entries:
        assert e.period is not None
        groups[(e.journal_type, e.period.fiscal_year_id, e.period.fy_label)].append(e)
    t = NumberSequence.__table__
    ins = _ins(session)(t)
    stmt = ins.on_conflict_do_update(index_elements=[t.c.book_id, t.c.journal_type, t.c.fiscal_year_id],
                                     set_={"last_value": t.c.last_value + ins.excluded.last_value}
                                     ).returning(t.c.last_value)
    # a fixed lock order (type, year) so two batches never wait on each other in a cycle
    for (jtype, fy_id, label), group in sorted(groups.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        last = session.execute(stmt.values(book_id=book_id, journal_type=jtype, fiscal_year_id=fy_id,
                                           tenant_id=tenant_id, last_value=len(group))).scalar_one()
        group.sort(key=_date_and_id)
        first = last - len(group) + 1
        # the format's checks (known type, sequence fits) on the widest number; the rest share its prefix
        prefix = format_document_number(jtype, label, last, width=6 if last < 10**6 else 9).rsplit("/", 1)[0] + "/"
        for n, e in enumerate(group, start=first):
            e.number = f"{prefix}{n:06d}" if n < 10**6 else f"{prefix}{n:09d}"


# ---- the cyclic garbage collector ------------------------------------------------------------

GC_PAUSE_MIN_ENTRIES = 100


def gc_paused(entries: int):  # noqa: ANN201 - a context manager
    """Hold off the cyclic collector while a batch of `entries` is built and written (platform.collector)."""
    return collector.paused_for(entries, GC_PAUSE_MIN_ENTRIES)


# ---- rows as tuples ------------------------------------------------------------------------

ENTRY_COLS = ("id", "tenant_id", "book_id", "number", "journal_type", "entry_date", "period_id", "status",
              "narration", "reference", "payee", "mark", "code", "source", "reverses_id", "reversed_by_id",
              "auto_reverse_on", "posted_at", "posted_by", "version", "created_at", "updated_at")
LINE_COLS = ("id", "tenant_id", "entry_id", "book_id", "line_no", "account_id", "entry_date", "period_id", "posted",
             "commodity", "quantity", "rate", "price_commodity", "price", "cost_commodity", "cost_quantity",
             "base_debit", "base_credit", "memo", *DIMENSIONS, "activity_code")


def entry_rows(entries: Iterable[NewEntry], book_id: UUID, tenant_id: UUID, status: str) -> list[tuple[Any, ...]]:
    now = clock.now()
    posted = status != "draft"
    actor = context.current().actor if posted else None
    posted_at = now if posted else None
    out = []
    for e in entries:
        assert e.period is not None
        out.append((e.id, tenant_id, book_id, e.number or None, e.journal_type, e.entry_date, e.period.id, status,
                    e.narration[:2000], e.reference[:200], e.payee[:200], e.mark, e.code[:60], e.source,
                    e.reverses_id, None, e.auto_reverse_on, posted_at, actor, 1, now, now))
    return out


_new_object = object.__new__
_set = object.__setattr__


def uuid_of(value: int) -> UUID:
    """`UUID(int=value)` without its argument checks (`value` comes from `id_ints`, always 128-bit)."""
    u = _new_object(UUID)
    _set(u, "int", value)
    _set(u, "is_safe", SafeUUID.unknown)
    return u


def id_ints(n: int) -> range:
    """n UUIDv7 ids as integers: one clock read and one random draw per batch, counting up from there
    (time-ordered like `new_id`, a fraction of its cost per id)."""
    ms = time.time_ns() // 1_000_000
    start = int.from_bytes(os.urandom(10), "big")
    rand_a, rand_b = start >> 68, start & ((1 << 61) - 1)  # rand_b leaves room to count up
    hi = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0x2 << 62
    return range(hi | rand_b, (hi | rand_b) + n)  # the low 62 bits never carry over (rand_b < 2**61)


def line_ids(n: int) -> Iterator[UUID]:
    """n UUIDv7 ids at once (see `id_ints`)."""
    return map(uuid_of, id_ints(n))


def line_rows(entries: Sequence[NewEntry], book_id: UUID, tenant_id: UUID, posted: bool) -> list[tuple[Any, ...]]:
    out = []
    ids = line_ids(sum(len(e.lines) for e in entries))
    for e in entries:
        assert e.period is not None
        eid, d, pid = e.id, e.entry_date, e.period.id
        for i, ln in enumerate(e.lines, 1):
            dims = ln.dims
            lid = next(ids)
            if dims:
                ln.id = lid  # project costs name their line (projects records each line once)
                out.append((lid, tenant_id, eid, book_id, i, ln.account_id, d, pid, posted, ln.commodity,
                            ln.quantity, ln.rate, ln.price_commodity, ln.price, ln.cost_commodity, ln.cost_quantity,
                            ln.base_debit, ln.base_credit, ln.memo[:1000], dims.get("cost_centre_id"),
                            dims.get("project_id"), dims.get("department_id"), dims.get("party_id"),
                            ln.activity_code))
            else:
                out.append((lid, tenant_id, eid, book_id, i, ln.account_id, d, pid, posted, ln.commodity,
                            ln.quantity, ln.rate, ln.price_commodity, ln.price, ln.cost_commodity, ln.cost_quantity,
                            ln.base_debit, ln.base_credit, ln.memo[:1000], None, None, None, None, None))
    return out


def _scaled(scale: int) -> Callable[[Any], int | None]:
    """Decimal → scaled integer, refusing extra decimals exactly like `Amount` does."""
    def enc(v: Any) -> int | None:
        if v is None:
            return None
        s = (v if type(v) is Decimal else Decimal(v)).scaleb(scale)
        i = int(s)
        if i != s:
            raise ValidationFailed("amount_precision", f"{v} has more than {scale} decimal places",
                                   f"পরিমাণে দশমিকের পরে সর্বোচ্চ {to_bangla_digits(str(scale))}টি অঙ্ক দেওয়া যায়", details={"scale": scale})
        return i
    return enc


_encoders: dict[tuple[str, str, tuple[str, ...]], list[tuple[int, Callable[[Any], Any]]]] = {}


def _encoders_for(conn: Connection, table: Table, cols: Sequence[str]) -> list[tuple[int, Callable[[Any], Any]]]:
    """(position, converter) for the columns whose values the driver cannot take as they are."""
    key = (conn.dialect.name, table.fullname, tuple(cols))
    found = _encoders.get(key)
    if found is None:
        found = []
        for i, name in enumerate(cols):
            typ = table.c[name].type
            if isinstance(typ, Amount):
                found.append((i, _scaled(typ.scale)))
            else:
                proc = typ.dialect_impl(conn.dialect).bind_processor(conn.dialect)
                if proc is not None:
                    found.append((i, proc))
        _encoders[key] = found
    return found


def _identity(v: Any) -> Any:
    return v


@dataclass(frozen=True, slots=True)
class Codec:
    """Python values → what the driver takes, for one dialect: the columns' own bind processors
    (`Uuid`, `Date`, `Boolean`, `UtcDateTime`, `Amount`), looked up once, so rows can be built
    driver-ready and each repeated value (book, tenant, account, period, date) converted once."""

    uuid: Callable[[Any], Any]
    new_id: Callable[[int], Any]  # an id from `id_ints`, as the driver takes it
    day: Callable[[Any], Any]
    flag: Callable[[Any], Any]
    stamp: Callable[[Any], Any]
    money: Callable[[Any], Any]
    qty: Callable[[Any], Any]
    rate: Callable[[Any], Any]


_codecs: dict[str, Codec] = {}


def codec_for(conn: Connection) -> Codec:
    found = _codecs.get(conn.dialect.name)
    if found is None:
        d = conn.dialect
        line, entry = JournalLine.__table__, JournalEntry.__table__

        def proc(col: Any) -> Callable[[Any], Any]:
            return col.type.dialect_impl(d).bind_processor(d) or _identity

        uuid = proc(line.c.id)
        probe = uuid_of(0x0192F0C1_55AA_7ABC_8DEF_0123456789AB)
        if uuid is _identity:
            new: Callable[[int], Any] = uuid_of
        elif uuid(probe) == probe.hex:
            new = "%032x".__mod__  # SQLite: ids are stored as 32 hex digits
        else:
            def new(i: int) -> Any:
                return uuid(uuid_of(i))
        found = Codec(uuid, new, proc(line.c.entry_date), proc(line.c.posted), proc(entry.c.posted_at),
                      _scaled(MONEY.scale), _scaled(QTY.scale), _scaled(RATE.scale))
        _codecs[d.name] = found
    return found


def encoded_entry_rows(codec: Codec, entries: Iterable[NewEntry], book_id: UUID, tenant_id: UUID,
                       status: str) -> list[tuple[Any, ...]]:
    """`entry_rows`, driver-ready."""
    now = codec.stamp(clock.now())
    posted = status != "draft"
    actor = context.current().actor if posted else None
    posted_at = now if posted else None
    uuid, t, b = codec.uuid, codec.uuid(tenant_id), codec.uuid(book_id)
    days: dict[date | None, Any] = {None: None}
    periods: dict[UUID, Any] = {}
    out = []
    for e in entries:
        p = e.period
        assert p is not None
        d = e.entry_date
        day = days[d] if d in days else days.setdefault(d, codec.day(d))
        pid = periods.get(p.id) or periods.setdefault(p.id, uuid(p.id))
        rev = e.auto_reverse_on
        out.append((uuid(e.id), t, b, e.number or None, e.journal_type, day, pid, status, e.narration[:2000],
                    e.reference[:200], e.payee[:200], e.mark, e.code[:60], e.source,
                    None if e.reverses_id is None else uuid(e.reverses_id), None,
                    days[rev] if rev in days else days.setdefault(rev, codec.day(rev)), posted_at, actor, 1, now, now))
    return out


def encoded_line_rows(codec: Codec, entries: Sequence[NewEntry], book_id: UUID, tenant_id: UUID,
                      posted: bool) -> list[tuple[Any, ...]]:
    """`line_rows`, driver-ready: lines with `minor` set skip the Decimal conversions."""
    uuid, new_id, money, qty, rate = codec.uuid, codec.new_id, codec.money, codec.qty, codec.rate
    t, b, flag = uuid(tenant_id), uuid(book_id), codec.flag(posted)
    rate_one, qty_factor = rate(ONE), 10 ** (QTY.scale - MONEY.scale)
    days: dict[date, Any] = {}
    periods: dict[UUID, Any] = {}
    accounts: dict[UUID, Any] = {}
    ids = iter(id_ints(sum(len(e.lines) for e in entries)))
    out = []
    append = out.append
    for e in entries:
        p = e.period
        assert p is not None
        d = e.entry_date
        eid = uuid(e.id)
        day = days.get(d) or days.setdefault(d, codec.day(d))
        pid = periods.get(p.id) or periods.setdefault(p.id, uuid(p.id))
        for i, ln in enumerate(e.lines, 1):
            lid = next(ids)
            a = ln.account_id
            acc = accounts.get(a) or accounts.setdefault(a, uuid(a))
            m = ln.minor
            if m is not None:
                q, r, dr, cr = m * qty_factor, rate_one, (m if m > 0 else 0), (-m if m < 0 else 0)
            else:
                q, r, dr, cr = qty(ln.quantity), rate(ln.rate), money(ln.base_debit), money(ln.base_credit)
            dims = ln.dims
            if dims:
                ln.id = uuid_of(lid)  # project costs name their line (projects records each line once)
                cc, pr, dp, pa = (dims.get(k) for k in DIMENSIONS)
                append((new_id(lid), t, eid, b, i, acc, day, pid, flag, ln.commodity, q, r, ln.price_commodity,
                        None if ln.price is None else rate(ln.price), ln.cost_commodity,
                        None if ln.cost_quantity is None else qty(ln.cost_quantity), dr, cr, ln.memo[:1000],
                        None if cc is None else uuid(cc), None if pr is None else uuid(pr),
                        None if dp is None else uuid(dp), None if pa is None else uuid(pa), ln.activity_code))
            elif ln.price is None and ln.cost_quantity is None:
                append((new_id(lid), t, eid, b, i, acc, day, pid, flag, ln.commodity, q, r, ln.price_commodity,
                        None, ln.cost_commodity, None, dr, cr, ln.memo[:1000], None, None, None, None, None))
            else:
                append((new_id(lid), t, eid, b, i, acc, day, pid, flag, ln.commodity, q, r, ln.price_commodity,
                        None if ln.price is None else rate(ln.price), ln.cost_commodity,
                        None if ln.cost_quantity is None else qty(ln.cost_quantity), dr, cr, ln.memo[:1000],
                        None, None, None, None, None))
    return out


# PostgreSQL batches of at least this many rows go in by COPY (see `copy_rows`); None: always executemany.
# COPY costs three more round trips, so single entries keep executemany; bulk batches gain ~40 % (docs).
COPY_MIN_ROWS: int | None = 1000


def copy_rows(conn: Connection, table: Table, cols: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY `rows` (driver-ready values) into a temporary twin of `table`, then move them
    with one INSERT ... SELECT in the same transaction. COPY FROM refuses a table under row-level
    security, so it cannot write the journal directly; the INSERT is checked by the policy as usual."""
    tmp = f"copy_{table.name}"
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {tmp} (LIKE {table.schema}.{table.name}) ON COMMIT DELETE ROWS")
    names = ", ".join(cols)
    with cur.copy(f"COPY {tmp} ({names}) FROM STDIN") as cp:
        for r in rows:
            cp.write_row(r)
    cur.execute(f"INSERT INTO {table.schema}.{table.name} ({names}) SELECT {names} FROM {tmp}")
    cur.execute(f"TRUNCATE {tmp}")


def write_rows(session_or_conn: Session | Connection, table: Table, cols: Sequence[str],
               rows: list[tuple[Any, ...]], *, encoded: bool = False) -> None:
    """INSERT `rows` (tuples in `cols` order: Python values, or driver-ready ones when `encoded`) with one
    driver executemany (or COPY, for large PostgreSQL batches when `COPY_MIN_ROWS` says so)."""
    if not rows:
        return
    conn = session_or_conn.connection() if isinstance(session_or_conn, Session) else session_or_conn
    enc = None if encoded else _encoders_for(conn, table, cols)
    if enc:
        # column by column; ids, dates and amounts repeat across a batch, so each is converted once
        columns: list[Any] = list(zip(*rows, strict=True))
        for i, f in enc:
            if cols[i] == "id":
                columns[i] = [f(v) for v in columns[i]]
            else:
                memo: dict[Any, Any] = {None: None}
                columns[i] = [memo[v] if v in memo else memo.setdefault(v, f(v)) for v in columns[i]]
        rows = list(zip(*columns, strict=True))
    pg = conn.dialect.name == "postgresql"
    if pg and COPY_MIN_ROWS is not None and len(rows) >= COPY_MIN_ROWS and table.schema:
        copy_rows(conn, table, cols, rows)
        return
    name = f"{table.schema}.{table.name}" if pg and table.schema else table.name
    mark = "%s" if pg else "?"
    sql = f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})"
    conn.exec_driver_sql(sql, rows)  # type: ignore[arg-type]


# ---- projection ----------------------------------------------------------------------------


def apply_balances(session: Session, book_id: UUID, tenant_id: UUID, entries: list[NewEntry]) -> None:
    """Add the entries' lines to the projection with one aggregated upsert per key."""
    # per period, then per (account, commodity, dimension key): lines of one period hash only their account
    by_period: dict[UUID, dict[tuple[Any, ...], list[Any]]] = {}
    for e in entries:
        assert e.period is not None
        closing = e.journal_type == "closing"
        pid = e.period.id
        agg = by_period.get(pid)
        if agg is None:
            agg = by_period[pid] = {}
        for ln in e.lines:
            dims = ln.dims
            key = (ln.account_id, ln.cost_commodity if ln.cost_commodity is not None else ln.commodity,
                   dim_key(dims, closing) if (dims or closing) else "")
            qty = ln.cost_quantity if ln.cost_quantity is not None else ln.quantity
            row = agg.get(key)
            if row is None:
                agg[key] = [ln.base_debit, ln.base_credit, qty, 1, dims or {}]
            else:
                row[0] += ln.base_debit
                row[1] += ln.base_credit
                row[2] += qty
                row[3] += 1
    upsert_balances(session, book_id, tenant_id, {(acc, pid, com, key): row for pid, agg in by_period.items()
                                                  for (acc, com, key), row in agg.items()})


def upsert_balances(session: Session, book_id: UUID, tenant_id: UUID, agg: dict[tuple[Any, ...], list[Any]]) -> None:
    if not agg:
        return
    t = Balance.__table__
    ins = _ins(session)(t)
    stmt = ins.on_conflict_do_update(
        index_elements=[t.c.book_id, t.c.account_id, t.c.period_id, t.c.commodity, t.c.dim_key],
        set_={"base_debit": t.c.base_debit + ins.excluded.base_debit,
              "base_credit": t.c.base_credit + ins.excluded.base_credit,
              "quantity": t.c.quantity + ins.excluded.quantity,
              "line_count": t.c.line_count + ins.excluded.line_count},
    )
    rows = []
    # sorted so concurrent batches lock projection rows in the same order (no deadlock)
    for (account_id, period_id, commodity, key), (dr, cr, qty, n, dims) in sorted(
            agg.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]), kv[0][2], kv[0][3])):
        rows.append({"book_id": book_id, "account_id": account_id, "period_id": period_id, "commodity": commodity,
                     "dim_key": key, "tenant_id": tenant_id, "base_debit": dr, "base_credit": cr, "quantity": qty,
                     "line_count": n, **{d: dims.get(d) for d in DIMENSIONS}})
    session.execute(stmt, rows)


def _entry_date(e: NewEntry) -> date:
    return e.entry_date


def insert_posted(session: Session, book_id: UUID, tenant_id: UUID, entries: list[NewEntry], *,
                  allow_closed: bool = False, cal: Calendar | None = None) -> None:
    """Post already-validated entries: numbers, entry and line rows, projection — all in this transaction."""
    if not entries:
        return
    cal = cal or load_calendar(session, book_id)
    check_periods(entries, cal, allow_closed)
    allocate_numbers(session, book_id, tenant_id, entries)
    # rows go in date order (the caller's list keeps its own): with the bulk path's ids counting up in
    # date order, every index (id, entry, account × date, period × date) takes the batch in key order
    entries = sorted(entries, key=_entry_date)
    conn = session.connection()
    codec = codec_for(conn)
    write_rows(conn, JournalEntry.__table__, ENTRY_COLS,
               encoded_entry_rows(codec, entries, book_id, tenant_id, "posted"), encoded=True)
    write_rows(conn, JournalLine.__table__, LINE_COLS,
               encoded_line_rows(codec, entries, book_id, tenant_id, posted=True), encoded=True)
    apply_balances(session, book_id, tenant_id, entries)


__all__ = ["insert", "NewEntry", "NewLine", "insert_posted", "write_rows"]
