"""Tabular exports of reports: CSV and XLSX (xlsxwriter), one header row and one row per line."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for r in rows:
        w.writerow([format(v, "f") if isinstance(v, Decimal) else v for v in r])
    return buf.getvalue().encode("utf-8")


def to_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """Amounts are written as numbers with two decimals (Excel holds doubles; the CSV is the exact copy)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(title[:31])
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0.00"})
    ws.write_row(0, 0, list(header), bold)
    for i, r in enumerate(rows, start=1):
        for j, v in enumerate(r):
            if isinstance(v, Decimal):
                ws.write_number(i, j, float(v), money)
            else:
                ws.write(i, j, "" if v is None else str(v))
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 40)
    ws.set_column(2, len(header), 16)
    wb.close()
    return buf.getvalue()


def trial_balance_table(tb: Any, previous: Any = None) -> tuple[list[str], list[list[Any]]]:
    """With `previous` (the comparison window's trial balance), a last column holds each account's
    closing balance there (debit positive)."""
    header = ["account", "name", "type", "opening_debit", "opening_credit", "debit", "credit", "closing_debit",
              "closing_credit"]
    rows = [[ln.account_code, ln.name, ln.account_type, ln.opening_debit, ln.opening_credit, ln.debit, ln.credit,
             ln.closing_debit, ln.closing_credit] for ln in tb.lines]
    t = tb.totals
    rows.append(["", "Total", "", t.opening_debit, t.opening_credit, t.debit, t.credit, t.closing_debit,
                 t.closing_credit])
    if previous is not None:
        prev = {ln.account_code: ln.closing_debit - ln.closing_credit for ln in previous.lines}
        header.append("previous_closing")
        for r in rows[:-1]:
            r.append(prev.get(r[0], Decimal(0)))
        rows[-1].append("")
    return header, rows


def statement_table(sections: Sequence[Any], previous: Sequence[Any] | None = None
                    ) -> tuple[list[str], list[list[Any]]]:
    """With `previous` (the same sections of the comparison window), a last column holds their amounts."""
    rows: list[list[Any]] = []
    prev_sections = {s.key: s for s in previous} if previous is not None else {}
    for s in sections:
        p = prev_sections.get(s.key)
        prev = {ln.account_code: ln.amount for ln in p.lines} if p is not None else {}
        for ln in s.lines:
            rows.append([s.key, ln.account_code, ln.name, ln.amount, *([prev.get(ln.account_code, Decimal(0))]
                                                                      if previous is not None else [])])
        rows.append([s.key, "", "Total", s.total, *([p.total if p else Decimal(0)] if previous is not None else [])])
    return ["section", "account", "name", "amount", *(["previous_amount"] if previous is not None else [])], rows


CASH_FLOW_SECTIONS = ("non_cash_adjustments", "working_capital", "investing", "financing")


def cash_flow_table(cf: Any, previous: Any = None) -> tuple[list[str], list[list[Any]]]:
    """The statement top to bottom: net profit, the four sections with their lines and totals, operating
    cash, net change and cash at both ends; with `previous`, a last column for the comparison window."""
    def figure(label: str, name: str, value: Any) -> list[Any]:  # noqa: ANN401
        return ["", label, name, getattr(cf, value), *([getattr(previous, value)] if previous is not None else [])]

    rows = [figure("net_profit", "Net profit", "net_profit")]
    header, body = statement_table([getattr(cf, k) for k in CASH_FLOW_SECTIONS],
                                   [getattr(previous, k) for k in CASH_FLOW_SECTIONS] if previous is not None
                                   else None)
    for r in body:  # section, account, name, amount[, previous] -> the same columns
        rows.append(r)
        if r[0] == "working_capital" and r[1] == "":
            rows.append(figure("operating", "Cash from operations", "operating"))
    rows += [figure("net_change", "Net change in cash", "net_change"),
             figure("opening_cash", "Cash at the start", "opening_cash"),
             figure("closing_cash", "Cash at the end", "closing_cash")]
    return header, rows


GL_EXPORT_LIMIT = 100_000  # lines one general-ledger export lists (the page lists 5,000)


def general_ledger_table(gl: Any) -> tuple[list[str], list[list[Any]]]:
    """One account's ledger as on the page: the opening balance, each line with its running balance
    (debit positive, base currency), the closing balance; a note when the window has more lines."""
    header = ["date", "entry", "narration", "memo", "commodity", "quantity", "debit", "credit", "balance"]
    rows: list[list[Any]] = [["", "", f"{gl.account_code} {gl.name}: opening balance", "", "", "", "", "", gl.opening]]
    rows += [[ln.entry_date.isoformat(), ln.number or "", ln.narration, ln.memo, ln.commodity, ln.quantity, ln.debit,
              ln.credit, ln.balance] for ln in gl.lines]
    if gl.truncated:
        rows.append(["", "", f"only the first {len(gl.lines):,} lines are listed: narrow the dates", "", "", "", "",
                     "", ""])
    rows.append(["", "", "closing balance", "", "", "", sum((ln.debit for ln in gl.lines), Decimal(0)),
                 sum((ln.credit for ln in gl.lines), Decimal(0)), gl.closing])
    return header, rows
