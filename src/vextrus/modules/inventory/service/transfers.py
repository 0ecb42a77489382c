"""Transfers between stores with an in-transit state (issue 17, docs/inventory.md "Transfers in transit").

A transfer is two `transfer` moves through the existing move machinery (`moves.post_one`: position, negative-stock
check, backdated re-placing, checkpoints): dispatch = source store → the company's in-transit store (a store of
kind `transit`, created on the first dispatch); receive = in-transit store → destination, dated on or after the
dispatch. A transfer move posts no journal and leaves the company's quantity and value unchanged, so the valuation
(which counts the in-transit store) still equals the ledger's inventory account at every step."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from vextrus.platform import context, sequences
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import format_date
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..events import TransferDispatched, TransferReceived
from ..schemas import MoveInput, TransferInput, TransferReceiveInput, TransferView
from ..tables import StoreRow, TransferRow
from .moves import post_one
from .stores import TRANSIT_KIND, check_company, load_store, reached_stores

TRANSIT_CODE = "~IN-TRANSIT"  # not a code a user can give a store (domain.store_code refuses "~")
STATUSES = ("dispatched", "received")


def transit_store(uow: UnitOfWork, company_id: UUID) -> StoreRow:
    """The company's in-transit store, created on first use (kind `transit`, of no project) the way a sequence
    row is (`platform.sequences`): ``INSERT ... ON CONFLICT DO NOTHING`` on the store's unique (tenant, company,
    code), then read. Two first dispatches at once: one inserts, the other waits for it and reads its row (no
    unique-constraint error)."""
    s = uow.session
    where = (StoreRow.company_id == company_id, StoreRow.code == TRANSIT_CODE)
    row = s.scalar(select(StoreRow).where(*where))
    if row is None:
        ins = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
        s.execute(ins(StoreRow).values(tenant_id=context.require_tenant(), company_id=company_id, code=TRANSIT_CODE,
                                       name="In transit", name_bn="পরিবহনে", kind=TRANSIT_KIND, project_id=None)
                  .on_conflict_do_nothing())
        row = s.scalar(select(StoreRow).where(*where))
    return row


def next_number(uow: UnitOfWork, company_id: UUID) -> str:
    """The company's next transfer number (TR-00001) from its sequence row (`platform.sequences`, kind
    `inventory.transfer`), taken in the dispatching transaction: concurrent dispatches take turns for consecutive
    numbers, and a refused dispatch gives its number back. A company's first use starts after its transfers
    numbered before the sequence (1..count)."""
    def existing() -> int:
        return uow.session.scalar(select(func.count()).select_from(TransferRow)
                                  .where(TransferRow.company_id == company_id)) or 0

    n = sequences.next_document_number(uow.session, company_id, "inventory.transfer", start_after=existing)
    return f"TR-{n:05d}"


def _item_code(item_id: UUID) -> str:
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            return master_data.get_item(item_id).code
        except Exception as exc:
            if getattr(exc, "status", None) != 404:
                raise
            raise ValidationFailed("inventory.item_unknown", f"Item {item_id} does not exist",
                                   "এমন কোনো পণ্য নেই", field="item_id") from exc


def _destination(uow: UnitOfWork, store_id: UUID, company_id: UUID) -> StoreRow:
    """The destination named at dispatch: the company's (not the in-transit store), any project's (the source's
    store keeper sends to another site; the site's keeper receives)."""
    row = uow.session.get(StoreRow, store_id)
    if row is None or row.company_id != company_id:
        raise ValidationFailed("inventory.store_unknown", f"Store {store_id} does not exist in this company",
                               "এই কোম্পানিতে এমন কোনো গুদাম নেই", field="to_store_id")
    if row.kind == TRANSIT_KIND:
        raise ValidationFailed("inventory.transit_store", "Goods in transit move only by receiving their transfer",
                               "পরিবহনে থাকা মাল শুধু স্থানান্তর গ্রহণ করে সরানো যায়", field="to_store_id")
    if not row.active:
        raise ValidationFailed("inventory.store_inactive", f"Store {row.code} is inactive",
                               f"গুদাম {row.code} নিষ্ক্রিয়", field="to_store_id")
    return row


@command("inventory.move.post", scope="inventory.dispatch_transfer")
def dispatch_transfer(uow: UnitOfWork, data: TransferInput) -> TransferView:
    """Stock leaves the source store at once (at the moving average) into the company's in-transit store."""
    check_company(data.company_id)
    if data.from_store_id == data.to_store_id:
        raise ValidationFailed("inventory.transfer_same_store", "A transfer goes to another store",
                               "স্থানান্তর অন্য গুদামে যায়", field="to_store_id")
    source = load_store(uow, data.from_store_id, data.company_id, "from_store_id")
    dest = _destination(uow, data.to_store_id, data.company_id)
    domain.check_move(domain.Move("transfer", str(source.id), data.quantity, None, str(dest.id)))  # quantity > 0
    code = _item_code(data.item_id)
    transit = transit_store(uow, data.company_id)
    move = MoveInput(company_id=data.company_id, item_id=data.item_id, kind="transfer", move_date=data.dispatch_date,
                     store_id=source.id, to_store_id=transit.id, quantity=data.quantity, memo=data.memo)
    mv, _ = post_one(uow, move, code, source, transit)
    s = uow.session
    row = TransferRow(tenant_id=context.require_tenant(), company_id=data.company_id,
                      number=next_number(uow, data.company_id),
                      item_id=data.item_id, item_code=code, from_store_id=source.id, to_store_id=dest.id,
                      transit_store_id=transit.id, quantity=data.quantity, value=abs(mv.moved_value), status="dispatched",
                      dispatch_date=data.dispatch_date, dispatch_move_id=mv.id, dispatched_by=context.current().user_id,
                      memo=data.memo.strip())
    s.add(row)
    s.flush()
    uow.emit(TransferDispatched(transfer_id=row.id, company_id=row.company_id, number=row.number, item_id=row.item_id,
                                from_store_id=row.from_store_id, to_store_id=row.to_store_id, quantity=row.quantity,
                                dispatch_date=row.dispatch_date, move_id=mv.id))
    return _view(s, row)


@command("inventory.move.post", scope="inventory.receive_transfer")
def receive_transfer(uow: UnitOfWork, transfer_id: UUID, data: TransferReceiveInput) -> TransferView:
    """The goods arrive at the destination: in-transit store → destination store, dated on or after the dispatch;
    by a user who reaches the destination (typically its site's store keeper). Received once (409 after)."""
    s = uow.session
    row = _load(uow, transfer_id)
    if row.status == "received":
        raise Conflict("inventory.transfer_received", f"Transfer {row.number} was already received",
                       f"স্থানান্তর {row.number} আগেই গ্রহণ করা হয়েছে", field="transfer_id",
                       details={"receive_date": str(row.receive_date)})
    check_version(row, data.expected_version, f"transfer {row.number}")
    if data.receive_date < row.dispatch_date:
        raise ValidationFailed("inventory.receive_before_dispatch",
                               f"Received before it was dispatched ({row.dispatch_date})",
                               f"পাঠানোর ({format_date(row.dispatch_date, 'bn')}) আগে গ্রহণ করা যায় না",
                               field="receive_date",
                               details={"dispatch_date": str(row.dispatch_date)})
    dest = load_store(uow, row.to_store_id, row.company_id, "to_store_id")  # 403 for a store out of reach
    transit = s.get(StoreRow, row.transit_store_id)
    move = MoveInput(company_id=row.company_id, item_id=row.item_id, kind="transfer", move_date=data.receive_date,
                     store_id=transit.id, to_store_id=dest.id, quantity=row.quantity, memo=f"{row.number}")
    mv, _ = post_one(uow, move, row.item_code, transit, dest)
    row.status, row.receive_date, row.receive_move_id = "received", data.receive_date, mv.id
    row.received_by = context.current().user_id
    s.flush()
    uow.emit(TransferReceived(transfer_id=row.id, company_id=row.company_id, number=row.number,
                              receive_date=data.receive_date, move_id=mv.id))
    return _view(s, row)


def _load(uow: UnitOfWork, transfer_id: UUID) -> TransferRow:
    row = uow.session.get(TransferRow, transfer_id)
    if row is None:
        raise domain.Missing("transfer", "স্থানান্তর", transfer_id)
    context.require_company(row.company_id, "transfer", transfer_id)
    reached = reached_stores(uow, row.company_id)
    if reached is not None and row.from_store_id not in reached and row.to_store_id not in reached:
        raise domain.Missing("transfer", "স্থানান্তর", transfer_id)
    return row


@query("inventory.stock.view")
def get_transfer(uow: UnitOfWork, transfer_id: UUID) -> TransferView:
    return _view(uow.session, _load(uow, transfer_id))


@query("inventory.stock.view")
def list_transfers(uow: UnitOfWork, company_id: UUID, status: str | None = None) -> list[TransferView]:
    """The company's transfers (those touching a reached store for a role assigned for some projects), the
    oldest dispatch first; `status=dispatched`: what is on the road."""
    context.require_company(company_id, "company", company_id, field="company_id")
    if status is not None and status not in STATUSES:
        raise ValidationFailed("inventory.transfer_status_invalid", "The status is dispatched or received",
                               "অবস্থা পাঠানো অথবা গৃহীত হবে", field="status")
    stmt = select(TransferRow).where(TransferRow.company_id == company_id)
    if status:
        stmt = stmt.where(TransferRow.status == status)
    reached = reached_stores(uow, company_id)
    if reached is not None:
        stmt = stmt.where(or_(TransferRow.from_store_id.in_(reached), TransferRow.to_store_id.in_(reached)))
    rows = uow.session.scalars(stmt.order_by(TransferRow.dispatch_date, TransferRow.number)).all()
    codes = dict(uow.session.execute(select(StoreRow.id, StoreRow.code).where(StoreRow.company_id == company_id)).all())
    return [_view(uow.session, r, codes) for r in rows]


def _view(s, row: TransferRow, codes: dict | None = None) -> TransferView:  # noqa: ANN001
    if codes is None:
        codes = dict(s.execute(select(StoreRow.id, StoreRow.code).where(
            StoreRow.id.in_([row.from_store_id, row.to_store_id]))).all())
    return TransferView(id=row.id, company_id=row.company_id, number=row.number, item_id=row.item_id,
                        item_code=row.item_code, from_store_id=row.from_store_id,
                        from_store_code=codes.get(row.from_store_id, ""), to_store_id=row.to_store_id,
                        to_store_code=codes.get(row.to_store_id, ""), quantity=row.quantity, value=row.value,
                        status=row.status, dispatch_date=row.dispatch_date, dispatch_move_id=row.dispatch_move_id,
                        dispatched_by=row.dispatched_by, receive_date=row.receive_date,
                        receive_move_id=row.receive_move_id, received_by=row.received_by, memo=row.memo,
                        version=row.version)
