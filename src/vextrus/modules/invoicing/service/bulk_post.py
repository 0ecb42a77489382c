"""Posting many drafts at once (month-end: the vendor bills or invoices selected on the list), in one unit of
work: load the drafts and their lines set-based → guard each by the single post's rules (`domain.check_post`,
VAT again from the tax module on the invoice date, the approval gate) → number them (one reservation per
series) → post their journals through `finance.api.post_bulk` (built by the single post's `journal`) →
update the invoices and lines set-based → emit `invoicing.invoice.posted` for each (one outbox insert).

Each invoice is its own document, as when posted singly: a draft that cannot be posted is left a draft and
reported with the error its single post gives (code, en/bn message, field), and the others are posted. The
drafts are posted in invoice-date order (then the order they were drafted), so the numbers, journals and
balances equal posting them one by one in that order."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, select, update

from vextrus.platform import clock, collector, context
from vextrus.platform.errors import Conflict, DomainError
from vextrus.platform.i18n import format_count
from vextrus.platform.uow import UnitOfWork, command
from vextrus.platform.versioning import moved_on, moved_on_sql

from .. import approvals, domain
from ..schemas import (
    MAX_BULK_POST,
    InvoicePostedItem,
    InvoicePostRefusal,
    InvoicesPostInput,
    InvoicesPostView,
)
from ..tables import InvoiceRow, LineRow
from .invoices import _party, check_company, journal, next_seq, posted_event, reprice
from .settings import accounts_for

FINANCE_CHUNK = 1000  # entries per finance.api.post_bulk call (it gives back the entries' ids up to 1,000)
IN_CHUNK = 1000  # ids per IN (...) of a read
GC_PAUSE_MIN = 500  # drafts from which the cyclic collector is held off while the batch is built and written


_INVOICE = (InvoiceRow.id, InvoiceRow.tenant_id, InvoiceRow.company_id, InvoiceRow.kind, InvoiceRow.status,
            InvoiceRow.number, InvoiceRow.party_id, InvoiceRow.invoice_date, InvoiceRow.narration,
            InvoiceRow.fiscal_year, InvoiceRow.net, InvoiceRow.vat, InvoiceRow.gross, InvoiceRow.version)
_LINE = (LineRow.id, LineRow.invoice_id, LineRow.line_no, LineRow.description, LineRow.quantity, LineRow.unit_price,
         LineRow.discount, LineRow.vat_code, LineRow.project_id, LineRow.activity_code, LineRow.account_code,
         LineRow.net, LineRow.vat, LineRow.gross, LineRow.vat_rate)


@dataclass
class _Ready:
    """A draft that passed the guards: its columns (totals as repriced), lines, pricing and, once given, number."""

    row: Any
    stored: list[Any]
    priced: list[Any]
    totals: domain.Totals
    number: str = ""


class _Refused(Exception):
    """A journal finance refused: which of the batch (its index) and finance's error."""

    def __init__(self, index: int, error: DomainError):
        super().__init__(error.code)
        self.index, self.error = index, error


def _refusal(invoice_id: UUID, exc: DomainError) -> InvoicePostRefusal:
    return InvoicePostRefusal(invoice_id=invoice_id, code=exc.code, message=exc.message,
                              message_bn=exc.message_bn or exc.message, field=exc.field)


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[k:k + size] for k in range(0, len(items), size)]


def _drafts(uow: UnitOfWork, data: InvoicesPostInput) -> tuple[list[Any], list[InvoicePostRefusal], bool]:
    """The drafts asked for, locked (PostgreSQL), in posting order; ids not found in the company refused."""
    s = uow.session
    stmt = select(*_INVOICE).where(InvoiceRow.company_id == data.company_id).with_for_update()
    refused: list[InvoicePostRefusal] = []
    more = False
    if data.invoice_ids is not None:
        ids = list(dict.fromkeys(data.invoice_ids))
        rows = [r for part in _chunks(ids, IN_CHUNK) for r in s.execute(stmt.where(InvoiceRow.id.in_(part)))]
        found = {r.id for r in rows}
        refused = [_refusal(i, domain.InvoiceNotFound(i)) for i in ids if i not in found]
    else:
        stmt = stmt.where(InvoiceRow.status == "draft")
        if data.kind:
            stmt = stmt.where(InvoiceRow.kind == domain.kind(data.kind))
        if data.date_to is not None:
            stmt = stmt.where(InvoiceRow.invoice_date <= data.date_to)
        rows = list(s.execute(stmt.order_by(InvoiceRow.invoice_date, InvoiceRow.id).limit(MAX_BULK_POST + 1)))
        more, rows = len(rows) > MAX_BULK_POST, rows[:MAX_BULK_POST]
    rows.sort(key=lambda r: (r.invoice_date, r.id.int))  # ids count up as drafts are made (UUIDv7)
    return rows, refused, more


def _guard(uow: UnitOfWork, rows: list[Any]) -> tuple[list[_Ready], list[InvoicePostRefusal]]:
    """Each draft by the single post's guards, in its order: a draft, its lines priced again, the approval."""
    s = uow.session
    lines: dict[UUID, list[Any]] = defaultdict(list)
    for part in _chunks([r.id for r in rows if r.status == "draft"], IN_CHUNK):
        for ln in s.execute(select(*_LINE).where(LineRow.invoice_id.in_(part))
                            .order_by(LineRow.invoice_id, LineRow.line_no)):
            lines[ln.invoice_id].append(ln)
    codes: dict[UUID, str | None] = {}

    def party_code(party_id: UUID) -> str | None:
        if party_id not in codes:
            codes[party_id] = _party(party_id).code or None
        return codes[party_id]

    from vextrus.modules.tax import api as tax

    price = tax.vat_pricer()  # one rate look-up per VAT code and day for the whole batch
    priced_ok: list[_Ready] = []
    refused: list[tuple[int, InvoicePostRefusal]] = []
    for k, r in enumerate(rows):
        try:
            domain.check_post(r.status, r.number or "draft")
            stored = lines[r.id]
            priced, totals = reprice(stored, r.invoice_date, price)
        except DomainError as exc:
            refused.append((k, _refusal(r.id, exc)))
            continue
        shown = SimpleNamespace(**r._asdict())  # the workflow sees the totals as posted
        shown.net, shown.vat, shown.gross, shown.order = totals.net, totals.vat, totals.gross, k
        priced_ok.append(_Ready(shown, stored, priced, totals))
    needed = approvals.needing_approval(s, [(x.row, x.stored) for x in priced_ok], party_code)
    ready = []
    for x, need in zip(priced_ok, needed, strict=True):
        try:
            approvals.check_may_post(s, x.row, x.stored, party_code, needed=need)
        except DomainError as exc:
            refused.append((x.row.order, _refusal(x.row.id, exc)))
            continue
        ready.append(x)
    return ready, [r for _, r in sorted(refused, key=lambda kr: kr[0])]


def _number(uow: UnitOfWork, ready: list[_Ready]) -> None:
    """The gapless numbers, in posting order: one reservation per company, kind and fiscal year."""
    series: dict[tuple[UUID, str, str], list[_Ready]] = defaultdict(list)
    for x in ready:
        series[(x.row.company_id, x.row.kind, x.row.fiscal_year)].append(x)
    for (company_id, kind, year), group in series.items():
        last = next_seq(uow, group[0].row.tenant_id, company_id, kind, year, count=len(group))
        for seq, x in enumerate(group, start=last - len(group) + 1):
            x.number = domain.number(kind, year, seq)


def _index(exc: DomainError, size: int) -> int | None:
    """Which entry of a post_bulk call finance refused (its `entries[i]` path or index); its own path kept."""
    m = re.match(r"entries\[(\d+)\]\.?(.*)", exc.field or "")
    if m:
        exc.field = m.group(2) or None
        return int(m.group(1))
    index = (exc.details or {}).get("entry_index")
    if index is not None:
        return int(index)
    return 0 if size == 1 else None


def _entry_numbers(first: str | None, last: str | None, count: int) -> list[str]:
    """The numbers of a post_bulk call's entries, in their order: one journal type and fiscal year, dated in
    order, so finance numbered them consecutively from `first` to `last`."""
    prefix, _, a = (first or "").rpartition("/")
    prefix_last, _, b = (last or "").rpartition("/")
    if not (prefix and prefix == prefix_last and a.isdigit() and b.isdigit() and int(b) - int(a) + 1 == count):
        codes = " থেকে ".join((first or "", last or ""))  # the journals' numbers, as the ledger gave them
        raise Conflict("invoicing.bulk_numbers", f"The ledger numbered the journals {first} to {last}, not "
                       f"{count} in a row: post these invoices one by one",
                       f"খাতা জার্নালগুলোর নম্বর দিয়েছে {codes}, পরপর {format_count(count, 'bn')}টি নয়: চালানগুলো একটি "
                       "একটি করে পোস্ট করুন", field="invoice_ids")
    return [f"{prefix}/{n:0{len(a)}d}" if n < 10**6 else f"{prefix}/{n:09d}" for n in range(int(a), int(b) + 1)]


def _post_journals(company_id: UUID, entries: list[Any], ready: list[_Ready]) -> list[tuple[UUID, str]]:
    """Post the journals through finance.api.post_bulk as invoicing on behalf of the user, per journal type and
    fiscal year in chunks; each entry's (id, number). A refused entry raises `_Refused` (its index)."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    out: list[tuple[UUID, str]] = [None] * len(entries)  # type: ignore[list-item]
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, x in enumerate(ready):
        groups[(x.row.kind, x.row.fiscal_year)].append(i)
    for idxs in groups.values():
        for part in _chunks(idxs, FINANCE_CHUNK):
            try:
                with context.calling_as(MODULE):
                    res = finance.post_bulk(company_id, [entries[i] for i in part])
            except DomainError as exc:
                j = _index(exc, len(part))
                if j is None or j >= len(part):
                    raise
                raise _Refused(part[j], exc) from exc
            for i, eid, num in zip(part, res.ids, _entry_numbers(res.first_number, res.last_number, len(part)),
                                   strict=True):
                out[i] = (eid, num)
    return out


def _store(uow: UnitOfWork, ready: list[_Ready], posted: list[tuple[UUID, str]]) -> None:
    """The invoices numbered and posted and their lines' VAT as priced: on PostgreSQL one `UPDATE ... FROM
    unnest(arrays)` each, on SQLite one executemany each (the version moves on and is checked, as an ORM flush
    would: stale when fewer rows than given)."""
    conn, tid = uow.session.connection(), context.require_tenant()
    changed = [(ln.id, net, r.vat, net + r.vat, r.rate)
               for x in ready for ln, (_, net, r) in zip(x.stored, x.priced, strict=True)
               if (ln.net, ln.vat, ln.gross, ln.vat_rate) != (net, r.vat, net + r.vat, r.rate)]
    if conn.dialect.name == "postgresql":
        count = _store_pg(conn, tid, ready, posted, changed)
    else:
        count = _store_rows(conn, tid, ready, posted, changed)
    if count is not None and count != len(ready):
        raise Conflict("stale_version", "An invoice changed while it was being posted: post again",
                       "পোস্ট করার সময় একটি চালান বদলেছে: আবার পোস্ট করুন", field="version")


def _store_pg(conn: Any, tid: UUID, ready: list[_Ready], posted: list[tuple[UUID, str]],
              changed: list[tuple[Any, ...]]) -> int:
    """PostgreSQL: each table by one statement over arrays (an executemany is a statement per row); amounts
    through the columns' own `Amount` check and scaling. The invoices updated (for the version check)."""
    inv, line = InvoiceRow.__table__, LineRow.__table__
    money = inv.c.net.type.process_bind_param
    dialect = conn.dialect
    cols: list[list[Any]] = [[], [], [], [], [], [], [], []]
    ids, versions, numbers, entry_ids, entry_numbers, nets, vats, grosses = cols
    for x, (eid, num) in zip(ready, posted, strict=True):
        ids.append(x.row.id)
        versions.append(x.row.version)
        numbers.append(x.number)
        entry_ids.append(eid)
        entry_numbers.append(num)
        nets.append(money(x.totals.net, dialect))
        vats.append(money(x.totals.vat, dialect))
        grosses.append(money(x.totals.gross, dialect))
    res = conn.exec_driver_sql(
        f"UPDATE {inv.schema}.{inv.name} AS i SET number = u.number, status = 'posted', entry_id = u.entry_id, "
        f"entry_number = u.entry_number, net = u.net, vat = u.vat, gross = u.gross, {moved_on_sql('i')}, "
        "updated_at = %s FROM unnest(%s::uuid[], %s::int[], %s::text[], %s::uuid[], %s::text[], %s::bigint[], "
        "%s::bigint[], %s::bigint[]) AS u(id, version, number, entry_id, entry_number, net, vat, gross) "
        "WHERE i.tenant_id = %s AND i.id = u.id AND i.version = u.version", (clock.now(), *cols, tid))
    if changed:
        line_cols = [list(c) for c in zip(*changed, strict=True)]
        for k in range(1, 5):
            line_cols[k] = [line.c[("net", "vat", "gross", "vat_rate")[k - 1]].type.process_bind_param(v, dialect)
                            for v in line_cols[k]]
        conn.exec_driver_sql(
            f"UPDATE {line.schema}.{line.name} AS l SET net = u.net, vat = u.vat, gross = u.gross, "
            "vat_rate = u.vat_rate FROM unnest(%s::uuid[], %s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[]) "
            "AS u(id, net, vat, gross, vat_rate) WHERE l.tenant_id = %s AND l.id = u.id", (*line_cols, tid))
    return res.rowcount


def _store_rows(conn: Any, tid: UUID, ready: list[_Ready], posted: list[tuple[UUID, str]],
                changed: list[tuple[Any, ...]]) -> int | None:
    """SQLite: one executemany per table; the invoices updated (None when the driver cannot count them)."""
    inv, line = InvoiceRow.__table__, LineRow.__table__
    stmt = (update(inv).where(inv.c.tenant_id == tid, inv.c.id == bindparam("b_id"),
                              inv.c.version == bindparam("b_version"))
            .values(number=bindparam("b_number"), status="posted", entry_id=bindparam("b_entry_id"),
                    entry_number=bindparam("b_entry_number"), net=bindparam("b_net"), vat=bindparam("b_vat"),
                    gross=bindparam("b_gross"), version=moved_on(inv), updated_at=clock.now()))
    res = conn.execute(stmt, [{"b_id": x.row.id, "b_version": x.row.version, "b_number": x.number,
                               "b_entry_id": eid, "b_entry_number": num, "b_net": x.totals.net,
                               "b_vat": x.totals.vat, "b_gross": x.totals.gross}
                              for x, (eid, num) in zip(ready, posted, strict=True)])
    if changed:
        conn.execute(update(line).where(line.c.tenant_id == tid, line.c.id == bindparam("b_id"))
                     .values(net=bindparam("b_net"), vat=bindparam("b_vat"), gross=bindparam("b_gross"),
                             vat_rate=bindparam("b_rate")),
                     [{"b_id": i, "b_net": n, "b_vat": v, "b_gross": g, "b_rate": r} for i, n, v, g, r in changed])
    return res.rowcount if conn.dialect.supports_sane_multi_rowcount else None


@command("invoicing.invoice.post", scope="invoicing.post_invoices")
def post_invoices(uow: UnitOfWork, data: InvoicesPostInput) -> InvoicesPostView:
    """Post many drafts of one company at once (at most `MAX_BULK_POST`): those named, or the company's drafts
    the filter selects. Each is posted as `post_invoice` posts it (the same guards, numbers, journal and
    event) or reported with its error and left a draft; the rest are posted. One transaction; the journals
    through finance.api.post_bulk."""
    check_company(data.company_id)
    rows, refused, more = _drafts(uow, data)
    with collector.paused_for(len(rows), GC_PAUSE_MIN):
        return _post(uow, data, rows, refused, more)


def _post(uow: UnitOfWork, data: InvoicesPostInput, rows: list[Any], refused: list[InvoicePostRefusal],
          more: bool) -> InvoicesPostView:
    """`post_invoices` once the drafts are read: guard, number, journal, store, emit."""
    ready, bad = _guard(uow, rows)
    refused += bad
    if not ready:
        return InvoicesPostView(company_id=data.company_id, refused=refused, more=more)
    s = uow.session
    acc = accounts_for(s, data.company_id)
    while True:
        try:
            with s.begin_nested():  # a refused journal gives back the numbers taken: the series stays gapless
                _number(uow, ready)
                entries = [journal(x.row, x.number, x.priced, x.totals, acc) for x in ready]
                posted = _post_journals(data.company_id, entries, ready)
            break
        except _Refused as exc:
            refused.append(_refusal(ready[exc.index].row.id, exc.error))
            drop = {exc.index} | _also_refused(data.company_id, entries, refused, ready, exc.index)
            ready = [x for i, x in enumerate(ready) if i not in drop]
            if not ready:
                return InvoicesPostView(company_id=data.company_id, refused=refused, more=more)
    _store(uow, ready, posted)
    uow.emit_many(posted_event(x.row, x.number, eid, x.totals) for x, (eid, _) in zip(ready, posted, strict=True))
    return InvoicesPostView(
        company_id=data.company_id, refused=refused, more=more,
        posted=[InvoicePostedItem(invoice_id=x.row.id, kind=x.row.kind, number=x.number, entry_id=eid,
                                  entry_number=num, gross=x.totals.gross)
                for x, (eid, num) in zip(ready, posted, strict=True)])


def _also_refused(company_id: UUID, entries: list[Any], refused: list[InvoicePostRefusal], ready: list[_Ready],
                  known: int) -> set[int]:
    """After finance refused one journal, the others it would refuse (finance.api.check_bulk, its dry run),
    reported at once, so a batch with several bad drafts is not posted again once per bad draft."""
    from vextrus.modules.finance import api as finance

    from .. import MODULE

    with context.calling_as(MODULE):
        found = finance.check_bulk(company_id, entries)
    out = set()
    for i, exc in found:
        if i != known:
            refused.append(_refusal(ready[i].row.id, exc))
            out.add(i)
    return out
