"""The write path every posting takes: period check, gapless numbers, Core inserts, balance upserts.

One function (`insert_posted`) serves the single-entry service commands, the bulk API and the
plain-text import, so there is one place where lines are written and the projection moves with
them, in the caller's transaction. Numbers come from a row per book × journal type × fiscal year,
locked with SELECT ... FOR UPDATE on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from vextrus.platform import clock, context
from vextrus.platform.ids import new_id

from .domain.errors import LedgerError
from .domain.fiscal import PeriodState, check_can_post
from .domain.numbering import format_document_number
from .tables import Balance, FiscalYear, JournalEntry, JournalLine, Period, Sequence

ZERO = Decimal(0)
DIMENSIONS = ("cost_centre_id", "project_id", "department_id", "party_id")


@dataclass
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

    def for_date(self, d: date, fld: str = "entry_date") -> PeriodRef:
        for p in self.periods:
            if p.start <= d <= p.end:
                return p
        raise LedgerError("fiscal_year_missing", f"No fiscal year of this book contains {d.isoformat()}; "
                          "open the fiscal year first.", f"{d.isoformat()} তারিখের কোনো অর্থবছর খোলা নেই।",
                          field=fld, details={"date": d.isoformat()})


def load_calendar(session: Session, book_id: UUID) -> Calendar:
    rows = session.execute(
        select(Period.id, Period.fiscal_year_id, FiscalYear.label, Period.number, Period.start_date, Period.end_date,
               Period.state)
        .join(FiscalYear, FiscalYear.id == Period.fiscal_year_id)
        .where(Period.book_id == book_id).order_by(Period.start_date)
    ).all()
    return Calendar([PeriodRef(*r) for r in rows])


@dataclass
class NewLine:
    account_id: UUID
    commodity: str
    quantity: Decimal  # signed, debit positive
    base_debit: Decimal
    base_credit: Decimal
    rate: Decimal = Decimal(1)
    memo: str = ""
    price_commodity: str | None = None
    price: Decimal | None = None
    cost_commodity: str | None = None
    cost_quantity: Decimal | None = None
    dims: dict[str, UUID | None] = field(default_factory=dict)

    @property
    def value_commodity(self) -> str:
        return self.cost_commodity if self.cost_commodity is not None else self.commodity

    @property
    def value_quantity(self) -> Decimal:
        return self.cost_quantity if self.cost_quantity is not None else self.quantity


@dataclass
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


def dim_key(dims: dict[str, Any], closing: bool = False) -> str:
    key = "|".join(str(dims.get(d) or "") for d in DIMENSIONS)
    key = "" if key == "|||" else key
    return key + ("#closing" if closing else "")


def check_periods(entries: list[NewEntry], cal: Calendar, allow_closed: bool = False) -> None:
    for i, e in enumerate(entries):
        p = cal.for_date(e.entry_date)
        state = PeriodState(p.state)
        if allow_closed and state is PeriodState.CLOSED:
            pass
        else:
            try:
                check_can_post(state, e.journal_type, p.code)
            except LedgerError as exc:
                if len(entries) > 1:
                    exc.details["entry_index"] = i
                raise
        e.period = p


def allocate_numbers(session: Session, book_id: UUID, tenant_id: UUID, entries: list[NewEntry]) -> None:
    """Give each entry the next number of its journal type and fiscal year, gaplessly."""
    groups: dict[tuple[str, UUID, str], list[NewEntry]] = defaultdict(list)
    for e in entries:
        assert e.period is not None
        groups[(e.journal_type, e.period.fiscal_year_id, e.period.fy_label)].append(e)
    dialect = session.get_bind().dialect.name
    ins = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for (jtype, fy_id, label), group in sorted(groups.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        session.execute(ins(Sequence.__table__).values(
            book_id=book_id, journal_type=jtype, fiscal_year_id=fy_id, tenant_id=tenant_id, last_value=0,
        ).on_conflict_do_nothing())
        last = session.execute(
            select(Sequence.last_value).where(Sequence.book_id == book_id, Sequence.journal_type == jtype,
                                              Sequence.fiscal_year_id == fy_id).with_for_update()
        ).scalar_one()
        group.sort(key=lambda e: (e.entry_date, str(e.id)))
        for n, e in enumerate(group, start=last + 1):
            e.number = format_document_number(jtype, label, n, width=6 if n < 10**6 else 9)
        session.execute(update(Sequence.__table__).where(
            Sequence.book_id == book_id, Sequence.journal_type == jtype, Sequence.fiscal_year_id == fy_id,
        ).values(last_value=last + len(group)))


def line_rows(e: NewEntry, book_id: UUID, tenant_id: UUID, posted: bool) -> list[dict[str, Any]]:
    assert e.period is not None
    return [{
        "id": new_id(), "tenant_id": tenant_id, "entry_id": e.id, "book_id": book_id, "line_no": i + 1,
        "account_id": ln.account_id, "entry_date": e.entry_date, "period_id": e.period.id, "posted": posted,
        "commodity": ln.commodity, "quantity": ln.quantity, "rate": ln.rate, "price_commodity": ln.price_commodity,
        "price": ln.price, "cost_commodity": ln.cost_commodity, "cost_quantity": ln.cost_quantity,
        "base_debit": ln.base_debit, "base_credit": ln.base_credit, "memo": ln.memo[:1000],
        **{d: ln.dims.get(d) for d in DIMENSIONS},
    } for i, ln in enumerate(e.lines)]


def entry_row(e: NewEntry, book_id: UUID, tenant_id: UUID, status: str) -> dict[str, Any]:
    assert e.period is not None
    now = clock.now()
    ctx = context.current()
    return {
        "id": e.id, "tenant_id": tenant_id, "book_id": book_id, "number": e.number or None,
        "journal_type": e.journal_type, "entry_date": e.entry_date, "period_id": e.period.id, "status": status,
        "narration": e.narration[:2000], "reference": e.reference[:200], "payee": e.payee[:200], "mark": e.mark,
        "code": e.code[:60], "source": e.source, "reverses_id": e.reverses_id, "reversed_by_id": None,
        "auto_reverse_on": e.auto_reverse_on, "posted_at": now if status != "draft" else None,
        "posted_by": ctx.actor if status != "draft" else None, "version": 1, "created_at": now, "updated_at": now,
    }


def apply_balances(session: Session, book_id: UUID, tenant_id: UUID, entries: list[NewEntry]) -> None:
    """Add the entries' lines to the projection with one aggregated upsert per key."""
    agg: dict[tuple[Any, ...], list[Any]] = {}
    for e in entries:
        assert e.period is not None
        closing = e.journal_type == "closing"
        for ln in e.lines:
            key = (ln.account_id, e.period.id, ln.value_commodity, dim_key(ln.dims, closing))
            row = agg.get(key)
            if row is None:
                agg[key] = [ln.base_debit, ln.base_credit, ln.value_quantity, 1, ln.dims]
            else:
                row[0] += ln.base_debit
                row[1] += ln.base_credit
                row[2] += ln.value_quantity
                row[3] += 1
    upsert_balances(session, book_id, tenant_id, agg)


def upsert_balances(session: Session, book_id: UUID, tenant_id: UUID, agg: dict[tuple[Any, ...], list[Any]]) -> None:
    if not agg:
        return
    dialect = session.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Balance.__table__)
    t = Balance.__table__
    stmt = ins.on_conflict_do_update(
        index_elements=[t.c.book_id, t.c.account_id, t.c.period_id, t.c.commodity, t.c.dim_key],
        set_={"base_debit": t.c.base_debit + ins.excluded.base_debit,
              "base_credit": t.c.base_credit + ins.excluded.base_credit,
              "quantity": t.c.quantity + ins.excluded.quantity,
              "line_count": t.c.line_count + ins.excluded.line_count},
    )
    rows = []
    for (account_id, period_id, commodity, key), (dr, cr, qty, n, dims) in sorted(
            agg.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]), kv[0][2], kv[0][3])):
        rows.append({"book_id": book_id, "account_id": account_id, "period_id": period_id, "commodity": commodity,
                     "dim_key": key, "tenant_id": tenant_id, "base_debit": dr, "base_credit": cr, "quantity": qty,
                     "line_count": n, **{d: dims.get(d) for d in DIMENSIONS}})
    session.execute(stmt, rows)


def insert_posted(session: Session, book_id: UUID, tenant_id: UUID, entries: list[NewEntry], *,
                  allow_closed: bool = False, cal: Calendar | None = None) -> None:
    """Post already-validated entries: numbers, entry and line rows, projection — all in this transaction."""
    if not entries:
        return
    cal = cal or load_calendar(session, book_id)
    check_periods(entries, cal, allow_closed)
    allocate_numbers(session, book_id, tenant_id, entries)
    session.execute(insert(JournalEntry.__table__), [entry_row(e, book_id, tenant_id, "posted") for e in entries])
    session.execute(insert(JournalLine.__table__),
                    [r for e in entries for r in line_rows(e, book_id, tenant_id, posted=True)])
    apply_balances(session, book_id, tenant_id, entries)
