"""Matching statement lines to ledger lines, and the reconciliation identity. Pure.

Signs: a statement line's amount is positive for a deposit (the bank credits the customer); a ledger line's
amount is debit less credit on the bank's ledger account, so a deposit is a debit in the books: the two
agree in sign."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class StmtLine:
    id: UUID
    line_date: date
    amount: Decimal
    reference: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class BookLine:
    id: UUID
    entry_id: UUID
    entry_date: date
    amount: Decimal  # debit - credit
    text: str = ""  # entry number, narration, reference and memo


@dataclass(frozen=True, slots=True)
class Suggestion:
    statement_line_id: UUID
    journal_line_id: UUID
    entry_id: UUID
    score: int
    days_apart: int
    reference_found: bool


_WORD = re.compile(r"[A-Za-z0-9]+")


def _ref_in(reference: str, text: str) -> bool:
    ref = "".join(_WORD.findall(reference or "")).lower()
    if len(ref) < 3:
        return False
    return ref in "".join(_WORD.findall(text or "")).lower() or ref.lstrip("0") in text.lower()


def suggest(stmt: Sequence[StmtLine], book: Sequence[BookLine], window: int = 3, per_line: int = 5
            ) -> dict[UUID, list[Suggestion]]:
    """For each statement line, the book lines of exactly the same amount and sign within `window` days, best
    first: 100, less 10 a day apart, plus 50 when the line's reference (cheque number) is in the entry's text."""
    by_amount: dict[Decimal, list[BookLine]] = defaultdict(list)
    for b in book:
        by_amount[b.amount].append(b)
    out: dict[UUID, list[Suggestion]] = {}
    for s in stmt:
        found = []
        for b in by_amount.get(s.amount, ()):
            days = abs((b.entry_date - s.line_date).days)
            if days > window:
                continue
            ref = _ref_in(s.reference, b.text)
            found.append(Suggestion(s.id, b.id, b.entry_id, 100 - 10 * days + (50 if ref else 0), days, ref))
        found.sort(key=lambda x: (-x.score, x.days_apart, str(x.journal_line_id)))
        if found:
            out[s.id] = found[:per_line]
    return out


@dataclass(frozen=True, slots=True)
class Item:
    id: UUID
    on: date
    amount: Decimal
    text: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    as_of: date
    statement_balance: Decimal
    book_balance: Decimal
    opening_difference: Decimal  # first statement's opening less the books before that statement began
    outstanding_cheques: list[Item]  # book credits not yet on the statement (amounts negative)
    deposits_in_transit: list[Item]  # book debits not yet on the statement
    unmatched_statement_lines: list[Item]  # on the statement, not in the books

    @property
    def adjusted_book_balance(self) -> Decimal:
        """book + opening difference - what the bank has not seen + what the books have not seen."""
        pending = sum((i.amount for i in self.outstanding_cheques + self.deposits_in_transit), ZERO)
        unseen = sum((i.amount for i in self.unmatched_statement_lines), ZERO)
        return self.book_balance + self.opening_difference - pending + unseen

    @property
    def difference(self) -> Decimal:
        return self.statement_balance - self.adjusted_book_balance


def reconcile(as_of: date, first_opening: Decimal, statement_start: date | None,
              stmt: Iterable[StmtLine], book: Iterable[BookLine], matches: Iterable[tuple[UUID, UUID]]
              ) -> Report:
    """The reconciliation as of a day. A match group (one statement line and its book lines) counts as cleared
    only when the statement line and all its book lines are dated on or before `as_of`; everything else in the
    window is an adjustment, so book + adjustments = statement holds exactly by construction."""
    stmt = [s for s in stmt if s.line_date <= as_of]
    book = [b for b in book if b.entry_date <= as_of]
    all_books = {b.id for b in book}
    groups: dict[UUID, list[UUID]] = defaultdict(list)
    for s_id, b_id in matches:
        groups[s_id].append(b_id)
    stmt_ids = {s.id for s in stmt}
    cleared_stmt = {s for s, bs in groups.items() if s in stmt_ids and all(b in all_books for b in bs)}
    cleared_book = {b for s in cleared_stmt for b in groups[s]}
    before = [b for b in book if statement_start is not None and b.entry_date < statement_start
              and b.id not in cleared_book]
    before_ids = {b.id for b in before}
    in_window = [b for b in book if b.id not in cleared_book and b.id not in before_ids]
    book_before = sum((b.amount for b in before), ZERO)
    pending = [Item(b.id, b.entry_date, b.amount, b.text) for b in in_window]
    return Report(
        as_of=as_of,
        statement_balance=first_opening + sum((s.amount for s in stmt), ZERO),
        book_balance=sum((b.amount for b in book), ZERO),
        opening_difference=first_opening - book_before,
        outstanding_cheques=[i for i in pending if i.amount < 0],
        deposits_in_transit=[i for i in pending if i.amount > 0],
        unmatched_statement_lines=[Item(s.id, s.line_date, s.amount, s.description) for s in stmt
                                   if s.id not in cleared_stmt],
    )
