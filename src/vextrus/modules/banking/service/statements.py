"""Statement import: bytes in (never a file on disk), bounded; refuses a statement that does not continue the
previous one or repeats lines already imported; the same statement imported twice is a no-op."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select

from vextrus.platform import context, csv_input
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query

from ..domain import bn
from ..domain import statements as st
from ..events import StatementImported
from ..repository import statement_view
from ..schemas import StatementView
from ..tables import StatementLineRow, StatementRow
from .common import load_account

IMPORT = "banking.statement.import"
VIEW = "banking.reconciliation.view"


def parse(filename: str, content: bytes) -> st.ParsedStatement:
    max_bytes = csv_input.limits()[0]
    if len(content) > max_bytes:
        raise csv_input.too_large(len(content), max_bytes)
    fmt = st.detect_format(filename, content)
    if fmt == "xlsx":
        return st.read_xlsx(content)
    if fmt == "camt053":
        return st.read_camt053(content)
    if fmt == "ofx":
        return st.read_ofx(content)
    text = csv_input.decode(content, max_bytes=max_bytes, detect=True)
    return st.read_rows((r.line, r.cells) for r in csv_input.read_rows(text, max_rows=st.MAX_LINES + 50))


@command(IMPORT, scope="banking.import_statement")
def import_statement(uow: UnitOfWork, account_id: UUID, filename: str, content: bytes,
                     opening_balance: Decimal | None = None) -> StatementView:
    account = load_account(uow, account_id, lock=True)  # one import at a time per account
    parsed = parse(filename, content)
    if opening_balance is not None and parsed.opening is None:
        parsed.opening = opening_balance
    if parsed.currency and parsed.currency.upper() != account.currency:
        raise ValidationFailed("banking.currency_mismatch",
                               f"The statement is in {parsed.currency}, the account in {account.currency}",
                               f"স্টেটমেন্টের মুদ্রা {parsed.currency}, হিসাবের {account.currency}", field="file")
    fps = st.fingerprints(parsed.lines)
    key = st.statement_key(fps)
    same = uow.session.scalar(select(StatementRow).where(StatementRow.account_id == account.id,
                                                         StatementRow.content_key == key))
    if same is not None:
        return statement_view(same, already=True)
    last = uow.session.scalar(select(StatementRow).where(StatementRow.account_id == account.id)
                              .order_by(StatementRow.seq.desc()).limit(1))
    opening, closing = st.check_balances(parsed, last.closing if last is not None else None)
    known: set[str] = set()
    for i in range(0, len(fps), 500):
        chunk = fps[i:i + 500]
        known.update(uow.session.scalars(select(StatementLineRow.fingerprint).where(
            StatementLineRow.account_id == account.id, StatementLineRow.fingerprint.in_(chunk))))
    for ln, fp in zip(parsed.lines, fps, strict=True):
        if fp in known:
            n = ln.source_line
            raise ValidationFailed("banking.duplicate_line",
                                   f"Line {n}: this line ({ln.line_date}, {ln.amount}) was already imported",
                                   f"লাইন {bn(n)}: এই লাইনটি ({bn(ln.line_date)}, {bn(ln.amount)}) আগেই ইমপোর্ট করা হয়েছে",
                                   field=f"lines[{n}].date", details={"line": n, "field": "date"})
    if last is not None and parsed.lines[0].line_date < last.date_to:
        n = parsed.lines[0].source_line
        raise ValidationFailed("banking.statement_overlaps",
                               f"Line {n}: the statement starts before the previous one ends ({last.date_to})",
                               f"লাইন {bn(n)}: স্টেটমেন্টটি আগেরটি শেষ হওয়ার ({bn(last.date_to)}) আগে শুরু হয়েছে",
                               field=f"lines[{n}].date", details={"line": n, "field": "date"})
    seq = (uow.session.scalar(select(func.max(StatementRow.seq)).where(StatementRow.account_id == account.id))
           or 0) + 1
    tenant = context.require_tenant()
    row = StatementRow(tenant_id=tenant, company_id=account.company_id, account_id=account.id, seq=seq,
                       fmt=parsed.fmt, filename=(filename or "")[:200], statement_ref=parsed.statement_ref[:100],
                       date_from=min(ln.line_date for ln in parsed.lines),
                       date_to=max(ln.line_date for ln in parsed.lines), opening=opening, closing=closing,
                       line_count=len(parsed.lines), content_key=key)
    uow.session.add(row)
    uow.session.flush()
    uow.session.add_all([
        StatementLineRow(tenant_id=tenant, account_id=account.id, statement_id=row.id, line_no=i,
                         line_date=ln.line_date, description=ln.description, reference=ln.reference,
                         amount=ln.amount, balance=ln.balance, fingerprint=fp, status="unmatched")
        for i, (ln, fp) in enumerate(zip(parsed.lines, fps, strict=True), start=1)])
    uow.session.flush()
    uow.emit(StatementImported(statement_id=row.id, account_id=account.id, date_from=row.date_from,
                               date_to=row.date_to, closing=closing, line_count=row.line_count))
    return statement_view(row)


@query(VIEW, scope="banking.list_statements")
def list_statements(uow: UnitOfWork, account_id: UUID) -> list[StatementView]:
    account = load_account(uow, account_id)
    rows = uow.session.scalars(select(StatementRow).where(StatementRow.account_id == account.id)
                               .order_by(StatementRow.seq))
    return [statement_view(r) for r in rows]
