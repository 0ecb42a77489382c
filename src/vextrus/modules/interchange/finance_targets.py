"""Finance's targets, into the active company's book through `finance.api` (finance keeps its rules and
checks its own permissions): the chart of accounts (`check_accounts` is the dry run, `create_accounts`
adds them all or nothing, groups and their children in any order) and journal entries with opening
balances (`check_bulk` is the dry run, `post_bulk` posts all or nothing with `finance.journal.import`).

One row is one journal line. Rows with the same *entry* value are one entry (they need not be adjacent);
a row without one continues the entry above it, so a sheet exported from another ledger, where only an
entry's first line carries its number, reads as it looks. Date, type, narration and reference are read
from an entry's first row. Opening balances are an entry of type `opening` dated the first day of the
year, one line per account.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from vextrus.platform import context, forms, i18n
from vextrus.platform.errors import DomainError, ValidationFailed

from .domain import Field, ImportTarget, RowProblem, register_target
from .domain.errors import RowsRefused
from .domain.targets import Progress, Rows

JOURNAL_FIELDS = (
    Field("entry", "Entry", "এন্ট্রি", aliases=("entry no", "entry number", "voucher", "voucher no", "jv no",
                                                 "transaction", "ভাউচার", "ভাউচার নং", "এন্ট্রি নং")),
    Field("entry_date", "Date", "তারিখ", type="date", aliases=("date", "voucher date", "posting date")),
    Field("journal_type", "Type", "ধরন", aliases=("type", "journal type", "journal")),
    Field("narration", "Narration", "বিবরণ", aliases=("description", "particulars", "বর্ণনা")),
    Field("reference", "Reference", "সূত্র", aliases=("ref", "ref no", "cheque no")),
    Field("account_code", "Account", "হিসাব", required=True,
          aliases=("account", "account code", "a/c", "a/c code", "ledger", "হিসাব কোড")),
    Field("debit", "Debit", "ডেবিট", type="money", aliases=("dr", "debit amount", "ডেবিট টাকা")),
    Field("credit", "Credit", "ক্রেডিট", type="money", aliases=("cr", "credit amount", "ক্রেডিট টাকা")),
    Field("memo", "Line memo", "লাইনের নোট", aliases=("memo", "line narration", "note")),
    Field("currency", "Currency", "মুদ্রা", aliases=("ccy",)),
    Field("rate", "Exchange rate", "বিনিময় হার", type="number", aliases=("rate", "fx rate")),
)
_LABELS = {f.name: (f.label, f.label_bn) for f in JOURNAL_FIELDS}
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), start=1)}
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2}|[A-Za-z]{3})[/.-](\d{4})$")


def _date(text: str, fld: str) -> date:
    """ISO (2025-07-01, also with a time as a spreadsheet writes it) or day first, as Bangladesh writes
    dates: 01/07/2025, 01-07-2025, 01.07.2025, 01-Jul-2025."""
    raw = i18n.to_ascii_digits(text).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", raw):
        parsed = forms.day(raw[:10], fld, label=_LABELS["entry_date"][0], label_bn=_LABELS["entry_date"][1])
        assert parsed is not None
        return parsed
    m = _DAY_FIRST.match(raw)
    if m:
        d, mon, y = m.groups()
        month = _MONTHS.get(mon.lower()) if mon.isalpha() else int(mon)
        try:
            if month:
                return date(int(y), month, int(d))
        except ValueError:
            pass
    raise ValidationFailed("date_invalid", f"Date: '{text}' is not a date (2025-07-01 or 01/07/2025)",
                           f"তারিখ: '{text}' তারিখ নয় (২০২৫-০৭-০১ বা ০১/০৭/২০২৫)", field=fld)


def _money(text: str, fld: str) -> Decimal:
    label, label_bn = _LABELS[fld]
    value = forms.decimal(text, fld, label=label, label_bn=label_bn)
    return Decimal(0) if value is None else value


def _entries(rows: Rows) -> tuple[list[Any], list[list[tuple[int, dict[str, str]]]], list[RowProblem]]:
    """(EntryIn per entry, the rows of each entry, problems of rows that could not be read at all)."""
    from vextrus.modules.finance import api as finance

    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    current: str | None = None
    for n, values in rows:
        key = values.get("entry", "").strip()
        if key:
            current = key
        elif current is None:
            current = f"#row{n}"  # the sheet starts without an entry number: its first row opens one
        groups.setdefault(current, []).append((n, values))
    entries, members, problems = [], [], []
    for grouped in groups.values():
        head = grouped[0][1]
        try:
            lines = []
            for n, v in grouped:
                try:
                    lines.append(finance.LineIn(
                        account_code=v["account_code"].strip(), debit=_money(v.get("debit", ""), "debit"),
                        credit=_money(v.get("credit", ""), "credit"), memo=v.get("memo", "").strip(),
                        currency=v.get("currency", "").strip().upper() or None,
                        rate=forms.decimal(v.get("rate", ""), "rate", label=_LABELS["rate"][0],
                                           label_bn=_LABELS["rate"][1])))
                except DomainError as exc:
                    raise _AtRow(n, exc) from None
            if not head.get("entry_date", "").strip():
                raise _AtRow(grouped[0][0], ValidationFailed(
                    "required", "Date: an entry's first row needs its date",
                    "তারিখ: এন্ট্রির প্রথম সারিতে তারিখ দিন", field="entry_date"))
            try:
                entry = finance.EntryIn(
                    journal_type=head.get("journal_type", "").strip().lower() or "general",
                    entry_date=_date(head["entry_date"], "entry_date"),
                    narration=head.get("narration", "").strip(), reference=head.get("reference", "").strip(),
                    lines=lines)
            except DomainError as exc:
                raise _AtRow(grouped[0][0], exc) from None
        except _AtRow as bad:
            problems.extend(_whole_entry(grouped, bad.row, bad.error))
            continue
        entries.append(entry)
        members.append(grouped)
    return entries, members, problems


class _AtRow(Exception):
    def __init__(self, row: int, error: DomainError):
        super().__init__(error.message)
        self.row, self.error = row, error


def _field_of(error: DomainError) -> tuple[int | None, str | None]:
    """`lines[2].debit` → (2, "debit"); an entry-level field → (None, field)."""
    fld = error.field or ""
    m = re.match(r"^lines\[(\d+)\]\.?(.*)$", fld)
    if m:
        name = m.group(2) or None
        return int(m.group(1)), {"account": "account_code"}.get(name or "", name)
    return None, fld or None


def _whole_entry(grouped: list[tuple[int, dict[str, str]]], row: int, error: DomainError) -> list[RowProblem]:
    """The problem on its row, and every other row of the entry refused with it: an entry goes in whole or
    not at all ("valid rows only" must not post half of one)."""
    _line, fld = _field_of(error)
    out = [RowProblem(row=row, code=error.code, message=error.message, message_bn=error.message_bn,
                      field=fld if fld in _LABELS else None)]
    first = grouped[0][0]
    for n, _v in grouped:
        if n != row:
            out.append(RowProblem(row=n, code="interchange.entry_refused",
                                  message=f"Part of the entry starting on row {first}, which is refused",
                                  message_bn=f"সারি {i18n.to_bangla_digits(str(first))}-এ শুরু হওয়া এন্ট্রির অংশ, যা বাতিল"))
    return out


def _company() -> Any:
    cid = context.current().company_id
    if cid is None:
        raise ValidationFailed("company_missing", "Choose a company first: entries go into its ledger",
                               "আগে একটি কোম্পানি বেছে নিন: এন্ট্রি তার খাতায় যাবে", field="company_id")
    return cid


def _row_problem(n: int, error: DomainError) -> RowProblem:
    fld = (error.field or "").split(".")[-1] or None
    return RowProblem(row=n, code=error.code, message=error.message, message_bn=error.message_bn,
                      field=fld if fld in _ACCOUNT_FIELDS else None)


def check(rows: Rows, progress: Progress | None) -> list[RowProblem]:
    from vextrus.modules.finance import api as finance

    entries, members, problems = _entries(rows)
    for i, error in finance.check_bulk(_company(), entries):
        line, _fld = _field_of(error)
        grouped = members[i]
        row = grouped[line][0] if line is not None and line < len(grouped) else grouped[0][0]
        problems.extend(_whole_entry(grouped, row, error))
    if progress:
        progress("check", len(rows), len(rows))
    return sorted(problems, key=lambda p: p.row)


def commit(rows: Rows, progress: Progress | None) -> list[str]:
    from vextrus.modules.finance import api as finance

    entries, _members, problems = _entries(rows)
    if problems:
        raise RowsRefused(problems)
    result = finance.post_bulk(_company(), entries)
    if progress:
        progress("commit", len(rows), len(rows))
    return [str(i) for i in result.ids]


JOURNAL = register_target(ImportTarget(
    name="finance.journal", title="Journal entries and opening balances", title_bn="জাবেদা এন্ট্রি ও প্রারম্ভিক জের",
    fields=JOURNAL_FIELDS, permission="finance.journal.import", check_rows=check, commit_rows=commit))


ACCOUNT_FIELDS = (
    Field("code", "Code", "কোড", required=True, aliases=("account code", "a/c code", "gl code", "হিসাব কোড")),
    Field("name", "Name", "নাম", required=True, aliases=("account name", "account", "হিসাবের নাম")),
    Field("name_bn", "Name in Bangla", "বাংলায় নাম", aliases=("bangla name", "বাংলা নাম")),
    Field("account_type", "Type", "ধরন", required=True, aliases=("type", "account type", "class", "হিসাবের ধরন")),
    Field("subtype", "Subtype", "উপধরন", aliases=("sub type", "category")),
    Field("parent_code", "Parent", "মূল হিসাব", aliases=("parent", "parent code", "group", "under")),
    Field("is_group", "Group account", "গ্রুপ হিসাব", aliases=("group account", "is group", "header")),
    Field("currency", "Currency", "মুদ্রা", aliases=("ccy",)),
)
_ACCOUNT_FIELDS = {f.name for f in ACCOUNT_FIELDS}
_YES = {"yes", "y", "true", "1", "group", "হ্যাঁ", "x"}


def _account_inputs(rows: Rows) -> tuple[list[tuple[int, Any]], list[RowProblem]]:
    from vextrus.modules.finance import api as finance

    out, problems = [], []
    for n, v in rows:
        try:
            out.append((n, finance.AccountInput(
                code=v["code"].strip(), name=v["name"].strip(), name_bn=v.get("name_bn", "").strip(),
                account_type=v["account_type"].strip(), subtype=v.get("subtype", "").strip() or None,
                parent_code=v.get("parent_code", "").strip() or None,
                is_group=i18n.to_ascii_digits(v.get("is_group", "")).strip().lower() in _YES,
                currency=v.get("currency", "").strip().upper() or None)))
        except ValueError as exc:  # pydantic: a field longer than it may be
            problems.append(RowProblem(row=n, code="value_invalid", message=str(exc).splitlines()[0],
                                       message_bn="একটি ঘরের মান সঠিক নয়"))
    return out, problems


def check_accounts(rows: Rows, progress: Progress | None) -> list[RowProblem]:
    from vextrus.modules.finance import api as finance

    inputs, problems = _account_inputs(rows)
    for i, error in finance.check_accounts(_company(), [a for _n, a in inputs]):
        problems.append(_row_problem(inputs[i][0], error))
    return sorted(problems, key=lambda p: p.row)


def commit_accounts(rows: Rows, progress: Progress | None) -> list[str]:
    from vextrus.modules.finance import api as finance

    inputs, problems = _account_inputs(rows)
    if problems:
        raise RowsRefused(problems)
    return [a.code for a in finance.create_accounts(_company(), [a for _n, a in inputs])]


ACCOUNTS = register_target(ImportTarget(
    name="finance.accounts", title="Chart of accounts", title_bn="হিসাবের তালিকা", fields=ACCOUNT_FIELDS,
    permission="finance.account.create", check_rows=check_accounts, commit_rows=commit_accounts))
