"""Document numbers from a sequence row, taken inside the caller's transaction.

`next_value(session, table, key)` is the one mechanism: an ``UPDATE ... SET last_value = last_value + n
RETURNING last_value`` on the counter row named by `key`; the row lock it takes on PostgreSQL is held until
the caller's transaction ends, so concurrent creators take turns instead of counting the same rows and
colliding on a unique number (SQLite's BEGIN IMMEDIATE already serialises writers). A missing row is
created with ``INSERT ... ON CONFLICT DO NOTHING`` (two first creators: one inserts, the other waits for it
and then updates), seeded with `start_after` (the numbers existing documents already use). A rolled-back
creation gives its number back: the series has no gaps. Any table with the key columns and an integer
`last_value` works (master data's party-code counter is one).

`DocumentSequence` is the platform's own counter table, one row per (tenant, company, document kind,
fiscal year), for modules that number documents per company (procurement's PR/RFQ/PO/GRN, sales'
bookings and receipts); `next_document_number` takes the next value of such a series."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from sqlalchemy import Integer, String, Uuid, and_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from vextrus.platform import context
from vextrus.platform.tables import PlatformBase

WHOLE_TENANT = UUID(int=0)
"""The company of a series numbered across the whole tenant (a document kind whose numbers are unique per
tenant, not per company)."""


class DocumentSequence(PlatformBase):
    """The last number given in a series: per tenant, company (`WHOLE_TENANT` for a tenant-wide series),
    document kind (`procurement.requisition`) and fiscal year ('' when the number carries none)."""

    __tablename__ = "platform_document_sequence"
    tenant_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    company_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(String(80), primary_key=True)
    fiscal_year: Mapped[str] = mapped_column(String(9), primary_key=True, default="")
    last_value: Mapped[int] = mapped_column(Integer, default=0)


def next_value(session: Session, table: Any, key: Mapping[str, Any], *, count: int = 1,
               start_after: int | Callable[[], int] = 0, column: str = "last_value") -> int:
    """The last of `count` consecutive numbers taken from the counter row `key` of `table` (an ORM class
    or Table whose integer `column` holds the last number given), in the session's transaction.
    `start_after` seeds a new row: a number, or a function called only when the row does not exist yet
    (a count of existing documents)."""
    t = getattr(table, "__table__", table)
    last = t.c[column]
    where = and_(*(t.c[k] == v for k, v in key.items()))
    bump = (update(t).where(where).values({last: last + count}).returning(last)
            .execution_options(synchronize_session=False))
    n = session.execute(bump).scalar_one_or_none()
    if n is None:
        seed = start_after() if callable(start_after) else start_after
        ins = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(ins(t).values({**key, column: seed}).on_conflict_do_nothing())
        n = session.execute(bump).scalar_one()
    return int(n)


def next_document_number(session: Session, company_id: UUID | None, kind: str, fiscal_year: str = "", *,
                         count: int = 1, start_after: int | Callable[[], int] = 0) -> int:
    """The next number of the tenant's series for `kind` in the company (None: the whole tenant) and fiscal
    year, in the caller's transaction (`next_value` on `DocumentSequence`)."""
    key = {"tenant_id": context.require_tenant(), "company_id": company_id or WHOLE_TENANT, "kind": kind,
           "fiscal_year": fiscal_year}
    return next_value(session, DocumentSequence, key, count=count, start_after=start_after)
