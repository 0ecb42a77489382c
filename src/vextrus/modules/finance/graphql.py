"""The finance subgraph: federated `Account` and `JournalEntry` entities, entries as a Connection,
the financial statements (`graphql_reports`), and mutations that take an idempotency key."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from vextrus.platform import context
from vextrus.platform.graphql import Connection, Subgraph, dto_input, dto_type, to_connection
from vextrus.platform.ids import parse_id
from vextrus.platform.uow import unit_of_work

from . import graphql_reports as reports
from . import service
from .service import rates
from .tables import Account as AccountRow
from .tables import JournalEntry as EntryRow

# Types and inputs derive from the service's DTOs (schemas.py): a field added there appears here, and
# tests/platform/test_dto_parity.py fails when the two part.

@dto_type(service.AccountView, keys=["id"])
class Account:
    id: strawberry.ID

    @classmethod
    def of(cls, a: service.AccountView | AccountRow) -> Account:
        return cls.from_pydantic(a if isinstance(a, service.AccountView) else service.account_view(a))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Account | None:  # noqa: A002
        context.current().require("finance.account.view")
        with unit_of_work() as uow:
            row = uow.session.get(AccountRow, parse_id(id, "id"))
            return cls.of(row) if row and service.book_visible(uow, row.book_id) else None


@dto_type(service.LineView)
class JournalLine:
    pass


@dto_type(service.EntryView, keys=["id"])
class JournalEntry:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> JournalEntry | None:  # noqa: A002
        context.current().require("finance.journal.view")
        with unit_of_work() as uow:
            row = uow.session.get(EntryRow, parse_id(id, "id"))
            return cls.of(service._entry_view(uow, row)) if row and service.book_visible(uow, row.book_id) else None


@dto_type(service.RateView)
class ExchangeRate:
    pass


@dto_type(service.RecurringView)
class RecurringEntry:
    id: strawberry.ID


@strawberry.type
class FinanceQuery:
    @strawberry.field(description="Chart of accounts of a company book")
    def ledger_accounts(self, book: str) -> list[Account]:
        return [Account.of(a) for a in service.list_accounts(book)]

    @strawberry.field(description="Journal entries of a book, newest first by id")
    def journal_entries(self, book: str, first: int = 50, after: str | None = None) -> Connection[JournalEntry]:
        return to_connection(service.page_entries(book, first, after), JournalEntry.of)  # the page's lines in one query

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
        return [ExchangeRate.of(r) for r in rates.list_rates(book, currency, min(limit, 5000))]

    @strawberry.field(description="Recurring entries (rent, depreciation) and when each is next posted")
    def recurring_entries(self, book: str) -> list[RecurringEntry]:
        return [RecurringEntry.of(r) for r in service.list_recurring(book)]


@dto_input(service.AccountInput)
class AccountInput:
    pass


@dto_input(service.LineIn)
class JournalLineInput:
    pass


@dto_input(service.EntryIn)
class JournalEntryInput:
    pass


def _entry_in(i: JournalEntryInput) -> service.EntryIn:
    return i.to_pydantic()


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
        return Account.of(service.create_account(book, input.to_pydantic(),
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
