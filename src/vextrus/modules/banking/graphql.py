"""The banking subgraph (small: accounts, statement lines, the reconciliation report), types from the DTOs."""

from __future__ import annotations

from datetime import date

import strawberry

from vextrus.platform.graphql import Connection, Subgraph, dto_type, to_connection
from vextrus.platform.ids import parse_id

from . import service
from .schemas import BankAccountView, ReconciliationReportView, ReportItemView, StatementLineView


@dto_type(BankAccountView, name="BankingAccount", keys=["id"])
class BankAccount:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> BankAccount:  # noqa: A002
        return cls.of(service.get_account(parse_id(id, "id")))


@dto_type(StatementLineView, name="BankingStatementLine")
class StatementLine:
    id: strawberry.ID


@dto_type(ReportItemView, name="BankingReportItem")
class ReportItem:
    id: strawberry.ID


@dto_type(ReconciliationReportView, name="BankingReconciliation")
class Reconciliation:
    pass


@strawberry.type
class BankingQuery:
    @strawberry.field
    def banking_accounts(self, first: int = 50, after: str | None = None) -> Connection[BankAccount]:
        return to_connection(service.list_accounts(first, after), BankAccount.of)

    @strawberry.field
    def banking_statement_lines(self, account_id: strawberry.ID, status: str | None = None,
                                limit: int = 500) -> list[StatementLine]:
        return [StatementLine.of(v) for v in service.statement_lines(parse_id(account_id, "account_id"), status,
                                                                     limit)]

    @strawberry.field
    def banking_reconciliation(self, account_id: strawberry.ID, as_of: date | None = None) -> Reconciliation:
        return Reconciliation.from_pydantic(service.reconciliation_report(parse_id(account_id, "account_id"),
                                                                          as_of))


SUBGRAPH = Subgraph(query=BankingQuery, types=(BankAccount, StatementLine, ReportItem, Reconciliation))
