"""Searching the audit trail: filters, free text (the database's own full-text search), object
history, export to CSV or Excel."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import NotFound, ValidationFailed
from vextrus.platform.i18n import format_count
from vextrus.platform.uow import UnitOfWork, query

from ..repository import Filters, search_statement
from ..schemas import AuditPage, AuditRecordView, AuditSearch
from ..tables import AuditRecord

DHAKA = ZoneInfo("Asia/Dhaka")
MAX_PAGE = 200
MAX_EXPORT = 100_000  # rows in one export (an Excel sheet holds ~1M; a request's work stays bounded)


def view(row: AuditRecord) -> AuditRecordView:
    return AuditRecordView(
        id=row.id, seq=row.seq, event_id=row.event_id, event_name=row.event_name, occurred_at=row.occurred_at,
        actor=row.actor, request_id=row.request_id, client_address=row.client_address, object_type=row.object_type,
        object_id=row.object_id, object_label=row.object_label, action=row.action, changes=row.changes or {},
        before_known=row.before_known, hash=row.hash, prev_hash=row.prev_hash)


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time(0), DHAKA).astimezone(UTC)


def filters_of(s: AuditSearch) -> Filters:
    if s.date_from and s.date_to and s.date_to < s.date_from:
        raise ValidationFailed("audit_dates_reversed", "The end date is before the start date",
                               "শেষ তারিখ শুরুর তারিখের আগে", field="date_to")
    return Filters(object_type=s.object_type or None, object_id=s.object_id or None, actor=s.actor or None,
                   action=s.action or None, date_from=_day_start(s.date_from) if s.date_from else None,
                   date_to=_day_start(s.date_to + timedelta(days=1)) if s.date_to else None,
                   text=(s.text or "").strip() or None, company_id=context.company_scope())


def _cursor(value: str | None) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise ValidationFailed("cursor_invalid", "The page cursor is not valid", "পৃষ্ঠার কার্সর সঠিক নয়", field="after")
    return int(value)


@query("audit.record.view", scope="audit.search")
def search(uow: UnitOfWork, criteria: AuditSearch | None = None, *, after: str | None = None,
           limit: int = 50) -> AuditPage:
    """Newest first; `after` is the `next_cursor` of the previous page."""
    return _page(uow, criteria, after, limit)


def _page(uow: UnitOfWork, criteria: AuditSearch | None, after: str | None, limit: int) -> AuditPage:
    tid = context.require_tenant()
    limit = max(1, min(limit, MAX_PAGE))
    stmt = search_statement(uow.session, tid, filters_of(criteria or AuditSearch()))
    before = _cursor(after)
    if before is not None:
        stmt = stmt.where(AuditRecord.seq < before)
    rows = list(uow.session.execute(stmt.order_by(AuditRecord.seq.desc()).limit(limit + 1)).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    return AuditPage(items=[view(r) for r in rows], next_cursor=str(rows[-1].seq) if more and rows else None)


@query("audit.record.view", scope="audit.history")
def history(uow: UnitOfWork, object_type: str, object_id: str, *, after: str | None = None,
            limit: int = 100) -> AuditPage:
    """Everything recorded about one object, newest first (the history tab of any object's page)."""
    if not object_type or not object_id:
        raise ValidationFailed("audit_object_missing", "Name the object (type and id)",
                               "অবজেক্ট উল্লেখ করুন (ধরন ও আইডি)", field="object_id")
    return _page(uow, AuditSearch(object_type=object_type, object_id=object_id), after, limit)


@query("audit.record.view", scope="audit.get")
def get_record(uow: UnitOfWork, record_id: UUID) -> AuditRecordView:
    row = uow.session.execute(select(AuditRecord).where(AuditRecord.id == record_id)).scalar_one_or_none()
    scope = context.company_scope()
    if row is None or (scope is not None and row.company_id not in (None, scope)):
        raise NotFound("audit record", record_id)
    return view(row)


EXPORT_COLUMNS = ("seq", "occurred_at", "actor", "object_type", "object_id", "object_label", "action",
                  "changes", "request_id", "client_address", "event_name", "event_id", "hash")
EXPORT_HEADINGS = {
    "en": ("No.", "When (UTC)", "Who", "Object type", "Object id", "Object", "Action", "Changes",
           "Request", "Address", "Event", "Event id", "Hash"),
    "bn": ("ক্রম", "সময় (UTC)", "কে", "অবজেক্টের ধরন", "অবজেক্ট আইডি", "অবজেক্ট", "কাজ", "পরিবর্তন",
           "অনুরোধ", "ঠিকানা", "ইভেন্ট", "ইভেন্ট আইডি", "হ্যাশ"),
}


def _cells(r: AuditRecord) -> list[Any]:
    return [r.seq, r.occurred_at.isoformat(timespec="seconds"), r.actor, r.object_type, r.object_id, r.object_label,
            r.action, json.dumps(r.changes or {}, ensure_ascii=False, sort_keys=True), r.request_id or "",
            r.client_address or "", r.event_name, str(r.event_id), r.hash]


@query("audit.record.export", scope="audit.export")
def export(uow: UnitOfWork, criteria: AuditSearch | None, fmt: str = "csv") -> tuple[bytes, str, str]:
    """The whole search (oldest first) as CSV (UTF-8 with BOM, opens in Excel with Bangla intact) or
    XLSX: (content, media type, file name)."""
    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed("audit_export_format", "Export as csv or xlsx", "csv বা xlsx হিসেবে রপ্তানি করুন",
                               field="format")
    tid = context.require_tenant()
    ctx = context.current()
    headings = EXPORT_HEADINGS["bn" if ctx.locale == "bn" else "en"]
    stmt = search_statement(uow.session, tid, filters_of(criteria or AuditSearch()))
    rows = uow.session.execute(stmt.order_by(AuditRecord.seq).limit(MAX_EXPORT + 1)).scalars()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(headings)
        for n, r in enumerate(rows):
            if n == MAX_EXPORT:
                raise _too_many()
            w.writerow(_cells(r))
        return ("\ufeff" + buf.getvalue()).encode("utf-8"), "text/csv; charset=utf-8", f"audit-{stamp}.csv"
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Audit")
    bold = book.add_format({"bold": True, "font_name": "Noto Sans Bengali"})
    plain = book.add_format({"font_name": "Noto Sans Bengali"})
    sheet.write_row(0, 0, headings, bold)
    sheet.freeze_panes(1, 0)
    for n, r in enumerate(rows, start=1):
        if n > MAX_EXPORT:
            book.close()
            raise _too_many()
        sheet.write_row(n, 0, _cells(r), plain)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 6, 22)
    sheet.set_column(7, 7, 60)
    book.close()
    return out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"audit-{stamp}.xlsx"


def _too_many() -> ValidationFailed:
    return ValidationFailed("audit_export_too_large",
                            f"More than {MAX_EXPORT:,} records match: narrow the search (dates, object, action)",
                            f"{format_count(MAX_EXPORT, 'bn')}টির বেশি রেকর্ড মিলেছে: খোঁজ সংকীর্ণ করুন (তারিখ, অবজেক্ট, কাজ)",
                            field="date_from", details={"limit": MAX_EXPORT})
