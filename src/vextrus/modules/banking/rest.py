"""REST: /api/v1/banking/... (thin: the service decides everything). The statement upload's path ends in
`/import`, so the platform's body limit treats it as an upload; the raw body is the file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from vextrus.platform.http import idempotency_key
from vextrus.platform.request_bounds import RawBody
from vextrus.platform.rest import CursorPage, VersionCheck, created

from . import service
from .schemas import (
    BankAccountChange,
    BankAccountInput,
    BankAccountView,
    BookLineView,
    MatchInput,
    PostAndMatchInput,
    ReconciliationReportView,
    StatementLineView,
    StatementView,
    SuggestionView,
)

router = APIRouter()


class BankAccountPatch(BankAccountChange, VersionCheck):
    pass


class MatchBody(VersionCheck):
    journal_line_ids: list[UUID] = Field(min_length=1, max_length=100)


class PostAndMatchBody(BaseModel):
    contra_account_code: str = Field(max_length=40)
    narration: str = Field(default="", max_length=500)


@router.get("/accounts", response_model=CursorPage[BankAccountView])
def list_accounts(first: int = 50, after: str | None = None) -> CursorPage[BankAccountView]:
    page = service.list_accounts(first, after)
    return CursorPage[BankAccountView](items=page.items, end_cursor=page.end_cursor,
                                       has_next_page=page.has_next_page)


@router.post("/accounts", response_model=BankAccountView, status_code=201)
def create_account(body: BankAccountInput, request: Request, response: Response,
                   key: str | None = Depends(idempotency_key)) -> BankAccountView:
    view = service.create_account(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/accounts/{account_id}", response_model=BankAccountView)
def get_account(account_id: UUID) -> BankAccountView:
    return service.get_account(account_id)


@router.patch("/accounts/{account_id}", response_model=BankAccountView)
def change_account(account_id: UUID, body: BankAccountPatch, key: str | None = Depends(idempotency_key)
                   ) -> BankAccountView:
    data = BankAccountChange.model_validate(body.model_dump(exclude={"expected_version"}, exclude_unset=True))
    return service.change_account(account_id, data, body.expected_version, idempotency_key=key)


@router.post("/accounts/{account_id}/statements/import", response_model=StatementView, status_code=201)
def import_statement(account_id: UUID, content: RawBody, response: Response, filename: str = "",
                     opening_balance: Decimal | None = None,
                     key: str | None = Depends(idempotency_key)) -> StatementView:
    """The raw body is the statement file (CSV, XLSX, camt.053 XML or OFX; `?filename=` helps tell them apart).
    Importing the same statement again answers 200 with `already_imported`."""
    view = service.import_statement(account_id, filename, content, opening_balance, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/banking/accounts/{account_id}/statements"
    if view.already_imported:
        response.status_code = 200
    return view


@router.get("/accounts/{account_id}/statements", response_model=list[StatementView])
def list_statements(account_id: UUID) -> list[StatementView]:
    return service.list_statements(account_id)


@router.get("/accounts/{account_id}/lines", response_model=list[StatementLineView])
def statement_lines(account_id: UUID, status: str | None = None, limit: int = 500) -> list[StatementLineView]:
    return service.statement_lines(account_id, status, limit)


@router.get("/accounts/{account_id}/book-lines", response_model=list[BookLineView])
def book_lines(account_id: UUID, unmatched_only: bool = True) -> list[BookLineView]:
    return service.book_lines(account_id, unmatched_only)


@router.get("/accounts/{account_id}/suggestions", response_model=dict[UUID, list[SuggestionView]])
def suggestions(account_id: UUID, window_days: int = 3) -> dict[UUID, list[SuggestionView]]:
    return service.suggestions(account_id, window_days)


@router.get("/accounts/{account_id}/reconciliation", response_model=ReconciliationReportView)
def reconciliation(account_id: UUID, as_of: date | None = None) -> ReconciliationReportView:
    return service.reconciliation_report(account_id, as_of)


@router.post("/lines/{line_id}/match", response_model=StatementLineView)
def match(line_id: UUID, body: MatchBody, key: str | None = Depends(idempotency_key)) -> StatementLineView:
    return service.match(MatchInput(statement_line_id=line_id, journal_line_ids=body.journal_line_ids),
                         body.expected_version, idempotency_key=key)


@router.post("/lines/{line_id}/unmatch", response_model=StatementLineView)
def unmatch(line_id: UUID, key: str | None = Depends(idempotency_key)) -> StatementLineView:
    return service.unmatch(line_id, idempotency_key=key)


@router.post("/lines/{line_id}/post-and-match", response_model=StatementLineView)
def post_and_match(line_id: UUID, body: PostAndMatchBody, key: str | None = Depends(idempotency_key)
                   ) -> StatementLineView:
    return service.post_and_match(PostAndMatchInput(statement_line_id=line_id, **body.model_dump()),
                                  idempotency_key=key)
