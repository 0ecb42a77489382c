"""A tenant's own VAT rates: added (never edited: a later rate is a new row from its date), listed, and
layered over the shipped table for every computation of that tenant (cached per process and tenant; the
cache is dropped when `tax.vat_rate.added` arrives, in every process)."""

from __future__ import annotations

import threading
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work

from .. import domain
from ..domain import DEFAULT_TABLE, RateTable, VatRate
from ..domain.rates import plain_rate
from ..events import VatRateAdded
from ..schemas import VatRateInput, VatRateView
from ..tables import VatRateRow

MANAGE = "tax.code.manage"
VIEW = "tax.calculator.view"


def _rate(row: VatRateRow) -> VatRate:
    return VatRate(row.code, row.name, row.name_bn, row.kind, plain_rate(row.rate), row.valid_from, row.valid_to,
                   row.source, row.confidence)


def _view(row: VatRateRow) -> VatRateView:
    return VatRateView(id=row.id, code=row.code, name=row.name, name_bn=row.name_bn, kind=row.kind,
                       rate=plain_rate(row.rate),
                       valid_from=row.valid_from, valid_to=row.valid_to, source=row.source, confidence=row.confidence)


class _TableCache:
    """Per-process cache of each tenant's rate table (its own rows over the shipped ones)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tables: dict[UUID, RateTable] = {}
        self.loads = 0  # how often the database was read (observable in tests)

    def table(self, tenant_id: UUID) -> RateTable:
        with self._lock:
            hit = self._tables.get(tenant_id)
        if hit is not None:
            return hit
        with unit_of_work() as uow:  # joins the caller's unit of work when there is one
            rows = uow.session.scalars(select(VatRateRow).order_by(VatRateRow.code, VatRateRow.valid_from)).all()
            table = DEFAULT_TABLE if not rows else RateTable(vat=tuple(_rate(r) for r in rows), parent=DEFAULT_TABLE)
        with self._lock:
            self.loads += 1
            self._tables[tenant_id] = table
        return table

    def invalidate(self, tenant_id: UUID | None) -> None:
        with self._lock:
            if tenant_id is None:
                self._tables.clear()
            else:
                self._tables.pop(tenant_id, None)


cache = _TableCache()


def tenant_table() -> RateTable:
    """The rate table of the tenant acting (the shipped one when none: the CLI, the bench)."""
    tenant_id = context.current().tenant_id
    return DEFAULT_TABLE if tenant_id is None else cache.table(tenant_id)


@command(MANAGE, scope="tax.add_vat_rate")
def add_vat_rate(uow: UnitOfWork, data: VatRateInput) -> VatRateView:
    """Add a VAT rate for a code from a date; it must not overlap another of the tenant's rows of that code."""
    existing = [_rate(r) for r in uow.session.scalars(select(VatRateRow)).all()]
    rate = domain.new_vat_rate(existing, data.code, data.name, data.name_bn, data.kind, domain.amount_of(
        data.rate, "rate"), data.valid_from, data.valid_to, data.source, data.confidence)
    row = VatRateRow(tenant_id=context.require_tenant(), code=rate.code, name=rate.name, name_bn=rate.name_bn,
                     kind=rate.kind, rate=rate.rate, valid_from=rate.valid_from, valid_to=rate.valid_to,
                     source=rate.source, confidence=rate.confidence)
    uow.session.add(row)
    uow.session.flush()
    uow.emit(VatRateAdded(rate_id=row.id, code=row.code, rate=rate.rate, valid_from=row.valid_from,
                          valid_to=row.valid_to))
    return _view(row)


@query(VIEW)
def list_vat_rates(uow: UnitOfWork) -> list[VatRateView]:
    """The tenant's own VAT rates, by code and date."""
    rows = uow.session.scalars(select(VatRateRow).order_by(VatRateRow.code, VatRateRow.valid_from)).all()
    return [_view(r) for r in rows]


@query(VIEW)
def get_vat_rate(uow: UnitOfWork, rate_id: UUID) -> VatRateView:
    row = uow.session.get(VatRateRow, rate_id)
    if row is None:
        raise domain.VatRateNotFound(rate_id)
    return _view(row)
