"""The finance subgraph: federated `Account` and `JournalEntry` entities, entries as a Connection,
the financial statements (`graphql_reports`), and mutations that take an idempotency key."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import strawberry
from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.graphql import Connection, Subgraph, to_connection
from vextrus.platform.ids import parse_id
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import unit_of_work

from . import graphql_reports as reports
from . import service
from .service import rates
from .tables import Account as AccountRow
from .tables import JournalEntry as EntryRow


@strawberry.federation.type(keys=["id"])
class Account:
    id: strawberry.ID
    code: str
    name: str
    name_bn: str
    account_type: str
    subtype: str | None
    parent_code: str | None
    is_group: bool
    is_active: bool
    currency: str | None

    @classmethod
    def of(cls, a: service.AccountView | AccountRow) -> Account:
        return cls(id=strawberry.ID(str(a.id)), code=a.code, name=a.name, name_bn=a.name_bn,
                   account_type=a.account_type, subtype=a.subtype, parent_code=a.parent_code, is_group=a.is_group,
                   is_active=a.is_active, currency=a.currency)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Account | None:  # noqa: A002
        context.current().require("finance.account.view")
        with unit_of_work() as uow:
            row = uow.session.get(AccountRow, parse_id(id, "id"))
            return cls.of(row) if row and service.book_visible(uow, row.book_id) else None


@strawberry.type
class JournalLine:
    line_no: int
    account_code: str
    account_name: str
    commodity: str
    quantity: Decimal
    base_debit: Decimal
    base_credit: Decimal
    memo: str
    project_id: UUID | None = None
    activity_code: str | None = None


@strawberry.federation.type(keys=["id"])
class JournalEntry:
    id: strawberry.ID
    number: str | None
    journal_type: str
    entry_date: date
    status: str
    narration: str
    total: Decimal
    lines: list[JournalLine]

    @classmethod
    def of(cls, v: service.EntryView) -> JournalEntry:
        return cls(id=strawberry.ID(str(v.id)), number=v.number, journal_type=v.journal_type, entry_date=v.entry_date,
                   status=v.status, narration=v.narration, total=v.total,
                   lines=[JournalLine(line_no=ln.line_no, account_code=ln.account_code, account_name=ln.account_name,
                                      commodity=ln.commodity, quantity=ln.quantity, base_debit=ln.base_debit,
                                      base_credit=ln.base_credit, memo=ln.memo, project_id=ln.project_id,
                                      activity_code=ln.activity_code) for ln in v.lines])

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> JournalEntry | None:  # noqa: A002
        context.current().require("finance.journal.view")
        with unit_of_work() as uow:
            row = uow.session.get(EntryRow, parse_id(id, "id"))
            return cls.of(service._entry_view(uow, row)) if row and service.book_visible(uow, row.book_id) else None


@strawberry.type
class ExchangeRate:
    currency: str
    rate_date: date
    rate: Decimal
    source: str


@strawberry.type
class RecurringEntry:
    id: strawberry.ID
    name: str
    journal_type: str
    next_date: date
    end_date: date | None
    interval_months: int
    total: Decimal
    is_active: bool

    @classmethod
    def of(cls, r: service.RecurringView) -> RecurringEntry:
        return cls(id=strawberry.ID(str(r.id)), name=r.name, journal_type=r.journal_type, next_date=r.next_date,
                   end_date=r.end_date, interval_months=r.interval_months, total=r.total, is_active=r.is_active)


@strawberry.type
class FinanceQuery:
    @strawberry.field(description="Chart of accounts of a company book")
    def ledger_accounts(self, book: str) -> list[Account]:
        return [Account.of(a) for a in service.list_accounts(book)]

    @strawberry.field(description="Journal entries of a book, newest first by id")
    def journal_entries(self, book: str, first: int = 50, after: str | None = None) -> Connection[JournalEntry]:
        context.current().require("finance.journal.view")
        with unit_of_work() as uow:
            b = service.get_book(uow, book)
            page = paginate(uow.session, select(EntryRow).where(EntryRow.book_id == b.id), EntryRow.id, first=first,
                            after=after, convert=UUID)
            return to_connection(page, lambda e: JournalEntry.of(service._entry_view(uow, e)))

    @strawberry.field
    def journal_entry(self, book: str, entry: str) -> JournalEntry:
        return JournalEntry.of(service.get_entry(book, entry))

    trial_balance = strawberry.field(resolver=reports.trial_balance,
                                     description="Trial balance of a window (by dimension; compare: period|year)")
    income_statement = strawberry.field(resolver=reports.income_statement,
                                        description="Profit and loss of a window; compare: period|year")
    balance_sheet = strawberry.field(resolver=reports.balance_sheet,
                                     description="Balance sheet at a date; compare: period|year")
    cash_flow = strawberry.field(resolver=reports.cash_flow,
                                 description="Cash-flow statement (indirect) of a window; compare: period|year")
    general_ledger = strawberry.field(resolver=reports.general_ledger,
                                      description="One account's lines with a running balance (the drill-down)")

    @strawberry.field(description="Exchange rates of a book, newest first (value of one unit in base currency)")
    def exchange_rates(self, book: str, currency: str | None = None, limit: int = 500) -> list[ExchangeRate]:
        return [ExchangeRate(currency=r.currency, rate_date=r.rate_date, rate=r.rate, source=r.source)
                for r in rates.list_rates(book, currency, min(limit, 5000))]

    @strawberry.field(description="Recurring entries (rent, depreciation) and when each is next posted")
    def recurring_entries(self, book: str) -> list[RecurringEntry]:
        return [RecurringEntry.of(r) for r in service.list_recurring(book)]


@strawberry.input
class AccountInput:
    code: str
    name: str
    account_type: str  # asset | liability | equity | income | expense
    subtype: str | None = None
    name_bn: str = ""
    parent_code: str | None = None
    is_group: bool = False
    currency: str | None = None


@strawberry.input
class JournalLineInput:
    account_code: str
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    currency: str | None = None
    rate: Decimal | None = None
    memo: str = ""
    cost_centre_id: UUID | None = None
    project_id: UUID | None = None
    activity_code: str | None = None
    department_id: UUID | None = None
    party_id: UUID | None = None


@strawberry.input
class JournalEntryInput:
    entry_date: date
    lines: list[JournalLineInput]
    journal_type: str = "general"
    narration: str = ""
    reference: str = ""


def _entry_in(i: JournalEntryInput) -> service.EntryIn:
    return service.EntryIn(journal_type=i.journal_type, entry_date=i.entry_date, narration=i.narration,
                           reference=i.reference, lines=[service.LineIn(**vars(ln)) for ln in i.lines])


@strawberry.type
class FinanceMutation:
    @strawberry.mutation
    def post_journal_entry(self, book: str, input: JournalEntryInput,  # noqa: A002
                           idempotency_key: str | None = None) -> JournalEntry:
        return JournalEntry.of(service.post_entry(book, _entry_in(input), idempotency_key=idempotency_key))

    @strawberry.mutation
    def save_journal_draft(self, book: str, input: JournalEntryInput,  # noqa: A002
                           idempotency_key: str | None = None) -> JournalEntry:
        return JournalEntry.of(service.create_draft(book, _entry_in(input), idempotency_key=idempotency_key))

    @strawberry.mutation
    def reverse_journal_entry(self, book: str, entry: str, reversal_date: date,
                              idempotency_key: str | None = None) -> JournalEntry:
        return JournalEntry.of(service.reverse_entry(book, entry, reversal_date, idempotency_key=idempotency_key))

    @strawberry.mutation(description="Add an account (or a group) to the chart")
    def create_account(self, book: str, input: AccountInput,  # noqa: A002
                       idempotency_key: str | None = None) -> Account:
        return Account.of(service.create_account(book, service.AccountInput(**vars(input)),
                                                 idempotency_key=idempotency_key))

    @strawberry.mutation(description="Rename an account; `version` refuses overwriting someone else's edit")
    def update_account(self, book: str, code: str, name: str, name_bn: str = "", version: int | None = None,
                       idempotency_key: str | None = None) -> Account:
        return Account.of(service.update_account(book, code, service.AccountUpdate(
            name=name, name_bn=name_bn, version=version), idempotency_key=idempotency_key))

    @strawberry.mutation(description="Deactivate (refused while it has a balance) or reactivate an account")
    def set_account_active(self, book: str, code: str, active: bool, idempotency_key: str | None = None) -> Account:
        return Account.of(service.set_account_active(book, code, active, idempotency_key=idempotency_key))

    @strawberry.mutation(description="Enter the value of one unit of a currency in base currency on a date")
    def set_exchange_rate(self, book: str, currency: str, rate_date: date, rate: Decimal,
                          idempotency_key: str | None = None) -> ExchangeRate:
        value = service.set_rate(book, currency, rate_date, rate, idempotency_key=idempotency_key)
        return ExchangeRate(currency=currency.strip(), rate_date=rate_date, rate=value, source="entered")

    @strawberry.mutation(description="Unrealised FX revaluation at a period end, reversed the next day "
                                     "(null when no foreign balance moved)")
    def run_revaluation(self, book: str, as_of: date, idempotency_key: str | None = None) -> JournalEntry | None:
        e = service.revalue(book, as_of, idempotency_key=idempotency_key)
        return JournalEntry.of(e) if e else None

    @strawberry.mutation(description="Year-end close: income and expense into retained earnings")
    def close_fiscal_year(self, book: str, fiscal_year: str, idempotency_key: str | None = None) -> JournalEntry:
        return JournalEntry.of(service.close_fiscal_year(book, fiscal_year, idempotency_key=idempotency_key))

    @strawberry.mutation(description="Undo a year-end close (the reason is recorded)")
    def reopen_fiscal_year(self, book: str, fiscal_year: str, reason: str,
                           idempotency_key: str | None = None) -> JournalEntry:
        return JournalEntry.of(service.reopen_fiscal_year(book, fiscal_year, reason, idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=FinanceQuery, mutation=FinanceMutation, types=(Account, JournalEntry))
