"""Company books and their chart of accounts: a company's book (created with the chart template the
first time it is asked for), accounts created, renamed, deactivated, listed."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select

from vextrus.platform import context
from vextrus.platform.changes import field_changes
from vextrus.platform.errors import DomainError, NotFound
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from ..domain import accounts as dacc
from ..domain import fiscal as dfis
from ..domain.books import check_book_code
from ..domain.errors import LedgerError
from ..events import AccountCreated, AccountDeactivated, AccountUpdated, BookCreated
from ..schemas import AccountInput, AccountUpdate, AccountView, BookView
from ..tables import Account, Balance, Book, Currency
from .lookups import account_view, account_views, accounts_of, book_view_of, domain_account, get_book


@command("finance.book.manage", scope="finance.ensure_book")
def ensure_book(uow: UnitOfWork, code: str, name: str | None = None, company_id: UUID | None = None,
                template: str | None = dacc.TEMPLATE_BD_CONSTRUCTION, fy_start_month: int = 7,
                base_commodity: str = "BDT") -> BookView:
    """The company's book, created (with the chart template) the first time it is asked for.
    A user acting in a company reaches only that company's book, and a book they create (with no
    company named, e.g. a plain-text import) belongs to their active company."""
    scope = context.company_scope()
    fresh = False
    if scope is not None:
        context.require_company(company_id or scope, "company", company_id, field="company_id")
        if uow.session.execute(select(Book.id).where(Book.code == code)).first() is not None:
            return book_view_of(get_book(uow, code))  # another company's code: NotFound, as for its books
        fresh, company_id = company_id is None, scope  # a new code with no company named: a new book
    q = select(Book).where(Book.company_id == company_id) if company_id else select(Book).where(Book.code == code)
    existing = None if fresh else uow.session.execute(q).scalars().first()
    if existing is not None:
        return book_view_of(existing)
    if company_id is not None:  # a book kept under the company's code (CLI import) becomes the company's
        by_code = uow.session.execute(select(Book).where(Book.code == code, Book.company_id.is_(None))
                                      ).scalars().first()
        if by_code is not None:
            by_code.company_id = company_id
            uow.session.flush()
            return book_view_of(by_code)
    dfis.FiscalCalendar(fy_start_month)
    check_book_code(code)
    b = Book(code=code, name=name or code, company_id=company_id, base_currency="BDT",
             base_commodity=base_commodity, fy_start_month=fy_start_month)
    uow.session.add(b)
    uow.session.flush()
    uow.session.add(Currency(book_id=b.id, code=base_commodity, name="Bangladeshi taka", decimals=2))
    if template:
        for a in dacc.load_template(template):
            currency = "USD" if "bank_foreign" in a.tags else None
            uow.session.add(Account(book_id=b.id, code=a.code, name=a.name, name_bn=a.name_bn,
                                    account_type=a.account_type.value, subtype=a.subtype.value if a.subtype else None,
                                    parent_code=a.parent_code, is_group=a.is_group, is_active=True,
                                    currency=currency, tags=list(a.tags)))
        uow.session.add(Currency(book_id=b.id, code="USD", name="US dollar", decimals=2))
    uow.session.flush()
    uow.emit(BookCreated(book_id=str(b.id), code=b.code, company_id=str(company_id) if company_id else None))
    return book_view_of(b)


@query("finance.account.view", scope="finance.list_books")
def list_books(uow: UnitOfWork) -> list[BookView]:
    """The books of the active company (every book of the tenant for system work)."""
    q = select(Book).order_by(Book.code)
    scope = context.company_scope()
    if scope is not None:
        q = q.where(Book.company_id == scope)
    return [book_view_of(b) for b in uow.session.execute(q).scalars()]


@query("finance.account.view", scope="finance.page_books")
def page_books(uow: UnitOfWork, first: int = 50, after: str | None = None) -> Page[BookView]:
    """One cursor page of the books `list_books` answers, by code (unique per tenant)."""
    q = select(Book)
    scope = context.company_scope()
    if scope is not None:
        q = q.where(Book.company_id == scope)
    page = paginate(uow.session, q, Book.code, first=first, after=after, convert=str)
    return Page([book_view_of(b) for b in page.items], page.end_cursor, page.has_next_page)


@query("finance.account.view", scope="finance.book_view")
def book_view(uow: UnitOfWork, book: UUID | str) -> BookView:
    return book_view_of(get_book(uow, book))


def _domain_account(data: AccountInput) -> dacc.Account:
    """The account an input asks for, its type and subtype read (the chart's rules are checked with the others)."""
    try:
        atype = dacc.AccountType(data.account_type.strip().lower())
        sub = dacc.AccountSubtype(data.subtype.strip().lower()) if data.subtype and data.subtype.strip() else None
    except ValueError:
        raise LedgerError("account_type_invalid", f"Unknown account type or subtype: {data.account_type} "
                          f"{data.subtype or ''}".strip() + " (asset, liability, equity, income, expense)",
                          "অজানা হিসাবের ধরন (asset, liability, equity, income, expense)", field="account_type",
                          details={"account_type": data.account_type, "subtype": data.subtype}) from None
    return dacc.Account(code=data.code.strip(), name=dacc.check_account_name(data.name), account_type=atype,
                        subtype=sub, name_bn=data.name_bn.strip(), parent_code=(data.parent_code or "").strip() or None,
                        is_group=data.is_group, currency=data.currency or None, tags=tuple(data.tags))


def _store_account(uow: UnitOfWork, b: Book, new: dacc.Account) -> Account:
    row = Account(book_id=b.id, code=new.code, name=new.name, name_bn=new.name_bn, account_type=new.account_type.value,
                  subtype=new.subtype.value if new.subtype else None, parent_code=new.parent_code,
                  is_group=new.is_group, is_active=True, currency=new.currency, tags=list(new.tags))
    uow.session.add(row)
    uow.emit(AccountCreated(book_id=str(b.id), code=row.code, account_type=row.account_type))
    return row


@command("finance.account.create", scope="finance.create_account")
def create_account(uow: UnitOfWork, book: UUID | str, data: AccountInput) -> AccountView:
    b = get_book(uow, book)
    accts = accounts_of(uow, b.id)
    new = _domain_account(data)
    dacc.validate_chart([*(domain_account(a) for a in accts.values()), new])
    row = _store_account(uow, b, new)
    uow.session.flush()
    return account_view(row)


def _chart_problems(existing: list[dacc.Account], data: list[AccountInput]
                    ) -> tuple[list[dacc.Account | None], list[tuple[int, DomainError]]]:
    """Each input as an account added to the chart, parents first whatever the order of the rows (a child
    may come before its group), with the first problem of each refused one."""
    accounts: list[dacc.Account | None] = [None] * len(data)
    problems: dict[int, DomainError] = {}
    pending: list[tuple[int, dacc.Account]] = []
    for i, d in enumerate(data):
        try:
            pending.append((i, _domain_account(d)))
        except DomainError as exc:
            problems[i] = exc
    chart = {a.code: a for a in existing}
    while pending:
        ready = [(i, a) for i, a in pending if a.parent_code is None or a.parent_code in chart
                 or not any(b.code == a.parent_code for _j, b in pending)]
        if not ready:  # parents that only name each other: each refused by the chart's rule
            ready = pending
        for i, a in ready:
            try:
                dacc.validate_chart([*chart.values(), a])
                chart[a.code] = accounts[i] = a
            except DomainError as exc:  # the chart's field (`accounts[7].parent_code`) as the row's own
                exc.field = (exc.field or "").split(".", 1)[-1] if (exc.field or "").startswith("accounts[") else exc.field
                problems[i] = exc
        done = {i for i, _a in ready}
        pending = [(i, a) for i, a in pending if i not in done]
    return accounts, sorted(problems.items())


@query("finance.account.create", scope="finance.check_accounts")
def check_accounts(uow: UnitOfWork, book: UUID | str, data: list[AccountInput]) -> list[tuple[int, DomainError]]:
    """What `create_accounts` would refuse, row by row, creating nothing: an import's dry run."""
    b = get_book(uow, book)
    return _chart_problems([domain_account(a) for a in accounts_of(uow, b.id).values()], data)[1]


@command("finance.account.create", scope="finance.create_accounts")
def create_accounts(uow: UnitOfWork, book: UUID | str, data: list[AccountInput]) -> list[AccountView]:
    """Many accounts at once (a chart from a spreadsheet), all or nothing; the first problem is raised with
    its row (`accounts[i]`)."""
    b = get_book(uow, book)
    accounts, problems = _chart_problems([domain_account(a) for a in accounts_of(uow, b.id).values()], data)
    if problems:
        i, exc = problems[0]
        exc.field = f"accounts[{i}].{exc.field}" if exc.field else f"accounts[{i}]"
        raise exc
    rows = [_store_account(uow, b, a) for a in accounts if a is not None]
    uow.session.flush()
    return [account_view(r) for r in rows]


@command("finance.account.update", scope="finance.update_account")
def update_account(uow: UnitOfWork, book: UUID | str, code: str, data: AccountUpdate) -> AccountView:
    b = get_book(uow, book)
    a = uow.session.execute(select(Account).where(Account.book_id == b.id, Account.code == code)
                            ).scalar_one_or_none()
    if a is None:
        raise NotFound("account", code, field="code")
    check_version(a, data.version, f"account {code}")  # and the UPDATE is a compare-and-set (Versioned)
    before = {"name": a.name, "name_bn": a.name_bn}
    a.name, a.name_bn = dacc.check_account_name(data.name), data.name_bn.strip()
    uow.session.flush()
    uow.emit(AccountUpdated(book_id=str(b.id), code=code,
                            changes=field_changes(before, {"name": a.name, "name_bn": a.name_bn})))
    return account_view(a)


def _account_has_balance(uow: UnitOfWork, account_id: UUID) -> bool:
    rows = uow.session.execute(
        select(Balance.commodity, func.sum(Balance.base_debit), func.sum(Balance.base_credit),
               func.sum(Balance.quantity)).where(Balance.account_id == account_id).group_by(Balance.commodity)
    ).all()
    return any((dr or 0) != (cr or 0) or (q or 0) != 0 for _c, dr, cr, q in rows)


@command("finance.account.deactivate", scope="finance.set_account_active")
def set_account_active(uow: UnitOfWork, book: UUID | str, code: str, active: bool) -> AccountView:
    b = get_book(uow, book)
    a = accounts_of(uow, b.id).get(code)
    if a is None:
        raise NotFound("account", code, field="code")
    if not active and _account_has_balance(uow, a.id):
        raise LedgerError("account_has_balance", f"Account {code} still has a balance; move it before deactivating.",
                          f"হিসাব {code}-এ এখনও স্থিতি আছে; নিষ্ক্রিয় করার আগে স্থানান্তর করুন।", field="code",
                          details={"code": code})
    a.is_active = active
    uow.session.flush()
    if not active:
        uow.emit(AccountDeactivated(book_id=str(b.id), code=code))
    return account_view(a)


@query("finance.account.view", scope="finance.list_accounts")
def list_accounts(uow: UnitOfWork, book: UUID | str) -> list[AccountView]:
    b = get_book(uow, book)
    return account_views(uow, b.id)


@query("finance.account.view", scope="finance.page_accounts")
def page_accounts(uow: UnitOfWork, book: UUID | str, first: int = 100, after: str | None = None) -> Page[AccountView]:
    """One cursor page of the book's chart, by code (unique in a book), as `list_accounts` orders it."""
    b = get_book(uow, book)
    page = paginate(uow.session, select(Account).where(Account.book_id == b.id), Account.code, first=first,
                    after=after, convert=str)
    return Page([account_view(a) for a in page.items], page.end_cursor, page.has_next_page)


def ready() -> None:
    """The module is ready when its chart template loads."""
    dacc.load_template()
